package builder

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/fixture"
	"github.com/rbcheck/rbcheck/internal/pgparse"
)

// describeBuilt renders queries as "Line:Ident|SQL|partial" for comparison;
// Ident is the identifier at Pos.
func describeBuilt(t *testing.T, fset *token.FileSet, qs []Query) []string {
	t.Helper()
	var out []string
	for _, q := range qs {
		p := ""
		if q.Partial {
			p = "|partial"
		}
		out = append(out, fmt.Sprintf("%d:%s|%s|%s%s", fset.Position(q.Pos).Line, fixture.IdentAt(t, fset, q.Pos), q.Via, q.SQL, p))
	}
	return out
}

func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestSquirrelFromFile(t *testing.T) {
	want := []string{
		"23:Select|squirrel|SELECT id, email FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1",
		"29:Select|squirrel|SELECT id, email FROM users WHERE email = $1 AND name LIKE $2 AND (deleted_at IS NOT NULL AND age > 18) ORDER BY created_at DESC",
		"44:Insert|squirrel|INSERT INTO users (email, name) VALUES ('a@b', now()) RETURNING id",
		"49:Update|squirrel|UPDATE users SET name = $1, age = 3, status = 'x' WHERE id = $2",
		"54:Delete|squirrel|DELETE FROM sessions WHERE expires_at < 5",
		"55:Delete|squirrel|DELETE FROM WHERE id = $1|partial",
		"60:Select|squirrel|SELECT id FROM accounts WHERE name LIKE $1",
		"66:Select|squirrel|SELECT count(*) FROM events GROUP BY kind HAVING count(*) > $1",
		"70:Select|squirrel|SELECT title FROM posts",
		"90:Select|squirrel|SELECT r.user_id FROM (SELECT user_id FROM orders WHERE created_at > now() - interval '1 day') AS r",
		"92:Insert|squirrel|INSERT INTO archive (user_id) SELECT id FROM users WHERE active = $1",
		"99:Update|squirrel|UPDATE users SET visits = visits + 1 WHERE id = $1",
		"104:Select|squirrel|SELECT id FROM jobs WHERE (state = 'new' OR run_at <= 0)",
		"109:Select|squirrel|SELECT id|partial",
		"113:Delete|squirrel|DELETE FROM tokens WHERE age >= 3",
		"117:Insert|squirrel|INSERT INTO t DEFAULT VALUES|partial",
		"124:Select|squirrel|SELECT name FROM teams WHERE id = 1",
		"134:Update|squirrel|UPDATE teams SET name = 'x'",
		"144:Select|squirrel|SELECT id FROM orders LIMIT 5|partial",
		"153:Update|squirrel|UPDATE jobs SET state = 'new' WHERE priority = 2",
	}
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "squirrel/repo.go", mode)
			got := describeBuilt(t, fset, squirrelFromFile(fset, f, info, nil))
			w := want
			if mode == fixture.Typed {
				// only full types show that the parameter q of applyFilter is a
				// squirrel builder
				w = append(append(append([]string(nil), want[:len(want)-2]...),
					"140:q.Where|squirrel|SELECT WHERE status = $1|partial"), want[len(want)-2:]...)
			}
			compareLines(t, got, w)
		})
	}
}

