package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/config"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/safefs"
	"github.com/rbcheck/rbcheck/rules"
)

func init() {
	register(&Command{
		Name:  "lint",
		Short: "check migrations for destructive, backward-incompatible and locking changes",
		Usage: "rbcheck lint [flags] [PATH...]",
		Long: "Lint checks migration files on their own, without the Go code: destructive and backward-incompatible " +
			"DDL, locking hazards and syntax errors, each with the expand/contract fix. It exits 1 when a finding " +
			"is at or above --fail-on.",
		Args: [][2]string{
			{"PATH", "a migration file (linted whatever its name), a directory, a glob, or - for standard input"},
			{"(none)", "the directories in .rbcheck.yaml, else the discovered ones (db/migrations, migrations, …)"},
		},
		Examples: []string{
			"rbcheck lint # discovers db/migrations, migrations, … and says which it used",
			"rbcheck lint db/migrations",
			"rbcheck lint db/migrations/0042_drop_legacy.up.sql",
			"rbcheck lint --format sarif > rbcheck.sarif # for GitHub code scanning",
			"rbcheck lint --enable prefer-identity --disable require-lock-timeout --fail-on warning",
		},
		Formats: report.Formats,
		Color:   true,
		Run:     runLint,
	})
}

// lintFlags are the flags of `rbcheck lint`.
type lintFlags struct {
	format     string
	config     string
	enable     []string
	disable    []string
	pgVersion  int
	migrations []string
	exclude    []string
	schema     string
	failOn     string
	debug      bool
	oneRelease bool
	stdinName  string
}

func (f *lintFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "configuration file (default: .rbcheck.yaml found from the current directory up)")
	fs.StringSliceVar(&f.enable, "enable", nil, "rules to turn on, comma-separated, repeatable (\"all\" for every rule)")
	fs.StringSliceVar(&f.disable, "disable", nil, "rules to turn off, comma-separated, repeatable")
	fs.IntVar(&f.pgVersion, "pg-version", 0, "Postgres major version the migrations run on (default 17)")
	fs.StringArrayVar(&f.migrations, "migrations", nil, "migration directory, file, directory glob or file glob (*, ?, […], **; repeatable; replaces the configured ones)")
	fs.StringArrayVar(&f.exclude, "exclude", nil, "glob of files to skip (repeatable)")
	fs.StringVar(&f.schema, "schema", "", "baseline schema file replayed before the migrations")
	fs.StringVar(&f.failOn, "fail-on", "", "lowest severity that makes lint exit 1: error, warning or info (default error)")
	fs.BoolVar(&f.debug, "debug", false, "print the catalog's notes on statements it does not model")
	fs.StringVar(&f.stdinName, "stdin-filename", "", "path the SQL read from standard input (PATH -) stands for, in positions and for its folder's format (default <stdin>)")
	fs.BoolVar(&f.oneRelease, "one-release", false, "treat the files as one release: tables and columns any of them creates count as new, so dropping them is not breaking (default: each file is a deploy of its own)")
}

// usageError is a bad invocation or configuration: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

func runLint(env *Env, args []string) int {
	var f lintFlags
	fset := commands["lint"].flags(env, &f.format)
	f.register(fset.FlagSet)
	if code, ok := fset.parse(args); !ok {
		return code
	}
	prog := startProgress(env)
	prog.set("reading and linting the migrations")
	// The report is printed as the files are linted: the progress line
	// goes away before its first byte.
	out := &afterProgress{w: env.Stdout, prog: prog}
	lift := boundHeap()
	defer lift()
	lw, cfg, err := lintRun(env, &f, fset.Args(), out)
	if err == nil {
		err = lw.Close()
	}
	prog.finish()
	if err != nil {
		env.Errorf("%s", err)
		return ExitError
	}
	// A file that could not be read (refused link, special file, too
	// large, permissions) is an error, not a finding: the rest was linted
	// and reported, and the exit code says something was not.
	if e := lw.Unreadable(); e != nil {
		env.Errorf("%s: not read, so not linted: see the errors above", e.Pos.File)
		return ExitError
	}
	if lw.Fails(rules.Severity(cfg.FailOn)) {
		return ExitFindings
	}
	return ExitOK
}

// afterProgress is a writer that finishes a progress line before the first
// write.
type afterProgress struct {
	w       io.Writer
	prog    *progress
	started bool
}

