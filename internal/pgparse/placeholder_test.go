package pgparse

import (
	"strings"
	"testing"
)

func TestRewritePlaceholders(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"SELECT * FROM t WHERE data ? 'a' AND id = ?", "SELECT * FROM t WHERE data ? 'a' AND id = $1"},
		{"SELECT * FROM t WHERE id IN (?, ?, ?) LIMIT ? OFFSET ?", "SELECT * FROM t WHERE id IN ($1, $2, $3) LIMIT $4 OFFSET $5"},
		{"INSERT INTO t (a, b) VALUES (?,?)", "INSERT INTO t (a, b) VALUES ($1,$2)"},
		{"SELECT * FROM t WHERE tags ?| array['a'] AND tags ?& ? AND x=?", "SELECT * FROM t WHERE tags ?| array['a'] AND tags ?& $1 AND x=$2"},
		{"UPDATE t SET a = :a, b = :b::int WHERE id = :id AND c = :a", "UPDATE t SET a = $1, b = $2::int WHERE id = $3 AND c = $1"},
		{"SELECT '?', \"a?\", $$ ? :x $$ FROM t -- :one ?\nWHERE id = ?", "SELECT '?', \"a?\", $$ ? :x $$ FROM t -- :one ?\nWHERE id = $1"},
		{"SELECT x::text FROM t WHERE id = $1", "SELECT x::text FROM t WHERE id = $1"},
		{"SELECT * FROM t WHERE a = $2 AND b = ?", "SELECT * FROM t WHERE a = $2 AND b = $3"},
		{"SELECT * FROM t WHERE (data) ? 'k' AND n = (?)", "SELECT * FROM t WHERE (data) ? 'k' AND n = ($1)"},
		{"/* ? :a */ SELECT E'\\'?' || ? FROM t", "/* ? :a */ SELECT E'\\'?' || $1 FROM t"},
		{"SELECT created_at AT TIME ZONE ? FROM t WHERE x BETWEEN ? AND ?", "SELECT created_at AT TIME ZONE $1 FROM t WHERE x BETWEEN $2 AND $3"},
	}
	for _, tc := range cases {
		got, _, _ := qRewritePlaceholders(tc.in)
		if got != tc.want {
			t.Errorf("qRewritePlaceholders(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
		}
	}
}

func TestRewritePlaceholdersUnchanged(t *testing.T) {
	for _, in := range []string{
		"SELECT * FROM t WHERE data ? 'k'",
		"SELECT a::int, b FROM t WHERE c = $1",
		"SELECT arr[1:2] FROM t",
	} {
		got, edits, changed := qRewritePlaceholders(in)
		if changed || got != in || len(edits) != 0 {
			t.Errorf("qRewritePlaceholders(%q) changed it to %q", in, got)
		}
	}
}

func TestMapOffset(t *testing.T) {
	in := "SELECT a FROM t WHERE b = :bee AND c = ? AND d = 1"
	out, edits, _ := qRewritePlaceholders(in)
	// every byte of the rewritten text outside a replacement maps back to
	// the same byte of the original
	for _, word := range []string{"AND c", "AND d", "d = 1", "SELECT"} {
		p := strings.Index(out, word)
		if got := qMapOffset(edits, p); in[got:got+len(word)] != word {
			t.Errorf("offset of %q maps to %d (%q)", word, got, in[got:])
		}
	}
	if p := strings.Index(out, "$1"); qMapOffset(edits, p) != strings.Index(in, ":bee") {
		t.Errorf("$1 maps to %d, want the :bee offset", qMapOffset(edits, p))
	}
	if p := strings.Index(out, "$2"); qMapOffset(edits, p) != strings.Index(in, "?") {
		t.Errorf("$2 maps to %d, want the ? offset", qMapOffset(edits, p))
	}
}

func TestAnalyzeQueryPlaceholders(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"SELECT * FROM t WHERE data ? 'a' AND id = ?", "t:select t.*:select t.data:select t.id:select"},
		{"SELECT id FROM users WHERE email = :email AND status = :status", "users:select users.id:select users.email:select users.status:select"},
		{"UPDATE users SET name = ? WHERE id = ?", "users:update users.name:update users.id:select"},
		{"SELECT id FROM users WHERE payload ?| ARRAY['a','b'] AND org_id = ?", "users:select users.id:select users.payload:select users.org_id:select"},
	}
	for _, tc := range cases {
		q, err := AnalyzeQuery(tc.sql, nil)
		if err != nil {
			t.Errorf("AnalyzeQuery(%q): %v", tc.sql, err)
			continue
		}
		if got, want := strings.Join(qUseStrings(q.Uses), " "), strings.Join(qSplit(tc.want), " "); got != want {
			t.Errorf("AnalyzeQuery(%q)\n got: %v\nwant: %v", tc.sql, got, want)
		}
		// offsets point at the column names in the original text
		for _, u := range q.Uses {
			if u.Column == "" || u.Column == "*" {
				continue
			}
			if !strings.HasPrefix(tc.sql[u.Offset:], u.Column) {
				t.Errorf("%q: use %s at %d points at %q", tc.sql, u.Column, u.Offset, tc.sql[u.Offset:])
			}
		}
	}
}
