package verdict

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/gomig"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// goRunnerRelease is a release whose migrations are the steps of a Go
// migration runner (listmonk's migList, spicedb's Register chain,
// xormigrate's list) and no SQL files: OLD's steps (or OLD's schema file)
// are the schema before it, NEW's steps OLD lacks are its migrations.
type goRunnerRelease struct {
	// oldStmts are OLD's steps' statements, in the runner's order (nil
	// when a schema file stands for them).
	oldStmts []*sqlast.Stmt
	// schemaFile is OLD's schema file taken as the schema before the
	// release ("" when OLD's steps are replayed).
	schemaFile string
	newFiles   []*migrations.File
	// histUnread are OLD's steps' sites that were not read: the schema
	// before the release may differ from the replay where they act.
	histUnread []histSite
	unread     []Unread
	warnings   []Warning
	// files are the Go files of every step of either release: their
	// sites are the runner's, not other Go code's, and not old code.
	files map[string]bool
}

// histSite is a site of OLD's runner that was not read, with what its
// shape tells: it changes rows only, or the tables it acts on.
type histSite struct {
	step     string
	site     gomig.Site
	dataOnly bool
	tables   []string // "" entries never; empty when not known
}

// schemaFiles are the names of a schema file a Go-runner project keeps
// beside its migrations for fresh installs (listmonk's schema.sql, which
// its install runs; the upgrade steps move an older database to it).
var schemaFiles = []string{"schema.sql"}