func (a *afterProgress) Write(p []byte) (int, error) {
	if !a.started {
		a.started = true
		a.prog.finish()
	}
	return a.w.Write(p)
}

// workDir returns the command's working directory, absolute.
func (e *Env) workDir() (string, error) {
	d := e.Dir
	if d == "" {
		var err error
		if d, err = os.Getwd(); err != nil {
			return "", err
		}
	}
	return filepath.Abs(d)
}

// lintRun loads configuration and migrations and runs the engine, printing
// the report to out as the files are linted; it returns the report's
// writer, to be closed, with the effective configuration.
func lintRun(env *Env, f *lintFlags, paths []string, out io.Writer) (*report.LintWriter, *config.Config, error) {
	if !contains(report.Formats, f.format) {
		return nil, nil, usagef("unknown format %q (known: %s)", f.format, strings.Join(report.Formats, ", "))
	}
	wd, err := env.workDir()
	if err != nil {
		return nil, nil, err
	}
	cfg, err := loadConfig(wd, f.config)
	if err != nil {
		return nil, nil, err
	}
	// The repository root is the base of every path rbcheck prints; outside
	// a repository it is the working directory.
	base := lintBase(wd, paths)
	rel := func(p string) (string, error) { // a path on disk → relative to base, slash-separated
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		r, err := filepath.Rel(base, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", usagef("%s is outside %s; run rbcheck from the repository that holds it", p, base)
		}
		return filepath.ToSlash(r), nil
	}

	if err := applyFlags(cfg, f); err != nil {
		return nil, nil, err
	}
	opts, err := lintOptions(cfg)
	if err != nil {
		return nil, nil, err
	}

	// Lint never reads File.Hash (only the release verdict compares
	// migrations by content), so it does not pay for hashing.
	mopts := migrations.Options{SkipHash: true, Templates: cfg.Templates, Defer: true}
	for _, g := range cfg.Exclude {
		// config excludes are relative to the config file; flag excludes to the working directory
		mopts.Exclude = append(mopts.Exclude, g)
	}
	set, err := loadMigrations(env, base, wd, cfg, f, paths, rel, mopts)
	if err != nil {
		return nil, nil, err
	}
	reportSkipped(env, set, f.debug)

	var baseCat *catalog.Catalog
	if s := f.schema; s != "" || cfg.Schema != "" {
		p := s
		if p == "" {
			p = cfg.Resolve(cfg.Schema)
		}
		display := p
		if r, err := filepath.Rel(wd, p); err == nil && filepath.IsAbs(p) && !strings.HasPrefix(r, "..") {
			display = r
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		baseCat, err = loadSchema(env, p, filepath.ToSlash(display))
		if err != nil {
			return nil, nil, err
		}
	}

	// Each migration file is deployed on its own unless told otherwise: what
	// an earlier file created already has readers when a later one runs.
	opts.PerFile = !f.oneRelease
	opts.Stream = true // loads each file just before it is checked (mopts.Defer)
	order := make([]string, len(set.Files))
	for i, file := range set.Files {
		order[i] = file.Path
	}
	lw, err := report.NewLintWriter(out, f.format, env.style(), len(set.Files), order, "")
	if err != nil {
		return nil, nil, err
	}
	opts.NoNotes = !f.debug
	var suppressed []lint.Suppressed // only for --debug
	opts.Report = func(fr lint.FileReport) {
		_ = lw.Add(fr.Path, fr.Findings, fr.Errors) // a write error is Close's
		if f.debug {
			suppressed = append(suppressed, fr.Suppressed...)
		}
	}
	res := lint.Run(baseCat, set.Files, opts)
	if f.debug && res.Catalog != nil {
		for _, n := range res.Catalog.Notes {
			fmt.Fprintf(env.Stderr, "rbcheck: debug: %s\n", n)
		}
		for _, s := range suppressed {
			fmt.Fprintf(env.Stderr, "rbcheck: debug: %s: %s suppressed by %s at %s (%s)\n",
				s.Finding.Pos, s.Finding.Rule, s.Kind, s.Directive, s.Reason)
		}
	}
	return lw, cfg, nil
}

// lintBase returns the directory output paths are relative to: the
// repository root of the working directory (or the working directory
// outside a repository). When the first PATH argument lies outside it, the
// base is that path's repository root, or the path itself (its directory,
// for a file) outside a repository.
func lintBase(wd string, paths []string) string {
	base := config.RepoRoot(wd)
	if base == "" {
		base = wd
	}
	if len(paths) == 0 || paths[0] == "-" || strings.ContainsAny(paths[0], "*?[") {
		return base
	}
	p := paths[0]
	if !filepath.IsAbs(p) {
		p = filepath.Join(wd, p)
	}
	if r, err := filepath.Rel(base, p); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return base
	}
	if root := config.RepoRoot(p); root != "" {
		return root
	}
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return filepath.Dir(p)
	}
	return filepath.Clean(p)
}

