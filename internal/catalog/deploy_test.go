package catalog

import (
	"fmt"
	"sort"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// origins lists the origin of every object, for comparing two catalogs.
func origins(c *Catalog) []string {
	var out []string
	for kind, m := range map[string]map[string]*Table{"table": c.Tables, "view": c.Views} {
		for k, t := range m {
			out = append(out, fmt.Sprintf("%s %s %d", kind, k, t.Origin))
			for _, col := range t.Columns {
				out = append(out, fmt.Sprintf("%s %s column %s %d", kind, k, col.Name, col.Origin))
			}
			for _, con := range t.Constraints {
				out = append(out, fmt.Sprintf("%s %s constraint %s %d", kind, k, con.Name, con.Origin))
			}
		}
	}
	for k, ix := range c.Indexes {
		out = append(out, fmt.Sprintf("index %s %d", k, ix.Origin))
	}
	for k, e := range c.Enums {
		out = append(out, fmt.Sprintf("enum %s %d", k, e.Origin))
	}
	for kind, m := range map[string]map[string]Origin{"sequence": c.Sequences, "function": c.Functions, "schema": c.Schemas, "type": c.Types} {
		for k, o := range m {
			out = append(out, fmt.Sprintf("%s %s %d", kind, k, o))
		}
	}
	sort.Strings(out)
	return out
}

// TestDeployIncrementalMatchesFullWalk replays files one by one into two
// catalogs, deploying after each: one with the bookkeeping, one walking the
// whole schema every time. Their origins must agree after every file, also
// in the middle of a file (before its Deploy).
func TestDeployIncrementalMatchesFullWalk(t *testing.T) {
	files := []string{
		`CREATE TABLE a (id bigint PRIMARY KEY, name text UNIQUE);
		 CREATE TYPE mood AS ENUM ('ok');
		 CREATE SEQUENCE s1;
		 CREATE SCHEMA app;`,
		`ALTER TABLE a ADD COLUMN email text, ADD CONSTRAINT a_email_chk CHECK (email <> '');
		 CREATE INDEX ON a (email);
		 CREATE TABLE app.b (id serial PRIMARY KEY, a_id bigint REFERENCES a);
		 CREATE VIEW v AS SELECT id FROM a;`,
		`ALTER TABLE unknown_t ADD COLUMN x int;
		 CREATE TABLE c (LIKE a);
		 CREATE TABLE p (id int) PARTITION BY RANGE (id);
		 CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10);
		 ALTER TABLE a RENAME TO a2;
		 ALTER SCHEMA app RENAME TO app2;
		 CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';`,
		`DROP TABLE c;
		 CREATE TABLE c (id int, CONSTRAINT c_u UNIQUE (id));
		 ALTER TABLE a2 ADD PRIMARY KEY (id);
		 ALTER TABLE app2.b ADD COLUMN note text;
		 CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
		 CREATE UNIQUE INDEX mv_x ON mv (x);
		 ALTER TYPE mood ADD VALUE 'sad';
		 CREATE TYPE mood2 AS ENUM ('a');`,
		`ALTER TABLE a2 RENAME COLUMN email TO mail;
		 CREATE OR REPLACE VIEW v AS SELECT id FROM a2;
		 DROP SCHEMA app2 CASCADE;
		 CREATE TABLE app2.b (id int);`,
		`CREATE SEQUENCE s3;
		 ALTER SEQUENCE s3 RENAME TO s4;
		 ALTER SEQUENCE s1 RENAME TO s5;
		 CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1';
		 ALTER FUNCTION g() RENAME TO h;
		 CREATE TYPE comp AS (a int);
		 CREATE SCHEMA other;
		 ALTER TYPE comp SET SCHEMA other;
		 ALTER SEQUENCE s4 SET SCHEMA other;
		 CREATE SCHEMA x;
		 CREATE SEQUENCE x.q;
		 ALTER SCHEMA x RENAME TO y;`,
		`ALTER SCHEMA y RENAME TO z;
		 ALTER SEQUENCE s5 SET SCHEMA z;`,
	}
	inc, full := NewCatalog(), NewCatalog()
	for i, src := range files {
		if errs := inc.ApplySQL("f.sql", src, New); len(errs) > 0 {
			t.Fatalf("file %d: %v", i, errs[0])
		}
		full.ApplySQL("f.sql", src, New)
		if a, b := origins(inc), origins(full); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("file %d before deploy:\n%v\n%v", i, a, b)
		}
		inc.Deploy()
		full.tracked = false // walk everything
		full.Deploy()
		a, b := origins(inc), origins(full)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("file %d after deploy:\n%v\n%v", i, a, b)
		}
		for _, o := range a {
			if o[len(o)-1] != fmt.Sprint(int(Existing))[0] {
				t.Errorf("file %d: not existing after Deploy: %s", i, o)
			}
		}
	}
	if len(inc.freshTables)+len(inc.freshIndexes)+len(inc.freshEnums) != 0 {
		t.Error("Deploy left bookkeeping behind")
	}
	// A clone starts untracked: its first Deploy walks everything.
	cl := inc.Clone()
	cl.ApplySQL("g.sql", "CREATE TABLE z (id int);", New)
	cl.Deploy()
	if cl.Tables["public.z"].Origin != Existing || cl.Tables["public.z"].Columns[0].Origin != Existing {
		t.Error("Deploy on a clone left z new")
	}
}

