package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/report"
)

func init() {
	register(&Command{
		Name:  "refs",
		Short: "list the tables and columns the Go code's SQL uses",
		Usage: "rbcheck refs [flags] [DIR|PATTERN...]",
		Long: "Refs prints what a codebase uses, by table and column, with the site, the kind of use and whether " +
			"the SQL was read whole (exact) or in part (partial). The code is parsed, never built or run, and needs " +
			"none of its dependencies.",
		Args: [][2]string{
			{"DIR", "a directory of Go code (default: the current directory, or go.include in .rbcheck.yaml)"},
			{"PATTERN", "DIR/... (the same as DIR)"},
		},
		Examples: []string{
			"rbcheck refs # the module in the current directory",
			"rbcheck refs ./internal/store/...",
			"rbcheck refs --format json testdata/checkout/v2.3.0",
		},
		Formats: []string{"text", "json"},
		Run:     runRefs,
	})
}

type refsFlags struct {
	format       string
	config       string
	exclude      []string
	includeTests bool
}

func runRefs(env *Env, args []string) int {
	var f refsFlags
	fs := commands["refs"].flags(env, &f.format)
	fs.StringVar(&f.config, "config", "", "configuration file (default: .rbcheck.yaml found from the current directory up); its go.exclude and go.sinks apply")
	fs.StringArrayVar(&f.exclude, "exclude", nil, "glob of files or directories to skip, relative to the module root, ** spans directories (repeatable)")
	fs.BoolVar(&f.includeTests, "include-tests", false, "also scan _test.go files, testdata and test-only packages")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	wd, err := env.workDir()
	if err != nil {
		env.Errorf("%s", err)
		return ExitError
	}
	opts := analyzer.Options{IncludeTests: f.includeTests, Exclude: f.exclude}
	cfg, err := loadConfig(wd, f.config)
	if err != nil {
		env.Errorf("%s", err)
		return ExitError
	}
	targets := fs.Args()
	if cfg != nil {
		opts.Exclude = append(opts.Exclude, cfg.Exclude...)
		opts.Exclude = append(opts.Exclude, cfg.Go.Exclude...)
		if len(targets) == 0 && cfg.Path != "" {
			// go.include, relative to the configuration file
			for _, inc := range cfg.Go.Include {
				dir := strings.TrimSuffix(strings.TrimSuffix(filepath.ToSlash(inc), "..."), "/")
				if dir == "" {
					dir = "."
				}
				targets = append(targets, cfg.Resolve(filepath.FromSlash(dir)))
			}
		}
		for _, s := range cfg.Go.Sinks {
			opts.ExtraSinks = append(opts.ExtraSinks, analyzer.ExtraSink{Func: analyzer.NormalizeSinkFunc(s.Func), Arg: s.Arg})
		}
	}
	if len(targets) == 0 {
		targets = []string{"."}
	}
	prog := startProgress(env)
	prog.set("reading the Go code of %s", strings.Join(targets, ", "))
	inv, err := refsInventory(wd, targets, opts)
	prog.finish()
	if err != nil {
		env.Errorf("%s", err)
		return ExitError
	}
	if f.format == "json" {
		err = writeRefsJSON(env.Stdout, inv)
	} else {
		err = writeRefsText(env.Stdout, inv)
	}
	if err != nil {
		env.Errorf("writing the references: %s", err)
		return ExitError
	}
	return ExitOK
}