// loadConfig reads --config or the configuration found from wd, and names
// it relative to wd in messages.
func loadConfig(wd, explicit string) (*config.Config, error) {
	c, err := findConfig(wd, explicit)
	if err == nil && c.Path != "" {
		if r, err := filepath.Rel(wd, c.Path); err == nil && filepath.IsAbs(c.Path) {
			c.Path = filepath.ToSlash(r)
		}
	}
	return c, err
}

func findConfig(wd, explicit string) (*config.Config, error) {
	if explicit != "" {
		p := explicit
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		c, err := config.Load(p)
		if err != nil {
			return nil, relErr(wd, err)
		}
		return c, nil
	}
	p, err := config.Find(wd)
	if err != nil {
		return nil, err
	}
	if p == "" {
		return config.Default(), nil
	}
	c, err := config.Load(p)
	if err != nil {
		return nil, relErr(wd, err)
	}
	return c, nil
}

// relErr rewrites absolute configuration paths in err relative to wd.
func relErr(wd string, err error) error {
	msg := err.Error()
	if i := strings.Index(msg, wd+string(filepath.Separator)); i >= 0 {
		msg = strings.ReplaceAll(msg, wd+string(filepath.Separator), "")
	}
	return errors.New(msg)
}

// applyFlags lets flags override the configuration.
func applyFlags(cfg *config.Config, f *lintFlags) error {
	for _, r := range f.enable {
		r = strings.TrimSpace(r)
		cfg.Rules.Disable = remove(cfg.Rules.Disable, r)
		cfg.Rules.Enable = append(cfg.Rules.Enable, r)
	}
	for _, r := range f.disable {
		r = strings.TrimSpace(r)
		cfg.Rules.Enable = remove(cfg.Rules.Enable, r)
		cfg.Rules.Disable = append(cfg.Rules.Disable, r)
	}
	if f.pgVersion != 0 {
		if f.pgVersion < 9 || f.pgVersion > 30 {
			return usagef("--pg-version %d is not a Postgres major version (e.g. 17)", f.pgVersion)
		}
		cfg.PGVersion = f.pgVersion
	}
	if f.failOn != "" {
		if !contains(config.Severities, f.failOn) {
			return usagef("--fail-on %q is not one of %s", f.failOn, strings.Join(config.Severities, ", "))
		}
		cfg.FailOn = f.failOn
	}
	if cfg.FailOn == "" {
		cfg.FailOn = config.DefaultFailOn
	}
	return nil
}

// lintOptions turns the rules section into engine options, checking every
// rule name (with the position in the file, when it came from one).
func lintOptions(cfg *config.Config) (lint.Options, error) {
	var names []string
	for _, r := range rules.All() {
		names = append(names, r.Name)
	}
	check := func(list []string, key string) error {
		for i, n := range list {
			if n == "all" || rules.Get(n) != nil {
				continue
			}
			where := "--" + strings.TrimPrefix(key, "rules.")
			if cfg.Has(fmt.Sprintf("%s.%d", key, i)) {
				where = cfg.Pos(fmt.Sprintf("%s.%d", key, i)).String()
			}
			return usagef("%s: unknown rule %q%s", where, n, didYouMean(n, names))
		}
		return nil
	}
	if err := check(cfg.Rules.Enable, "rules.enable"); err != nil {
		return lint.Options{}, err
	}
	if err := check(cfg.Rules.Disable, "rules.disable"); err != nil {
		return lint.Options{}, err
	}
	opts := lint.Options{PGVersion: cfg.PGVersion, Severity: map[string]rules.Severity{}, SearchPath: cfg.SearchPath}
	keys := make([]string, 0, len(cfg.Rules.Severity))
	for k := range cfg.Rules.Severity {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if rules.Get(k) == nil {
			return opts, usagef("%s: unknown rule %q%s", cfg.Pos("rules.severity."+k), k, didYouMean(k, names))
		}
		opts.Severity[k] = rules.Severity(cfg.Rules.Severity[k])
	}
	for _, r := range rules.All() {
		if cfg.RuleEnabled(r.Name, r.Default) {
			opts.Enable = append(opts.Enable, r.Name)
		} else {
			opts.Disable = append(opts.Disable, r.Name)
		}
	}
	return opts, nil
}

