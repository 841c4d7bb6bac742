package catalog

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/migrations"
)

func TestLoadSchemaPgDump(t *testing.T) {
	src, err := os.ReadFile("testdata/pg_dump.sql")
	if err != nil {
		t.Fatal(err)
	}
	c, errs := LoadSchema("schema.sql", string(src))
	for _, e := range errs {
		t.Errorf("parse error: %v", e)
	}
	users := c.Table(nm("users"))
	if users == nil {
		t.Fatalf("no users table; tables %v, notes %v", c.TableNames(), c.Notes)
	}
	if users.Origin != Existing || users.Partial {
		t.Errorf("users origin %v partial %v", users.Origin, users.Partial)
	}
	if got := colNames(users); !reflect.DeepEqual(got, []string{"id", "email", "legacy_email", "full_name", "created_at", "updated_at"}) {
		t.Errorf("users columns %v", got)
	}
	if col := users.Column("full_name"); col.Type.Name != "varchar" || !reflect.DeepEqual(col.Type.Mods, []int{200}) {
		t.Errorf("full_name type %+v", col.Type)
	}
	if col := users.Column("id"); !col.NotNull || col.Default == nil || !strings.Contains(col.Default.Text, "nextval") {
		t.Errorf("users.id %+v default %+v", col, col.Default)
	}
	if got := c.UniqueKeys(nm("users")); !reflect.DeepEqual(got, [][]string{{"id"}, {"email"}}) {
		t.Errorf("users unique keys %v", got)
	}
	if got := indexNames(c, "public.users"); !reflect.DeepEqual(got, []string{"users_email_key", "users_lower_email_idx", "users_pkey"}) {
		t.Errorf("users indexes %v", got)
	}
	orders := c.Table(nm("public.orders"))
	if orders == nil {
		t.Fatalf("no orders")
	}
	if got := conNames(orders); !reflect.DeepEqual(got, []string{"orders_pkey", "orders_total_check", "orders_user_id_fkey"}) {
		t.Errorf("orders constraints %v", got)
	}
	if st := orders.Column("status"); st == nil || st.Type.Name != "order_status" || !st.NotNull {
		t.Errorf("orders.status %+v", st)
	}
	if !orders.Column("id").Identity {
		t.Errorf("orders.id identity not recorded")
	}
	if e := c.Enum(nm("order_status")); e == nil || !reflect.DeepEqual(e.Values, []string{"pending", "paid", "shipped"}) {
		t.Errorf("enum %+v", e)
	}
	inv := c.Table(nm("billing.invoices"))
	if inv == nil || c.Table(nm("invoices")) != nil {
		t.Fatalf("billing.invoices must be found only qualified")
	}
	fk := inv.Constraint("invoices_order_id_fkey")
	if fk == nil || !fk.NotValid || *fk.RefTable != nm("public.orders") {
		t.Errorf("invoices fk %+v", fk)
	}
	if !c.HasSchema("billing") || !c.HasFunction(nm("touch_updated_at")) || !c.HasSequence(nm("users_id_seq")) {
		t.Errorf("schema/function/sequence missing")
	}
	if v := c.View(nm("active_users")); v == nil || !v.View {
		t.Errorf("view missing")
	}
	if len(c.Notes) != 0 {
		t.Errorf("unexpected notes for a plain dump: %v", c.Notes)
	}
}

func TestReplaySetOverBaselineWithFinalSchema(t *testing.T) {
	fsys := fstest.MapFS{
		"db/migrations/001_users.up.sql": {Data: []byte(`CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);`)},
		"db/migrations/002_name.up.sql":  {Data: []byte("ALTER TABLE users ADD COLUMN name text;\nCREATE INDEX ON users (name);")},
		"db/migrations/010_drop.up.sql":  {Data: []byte("ALTER TABLE users DROP COLUMN IF EXISTS legacy;\nDROP INDEX IF EXISTS gone_idx;")},
	}
	set, err := migrations.LoadFS(fsys, nil, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 3 {
		t.Fatalf("files %d", len(set.Files))
	}
	fresh := NewCatalog()
	fresh.ApplySet(set, New)
	u := fresh.Table(nm("users"))
	if u == nil || !reflect.DeepEqual(colNames(u), []string{"id", "email", "name"}) || u.Origin != New {
		t.Fatalf("replayed users %+v", u)
	}
	if got := indexNames(fresh, "users"); !reflect.DeepEqual(got, []string{"users_email_key", "users_name_idx", "users_pkey"}) {
		t.Errorf("indexes %v", got)
	}
	if !fresh.HasSequence(nm("users_id_seq")) {
		t.Errorf("bigserial sequence")
	}
	// A baseline that already holds the final schema: replaying the same
	// migrations over it changes nothing and keeps everything Existing.
	base, errs := LoadSchema("schema.sql", `
CREATE TABLE public.users (id bigint NOT NULL, email text NOT NULL, name text);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_email_key UNIQUE (email);
CREATE INDEX users_name_idx ON public.users USING btree (name);`)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	base.ApplySet(set, New)
	u = base.Table(nm("users"))
	if !reflect.DeepEqual(colNames(u), []string{"id", "email", "name"}) || u.Origin != Existing || u.Column("name").Origin != Existing {
		t.Errorf("baseline replay changed users: %v", colNames(u))
	}
	if got := indexNames(base, "users"); !reflect.DeepEqual(got, []string{"users_email_key", "users_name_idx", "users_pkey"}) {
		t.Errorf("indexes after replay over baseline %v", got)
	}
}
