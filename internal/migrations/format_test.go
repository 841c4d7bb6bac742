package migrations

import (
	"strings"
	"testing"
)

// contentFormatRegexp is contentFormat without the quick pre-check.
func contentFormatRegexp(src string) Format {
	src = strings.TrimPrefix(src, bom)
	switch {
	case reGoose.MatchString(src):
		return FormatGoose
	case reSQLMigrate.MatchString(src):
		return FormatSQLMigrate
	case reDbmate.MatchString(src):
		return FormatDbmate
	case reTern.MatchString(src):
		return FormatTern
	}
	return ""
}

func TestContentFormatPrecheckAgreesWithRegexps(t *testing.T) {
	cases := []string{
		"", "CREATE TABLE t (id int);\n",
		"-- +goose Up\nCREATE TABLE t (id int);\n",
		"  --   +GOOSE   DOWN\nDROP TABLE t;\n",
		"-- +GoOsE up\n",
		"-- +goo\u017fe Up\nSELECT 1;\n", // (?i)s matches long s
		"--\n+goose\nup\n",
		"-- +migrate Up\nSELECT 1;\n",
		"-- +MIGRATE down\n",
		"-- migrate:up\nSELECT 1;\n-- migrate:down\n",
		"-- MIGRATE:UP\n",
		"-- Migrate:Down\n",
		"---- create above / drop below ----\n",
		"---- CREATE ABOVE / DROP BELOW ----\n",
		"\ufeff-- +goose Up\nSELECT 1;\n",
		"SELECT 'a+goose up';\n",
		"-- +goose\n",
		"-- migrate: up\n",
		"SELECT 1; -- ----\n",
		"SELECT 1 +goose\n",
	}
	for _, c := range cases {
		if got, want := contentFormat(c), contentFormatRegexp(c); got != want {
			t.Errorf("contentFormat(%q) = %q, the regexps say %q", c, got, want)
		}
	}
	// Without any of the marker words the pre-check must say no.
	if mayHaveMarker("CREATE TABLE t (id int); -- a comment + more: text\n") {
		t.Error("mayHaveMarker is true for plain SQL")
	}
}

func FuzzContentFormatPrecheck(f *testing.F) {
	f.Add("-- +goose Up\nSELECT 1;\n")
	f.Add("-- MIGRATE:down\n")
	f.Add("---- create above / drop below ----")
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := contentFormat(src), contentFormatRegexp(src); got != want {
			t.Errorf("contentFormat(%q) = %q, the regexps say %q", src, got, want)
		}
	})
}

func TestAppendNormalizedMatchesNormalizeSQL(t *testing.T) {
	for _, s := range []string{
		"", "  ", "SELECT 1", "  SELECT\t1 ;\n", "SELECT 'a  b' -- c\n FROM t",
		"/* x */SELECT/* y */1/* z */", "-- only\n", "a\u00a0b\u0085c\u2028d", "x\xff\xfe  y\xe2\x80",
		"SELECT $$ a  b $$, E'\\n'  /* c /* nested */ */ x", "\v\fa\r\nb",
	} {
		if got, want := string(appendNormalized(nil, s)), normalizeSQL(s); got != want {
			t.Errorf("appendNormalized(%q) = %q, normalizeSQL gives %q", s, got, want)
		}
	}
}

func FuzzAppendNormalized(f *testing.F) {
	f.Add("SELECT 1 -- c\n /* d */ FROM\u00a0t")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendNormalized(nil, s)), normalizeSQL(s); got != want {
			t.Errorf("appendNormalized(%q) = %q, normalizeSQL gives %q", s, got, want)
		}
	})
}
