package pgparse

import (
	"fmt"
	"strings"
	"testing"
)

// corpus generates a migration file of about size bytes from statements
// like those of real projects.
func corpus(size int, withError bool) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "-- migration %d\nCREATE TABLE IF NOT EXISTS t%d (\n  id bigserial PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n  email varchar(255) NOT NULL DEFAULT '',\n  created_at timestamptz NOT NULL DEFAULT now(),\n  CONSTRAINT t%d_email_check CHECK (email <> '')\n);\n", i, i, i)
		fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY IF NOT EXISTS t%d_user_idx ON t%d (user_id) WHERE created_at > '2020-01-01';\n", i, i)
		fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN note text, ALTER COLUMN email SET NOT NULL, DROP COLUMN IF EXISTS legacy;\n", i)
		fmt.Fprintf(&b, "UPDATE t%d SET note = 'x; y' WHERE id < 100;\n", i)
		fmt.Fprintf(&b, "CREATE OR REPLACE FUNCTION f%d() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.created_at := now();\n  RETURN NEW;\nEND\n$$;\n", i)
		if withError && i%500 == 250 {
			b.WriteString("ALTER TABLE oops DROP COLUMN;\n")
		}
	}
	return b.String()
}

func benchmarkParse(b *testing.B, withError bool) {
	src := corpus(3<<20, withError)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stmts, errs := Parse("big.sql", src)
		if len(stmts) == 0 || (len(errs) != 0) != withError {
			b.Fatalf("%d statements, errors %v", len(stmts), errs)
		}
	}
}

// BenchmarkParse parses a generated 3 MB migration file in one go.
func BenchmarkParse(b *testing.B) { benchmarkParse(b, false) }

// BenchmarkParseWithErrors forces the scanner split and per-statement parses.
func BenchmarkParseWithErrors(b *testing.B) { benchmarkParse(b, true) }