func TestGormChains(t *testing.T) {
	// User embeds gorm.Model: its queries and updates filter deleted_at,
	// its Delete is a soft delete (an UPDATE), unless Unscoped
	want := []string{
		"31:Table|gorm|SELECT id, name FROM users JOIN orders o ON o.user_id = users.id WHERE email_address = $1 AND users.deleted_at IS NULL ORDER BY created_at",
		"37:Model|gorm|SELECT * FROM users WHERE deleted_at = $1 AND name = $2 AND deleted_at IS NULL ORDER BY id LIMIT 10",
		"47:Where|gorm|SELECT * FROM billing.invoices WHERE amount > $1",
		"52:Model|gorm|UPDATE users SET name = $1 WHERE id = $2 AND deleted_at IS NULL",
		"56:Where|gorm|UPDATE users SET deleted_at = $1 WHERE email_address = $2 AND deleted_at IS NULL",
		"60:Model|gorm|SELECT count(*) FROM billing.invoices WHERE amount > 0",
		"70:Table|gorm|SELECT c.id FROM customers c|partial",
		"77:Find|gorm|SELECT * FROM users WHERE name <> $1 AND deleted_at IS NULL",
		"83:Model|gorm|UPDATE billing.invoices SET amount = $1, id = $2 WHERE id = $3",
		"90:Where|gorm|DELETE FROM users WHERE name = $1",
		"93:Delete|gorm|DELETE FROM billing.invoices WHERE id = $1",
		"97:Where|gorm|SELECT * FROM users WHERE name = $1 OR name = $2",
		"98:Where|gorm|SELECT * FROM users WHERE (name = $1 OR name = $2) AND deleted_at IS NULL",
	}
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "ormstubs/gormchains/repo.go", mode)
			got := describeBuilt(t, fset, ormChainsFromFile(fset, f, info, nil))
			compareLines(t, got, want)
			if qs := squirrelFromFile(fset, f, info, nil); len(qs) != 0 {
				t.Errorf("gorm chains reported as squirrel: %v", describeBuilt(t, fset, qs))
			}
		})
	}
}

func TestBunChains(t *testing.T) {
	want := []string{
		`26:NewSelect|bun|SELECT lower(email) FROM users AS "u" WHERE u.id = $1`,
		`31:NewSelect|bun|SELECT id FROM orders AS "order" JOIN users AS u ON u.id = "order".user_id WHERE "order".user_id = $1 ORDER BY id DESC`,
		`42:NewSelect|bun|SELECT x.id FROM users AS x WHERE x.email LIKE $1`,
		`46:NewUpdate|bun|UPDATE users AS "u" SET email = $1`,
		`49:NewInsert|bun|INSERT INTO users (id, email) VALUES ($1, $2) RETURNING id`,
		`52:NewDelete|bun|DELETE FROM orders AS "order" WHERE user_id = $1`,
		`61:NewSelect|bun|SELECT max("u"."id") FROM users AS "u" WHERE "email" = $1 AND "id" IS NOT NULL OR true`,
	}
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "ormstubs/bunchains/repo.go", mode)
			got := describeBuilt(t, fset, ormChainsFromFile(fset, f, info, nil))
			compareLines(t, got, want)
		})
	}
}

// TestBuiltSQLParses feeds every complete synthesised statement to the real
// Postgres parser (through pgparse) and checks the tables and columns it
// resolves for a few of them.
func TestBuiltSQLParses(t *testing.T) {
	type fx struct {
		rel string
		fn  func(*token.FileSet, *ast.File, *types.Info, func(ast.Expr) (string, bool)) []Query
	}
	fixtures := []fx{
		{"squirrel/repo.go", squirrelFromFile},
		{"ormstubs/gormchains/repo.go", ormChainsFromFile},
		{"ormstubs/bunchains/repo.go", ormChainsFromFile},
		{"ormstubs/gopgchains/repo.go", ormChainsFromFile},
		{"ormstubs/copyfrom/copy.go", copyFromCalls},
	}
	uses := map[string]string{}
	for _, fx := range fixtures {
		fset, f, info := fixture.Load(t, fx.rel, fixture.Syntax)
		for _, q := range fx.fn(fset, f, info, nil) {
			if q.Partial {
				continue
			}
			res, err := pgparse.AnalyzeQuery(q.SQL, nil)
			if err != nil {
				t.Errorf("%s: %q does not parse: %v", fset.Position(q.Pos), q.SQL, err)
				continue
			}
			var us []string
			for _, u := range res.Uses {
				us = append(us, u.Table.String()+"."+u.Column+"/"+string(u.Kind))
			}
			sort.Strings(us)
			uses[q.SQL] = strings.Join(us, " ")
		}
	}
	checks := map[string][]string{
		"SELECT id, email FROM users WHERE email = $1 AND name LIKE $2 AND (deleted_at IS NOT NULL AND age > 18) ORDER BY created_at DESC": {
			"users.email/select", "users.name/select", "users.deleted_at/select", "users.age/select", "users.created_at/select"},
		"SELECT id, email FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1":                                        {"orders.user_id/select", "users.id/select", ".email/select"},
		`SELECT id FROM orders AS "order" JOIN users AS u ON u.id = "order".user_id WHERE "order".user_id = $1 ORDER BY id DESC`: {"orders.user_id/select", "users.id/select"},
		`COPY "public"."users" ("email", "full_name") FROM STDIN`:                                                                {"public.users.email/copy", "public.users.full_name/copy"},
	}
	for sql, want := range checks {
		got, ok := uses[sql]
		if !ok {
			t.Errorf("statement not produced: %s", sql)
			continue
		}
		for _, w := range want {
			if !strings.Contains(" "+got+" ", " "+w+" ") {
				t.Errorf("%s: use %s missing from %s", sql, w, got)
			}
		}
	}
}

