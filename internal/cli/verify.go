package cli

import (
	"os"

	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/interrupt"
	"github.com/rbcheck/rbcheck/internal/pgtest"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/internal/verify"
)

func init() {
	register(&Command{
		Name:  "verify",
		Short: "prove the release verdict against a real PostgreSQL",
		Usage: "rbcheck verify (OLD..NEW | OLD.. | --old DIR --new DIR) [--dsn URL | --pg-bin DIR] [flags]",
		Long: "Verify runs the release verdict, then checks it in a scratch database: it applies OLD's migrations, " +
			"prepares and plans every exact statement OLD's code runs, applies the release's migrations (with the " +
			"constant SQL its Go code runs, in the verdict's order) and asks Postgres again. Exit 0 when both say " +
			"rollback-safe, 1 when both say roll-forward-only, when they disagree, or when it could not verify (a " +
			"schema change made from Go code it cannot apply), 2 when a migration fails to apply.",
		Args: [][2]string{
			{"OLD..NEW", "two git revisions"},
			{"OLD..", "OLD against the work tree"},
			{"--old DIR --new DIR", "two source trees, no git"},
		},
		Examples: []string{
			"rbcheck verify v2.3.0..v2.4.0 # a throwaway cluster from /usr/lib/postgresql/*/bin (newest)",
			"rbcheck verify v2.3.0..v2.4.0 --pg-bin /usr/lib/postgresql/17/bin",
			"rbcheck verify v2.3.0..v2.4.0 --dsn postgres://localhost/postgres",
			"rbcheck verify --old testdata/checkout/v2.3.0 --new testdata/checkout/v2.4.0",
		},
		Formats: []string{"text", "json"},
		Color:   true,
		Run:     runVerify,
	})
}

// Exit codes of verify: 0 when static analysis and Postgres agree the release
// is rollback-safe (or agree it is roll-forward-only and every blocking
// finding is acknowledged); 1 when they agree it is roll-forward-only, and
// for any disagreement (one of the two is wrong: a person has to look), and
// when it could not verify (a schema change made from Go code it could not
// apply: Postgres says unknown, no agreement); 2 when a migration fails to
// apply or on any other error.
func runVerify(env *Env, args []string) int {
	cmd := commands["verify"]
	f := newCheckFlags(cmd, env)
	oldDir := f.fs.String("old", "", "directory of the old release (instead of git revisions)")
	newDir := f.fs.String("new", "", "directory of the new release")
	dsn := f.fs.String("dsn", "", "PostgreSQL server to use (a scratch database is created on it and dropped after)")
	pgBin := f.fs.String("pg-bin", "", "directory with initdb and postgres: start a throwaway cluster (default: newest /usr/lib/postgresql/*/bin)")
	scratch := f.fs.Bool("i-know-this-is-scratch", false, "allow a --dsn whose database already has tables")
	superOK := f.fs.Bool("dsn-superuser-ok", false, "allow a --dsn that connects as a superuser (the migrations still run as a non-superuser role verify creates)")
	connectTimeout := f.fs.Duration("connect-timeout", verify.DefaultConnectTimeout, "give up connecting to --dsn after this long (overrides the DSN's connect_timeout)")
	stmtTimeout := f.fs.Duration("statement-timeout", verify.DefaultStatementTimeout, "statement_timeout of the migrations and the old code's statements")
	if code, ok := f.fs.parse(args); !ok {
		return code
	}
	if *dsn != "" && *pgBin != "" {
		return env.usageError(cmd, "--dsn and --pg-bin exclude each other: use a server or start one")
	}
	if *connectTimeout <= 0 || *stmtTimeout <= 0 {
		return env.usageError(cmd, "--connect-timeout and --statement-timeout must be positive durations (e.g. 10s, 5m)")
	}
	// SIGINT, SIGTERM and SIGHUP cancel ctx; the handler in
	// internal/interrupt removes the temporary directories, the throwaway
	// cluster and the scratch database and role, and exits.
	ctx := interrupt.Context()
	defer gitrev.Cleanup()

	prog := startProgress(env)
	defer prog.finish()
	prog.set("extracting the releases")
	oldT, newT, cleanup, code := verifyTrees(env, cmd, f, *oldDir, *newDir)
	defer cleanup()
	if code >= 0 {
		return code
	}
	cfg, err := f.treeConfig(env, newT)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}

	opts := verify.Options{Verdict: verdictOptions(cfg), DSN: *dsn, AllowNonEmpty: *scratch, SuperuserOK: *superOK,
		StatementTimeout: *stmtTimeout, OnNote: func(n string) { env.Notef("%s", n) }}
	if f.fs.Changed("connect-timeout") {
		opts.ConnectTimeout = *connectTimeout // else the DSN's connect_timeout, or the default
	}
	if *dsn == "" {
		bin := *pgBin
		if bin == "" {
			if bin, err = pgtest.FindBin(); err != nil {
				env.Errorf("%v\nhelp: pass --dsn for a server, or --pg-bin with the directory of initdb and postgres", err)
				return ExitError
			}
		}
		removed, err := pgtest.SweepStale()
		for _, d := range removed {
			env.Notef("removed the stale throwaway cluster %s left by an earlier run", d)
		}
		if err != nil {
			env.Notef("%v", err)
		}
		prog.set("starting a throwaway PostgreSQL from %s", bin)
		cluster, err := pgtest.Start(bin)
		if err != nil {
			env.Errorf("starting a throwaway PostgreSQL: %v", err)
			return ExitError
		}
		defer cluster.Stop()
		for _, n := range cluster.Notes {
			env.Notef("%s", n)
		}
		// The cluster's own superuser only creates and drops the scratch
		// database and role; the migrations run as that role.
		opts.DSN, opts.SuperuserOK = cluster.DSN("postgres"), true
	}

	prog.set("checking %s against %s, then in PostgreSQL: migrations applied, the old code's statements prepared", newT.Label, oldT.Label)
	rep, err := verify.Run(ctx, oldT, newT, opts)
	prog.finish()
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	switch f.format {
	case "json":
		if err := verify.JSON(env.Stdout, rep); err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
	default:
		if err := report.VerdictStyle(env.Stdout, "text", rep.Static, env.style()); err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
		// verify.Text prints SQL and Postgres' messages, which quote
		// identifiers: escaped like every text output
		verify.Text(report.EscapeWriter{W: env.Stdout}, rep)
	}
	switch {
	case rep.Postgres.AllAfterGoMigrations():
		return ExitFindings // unknown: not checkable, not an error of the migrations
	case len(rep.Postgres.MigrationErrors) > 0:
		return ExitError
	case !rep.Agreement:
		return ExitFindings
	case rep.Postgres.Verdict == verdict.RollForwardOnly && (!rep.Static.Acknowledged || cfg.Release.FailOnAcknowledged):
		return ExitFindings
	}
	return ExitOK
}