func didYouMean(name string, candidates []string) string {
	s := config.Suggest(name, candidates)
	if len(s) == 0 {
		return "; see rbcheck rules"
	}
	if len(s) > 3 {
		s = s[:3]
	}
	return "; did you mean " + strings.Join(quoteAll(s), " or ") + "?"
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// loadMigrations reads PATH arguments, else --migrations, else the
// configured directories, else discovered ones. Paths in the result are
// relative to base.
func loadMigrations(env *Env, base, wd string, cfg *config.Config, f *lintFlags, paths []string,
	rel func(string) (string, error), mopts migrations.Options) (*migrations.Set, error) {
	// regular files inside the repository only, within the size limit,
	// as a revision is read (internal/safefs)
	sfs, err := safefs.New(base, 0)
	if err != nil {
		return nil, err
	}
	var fsys fs.FS = sfs
	// config globs are relative to the configuration file's directory
	for i, g := range mopts.Exclude {
		// base-name patterns ("*.bak.sql") and "**/…" match anywhere
		if cfg.Dir != "" && strings.Contains(g, "/") && !strings.HasPrefix(g, "**") {
			if r, err := rel(filepath.Join(cfg.Dir, filepath.FromSlash(g))); err == nil {
				mopts.Exclude[i] = r
			}
		}
	}
	for _, g := range f.exclude {
		if strings.HasPrefix(g, "**") || filepath.IsAbs(g) || !strings.Contains(g, "/") {
			mopts.Exclude = append(mopts.Exclude, filepath.ToSlash(g))
			continue
		}
		r, err := rel(g)
		if err != nil {
			return nil, err
		}
		mopts.Exclude = append(mopts.Exclude, r)
	}

	// the configured format and transaction of each migrations entry
	// apply to what lint reads, however it is named (a folder or files on
	// the command line, --migrations, a pre-commit hook's staged files)
	mopts.Formats = map[string]migrations.Format{}
	mopts.Transactions = map[string]string{}
	for _, m := range cfg.Migrations {
		r, err := rel(cfg.Resolve(filepath.FromSlash(m.Path)))
		if err != nil {
			continue // outside the repository: not a folder lint reads
		}
		if m.Format != "" {
			mopts.Formats[r] = migrations.Format(m.Format)
		}
		if m.Transaction != "" {
			mopts.Transactions[r] = m.Transaction
		}
	}

	var dirs, files []string
	discovered := false
	switch {
	case len(paths) > 0:
		for _, p := range paths {
			if p == "-" {
				name, err := stdinPath(f.stdinName, rel)
				if err != nil {
					return nil, err
				}
				data, err := io.ReadAll(io.LimitReader(env.stdin(), safefs.MaxFileSize+1))
				if err != nil {
					return nil, fmt.Errorf("reading standard input: %w", err)
				}
				if len(data) > safefs.MaxFileSize {
					return nil, fmt.Errorf("standard input is over the limit of %d bytes: refused", safefs.MaxFileSize)
				}
				fsys = overlay(fsys, name, data)
				files = append(files, name)
				continue
			}
			r, err := rel(p)
			if err != nil {
				return nil, err
			}
			if strings.ContainsAny(p, "*?[") {
				dirs = append(dirs, r)
				continue
			}
			st, err := os.Stat(filepath.Join(base, filepath.FromSlash(r)))
			if err != nil {
				return nil, usagef("%s: no such file or directory", p)
			}
			if st.IsDir() {
				dirs = append(dirs, r)
			} else {
				files = append(files, r)
			}
		}
	case len(f.migrations) > 0:
		for _, p := range f.migrations {
			r, err := rel(p)
			if err != nil {
				return nil, err
			}
			dirs = append(dirs, r)
		}
	case len(cfg.Migrations) > 0:
		for _, m := range cfg.Migrations {
			r, err := rel(cfg.Resolve(filepath.FromSlash(m.Path)))
			if err != nil {
				return nil, err
			}
			dirs = append(dirs, r)
		}
	default:
		// discover under the working directory
		start, err := rel(wd)
		if err != nil {
			return nil, err
		}
		sub, err := fs.Sub(fsys, start)
		if err != nil {
			return nil, err
		}
		found, left := migrations.DiscoverExplained(sub)
		for _, d := range found {
			dirs = append(dirs, path.Join(start, d))
		}
		for _, l := range left {
			fmt.Fprintf(env.Stderr, "rbcheck: not using %s: %s\n", displayDir(path.Join(start, l.Path)), l.Reason)
		}
		if len(dirs) == 0 {
			return nil, usagef("no migrations found under %s; name a migration directory (rbcheck lint db/migrations) or set migrations in .rbcheck.yaml", displayDir(start))
		}
		discovered = true
	}

	set := &migrations.Set{}
	if len(dirs) > 0 {
		s, err := migrations.LoadFS(fsys, dirs, mopts)
		if err != nil {
			return nil, relErr(base, err)
		}
		set.Dirs = append(set.Dirs, s.Dirs...)
		set.Files = append(set.Files, s.Files...)
		set.Skipped = append(set.Skipped, s.Skipped...)
		set.Excluded = append(set.Excluded, s.Excluded...)
	}
	if len(files) > 0 {
		s := migrations.LoadFiles(fsys, files, mopts)
		set.Dirs = append(set.Dirs, s.Dirs...)
		set.Files = append(set.Files, s.Files...)
		set.Skipped = append(set.Skipped, s.Skipped...)
		set.Excluded = append(set.Excluded, s.Excluded...)
	}
	if discovered {
		for _, d := range set.Dirs {
			fmt.Fprintf(env.Stderr, "rbcheck: using migrations in %s (%s)\n", displayDir(d), dirFormat(set, d))
		}
	}
	if len(set.Files) == 0 {
		what := strings.Join(append(append([]string{}, dirs...), files...), ", ")
		if n := len(set.Skipped); n > 0 {
			// never silent: name each file that is there and why it is
			// not a migration
			reportSkipped(env, set, false)
			files := "1 file there is"
			if n > 1 {
				files = fmt.Sprintf("%d files there are", n)
			}
			return nil, usagef("no migrations found in %s: %s not run by any migration format (each is named above with the reason); lint them by name (rbcheck lint %s) or name the format in .rbcheck.yaml", what, files, lintByName(dirs))
		}
		return nil, usagef("no migrations found in %s; check the path and --exclude, or name the format in .rbcheck.yaml", what)
	}
	return set, nil
}

// lintByName is the command-line argument that names the .sql files of
// the directories given.
func lintByName(dirs []string) string {
	if len(dirs) == 1 && !strings.ContainsAny(dirs[0], "*?[") {
		return path.Join(displayDir(dirs[0]), "*.sql")
	}
	return "FILE..."
}

func displayDir(d string) string {
	if d == "" {
		return "."
	}
	return d
}

func dirFormat(set *migrations.Set, dir string) string {
	for _, f := range set.Files {
		if f.Dir == dir || path.Dir(f.Path) == dir {
			return string(f.Format)
		}
	}
	return "no files"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func remove(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// loadSchema replays a baseline schema file (e.g. pg_dump --schema-only
// output); its objects are Existing. Statements the parser rejects are
// skipped with one warning: a dump's psql meta-commands must not stop the
// lint.
func loadSchema(env *Env, p, display string) (*catalog.Catalog, error) {
	data, err := safefs.ReadFile(p, safefs.MaxFileSize)
	if err != nil {
		var se *safefs.Error
		if errors.As(err, &se) {
			return nil, usagef("cannot read schema file %s: it %s", display, se.Reason)
		}
		return nil, usagef("cannot read schema file %s: %v", display, errors.Unwrap(err))
	}
	stmts, errs := pgparse.Parse(display, string(data))
	if len(errs) > 0 {
		e := errs[0]
		what := "the statement was skipped, so objects it creates are unknown to the checks"
		if len(errs) > 1 {
			what = fmt.Sprintf("it and %d more statements were skipped, so objects they create are unknown to the checks", len(errs)-1)
		}
		env.Errorf("warning: %s: %s; %s", e.Pos, e.Msg, what)
	}
	cat := catalog.NewCatalog()
	for _, st := range stmts {
		cat.Apply(st, catalog.Existing)
	}
	return cat, nil
}