// readGoRunners reads the Go migration runners of both releases when NEW
// has no SQL migrations; nil when NEW has no runner with steps.
func readGoRunners(oldT, newT Tree, opts Options, newSet *migrations.Set) *goRunnerRelease {
	if len(newSet.Files) > 0 || len(opts.Migrations.Dirs) > 0 || len(opts.Migrations.Include) > 0 {
		return nil
	}
	newFS, err := treeFS(newT)
	if err != nil {
		return nil
	}
	excl := append(append([]string(nil), opts.Migrations.Exclude...), opts.GoExclude...)
	o := gomig.Options{Excluded: func(p string) bool { return migrations.Excluded(excl, p) }}
	newRuns := withSteps(gomig.Runners(newFS, o))
	if len(newRuns) == 0 {
		return nil
	}
	var oldRuns []*gomig.Runner
	var oldFS fs.FS
	if oldFS, err = treeFS(oldT); err == nil {
		oldRuns = withSteps(gomig.Runners(oldFS, o))
	}
	g := &goRunnerRelease{files: map[string]bool{}}
	for _, runs := range [][]*gomig.Runner{oldRuns, newRuns} {
		for _, r := range runs {
			for _, st := range r.Steps {
				g.files[st.File] = true
				for _, s := range append(append([]gomig.Site(nil), st.Stmts...), st.Unread...) {
					g.files[s.File] = true
				}
			}
		}
	}
	// The schema before the release: OLD's schema file, when the project
	// keeps one for fresh installs, else OLD's steps replayed.
	if opts.Schema == "" && oldFS != nil {
		for _, n := range schemaFiles {
			if st, err := fs.Stat(oldFS, n); err == nil && st.Mode().IsRegular() {
				g.schemaFile = n
				break
			}
		}
	}
	if opts.Schema != "" {
		g.schemaFile = opts.Schema
	}
	oldSteps := map[string]map[string]gomig.Step{} // runner key → step ID → step
	for _, r := range oldRuns {
		m := map[string]gomig.Step{}
		for _, st := range r.Steps {
			m[st.ID] = st
			if g.schemaFile != "" {
				continue
			}
			for _, s := range st.Stmts {
				stmts, _ := parseGoSQL(s)
				g.oldStmts = append(g.oldStmts, stmts...)
			}
			for _, u := range st.Unread {
				g.histUnread = append(g.histUnread, classifyHist(st.ID, u))
			}
		}
		if g.schemaFile == "" {
			// what the runner runs at every start, after the steps
			for _, s := range r.Start {
				stmts, _ := parseGoSQL(s)
				g.oldStmts = append(g.oldStmts, stmts...)
			}
			for _, u := range r.StartUnread {
				g.histUnread = append(g.histUnread, classifyHist("(the runner's start)", u))
			}
		}
		oldSteps[runnerKey(r)] = m
	}
	oldStart := map[string]bool{}
	for _, r := range oldRuns {
		for _, s := range r.Start {
			oldStart[strings.Join(strings.Fields(s.SQL), " ")] = true
		}
		for _, u := range r.StartUnread {
			oldStart["unread\x00"+u.Reason] = true
		}
	}
	for _, r := range oldRuns {
		for _, st := range r.Steps {
			g.files[st.File] = true
		}
		for _, s := range append(append([]gomig.Site(nil), r.Start...), r.StartUnread...) {
			g.files[s.File] = true
		}
	}
	for _, r := range newRuns {
		old := oldSteps[runnerKey(r)]
		for _, p := range r.Problems {
			g.unread = append(g.unread, Unread{
				Kind: UnreadGoMigration, File: p.File, Line: p.Line, Col: p.Col,
				Reason: fmt.Sprintf("the Go migration runner in %s: %s, so which of its migrations are new in this release is not known", r.Dir, p.Reason),
				Help:   "register each migration with constant names, or check by hand what the release's Go migrations change and pass --allow-unread",
			})
		}
		newIDs := map[string]bool{}
		nNew := 0
		for _, st := range r.Steps {
			if _, ok := old[st.ID]; !ok {
				nNew++
			}
		}
		if nNew > 0 && r.Kind == "chain" && oldFS != nil {
			if u, ok := revisionGate(oldFS, r, oldT.Label); ok {
				g.unread = append(g.unread, u)
			}
		}
		for _, st := range r.Steps {
			newIDs[st.ID] = true
			if o, ok := old[st.ID]; ok {
				if stepSQL(o) != stepSQL(st) {
					g.warnings = append(g.warnings, Warning{
						Message: fmt.Sprintf("Go migration %q (%s:%d) changed since %s; databases that already ran it keep what the old version did", st.ID, st.File, st.Line, oldT.Label),
						File:    st.File, Line: st.Line,
					})
				}
				continue
			}
			g.addNewStep(r, st)
		}
		// what NEW's runner runs at every start that OLD's did not (a
		// model's new column): after the new steps
		var start gomig.Step
		start.ID = "(the runner's start)"
		for _, x := range r.Start {
			g.files[x.File] = true
			if !oldStart[strings.Join(strings.Fields(x.SQL), " ")] {
				start.Stmts = append(start.Stmts, x)
			}
		}
		for _, u := range r.StartUnread {
			g.files[u.File] = true
			if !oldStart["unread\x00"+u.Reason] {
				start.Unread = append(start.Unread, u)
			}
		}
		if len(start.Stmts)+len(start.Unread) > 0 {
			start.File = r.File
			g.addNewStep(r, start)
		}
		for id, o := range old {
			if !newIDs[id] {
				g.warnings = append(g.warnings, Warning{
					Message: fmt.Sprintf("Go migration %q of %s (%s:%d) is no longer in %s's runner", id, oldT.Label, o.File, o.Line, newT.Label),
					File:    o.File, Line: o.Line,
				})
			}
		}
	}
	sort.SliceStable(g.warnings, func(i, j int) bool { return g.warnings[i].Message < g.warnings[j].Message })
	return g
}

