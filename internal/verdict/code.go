package verdict

import (
	"fmt"
	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// FromInventory turns the Go-side analysis of a release into the verdict's
// view of what that release's code uses.
func FromInventory(inv *analyzer.Inventory) *OldCode {
	oc := &OldCode{}
	if inv == nil {
		return oc
	}
	for _, r := range inv.Refs {
		if r.Migration { // an embedded migration file: not a use
			continue
		}
		oc.Uses = append(oc.Uses, Use{
			Table: r.Table, Column: r.Column, Candidates: r.Candidates,
			Site: Site{File: r.Pos.File, Line: r.Pos.Line, Col: r.Pos.Col, SQL: r.SQL, Kind: r.Kind, Confidence: string(r.Confidence), Via: r.Via,
				Certain: r.Certain, Unreachable: r.Unreachable, At: completedAt(r.At)},
			Dest: r.Dest, Write: r.Write,
		})
	}
	for _, q := range inv.Queries {
		if q.Migration {
			continue
		}
		kind := sqlast.UseSelect
		if q.Query != nil && q.Query.Kind != "" {
			kind = sqlast.UseKind(q.Query.Kind)
		}
		oc.Queries = append(oc.Queries, Query{
			Site:  Site{File: q.Pos.File, Line: q.Pos.Line, Col: q.Pos.Col, SQL: q.SQL, Kind: kind, Confidence: string(q.Confidence), Via: q.Via, Unreachable: q.Unreachable, At: completedAt(q.At)},
			Query: q.Query, Scan: q.Scan, Dests: q.Dests, Built: q.Built, Args: q.Args,
		})
	}
	for _, d := range inv.Dynamic {
		if d.Migration || d.Unreachable != "" {
			continue // an embedded migration, or code that cannot run
		}
		oc.Dynamic = append(oc.Dynamic, Site{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, SQL: d.Reason, Confidence: "dynamic", Via: d.Via})
	}
	for _, u := range inv.LibUses {
		oc.LibUses = append(oc.LibUses, LibUse{File: u.Pos.File, Line: u.Pos.Line, Col: u.Pos.Col, Lib: u.Lib, Call: u.Call, Generated: u.Generated, Load: u.Load})
	}
	for _, e := range inv.Errors {
		oc.Unread = append(oc.Unread, Unread{
			Kind: UnreadOldCode, File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col,
			Reason: "the old code's analysis did not read this file (" + e.Kind + "): " + e.Reason + "; what it uses is not known",
			Help:   oldCodeHelp(e.Kind),
		})
	}
	return oc
}

// oldCodeHelp is the fix for a file the Go analysis could not read.
func oldCodeHelp(kind string) string {
	switch kind {
	case analyzer.ErrInternal:
		return "this is a bug in rbcheck: report it with the file; meanwhile check what the file does with the database by hand and pass --allow-unread"
	case analyzer.ErrSyntax:
		return "if the file is not part of the build (a template, an ignored file), add it to go.exclude in .rbcheck.yaml"
	}
	return "make the file readable (permissions, a missing object, Git LFS), or add it to go.exclude in .rbcheck.yaml if the code does not use the database"
}

// CatalogSchema lets the query analysis resolve unqualified columns in
// multi-table queries with the schema the migrations built.
type CatalogSchema struct{ Cat *catalog.Catalog }

// Columns returns the columns of table t, if the catalog knows it.
func (s CatalogSchema) Columns(t sqlast.Name) ([]string, bool) {
	if s.Cat == nil {
		return nil, false
	}
	tab := s.Cat.Table(t)
	if tab == nil {
		return nil, false
	}
	cols := make([]string, 0, len(tab.Columns))
	for _, c := range tab.Columns {
		cols = append(cols, c.Name)
	}
	return cols, true
}

// ConfirmModels upgrades ORM model uses whose table name was derived by the
// ORM's naming convention (partial) to exact when the schema has that table
// with that column: the convention and the schema agree, so the model maps it.
func (oc *OldCode) ConfirmModels(cat *catalog.Catalog) {
	if cat == nil {
		return
	}
	for i := range oc.Uses {
		u := &oc.Uses[i]
		if u.Site.Kind != sqlast.UseModel || u.Site.Confidence != "partial" || u.Table.Name == "" {
			continue
		}
		t := cat.Table(u.Table)
		if t == nil {
			continue
		}
		if u.Column == "" || t.Column(u.Column) != nil {
			u.Site.Confidence = "exact"
		}
	}
}

// PackageCode is the view of one package's analysis that the Go-side
// checks (analyzer/migrationcheck) look the declared uses up in, prepared
// as Check prepares the old release's: ORM models confirmed against cat,
// unqualified table names resolved through path (the statements are
// copied first: inv's stay as the analysis made them). Its Evidence is
// the verdict's, so the two drivers judge a use the same way.
func PackageCode(inv *analyzer.Inventory, cat *catalog.Catalog, path []string) *OldCode {
	oc := FromInventory(inv)
	oc.ConfirmModels(cat)
	if len(path) > 1 || len(path) == 1 && path[0] != catalog.DefaultSchema {
		for i := range oc.Queries {
			if q := oc.Queries[i].Query; q != nil {
				c := *q
				c.Uses = append([]sqlast.Use(nil), q.Uses...)
				for j := range c.Uses {
					c.Uses[j].Candidates = append([]sqlast.Name(nil), c.Uses[j].Candidates...)
				}
				if q.InsertTable != nil {
					t := *q.InsertTable
					c.InsertTable = &t
				}
				c.Conflicts = append(c.Conflicts[:0:0], q.Conflicts...)
				c.Literals = append(c.Literals[:0:0], q.Literals...)
				oc.Queries[i].Query = &c
			}
		}
		for i := range oc.Uses {
			oc.Uses[i].Candidates = append([]sqlast.Name(nil), oc.Uses[i].Candidates...)
		}
	}
	oc.resolveSchemas(cat, path)
	oc.indexUses()
	return oc
}

// ScanAt is how the code consumes the rows of the statement a site
// belongs to (analyzer.QuerySite.Scan); nil when not known.
func (oc *OldCode) ScanAt(s Site) *analyzer.Scan { return oc.scanAt(s) }

// completedAt is Site.At of an analyzer.Ref.At.
func completedAt(p analyzer.Pos) []string {
	if p.File == "" {
		return nil
	}
	return []string{fmt.Sprintf("%s:%d", p.File, p.Line)}
}
