package change

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/pgparse"
)

// changes replays newSQL over the schema oldSQL builds and renders each
// net change as "kind label [flags] (cause) @line".
func changes(t *testing.T, oldSQL, newSQL string) []string {
	t.Helper()
	before := catalog.NewCatalog()
	if errs := before.ApplySQL("old.sql", oldSQL, catalog.Existing); len(errs) > 0 {
		t.Fatalf("old: %v", errs[0])
	}
	stmts, errs := pgparse.Parse("new.sql", newSQL)
	if len(errs) > 0 {
		t.Fatalf("new: %v", errs[0])
	}
	r := New(before)
	r.File("new.sql")
	for _, st := range stmts {
		r.Apply(st)
	}
	var out []string
	for _, c := range r.Changes() {
		out = append(out, render(c))
	}
	return out
}

func render(c *Change) string {
	s := string(c.Kind) + " " + c.Label()
	var flags []string
	if c.NewName != "" {
		flags = append(flags, "to="+c.NewName)
	}
	if c.Kind == ColumnRetyped {
		flags = append(flags, TypeText(c.From)+"->"+TypeText(c.To))
	}
	if c.Kind == CheckAdded {
		flags = append(flags, strings.Join(c.Columns, " ")+"; added "+strings.Join(c.Added, " "))
	}
	if c.Kind == ForeignKeyActionChanged {
		if c.Moved {
			flags = append(flags, "moved")
		}
		flags = append(flags, c.Action+":"+c.OldAction+"->"+c.NewAction)
	}
	if c.Kind == ValueRewritten || c.Kind == JSONKeyRenamed {
		from := "from=" + c.Value
		if c.OldNull {
			from = "from=null"
		}
		flags = append(flags, from)
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{c.Default, "default"}, {c.Reused, "reused"}, {c.Replaced, "replaced"}, {c.Unknown, "unknown"}, {c.KeyKept, "key-kept"}, {c.NameKept, "name-kept"}} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	if len(flags) > 0 {
		s += " [" + strings.Join(flags, " ") + "]"
	}
	return fmt.Sprintf("%s (%s) @%d", s, c.Cause, c.Pos.Line)
}

