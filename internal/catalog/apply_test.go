package catalog

import (
	"reflect"
	"sort"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func nm(s string) sqlast.Name {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return sqlast.Name{Schema: s[:i], Name: s[i+1:]}
		}
	}
	return sqlast.Name{Name: s}
}

func st(n sqlast.Node) *sqlast.Stmt {
	return &sqlast.Stmt{Node: n, Pos: sqlast.Pos{File: "m.sql", Line: 1, Col: 1}}
}

func col(name, typ string, cons ...sqlast.Constraint) sqlast.ColumnDef {
	return sqlast.ColumnDef{Name: name, Type: sqlast.TypeName{Name: typ}, Constraints: cons}
}

func colNames(t *Table) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Name)
	}
	return out
}

func indexNames(c *Catalog, table string) []string {
	var out []string
	for _, i := range c.IndexesOn(nm(table)) {
		out = append(out, i.Name)
	}
	return out
}

func conNames(t *Table) []string {
	var out []string
	for _, c := range t.Constraints {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return out
}

func TestDefaultNamesFromInlineConstraints(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateTable{Table: nm("users"), Columns: []sqlast.ColumnDef{
		col("id", "int8", sqlast.Constraint{Kind: sqlast.ConPrimaryKey}),
		col("email", "text", sqlast.Constraint{Kind: sqlast.ConUnique}),
		col("age", "int4", sqlast.Constraint{Kind: sqlast.ConCheck, Check: &sqlast.Expr{Text: "age > 0", Columns: []string{"age"}}}),
	}}), Existing)
	c.Apply(st(&sqlast.CreateTable{Table: nm("orders"), Columns: []sqlast.ColumnDef{
		col("id", "int8"),
		col("user_id", "int8", sqlast.Constraint{Kind: sqlast.ConForeignKey, RefTable: &sqlast.Name{Name: "users"}}),
	}, Constraints: []sqlast.Constraint{
		{Kind: sqlast.ConPrimaryKey, Columns: []string{"id"}},
		{Kind: sqlast.ConCheck, Check: &sqlast.Expr{Text: "id > 0 and user_id > 0", Columns: []string{"id", "user_id"}}},
	}}), New)
	users := c.Table(nm("users"))
	if users == nil || users.Name != nm("public.users") {
		t.Fatalf("users: %+v", users)
	}
	if got, want := conNames(users), []string{"users_age_check", "users_email_key", "users_pkey"}; !reflect.DeepEqual(got, want) {
		t.Errorf("users constraints %v, want %v", got, want)
	}
	if !users.Column("id").NotNull || users.Column("email").NotNull {
		t.Errorf("primary key column must be not null, others not")
	}
	orders := c.Table(nm("public.orders"))
	if got, want := conNames(orders), []string{"orders_check", "orders_pkey", "orders_user_id_fkey"}; !reflect.DeepEqual(got, want) {
		t.Errorf("orders constraints %v, want %v", got, want)
	}
	fk := c.Constraint(nm("orders"), "orders_user_id_fkey")
	if fk == nil || *fk.RefTable != nm("public.users") || !reflect.DeepEqual(fk.RefColumns, []string{"id"}) || fk.Origin != New {
		t.Errorf("fk %+v", fk)
	}
	if got := indexNames(c, "users"); !reflect.DeepEqual(got, []string{"users_email_key", "users_pkey"}) {
		t.Errorf("users indexes %v", got)
	}
	if got := c.UniqueKeys(nm("users")); !reflect.DeepEqual(got, [][]string{{"id"}, {"email"}}) {
		t.Errorf("unique keys %v", got)
	}
	// a second unnamed index on the same column gets a numbered name; the
	// same definition again is taken for the existing one (replay over a
	// baseline that already has it)
	c.Apply(st(&sqlast.CreateIndex{Table: nm("users"), Columns: []string{"email"}}), New)
	c.Apply(st(&sqlast.CreateIndex{Table: nm("users"), Columns: []string{"email"}}), New)
	c.Apply(st(&sqlast.CreateIndex{Table: nm("users"), Columns: []string{"email"}, Where: &sqlast.Expr{Text: "age > 1"}}), New)
	c.Apply(st(&sqlast.CreateIndex{Table: nm("users"), Exprs: []sqlast.Expr{{Text: "lower(email)"}}, Unique: true}), New)
	c.Apply(st(&sqlast.CreateIndex{Table: nm("users"), Exprs: []sqlast.Expr{{Text: "(email || 'x')"}}}), New)
	// as Postgres 15.18 names them: an expression index after its function
	if got := indexNames(c, "users"); !reflect.DeepEqual(got, []string{"users_email_idx", "users_email_idx1", "users_email_key", "users_expr_idx", "users_lower_idx", "users_pkey"}) {
		t.Errorf("users indexes %v", got)
	}
	if got := c.UniqueKeys(nm("users")); len(got) != 2 {
		t.Errorf("an expression index is not a unique key: %v", got)
	}
	if got := c.TableByColumn("id"); len(got) != 2 || got[0].Name.Name != "orders" {
		t.Errorf("TableByColumn(id) = %v", got)
	}
}

