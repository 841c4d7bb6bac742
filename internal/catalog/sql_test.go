package catalog

import (
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// replaySQL applies a baseline (Existing) and migration SQL (New).
func replaySQL(t *testing.T, baseline, migration string) *Catalog {
	t.Helper()
	c, errs := LoadSchema("schema.sql", baseline)
	if len(errs) != 0 {
		t.Fatalf("baseline: %v", errs)
	}
	if errs := c.ApplySQL("m.sql", migration, New); len(errs) != 0 {
		t.Fatalf("migration: %v", errs)
	}
	return c
}

func TestSQLReplayScenarios(t *testing.T) {
	c := replaySQL(t, `
CREATE TABLE users (id bigint PRIMARY KEY, full_name text, email text);
CREATE UNIQUE INDEX users_email_uniq ON users (email);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SCHEMA app;
CREATE TABLE app.accounts (id int, owner_id bigint REFERENCES public.users);
`, `
ALTER TABLE users RENAME COLUMN full_name TO display_name;
ALTER TABLE users ADD COLUMN full_name text;
ALTER TYPE mood ADD VALUE 'meh' AFTER 'happy';
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
DROP INDEX CONCURRENTLY users_email_uniq;
ALTER TABLE app.accounts RENAME TO billing_accounts;
ALTER TABLE IF EXISTS nope DROP COLUMN x;
DROP TABLE IF EXISTS nope;
DROP INDEX IF EXISTS nope_idx;
ALTER TABLE users DROP CONSTRAINT IF EXISTS nope_check;
CREATE TABLE tmp (id int);
ALTER TABLE tmp RENAME TO tmp2;
DROP TABLE tmp2;
CREATE TABLE tmp (id uuid NOT NULL);
CREATE TABLE users_copy (LIKE users);
ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN email TYPE varchar(320);
ALTER TABLE users ALTER COLUMN display_name SET DEFAULT '';
`)
	u := c.Table(nm("users"))
	if got := colNames(u); !reflect.DeepEqual(got, []string{"id", "display_name", "email", "full_name"}) {
		t.Errorf("users columns %v", got)
	}
	if u.Column("display_name").Origin != Existing || u.Column("full_name").Origin != New {
		t.Errorf("origins after rename + re-add")
	}
	if d := u.Column("display_name").Default; d == nil || !d.Const {
		t.Errorf("default %+v", d)
	}
	if e := u.Column("email"); !e.NotNull || e.Type.Name != "varchar" || !reflect.DeepEqual(e.Type.Mods, []int{320}) {
		t.Errorf("email %+v", e)
	}
	if got := c.Enum(nm("mood")).Values; !reflect.DeepEqual(got, []string{"happy", "meh", "blue"}) {
		t.Errorf("enum %v", got)
	}
	if got := c.UniqueKeys(nm("users")); !reflect.DeepEqual(got, [][]string{{"id"}}) {
		t.Errorf("unique keys after dropping the unique index: %v", got)
	}
	acc := c.Table(nm("app.billing_accounts"))
	if acc == nil || c.Table(nm("app.accounts")) != nil {
		t.Fatalf("schema-qualified rename")
	}
	if fk := acc.Constraint("accounts_owner_id_fkey"); fk == nil || !reflect.DeepEqual(fk.RefColumns, []string{"id"}) {
		t.Errorf("fk to the referenced primary key: %+v", acc.Constraints)
	}
	if c.Table(nm("nope")) != nil {
		t.Errorf("IF EXISTS created a table")
	}
	if tmp := c.Table(nm("tmp")); tmp == nil || tmp.Column("id").Type.Name != "uuid" || c.Table(nm("tmp2")) != nil {
		t.Errorf("create/rename/drop/recreate: %+v", tmp)
	}
	if cp := c.Table(nm("users_copy")); cp == nil || !reflect.DeepEqual(colNames(cp), []string{"id", "display_name", "email", "full_name"}) {
		t.Errorf("LIKE copy %+v", cp)
	}
	for _, n := range c.Notes {
		if !strings.Contains(n, "m.sql") {
			t.Errorf("note without position: %s", n)
		}
	}
	if len(c.Notes) != 0 {
		t.Errorf("IF EXISTS on missing objects should be silent: %v", c.Notes)
	}
}

func TestSQLInlineDefaultsAndPartitions(t *testing.T) {
	c := replaySQL(t, ``, `
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, kind text CHECK (kind <> ''), PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE MATERIALIZED VIEW event_counts AS SELECT kind, count(*) FROM events GROUP BY kind;
CREATE UNIQUE INDEX ON event_counts (kind);
CREATE TABLE summary AS SELECT 1 AS one;
`)
	ev := c.Table(nm("events"))
	if got := conNames(ev); !reflect.DeepEqual(got, []string{"events_kind_check", "events_pkey"}) {
		t.Errorf("events constraints %v", got)
	}
	if !ev.Column("id").Identity || !ev.Column("id").NotNull || !c.HasSequence(nm("events_id_seq")) {
		t.Errorf("identity column")
	}
	if p := c.Table(nm("events_2024")); p == nil || !reflect.DeepEqual(colNames(p), []string{"id", "at", "kind"}) {
		t.Errorf("partition columns %+v", p)
	}
	if v := c.View(nm("event_counts")); v == nil || !v.Materialized {
		t.Errorf("materialized view")
	}
	if got := indexNames(c, "event_counts"); !reflect.DeepEqual(got, []string{"event_counts_kind_idx"}) {
		t.Errorf("index on the materialized view %v", got)
	}
	if s := c.Table(nm("summary")); s == nil || !s.Partial {
		t.Errorf("CREATE TABLE AS is partial")
	}
}

func TestSQLSetSchema(t *testing.T) {
	c := replaySQL(t, `
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (user_id bigint REFERENCES users);
CREATE TYPE mood AS ENUM ('a');`, `
CREATE SCHEMA app;
ALTER TABLE users SET SCHEMA app;
ALTER TYPE public.mood SET SCHEMA "app";
ALTER TABLE IF EXISTS missing SET SCHEMA app;`)
	if c.Table(nm("users")) != nil || c.Table(nm("app.users")) == nil {
		t.Fatalf("table not moved: %v", c.TableNames())
	}
	if idx := c.Index(nm("app.users_pkey")); idx == nil || idx.Table != nm("app.users") {
		t.Errorf("index not moved with its table: %+v", idx)
	}
	if fk := c.Constraint(nm("orders"), "orders_user_id_fkey"); fk == nil || *fk.RefTable != nm("app.users") {
		t.Errorf("fk not retargeted: %+v", fk)
	}
	if c.Enum(nm("app.mood")) == nil || c.Enum(nm("mood")) != nil {
		t.Errorf("enum not moved")
	}
	if len(c.Notes) != 0 {
		t.Errorf("notes %v", c.Notes)
	}
}

func TestSQLDropTableDropsOwnedSequences(t *testing.T) {
	c := replaySQL(t, `
CREATE TABLE a (id serial PRIMARY KEY, n bigint GENERATED BY DEFAULT AS IDENTITY);
CREATE SEQUENCE shared_seq;
CREATE TABLE b (id bigint DEFAULT nextval('shared_seq'));`, `
DROP TABLE a;
DROP TABLE b;`)
	if c.HasSequence(nm("a_id_seq")) || c.HasSequence(nm("a_n_seq")) {
		t.Errorf("owned sequences survive their table")
	}
	if !c.HasSequence(nm("shared_seq")) {
		t.Errorf("a sequence the table only uses was dropped")
	}
}

// TestDefaultNamesMatchPostgres replays testdata/default_names.sql; the
// expected names are what PostgreSQL 15.18 reported (pg_constraint,
// pg_indexes, pg_class) after running the same file.
func TestDefaultNamesMatchPostgres(t *testing.T) {
	src, err := os.ReadFile("testdata/default_names.sql")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCatalog()
	if errs := c.ApplySQL("default_names.sql", string(src), New); len(errs) != 0 {
		t.Fatal(errs)
	}
	var cons, idxs []string
	for _, n := range c.TableNames() {
		for _, con := range c.Table(n).Constraints {
			cons = append(cons, n.Name+" "+con.Name)
		}
		for _, i := range c.IndexesOn(n) {
			idxs = append(idxs, n.Name+" "+i.Name)
		}
	}
	sort.Strings(cons)
	sort.Strings(idxs)
	wantCons := []string{
		"orders orders_check", "orders orders_pkey", "orders orders_user_id_fkey", "orders orders_user_id_id_key",
		"orgs orgs_pkey", "s s_u_key", "t t_a_b_key", "t t_a_excl", "t t_check",
		"users users_age_check", "users users_age_check1", "users users_age_max", "users users_email_key",
		"users users_org_id_fkey", "users users_pkey",
	}
	wantIdx := []string{
		"orders orders_customer_id_idx", "orders orders_pkey", "orders orders_user_id_id_key", "orgs orgs_pkey",
		"s s_u_key", "t t_a_b_key", "t t_a_excl", "users users_age_org_id_idx", "users users_email_idx",
		"users users_email_idx1", "users users_email_key", "users users_expr_idx", "users users_lower_idx",
		"users users_pkey", "users users_to_tsvector_idx",
	}
	if !reflect.DeepEqual(cons, wantCons) {
		t.Errorf("constraints\n got %q\nwant %q", cons, wantCons)
	}
	if !reflect.DeepEqual(idxs, wantIdx) {
		t.Errorf("indexes\n got %q\nwant %q", idxs, wantIdx)
	}
	for _, seq := range []string{"s_id_seq", "s_n_seq"} {
		if !c.HasSequence(nm(seq)) {
			t.Errorf("sequence %s missing", seq)
		}
	}
	// the renamed column follows into the unique key and the foreign key
	if con := c.Constraint(nm("orders"), "orders_user_id_fkey"); con == nil || !reflect.DeepEqual(con.Columns, []string{"customer_id"}) {
		t.Errorf("fk after column rename: %+v", con)
	}
	if got := c.UniqueKeys(nm("orders")); !reflect.DeepEqual(got, [][]string{{"id"}, {"customer_id", "id"}}) {
		t.Errorf("orders unique keys %v", got)
	}
}

func TestResolveUnqualifiedNames(t *testing.T) {
	c := NewCatalog()
	if errs := c.ApplySQL("s.sql", `CREATE SCHEMA app; CREATE TABLE app.users (id int);
CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.tags (id int); CREATE TABLE b.tags (id int);
CREATE TABLE public.tags (id int); CREATE TABLE a.only_a (id int); CREATE TABLE b.only_b (id int);
CREATE TYPE app.mood AS ENUM ('ok'); CREATE UNIQUE INDEX users_id_key ON app.users (id);
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'select 1';`, Existing); len(errs) > 0 {
		t.Fatal(errs[0])
	}
	for _, tc := range []struct{ name, want string }{
		{"users", "app.users"},  // the only one of that name
		{"tags", "public.tags"}, // public first
		{"app.users", "app.users"},
		{"public.users", ""}, // qualified: exactly
		{"only_a", "a.only_a"},
		{"nope", ""},
	} {
		got := ""
		if r := c.Resolve(nm(tc.name)); r != nil {
			got = r.Name.String()
		}
		if got != tc.want {
			t.Errorf("Resolve(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
	c.ApplySQL("s.sql", `CREATE TABLE a.dup (id int); CREATE TABLE b.dup (id int);`, Existing)
	if r := c.Resolve(nm("dup")); r != nil {
		t.Errorf("an ambiguous name resolves to %s", r.Name)
	}
	if e := c.ResolveEnum(nm("mood")); e == nil || e.Name.String() != "app.mood" {
		t.Errorf("ResolveEnum(mood) = %+v", e)
	}
	if ix := c.ResolveIndex(nm("users_id_key")); ix == nil || ix.Schema != "app" {
		t.Errorf("ResolveIndex(users_id_key) = %+v", ix)
	}
	if o, ok := c.ResolveOrigin(c.Functions, nm("f")); !ok || o != Existing {
		t.Errorf("ResolveOrigin(f) = %v %v", o, ok)
	}
}
