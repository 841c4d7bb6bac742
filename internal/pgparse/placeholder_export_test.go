package pgparse

import "testing"

func TestPostgresPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT id FROM t WHERE a = $1", "SELECT id FROM t WHERE a = $1"},
		{"SELECT id FROM t WHERE a = ? AND b = ?", "SELECT id FROM t WHERE a = $1 AND b = $2"},
		{"INSERT INTO t (a, b) VALUES (:a, :b)", "INSERT INTO t (a, b) VALUES ($1, $2)"},
		{"SELECT data ? 'k' FROM t", "SELECT data ? 'k' FROM t"},
	} {
		if got, _ := PostgresPlaceholders(c.in); got != c.want {
			t.Errorf("PostgresPlaceholders(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