func TestRenameThenReAddUnderOldName(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateTable{Table: nm("users"), Columns: []sqlast.ColumnDef{col("id", "int8"), col("full_name", "text")}}), Existing)
	c.Apply(st(&sqlast.CreateIndex{Name: "users_full_name_idx", Table: nm("users"), Columns: []string{"full_name"}}), Existing)
	c.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjColumn, Object: nm("users"), Sub: "full_name", NewName: "display_name"}), New)
	c.Apply(st(&sqlast.AlterTable{Table: nm("users"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddColumn, Def: &sqlast.ColumnDef{Name: "full_name", Type: sqlast.TypeName{Name: "text"}}}}}), New)
	u := c.Table(nm("users"))
	if got := colNames(u); !reflect.DeepEqual(got, []string{"id", "display_name", "full_name"}) {
		t.Fatalf("columns %v", got)
	}
	if u.Column("display_name").Origin != Existing || u.Column("full_name").Origin != New {
		t.Errorf("origins: renamed %v, re-added %v", u.Column("display_name").Origin, u.Column("full_name").Origin)
	}
	if idx := c.Index(nm("users_full_name_idx")); idx == nil || !reflect.DeepEqual(idx.Columns, []string{"display_name"}) {
		t.Errorf("index follows the renamed column: %+v", idx)
	}
}

func TestCreateRenameDropRecreate(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateTable{Table: nm("a"), Columns: []sqlast.ColumnDef{col("id", "int8", sqlast.Constraint{Kind: sqlast.ConPrimaryKey})}}), Existing)
	c.Apply(st(&sqlast.CreateTable{Table: nm("b"), Columns: []sqlast.ColumnDef{col("a_id", "int8", sqlast.Constraint{Kind: sqlast.ConForeignKey, RefTable: &sqlast.Name{Name: "a"}, RefColumns: []string{"id"}})}}), Existing)
	c.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjTable, Object: nm("a"), NewName: "a2"}), New)
	if c.Table(nm("a")) != nil || c.Table(nm("a2")) == nil || c.Table(nm("a2")).Origin != Existing {
		t.Fatalf("rename table")
	}
	if fk := c.Constraint(nm("b"), "b_a_id_fkey"); fk == nil || *fk.RefTable != nm("public.a2") {
		t.Errorf("fk not retargeted: %+v", fk)
	}
	if idx := c.Index(nm("a_pkey")); idx == nil || idx.Table != nm("public.a2") {
		t.Errorf("pkey index not retargeted: %+v", idx)
	}
	c.Apply(st(&sqlast.Drop{ObjType: sqlast.ObjTable, Objects: []sqlast.Name{nm("a2")}, Cascade: true}), New)
	if c.Table(nm("a2")) != nil || c.Index(nm("a_pkey")) != nil || c.Constraint(nm("b"), "b_a_id_fkey") != nil {
		t.Errorf("drop leaves dependents")
	}
	c.Apply(st(&sqlast.CreateTable{Table: nm("a"), Columns: []sqlast.ColumnDef{col("id", "uuid")}}), New)
	if a := c.Table(nm("a")); a == nil || a.Origin != New || a.Column("id").Type.Name != "uuid" {
		t.Errorf("recreated table: %+v", a)
	}
}

