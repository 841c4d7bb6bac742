// Command gen writes a synthetic Go module for benchmarking `rbcheck refs`
// against `go vet`: many packages of database/sql code (standard library
// only, so it builds offline) using every pattern the analyzer follows —
// constants across packages, fmt.Sprintf, strings.Join, strings.Builder, a
// cross-package wrapper, sqlc-style query constants with a DBTX interface,
// //go:embed .sql files, partly dynamic queries and test files.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("out", "", "directory to write the module into (created)")
	pkgs := flag.Int("pkgs", 100, "number of feature packages")
	files := flag.Int("files", 20, "Go files per feature package")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	if err := generate(*out, *pkgs, *files); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}

const mod = "bench.example/app"

func generate(dir string, npkg, nfiles int) error {
	w := func(rel, content string) error { return write(filepath.Join(dir, rel), content) }
	if err := w("go.mod", "module "+mod+"\n\ngo 1.22\n"); err != nil {
		return err
	}
	if err := w("internal/tables/tables.go", tablesGo); err != nil {
		return err
	}
	if err := w("internal/store/store.go", storeGo); err != nil {
		return err
	}
	if err := w("internal/store/queries/report.sql", "SELECT amount, paid FROM invoices WHERE paid;\nDELETE FROM refunds WHERE id = $1;\n"); err != nil {
		return err
	}
	var imports []string
	total := 2
	for p := 0; p < npkg; p++ {
		name := fmt.Sprintf("feat%03d", p)
		imports = append(imports, fmt.Sprintf("\t_ %q", mod+"/internal/"+name))
		for f := 0; f < nfiles; f++ {
			if err := w(fmt.Sprintf("internal/%s/f%02d.go", name, f), featureFile(name, p, f)); err != nil {
				return err
			}
			total++
		}
		if err := w(fmt.Sprintf("internal/%s/db.go", name), dbtxFile(name)); err != nil {
			return err
		}
		if err := w(fmt.Sprintf("internal/%s/feat_test.go", name), testFile(name)); err != nil {
			return err
		}
		total += 2
	}
	main := "package main\n\nimport (\n" + strings.Join(imports, "\n") + "\n)\n\nfunc main() {}\n"
	if err := w("cmd/app/main.go", main); err != nil {
		return err
	}
	fmt.Printf("wrote %d Go files in %d packages to %s\n", total+1, npkg+3, dir)
	return nil
}

const tablesGo = `// Package tables names the tables.
package tables

const (
	Users    = "users"
	Orders   = "orders"
	Invoices = "invoices"
	UserCols = "id, email, legacy_email"
)
`

const storeGo = `// Package store wraps database/sql.
package store

import (
	"context"
	"database/sql"
	_ "embed"
)

//go:embed queries/report.sql
var ReportSQL string

// Store forwards its SQL to the database.
type Store struct{ DB *sql.DB }

// Query is a wrapper: its q reaches QueryContext.
func (s *Store) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.DB.QueryContext(ctx, q, args...)
}

// MustExec is a wrapper of a wrapper-like shape.
func MustExec(db *sql.DB, q string) {
	if _, err := db.Exec(q); err != nil {
		panic(err)
	}
}
`

func featureFile(pkg string, p, f int) string {
	t := fmt.Sprintf("t_%03d_%02d", p, f)
	return fmt.Sprintf(`package %[1]s

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"%[3]s/internal/store"
	"%[3]s/internal/tables"
)

const select%[4]d = "SELECT id, name, created_at FROM %[2]s WHERE id = $1"

const insert%[4]d = `+"`"+`INSERT INTO %[2]s (id, name) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`+"`"+`

// Get%[4]d reads one row.
func Get%[4]d(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, select%[4]d, id).Scan(&name)
	return name, err
}

// Put%[4]d upserts.
func Put%[4]d(ctx context.Context, db *sql.DB, id int64, name string) error {
	_, err := db.ExecContext(ctx, insert%[4]d, id, name)
	return err
}

// Users%[4]d folds a Sprintf of constants from another package.
func Users%[4]d(ctx context.Context, s *store.Store) error {
	rows, err := s.Query(ctx, fmt.Sprintf("SELECT %%s FROM %%s WHERE id > %%d", tables.UserCols, tables.Users, %[4]d))
	if err != nil {
		return err
	}
	return rows.Close()
}

// Orders%[4]d builds its query in a strings.Builder.
func Orders%[4]d(db *sql.DB) error {
	var b strings.Builder
	b.WriteString("SELECT total FROM ")
	b.WriteString(tables.Orders)
	b.WriteString(" WHERE user_id = $1")
	rows, err := db.Query(b.String(), 1)
	if err != nil {
		return err
	}
	return rows.Close()
}

// Search%[4]d is partly dynamic.
func Search%[4]d(db *sql.DB, filters []string, order string) error {
	q := "SELECT id, name FROM %[2]s WHERE " + strings.Join(filters, " AND ")
	rows, err := db.Query(q + " ORDER BY " + order)
	if err != nil {
		return err
	}
	return rows.Close()
}

// Cleanup%[4]d goes through a wrapper.
func Cleanup%[4]d(db *sql.DB) {
	store.MustExec(db, "DELETE FROM %[2]s WHERE deleted_at < now() - interval '30 days'")
}

// Columns%[4]d joins constants.
func Columns%[4]d(db *sql.DB) error {
	cols := strings.Join([]string{"id", "name", "payload->'tags'"}, ", ")
	rows, err := db.Query("SELECT " + cols + " FROM %[2]s")
	if err != nil {
		return err
	}
	return rows.Close()
}

// helper%[4]d has no SQL at all.
func helper%[4]d(xs []int) int {
	n := 0
	for _, x := range xs {
		if x%%2 == 0 {
			n += x
		}
	}
	return n
}
`, pkg, t, mod, f)
}

func dbtxFile(pkg string) string {
	return fmt.Sprintf(`package %s

import (
	"context"
	"database/sql"
)

// DBTX is what sqlc generates.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

type Queries struct{ db DBTX }

const getAccount = `+"`"+`-- name: GetAccount :one
SELECT id, plan, legacy_email FROM accounts WHERE id = $1
`+"`"+`

func (q *Queries) GetAccount(ctx context.Context, id int64) error {
	var a, b, c any
	return q.db.QueryRowContext(ctx, getAccount, id).Scan(&a, &b, &c)
}
`, pkg)
}

func testFile(pkg string) string {
	return fmt.Sprintf(`package %s

import (
	"database/sql"
	"testing"
)

func TestReset(t *testing.T) {
	var db *sql.DB
	if db != nil {
		db.Exec("DROP TABLE IF EXISTS test_only")
	}
}
`, pkg)
}