func withSteps(rs []*gomig.Runner) []*gomig.Runner {
	out := rs[:0]
	for _, r := range rs {
		if len(r.Steps) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func runnerKey(r *gomig.Runner) string { return r.Kind + "\x00" + r.Dir }

func stepSQL(st gomig.Step) string {
	var b strings.Builder
	for _, s := range st.Stmts {
		b.WriteString(strings.Join(strings.Fields(s.SQL), " "))
		b.WriteString("\x00")
	}
	return b.String()
}

// addNewStep makes a step new in the release one migration file.
func (g *goRunnerRelease) addNewStep(r *gomig.Runner, st gomig.Step) {
	file := st.File
	if len(st.Stmts) > 0 {
		file = st.Stmts[0].File
	} else if len(st.Unread) > 0 {
		file = st.Unread[0].File
	}
	f := &migrations.File{
		Path: file, Dir: r.Dir, Version: st.ID, Name: st.ID,
		Format: GoCode, Kind: migrations.Versioned, Up: &migrations.Section{},
	}
	for _, s := range st.Stmts {
		stmts, errs := parseGoSQL(s)
		f.Up.Stmts = append(f.Up.Stmts, stmts...)
		for _, e := range errs {
			g.unread = append(g.unread, Unread{
				Kind: UnreadSyntax, File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col,
				Reason: fmt.Sprintf("the SQL Go migration %q runs does not parse: %s", st.ID, e.Msg),
				Help:   "fix the statement",
			})
		}
	}
	for _, u := range st.Unread {
		g.unread = append(g.unread, Unread{
			Kind: UnreadGoMigration, File: u.File, Line: u.Line, Col: u.Col,
			Reason: fmt.Sprintf("Go migration %q, new in this release, is not read here: %s", st.ID, u.Reason),
			Help:   "write the change as a constant SQL string so rbcheck can read it, or check by hand what it changes and pass --allow-unread",
		})
	}
	g.newFiles = append(g.newFiles, f)
}

// classifyHist reads an unread site of OLD's runner by its shape: a
// statement that changes rows only cannot make the schema differ; one
// that changes the schema acts on the tables it names.
func classifyHist(step string, u gomig.Site) histSite {
	h := histSite{step: step, site: u}
	if len(u.Shapes) == 0 {
		return h
	}
	data := true
	for _, sh := range u.Shapes {
		stmts, errs := pgparse.Parse(u.File, sh)
		if len(errs) > 0 || len(stmts) == 0 {
			// a shape whose run-time part is not a name (woodpecker's
			// `ALTER TABLE "forges" %s` of DROP COLUMN clauses): its
			// table, when it names one first
			m := shapeTable().FindStringSubmatch(sh)
			if m == nil || strings.Contains(m[1], "rbcheck_runtime") {
				return histSite{step: step, site: u}
			}
			data = false
			h.tables = append(h.tables, strings.ToLower(m[1]))
			continue
		}
		for _, st := range stmts {
			switch st.Kind {
			case "InsertStmt", "UpdateStmt", "DeleteStmt", "SelectStmt":
				continue
			}
			data = false
			t := stmtTable(st)
			if t == "" || strings.Contains(t, "rbcheck_runtime") {
				return histSite{step: step, site: u}
			}
			h.tables = append(h.tables, t)
		}
	}
	h.dataOnly = data
	return h
}

var shapeTable = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)^\s*alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?"?([a-z_][a-z0-9_$]*)"?\s`)
})

// stmtTable is the table a schema statement acts on ("" when rbcheck does
// not model it so).
func stmtTable(st *sqlast.Stmt) string {
	switch n := st.Node.(type) {
	case *sqlast.AlterTable:
		return n.Table.Name
	case *sqlast.CreateIndex:
		return n.Table.Name
	}
	return ""
}

// baseline is the schema before the release: OLD's schema file, or OLD's
// steps replayed over base.
func (g *goRunnerRelease) baseline(oldT Tree, base *catalog.Catalog, searchPath []string) (*catalog.Catalog, []*sqlast.ParseError, []Warning) {
	if g.schemaFile != "" {
		if b, errs, ok := loadSchema(oldT, g.schemaFile); ok {
			b.SetPath(searchPath)
			return b, errs, []Warning{{
				Message: fmt.Sprintf("the schema before the release is %s's %s (the schema a fresh install runs; the Go migrations move older databases to it), not a replay of its Go migrations", oldT.Label, g.schemaFile),
				File:    g.schemaFile,
			}}
		}
	}
	for _, s := range g.oldStmts {
		base.Apply(s, catalog.Existing)
	}
	return base, nil, nil
}

// histItems says what of OLD's runner was not read: a site that changes
// rows only is left out; one whose tables the release changes, or whose
// tables are not known, leaves the schema the release is judged on
// unknown; the rest are warnings.
func (g *goRunnerRelease) histItems(changes []*change.Change, oldLabel string) ([]Unread, []Warning) {
	touched := map[string]bool{}
	for _, c := range changes {
		if c.Table.Name != "" {
			touched[c.Table.Name] = true
		}
	}
	var us []Unread
	var ws []Warning
	for _, h := range g.histUnread {
		if h.dataOnly {
			continue
		}
		var hit []string
		for _, t := range h.tables {
			if touched[t] {
				hit = append(hit, t)
			}
		}
		where := fmt.Sprintf("Go migration %q of %s is not read at %s:%d:%d (%s)", h.step, oldLabel, h.site.File, h.site.Line, h.site.Col, h.site.Reason)
		switch {
		case len(h.tables) == 0:
			us = append(us, Unread{
				Kind: UnreadGoMigration, File: h.site.File, Line: h.site.Line, Col: h.site.Col,
				Reason: where + ": the schema before the release may differ from what rbcheck replayed, in objects it cannot name",
				Help:   "check by hand what that migration changed, then pass --allow-unread",
			})
		case len(hit) > 0:
			us = append(us, Unread{
				Kind: UnreadGoMigration, File: h.site.File, Line: h.site.Line, Col: h.site.Col,
				Reason: where + fmt.Sprintf(": it changes table %s, which this release changes too, so the schema the release is judged on may be wrong there", strings.Join(hit, ", ")),
				Help:   "check by hand what that migration changed, then pass --allow-unread",
			})
		default:
			ws = append(ws, Warning{
				Message: where + fmt.Sprintf(": it changes table %s, which this release does not change", strings.Join(h.tables, ", ")),
				File:    h.site.File, Line: h.site.Line,
			})
		}
	}
	return us, ws
}

// dropGoSites leaves out of the other Go code's changes the sites of the
// runners' steps, which the runner release already has.
func (g *goRunnerRelease) dropGoSites(gc *goChanges) {
	kept := gc.files[:0]
	for _, f := range gc.files {
		if !g.files[f.Path] {
			kept = append(kept, f)
		}
	}
	gc.files = kept
	ku := gc.unread[:0]
	for _, u := range gc.unread {
		if !g.files[u.File] {
			ku = append(ku, u)
		}
	}
	gc.unread = ku
}

// inRunner reports whether old code's site is in a file of a runner's
// steps: SQL that ran once, at migration time.
func (g *goRunnerRelease) inRunner(file string) bool { return g != nil && g.files[path.Clean(file)] }

// selfRewrite: UPDATE t SET c = <expression naming c> (listmonk v6.2.0's
// SET password = ENCODE(DIGEST(password, 'sha256'), 'hex')).
var selfRewrite = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)^\s*update\s+(?:only\s+)?("?[a-z_][a-z0-9_$]*"?(?:\."?[a-z_][a-z0-9_$]*"?)?)\s+(?:as\s+)?(?:[a-z_][a-z0-9_]*\s+)?set\s+"?([a-z_][a-z0-9_$]*)"?\s*=\s*(.*)$`)
})