func TestEnumAddRename(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateEnum{Name: nm("app.status"), Values: []string{"active", "closed"}}), Existing)
	c.Apply(st(&sqlast.AlterEnum{Type: nm("app.status"), AddValue: "pending", Before: "active"}), New)
	c.Apply(st(&sqlast.AlterEnum{Type: nm("app.status"), AddValue: "archived", After: "closed"}), New)
	c.Apply(st(&sqlast.AlterEnum{Type: nm("app.status"), AddValue: "archived", IfNotExists: true}), New)
	c.Apply(st(&sqlast.AlterEnum{Type: nm("app.status"), OldValue: "closed", NewValue: "done"}), New)
	e := c.Enum(nm("app.status"))
	if e == nil || !reflect.DeepEqual(e.Values, []string{"pending", "active", "done", "archived"}) {
		t.Fatalf("enum %+v", e)
	}
	if c.Enum(nm("status")) != nil {
		t.Errorf("unqualified name found a non-public enum")
	}
	c.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjType_, Object: nm("app.status"), NewName: "state"}), New)
	if c.Enum(nm("app.state")) == nil || c.Enum(nm("app.status")) != nil {
		t.Errorf("enum rename")
	}
	if !c.HasType(nm("app.state")) {
		t.Errorf("HasType")
	}
}

func TestUniqueIndexDrop(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateTable{Table: nm("t"), Columns: []sqlast.ColumnDef{col("a", "text"), col("b", "text")}}), Existing)
	c.Apply(st(&sqlast.CreateIndex{Name: "t_a_b", Table: nm("t"), Columns: []string{"a", "b"}, Unique: true}), Existing)
	c.Apply(st(&sqlast.CreateIndex{Name: "t_b_part", Table: nm("t"), Columns: []string{"b"}, Unique: true, Where: &sqlast.Expr{Text: "a is null"}}), Existing)
	if got := c.UniqueKeys(nm("t")); !reflect.DeepEqual(got, [][]string{{"a", "b"}}) {
		t.Errorf("unique keys %v", got)
	}
	c.Apply(st(&sqlast.Drop{ObjType: sqlast.ObjIndex, Objects: []sqlast.Name{nm("t_a_b")}, Concurrently: true}), New)
	if got := c.UniqueKeys(nm("t")); len(got) != 0 {
		t.Errorf("unique keys after drop %v", got)
	}
	// promote a unique index to a constraint
	c.Apply(st(&sqlast.CreateIndex{Name: "t_a_uniq", Table: nm("t"), Columns: []string{"a"}, Unique: true, Concurrently: true}), New)
	c.Apply(st(&sqlast.AlterTable{Table: nm("t"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddConstraint, Constraint: &sqlast.Constraint{Kind: sqlast.ConUnique, Name: "t_a_unique", UsingIndex: "t_a_uniq"}}}}), New)
	if c.Index(nm("t_a_uniq")) != nil || c.Index(nm("t_a_unique")) == nil || c.Index(nm("t_a_unique")).Constraint != "t_a_unique" {
		t.Errorf("USING INDEX did not rename the index: %v", indexNames(c, "t"))
	}
	if con := c.Constraint(nm("t"), "t_a_unique"); con == nil || !reflect.DeepEqual(con.Columns, []string{"a"}) {
		t.Errorf("constraint columns from the index: %+v", con)
	}
	c.Apply(st(&sqlast.AlterTable{Table: nm("t"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.DropConstraint, Name: "t_a_unique"}}}), New)
	if c.Index(nm("t_a_unique")) != nil {
		t.Errorf("dropping the constraint keeps its index")
	}
}

