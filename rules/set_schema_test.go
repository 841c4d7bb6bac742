package rules

import "testing"

func TestParseSetSchema(t *testing.T) {
	cases := []struct {
		in, kind, schema, name, to string
		ok                         bool
	}{
		{"ALTER TABLE users SET SCHEMA accounts", "table", "", "users", "accounts", true},
		{"alter table if exists \"App\".\"Users\" set schema \"New\"", "table", "App", "Users", "New", true},
		{"ALTER FOREIGN TABLE ft SET SCHEMA x", "foreign table", "", "ft", "x", true},
		{"ALTER FUNCTION f(a int, b text[]) SET SCHEMA y", "function", "", "f", "y", true},
		{"ALTER FUNCTION f(int, (text)) SET SCHEMA y", "function", "", "f", "y", true},
		{"ALTER TABLE users RENAME TO x", "", "", "", "", false},
		{"ALTER TABLE SET SCHEMA", "", "", "", "", false},
		{"ALTER TABLE a.b.c SET SCHEMA x", "", "", "", "", false},
		{"ALTER TABLE \"unterminated SET SCHEMA x", "", "", "", "", false},
		{"ALTER", "", "", "", "", false},
		{"", "", "", "", "", false},
	}
	for _, c := range cases {
		kind, name, to, ok := bcParseSetSchema(c.in)
		if ok != c.ok {
			t.Errorf("%q: ok %v, want %v", c.in, ok, c.ok)
			continue
		}
		if ok && (kind != c.kind || name.Schema != c.schema || name.Name != c.name || to != c.to) {
			t.Errorf("%q: got %q %q.%q → %q", c.in, kind, name.Schema, name.Name, to)
		}
	}
}