// verifyTrees resolves the two releases like the check command: --old/--new
// directories, or OLD..NEW revisions (OLD.. for the work tree). code is -1
// on success.
func verifyTrees(env *Env, cmd *Command, f *checkFlags, oldDir, newDir string) (oldT, newT verdict.Tree, cleanup func(), code int) {
	cleanup = func() {}
	if oldDir != "" || newDir != "" {
		if oldDir == "" || newDir == "" || f.fs.NArg() > 0 {
			return oldT, newT, cleanup, env.usageError(cmd, "--old and --new go together and take no range: rbcheck verify --old DIR --new DIR")
		}
		for _, d := range []string{oldDir, newDir} {
			if st, err := os.Stat(absIn(env, d)); err != nil || !st.IsDir() {
				env.Errorf("%s is not a directory", d)
				return oldT, newT, cleanup, ExitError
			}
		}
		return verdict.Tree{Root: absIn(env, oldDir), Label: oldDir}, verdict.Tree{Root: absIn(env, newDir), Label: newDir}, cleanup, -1
	}
	if f.fs.NArg() != 1 {
		return oldT, newT, cleanup, env.usageError(cmd, "expected one range OLD..NEW (or --old DIR --new DIR), got %d arguments", f.fs.NArg())
	}
	oldRev, newRev, ok := gitrev.ParseRange(f.fs.Arg(0))
	if !ok || oldRev == "" {
		return oldT, newT, cleanup, badRange(env, cmd, f.fs.Arg(0))
	}
	repo, err := openRepo(env)
	if err != nil {
		env.Errorf("%v", err)
		return oldT, newT, cleanup, ExitError
	}
	// both read from the object database: nothing is written
	oldT, err = gitTree(repo, oldRev)
	if err != nil {
		env.Errorf("%v", err)
		return oldT, newT, cleanup, ExitError
	}
	if newRev == "" {
		if repo.Bare {
			env.Errorf("%s.. compares with the work tree, and a bare repository has none: name both revisions (OLD..NEW)", oldRev)
			return oldT, newT, cleanup, ExitError
		}
		return oldT, verdict.Tree{Root: repo.Top, Label: "work tree"}, cleanup, -1
	}
	newT, err = gitTree(repo, newRev)
	if err != nil {
		env.Errorf("%v", err)
		return oldT, newT, cleanup, ExitError
	}
	return oldT, newT, cleanup, -1
}