func TestSchemaQualifiedAndSearchPath(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateSchema{Name: "billing"}), New)
	c.Apply(st(&sqlast.CreateTable{Table: nm("billing.invoices"), Columns: []sqlast.ColumnDef{col("id", "int8")}}), New)
	c.Apply(st(&sqlast.CreateTable{Table: nm("invoices"), Columns: []sqlast.ColumnDef{col("n", "int8")}}), New)
	if c.Table(nm("invoices")).Column("n") == nil || c.Table(nm("billing.invoices")).Column("id") == nil {
		t.Fatalf("qualified vs unqualified")
	}
	c.Apply(st(&sqlast.Set{Name: "search_path", Value: "billing, public"}), New)
	c.Apply(st(&sqlast.AlterTable{Table: nm("invoices"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddColumn, Def: &sqlast.ColumnDef{Name: "total", Type: sqlast.TypeName{Name: "numeric"}}}}}), New)
	if c.Table(nm("billing.invoices")).Column("total") == nil {
		t.Errorf("search_path not followed")
	}
	c.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjSchema, Object: nm("billing"), NewName: "acct"}), New)
	if c.HasSchema("billing") || !c.HasSchema("acct") || c.Table(nm("acct.invoices")) == nil {
		t.Errorf("schema rename")
	}
	c.Apply(st(&sqlast.Drop{ObjType: sqlast.ObjSchema, Objects: []sqlast.Name{{Name: "acct"}}, Cascade: true}), New)
	if c.Table(nm("acct.invoices")) != nil || c.HasSchema("acct") {
		t.Errorf("drop schema cascade")
	}
}

func TestMissingObjectsNeverFail(t *testing.T) {
	c := NewCatalog()
	for _, n := range []sqlast.Node{
		&sqlast.Drop{ObjType: sqlast.ObjTable, Objects: []sqlast.Name{nm("nope")}, IfExists: true},
		&sqlast.Drop{ObjType: sqlast.ObjIndex, Objects: []sqlast.Name{nm("nope_idx")}},
		&sqlast.Drop{ObjType: sqlast.ObjConstraint, Objects: []sqlast.Name{nm("x")}, Table: nm("nope")},
		&sqlast.Rename{ObjType: sqlast.ObjColumn, Object: nm("nope"), Sub: "a", NewName: "b"},
		&sqlast.Rename{ObjType: sqlast.ObjConstraint, Object: nm("nope"), Sub: "a", NewName: "b"},
		&sqlast.Rename{ObjType: sqlast.ObjIndex, Object: nm("nope"), NewName: "b"},
		&sqlast.AlterTable{Table: nm("nope"), IfExists: true, Cmds: []sqlast.AlterCmd{{Kind: sqlast.DropColumn, Column: "a"}}},
		&sqlast.AlterEnum{Type: nm("mood"), OldValue: "a", NewValue: "b"},
		&sqlast.AlterTable{Table: nm("ghost"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.AlterColumnType, Column: "a", Type: &sqlast.TypeName{Name: "int8"}}, {Kind: sqlast.AddConstraint}, {Kind: sqlast.AddColumn}}},
		&sqlast.CreateIndex{Table: nm("ghost2"), Columns: []string{"x"}},
		&sqlast.Other{},
		nil,
	} {
		c.Apply(st(n), New)
	}
	c.Apply(nil, New)
	if c.Table(nm("nope")) != nil {
		t.Errorf("IF EXISTS on a missing table created it")
	}
	g := c.Table(nm("ghost"))
	if g == nil || !g.Partial || g.Origin != Existing || g.Column("a") == nil || g.Column("a").Type.Name != "int8" {
		t.Errorf("stub for an altered unknown table: %+v", g)
	}
	if len(c.Notes) == 0 {
		t.Errorf("no notes for missing objects")
	}
}

func TestReplayOverFinalSchema(t *testing.T) {
	stmts := []sqlast.Node{
		&sqlast.CreateTable{Table: nm("users"), Columns: []sqlast.ColumnDef{col("id", "int8", sqlast.Constraint{Kind: sqlast.ConPrimaryKey}), col("email", "text")}},
		&sqlast.CreateIndex{Name: "users_email", Table: nm("users"), Columns: []string{"email"}},
		&sqlast.AlterTable{Table: nm("users"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddColumn, Def: &sqlast.ColumnDef{Name: "name", Type: sqlast.TypeName{Name: "text"}}}}},
		&sqlast.CreateEnum{Name: nm("mood"), Values: []string{"ok"}},
		&sqlast.AlterEnum{Type: nm("mood"), AddValue: "sad"},
		&sqlast.AlterTable{Table: nm("users"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddConstraint, Constraint: &sqlast.Constraint{Kind: sqlast.ConUnique, Name: "users_email_key", Columns: []string{"email"}}}}},
	}
	final := NewCatalog()
	for _, n := range stmts {
		final.Apply(st(n), Existing)
	}
	replay := final.Clone()
	for _, n := range stmts {
		replay.Apply(st(n), New)
	}
	if !reflect.DeepEqual(colNames(replay.Table(nm("users"))), []string{"id", "email", "name"}) {
		t.Errorf("columns %v", colNames(replay.Table(nm("users"))))
	}
	for _, col := range replay.Table(nm("users")).Columns {
		if col.Origin != Existing {
			t.Errorf("column %s became %v", col.Name, col.Origin)
		}
	}
	if got := replay.Enum(nm("mood")).Values; !reflect.DeepEqual(got, []string{"ok", "sad"}) {
		t.Errorf("enum %v", got)
	}
	if len(replay.Table(nm("users")).Constraints) != 2 {
		t.Errorf("constraints duplicated: %v", conNames(replay.Table(nm("users"))))
	}
}

