package gomig

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

// sites renders what Scan found as "file:line:col SQL" and
// "unread file:line:col reason" lines, sorted.
func sites(r *Result) []string {
	var out []string
	for _, s := range r.Stmts {
		out = append(out, fmt.Sprintf("%s:%d:%d %s [%s]", s.File, s.Line, s.Col, strings.Join(strings.Fields(s.SQL), " "), s.Migration))
	}
	for _, s := range r.Unread {
		out = append(out, fmt.Sprintf("unread %s:%d:%d %s", s.File, s.Line, s.Col, s.Reason))
	}
	sort.Strings(out)
	return out
}

const shioriRunner = `package database

import "database/sql"

type migration struct{ fn func(db *sql.DB) error }

func newFuncMigration(from, to string, fn func(db *sql.DB) error) migration { return migration{fn} }
`

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new map[string]string
		want     []string
	}{{
		name: "func migration registered with newFuncMigration (shiori)",
		old:  map[string]string{"db/runner.go": shioriRunner},
		new: map[string]string{"db/runner.go": shioriRunner, "db/pg.go": `package database

import "database/sql"

var pgMigrations = []migration{
	newFuncMigration("0.2.0", "0.3.0", func(db *sql.DB) error {
		tx, _ := db.Begin()
		_, err := tx.Exec(` + "`ALTER TABLE bookmark DROP COLUMN modified`" + `)
		return err
	}),
}
`},
		want: []string{"db/pg.go:8:21 ALTER TABLE bookmark DROP COLUMN modified [newFuncMigration(…)]"},
	}, {
		name: "the same statement in OLD's version of the file has run",
		old: map[string]string{"db/pg.go": `package database

func upgrade(db DB) { db.Exec("ALTER TABLE a ADD COLUMN b text") }
`},
		new: map[string]string{"db/pg.go": `package database

// edited
func upgrade(db DB) { db.Exec("ALTER TABLE a ADD COLUMN b text"); db.Exec("ALTER TABLE a DROP COLUMN c") }
`},
		want: []string{"db/pg.go:4:75 ALTER TABLE a DROP COLUMN c [func upgrade]"},
	}, {
		name: "a file OLD has unchanged is not read",
		old:  map[string]string{"db/pg.go": "package database\n\nfunc upgrade(db DB) { db.Exec(\"DROP TABLE a\") }\n"},
		new:  map[string]string{"db/pg.go": "package database\n\nfunc upgrade(db DB) { db.Exec(\"DROP TABLE a\") }\n"},
	}, {
		name: "SQL built at run time in a migration is unread, outside one it is not",
		new: map[string]string{"migrations/v2.go": `package migrations

import "fmt"

func V2_0_0(db DB, table string) error {
	_, err := db.Exec(fmt.Sprintf("ALTER TABLE %s DROP COLUMN x", table))
	return err
}
`, "store/store.go": `package store

func Get(db DB, q string) { db.Exec(q) }
`},
		want: []string{"unread migrations/v2.go:6:12 the SQL db.Exec runs is built at run time (fmt.Sprintf(\"ALTER TABLE %s DROP COLUMN x\", table))"},
	}, {
		name: "goose: the up function by registration, the down function left out",
		new: map[string]string{"migrations/00002_drop.go": `package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { goose.AddMigrationContext(upDrop, downDrop) }

const dropNick = "ALTER TABLE users DROP COLUMN nick"

func upDrop(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, dropNick)
	return err
}

func downDrop(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "ALTER TABLE users ADD COLUMN nick text")
	return err
}
`},
		want: []string{"migrations/00002_drop.go:12:18 ALTER TABLE users DROP COLUMN nick [goose.AddMigrationContext(…)]"},
	}, {
		name: "a migration value for another engine (kratos' popx.Migration DBType) is left out, the Postgres one read",
		new: map[string]string{"persistence/sql/migrations/go/x.go": `package gomigrations

var backfill = []popx.Migration{
	{
		DBType: "cockroach",
		Runner: func(m popx.Migration, c *pop.Connection) error {
			_, err := c.Store.Exec("CREATE INDEX i ON t (a) STORING (b) NOT VISIBLE")
			return err
		},
	},
	{
		DBType: "postgres",
		Runner: func(m popx.Migration, c *pop.Connection) error {
			_, err := c.Store.Exec("CREATE INDEX i ON t (a) INCLUDE (b)")
			return err
		},
	},
}
`},
		want: []string{"persistence/sql/migrations/go/x.go:14:27 CREATE INDEX i ON t (a) INCLUDE (b) []"},
	}, {
		name: "gormigrate: Migrate runs, Rollback does not; AutoMigrate is unread",
		new: map[string]string{"internal/db/migrate.go": `package db

import "github.com/go-gormigrate/gormigrate/v2"

var ms = []*gormigrate.Migration{{
	ID: "2",
	Migrate: func(tx *gorm.DB) error {
		if err := tx.Exec("ALTER TABLE users RENAME COLUMN name TO full_name").Error; err != nil {
			return err
		}
		return tx.AutoMigrate(&User{})
	},
	Rollback: func(tx *gorm.DB) error { return tx.Exec("DROP TABLE users").Error },
}}
`},
		want: []string{
			"internal/db/migrate.go:8:21 ALTER TABLE users RENAME COLUMN name TO full_name [Migrate: of a migration]",
			"unread internal/db/migrate.go:11:10 tx.AutoMigrate changes the schema from Go models, which rbcheck does not turn into SQL",
		},
	}, {
		name: "DDL run from ordinary code counts; DML, temporary tables, other engines' files and hand-run tools (hack/) do not",
		new: map[string]string{"store/init.go": `package store

func Init(db DB) {
	db.Exec("CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v text)")
	db.Exec("UPDATE kv SET v = '' WHERE v IS NULL")
	db.Exec("CREATE TEMP TABLE scratch (id int)")
}
`, "hack/entitlement/main.go": `package main

func main() { db.Exec("ALTER TABLE tenant_entitlement ADD COLUMN strict boolean") }
`, "store/mysql.go": `package store

func InitMySQL(db DB) { db.Exec("ALTER TABLE kv DROP COLUMN v") }
`},
		want: []string{"store/init.go:4:10 CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v text) []"},
	}, {
		name: "a migration's helper of the same package is followed; an outside one is unread; a file runner is not",
		new: map[string]string{"migrations/v3.go": `package migrations

func V3_0_0(db DB, fs FS) error {
	addCol(db)
	other.Run(db)
	b, _ := fs.ReadFile("v3.sql")
	_, err := db.Exec(string(b))
	return err
}

func addCol(db DB) { db.Exec("ALTER TABLE t ADD COLUMN c int") }
`},
		want: []string{
			"migrations/v3.go:11:30 ALTER TABLE t ADD COLUMN c int [func V3_0_0 (a function in a migrations folder)]",
			"unread migrations/v3.go:5:2 the migration hands its database handle to other.Run, which rbcheck does not follow",
		},
	}, {
		name: "a loop over a constant list runs each element (spicedb); cockroach's folder is another engine",
		new: map[string]string{"internal/datastore/postgres/migrations/zz_0024.go": `package migrations

var stmts = []string{
	` + "`CREATE TABLE schema (name text)`" + `,
	"CREATE INDEX ix ON schema (name)",
}

func init() {
	if err := DatabaseMigrations.Register("add", "prev", noNonatomicMigration,
		func(ctx context.Context, tx pgx.Tx) error {
			for _, stmt := range stmts {
				if _, err := tx.Exec(ctx, stmt); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
		panic(err)
	}
}
`, "internal/datastore/crdb/migrations/zz_0024.go": `package migrations

func init() { DatabaseMigrations.Register("x", "", func(ctx context.Context, tx pgx.Tx) error { _, err := tx.Exec(ctx, "DROP TABLE a"); return err }) }
`},
		want: []string{
			"internal/datastore/postgres/migrations/zz_0024.go:4:2 CREATE TABLE schema (name text) [DatabaseMigrations.Register(…)]",
			"internal/datastore/postgres/migrations/zz_0024.go:5:2 CREATE INDEX ix ON schema (name) [DatabaseMigrations.Register(…)]",
		},
	}, {
		name: "a helper of an unchanged file that builds SQL from constant arguments is read at the new migration's call (woodpecker)",
		old: map[string]string{"store/migration/common.go": `package migration

func renameColumn(sess *xorm.Session, table, from, to string) error {
	_, err := sess.Exec(fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, from, to))
	return err
}
`},
		new: map[string]string{"store/migration/common.go": `package migration

func renameColumn(sess *xorm.Session, table, from, to string) error {
	_, err := sess.Exec(fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, from, to))
	return err
}
`, "store/migration/026_fix.go": `package migration

var fix = xormigrate.Migration{
	ID: "fix",
	MigrateSession: func(sess *xorm.Session) error {
		return renameColumn(sess, "forges", "a", "b")
	},
}
`},
		want: []string{"store/migration/026_fix.go:6:10 ALTER TABLE forges RENAME COLUMN a TO b [MigrateSession: of a migration]"},
	}, {
		name: "a helper called with an argument known only at run time is unread at the migration's call",
		new: map[string]string{"store/migration/common.go": `package migration

func renameColumn(sess *xorm.Session, table, from, to string) error {
	_, err := sess.Exec(fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, from, to))
	return err
}
`, "store/migration/026_fix.go": `package migration

var fix = xormigrate.Migration{
	ID: "fix",
	MigrateSession: func(sess *xorm.Session) error {
		for _, t := range tables(sess) {
			if err := renameColumn(sess, t, "a", "b"); err != nil {
				return err
			}
		}
		return renameColumn(sess, "forges", "a", "b")
	},
}
`},
		want: []string{
			"store/migration/026_fix.go:11:10 ALTER TABLE forges RENAME COLUMN a TO b [MigrateSession: of a migration]",
			"unread store/migration/026_fix.go:7:14 the migration calls renameColumn, which does not run constant SQL: at store/migration/common.go:4, the SQL sess.Exec runs is built at run time (fmt.Sprintf(\"ALTER TABLE %s RENAME COLUMN %s TO %s\", tabl...)",
		},
	}, {
		name: "a dialect switch's branches for other engines are not read; xorm's backquotes are Postgres' double quotes",
		new: map[string]string{"db/migrations/up.go": `package migrations

func Up(sess *xorm.Session) error {
	switch sess.Engine().Dialect().URI().DBType {
	case schemas.SQLITE:
		sess.Exec("PRAGMA foreign_keys = off")
	case schemas.MYSQL, schemas.POSTGRES:
		sess.Exec("ALTER TABLE ` + "`a`" + ` DROP COLUMN ` + "`b`" + `")
	}
	if dialect == schemas.MYSQL {
		sess.Exec("ALTER TABLE a ENGINE = InnoDB")
	}
	return nil
}
`},
		want: []string{"db/migrations/up.go:8:13 ALTER TABLE \"a\" DROP COLUMN \"b\" [func Up (a function in a migrations folder)]"},
	}, {
		name: "a helper that joins its variadic constant arguments in a loop is read; one joining a run-time list is not",
		new: map[string]string{"store/migration/common.go": `package migration

func dropTableColumns(sess *xorm.Session, tableName string, columnNames ...string) error {
	cols := ""
	for _, col := range columnNames {
		if cols != "" {
			cols += ", "
		}
		cols += "DROP COLUMN ` + "`\" + col + \"`" + ` CASCADE"
	}
	_, err := sess.Exec(fmt.Sprintf("ALTER TABLE ` + "`%s`" + ` %s", tableName, cols))
	return err
}
`, "store/migration/027_drop.go": `package migration

var drop = xormigrate.Migration{
	ID: "drop",
	MigrateSession: func(sess *xorm.Session) error {
		if err := dropTableColumns(sess, "repos", "a", "b"); err != nil {
			return err
		}
		return dropTableColumns(sess, "users", names(sess)...)
	},
}
`},
		want: []string{
			"store/migration/027_drop.go:6:13 ALTER TABLE \"repos\" DROP COLUMN \"a\" CASCADE, DROP COLUMN \"b\" CASCADE [MigrateSession: of a migration]",
			"unread store/migration/027_drop.go:9:10 the migration calls dropTableColumns, which does not run constant SQL: at store/migration/common.go:11, the SQL sess.Exec runs is built at run time (fmt.Sprintf(\"ALTER TABLE `%s` %s\", tableName, cols))",
		},
	}, {
		name: "fmt.Sprintf of constants is read; of a variable the package changes, it is not",
		new: map[string]string{"db/migrations/up.go": `package migrations

const col = "nick"

var table = "users"

var other = "accounts"

func SetOther(s string) { other = s }

func Up(db *sql.DB) error {
	db.Exec(fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", table, col))
	_, err := db.Exec(fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", other, col))
	return err
}
`},
		want: []string{
			"db/migrations/up.go:12:10 ALTER TABLE users DROP COLUMN nick [func Up (a function in a migrations folder)]",
			"unread db/migrations/up.go:13:12 the SQL db.Exec runs is built at run time (fmt.Sprintf(\"ALTER TABLE %s DROP COLUMN %s\", other, col))",
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var old fstest.MapFS
			if tc.old != nil {
				old = mapFS(tc.old)
			} else {
				old = fstest.MapFS{}
			}
			got := sites(Scan(mapFS(tc.new), old, Options{}))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A goose Go migration is fully read only when each of its up statements
// was read.
func TestFullyRead(t *testing.T) {
	read := Scan(mapFS(map[string]string{"migrations/00002_a.go": `package migrations

func init() { goose.AddMigration(upA, nil) }

func upA(tx *sql.Tx) error { _, err := tx.Exec("ALTER TABLE t ADD COLUMN c int"); return err }
`}), fstest.MapFS{}, Options{})
	if !read.FullyRead["migrations/00002_a.go"] {
		t.Errorf("constant migration not fully read: %+v", read)
	}
	partial := Scan(mapFS(map[string]string{"migrations/00002_a.go": `package migrations

func init() { goose.AddMigration(upA, nil) }

func upA(tx *sql.Tx) error { _, err := tx.Exec("ALTER TABLE t ADD COLUMN c int"); _, err = tx.Exec(q()); return err }
`}), fstest.MapFS{}, Options{})
	if partial.FullyRead["migrations/00002_a.go"] || len(partial.Unread) != 1 {
		t.Errorf("a run-time statement: fully read %v, unread %+v", partial.FullyRead, partial.Unread)
	}
}