// computedRewrites: a step new in the release that rewrites an existing
// column from its own values (hashes, re-encodes, converts it) changes
// what the old code reads there, which rbcheck cannot judge; unless the
// old code provably does not use the column (every statement read, none
// naming it), the verdict is unknown.
func (g *goRunnerRelease) computedRewrites(newFiles []*migrations.File, oc *OldCode) []Unread {
	var out []Unread
	for _, f := range newFiles {
		if f.Format != GoCode || f.Up == nil {
			continue
		}
		for _, st := range f.Up.Stmts {
			if st.Kind != "UpdateStmt" {
				continue
			}
			m := selfRewrite().FindStringSubmatch(st.Text)
			if m == nil {
				continue
			}
			table := strings.ToLower(strings.Trim(m[1], `"`))
			if i := strings.LastIndexByte(table, '.'); i >= 0 {
				table = table[i+1:]
			}
			col := strings.ToLower(m[2])
			rhs := m[3]
			if i := regexp.MustCompile(`(?i)\bwhere\b`).FindStringIndex(rhs); i != nil {
				rhs = rhs[:i[0]]
			}
			// c || x (an array element or JSON keys added) keeps what was
			// there: the old code reads a superset
			named := regexp.MustCompile(`(?i)(^|[^a-z0-9_.])` + regexp.QuoteMeta(col) + `([^a-z0-9_]|$)`)
			additive := regexp.MustCompile(`(?is)^\s*"?` + regexp.QuoteMeta(col) + `"?(\s*::\s*[a-z_\[\]]+)?\s*\|\|`)
			if !named.MatchString(rhs) || (additive.MatchString(rhs) && !named.MatchString(additive.ReplaceAllString(rhs, ""))) {
				continue
			}
			used := len(oc.Dynamic) > 0
			for _, u := range oc.Uses {
				if strings.EqualFold(u.Table.Name, table) && (u.Column == "" || u.Column == "*" || strings.EqualFold(u.Column, col)) {
					used = true
				}
			}
			if !used {
				continue
			}
			out = append(out, Unread{
				Kind: UnreadGoMigration, File: st.Pos.File, Line: st.Pos.Line, Col: st.Pos.Col,
				Reason: fmt.Sprintf("Go migration %q rewrites column %s.%s from its own values (%s): whether the old code still understands the new values is not something rbcheck can decide, and the old code uses the table or builds SQL at run time", f.Version, table, col, clip(strings.Join(strings.Fields(rhs), " "))),
				Help:   "check by hand that the old release reads the rewritten values correctly (or ship the rewrite with code that reads both forms first), then pass --allow-unread",
			})
		}
	}
	return out
}

