package verify

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
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
// constant SQL it did read is among static.NewFiles and is applied, unless
// noSchema: the release has Go migrations and no SQL ones to build the
// schema they run on (or a configured migrations path selects nothing).
func notAppliedOf(static *verdict.Result) (out []NotApplied, noSchema bool) {
	out = []NotApplied{}
	// a go-migration item at a statement that was read (a step that
	// rewrites a column from its own values, unknown for what it means to
	// the old code) is applied all the same
	read := map[string]bool{}
	for _, f := range static.NewFiles {
		for _, st := range f.Up.Stmts {
			read[siteKey(st.Pos.File, st.Pos.Line)] = true
		}
	}
	for _, u := range static.Unread {
		if u.Kind == verdict.UnreadGoMigration && read[siteKey(u.File, u.Line)] {
			continue
		}
		switch {
		case u.Kind == verdict.UnreadGoMigration,
			u.Kind == verdict.UnreadUnknownFmt && migrations.IsGoMigration(u.File),
			// a folder of Go migrations without SQL ones (listmonk's
			// internal/migrations), or a configured migrations path that
			// selects nothing: verify has not the schema they build
			u.Kind == verdict.UnreadNoMatch && u.File != "":
			out = append(out, NotApplied{File: u.File, Line: u.Line, Column: u.Col, Reason: u.Reason})
			noSchema = noSchema || u.Kind == verdict.UnreadNoMatch
		}
	}
	return out, noSchema
}

// withoutGoCode leaves out the Go files: without the schema they run on,
// their SQL would fail for that reason alone.
func withoutGoCode(files []*migrations.File) []*migrations.File {
	var out []*migrations.File
	for _, f := range files {
		if f.Format != verdict.GoCode {
			out = append(out, f)
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

// duplicateObject are the SQLSTATEs of a statement that creates what is
// already there (a column, table, index or constraint, schema, function).
var duplicateObject = map[string]bool{"42701": true, "42P07": true, "42710": true, "42P06": true, "42723": true}

// goTolerance decides whether NEW's Go code goes on after one of its
// statements failed because what it creates already exists: the function
// that runs it checks for that error (shiori v1.7.0's
// `strings.Contains(err.Error(), "… already exists")`). Read from the Go
// source (go/parser; nothing is built or run).
type goTolerance struct {
	tree   verdict.Tree
	pg     *Postgres
	parsed map[string]*ast.File
	fset   *token.FileSet
}

// goesOn records and accepts a duplicate-object error of a Go-code
// statement whose function checks for it.
func (g *goTolerance) goesOn(f *migrations.File, s *sqlast.Stmt, err error) bool {
	var pe *pgconn.PgError
	if f.Format == verdict.GoCode && errors.As(err, &pe) && pe.Code == "42P02" {
		// a statement the Go code runs with arguments (a backfill's
		// INSERT … VALUES ($1)): verify has no values for them
		g.pg.NotApplied = append(g.pg.NotApplied, NotApplied{File: f.Path, Line: s.Pos.Line, Column: s.Pos.Col,
			Reason: "the statement takes arguments the Go code passes at run time, which verify does not have (" + pe.Message + ")"})
		return true
	}
	if f.Format != verdict.GoCode || !errors.As(err, &pe) || !duplicateObject[pe.Code] || !g.checksDuplicate(f.Path, s.Pos.Line) {
		return false
	}
	g.pg.AlreadyThere = append(g.pg.AlreadyThere, migErr(f.Path, s.Pos.Line, s.Text, err, false))
	return true
}

// checksDuplicate: the innermost function around line of the Go file
// names the error a duplicate object gives (a string saying "already
// exists", one of duplicateObject's SQLSTATEs, or an identifier such as
// pgerrcode.DuplicateColumn).
func (g *goTolerance) checksDuplicate(file string, line int) bool {
	if g.parsed == nil {
		g.parsed, g.fset = map[string]*ast.File{}, token.NewFileSet()
	}
	af, ok := g.parsed[file]
	if !ok {
		if b, err := verdict.ReadTreeFile(g.tree, file); err == nil {
			af, _ = parser.ParseFile(g.fset, file, b, parser.SkipObjectResolution)
		}
		g.parsed[file] = af
	}
	if af == nil {
		return false
	}
	var body *ast.BlockStmt
	ast.Inspect(af, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if g.fset.Position(n.Pos()).Line > line || g.fset.Position(n.End()).Line < line {
			return false
		}
		switch fn := n.(type) {
		case *ast.FuncDecl:
			body = fn.Body
		case *ast.FuncLit:
			body = fn.Body
		}
		return true
	})
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				v, err := strconv.Unquote(x.Value)
				v = strings.ToLower(v)
				if err == nil && (strings.Contains(v, "already exists") || duplicateObject[strings.ToUpper(v)]) {
					found = true
				}
			}
		case *ast.Ident:
			if strings.HasPrefix(x.Name, "Duplicate") {
				found = true
			}
		}
		return !found
	})
	return found
}

// runnerBaseline builds the schema before a Go runner's release the way
// the verdict took it: OLD's schema file (unless it is the --schema
// baseline, applied already), else OLD's steps' constant SQL in the
// runner's order, statement by statement. An error is OLD's, marked as
// following a Go migration verify ran only in part (what of OLD's steps
// rbcheck could not read is missing): the release is then not checkable.
//
// A step's statement that takes arguments from Go, or that creates what is
// there already where its function checks for that, is handled as for
// NEW's Go code (goTolerance): listed, and the next statement runs.
func runnerBaseline(ctx context.Context, conn *pgx.Conn, oldT verdict.Tree, static *verdict.Result, schema string, pg *Postgres) []MigrationError {
	if f := static.OldSchemaFile; f != "" {
		if f == schema {
			return nil
		}
		b, err := verdict.ReadTreeFile(oldT, f)
		if err != nil {
			return nil
		}
		sctx, cancel := statementContext(ctx, 1+strings.Count(string(b), ";"))
		defer cancel()
		if _, err := conn.PgConn().Exec(sctx, string(b)).ReadAll(); err != nil {
			return []MigrationError{migErr(f, 1, "", err, true)}
		}
		return nil
	}
	// one file per run of statements from the same Go file
	var files []*migrations.File
	for _, s := range static.OldSteps {
		if len(files) == 0 || files[len(files)-1].Path != s.Pos.File {
			files = append(files, &migrations.File{Path: s.Pos.File, Format: verdict.GoCode, Kind: migrations.Versioned, Up: &migrations.Section{}})
		}
		f := files[len(files)-1]
		f.Up.Stmts = append(f.Up.Stmts, s)
	}
	gt := &goTolerance{tree: oldT, pg: pg}
	for _, f := range files {
		if _, me := apply(ctx, conn, f, nil, gt.goesOn); me != nil {
			me.Old, me.AfterGoMigration = true, f.Path
			return []MigrationError{*me}
		}
	}
	return nil
}