func TestGoPgChains(t *testing.T) {
	want := []string{
		`19:Model|go-pg|SELECT id, title FROM books AS "b" WHERE b.id = $1`,
		`25:Model|go-pg|SELECT id, title, author_id FROM books AS "b" ORDER BY title LIMIT 20`,
		`30:Model|go-pg|UPDATE books AS "b" SET title = $1 WHERE id = $2`,
		`35:Model|go-pg|SELECT count(*) FROM books AS "b" WHERE author_id IN ($1)`,
		`39:Model|go-pg|DELETE FROM books AS "b" WHERE id = $1`,
	}
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "ormstubs/gopgchains/repo.go", mode)
			got := describeBuilt(t, fset, ormChainsFromFile(fset, f, info, nil))
			compareLines(t, got, want)
		})
	}
}

// TestBuilderUsesCallerFold: the fold given by the caller is consulted
// before the built-in one, so values it knows (here the `table` and `col`
// parameters of dynamic) complete the statement.
func TestBuilderUsesCallerFold(t *testing.T) {
	fset, f, info := fixture.Load(t, "squirrel/repo.go", fixture.Syntax)
	fold := func(x ast.Expr) (string, bool) {
		switch v := x.(type) {
		case *ast.Ident:
			switch v.Name {
			case "table":
				return "audit", true
			case "col":
				return "actor", true
			}
		case *ast.BinaryExpr:
			if id, ok := v.X.(*ast.Ident); ok && id.Name == "col" {
				return "actor = ?", true
			}
		}
		return "", false
	}
	var got []string
	for _, q := range squirrelFromFile(fset, f, info, fold) {
		if fset.Position(q.Pos).Line == 109 || fset.Position(q.Pos).Line == 55 {
			got = append(got, fmt.Sprintf("%s partial=%v", q.SQL, q.Partial))
		}
	}
	want := []string{"DELETE FROM audit WHERE id = $1 partial=false", "SELECT id, actor FROM audit WHERE actor = $1 partial=false"}
	compareLines(t, got, want)
}

// TestBuildersOnGOROOT runs every builder extractor over a slice of the
// standard library (syntax only; fully typed would be slow): no panic, and
// nothing found in code that uses no query builder.
func TestBuildersOnGOROOT(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	astx.Rethrow = true
	defer func() { astx.Rethrow = false }()
	root := filepath.Join(runtime.GOROOT(), "src")
	var files, built int
	for _, dir := range []string{"database", "net/http", "go", "encoding", "crypto/tls", "text/template"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			fset := token.NewFileSet()
			f, perr := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if perr != nil {
				return nil
			}
			files++
			built += len(squirrelFromFile(fset, f, nil, nil))
			built += len(ormChainsFromFile(fset, f, nil, nil))
			built += len(copyFromCalls(fset, f, nil, nil))
			return nil
		})
	}
	if files < 100 {
		t.Fatalf("only %d files read from %s", files, root)
	}
	if built != 0 {
		t.Errorf("%d builder queries found in the standard library", built)
	}
}