// relationsNamedScan is RelationsNamed by walking both maps.
func relationsNamedScan(c *Catalog, name string) []string {
	var out []string
	seen := map[*Table]bool{}
	for _, m := range []map[string]*Table{c.Tables, c.Views} {
		for _, t := range m {
			if t.Name.Name == name && !seen[t] {
				seen[t] = true
				out = append(out, key(t.Name))
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestRelationsNamedMatchesScan(t *testing.T) {
	stmts := []string{
		"CREATE TABLE a (id int)",
		"CREATE SCHEMA s",
		"CREATE TABLE s.a (id int)",
		"ALTER TABLE b ADD COLUMN x int", // stub
		"CREATE VIEW v AS SELECT 1",
		"ALTER TABLE s.a RENAME TO b",
		"ALTER TABLE b RENAME TO c",
		"ALTER TABLE c RENAME TO a",
		"ALTER TABLE a RENAME TO c",
		"ALTER VIEW v RENAME TO a",
		"ALTER SCHEMA s RENAME TO t",
		"ALTER TABLE t.b SET SCHEMA public",
		"DROP TABLE a",
		"CREATE TABLE a (id int)",
		"DROP SCHEMA t CASCADE",
		"CREATE MATERIALIZED VIEW t2 AS SELECT 1",
		"ALTER MATERIALIZED VIEW t2 RENAME TO b",
		"DROP VIEW a",
		"DROP TABLE b, c",
		"CREATE TABLE IF NOT EXISTS a (id int)",
	}
	names := []string{"a", "b", "c", "v", "t2", "x"}
	c := NewCatalog()
	for i, src := range stmts {
		c.ApplySQL("f.sql", src, New)
		if i%2 == 0 {
			c.Clone() // a clone has its own index
		}
		for _, n := range names {
			var got []string
			for _, t := range c.RelationsNamed(n) {
				got = append(got, key(t.Name))
			}
			sort.Strings(got)
			if want := relationsNamedScan(c, n); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("after %q: RelationsNamed(%q) = %v, want %v", src, n, got, want)
			}
		}
	}
}

// fks lists the foreign keys of every table as "table.constraint ->
// target(columns)".
func fks(c *Catalog) []string {
	var out []string
	for k, t := range c.Tables {
		for _, con := range t.Constraints {
			if con.RefTable != nil {
				out = append(out, fmt.Sprintf("%s.%s -> %s%v", k, con.Name, key(*con.RefTable), con.RefColumns))
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestForeignKeysFollowRenamesAndDrops covers the statements that update
// the foreign keys of other tables, also after many dropped tables (the
// list of referring tables is pruned).
func TestForeignKeysFollowRenamesAndDrops(t *testing.T) {
	c := NewCatalog()
	apply := func(src string) {
		t.Helper()
		if errs := c.ApplySQL("f.sql", src, New); len(errs) > 0 {
			t.Fatalf("%s: %v", src, errs[0])
		}
	}
	for i := 0; i < 100; i++ {
		apply(fmt.Sprintf("CREATE TABLE p%d (id int PRIMARY KEY); CREATE TABLE c%d (id int, p int REFERENCES p%d (id)); DROP TABLE c%d; DROP TABLE p%d;", i, i, i, i, i))
	}
	apply(`CREATE TABLE a (id int PRIMARY KEY, code text UNIQUE);
		CREATE TABLE b (id int, a_id int REFERENCES a (id), a_code text REFERENCES a (code));
		CREATE TABLE d (id int, b_ref int, a_id int, CONSTRAINT d_a FOREIGN KEY (a_id) REFERENCES a (id));`)
	want := []string{"public.b.b_a_code_fkey -> public.a[code]", "public.b.b_a_id_fkey -> public.a[id]", "public.d.d_a -> public.a[id]"}
	if got := fks(c); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	steps := []struct {
		sql  string
		want []string
	}{
		{"ALTER TABLE a RENAME COLUMN id TO a_key", []string{"public.b.b_a_code_fkey -> public.a[code]", "public.b.b_a_id_fkey -> public.a[a_key]", "public.d.d_a -> public.a[a_key]"}},
		{"ALTER TABLE a RENAME TO a2", []string{"public.b.b_a_code_fkey -> public.a2[code]", "public.b.b_a_id_fkey -> public.a2[a_key]", "public.d.d_a -> public.a2[a_key]"}},
		{"ALTER TABLE a2 DROP COLUMN code", []string{"public.b.b_a_id_fkey -> public.a2[a_key]", "public.d.d_a -> public.a2[a_key]"}},
		{"CREATE SCHEMA s; ALTER TABLE a2 SET SCHEMA s", []string{"public.b.b_a_id_fkey -> s.a2[a_key]", "public.d.d_a -> s.a2[a_key]"}},
		{"ALTER SCHEMA s RENAME TO s2", []string{"public.b.b_a_id_fkey -> s2.a2[a_key]", "public.d.d_a -> s2.a2[a_key]"}},
		{"DROP TABLE d", []string{"public.b.b_a_id_fkey -> s2.a2[a_key]"}},
		{"DROP TABLE s2.a2", nil},
	}
	for _, s := range steps {
		apply(s.sql)
		if got := fks(c); fmt.Sprint(got) != fmt.Sprint(s.want) {
			t.Errorf("after %s: got %v, want %v", s.sql, got, s.want)
		}
	}
	n := 0
	for _, l := range c.fkTo {
		n += len(l)
	}
	if n > 64 || n != c.fkN {
		t.Errorf("referring tables not pruned: %d entries (counted %d)", n, c.fkN)
	}
}

func TestIndexesNamedMatchesScan(t *testing.T) {
	stmts := []string{
		"CREATE TABLE a (id int, x int)",
		"CREATE INDEX i1 ON a (x)",
		"CREATE SCHEMA s",
		"CREATE TABLE s.b (id int)",
		"CREATE INDEX i1 ON s.b (id)",
		"ALTER INDEX i1 RENAME TO i2",
		"ALTER TABLE a ADD CONSTRAINT a_u UNIQUE (id)",
		"ALTER TABLE a RENAME CONSTRAINT a_u TO i1",
		"CREATE UNIQUE INDEX i3 ON a (x)",
		"ALTER TABLE a ADD CONSTRAINT c3 UNIQUE USING INDEX i3",
		"ALTER SCHEMA s RENAME TO t",
		"ALTER TABLE t.b SET SCHEMA public",
		"DROP INDEX i2",
		"ALTER TABLE a DROP COLUMN x",
		"DROP TABLE a",
		"CREATE INDEX ON b (id)",
	}
	names := []string{"i1", "i2", "i3", "c3", "a_u", "b_id_idx"}
	c := NewCatalog()
	for _, src := range stmts {
		c.ApplySQL("f.sql", src, New)
		for _, n := range names {
			got, want := indexesNamedBoth(c, n)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("after %q: IndexesNamed(%q) = %v, want %v", src, n, got, want)
			}
		}
	}
}

// TestIndexesOnFollowsRenamesAndDrops checks IndexesOn (kept by table)
// against a walk of Indexes after every statement.
func TestIndexesOnFollowsRenamesAndDrops(t *testing.T) {
	stmts := []string{
		"CREATE TABLE a (id int PRIMARY KEY, x int, y int)",
		"CREATE INDEX ON a (x)",
		"CREATE INDEX a_y ON a (y)",
		"ALTER TABLE a RENAME TO b",
		"ALTER TABLE b RENAME COLUMN x TO x2",
		"ALTER TABLE b DROP COLUMN y",
		"CREATE SCHEMA s",
		"ALTER TABLE b SET SCHEMA s",
		"ALTER SCHEMA s RENAME TO s2",
		"ALTER TABLE s2.b RENAME TO a",
		"CREATE TABLE a (id int UNIQUE)",
		"DROP TABLE s2.a",
		"ALTER TABLE a RENAME TO b",
	}
	tables := []sqlast.Name{{Schema: "public", Name: "a"}, {Schema: "public", Name: "b"}, {Schema: "s", Name: "b"}, {Schema: "s2", Name: "b"}, {Schema: "s2", Name: "a"}}
	c := NewCatalog()
	for _, src := range stmts {
		c.ApplySQL("f.sql", src, New)
		for _, tn := range tables {
			var got, want []string
			for _, ix := range c.IndexesOn(tn) {
				got = append(got, ix.Schema+"."+ix.Name+fmt.Sprint(ix.Columns))
			}
			if c.Relation(tn) != nil {
				for _, ix := range c.Indexes {
					if ix.Table == tn {
						want = append(want, ix.Schema+"."+ix.Name+fmt.Sprint(ix.Columns))
					}
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("after %q: IndexesOn(%v) = %v, want %v", src, tn, got, want)
			}
		}
	}
	if got := fmt.Sprint(len(c.IndexesOn(sqlast.Name{Schema: "public", Name: "b"}))); got != "1" {
		t.Errorf("public.b has %s indexes, want its unique key's", got)
	}
}

// TestNameIndexesStayBounded replays the same tables and indexes being
// created, renamed, moved and dropped many times over (a long history,
// or the same corpus linted 16 times): the indexes by name and by table
// must keep answering like a walk of the maps, and hold about what is
// live, not every table and index that ever was.
func TestNameIndexesStayBounded(t *testing.T) {
	c := NewCatalog()
	c.RelationsNamed("a") // start the indexes: they are built on first use
	c.IndexesNamed("i1")
	c.IndexesOn(sqlast.Name{Schema: "public", Name: "a"})
	for round := 0; round < 300; round++ {
		c.ApplySQL("f.sql", fmt.Sprintf(`CREATE TABLE a (id int PRIMARY KEY, x int);
			CREATE INDEX i1 ON a (x);
			CREATE SCHEMA s;
			CREATE TABLE s.b (id int UNIQUE);
			CREATE INDEX i2 ON s.b (id);
			ALTER TABLE s.b RENAME TO c;
			ALTER INDEX s.i2 RENAME TO i3;
			ALTER TABLE a RENAME TO b;
			ALTER SCHEMA s RENAME TO t;
			CREATE TABLE keep%d (id int);
			CREATE INDEX keep%d_i ON keep%d (id);
			CREATE TABLE gone%d (id int);
			CREATE INDEX gone%d_i ON gone%d (id);
			DROP TABLE gone%d;
			DROP TABLE b;
			DROP SCHEMA t CASCADE;`, round, round, round, round, round, round, round), New)
	}
	// before any lookup, which weeds the names it looks up
	live := len(c.Tables) + len(c.Views)
	n := 0
	for _, l := range c.byName {
		n += len(l)
	}
	if n > 2*live+64 || n != c.byNameN {
		t.Errorf("tables by name: %d entries (counted %d) for %d tables and views", n, c.byNameN, live)
	}
	n = 0
	for _, l := range c.idxByName {
		n += len(l)
	}
	for _, l := range c.idxByTable {
		n += len(l)
	}
	if n > 4*len(c.Indexes)+64 || n != c.idxN {
		t.Errorf("indexes by name and table: %d entries (counted %d) for %d indexes", n, c.idxN, len(c.Indexes))
	}
	{
		round := 300
		for _, n := range []string{"a", "b", "c", "keep7"} {
			var got []string
			for _, tb := range c.RelationsNamed(n) {
				got = append(got, key(tb.Name))
			}
			sort.Strings(got)
			if want := relationsNamedScan(c, n); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("round %d: RelationsNamed(%q) = %v, want %v", round, n, got, want)
			}
		}
		for _, n := range []string{"i1", "i3", "keep7_i", "a_pkey"} {
			got, want := indexesNamedBoth(c, n)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("round %d: IndexesNamed(%q) = %v, want %v", round, n, got, want)
			}
		}
	}
}

// indexesNamedBoth returns the schema-qualified names of the indexes named n
// as IndexesNamed finds them (got) and as a scan of c.Indexes does (want),
// each sorted.
func indexesNamedBoth(c *Catalog, n string) (got, want []string) {
	for _, ix := range c.IndexesNamed(n) {
		got = append(got, ix.Schema+"."+ix.Name)
	}
	for _, ix := range c.Indexes {
		if ix.Name == n {
			want = append(want, ix.Schema+"."+ix.Name)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	return got, want
}
