package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/pgtest"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/internal/verify"
)

func init() {
	register(&Command{Name: "verify", Short: "prove the release verdict against a real PostgreSQL: rbcheck verify OLD..NEW [--dsn URL | --pg-bin DIR]", Run: runVerify})
}

// Exit codes of verify: 0 when static analysis and Postgres agree the release
// is rollback-safe (or agree it is roll-forward-only and every blocking
// finding is acknowledged); 1 when they agree it is roll-forward-only, and
// for any disagreement (one of the two is wrong: a person has to look); 2
// when a migration fails to apply or on any other error.
func runVerify(env *Env, args []string) int {
	f := newCheckFlags("rbcheck verify", env)
	oldDir := f.fs.String("old", "", "directory of the old release (instead of git revisions)")
	newDir := f.fs.String("new", "", "directory of the new release")
	dsn := f.fs.String("dsn", "", "PostgreSQL server to use (a scratch database is created on it and dropped after)")
	pgBin := f.fs.String("pg-bin", "", "directory with initdb and pg_ctl: start a throwaway cluster (default: newest /usr/lib/postgresql/*/bin)")
	scratch := f.fs.Bool("i-know-this-is-scratch", false, "allow a --dsn whose database already has tables")
	f.fs.Lookup("format").Usage = "output format: text or json"
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		env.Errorf("%v", err)
		return ExitError
	}
	if !verdictFormatOK(f.format, "text", "json") {
		env.Errorf("unknown --format %q for verify: use text or json", f.format)
		return ExitError
	}
	if *dsn != "" && *pgBin != "" {
		env.Errorf("--dsn and --pg-bin exclude each other: use a server or start one")
		return ExitError
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	defer gitrev.Cleanup()

	oldT, newT, cleanup, code := verifyTrees(env, f, *oldDir, *newDir)
	defer cleanup()
	if code >= 0 {
		return code
	}
	cfg, err := f.treeConfig(env, newT.Root)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}

	conn := *dsn
	if conn == "" {
		bin := *pgBin
		if bin == "" {
			if bin, err = pgtest.FindBin(); err != nil {
				env.Errorf("%v\nhelp: pass --dsn for a server, or --pg-bin with the directory of initdb and pg_ctl", err)
				return ExitError
			}
		}
		cluster, err := pgtest.Start(bin)
		if err != nil {
			env.Errorf("starting a throwaway PostgreSQL: %v", err)
			return ExitError
		}
		defer cluster.Stop()
		go func() { <-ctx.Done(); cluster.Stop() }()
		conn = cluster.DSN("postgres")
	}

	rep, err := verify.Run(ctx, oldT, newT, verify.Options{Verdict: verdictOptions(cfg), DSN: conn, AllowNonEmpty: *scratch})
	if ctx.Err() != nil {
		env.Errorf("interrupted: the scratch database and any throwaway cluster were removed")
		return 130
	}
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
		if err := report.Verdict(env.Stdout, "text", rep.Static); err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
		verify.Text(env.Stdout, rep)
	}
	switch {
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
func verifyTrees(env *Env, f *checkFlags, oldDir, newDir string) (oldT, newT verdict.Tree, cleanup func(), code int) {
	cleanup = func() {}
	if oldDir != "" || newDir != "" {
		if oldDir == "" || newDir == "" || f.fs.NArg() > 0 {
			env.Errorf("--old and --new go together and take no range: rbcheck verify --old DIR --new DIR")
			return oldT, newT, cleanup, ExitError
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
		env.Errorf("expected one range OLD..NEW (or --old DIR --new DIR), got %d arguments", f.fs.NArg())
		return oldT, newT, cleanup, ExitError
	}
	oldRev, newRev, ok := gitrev.ParseRange(f.fs.Arg(0))
	if !ok || oldRev == "" {
		env.Errorf("%q is not a range: use OLD..NEW (or OLD.. for the work tree)", f.fs.Arg(0))
		return oldT, newT, cleanup, ExitError
	}
	repo, err := gitrev.Open(checkDir(env))
	if err != nil {
		env.Errorf("%v", err)
		return oldT, newT, cleanup, ExitError
	}
	oldT, cleanOld, err := revTree(repo, oldRev)
	if err != nil {
		env.Errorf("%v", err)
		return oldT, newT, cleanup, ExitError
	}
	cleanup = cleanOld
	if newRev == "" {
		if repo.Bare {
			env.Errorf("%s.. compares with the work tree, and a bare repository has none: name both revisions (OLD..NEW)", oldRev)
			return oldT, newT, cleanup, ExitError
		}
		return oldT, verdict.Tree{Root: repo.Top, Label: "work tree"}, cleanup, -1
	}
	newT, cleanNew, err := revTree(repo, newRev)
	if err != nil {
		env.Errorf("%v", err)
		return oldT, newT, cleanup, ExitError
	}
	cleanup = func() { cleanNew(); cleanOld() }
	return oldT, newT, cleanup, -1
}