// refsInventory scans each target (a directory, or DIR/... which is the
// same) and returns one inventory with paths relative to wd's repository
// root (or wd outside a repository).
func refsInventory(wd string, targets []string, opts analyzer.Options) (*analyzer.Inventory, error) {
	base := lintBase(wd, nil)
	all := &analyzer.Inventory{}
	seen := map[string]bool{}
	scanned := map[string]*analyzer.Inventory{}
	seenRef := map[refSite]bool{}
	seenQuery := map[refSite]bool{}
	for _, t := range targets {
		t = strings.TrimSuffix(strings.TrimSuffix(filepath.ToSlash(t), "..."), "/")
		if t == "" || t == "." {
			t = "."
		}
		dir := filepath.FromSlash(t)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(wd, dir)
		}
		dir = filepath.Clean(dir)
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v\nhelp: name a directory of Go code", t, errors.Unwrap(err))
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a directory\nhelp: name a directory of Go code, e.g. ./...", t)
		}
		// scan the whole module that holds dir (so constants and wrappers
		// of its other packages are known) and keep what lies under dir
		root := moduleRoot(dir, base)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		inv, ok := scanned[root]
		if !ok {
			inv, err = analyzer.ScanDir(root, opts)
			if err != nil {
				return nil, err
			}
			scanned[root] = inv
		}
		prefix := ""
		if r, err := filepath.Rel(base, root); err == nil && r != "." && !strings.HasPrefix(r, "..") {
			prefix = filepath.ToSlash(r) + "/"
		}
		under := ""
		if r, err := filepath.Rel(root, dir); err == nil && r != "." {
			under = filepath.ToSlash(r) + "/"
		}
		keep := func(file string) bool { return strings.HasPrefix(file, under) }
		part := &analyzer.Inventory{}
		for _, r := range inv.Refs {
			if keep(r.Pos.File) && !seenRef[refSite{root, r.Pos, r.Table.String(), r.Column, string(r.Kind)}] {
				seenRef[refSite{root, r.Pos, r.Table.String(), r.Column, string(r.Kind)}] = true
				r.Pos.File = prefix + r.Pos.File
				part.Refs = append(part.Refs, r)
			}
		}
		for _, q := range inv.Queries {
			if keep(q.Pos.File) && !seenQuery[refSite{root, q.Pos, "", "", ""}] {
				seenQuery[refSite{root, q.Pos, "", "", ""}] = true
				q.Pos.File = prefix + q.Pos.File
				part.Queries = append(part.Queries, q)
			}
		}
		for _, d := range inv.Dynamic {
			if keep(d.Pos.File) && !seenQuery[refSite{root, d.Pos, "dynamic", "", ""}] {
				seenQuery[refSite{root, d.Pos, "dynamic", "", ""}] = true
				d.Pos.File = prefix + d.Pos.File
				part.Dynamic = append(part.Dynamic, d)
			}
		}
		for _, e := range inv.Errors {
			if keep(e.Pos.File) && !seenQuery[refSite{root, e.Pos, "error", e.Kind, e.Reason}] {
				seenQuery[refSite{root, e.Pos, "error", e.Kind, e.Reason}] = true
				e.Pos.File = prefix + e.Pos.File
				part.Errors = append(part.Errors, e)
			}
		}
		for _, u := range inv.LibUses {
			if keep(u.Pos.File) && !seenQuery[refSite{root, u.Pos, "libuse", u.Call, ""}] {
				seenQuery[refSite{root, u.Pos, "libuse", u.Call, ""}] = true
				u.Pos.File = prefix + u.Pos.File
				part.LibUses = append(part.LibUses, u)
			}
		}
		inv = part
		all.Merge(inv)
	}
	all.Sort()
	return all, nil
}

type refSite struct {
	root                string
	pos                 analyzer.Pos
	table, column, kind string
}

// moduleRoot returns the nearest directory at or above dir that holds a
// go.mod, not going above base; dir itself when there is none.
func moduleRoot(dir, base string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !st.IsDir() {
			// a directory the module scan skips (testdata, vendor, hidden
			// or _ directories) is scanned on its own when named explicitly
			if r, err := filepath.Rel(d, dir); err == nil && r != "." {
				for _, el := range strings.Split(filepath.ToSlash(r), "/") {
					if el == "testdata" || el == "vendor" || strings.HasPrefix(el, ".") || strings.HasPrefix(el, "_") {
						return dir
					}
				}
			}
			return d
		}
		if d == base || filepath.Dir(d) == d {
			return dir
		}
	}
}

type refJSON struct {
	Table      string   `json:"table"`
	Schema     string   `json:"schema"`
	Column     string   `json:"column"`
	Candidates []string `json:"candidates"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	ColumnPos  int      `json:"column_pos"`
	Kind       string   `json:"kind"`
	Confidence string   `json:"confidence"`
	SQL        string   `json:"sql"`
	Via        string   `json:"via"`
	Migration  bool     `json:"migration"` // SQL of an embedded migration, not a use
	// Certain: a partial statement's use whose table (column) is constant text
	Certain bool `json:"certain"`
	// Unreachable: the function it lies in, when nothing calls it
	Unreachable string `json:"unreachable"`
}

type errJSON struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column_pos"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

type libUseJSON struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column_pos"`
	Library   string `json:"library"`
	Call      string `json:"call"`
	Generated bool   `json:"generated"`
}

type dynJSON struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column_pos"`
	Reason      string `json:"reason"`
	Via         string `json:"via"`
	Migration   bool   `json:"migration"` // SQL of an embedded migration, not a use
	Unreachable string `json:"unreachable"`
}

