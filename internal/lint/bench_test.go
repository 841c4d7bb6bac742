package lint

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rbcheck/rbcheck/internal/migrations"
)

// synthetic builds n migration files of mixed DDL and data statements,
// about 3 KB each.
func synthetic(n int) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	var paths []string
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "SET lock_timeout = '2s';\n")
		fmt.Fprintf(&b, "CREATE TABLE t%d (id bigint PRIMARY KEY, name varchar(40) NOT NULL, email text, status text DEFAULT 'new', created_at timestamptz NOT NULL DEFAULT now());\n", i)
		fmt.Fprintf(&b, "CREATE UNIQUE INDEX t%d_email_key ON t%d (email);\n", i, i)
		fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY t%d_created_idx ON t%d (created_at) WHERE status <> 'done';\n", i, i)
		if i > 0 {
			p := i - 1
			fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN note text, ADD COLUMN n integer NOT NULL DEFAULT 0;\n", p)
			fmt.Fprintf(&b, "ALTER TABLE t%d ALTER COLUMN name TYPE text;\n", p)
			fmt.Fprintf(&b, "ALTER TABLE t%d RENAME COLUMN email TO email_address;\n", p)
			fmt.Fprintf(&b, "UPDATE t%d SET status = 'x' WHERE status IS NULL;\n", p)
			fmt.Fprintf(&b, "ALTER TABLE t%d ADD CONSTRAINT t%d_fk FOREIGN KEY (id) REFERENCES t%d (id) NOT VALID;\n", i, i, p)
		}
		fmt.Fprintf(&b, "CREATE OR REPLACE FUNCTION f%d(x bigint) RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN x + %d; -- a comment; with a semicolon\nEND;\n$$;\n", i, i)
		fmt.Fprintf(&b, "CREATE VIEW v%d AS SELECT id, name, status FROM t%d WHERE created_at > now() - interval '1 day';\n", i, i)
		for j := 0; j < 12; j++ {
			fmt.Fprintf(&b, "INSERT INTO t%d (id, name, email) VALUES (%d, 'name %d', 'user%d@example.com');\n", i, j, j, j)
		}
		fmt.Fprintf(&b, "COMMENT ON TABLE t%d IS 'table number %d, with a long comment to make the file a realistic size for a migration';\n", i, i)
		if i%10 == 9 {
			fmt.Fprintf(&b, "DROP VIEW v%d;\nDROP TABLE t%d;\n", i-5, i-5)
		}
		p := fmt.Sprintf("db/%05d_m.up.sql", i+1)
		fsys[p] = &fstest.MapFile{Data: []byte(b.String())}
		paths = append(paths, p)
	}
	return fsys, paths
}

// TestEngineSpeed reports how long the engine takes on about 0.6 MB of SQL
// (measured on 1600 files, 3.1 MB, 38715 statements: Run about 1.2 s, of
// which catalog.Apply is 0.84 s, renameColumn alone 0.65 s; rules 0.5 s)
// (parsing excluded) and fails only if it is absurdly slow.
func TestEngineSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	fsys, paths := synthetic(300)
	size := 0
	for _, f := range fsys {
		size += len(f.Data)
	}
	start := time.Now()
	set := migrations.LoadFiles(fsys, paths, migrations.Options{})
	load := time.Since(start)
	start = time.Now()
	res := Run(nil, set.Files, Options{})
	run := time.Since(start)
	stmts := 0
	for _, f := range set.Files {
		stmts += len(f.Up.Stmts)
	}
	t.Logf("%d files, %.1f MB, %d statements: load+parse %v, lint %v (%d findings, %d errors)",
		len(set.Files), float64(size)/1e6, stmts, load, run, len(res.Findings), len(res.Errors))
	if len(res.Errors) > 0 {
		t.Errorf("unexpected errors, first: %v", res.Errors[0])
	}
	if run > 20*time.Second {
		t.Errorf("linting took %v", run)
	}
}

func BenchmarkRun(b *testing.B) {
	fsys, paths := synthetic(200)
	set := migrations.LoadFiles(fsys, paths, migrations.Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Run(nil, set.Files, Options{})
	}
}
