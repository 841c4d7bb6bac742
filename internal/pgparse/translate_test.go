package pgparse

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func name(s string) sqlast.Name { return sqlast.Name{Name: s} }

func namep(schema, n string) *sqlast.Name { return &sqlast.Name{Schema: schema, Name: n} }

func typ(n, text string, mods ...int) sqlast.TypeName {
	return sqlast.TypeName{Name: n, Text: text, Mods: mods}
}

// parseOne parses src, which must hold exactly one statement.
func parseOne(t *testing.T, src string) *sqlast.Stmt {
	t.Helper()
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("%s: unexpected errors %v", src, errs)
	}
	if len(stmts) != 1 {
		t.Fatalf("%s: got %d statements, want 1", src, len(stmts))
	}
	return stmts[0]
}

// diff shows where the JSON forms of got and want first differ.
func diff(got, want any) string {
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	from := max(0, i-150)
	return "got  …" + string(g[from:min(len(g), i+100)]) + "\nwant …" + string(w[from:min(len(w), i+100)])
}

func TestTranslate(t *testing.T) {
	tests := []struct {
		sql  string
		kind string
		want sqlast.Node
	}{
		// CREATE TABLE: type normalisation, serials, defaults, constraints.
		{
			sql: `CREATE TABLE IF NOT EXISTS public.users (
	id bigserial PRIMARY KEY,
	small serial,
	email character varying(255) NOT NULL,
	name varchar,
	age integer DEFAULT 0,
	score smallint,
	big BIGINT,
	active boolean DEFAULT true NOT NULL,
	created_at timestamp with time zone DEFAULT now() NOT NULL,
	updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
	price numeric(10, 2),
	tags text[] DEFAULT '{}'::text[],
	data jsonb DEFAULT '{}'::jsonb,
	ratio double precision,
	flag pg_catalog.bool,
	c1 char(2),
	c2 "char",
	s4 serial4,
	status public.user_status DEFAULT NULL,
	uid uuid DEFAULT gen_random_uuid(),
	CONSTRAINT users_email_key UNIQUE (email),
	CHECK (age >= 0 AND score < 100)
)`,
			kind: "CreateStmt",
			want: &sqlast.CreateTable{
				Table: sqlast.Name{Schema: "public", Name: "users"}, IfNotExists: true,
				Columns: []sqlast.ColumnDef{
					{Name: "id", Type: typ("int8", "bigserial"), Serial: true, NotNull: true,
						Constraints: []sqlast.Constraint{{Kind: sqlast.ConPrimaryKey, Columns: []string{"id"}}}},
					{Name: "small", Type: typ("int4", "serial"), Serial: true},
					{Name: "email", Type: typ("varchar", "character varying(255)", 255), NotNull: true,
						Constraints: []sqlast.Constraint{{Kind: sqlast.ConNotNull, Columns: []string{"email"}}}},
					{Name: "name", Type: typ("varchar", "varchar")},
					{Name: "age", Type: typ("int4", "integer"), Default: &sqlast.Expr{Text: "0", Const: true}},
					{Name: "score", Type: typ("int2", "smallint")},
					{Name: "big", Type: typ("int8", "BIGINT")},
					{Name: "active", Type: typ("bool", "boolean"), Default: &sqlast.Expr{Text: "true", Const: true}, NotNull: true,
						Constraints: []sqlast.Constraint{{Kind: sqlast.ConNotNull, Columns: []string{"active"}}}},
					{Name: "created_at", Type: typ("timestamptz", "timestamp with time zone"), Default: &sqlast.Expr{Text: "now()", Funcs: []string{"now"}}, NotNull: true,
						Constraints: []sqlast.Constraint{{Kind: sqlast.ConNotNull, Columns: []string{"created_at"}}}},
					{Name: "updated_at", Type: typ("timestamp", "timestamp without time zone"), Default: &sqlast.Expr{Text: "current_timestamp", Funcs: []string{"current_timestamp"}}},
					{Name: "price", Type: typ("numeric", "numeric(10, 2)", 10, 2)},
					{Name: "tags", Type: sqlast.TypeName{Name: "text", Array: true, Text: "text[]"}, Default: &sqlast.Expr{Text: "'{}'::text[]", Const: true}},
					{Name: "data", Type: typ("jsonb", "jsonb"), Default: &sqlast.Expr{Text: "'{}'::jsonb", Const: true}},
					{Name: "ratio", Type: typ("float8", "double precision")},
					{Name: "flag", Type: typ("bool", "pg_catalog.bool")},
					{Name: "c1", Type: typ("bpchar", "char(2)", 2)},
					{Name: "c2", Type: typ("char", `"char"`)},
					{Name: "s4", Type: typ("int4", "serial4"), Serial: true},
					{Name: "status", Type: sqlast.TypeName{Schema: "public", Name: "user_status", Text: "public.user_status"}, Default: &sqlast.Expr{Text: "NULL", Const: true, Null: true}},
					{Name: "uid", Type: typ("uuid", "uuid"), Default: &sqlast.Expr{Text: "gen_random_uuid()", Funcs: []string{"gen_random_uuid"}}},
				},
				Constraints: []sqlast.Constraint{
					{Kind: sqlast.ConUnique, Name: "users_email_key", Columns: []string{"email"}},
					{Kind: sqlast.ConCheck, Columns: []string{"age", "score"}, Check: &sqlast.Expr{Text: "age >= 0 AND score < 100", Columns: []string{"age", "score"}}},
				},
			},
		},
		{
			sql:  `CREATE TABLE "Orders" (id int GENERATED ALWAYS AS IDENTITY, "userId" bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, total numeric GENERATED ALWAYS AS (price * qty) STORED, FOREIGN KEY (a, b) REFERENCES s.other (x, y) NOT VALID, CONSTRAINT pk PRIMARY KEY (id))`,
			kind: "CreateStmt",
			want: &sqlast.CreateTable{
				Table: name("Orders"),
				Columns: []sqlast.ColumnDef{
					{Name: "id", Type: typ("int4", "int"), Identity: true, NotNull: true},
					{Name: "userId", Type: typ("int8", "bigint"), NotNull: true, Constraints: []sqlast.Constraint{
						{Kind: sqlast.ConNotNull, Columns: []string{"userId"}},
						{Kind: sqlast.ConForeignKey, Columns: []string{"userId"}, RefTable: namep("", "users"), RefColumns: []string{"id"}, OnDelete: "cascade", OnUpdate: "no action"},
					}},
					{Name: "total", Type: typ("numeric", "numeric"), Generated: &sqlast.Expr{Text: "price * qty", Columns: []string{"price", "qty"}}},
				},
				Constraints: []sqlast.Constraint{
					{Kind: sqlast.ConForeignKey, Columns: []string{"a", "b"}, RefTable: namep("s", "other"), RefColumns: []string{"x", "y"}, OnDelete: "no action", OnUpdate: "no action", NotValid: true},
					{Kind: sqlast.ConPrimaryKey, Name: "pk", Columns: []string{"id"}},
				},
			},
		},
		{
			sql:  `CREATE UNLOGGED TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
			kind: "CreateStmt",
			want: &sqlast.CreateTable{Table: name("events_2024"), Unlogged: true, PartitionOf: namep("", "events")},
		},
		{
			sql:  `CREATE TEMP TABLE tmp (LIKE users INCLUDING ALL, extra text)`,
			kind: "CreateStmt",
			want: &sqlast.CreateTable{Table: name("tmp"), Temp: true, Like: []sqlast.Name{name("users")},
				Columns: []sqlast.ColumnDef{{Name: "extra", Type: typ("text", "text")}}},
		},
		{
			sql:  `CREATE TABLE users_backup AS SELECT * FROM users`,
			kind: "CreateTableAsStmt",
			want: &sqlast.CreateTable{Table: name("users_backup"), AsQuery: true},
		},
		{
			sql:  `SELECT * INTO TEMP old_users FROM users WHERE deleted`,
			kind: "SelectStmt",
			want: &sqlast.CreateTable{Table: name("old_users"), AsQuery: true, Temp: true},
		},
		// ALTER TABLE sub-commands.
		{
			sql:  `ALTER TABLE ONLY public.users ADD COLUMN IF NOT EXISTS nickname text DEFAULT 'x' NOT NULL`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: sqlast.Name{Schema: "public", Name: "users"}, ObjType: sqlast.ObjTable, Only: true, Cmds: []sqlast.AlterCmd{{
				Kind: sqlast.AddColumn, Column: "nickname", IfNotExists: true,
				Def: &sqlast.ColumnDef{Name: "nickname", Type: typ("text", "text"), Default: &sqlast.Expr{Text: "'x'", Const: true}, NotNull: true,
					Constraints: []sqlast.Constraint{{Kind: sqlast.ConNotNull, Columns: []string{"nickname"}}}},
			}}},
		},
		{
			sql:  `ALTER TABLE IF EXISTS users DROP COLUMN IF EXISTS legacy_email CASCADE, DROP COLUMN other`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users"), ObjType: sqlast.ObjTable, IfExists: true, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.DropColumn, Column: "legacy_email", IfExists: true, Cascade: true},
				{Kind: sqlast.DropColumn, Column: "other"},
			}},
		},
		{
			sql:  `ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint, ALTER COLUMN name SET DATA TYPE varchar(100)`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.AlterColumnType, Column: "age", Type: &sqlast.TypeName{Name: "int8", Text: "bigint"}, Using: &sqlast.Expr{Text: "age::bigint", Columns: []string{"age"}}},
				{Kind: sqlast.AlterColumnType, Column: "name", Type: &sqlast.TypeName{Name: "varchar", Mods: []int{100}, Text: "varchar(100)"}},
			}},
		},
		{
			sql:  `ALTER TABLE users ALTER COLUMN a SET DEFAULT 5, ALTER COLUMN b DROP DEFAULT, ALTER COLUMN c SET NOT NULL, ALTER c DROP NOT NULL`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.SetDefault, Column: "a", Default: &sqlast.Expr{Text: "5", Const: true}},
				{Kind: sqlast.DropDefault, Column: "b"},
				{Kind: sqlast.SetNotNull, Column: "c"},
				{Kind: sqlast.DropNotNull, Column: "c"},
			}},
		},
		{
			sql:  `ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users(id) NOT VALID, VALIDATE CONSTRAINT other_fk, DROP CONSTRAINT IF EXISTS old_check`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("orders"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.AddConstraint, Name: "orders_user_fk", Constraint: &sqlast.Constraint{Kind: sqlast.ConForeignKey, Name: "orders_user_fk", Columns: []string{"user_id"}, RefTable: namep("", "users"), RefColumns: []string{"id"}, OnDelete: "no action", OnUpdate: "no action", NotValid: true}},
				{Kind: sqlast.ValidateConstraint, Name: "other_fk"},
				{Kind: sqlast.DropConstraint, Name: "old_check", IfExists: true},
			}},
		},
		{
			sql:  `ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.AddConstraint, Name: "users_pkey", Constraint: &sqlast.Constraint{Kind: sqlast.ConPrimaryKey, Name: "users_pkey", UsingIndex: "users_id_idx"}},
			}},
		},
		{
			sql:  `ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY, ALTER COLUMN x DROP IDENTITY IF EXISTS, SET LOGGED, SET UNLOGGED, SET TABLESPACE fast, OWNER TO bob`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.AddIdentity, Column: "id"},
				{Kind: sqlast.DropIdentity, Column: "x", IfExists: true},
				{Kind: sqlast.SetLogged},
				{Kind: sqlast.SetUnlogged},
				{Kind: sqlast.SetTablespace, Name: "fast"},
				{Kind: sqlast.AlterOther, Raw: "ChangeOwner"},
			}},
		},
		{
			sql:  `ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("events"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.AttachPartition, Name: "events_2025"},
			}},
		},
		{
			sql:  `ALTER TABLE events DETACH PARTITION public.events_2020 CONCURRENTLY`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("events"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.DetachPartition, Name: "public.events_2020", Concurrent: true},
			}},
		},
		{
			sql:  `ALTER TABLE events DETACH PARTITION events_2020 FINALIZE`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("events"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{
				{Kind: sqlast.DetachPartition, Name: "events_2020", Finalize: true},
			}},
		},
		{
			sql:  `ALTER INDEX users_idx SET TABLESPACE fast`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users_idx"), ObjType: sqlast.ObjIndex, Cmds: []sqlast.AlterCmd{{Kind: sqlast.SetTablespace, Name: "fast"}}},
		},
		{
			sql:  `ALTER SEQUENCE users_id_seq OWNED BY users.id`,
			kind: "AlterSeqStmt",
			want: &sqlast.AlterSequence{Name: name("users_id_seq")},
		},
		{
			sql:  `ALTER MATERIALIZED VIEW mv SET (fillfactor = 70)`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("mv"), ObjType: sqlast.ObjMatView, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AlterOther, Raw: "SetRelOptions"}}},
		},
		{
			sql:  `ALTER TABLE users ENABLE ROW LEVEL SECURITY`,
			kind: "AlterTableStmt",
			want: &sqlast.AlterTable{Table: name("users"), ObjType: sqlast.ObjTable, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AlterOther, Raw: "EnableRowSecurity"}}},
		},
		// RENAME of every object kind.
		{sql: `ALTER TABLE users RENAME TO customers`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjTable, Object: name("users"), NewName: "customers"}},
		{sql: `ALTER TABLE IF EXISTS public.users RENAME COLUMN full_name TO name`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjColumn, Object: sqlast.Name{Schema: "public", Name: "users"}, Sub: "full_name", NewName: "name", IfExists: true}},
		{sql: `ALTER TABLE users RENAME "Email" TO email`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjColumn, Object: name("users"), Sub: "Email", NewName: "email"}},
		{sql: `ALTER TABLE users RENAME CONSTRAINT a_chk TO b_chk`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjConstraint, Object: name("users"), Sub: "a_chk", NewName: "b_chk"}},
		{sql: `ALTER DOMAIN posint RENAME CONSTRAINT a TO b`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjConstraint, Object: name("posint"), Sub: "a", NewName: "b"}},
		{sql: `ALTER INDEX IF EXISTS i1 RENAME TO i2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjIndex, Object: name("i1"), NewName: "i2", IfExists: true}},
		{sql: `ALTER VIEW v1 RENAME TO v2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjView, Object: name("v1"), NewName: "v2"}},
		{sql: `ALTER MATERIALIZED VIEW m1 RENAME TO m2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjMatView, Object: name("m1"), NewName: "m2"}},
		{sql: `ALTER VIEW v1 RENAME COLUMN a TO b`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjColumn, Object: name("v1"), Sub: "a", NewName: "b"}},
		{sql: `ALTER SCHEMA app RENAME TO app2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjSchema, Object: name("app"), NewName: "app2"}},
		{sql: `ALTER TYPE public.mood RENAME TO feeling`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjType_, Object: sqlast.Name{Schema: "public", Name: "mood"}, NewName: "feeling"}},
		{sql: `ALTER SEQUENCE s1 RENAME TO s2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjSequence, Object: name("s1"), NewName: "s2"}},
		{sql: `ALTER FUNCTION app.f(int, text) RENAME TO g`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjFunction, Object: sqlast.Name{Schema: "app", Name: "f"}, NewName: "g"}},
		{sql: `ALTER PROCEDURE p() RENAME TO q`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjProcedure, Object: name("p"), NewName: "q"}},
		{sql: `ALTER TRIGGER t1 ON users RENAME TO t2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjTrigger, Object: name("users"), Sub: "t1", NewName: "t2"}},
		{sql: `ALTER DATABASE a RENAME TO b`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjDatabase, Object: name("a"), NewName: "b"}},
		{sql: `ALTER ROLE app RENAME TO app2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjOther, Object: name("app"), NewName: "app2"}},
		{sql: `ALTER POLICY p ON t RENAME TO q`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjOther, Object: name("t"), Sub: "p", NewName: "q"}},
		{sql: `ALTER FOREIGN TABLE ft RENAME TO ft2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjForeignTable, Object: name("ft"), NewName: "ft2"}},
		{sql: `ALTER DOMAIN d1 RENAME TO d2`, kind: "RenameStmt", want: &sqlast.Rename{ObjType: sqlast.ObjDomain, Object: name("d1"), NewName: "d2"}},
		// Enums and types.
		{sql: `ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'sad'`, kind: "AlterEnumStmt", want: &sqlast.AlterEnum{Type: name("mood"), AddValue: "meh", Before: "sad", IfNotExists: true}},
		{sql: `ALTER TYPE public.mood ADD VALUE 'great' AFTER 'happy'`, kind: "AlterEnumStmt", want: &sqlast.AlterEnum{Type: sqlast.Name{Schema: "public", Name: "mood"}, AddValue: "great", After: "happy"}},
		{sql: `ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy'`, kind: "AlterEnumStmt", want: &sqlast.AlterEnum{Type: name("mood"), OldValue: "sad", NewValue: "unhappy"}},
		{sql: `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`, kind: "CreateEnumStmt", want: &sqlast.CreateEnum{Name: name("mood"), Values: []string{"sad", "ok", "happy"}}},
		{sql: `CREATE TYPE app.pair AS (a int, b text)`, kind: "CompositeTypeStmt", want: &sqlast.CreateType{Name: sqlast.Name{Schema: "app", Name: "pair"}}},
		{sql: `CREATE TYPE floatrange AS RANGE (subtype = float8)`, kind: "CreateRangeStmt", want: &sqlast.CreateType{Name: name("floatrange")}},
		{sql: `CREATE DOMAIN posint AS integer CHECK (VALUE > 0)`, kind: "CreateDomainStmt", want: &sqlast.CreateType{Name: name("posint"), Domain: true, BaseType: &sqlast.TypeName{Name: "int4", Text: "integer"}, Constraint: true}},
		{sql: `CREATE DOMAIN email AS citext`, kind: "CreateDomainStmt", want: &sqlast.CreateType{Name: name("email"), Domain: true, BaseType: &sqlast.TypeName{Name: "citext", Text: "citext"}}},
		{sql: `ALTER DOMAIN posint ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID`, kind: "AlterDomainStmt", want: &sqlast.AlterDomain{Name: name("posint"), AddConstraint: true, Raw: "add constraint",
			Constraint: &sqlast.Constraint{Kind: sqlast.ConCheck, Name: "pos", NotValid: true, Check: &sqlast.Expr{Text: "value > 0", Columns: []string{"value"}}, Columns: []string{"value"}}}},
		{sql: `ALTER DOMAIN posint DROP CONSTRAINT pos`, kind: "AlterDomainStmt", want: &sqlast.AlterDomain{Name: name("posint"), Raw: "drop constraint", Constraint: &sqlast.Constraint{Name: "pos"}}},
		// DROP of every kind.
		{sql: `DROP TABLE IF EXISTS a, s.b CASCADE`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjTable, Objects: []sqlast.Name{name("a"), {Schema: "s", Name: "b"}}, IfExists: true, Cascade: true}},
		{sql: `DROP INDEX CONCURRENTLY IF EXISTS users_email_idx`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjIndex, Objects: []sqlast.Name{name("users_email_idx")}, IfExists: true, Concurrently: true}},
		{sql: `DROP VIEW v`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjView, Objects: []sqlast.Name{name("v")}}},
		{sql: `DROP MATERIALIZED VIEW mv`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjMatView, Objects: []sqlast.Name{name("mv")}}},
		{sql: `DROP SEQUENCE s`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjSequence, Objects: []sqlast.Name{name("s")}}},
		{sql: `DROP TYPE IF EXISTS public.mood`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjType_, Objects: []sqlast.Name{{Schema: "public", Name: "mood"}}, IfExists: true}},
		{sql: `DROP DOMAIN d`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjDomain, Objects: []sqlast.Name{name("d")}}},
		{sql: `DROP FUNCTION IF EXISTS app.f(int, text), g()`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjFunction, Objects: []sqlast.Name{{Schema: "app", Name: "f"}, name("g")}, IfExists: true}},
		{sql: `DROP PROCEDURE p`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjProcedure, Objects: []sqlast.Name{name("p")}}},
		{sql: `DROP SCHEMA app CASCADE`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjSchema, Objects: []sqlast.Name{name("app")}, Cascade: true}},
		{sql: `DROP TRIGGER IF EXISTS set_updated ON public.users`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjTrigger, Objects: []sqlast.Name{name("set_updated")}, Table: sqlast.Name{Schema: "public", Name: "users"}, IfExists: true}},
		{sql: `DROP EXTENSION pgcrypto`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjExtension, Objects: []sqlast.Name{name("pgcrypto")}}},
		{sql: `DROP FOREIGN TABLE ft`, kind: "DropStmt", want: &sqlast.Drop{ObjType: sqlast.ObjForeignTable, Objects: []sqlast.Name{name("ft")}}},
		{sql: `DROP DATABASE IF EXISTS olddb`, kind: "DropdbStmt", want: &sqlast.DropDatabase{Name: "olddb", IfExists: true}},
		// Indexes and views.
		{
			sql:  `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON public.users USING btree (lower(email), tenant_id) WHERE deleted_at IS NULL`,
			kind: "IndexStmt",
			want: &sqlast.CreateIndex{Name: "users_email_idx", Schema: "public", Table: sqlast.Name{Schema: "public", Name: "users"}, Unique: true, Concurrently: true, IfNotExists: true,
				Columns: []string{"tenant_id"}, Exprs: []sqlast.Expr{{Text: "lower(email)", Funcs: []string{"lower"}, Columns: []string{"email"}}},
				Where: &sqlast.Expr{Text: "deleted_at IS NULL", Columns: []string{"deleted_at"}}, Method: "btree"},
		},
		{
			sql:  `CREATE INDEX ON ONLY measurements USING gin (data jsonb_path_ops)`,
			kind: "IndexStmt",
			want: &sqlast.CreateIndex{Table: name("measurements"), Columns: []string{"data"}, Method: "gin", Only: true},
		},
		{
			sql:  `CREATE OR REPLACE VIEW active_users (id, mail) AS SELECT id, email FROM users WHERE active`,
			kind: "ViewStmt",
			want: &sqlast.CreateView{Name: name("active_users"), Replace: true, Columns: []string{"id", "mail"}},
		},
		{
			sql:  `CREATE MATERIALIZED VIEW IF NOT EXISTS stats AS SELECT count(*) FROM users WITH NO DATA`,
			kind: "CreateTableAsStmt",
			want: &sqlast.CreateView{Name: name("stats"), Materialized: true, IfNotExists: true},
		},
		// Sequences, functions, schemas, extensions, triggers.
		{sql: `CREATE SEQUENCE IF NOT EXISTS order_seq START 100 OWNED BY orders.id`, kind: "CreateSeqStmt", want: &sqlast.CreateSequence{Name: name("order_seq"), IfNotExists: true, OwnedBy: "orders.id"}},
		{sql: `CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: sqlast.Name{Schema: "app", Name: "touch"}, Replace: true, Language: "plpgsql", ReturnsTrigger: true}},
		{sql: `CREATE FUNCTION audit_ddl() RETURNS pg_catalog.event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("audit_ddl"), Language: "plpgsql", ReturnsTrigger: true}},
		{sql: `CREATE FUNCTION slug(text) RETURNS text IMMUTABLE STRICT LANGUAGE sql AS 'select lower($1)'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("slug"), Language: "sql", Volatility: "immutable"}},
		{sql: `CREATE FUNCTION today() RETURNS date LANGUAGE sql Stable AS 'select current_date'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("today"), Language: "sql", Volatility: "stable", Inline: &sqlast.Expr{Text: "current_date", Funcs: []string{"current_date"}}}},
		{sql: `CREATE FUNCTION jitter() RETURNS float8 LANGUAGE sql AS $$ SELECT app.base() * random() $$`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("jitter"), Language: "sql", Inline: &sqlast.Expr{Text: "app.base() * random()", Funcs: []string{"app.base", "random"}}}},
		{sql: `CREATE FUNCTION two() RETURNS int LANGUAGE sql RETURN 1 + 1`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("two"), Language: "sql", Inline: &sqlast.Expr{Text: "1 + 1"}}},
		// Not inlined: a FROM clause, two statements, a sub-query, SETOF, SECURITY DEFINER, SET.
		{sql: `CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'select count(*) from t'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("n"), Language: "sql"}},
		{sql: `CREATE FUNCTION n() RETURNS int LANGUAGE sql AS 'select 1; select 2'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("n"), Language: "sql"}},
		{sql: `CREATE FUNCTION n() RETURNS int LANGUAGE sql AS 'select (select 1)'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("n"), Language: "sql"}},
		{sql: `CREATE FUNCTION n() RETURNS SETOF int LANGUAGE sql AS 'select 1'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("n"), Language: "sql"}},
		{sql: `CREATE FUNCTION n() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'select 1'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("n"), Language: "sql"}},
		{sql: `CREATE FUNCTION n() RETURNS int LANGUAGE sql SET search_path = app AS 'select 1'`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("n"), Language: "sql"}},
		{sql: `CREATE PROCEDURE cleanup() AS 'DELETE FROM t' LANGUAGE SQL`, kind: "CreateFunctionStmt", want: &sqlast.CreateFunction{Name: name("cleanup"), Procedure: true, Language: "sql"}},
		{sql: `CREATE SCHEMA IF NOT EXISTS app`, kind: "CreateSchemaStmt", want: &sqlast.CreateSchema{Name: "app", IfNotExists: true}},
		{sql: `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`, kind: "CreateExtensionStmt", want: &sqlast.CreateExtension{Name: "uuid-ossp"}},
		{sql: `CREATE TRIGGER set_updated BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION app.touch()`, kind: "CreateTrigStmt", want: &sqlast.CreateTrigger{Name: "set_updated", Table: sqlast.Name{Schema: "public", Name: "users"}}},
		// Data statements.
		{sql: `TRUNCATE TABLE a, b RESTART IDENTITY CASCADE`, kind: "TruncateStmt", want: &sqlast.Truncate{Tables: []sqlast.Name{name("a"), name("b")}, Cascade: true}},
		{sql: `INSERT INTO settings (key, value) VALUES ('a', 'b') ON CONFLICT DO NOTHING`, kind: "InsertStmt", want: &sqlast.Insert{Table: name("settings"), Columns: []string{"key", "value"}, Targets: targets("key", "value")}},
		{sql: `INSERT INTO s.t SELECT * FROM u`, kind: "InsertStmt", want: &sqlast.Insert{Table: sqlast.Name{Schema: "s", Name: "t"}}},
		{sql: `UPDATE users SET name = full_name, email = lower(email) WHERE name IS NULL`, kind: "UpdateStmt", want: &sqlast.Update{Table: name("users"), Columns: []string{"name", "email"}, HasWhere: true, Targets: targets("name", "email"),
			Where: []sqlast.Cond{{Column: "name", Value: &sqlast.Expr{Text: "NULL", Const: true, Null: true}}}}},
		{sql: `UPDATE users SET active = true`, kind: "UpdateStmt", want: &sqlast.Update{Table: name("users"), Columns: []string{"active"},
			Targets: withConst(targets("active"), 0, &sqlast.Expr{Text: "true", Const: true})}},
		// a marker rewritten: the SET constant and the WHERE that pins the old one
		{sql: `UPDATE t SET x = '9'::xid8 WHERE t.x = '0'::xid8 AND tenant = 'a' AND (y = 1 OR y = 2) AND other.z = 'q'`, kind: "UpdateStmt", want: &sqlast.Update{Table: name("t"), Columns: []string{"x"}, HasWhere: true,
			Targets: withConst(targets("x"), 0, &sqlast.Expr{Text: "'9'::xid8", Const: true}),
			Where:   []sqlast.Cond{{Column: "x", Value: &sqlast.Expr{Text: "'0'::xid8", Const: true}}, {Column: "tenant", Value: &sqlast.Expr{Text: "'a'", Const: true}}}}},
		{sql: `UPDATE t SET x = 'b' WHERE x = 'a' OR x IS NULL`, kind: "UpdateStmt", want: &sqlast.Update{Table: name("t"), Columns: []string{"x"}, HasWhere: true,
			Targets: withConst(targets("x"), 0, &sqlast.Expr{Text: "'b'", Const: true})}},
		// JSON keys renamed in a column, three ways; a key copied (not removed) or set from elsewhere is no rename
		{sql: `UPDATE setting SET value = jsonb_set(value #- '{maximumRoleExpiration}', '{maximumRequestExpiration}', value->'maximumRoleExpiration', true) WHERE name = 'WORKSPACE_PROFILE' AND value ? 'maximumRoleExpiration'`, kind: "UpdateStmt",
			want: &sqlast.Update{Table: name("setting"), Columns: []string{"value"}, HasWhere: true, Targets: withKeys(targets("value"), 0, sqlast.KeyMove{Old: "maximumRoleExpiration", New: "maximumRequestExpiration"}),
				Where: []sqlast.Cond{{Column: "name", Value: &sqlast.Expr{Text: "'WORKSPACE_PROFILE'", Const: true}}}}},
		{sql: `UPDATE s SET doc = (doc - 'colour') || jsonb_build_object('color', doc->'colour')`, kind: "UpdateStmt",
			want: &sqlast.Update{Table: name("s"), Columns: []string{"doc"}, Targets: withKeys(targets("doc"), 0, sqlast.KeyMove{Old: "colour", New: "color"})}},
		{sql: `UPDATE s SET doc = replace(doc::text, '"colour":', '"color":')::jsonb`, kind: "UpdateStmt",
			want: &sqlast.Update{Table: name("s"), Columns: []string{"doc"}, Targets: withKeys(targets("doc"), 0, sqlast.KeyMove{Old: "colour", New: "color"})}},
		{sql: `UPDATE s SET doc = jsonb_set(doc #- '{a,old}', '{a,new}', doc #> '{a,old}')`, kind: "UpdateStmt",
			want: &sqlast.Update{Table: name("s"), Columns: []string{"doc"}, Targets: withKeys(targets("doc"), 0, sqlast.KeyMove{Old: "a.old", New: "a.new"})}},
		{sql: `UPDATE s SET doc = doc || jsonb_build_object('color', doc->'colour')`, kind: "UpdateStmt",
			want: &sqlast.Update{Table: name("s"), Columns: []string{"doc"}, Targets: targets("doc")}},
		{sql: `UPDATE s SET doc = jsonb_set(doc - 'colour', '{color}', other->'colour')`, kind: "UpdateStmt",
			want: &sqlast.Update{Table: name("s"), Columns: []string{"doc"}, Targets: targets("doc")}},
		{sql: `DELETE FROM sessions`, kind: "DeleteStmt", want: &sqlast.Delete{Table: name("sessions")}},
		{sql: `DELETE FROM sessions WHERE expires_at < now()`, kind: "DeleteStmt", want: &sqlast.Delete{Table: name("sessions"), HasWhere: true}},
		// Transactions and settings.
		{sql: `BEGIN`, kind: "TransactionStmt", want: &sqlast.Transaction{Kind: sqlast.TxBegin}},
		{sql: `START TRANSACTION ISOLATION LEVEL SERIALIZABLE`, kind: "TransactionStmt", want: &sqlast.Transaction{Kind: sqlast.TxBegin}},
		{sql: `COMMIT`, kind: "TransactionStmt", want: &sqlast.Transaction{Kind: sqlast.TxCommit}},
		{sql: `END`, kind: "TransactionStmt", want: &sqlast.Transaction{Kind: sqlast.TxCommit}},
		{sql: `ROLLBACK`, kind: "TransactionStmt", want: &sqlast.Transaction{Kind: sqlast.TxRollback}},
		{sql: `SAVEPOINT sp1`, kind: "TransactionStmt", want: &sqlast.Transaction{Kind: sqlast.TxOther}},
		{sql: `SET lock_timeout = '5s'`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "lock_timeout", Value: "5s"}},
		{sql: `SET LOCAL Statement_Timeout TO 0`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "statement_timeout", Value: "0", Local: true}},
		{sql: `SET search_path TO app, public`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "search_path", Value: "app, public"}},
		{sql: `SET lock_timeout TO DEFAULT`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "lock_timeout"}},
		{sql: `SET TIME ZONE 'UTC'`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "timezone", Value: "UTC"}},
		{sql: `SET TRANSACTION ISOLATION LEVEL SERIALIZABLE`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "transaction", Value: "isolation serializable"}},
		{sql: `SET statement_timeout = 5000`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "statement_timeout", Value: "5000"}},
		{sql: `RESET ALL`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "all", Reset: true}},
		{sql: `RESET lock_timeout`, kind: "VariableSetStmt", want: &sqlast.Set{Name: "lock_timeout", Reset: true}},
		// Maintenance.
		{sql: `VACUUM (FULL, ANALYZE) users, orders`, kind: "VacuumStmt", want: &sqlast.Vacuum{Full: true, Analyze: true, Tables: []sqlast.Name{name("users"), name("orders")}}},
		{sql: `VACUUM FULL users`, kind: "VacuumStmt", want: &sqlast.Vacuum{Full: true, Tables: []sqlast.Name{name("users")}}},
		{sql: `VACUUM ANALYZE users`, kind: "VacuumStmt", want: &sqlast.Vacuum{Analyze: true, Tables: []sqlast.Name{name("users")}}},
		{sql: `VACUUM (FULL false, VERBOSE) users`, kind: "VacuumStmt", want: &sqlast.Vacuum{Tables: []sqlast.Name{name("users")}}},
		{sql: `ANALYZE users`, kind: "VacuumStmt", want: &sqlast.Vacuum{Analyze: true, Tables: []sqlast.Name{name("users")}}},
		{sql: `CLUSTER users USING users_pkey`, kind: "ClusterStmt", want: &sqlast.Cluster{Table: name("users")}},
		{sql: `REINDEX INDEX CONCURRENTLY users_idx`, kind: "ReindexStmt", want: &sqlast.Reindex{Kind: "index", Name: name("users_idx"), Concurrently: true}},
		{sql: `REINDEX TABLE public.users`, kind: "ReindexStmt", want: &sqlast.Reindex{Kind: "table", Name: sqlast.Name{Schema: "public", Name: "users"}}},
		{sql: `REINDEX DATABASE app`, kind: "ReindexStmt", want: &sqlast.Reindex{Kind: "database", Name: name("app")}},
		// Queries and the rest.
		{sql: `SELECT count(*) FROM users`, kind: "SelectStmt", want: &sqlast.Select{}},
		{sql: `GRANT SELECT ON users TO reader`, kind: "GrantStmt", want: &sqlast.Other{}},
		{sql: `COMMENT ON COLUMN users.email IS 'primary address'`, kind: "CommentStmt", want: &sqlast.Other{}},
	}
	for _, tt := range tests {
		st := parseOne(t, tt.sql)
		if st.Kind != tt.kind {
			t.Errorf("%s: kind %s, want %s", tt.sql, st.Kind, tt.kind)
		}
		clearPositions(st.Node)
		clearTrees(st.Node)
		if !reflect.DeepEqual(st.Node, tt.want) {
			t.Errorf("%s:\n%s", tt.sql, diff(st.Node, tt.want))
		}
	}
}

