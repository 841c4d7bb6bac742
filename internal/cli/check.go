package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/config"
	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/interrupt"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

func init() {
	register(&Command{
		Name:  "check",
		Short: "the release verdict: can NEW be rolled back to OLD? (the default command)",
		Usage: "rbcheck [check] [OLD..NEW | OLD.. | --old DIR --new DIR] [flags]",
		Long: "Check prints the release verdict: rollback-safe, or roll-forward-only when a new migration of NEW " +
			"breaks SQL that OLD's Go code runs, with the migration line, the old code's line, why, and the " +
			"expand/contract steps. The word check may be left out.",
		Args: [][2]string{
			{"OLD..NEW", "two git revisions: tags, branches, SHAs"},
			{"OLD..", "OLD against the work tree as it is (a pre-merge gate)"},
			{"(none)", "the latest release tag reachable from HEAD (--tag-pattern, semver order) against the work tree"},
			{"--old DIR --new DIR", "two source trees, no git (release tarballs)"},
		},
		Examples: []string{
			"rbcheck v2.3.0..v2.4.0 # any two git revisions",
			"rbcheck v2.3.0.. # v2.3.0 against the work tree",
			"rbcheck # the latest release tag against the work tree",
			"rbcheck --old testdata/checkout/v2.3.0 --new testdata/checkout/v2.4.0",
			"rbcheck v2.3.0..v2.4.0 --format sarif > rbcheck.sarif",
		},
		Formats: report.VerdictFormats,
		Color:   true,
		Run:     runCheck,
	})
}

// checkFlags are the flags shared by check, history and verify.
type checkFlags struct {
	fs                 *flagSet
	format             string
	configPath         string
	migrations         []string
	exclude            []string
	schema             string
	strict             bool
	failOnAcknowledged bool
	allowUnread        bool
	pgVersion          int
	tagPattern         string
	enable, disable    []string
}

func newCheckFlags(c *Command, env *Env) *checkFlags {
	f := &checkFlags{}
	f.fs = c.flags(env, &f.format)
	f.fs.StringVar(&f.configPath, "config", "", "configuration file (default: .rbcheck.yaml of the new release)")
	f.fs.StringArrayVar(&f.migrations, "migrations", nil, "migration directory, file, directory glob or file glob (*, ?, […], **; repeatable)")
	f.fs.StringArrayVar(&f.exclude, "exclude", nil, "glob of migration or Go files to leave out (repeatable)")
	f.fs.StringVar(&f.schema, "schema", "", "baseline schema file, relative to the repository")
	f.fs.BoolVar(&f.strict, "strict", false, "partial or dynamic SQL that may touch a changed object blocks the release")
	f.fs.BoolVar(&f.failOnAcknowledged, "fail-on-acknowledged", false, "exit 1 for an acknowledged roll-forward-only release too")
	f.fs.BoolVar(&f.allowUnread, "allow-unread", false, "give the verdict of what was read instead of unknown when some files could not be read")
	f.fs.IntVar(&f.pgVersion, "pg-version", 0, "Postgres major version (default 17)")
	f.fs.StringVar(&f.tagPattern, "tag-pattern", "", "release tag glob (default v*)")
	f.fs.StringSliceVar(&f.enable, "enable", nil, "rules to turn on (comma-separated)")
	f.fs.StringSliceVar(&f.disable, "disable", nil, "rules to turn off (comma-separated)")
	return f
}