func writeRefsJSON(w io.Writer, inv *analyzer.Inventory) error {
	out := struct {
		RbcheckVersion string       `json:"rbcheck_version"`
		Refs           []refJSON    `json:"refs"`
		Dynamic        []dynJSON    `json:"dynamic"`
		Errors         []errJSON    `json:"errors"`
		LibUses        []libUseJSON `json:"libraries_not_read"`
	}{RbcheckVersion: report.Version, Refs: []refJSON{}, Dynamic: []dynJSON{}, Errors: []errJSON{}, LibUses: []libUseJSON{}}
	for _, u := range inv.LibUses {
		out.LibUses = append(out.LibUses, libUseJSON{File: u.Pos.File, Line: u.Pos.Line, Column: u.Pos.Col, Library: u.Lib, Call: u.Call, Generated: u.Generated})
	}
	for _, e := range inv.Errors {
		out.Errors = append(out.Errors, errJSON{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Kind: e.Kind, Reason: e.Reason})
	}
	for _, r := range inv.Refs {
		j := refJSON{Table: r.Table.Name, Schema: r.Table.Schema, Column: r.Column, Candidates: []string{}, File: r.Pos.File, Line: r.Pos.Line, ColumnPos: r.Pos.Col, Kind: string(r.Kind), Confidence: string(r.Confidence), SQL: r.SQL, Via: r.Via, Migration: r.Migration, Certain: r.Certain || r.Confidence == analyzer.Exact, Unreachable: r.Unreachable}
		for _, c := range r.Candidates {
			j.Candidates = append(j.Candidates, c.String())
		}
		out.Refs = append(out.Refs, j)
	}
	for _, d := range inv.Dynamic {
		out.Dynamic = append(out.Dynamic, dynJSON{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col, Reason: d.Reason, Via: d.Via, Migration: d.Migration, Unreachable: d.Unreachable})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeRefsText groups uses by table, then column:
//
//	users
//	  users            select  internal/store/users.go:40:9  exact
//	  users.email      select  internal/store/users.go:42:15  exact  (database/sql)
func writeRefsText(w io.Writer, inv *analyzer.Inventory) error {
	groups := map[string]map[string][]analyzer.Ref{}
	for _, r := range inv.Refs {
		t := r.Table.String()
		if t == "" {
			var cs []string
			for _, c := range r.Candidates {
				cs = append(cs, c.String())
			}
			t = "(one of " + strings.Join(cs, ", ") + ")"
			if len(cs) == 0 {
				t = "(unknown table)"
			}
		}
		if groups[t] == nil {
			groups[t] = map[string][]analyzer.Ref{}
		}
		groups[t][r.Column] = append(groups[t][r.Column], r)
	}
	tables := make([]string, 0, len(groups))
	for t := range groups {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	bw := &errWriter{w: w}
	for _, t := range tables {
		bw.printf("%s\n", report.Escape(t))
		cols := make([]string, 0, len(groups[t]))
		for c := range groups[t] {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		for _, c := range cols {
			name := t
			if c != "" {
				name = t + "." + c
			}
			for _, r := range groups[t][c] {
				via := r.Via
				if r.Migration {
					via += " (an embedded migration, not a use)"
				}
				if r.Unreachable != "" {
					via += " (unreachable: in " + r.Unreachable + ", which nothing calls)"
				}
				conf := string(r.Confidence)
				if r.Confidence == analyzer.Partial && r.Certain {
					conf += " certain"
				}
				bw.printf("  %-32s %-7s %s  %s  %s\n", report.Escape(name), r.Kind, report.Escape(r.Pos.String()), conf, report.Escape(via))
			}
		}
	}
	if len(inv.Dynamic) > 0 {
		bw.printf("\ndynamic SQL (not analysed):\n")
		for _, d := range inv.Dynamic {
			reason := d.Reason
			if d.Unreachable != "" {
				reason += " (unreachable: in " + d.Unreachable + ", which nothing calls)"
			}
			bw.printf("  %s  %s\n", report.Escape(d.Pos.String()), report.Escape(reason))
		}
	}
	if len(inv.Errors) > 0 {
		bw.printf("\nnot read (what these use is not known):\n")
		for _, e := range inv.Errors {
			bw.printf("  %s  %s: %s\n", report.Escape(errPos(e.Pos)), e.Kind, report.Escape(e.Reason))
		}
	}
	if len(inv.LibUses) > 0 {
		bw.printf("\ndatabase libraries rbcheck does not read (what these calls use is not known):\n")
		type agg struct {
			n, gen int
			first  analyzer.LibUse
		}
		byLib := map[string]*agg{}
		var names []string
		for _, u := range inv.LibUses {
			a := byLib[u.Lib]
			if a == nil {
				a = &agg{first: u}
				byLib[u.Lib] = a
				names = append(names, u.Lib)
			}
			a.n++
			if u.Generated {
				a.gen++
			} else if a.first.Generated {
				a.first = u
			}
		}
		sort.Strings(names)
		for _, n := range names {
			a := byLib[n]
			gen := ""
			if a.gen > 0 {
				gen = fmt.Sprintf(" (%d in generated code)", a.gen)
			}
			bw.printf("  %-14s %s%s, such as %s  %s\n", n, plural(a.n, "use"), gen, report.Escape(a.first.Pos.String()), report.Escape(a.first.Call))
		}
	}
	nq := len(inv.Queries)
	bw.printf("\n%s, %s, %d dynamic", plural(nq, "statement"), plural(len(inv.Refs), "use"), len(inv.Dynamic))
	if len(inv.Errors) > 0 {
		bw.printf(", %d not read", len(inv.Errors))
	}
	if len(inv.LibUses) > 0 {
		bw.printf(", %s of libraries not read", plural(len(inv.LibUses), "call"))
	}
	bw.printf("\n")
	return bw.err
}

// errPos names a file, with line and column when known.
func errPos(p analyzer.Pos) string {
	if p.Line == 0 {
		return p.File
	}
	return p.String()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