// targets lists position-less targets named names.
func targets(names ...string) []sqlast.Target {
	var out []sqlast.Target
	for _, n := range names {
		out = append(out, sqlast.Target{Name: n})
	}
	return out
}

// clearPositions zeroes the positions inside a statement model that the
// table of TestTranslate does not spell out.
func clearPositions(n sqlast.Node) {
	switch v := n.(type) {
	case *sqlast.AlterTable:
		for i := range v.Cmds {
			v.Cmds[i].Pos = sqlast.Pos{}
			if v.Cmds[i].Def != nil {
				v.Cmds[i].Def.Pos = sqlast.Pos{}
			}
		}
	case *sqlast.CreateTable:
		for i := range v.Columns {
			v.Columns[i].Pos = sqlast.Pos{}
		}
	case *sqlast.Insert:
		for i := range v.Targets {
			v.Targets[i].Pos = sqlast.Pos{}
		}
	case *sqlast.Update:
		for i := range v.Targets {
			v.Targets[i].Pos = sqlast.Pos{}
		}
	}
}

// TestColumnPositions checks that insert and update targets and column
// definitions point at the column's name.
func TestColumnPositions(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want []string // what the source holds at each position, in order
	}{
		{"-- x\nUPDATE t\n  SET a = 1,\n      b[2] = 3", []string{"a = 1", "b[2]"}},
		{"INSERT INTO t (x,\n \"Y\") VALUES (1, 2)", []string{"x,", `"Y"`}},
		{"CREATE TABLE t (\n  id int,\n  \"Name\" text)", []string{"id int", `"Name" text`}},
		{"ALTER TABLE t ADD COLUMN c int", []string{"c int"}},
	} {
		st := parseOne(t, tt.src)
		var got []sqlast.Pos
		var subs []bool
		switch v := st.Node.(type) {
		case *sqlast.Update:
			for _, x := range v.Targets {
				got, subs = append(got, x.Pos), append(subs, x.Sub)
			}
		case *sqlast.Insert:
			for _, x := range v.Targets {
				got = append(got, x.Pos)
			}
		case *sqlast.CreateTable:
			for _, c := range v.Columns {
				got = append(got, c.Pos)
			}
		case *sqlast.AlterTable:
			for _, c := range v.Cmds {
				got = append(got, c.Def.Pos)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: %d positions, want %d", tt.src, len(got), len(tt.want))
			continue
		}
		for i, p := range got {
			if !strings.HasPrefix(tt.src[p.Offset:], tt.want[i]) {
				t.Errorf("%q: position %d at %v holds %q, want %q", tt.src, i, p, tt.src[p.Offset:], tt.want[i])
			}
		}
		if len(subs) == 2 && (subs[0] || !subs[1]) {
			t.Errorf("%q: Sub flags %v, want [false true]", tt.src, subs)
		}
	}
}

