package pgparse

import (
	"reflect"
	"testing"
)

func TestDoNestedStatements(t *testing.T) {
	src := "-- guard\nDO $$\nDECLARE r record;\nBEGIN\n  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users') THEN\n    ALTER TABLE users DROP COLUMN legacy;\n  END IF;\n  EXECUTE 'ALTER TABLE orders RENAME COLUMN total TO amount';\n  EXECUTE format('DROP TABLE %I', 'x');\n  FOR r IN SELECT id FROM users LOOP\n    UPDATE users SET x = 1 WHERE id = r.id;\n  END LOOP;\n  PERFORM 1;\nEND\n$$;\nDO LANGUAGE plpgsql 'BEGIN DROP TABLE a; END';\nDO $x$ BEGIN oops; END $x$;\nDO 'BEGIN RAISE NOTICE ''a''; DROP TABLE a; END';\nDO $$ BEGIN EXECUTE 'DROP TABLE b'; EXECUTE 'DROP TABLE b'; END $$;\n"
	stmts, errs := Parse("m.sql", src)
	// the block that does not compile is an error at the offending token
	if len(errs) != 1 || errs[0].Pos.Line != 17 || errs[0].Pos.Col != 14 ||
		errs[0].Msg != `the DO block's PL/pgSQL does not compile: syntax error at or near "oops"` {
		t.Fatalf("errors: %v", errs)
	}
	if len(stmts) != 5 {
		t.Fatalf("%d statements, want 5", len(stmts))
	}
	type want struct {
		kind, text string
		line, col  int
	}
	check := func(i int, ws []want) {
		t.Helper()
		got := stmts[i].Nested
		if len(got) != len(ws) {
			t.Fatalf("statement %d: %d nested, want %d: %+v", i, len(got), len(ws), got)
		}
		for k, w := range ws {
			g := got[k]
			if g.Kind != w.kind || g.Text != w.text || g.Pos.Line != w.line || g.Pos.Col != w.col || g.Parent != stmts[i] || !g.InTx {
				t.Errorf("statement %d nested %d: got %s %q at %d:%d (parent %v, in tx %v), want %s %q at %d:%d", i, k, g.Kind, g.Text, g.Pos.Line, g.Pos.Col, g.Parent == stmts[i], g.InTx, w.kind, w.text, w.line, w.col)
			}
			if src[g.Pos.Offset:g.End.Offset] != g.Text {
				t.Errorf("nested %q: offsets give %q", g.Text, src[g.Pos.Offset:g.End.Offset])
			}
		}
	}
	check(0, []want{
		{"AlterTableStmt", "ALTER TABLE users DROP COLUMN legacy", 6, 5},
		{"RenameStmt", "ALTER TABLE orders RENAME COLUMN total TO amount", 8, 12},
		{"UpdateStmt", "UPDATE users SET x = 1 WHERE id = r.id", 11, 5},
	})
	check(1, []want{{"DropStmt", "DROP TABLE a", 16, 28}})
	check(2, nil) // does not compile: nothing nested (and the error above)
	check(3, nil) // doubled quotes: the body is not verbatim in the file
	check(4, []want{{"DropStmt", "DROP TABLE b", 19, 22}, {"DropStmt", "DROP TABLE b", 19, 46}})
}

// A PL/pgSQL error is placed at its token on (or after) the line the
// compiler names, not at the same word in a comment; a semantic error (an
// unknown variable) without a token at the start of its line; in a body
// that is not written verbatim (doubled quotes), at the DO. The ok twin
// compiles: no error.
func TestDoCompileErrorPosition(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
		msg       string
	}{
		{"DO $$\nBEGIN\n  -- IFF in a comment\n  IFF EXISTS (SELECT 1) THEN\n    ALTER TABLE users DROP COLUMN nickname;\n  END IF;\nEND\n$$;\n", 4, 3, `syntax error at or near "IFF"`},
		{"DO $$\nDECLARE t text[];\nBEGIN\n  FOREACH x IN ARRAY t LOOP END LOOP;\nEND $$;\n", 4, 3, "loop variable of FOREACH must be a known variable or list of variables"},
		{"SELECT 1;\nDO 'BEGIN RAISE NOTICE ''a''; oops; END';\n", 2, 1, `syntax error at or near "oops"`},
	} {
		_, errs := Parse("m.sql", c.src)
		if len(errs) != 1 || errs[0].Pos.Line != c.line || errs[0].Pos.Col != c.col || errs[0].Msg != "the DO block's PL/pgSQL does not compile: "+c.msg {
			t.Errorf("%q: errors %v, want %d:%d %s", c.src, errs, c.line, c.col, c.msg)
		}
	}
	stmts, errs := Parse("m.sql", "DO $$\nBEGIN\n  IF EXISTS (SELECT 1) THEN\n    ALTER TABLE users DROP COLUMN nickname;\n  END IF;\nEND\n$$;\n")
	if len(errs) != 0 || len(stmts) != 1 || len(stmts[0].Nested) != 1 {
		t.Fatalf("ok twin: %v %+v", errs, stmts)
	}
}

// An EXECUTE whose SQL is built at run time is not read: when the SQL may
// change the schema (its first literal is ALTER, DROP, a unique index, …, or
// it has none) the DO statement names it, at the expression; the ok twins,
// run-time SQL that creates a table or plain index, reads or writes rows,
// and constant SQL (read as nested statements), name nothing.
func TestDoRunTimeExecute(t *testing.T) {
	src := "DO $$\nDECLARE col record; stmt text := 'x';\nBEGIN\n" +
		"  FOR col IN SELECT * FROM (VALUES ('name'), ('url')) AS t(c) LOOP\n" +
		"    EXECUTE format('ALTER TABLE convoy.endpoints ALTER COLUMN %I SET NOT NULL', col.c);\n" + // 5
		"  END LOOP;\n" +
		"  EXECUTE stmt;\n" + // 7
		"  EXECUTE 'DROP TABLE ' || quote_ident(stmt);\n" + // 8
		"  EXECUTE format('create unique index %I on t (x)', stmt);\n" + // 9
		"  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF p FOR VALUES IN (1)', stmt);\n" +
		"  EXECUTE format('create index %I on t (x)', stmt);\n" +
		"  EXECUTE format('SELECT count(*) FROM %I', stmt) INTO col;\n" +
		"  EXECUTE format('UPDATE %I SET x = 1', stmt);\n" +
		"  EXECUTE format('ALTER TABLE p ATTACH PARTITION %I FOR VALUES IN (2)', stmt);\n" +
		"  EXECUTE 'ALTER TABLE t DROP COLUMN y';\n" + // 15: constant, read
		"END\n$$;\n"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 || len(stmts) != 1 {
		t.Fatalf("%d statements, errors %v", len(stmts), errs)
	}
	type rt struct {
		line, col int
		expr      string
	}
	var got []rt
	for _, r := range stmts[0].RunTime {
		got = append(got, rt{r.Pos.Line, r.Pos.Col, r.Expr})
	}
	want := []rt{
		{5, 13, "format('ALTER TABLE convoy.endpoints ALTER COLUMN %I SET NOT NULL', col.c)"},
		{7, 11, "stmt"},
		{8, 11, "'DROP TABLE ' || quote_ident(stmt)"},
		{9, 11, "format('create unique index %I on t (x)', stmt)"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("run-time EXECUTEs %+v, want %+v", got, want)
	}
	if n := stmts[0].Nested; len(n) != 1 || n[0].Text != "ALTER TABLE t DROP COLUMN y" || n[0].Pos.Line != 15 {
		t.Errorf("nested %+v, want the constant ALTER of line 15", n)
	}
}
