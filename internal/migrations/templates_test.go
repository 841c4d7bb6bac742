package migrations

import (
	"strings"
	"testing"
)

func TestRenderTemplates(t *testing.T) {
	ns := `{{ index .Options "Namespace" }}`
	vals := map[string]string{"Namespace": "auth", "Owner": "supabase_admin"}
	for _, c := range []struct {
		src, want string
		values    map[string]string
	}{
		// an empty value takes the dot along; the blanks keep every column
		{"ALTER TABLE " + ns + ".users DROP COLUMN x;", "ALTER TABLE " + strings.Repeat(" ", len(ns)+1) + "users DROP COLUMN x;", nil},
		// a value is padded before it, so what follows keeps its column
		{"ALTER TABLE " + ns + ".users DROP COLUMN x;", "ALTER TABLE " + strings.Repeat(" ", len(ns)-4) + "auth.users DROP COLUMN x;", vals},
		// in a literal the room goes after the closing quote
		{"COMMENT ON TABLE t IS '" + ns + "';", "COMMENT ON TABLE t IS 'auth'" + strings.Repeat(" ", len(ns)-4) + ";", vals},
		{"SELECT '" + ns + "', 1;", "SELECT ''" + strings.Repeat(" ", len(ns)) + ", 1;", nil},
		{"EXECUTE 'DROP INDEX " + ns + ".i';", "EXECUTE 'DROP INDEX i'" + strings.Repeat(" ", len(ns)+1) + ";", nil},
		// .Field chains, $variables and whole actions as names; case-insensitive fallback
		{"GRANT x TO {{ .Owner }};", "GRANT x TO supabase_admin;", vals},
		{"{{.Options.namespace}}.t", strings.Repeat(" ", len("{{.Options.namespace}}")-4) + "auth.t", vals},
		// control actions and comments print nothing (and keep their newlines)
		{"{{ if .X }}SELECT 1;{{ end }}", strings.Repeat(" ", 11) + "SELECT 1;" + strings.Repeat(" ", 9), nil},
		{"{{/* a\ncomment */}}SELECT 1;", "      \n            SELECT 1;", nil},
		// not templates: array literals, JSON, text in comments is left alone
		{"SELECT '{{1,2},{3,4}}'::int[];", "SELECT '{{1,2},{3,4}}'::int[];", nil},
		{`SELECT '{"a": {"b": 1}}'::jsonb;`, `SELECT '{"a": {"b": 1}}'::jsonb;`, nil},
		{"-- {{ .X }}\nSELECT 1;", "-- {{ .X }}\nSELECT 1;", nil},
		// a value longer than its action shifts only the rest of its line
		{"{{.S}}.t;\nSELECT 2;", "a_long_schema.t;\nSELECT 2;", map[string]string{"S": "a_long_schema"}},
	} {
		got, _ := renderTemplates(c.src, c.values)
		if got != c.want {
			t.Errorf("renderTemplates(%q)\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestPlaceholderValues(t *testing.T) {
	got, _ := substitutePlaceholders("CREATE TABLE ${schema}.t (id int); GRANT SELECT ON t TO ${reader};", map[string]string{"schema": "app"})
	if want := "CREATE TABLE       app.t (id int); GRANT SELECT ON t TO _________;"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// Without values, rendering never moves a byte: same length, newlines in
// the same places.
func FuzzRenderTemplates(f *testing.F) {
	f.Add(`ALTER TABLE {{ index .Options "Namespace" }}.users ADD x int; -- {{ .Y }}` + "\n'{{.Z}}'")
	f.Add("{{/* x\n */}} {{ if .A }} '{{1,2}}' \"{{ .B }}\" $$ {{.C}} $$")
	f.Fuzz(func(t *testing.T, src string) {
		out, _ := renderTemplates(src, nil)
		if len(out) != len(src) {
			t.Fatalf("length %d, was %d: %q → %q", len(out), len(src), src, out)
		}
		for i := 0; i < len(src); i++ {
			if (src[i] == '\n') != (out[i] == '\n') {
				t.Fatalf("newline moved at %d: %q → %q", i, src, out)
			}
		}
	})
}