// clip shortens an expression quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

// revisionGate: OLD's code outside the runner's folder asks the chain for
// its head revision (spicedb's migrations.DatabaseMigrations.HeadRevision()
// in its readiness check): the old binary then compares the database's
// revision with its own head, and a database migrated past it is refused
// unless the operator allows that revision, which rbcheck cannot see.
func revisionGate(oldFS fs.FS, r *gomig.Runner, oldLabel string) (Unread, bool) {
	root := path.Dir(r.Dir)
	var hit Unread
	found := false
	_ = fs.WalkDir(oldFS, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipDir
		}
		if d.IsDir() {
			if p == r.Dir || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := fs.ReadFile(oldFS, p)
		if err != nil || len(b) > 4<<20 {
			return nil
		}
		if i := strings.Index(string(b), ".HeadRevision("); i >= 0 {
			line := 1 + strings.Count(string(b[:i]), "\n")
			col := i - strings.LastIndexByte(string(b[:i]), '\n')
			found = true
			hit = Unread{
				Kind: UnreadGoMigration, File: p, Line: line, Col: col,
				Reason: fmt.Sprintf("%s's code compares the database's migration revision with the head of its own chain (%s): after this release's migrations the database is at a revision %s does not know, which it refuses unless that revision is allowed in its configuration, which rbcheck cannot see", oldLabel, r.Dir, oldLabel),
				Help:   "when rolling back, start the old release with the new head revision allowed (spicedb: --datastore-allowed-migrations), then pass --allow-unread",
			}
		}
		return nil
	})
	return hit, found
}
