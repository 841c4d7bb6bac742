package migrations

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestSQLCSchemas(t *testing.T) {
	fsys := fstest.MapFS{
		"a/sqlc.yaml": {Data: []byte("version: \"2\"\nsql:\n  - schema: [../../outside.sql, ./schema.sql, ../db/schema]\n  - schema: one.sql\n")},
		"b/sqlc.json": {Data: []byte(`{"version": "1", "packages": [{"schema": "migrations"}, {"schema": ["/abs.sql", "x.sql"]}]}`)},
		"c/sqlc.yml":  {Data: []byte("sql: [\n")},
	}
	for file, want := range map[string][]string{
		"a/sqlc.yaml": {"a/schema.sql", "db/schema", "a/one.sql"},
		"b/sqlc.json": {"b/migrations", "b/x.sql"},
		"c/sqlc.yml":  nil,
		"d/sqlc.yaml": nil,
	} {
		if got := sqlcSchemas(fsys, file); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", file, got, want)
		}
	}
}

// A plain folder named as sqlc's schema is left out only beside a folder
// with a migration tool's mark, and only when it has none itself.
func TestDiscoverSQLCSchema(t *testing.T) {
	sqlc := []byte("version: \"2\"\nsql:\n  - schema: [../sql/schema/v0.sql]\n")
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []string
		left []string
	}{{
		name: "schema beside goose",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":              {Data: sqlc},
			"sql/schema/v0.sql":         {Data: []byte("create table t (id int);")},
			"migrations/20240101_x.sql": {Data: []byte("-- +goose Up\ncreate table t (id int);")},
		},
		want: []string{"migrations"},
		left: []string{"sql/schema"},
	}, {
		name: "schema beside golang-migrate names",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":            {Data: sqlc},
			"sql/schema/v0.sql":       {Data: []byte("create table t (id int);")},
			"migrations/1_x.up.sql":   {Data: []byte("create table t (id int);")},
			"migrations/1_x.down.sql": {Data: []byte("drop table t;")},
		},
		want: []string{"migrations"},
		left: []string{"sql/schema"},
	}, {
		name: "schema alone",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":      {Data: sqlc},
			"sql/schema/v0.sql": {Data: []byte("create table t (id int);")},
		},
		want: []string{"sql/schema"},
	}, {
		name: "schema beside another plain folder",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":          {Data: sqlc},
			"sql/schema/v0.sql":     {Data: []byte("create table t (id int);")},
			"db/migrations/001.sql": {Data: []byte("create table t (id int);")},
		},
		want: []string{"db/migrations", "sql/schema"},
	}, {
		name: "schema with goose annotations",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":              {Data: sqlc},
			"sql/schema/v0.sql":         {Data: []byte("-- +goose Up\ncreate table t (id int);")},
			"migrations/20240101_x.sql": {Data: []byte("-- +goose Up\ncreate table t (id int);")},
		},
		want: []string{"migrations", "sql/schema"},
	}, {
		name: "not named by sqlc",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":              {Data: []byte("version: \"2\"\nsql:\n  - schema: [../other.sql]\n")},
			"sql/schema/v0.sql":         {Data: []byte("create table t (id int);")},
			"migrations/20240101_x.sql": {Data: []byte("-- +goose Up\ncreate table t (id int);")},
		},
		want: []string{"migrations", "sql/schema"},
	}} {
		got, left := DiscoverExplained(tc.fsys)
		var leftDirs []string
		for _, l := range left {
			leftDirs = append(leftDirs, l.Path)
		}
		if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(leftDirs, tc.left) {
			t.Errorf("%s: got %q, left out %q; want %q, left out %q", tc.name, got, leftDirs, tc.want, tc.left)
		}
	}
}
