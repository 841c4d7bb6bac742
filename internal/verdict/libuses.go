package verdict

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
)

// LibUse is a call of the old code into a database library rbcheck does
// not read (ent's generated client, xorm, goqu, zdb's "load:name" queries…).
type LibUse struct {
	File      string
	Line, Col int
	Lib       string
	Call      string
	Generated bool // in a generated file
	// Load: the statement is loaded by this name at run time (zdb's
	// "load:name"); see OldCode.dropLoaded.
	Load string
}

// dropLoaded drops the uses that load a statement by name from a file the
// old code embeds and rbcheck read (name, name.sql, …: a site of Queries,
// Uses or Dynamic lies in it).
func (oc *OldCode) dropLoaded() {
	read := analyzer.LoadedFiles{}
	for _, q := range oc.Queries {
		read.Add(q.Site.File)
	}
	for _, u := range oc.Uses {
		read.Add(u.Site.File)
	}
	for _, d := range oc.Dynamic {
		read.Add(d.File)
	}
	out := oc.LibUses[:0]
	for _, u := range oc.LibUses {
		if !read.Loads(u.Load) {
			out = append(out, u)
		}
	}
	oc.LibUses = out
}

// unreadLibraries turns the old code's calls into libraries rbcheck does
// not read into one unread item per library, for a release that changes
// objects such calls could use (affected, sorted). What those calls
// insert, read or update is not known, so the release cannot be called
// safe on the rest of the old code.
func unreadLibraries(uses []LibUse, affected []string) []Unread {
	if len(uses) == 0 || len(affected) == 0 {
		return nil
	}
	type agg struct {
		calls, gen int
		pkgs       map[string]bool
		first      *LibUse // the first call outside generated code, else the first call, else the first import
	}
	rank := func(u *LibUse) int {
		r := 0
		if u.Generated {
			r++
		}
		if strings.HasPrefix(u.Call, "import ") {
			r += 2
		}
		return r
	}
	byLib := map[string]*agg{}
	var names []string
	for i := range uses {
		u := &uses[i]
		a := byLib[u.Lib]
		if a == nil {
			a = &agg{pkgs: map[string]bool{}}
			byLib[u.Lib] = a
			names = append(names, u.Lib)
		}
		a.calls++
		if u.Generated {
			a.gen++
		}
		a.pkgs[path.Dir(u.File)] = true
		if a.first == nil || rank(u) < rank(a.first) {
			a.first = u
		}
	}
	sort.Strings(names)
	objs := strings.Join(affected, ", ")
	if len(affected) > 5 {
		objs = strings.Join(affected[:5], ", ") + fmt.Sprintf(" and %d more", len(affected)-5)
	}
	var out []Unread
	for _, n := range names {
		a := byLib[n]
		what := analyzer.LibraryNotRead(n)
		if what != "" {
			what = " (" + what + ")"
		}
		e := a.first
		calls := plural(a.calls, "use")
		if a.gen > 0 {
			calls += fmt.Sprintf(" (%d in generated code)", a.gen)
		}
		where := "in " + plural(len(a.pkgs), "folder")
		if e.Generated {
			where += ", in generated code such as"
		} else {
			where += ", such as"
		}
		out = append(out, Unread{
			Kind: UnreadLibrary, File: e.File, Line: e.Line, Col: e.Col,
			Reason: fmt.Sprintf("the old code uses the database through %s, which rbcheck does not read%s: %s %s %s:%d (%s); whether they use what this release changes (%s) is not known",
				n, what, calls, where, e.File, e.Line, e.Call, objs),
			Help: "check these uses by hand against the changes listed, then pass --allow-unread (or release.allow-unread: true in .rbcheck.yaml); " +
				"if the code does not run against this database, add its files to go.exclude in .rbcheck.yaml",
		})
	}
	return out
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