func TestCloneIsIndependent(t *testing.T) {
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateTable{Table: nm("t"), Columns: []sqlast.ColumnDef{col("a", "text", sqlast.Constraint{Kind: sqlast.ConUnique})}}), Existing)
	c.Apply(st(&sqlast.CreateEnum{Name: nm("e"), Values: []string{"x"}}), Existing)
	d := c.Clone()
	d.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjColumn, Object: nm("t"), Sub: "a", NewName: "b"}), New)
	d.Apply(st(&sqlast.AlterTable{Table: nm("t"), Cmds: []sqlast.AlterCmd{{Kind: sqlast.SetNotNull, Column: "b"}}}), New)
	d.Apply(st(&sqlast.AlterEnum{Type: nm("e"), AddValue: "y"}), New)
	d.Apply(st(&sqlast.Drop{ObjType: sqlast.ObjIndex, Objects: []sqlast.Name{nm("t_a_key")}}), New)
	if c.Table(nm("t")).Column("a") == nil || c.Table(nm("t")).Column("a").NotNull {
		t.Errorf("clone changed the original column")
	}
	if got := c.Table(nm("t")).Constraints[0].Columns; !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("clone changed the original constraint: %v", got)
	}
	if len(c.Enum(nm("e")).Values) != 1 || c.Index(nm("t_a_key")) == nil {
		t.Errorf("clone changed the original enum or index")
	}
}

func TestApplyDoesNotChangeTheStatement(t *testing.T) {
	fk := sqlast.Constraint{Kind: sqlast.ConForeignKey, Columns: []string{"a_id"}, RefTable: &sqlast.Name{Name: "a"}, RefColumns: []string{"id"}}
	create := &sqlast.CreateTable{Table: nm("b"), Columns: []sqlast.ColumnDef{col("a_id", "int8", fk)}}
	c := NewCatalog()
	c.Apply(st(&sqlast.CreateTable{Table: nm("a"), Columns: []sqlast.ColumnDef{col("id", "int8")}}), Existing)
	c.Apply(st(create), Existing)
	c.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjColumn, Object: nm("a"), Sub: "id", NewName: "ident"}), New)
	c.Apply(st(&sqlast.Rename{ObjType: sqlast.ObjColumn, Object: nm("b"), Sub: "a_id", NewName: "x"}), New)
	got := create.Columns[0].Constraints[0]
	if got.RefColumns[0] != "id" || got.Columns[0] != "a_id" || got.Name != "" || got.RefTable.Schema != "" {
		t.Errorf("replay changed the parsed statement: %+v", got)
	}
	if con := c.Constraint(nm("b"), "b_a_id_fkey"); con == nil || con.RefColumns[0] != "ident" || con.Columns[0] != "x" {
		t.Errorf("catalog constraint %+v", con)
	}
}

