package verdict

import (
	"path"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Site is one place in the old release's code that uses the database.
type Site struct {
	File       string         `json:"file"`
	Line       int            `json:"line"`
	Col        int            `json:"column"`
	SQL        string         `json:"sql,omitempty"`
	Kind       sqlast.UseKind `json:"kind"`
	Confidence string         `json:"confidence"` // exact | partial
	Via        string         `json:"via,omitempty"`
	// Certain: a partial statement's use that names its table (column) in
	// constant text (analyzer.Ref.Certain): it counts as exact.
	Certain bool `json:"-"`
	// Unreachable: the function the site lies in, when nothing calls it
	// (analyzer.Ref.Unreachable): the statement cannot run.
	Unreachable string `json:"-"`
	// Note, when set, says of this site what Evidence.Unsure says of all
	// (the Go field it scans the column into, and why that may fail).
	Note string `json:"-"`
	// At lists, for a statement completed from a query builder kept in a
	// package variable (the site is the variable's chain), the calls
	// ("file:line") that complete and run it (analyzer.Ref.At).
	At []string `json:"-"`
}

// Use is one table or column use at a site.
type Use struct {
	Table      sqlast.Name
	Column     string // "" table only, "*" star
	Candidates []sqlast.Name
	Site       Site
	// Dest is, for a column an ORM model maps, the Go field that holds
	// it (analyzer.Ref.Dest); nil when not known.
	Dest *analyzer.Dest
	// Write is, for a column an ORM model maps, what a write of the model
	// gives it from its field (analyzer.Ref.Write); nil when not known.
	Write *analyzer.Arg
}

// Query is one statement the old code runs, with what it names (insert
// columns, ON CONFLICT targets, literals).
type Query struct {
	Site  Site
	Query *sqlast.Query
	// Scan is how the old code consumes the result rows, when the Go
	// analysis saw it at the call; nil when unknown.
	Scan *analyzer.Scan
	// Dests are the fields of the struct a by-name mapper fills with the
	// rows (analyzer.QuerySite.Dests); nil when not known.
	Dests []analyzer.Dest
	// Built: synthesised from an ORM or builder chain
	// (analyzer.QuerySite.Built).
	Built bool
	// Args are the Go arguments its placeholders are bound to
	// (analyzer.QuerySite.Args); nil when not known.
	Args []analyzer.Arg
}

// OldCode is the inventory of what the previous release's code touches.
type OldCode struct {
	Uses    []Use
	Queries []Query
	Dynamic []Site // statements that could not be resolved at all
	// Unread lists files the analysis could not read (an internal error in
	// one file): what they use is not known.
	Unread []Unread
	// LibUses are the calls into database libraries rbcheck does not read
	// (analyzer.LibUse): what they use is not known.
	LibUses []LibUse

	// byTable indexes Uses by table key, unresolved lists the uses whose
	// table was not resolved (see usesOf); built by indexUses.
	byTable    map[string][]int
	unresolved []int
}

// indexUses indexes Uses by table for the matchers; call it again after
// changing Uses.
func (oc *OldCode) indexUses() {
	oc.byTable = make(map[string][]int)
	oc.unresolved = oc.unresolved[:0]
	for i, u := range oc.Uses {
		if u.Table.Name == "" {
			oc.unresolved = append(oc.unresolved, i)
			continue
		}
		k := key(u.Table)
		oc.byTable[k] = append(oc.byTable[k], i)
	}
}

// usesOf calls f with every use of table t and every unresolved use that
// may be of t (it has t among its candidates).
func (oc *OldCode) usesOf(t sqlast.Name, f func(Use)) {
	if oc.byTable == nil {
		oc.indexUses()
	}
	for _, i := range oc.byTable[key(t)] {
		f(oc.Uses[i])
	}
	for _, i := range oc.unresolved {
		if hasCandidate(oc.Uses[i], t) {
			f(oc.Uses[i])
		}
	}
}

func key(n sqlast.Name) string {
	s := n.Schema
	if s == "" {
		s = "public"
	}
	return strings.ToLower(s) + "." + strings.ToLower(n.Name)
}

func sameTable(a, b sqlast.Name) bool { return a.Name != "" && key(a) == key(b) }

func hasCandidate(u Use, t sqlast.Name) bool {
	for _, c := range u.Candidates {
		if sameTable(c, t) {
			return true
		}
	}
	return false
}

// dropFiles removes the sites that lie in migration files of set, in Go
// files of its directories (goose Go migrations), and in .sql files of
// other migration directories (more): a migration the old code embeds to
// run at start-up has run once; it is not what the running code uses.
func (oc *OldCode) dropFiles(set *migrations.Set, more []string) {
	oc.dropIf(InMigrations(set, more))
}

// dropIf leaves out the old code's sites in the files drop reports.
func (oc *OldCode) dropIf(drop func(file string) bool) {
	uses := oc.Uses[:0]
	for _, u := range oc.Uses {
		if !drop(u.Site.File) {
			uses = append(uses, u)
		}
	}
	oc.Uses = uses
	qs := oc.Queries[:0]
	for _, q := range oc.Queries {
		if !drop(q.Site.File) {
			qs = append(qs, q)
		}
	}
	oc.Queries = qs
	dyn := oc.Dynamic[:0]
	for _, d := range oc.Dynamic {
		if !drop(d.File) {
			dyn = append(dyn, d)
		}
	}
	oc.Dynamic = dyn
	lus := oc.LibUses[:0]
	for _, u := range oc.LibUses {
		if !drop(u.File) {
			lus = append(lus, u)
		}
	}
	oc.LibUses = lus
}

// InMigrations reports whether a file (relative to the tree) is one of
// set's migration files, a Go file of one of its folders (goose Go
// migrations), or a .sql file of those folders or of more: a statement
// there ran once, at migration time; it is not what the running code
// uses. The verdict and the Go-side checks (analyzer/migrationcheck) leave
// such sites out alike.
func InMigrations(set *migrations.Set, more []string) func(file string) bool {
	files := map[string]bool{}
	for _, f := range set.Files {
		files[f.Path] = true
		if f.DownPath != "" {
			files[f.DownPath] = true
		}
	}
	dirs := map[string]bool{}
	for _, d := range set.Dirs {
		dirs[strings.TrimSuffix(d, "/")] = true
	}
	sqlDirs := map[string]bool{}
	for d := range dirs {
		sqlDirs[d] = true
	}
	for _, d := range more {
		sqlDirs[strings.TrimSuffix(d, "/")] = true
	}
	return func(file string) bool {
		if files[file] {
			return true
		}
		d := path.Dir(file)
		if strings.EqualFold(path.Ext(file), ".sql") {
			return sqlDirs[d]
		}
		return dirs[d]
	}
}
