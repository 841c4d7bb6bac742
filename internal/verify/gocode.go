package verify

import (
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/verdict"
)

// NotApplied is a schema change the release makes that verify could not
// apply to its scratch database: SQL NEW's Go code builds at run time, an
// ORM's schema call (gorm's AutoMigrate), a Go migration whose SQL rbcheck
// does not see. The database verify checks is then not the one the release
// makes, so the Postgres verdict is unknown ("could not verify").
type NotApplied struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Reason string `json:"reason"`
}

// notAppliedOf lists what of the release's schema changes the static
// verdict could not read from Go code: verify cannot apply it either. The
// constant SQL it did read is among static.NewFiles and is applied.
func notAppliedOf(static *verdict.Result) []NotApplied {
	out := []NotApplied{}
	for _, u := range static.Unread {
		switch {
		case u.Kind == verdict.UnreadGoMigration,
			u.Kind == verdict.UnreadUnknownFmt && migrations.IsGoMigration(u.File):
			out = append(out, NotApplied{File: u.File, Line: u.Line, Column: u.Col, Reason: u.Reason})
		}
	}
	return out
}

// notRun leaves out of gos (goose Go migrations) those verify applied
// whole: a new Go migration whose every statement was read.
func notRun(gos []string, newFiles []*migrations.File, notApplied []NotApplied) []string {
	partial := map[string]bool{}
	for _, n := range notApplied {
		partial[n.File] = true
	}
	applied := map[string]bool{}
	for _, f := range newFiles {
		if f.Format == verdict.GoCode && !partial[f.Path] {
			applied[f.Path] = true
		}
	}
	var out []string
	for _, g := range gos {
		if !applied[g] {
			out = append(out, g)
		}
	}
	return out
}

// goCodeBefore is the Go file of a change verify could not apply that ran
// before f in production, as far as the order is known: Go code that is no
// goose migration runs after the SQL migrations, so before f only when f is
// such Go code too. "" when there is none (a goose Go migration is found by
// goBefore).
func goCodeBefore(notApplied []NotApplied, f *migrations.File) string {
	if f == nil || f.Format != verdict.GoCode || f.Version != "" {
		return ""
	}
	for _, n := range notApplied {
		if !migrations.IsGoMigration(n.File) {
			return n.File
		}
	}
	return ""
}