func TestNetChanges(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     []string
	}{
		{
			name: "add nullable, backfill, set not null: became required",
			old:  `CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);`,
			new: "ALTER TABLE notes ADD COLUMN author text;\n" +
				"UPDATE notes SET author = 'x';\n" +
				"ALTER TABLE notes ALTER COLUMN author SET NOT NULL;",
			want: []string{
				"column-added notes.author (add-column) @1",
				"column-required notes.author (set-not-null) @3",
			},
		},
		{
			name: "add not null default null: required at the add",
			old:  `CREATE TABLE t (id int);`,
			new:  `ALTER TABLE t ADD COLUMN x bigint NOT NULL DEFAULT NULL;`,
			want: []string{"column-added t.x (add-column) @1", "column-required t.x (add-column) @1"},
		},
		{
			name: "add not null, then a default: not required",
			old:  `CREATE TABLE t (id int);`,
			new:  "ALTER TABLE t ADD COLUMN x int NOT NULL;\nALTER TABLE t ALTER COLUMN x SET DEFAULT 0;",
			want: []string{"column-added t.x (add-column) @1"},
		},
		{
			name: "drop default of a not null column",
			old:  `CREATE TABLE jobs (id int, priority int NOT NULL DEFAULT 0);`,
			new:  `ALTER TABLE jobs ALTER COLUMN priority DROP DEFAULT;`,
			want: []string{"column-required jobs.priority (drop-default) @1"},
		},
		{
			name: "check is not null on a nullable column without default",
			old:  `CREATE TABLE t (id int, email text);`,
			new:  `ALTER TABLE t ADD CONSTRAINT t_email_nn CHECK (email IS NOT NULL) NOT VALID;`,
			want: []string{"column-required t.email (set-not-null) @1"},
		},
		{
			name: "check added on an existing table reading new columns",
			old:  `CREATE TABLE "Workflow" (id int, "isPaused" boolean DEFAULT false);`,
			new: "ALTER TABLE \"Workflow\" ADD COLUMN b text, ADD COLUMN c interval,\n" +
				"  ADD CONSTRAINT w_paused CHECK ((\"isPaused\" = false AND b IS NULL) OR (\"isPaused\" = true AND b IS NOT NULL AND c IS NOT NULL)) NOT VALID;",
			want: []string{"column-added Workflow.b (add-column) @1", "column-added Workflow.c (add-column) @1", "check-added w_paused on Workflow [isPaused b c; added b c] (add-constraint) @2"},
		},
		{
			name: "check dropped and re-created the same: no change",
			old:  `CREATE TABLE t (id int, n int, CONSTRAINT t_n CHECK (n > 0));`,
			new:  "ALTER TABLE t DROP CONSTRAINT t_n;\nALTER TABLE t ADD CONSTRAINT t_n CHECK (n > 0);",
			want: nil,
		},
		{
			name: "check changed under its name: added",
			old:  `CREATE TABLE t (id int, n int, CONSTRAINT t_n CHECK (n > 0));`,
			new:  "ALTER TABLE t DROP CONSTRAINT t_n;\nALTER TABLE t ADD CONSTRAINT t_n CHECK (n > 1);",
			want: []string{"check-added t_n on t [n; added ] (add-constraint) @2"},
		},
		{
			name: "check on a new table: no change",
			old:  `CREATE TABLE t (id int);`,
			new:  `CREATE TABLE u (id int, n int CHECK (n > 0));`,
			want: nil,
		},
		{
			name: "set not null on a column with a default: not null, not required",
			old:  `CREATE TABLE users (id int, status text DEFAULT 'active');`,
			new:  `ALTER TABLE users ALTER COLUMN status SET NOT NULL;`,
			want: []string{"column-not-null users.status (set-not-null) @1"},
		},
		{
			name: "foreign key dropped and re-added the same: nothing",
			old: "CREATE TABLE users (id int PRIMARY KEY);\n" +
				"CREATE TABLE orders (id int, user_id int REFERENCES users (id) ON DELETE CASCADE);",
			new: "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;\n" +
				"ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;",
			want: nil,
		},
		{
			name: "foreign key dropped and re-added with cascade: the action changes",
			old: "CREATE TABLE users (id int PRIMARY KEY);\n" +
				"CREATE TABLE orders (id int, user_id int REFERENCES users (id));",
			new: "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;\n" +
				"ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;",
			want: []string{"foreign-key-action-changed orders_user_id_fkey on orders [delete:no action->cascade] (drop-constraint) @1"},
		},
		{
			name: "cascade re-added restrict, on update too, under another name",
			old: "CREATE TABLE users (id int PRIMARY KEY);\n" +
				"CREATE TABLE orders (id int, user_id int REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL);",
			new: "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;\n" +
				"ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT;",
			want: []string{
				"foreign-key-action-changed orders_user_id_fkey on orders [delete:cascade->restrict] (drop-constraint) @1",
				"foreign-key-action-changed orders_user_id_fkey on orders [update:set null->no action] (drop-constraint) @1",
			},
		},
		{
			name: "foreign key re-added on other columns with another action: dropped, and the action changes",
			old: "CREATE TABLE users (id int PRIMARY KEY, ns int, UNIQUE (ns, id));\n" +
				"CREATE TABLE orders (id int, ns int, user_id int REFERENCES users (id) ON DELETE CASCADE);",
			new: "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;\n" +
				"ALTER TABLE orders ADD CONSTRAINT orders_user_fkey FOREIGN KEY (ns, user_id) REFERENCES users (ns, id);",
			want: []string{
				"foreign-key-dropped orders_user_id_fkey on orders (drop-constraint) @1",
				"foreign-key-action-changed orders_user_id_fkey on orders [moved delete:cascade->no action] (drop-constraint) @1",
			},
		},
		{
			name: "foreign key dropped",
			old: "CREATE TABLE users (id int PRIMARY KEY);\n" +
				"CREATE TABLE orders (id int, user_id int REFERENCES users (id));",
			new:  "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;",
			want: []string{"foreign-key-dropped orders_user_id_fkey on orders (drop-constraint) @1"},
		},
		{
			name: "primary key swapped to an existing unique index on the same columns",
			old: "CREATE TABLE accounts (id int NOT NULL, code text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id));\n" +
				"CREATE UNIQUE INDEX accounts_id_new ON accounts (id);",
			new: "ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\n" +
				"ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_new;",
			want: nil,
		},
		{
			name: "unique constraint dropped while a unique index on the columns stays",
			old: "CREATE TABLE subs (id int, email text, CONSTRAINT subs_email_key UNIQUE (email));\n" +
				"CREATE UNIQUE INDEX subs_email_idx ON subs (email);",
			new:  "ALTER TABLE subs DROP CONSTRAINT subs_email_key;",
			want: []string{"unique-key-dropped subs_email_key on subs [key-kept] (drop-constraint) @1"},
		},
		{
			name: "unique index dropped",
			old: "CREATE TABLE subs (id int, email text);\n" +
				"CREATE UNIQUE INDEX subs_email_idx ON subs (email);",
			new:  "DROP INDEX subs_email_idx;",
			want: []string{"unique-key-dropped subs_email_idx on subs (drop) @1"},
		},
		{
			name: "rename then add back: renamed, name reused",
			old:  `CREATE TABLE users (id int, full_name text);`,
			new:  "ALTER TABLE users RENAME COLUMN full_name TO name;\nALTER TABLE users ADD COLUMN full_name text;",
			want: []string{"column-renamed users.full_name [to=name reused] (rename) @1"},
		},
		{
			name: "drop then re-add a column",
			old:  `CREATE TABLE users (id int, nick text);`,
			new:  "ALTER TABLE users DROP COLUMN nick;\nALTER TABLE users ADD COLUMN nick text;",
			want: []string{"column-dropped users.nick [reused] (drop-column) @1"},
		},
		{
			name: "drop table and rename another into its place with other columns: replaced",
			old: "CREATE TABLE t (id int, c text, d int);\n" +
				"CREATE TABLE u (id bigint, d int, e text NOT NULL);",
			new: "DROP TABLE t;\nALTER TABLE u RENAME TO t;",
			want: []string{
				"column-retyped t.id [int->bigint replaced] (rename) @2",
				"column-dropped t.c [replaced] (rename) @2",
				"column-added t.e [replaced] (rename) @2",
				"column-required t.e [replaced] (rename) @2",
				"table-renamed u [to=t] (rename) @2",
			},
		},
		{
			name: "table swap with the same columns: nothing for the old name",
			old: "CREATE TABLE t (id int, c text);\n" +
				"CREATE TABLE t_new (id int, c text);",
			new: "ALTER TABLE t RENAME TO t_old;\nALTER TABLE t_new RENAME TO t;",
			want: []string{
				"table-renamed t_new [to=t] (rename) @2",
			},
		},
		{
			name: "rename table with a compatibility view",
			old:  `CREATE TABLE customers (id int, name text);`,
			new:  "ALTER TABLE customers RENAME TO accounts;\nCREATE VIEW customers AS SELECT * FROM accounts;",
			want: nil,
		},
		{
			name: "drop table folds its trigger, indexes and sequence",
			old: "CREATE TABLE audit (id serial PRIMARY KEY, at timestamptz);\n" +
				"CREATE UNIQUE INDEX audit_at_key ON audit (at);",
			new: "DROP TRIGGER audit_trg ON audit;\nDROP INDEX audit_at_key;\n" +
				"DROP TABLE audit;\nDROP SEQUENCE IF EXISTS audit_id_seq;",
			want: []string{"table-dropped audit (drop) @3"},
		},
		{
			name: "trigger dropped on a table that stays",
			old:  "CREATE TABLE t (id int);",
			new:  "DROP TRIGGER t_trg ON t;",
			want: []string{"trigger-dropped t_trg on t (drop) @1"},
		},
		{
			name: "widening and narrowing type changes",
			old:  `CREATE TABLE m (a int, b varchar(10), c text);`,
			new:  "ALTER TABLE m ALTER COLUMN a TYPE bigint, ALTER COLUMN b TYPE text;\nALTER TABLE m ALTER COLUMN c TYPE int USING c::int;",
			want: []string{
				"column-retyped m.a [int->bigint] (alter-type) @1",
				"column-retyped m.b [varchar(10)->text] (alter-type) @1",
				"column-retyped m.c [text->int] (alter-type) @2",
			},
		},
		{
			name: "type changed and back: nothing",
			old:  `CREATE TABLE m (a int);`,
			new:  "ALTER TABLE m ALTER COLUMN a TYPE bigint;\nALTER TABLE m ALTER COLUMN a TYPE integer;",
			want: nil,
		},
		{
			name: "enum value renamed, and renamed back",
			old:  `CREATE TYPE status AS ENUM ('new', 'shipped'); CREATE TYPE mood AS ENUM ('ok');`,
			new: "ALTER TYPE status RENAME VALUE 'shipped' TO 'sent';\n" +
				"ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\nALTER TYPE mood RENAME VALUE 'fine' TO 'ok';\n" +
				"ALTER TYPE mood ADD VALUE 'sad';",
			want: []string{
				"enum-value-renamed status value shipped [to=sent] (rename-value) @1",
				"enum-value-added mood value sad (add-value) @4",
			},
		},
		{
			name: "view dropped and re-created: nothing; dropped: a change",
			old: "CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT id FROM t;\n" +
				"CREATE VIEW w AS SELECT id FROM t;",
			new:  "DROP VIEW v;\nCREATE VIEW v AS SELECT id, 1 AS one FROM t;\nDROP VIEW w;",
			want: []string{"view-dropped w (drop) @3"},
		},
		{
			name: "function dropped, another dropped and re-created, a third renamed",
			old: "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';\n" +
				"CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'select 1';\n" +
				"CREATE FUNCTION h() RETURNS int LANGUAGE sql AS 'select 1';",
			new: "DROP FUNCTION f();\nDROP FUNCTION g();\nCREATE FUNCTION g(x int) RETURNS int LANGUAGE sql AS 'select 1';\n" +
				"ALTER FUNCTION h() RENAME TO h2;",
			want: []string{"function-dropped f (drop) @1", "function-renamed h [to=h2] (rename) @4"},
		},
		{
			name: "objects created and dropped by the release: nothing",
			old:  `CREATE TABLE t (id int);`,
			new: "CREATE TABLE tmp (id int);\nALTER TABLE t ADD COLUMN x int;\nALTER TABLE t DROP COLUMN x;\n" +
				"DROP TABLE tmp;\nCREATE SEQUENCE s;\nDROP SEQUENCE s;",
			want: nil,
		},
		{
			name: "schema dropped folds its tables",
			old:  "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id int);",
			new:  "DROP SCHEMA audit CASCADE;",
			want: []string{"schema-dropped audit (drop) @1"},
		},
		{
			name: "objects the catalog does not know",
			old:  ``,
			new: "DROP TABLE legacy;\nALTER TABLE users DROP COLUMN nick;\nALTER TABLE users RENAME COLUMN a TO b;\n" +
				"ALTER TABLE users DROP CONSTRAINT users_email_key;\nDROP INDEX users_x_key;",
			want: []string{
				"table-dropped legacy [unknown] (drop) @1",
				"column-dropped users.nick [unknown] (drop-column) @2",
				"column-renamed users.a [to=b unknown] (rename) @3",
				"constraint-dropped users_email_key on users [unknown] (drop-constraint) @4",
				"index-dropped users_x_key [unknown] (drop) @5",
			},
		},
		{
			name: "table renamed, and moved to another schema",
			old:  "CREATE SCHEMA archive;\nCREATE TABLE clients (id int);\nCREATE TABLE logs (id int);",
			new:  "ALTER TABLE clients RENAME TO customers;\nALTER TABLE logs SET SCHEMA archive;",
			want: []string{
				"table-renamed clients [to=customers] (rename) @1",
				"table-renamed logs [to=archive.logs] (set-schema) @2",
			},
		},
		{
			name: "constraint renamed",
			old:  `CREATE TABLE tokens (id int, value text, CONSTRAINT tokens_value_uniq UNIQUE (value));`,
			new:  `ALTER TABLE tokens RENAME CONSTRAINT tokens_value_uniq TO tokens_value_key;`,
			want: []string{"constraint-renamed tokens_value_uniq on tokens [to=tokens_value_key] (rename) @1"},
		},
		{
			name: "column dropped folds its index and constraint",
			old: "CREATE TABLE u (id int, email text UNIQUE, code text);\n" +
				"CREATE UNIQUE INDEX u_code_idx ON u (code);",
			new:  "ALTER TABLE u DROP COLUMN email, DROP COLUMN code;",
			want: []string{"column-dropped u.email (drop-column) @1", "column-dropped u.code (drop-column) @1"},
		},
		{
			name: "not null dropped, nullable default dropped",
			old:  `CREATE TABLE t (a int NOT NULL, b text DEFAULT 'x');`,
			new:  "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;\nALTER TABLE t ALTER COLUMN b DROP DEFAULT;",
			want: []string{"column-nullable t.a (drop-not-null) @1", "column-lost-default t.b (drop-default) @2"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := changes(t, tc.old, tc.new)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("changes:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// Steps keep the names objects had when each statement ran, though the
// catalog's objects have other names by the end.
func TestStepsKeepNames(t *testing.T) {
	before := catalog.NewCatalog()
	if errs := before.ApplySQL("old.sql", `CREATE TABLE a (x int, y int CONSTRAINT a_y_key UNIQUE);`, catalog.Existing); len(errs) > 0 {
		t.Fatal(errs[0])
	}
	stmts, errs := pgparse.Parse("new.sql", `ALTER TABLE a RENAME COLUMN x TO z;
ALTER TABLE a RENAME TO b;
ALTER TABLE b DROP CONSTRAINT a_y_key;
ALTER TABLE b ADD CONSTRAINT b_y_key UNIQUE (y);
DROP TABLE b;`)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	r := New(before)
	r.File("new.sql")
	for _, st := range stmts {
		r.Apply(st)
	}
	var got []string
	for _, s := range r.Steps() {
		got = append(got, fmt.Sprintf("%d %s %s %s %s>%s %v", s.Pos.Line, s.Op, s.Kind, s.Table, s.Name, s.NewName, s.Columns))
	}
	want := []string{
		"1 rename column public.a x>z []",
		"2 rename table public.a >b []",
		"3 drop-constraint constraint public.b a_y_key> [y]",
		"4 add-constraint constraint public.b b_y_key> [y]",
		"5 drop table public.b > []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
