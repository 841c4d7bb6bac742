package migrations

import (
	"strings"
	"testing"
)

// gotxtCase: a template, the SQL it renders to (blanks folded), and tokens
// that must keep their line and column.
type gotxtCase struct {
	name, src, want string
	keep            []string
}

func TestRenderGotxt(t *testing.T) {
	cases := []gotxtCase{
		{
			"zdb functions",
			"create table t (\n\tid {{auto_increment}},\n\td date not null {{check_date \"d\"}},\n\tb {{blob}} null\n);\n{{cluster \"t\" \"t#d\"}} {{replica \"t\" \"t#d\"}}\n",
			"create table t ( id serial primary key, d date not null , b bytea null ); cluster t using \"t#d\"; alter table t replica identity using index \"t#d\";",
			[]string{",\n\tb", ");"},
		},
		{
			"auto_increment with any argument is large",
			"create table t (id {{auto_increment false}}, j {{json}});",
			"create table t (id bigserial primary key, j jsonb );",
			nil,
		},
		{
			"psql kept in place, sqlite blanked",
			"select {{psql `a::text`}}{{sqlite `a`}} from t;",
			"select a::text from t;",
			[]string{"a::text", "from t;"},
		},
		{
			"a multi-line psql argument keeps its lines",
			"{{psql `\nalter table t\n  drop column c;\n`}}\n{{sqlite `\nselect 1;\n`}}\nselect 2;",
			"alter table t drop column c; select 2;",
			[]string{"alter table t", "drop column c;", "select 2;"},
		},
		{
			"conditionals",
			"{{if eq \"a\" \"b\"}}drop table a;{{else if not (psql \"x\")}}drop table b;{{else}}drop table c;{{end}} select 1;",
			"drop table c; select 1;",
			[]string{"drop table c;", "select 1;"},
		},
		{
			"and, or, ne",
			"{{if and (psql \"x\") (or (sqlite \"y\") true) (ne 1 2)}}drop table a;{{end}}",
			"drop table a;",
			[]string{"drop table a;"},
		},
		{
			"a piped argument",
			"{{\"x\" | psql}} {{\"y\" | sqlite}}",
			"x",
			[]string{"x"},
		},
		{
			"comments and defines print nothing",
			"{{/* a\ncomment */}}select 1;{{define \"x\"}}drop table t;{{end}}",
			"select 1;",
			[]string{"select 1;"},
		},
		{
			"trim markers without line breaks",
			"select 1 {{- sqlite \"x\" -}} ;",
			"select 1 ;",
			[]string{";"},
		},
		{
			"a value longer than its action shifts its line only",
			"create table t (id {{auto_increment}}, x int);\nselect 1;",
			"create table t (id serial primary key, x int); select 1;",
			[]string{"select 1;"},
		},
		{
			"no template",
			"select 1;\n",
			"select 1;",
			nil,
		},
	}
	for _, c := range cases {
		got, err := renderGotxt(c.src)
		if err != nil {
			t.Errorf("%s: error at %d: %s", c.name, err.off, err.msg)
			continue
		}
		if f := strings.Join(strings.Fields(got), " "); f != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, f, c.want)
		}
		if strings.Count(got, "\n") != strings.Count(c.src, "\n") {
			t.Errorf("%s: %d lines, want %d", c.name, strings.Count(got, "\n"), strings.Count(c.src, "\n"))
		}
		for _, tok := range c.keep {
			gl, gc := lineCol(got, strings.Index(got, tok))
			sl, sc := lineCol(c.src, strings.Index(c.src, tok))
			if gl != sl || gc != sc {
				t.Errorf("%s: %q at %d:%d, want %d:%d (where it is in the template)", c.name, tok, gl, gc, sl, sc)
			}
		}
	}
}

func lineCol(s string, off int) (int, int) {
	if off < 0 {
		return -1, -1
	}
	line := 1 + strings.Count(s[:off], "\n")
	return line, off - strings.LastIndexByte(s[:off], '\n')
}

func TestRenderGotxtUnknown(t *testing.T) {
	cases := []struct {
		src, at, msg string
	}{
		{"select 1;\n{{if .Postgres}}drop table t;{{end}}", ".Postgres", "reads the template's data"},
		{"select {{random_text 10}};", "random_text", "random"},
		{"select {{sql_now}};", "sql_now", "not one of zdb's template functions"},
		{"{{range .Tables}}drop table x;{{end}}", "{{range", "{{range}}"},
		{"{{$x := psql \"a\"}}select 1;", "$x", "variable"},
		{"{{with psql \"a\"}}{{.}}{{end}}", "{{with", "{{with}}"},
		{"select {{psql 1}};", "psql", "takes strings"},
		{"select {{cluster \"t\"}};", "cluster", "takes 2 argument"},
		{"select 1;\n{{- psql \"x\"}}", "{{-", "removes a line break"},
		{"select 1;\n{{if psql \"x\"}}", "", "does not parse"},
		{"{{template \"x\"}}", "{{template", "runs another template"},
	}
	for _, c := range cases {
		_, err := renderGotxt(c.src)
		if err == nil {
			t.Errorf("%q: rendered, want an error", c.src)
			continue
		}
		if !strings.Contains(err.msg, c.msg) {
			t.Errorf("%q: %q, want it to say %q", c.src, err.msg, c.msg)
		}
		if c.at != "" && err.off != strings.Index(c.src, c.at) {
			t.Errorf("%q: error at offset %d, want %d (%s)", c.src, err.off, strings.Index(c.src, c.at), c.at)
		}
	}
}

// Nesting deeper than the bound is refused, not recursed into.
func TestRenderGotxtDepth(t *testing.T) {
	n := maxGotxtDepth + 5
	src := strings.Repeat("{{if psql \"x\"}}", n) + "select 1;" + strings.Repeat("{{end}}", n)
	if _, err := renderGotxt(src); err == nil || !strings.Contains(err.msg, "nests more than") {
		t.Errorf("got %v, want a nesting error", err)
	}
	src = strings.Repeat("{{psql \"x\"}}", maxGotxtActions+1)
	if _, err := renderGotxt(src); err == nil || !strings.Contains(err.msg, "actions") {
		t.Errorf("got %v, want a too-many-actions error", err)
	}
}

// FuzzRenderGotxt: rendering never panics, and a rendered template has the
// lines of its source; an error points inside it.
func FuzzRenderGotxt(f *testing.F) {
	for _, s := range []string{
		"create table t (id {{auto_increment}}, d date {{check_date \"d\"}});",
		"{{psql `\nalter table t drop column c;\n`}}{{sqlite `x`}}",
		"{{if eq \"a\" \"b\"}}a{{else if not (psql \"x\")}}b{{else}}c{{end}}",
		"{{- psql \"x\" -}} {{/* c */}} {{define \"x\"}}y{{end}}",
		"{{.Postgres}} {{$x := 1}} {{range .X}}{{end}} '{{1,2}}' {{\"\\n\" | psql}}",
		"{{psql \"a\\nb\"}}\n{{ psql `unterminated",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		out, err := renderGotxt(src)
		if err != nil {
			if err.off < 0 || err.off > len(src) {
				t.Fatalf("error offset %d outside the %d bytes of the template: %s", err.off, len(src), err.msg)
			}
			return
		}
		if a, b := strings.Count(out, "\n"), strings.Count(src, "\n"); a != b {
			t.Fatalf("%d lines rendered from %d:\n%q\n%q", a, b, src, out)
		}
	})
}