func TestAlterCmdPositions(t *testing.T) {
	src := "-- x\nALTER TABLE public.users\n  ADD COLUMN a int CHECK (a IN (1, 2)),\n  DROP COLUMN b,\n  ALTER COLUMN c TYPE numeric(10, 2);"
	st := parseOne(t, src)
	at := st.Node.(*sqlast.AlterTable)
	want := []string{"ADD COLUMN a", "DROP COLUMN b", "ALTER COLUMN c"}
	if len(at.Cmds) != len(want) {
		t.Fatalf("got %d commands", len(at.Cmds))
	}
	for i, c := range at.Cmds {
		if got := src[c.Pos.Offset:]; len(got) < len(want[i]) || got[:len(want[i])] != want[i] {
			t.Errorf("command %d at %v starts %q, want %q", i, c.Pos, got, want[i])
		}
		if c.Pos.Line != 3+i || c.Pos.Col != 3 {
			t.Errorf("command %d at %d:%d, want %d:3", i, c.Pos.Line, c.Pos.Col, 3+i)
		}
	}
}

// withConst sets the constant of target i.
func withConst(ts []sqlast.Target, i int, e *sqlast.Expr) []sqlast.Target {
	ts[i].Const = e
	return ts
}

// withKeys sets the JSON key renames of target i.
func withKeys(ts []sqlast.Target, i int, k ...sqlast.KeyMove) []sqlast.Target {
	ts[i].Keys = k
	return ts
}