// treeConfig reads the configuration: --config, else the file at the root of
// the new tree, else defaults. Flags override it.
func (f *checkFlags) treeConfig(env *Env, newT verdict.Tree) (*config.Config, error) {
	var cfg *config.Config
	var err error
	switch {
	case f.configPath != "":
		cfg, err = config.Load(absIn(env, f.configPath))
	case newT.FS != nil:
		cfg = config.Default()
		for _, n := range config.FileNames {
			data, rerr := verdict.ReadTreeFile(newT, n)
			if errors.Is(rerr, fs.ErrNotExist) {
				continue
			}
			if rerr != nil {
				return nil, fmt.Errorf("%s: %w", n, rerr)
			}
			cfg, err = config.Parse(data, n)
			break
		}
	default:
		cfg = config.Default()
		for _, n := range config.FileNames {
			p := filepath.Join(newT.Root, n)
			if _, statErr := os.Stat(p); statErr == nil {
				cfg, err = config.Load(p)
				break
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if len(f.migrations) > 0 {
		cfg.Migrations = nil
		for _, m := range f.migrations {
			cfg.Migrations = append(cfg.Migrations, config.MigrationDir{Path: m})
		}
	}
	cfg.Exclude = append(cfg.Exclude, f.exclude...)
	if f.schema != "" {
		cfg.Schema = f.schema
	}
	if f.strict {
		cfg.Release.Strict = true
	}
	if f.failOnAcknowledged {
		cfg.Release.FailOnAcknowledged = true
	}
	if f.allowUnread {
		cfg.Release.AllowUnread = true
	}
	if f.pgVersion != 0 {
		cfg.PGVersion = f.pgVersion
	}
	if f.tagPattern != "" {
		cfg.Release.TagPattern = f.tagPattern
	}
	cfg.Rules.Enable = append(cfg.Rules.Enable, f.enable...)
	cfg.Rules.Disable = append(cfg.Rules.Disable, f.disable...)
	return cfg, nil
}

func absIn(env *Env, p string) string {
	if filepath.IsAbs(p) || env.Dir == "" {
		return p
	}
	return filepath.Join(env.Dir, p)
}

// verdictOptions turns the configuration into the verdict's options.
func verdictOptions(cfg *config.Config) verdict.Options {
	mo := migrations.Options{Exclude: cfg.Exclude, Formats: map[string]migrations.Format{}, Transactions: map[string]string{}, Templates: cfg.Templates}
	for _, m := range cfg.Migrations {
		mo.Dirs = append(mo.Dirs, m.Path)
		if m.Format != "" {
			mo.Formats[m.Path] = migrations.ParseFormat(m.Format)
		}
		if m.Transaction != "" {
			mo.Transactions[m.Path] = m.Transaction
		}
	}
	sev := map[string]rules.Severity{}
	for k, v := range cfg.Rules.Severity {
		sev[k] = rules.Severity(v)
	}
	o := verdict.Options{
		Migrations:  mo,
		Schema:      cfg.Schema,
		Lint:        lint.Options{PGVersion: cfg.PGVersion, Enable: cfg.Rules.Enable, Disable: cfg.Rules.Disable, Severity: sev},
		Strict:      cfg.Release.Strict,
		AllowUnread: cfg.Release.AllowUnread,
		SearchPath:  cfg.SearchPath,
		GoExclude:   cfg.Go.Exclude,
		Code:        goScanner(cfg),
	}
	for _, a := range cfg.Acknowledge {
		o.Acks = append(o.Acks, verdict.Ack{Migration: a.Migration, Reason: a.Reason})
	}
	return o
}

// goScanner reads a release's Go code with the fast driver, resolving
// unqualified columns with the schema that release's migrations built.
// revisionRoot names a revision's tree for the Go analysis, which reads it
// through Options.FS: positions are relative to it, nothing is on disk.
const revisionRoot = "/rbcheck-revision"

func goScanner(cfg *config.Config) func(verdict.Tree, *catalog.Catalog) (*verdict.OldCode, error) {
	return func(t verdict.Tree, cat *catalog.Catalog) (*verdict.OldCode, error) {
		// a revision is read from git (nothing written), under a name
		root := t.Root
		opts := analyzer.Options{Schema: verdict.CatalogSchema{Cat: cat}}
		if t.FS != nil {
			root, opts.FS = revisionRoot, t.FS
		}
		opts.Exclude = append(opts.Exclude, cfg.Exclude...)
		opts.Exclude = append(opts.Exclude, cfg.Go.Exclude...)
		for _, s := range cfg.Go.Sinks {
			opts.ExtraSinks = append(opts.ExtraSinks, analyzer.ExtraSink{Func: analyzer.NormalizeSinkFunc(s.Func), Arg: s.Arg})
		}
		inv, err := analyzer.ScanDir(root, opts)
		if err != nil {
			return nil, err
		}
		oc := verdict.FromInventory(inv)
		oc.ConfirmModels(cat)
		return oc, nil
	}
}

// gitTree reads revision rev for the verdict without a checkout: its
// migrations, schema, configuration and (for OLD) Go code are read from
// the object database (Tree.FS), so nothing of it is written to disk and an
// unrelated missing blob (a partial clone) or LFS file does not matter.
func gitTree(repo *gitrev.Repo, rev string) (verdict.Tree, error) {
	commit, err := repo.Resolve(rev)
	if err != nil {
		return verdict.Tree{}, err
	}
	snap, err := repo.Snapshot(interrupt.Context(), commit)
	if err != nil {
		return verdict.Tree{}, err
	}
	return verdict.Tree{Label: rev, Commit: commit, FS: snap, Submodules: submodules(snap.Submodules)}, nil
}

func submodules(sms []gitrev.Submodule) []verdict.Submodule {
	var out []verdict.Submodule
	for _, sm := range sms {
		out = append(out, verdict.Submodule{Path: sm.Path, Commit: sm.Commit, Available: sm.Available, Reason: sm.Reason})
	}
	return out
}

// workTree is the work tree as the NEW side: its files on disk, and HEAD's
// submodules, each available when it is checked out.
func workTree(repo *gitrev.Repo) (verdict.Tree, error) {
	t := verdict.Tree{Root: repo.Top, Label: "work tree"}
	head, err := repo.Resolve("HEAD")
	if err != nil {
		return t, err
	}
	snap, err := repo.Snapshot(interrupt.Context(), head)
	if err != nil {
		return t, err
	}
	for _, sm := range snap.Submodules {
		if strings.Contains(sm.Path, "/") && !topLevel(snap.Submodules, sm.Path) {
			continue // a nested submodule: its parent decides
		}
		v := verdict.Submodule{Path: sm.Path, Commit: sm.Commit}
		if _, err := os.Lstat(filepath.Join(repo.Top, filepath.FromSlash(sm.Path), ".git")); err == nil {
			v.Available = true
		} else {
			v.Reason = "it is not checked out in the work tree (git submodule update --init " + sm.Path + ")"
		}
		t.Submodules = append(t.Submodules, v)
	}
	return t, nil
}

// topLevel reports whether no other submodule contains p.
func topLevel(sms []gitrev.Submodule, p string) bool {
	for _, sm := range sms {
		if strings.HasPrefix(p, sm.Path+"/") {
			return false
		}
	}
	return true
}

func runCheck(env *Env, args []string) int {
	cmd := commands["check"]
	f := newCheckFlags(cmd, env)
	oldDir := f.fs.String("old", "", "directory of the old release (instead of git revisions)")
	newDir := f.fs.String("new", "", "directory of the new release")
	if code, ok := f.fs.parse(args); !ok {
		return code
	}
	defer gitrev.Cleanup()
	prog := startProgress(env)
	defer prog.finish()

	var oldT, newT verdict.Tree
	var cfg *config.Config
	note := "" // why the range is compared tree to tree (diverged release tags)
	switch {
	case *oldDir != "" || *newDir != "":
		if *oldDir == "" || *newDir == "" || f.fs.NArg() > 0 {
			return env.usageError(cmd, "--old and --new go together and take no range: rbcheck --old DIR --new DIR")
		}
		for _, d := range []string{*oldDir, *newDir} {
			if st, err := os.Stat(absIn(env, d)); err != nil || !st.IsDir() {
				env.Errorf("%s is not a directory", d)
				return ExitError
			}
		}
		oldT = verdict.Tree{Root: absIn(env, *oldDir), Label: *oldDir}
		newT = verdict.Tree{Root: absIn(env, *newDir), Label: *newDir}
	default:
		if f.fs.NArg() > 1 {
			return env.usageError(cmd, "expected one range OLD..NEW, got %d arguments", f.fs.NArg())
		}
		var oldRev, newRev string
		if f.fs.NArg() == 1 {
			var ok bool
			oldRev, newRev, ok = gitrev.ParseRange(f.fs.Arg(0))
			if !ok || oldRev == "" {
				return badRange(env, cmd, f.fs.Arg(0))
			}
		}
		repo, err := openRepo(env)
		if err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
		if f.fs.NArg() == 0 {
			pattern := f.tagPattern
			if pattern == "" {
				pattern = config.DefaultTagPattern
			}
			oldRev, newRev, err = defaultRange(env, repo, pattern)
			if err != nil {
				env.Errorf("%v", err)
				return ExitError
			}
		}
		if newRev == "" && repo.Bare {
			env.Errorf("%s.. compares with the work tree, and a bare repository has none: name both revisions (OLD..NEW)", oldRev)
			return ExitError
		}
		if newRev != "" {
			prog.set("reading %s and %s", oldRev, newRev)
		} else {
			prog.set("reading %s", oldRev)
		}
		if newRev != "" {
			newT, err = gitTree(repo, newRev)
		} else {
			newT, err = workTree(repo)
		}
		if err == nil {
			oldT, err = gitTree(repo, oldRev)
		}
		if err == nil {
			cfg, err = f.treeConfig(env, newT)
		}
		if err == nil {
			note, err = checkRange(repo, oldT, newT, newRev, cfg.Release.TagPattern)
		}
		if err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
	}
	if cfg == nil {
		var err error
		if cfg, err = f.treeConfig(env, newT); err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
	}
	opts := verdictOptions(cfg)
	prog.set("checking %s against %s: its migrations, then %s's Go code", newT.Label, oldT.Label, oldT.Label)
	res, err := verdict.Check(oldT, newT, opts)
	prog.finish()
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	if note != "" {
		res.Warnings = append([]verdict.Warning{{Message: note}}, res.Warnings...)
	}
	if err := report.VerdictStyle(env.Stdout, f.format, res, env.style()); err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	return verdictExit(res, cfg)
}

// verdictExit is the exit code of a verdict: 1 for unknown and for an
// unacknowledged (or --fail-on-acknowledged) roll-forward-only release.
func verdictExit(res *verdict.Result, cfg *config.Config) int {
	switch {
	case res.Verdict == verdict.Unknown:
		return ExitFindings
	case res.Verdict == verdict.RollForwardOnly && (!res.Acknowledged || cfg.Release.FailOnAcknowledged):
		return ExitFindings
	}
	return ExitOK
}

// checkRange refuses a range whose NEW (a revision, or the work tree's
// HEAD) does not contain OLD when it is reversed, unrelated, or diverged
// without release tags that order it. Two release tags on different
// branches, in version order, are checked tree to tree: note says so. NEW
// may be HEAD or a branch: it counts as newer than the newest release it
// contains; OLD must be a release tag.
func checkRange(repo *gitrev.Repo, oldT, newT verdict.Tree, newRev, pattern string) (note string, err error) {
	newCommit, newLabel := newT.Commit, newRev
	if newCommit == "" {
		c, err := repo.Resolve("HEAD")
		if err != nil {
			return "", err
		}
		newCommit, newLabel = c, "HEAD"
	}
	err = repo.CheckRange(oldT.Label, oldT.Commit, newLabel, newCommit)
	var re *gitrev.RangeError
	if !errors.As(err, &re) || !re.Diverged() {
		return "", err
	}
	if re.OldVersion, err = releaseTag(repo, pattern, oldT.Label, oldT.Commit); err != nil {
		return "", err
	}
	// A release tag the pattern does not cover ("photos-v1.2.22" of a
	// monorepo's series, "3.20.1" without v) names its side too; NEW is
	// then looked for in OLD's series.
	var series *string
	if re.OldVersion == "" {
		if re.OldVersion, err = seriesTag(repo, oldT.Label, oldT.Commit); err != nil {
			return "", err
		}
		if re.OldVersion != "" {
			p, _ := gitrev.ReleaseSeries(re.OldVersion)
			series = &p
		}
	}
	if series == nil {
		re.NewVersion, err = releaseTag(repo, pattern, newLabel, newCommit)
	}
	if err != nil {
		return "", err
	}
	if re.NewVersion == "" {
		if re.NewVersion, err = seriesTag(repo, newLabel, newCommit); err != nil {
			return "", err
		}
	}
	if re.NewVersion == "" {
		// NEW (HEAD, a branch) is built on the newest release it contains
		if series != nil {
			re.NewVersion, err = newestInSeries(repo, *series, newCommit)
		} else {
			re.NewVersion, err = newestRelease(repo, pattern, newCommit)
		}
		if err != nil {
			return "", err
		}
		re.NewAfter = re.NewVersion != ""
	}
	op, oOK := gitrev.ReleaseSeries(re.OldVersion)
	np, nOK := gitrev.ReleaseSeries(re.NewVersion)
	switch {
	case re.OldVersion == "" || re.NewVersion == "":
		return "", re
	case oOK && nOK && op != np:
		re.OtherSeries = true
		return "", re
	case gitrev.CompareVersions(re.OldVersion, re.NewVersion) >= 0:
		re.VersionReversed = true
		return "", re
	}
	if re.NewAfter {
		newLabel += " (after " + re.NewVersion + ")"
	}
	return divergedNote(oldT.Label, newLabel, re.BaseName), nil
}

// newestRelease is the newest version tag (matching pattern) commit
// contains, "" when none.
func newestRelease(repo *gitrev.Repo, pattern, commit string) (string, error) {
	tags, err := repo.Tags(pattern, commit)
	if err != nil {
		return "", err
	}
	for _, t := range tags {
		if gitrev.IsVersion(t.Name) {
			return t.Name, nil
		}
	}
	return "", nil
}

// seriesTag is label when it is a tag on commit of the form
// [prefix-]v?MAJOR.MINOR.PATCH[-pre] (gitrev.ReleaseSeries), whatever the
// tag pattern; "" otherwise.
func seriesTag(repo *gitrev.Repo, label, commit string) (string, error) {
	if _, ok := gitrev.ReleaseSeries(label); !ok {
		return "", nil // also keeps glob characters out of the pattern
	}
	tags, err := repo.TagsAt(label, commit)
	if err != nil {
		return "", err
	}
	for _, t := range tags {
		if t.Name == label {
			return label, nil
		}
	}
	return "", nil
}

// newestInSeries is the newest release tag of the series prefix
// (gitrev.ReleaseSeries) that commit contains, "" when none.
func newestInSeries(repo *gitrev.Repo, prefix, commit string) (string, error) {
	tags, err := repo.Tags("*", commit)
	if err != nil {
		return "", err
	}
	for _, t := range tags {
		if p, ok := gitrev.ReleaseSeries(t.Name); ok && p == prefix {
			return t.Name, nil
		}
	}
	return "", nil
}

// divergedNote explains a comparison of two releases on different branches.
func divergedNote(oldLabel, newLabel, base string) string {
	return fmt.Sprintf("%s and %s are on different branches (they diverged at %s): rbcheck compared their trees: "+
		"the new migrations are those of %s that %s does not have (by version and name, or by content), "+
		"and a migration of %s that %s changed or lacks is reported as modified-migration", oldLabel, newLabel, base, newLabel, oldLabel, oldLabel, newLabel)
}

// releaseTag is the release tag (matching pattern, a version) that names
// commit: label itself when it is one, else the newest version tag on the
// commit; "" when there is none.
func releaseTag(repo *gitrev.Repo, pattern, label, commit string) (string, error) {
	tags, err := repo.TagsAt(pattern, commit)
	if err != nil {
		return "", err
	}
	for _, t := range tags {
		if t.Name == label && gitrev.IsVersion(t.Name) {
			return t.Name, nil
		}
	}
	for _, t := range tags {
		if gitrev.IsVersion(t.Name) {
			return t.Name, nil
		}
	}
	return "", nil
}

// defaultRange is what plain `rbcheck` checks: the latest release tag
// reachable from HEAD against the work tree; when HEAD is that tag, the
// release before it against the work tree (HEAD's release); when there is
// none, the tag against HEAD, an empty range the verdict reports as unknown.
func defaultRange(env *Env, repo *gitrev.Repo, pattern string) (oldRev, newRev string, err error) {
	tag, err := repo.LatestTag(pattern, "HEAD")
	if err != nil {
		return "", "", err
	}
	head, err := repo.Resolve("HEAD")
	if err != nil {
		return "", "", err
	}
	if tag.Commit != head {
		fmt.Fprintf(env.Stderr, "rbcheck: checking %s.. (the latest release tag) against the work tree\n", tag.Name)
		return tag.Name, "", nil
	}
	tags, err := repo.Tags(pattern, "HEAD")
	if err != nil {
		return "", "", err
	}
	for _, t := range tags {
		if t.Commit != head {
			fmt.Fprintf(env.Stderr, "rbcheck: HEAD is the latest release tag %s: checking %s.. (the release before it) against the work tree\n", tag.Name, t.Name)
			return t.Name, "", nil
		}
	}
	fmt.Fprintf(env.Stderr, "rbcheck: HEAD is release tag %s and no earlier tag matches %q: there is no earlier release to roll back to\n", tag.Name, pattern)
	return tag.Name, "HEAD", nil
}

func checkDir(env *Env) string {
	if env.Dir != "" {
		return env.Dir
	}
	return "."
}

// badRange is the usage error for an argument that is not OLD..NEW: a
// mistyped command (rbcheck lnt) or a single revision (rbcheck v2.3.0).
func badRange(env *Env, cmd *Command, arg string) int {
	msg := fmt.Sprintf("%q is not a range: use OLD..NEW (or OLD.. for the work tree)", arg)
	if !strings.ContainsAny(arg, "./~^@:") {
		if s := suggestCommand(arg); s != "" || cmd.Name == defaultCommand {
			msg = fmt.Sprintf("%q is neither a command nor a range OLD..NEW%s", arg, s)
		}
	}
	if _, err := gitrev.Open(checkDir(env)); err != nil {
		msg += "\nhelp: outside a git repository, compare two release directories: rbcheck --old DIR --new DIR"
	}
	return env.usageError(cmd, "%s", msg)
}
