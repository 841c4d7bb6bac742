package catalog

import (
	"strings"
	"testing"
)

// FuzzApplySQL replays arbitrary SQL over a small baseline: Apply must never
// panic (a recovered panic leaves an "internal error" note) and Clone must
// give an equal, independent copy.
func FuzzApplySQL(f *testing.F) {
	for _, s := range []string{
		"ALTER TABLE users RENAME COLUMN email TO mail; ALTER TABLE users ADD COLUMN email text UNIQUE;",
		"DROP SCHEMA app CASCADE; CREATE SCHEMA app; CREATE TABLE app.users (LIKE public.users);",
		"ALTER TYPE mood ADD VALUE 'x' BEFORE 'nope'; ALTER TYPE mood RENAME VALUE 'nope' TO 'y';",
		"CREATE UNIQUE INDEX ON users (lower(email)) WHERE id > 0; DROP INDEX users_lower_idx;",
		"ALTER TABLE users ADD CONSTRAINT c UNIQUE USING INDEX nope; ALTER TABLE users DROP CONSTRAINT c;",
		"ALTER TABLE orders SET SCHEMA app; ALTER SCHEMA app RENAME TO x; DROP TABLE x.orders;",
		"SET search_path = app; CREATE TABLE t (id serial PRIMARY KEY); RESET search_path; DROP TABLE app.t;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2048 {
			return
		}
		c, _ := LoadSchema("base.sql", `
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, mood mood);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE INDEX orders_user_idx ON orders (user_id);`)
		before := c.Clone()
		c.ApplySQL("m.sql", src, New)
		for _, n := range c.Notes {
			if strings.Contains(n, "internal error") {
				t.Fatalf("%s", n)
			}
		}
		if before.Table(nm("users")) == nil || before.Table(nm("users")).Column("email") == nil || len(before.Enum(nm("mood")).Values) != 2 {
			t.Fatalf("replay on one catalog changed its clone")
		}
		for _, n := range c.TableNames() {
			_ = c.UniqueKeys(n)
		}
	})
}