func TestLongDefaultNamesAreTruncatedAsPostgresDoes(t *testing.T) {
	// Names as Postgres 15.18 gives them to the same statements.
	c := NewCatalog()
	tbl := "a_very_long_table_name_that_goes_on_and_on_forever_x"
	colName := "a_rather_long_column_name_as_well_for_testing"
	c.Apply(st(&sqlast.CreateTable{Table: nm(tbl), Columns: []sqlast.ColumnDef{col(colName, "text", sqlast.Constraint{Kind: sqlast.ConUnique})}}), New)
	c.Apply(st(&sqlast.CreateIndex{Table: nm(tbl), Columns: []string{colName}}), New)
	c.Apply(st(&sqlast.CreateIndex{Table: nm(tbl), Columns: []string{colName}, Where: &sqlast.Expr{Text: "true"}}), New)
	got := indexNames(c, tbl)
	want := []string{
		"a_very_long_table_name_that_g_a_rather_long_column_name_as__idx",
		"a_very_long_table_name_that_g_a_rather_long_column_name_as__key",
		"a_very_long_table_name_that_g_a_rather_long_column_name_as_idx1",
	}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("names\n got %q\nwant %q", got, want)
	}
	for _, n := range got {
		if len(n) > 63 {
			t.Errorf("%s is longer than 63 bytes", n)
		}
	}
}

func TestFunctionVolatility(t *testing.T) {
	c := NewCatalog()
	src := `CREATE FUNCTION app.slug(text) RETURNS text IMMUTABLE LANGUAGE sql AS 'select lower($1)';
CREATE FUNCTION today_utc() RETURNS date LANGUAGE sql STABLE AS 'select current_date';
CREATE FUNCTION make_payload() RETURNS jsonb LANGUAGE sql AS 'select ''{}''::jsonb';
CREATE FUNCTION pick(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'select $1';
CREATE FUNCTION pick(text) RETURNS int VOLATILE LANGUAGE sql AS 'select 1';
CREATE FUNCTION later() RETURNS int LANGUAGE sql AS 'select 1';
CREATE OR REPLACE FUNCTION later() RETURNS int IMMUTABLE LANGUAGE sql AS 'select 1';
CREATE FUNCTION old_name() RETURNS int STABLE LANGUAGE sql AS 'select 1';
ALTER FUNCTION old_name() RENAME TO new_name;`
	if errs := c.ApplySQL("f.sql", src, Existing); len(errs) > 0 {
		t.Fatal(errs)
	}
	clone := c.Clone()
	for _, tt := range []struct {
		name, want string
		ok         bool
	}{
		{"app.slug", "immutable", true},
		{"slug", "", false}, // not on the search path
		{"today_utc", "stable", true},
		{"public.make_payload", "volatile", true}, // declared nothing
		{"pick", "volatile", true},                // overloads: the most volatile
		{"later", "immutable", true},              // OR REPLACE redefines it
		{"new_name", "stable", true},
		{"old_name", "", false},
		{"nope", "", false},
	} {
		for _, cat := range []*Catalog{c, clone} {
			fi, ok := cat.FunctionInfo(nm(tt.name))
			if got := fi.Volatility; got != tt.want || ok != tt.ok {
				t.Errorf("FunctionInfo(%s) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
			}
		}
	}
}

func TestFunctionInfoInlinable(t *testing.T) {
	c := NewCatalog()
	src := `CREATE FUNCTION noise() RETURNS float8 LANGUAGE sql AS 'select random() * 2';
CREATE FUNCTION counted() RETURNS bigint LANGUAGE sql AS 'select count(*) from t';
CREATE FUNCTION o(int) RETURNS int LANGUAGE sql AS 'select $1';
CREATE FUNCTION o(text) RETURNS int LANGUAGE sql AS 'select 1';`
	if errs := c.ApplySQL("f.sql", src, Existing); len(errs) > 0 {
		t.Fatal(errs)
	}
	if fi, _ := c.FunctionInfo(nm("noise")); !fi.Inlinable || !reflect.DeepEqual(fi.Calls, []string{"random"}) {
		t.Errorf("noise: %+v, want inlinable calling random", fi)
	}
	if fi, _ := c.FunctionInfo(nm("counted")); fi.Inlinable {
		t.Errorf("counted: %+v, want not inlinable (FROM clause)", fi)
	}
	if fi, _ := c.FunctionInfo(nm("o")); fi.Inlinable {
		t.Errorf("o: %+v, want not inlinable (overloads)", fi)
	}
}

func TestSameColumnSet(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		want bool
	}{
		{[]string{"a", "b"}, []string{"B", "a"}, true},
		{[]string{"a"}, []string{"a", "b"}, false},
		{[]string{"a", "b"}, []string{"a", "c"}, false},
		{nil, nil, false},
	} {
		if got := SameColumnSet(c.a, c.b); got != c.want {
			t.Errorf("SameColumnSet(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
