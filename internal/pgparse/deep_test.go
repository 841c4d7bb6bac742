package pgparse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// chain is a construct that nests one level per step: the parser builds it
// without limit (left-recursive rules), and libpg_query writes its output
// trees with C recursion, one or two frames per level.
// bexpr: the chain is allowed where DEFAULT takes an expression.
type chain struct {
	name, head, step, tail string
	bexpr                  bool
}

var chains = []chain{
	{"plus", "1", " + 1", "", true},
	{"concat", "'a'", " || 'a'", "", true},
	{"cast", "1", "::int", "", true},
	{"collate", "'a'", ` COLLATE "C"`, "", false},
	{"at time zone", "now()", " AT TIME ZONE 'utc'", "", false},
	{"is null", "1", " IS NULL", "", false},
	{"cross join", "(SELECT 1 FROM a", " CROSS JOIN a", ")", true},
	{"union", "(SELECT 1", " UNION SELECT 1", ")", true},
	{"minus and times", "1", " - 2 * 3", "", true},
}

// wraps put an expression where migrations put them; reads says rbcheck
// reads the expression (a default, a view, an index expression). The
// values of SELECT, INSERT and UPDATE are not read (jsondec_skim.go), nor
// is a DO block's PERFORM.
var wraps = []struct {
	sql   string
	reads bool
}{
	{"SELECT %s;", false},
	{"CREATE TABLE t (a int DEFAULT %s);", true},
	{"ALTER TABLE t ADD COLUMN c int DEFAULT %s;", true},
	{"CREATE VIEW v AS SELECT %s AS x;", true},
	{"INSERT INTO t VALUES (1, %s);", false},
	{"UPDATE t SET a = %s WHERE id = 1;", false},
	{"CREATE INDEX ON t ((%s));", true},
	{"DO $$ BEGIN PERFORM %s; END $$;", false},
}

func deepExpr(c chain, n int) string {
	return c.head + strings.Repeat(c.step, n) + c.tail
}

// TestParseDeepChains: 70,000 chained operators overflowed the C stack in
// libpg_query's output and killed the process (SIGSEGV). Now a statement
// whose expressions are read is an error at its own position, one whose
// expressions are not (a SELECT) is read, and the statements around it
// are checked either way.
func TestParseDeepChains(t *testing.T) {
	for i, c := range chains {
		// the cases at its size; past the limit is enough for the
		// rest (TestWithStack and FuzzDeepNesting cover the stack)
		n := 12000
		if i < 3 {
			n = 70000
		}
		for _, w := range wraps[:2] {
			if w.reads && !c.bexpr {
				continue
			}
			src := "CREATE TABLE a (id int);\n" + fmt.Sprintf(w.sql, deepExpr(c, n)) + "\nALTER TABLE a ADD COLUMN b int;\n"
			stmts, errs := Parse("f.sql", src)
			name := c.name + " in " + strings.Fields(w.sql)[0]
			if !w.reads {
				if len(errs) != 0 || len(stmts) != 3 {
					t.Errorf("%s: %d statements, errors %v; want the three read", name, len(stmts), errs)
				}
				continue
			}
			if len(errs) != 1 || errs[0].Pos.Line != 2 || errs[0].Pos.Col != 1 || !strings.Contains(errs[0].Msg, "nested too deeply") {
				t.Errorf("%s: errors %v, want one at 2:1 saying the statement is nested too deeply", name, errs)
			}
			if len(stmts) != 2 || stmts[0].Pos.Line != 1 || stmts[1].Pos.Line != 3 {
				t.Errorf("%s: %d statements, want the two around the deep one", name, len(stmts))
			}
		}
	}
}

// TestParseDeepButReadable: nesting below the limit is parsed, also where a
// default expression is deparsed (the deparser recurses in C too, about
// 1.9 kB per level: 4,000 levels overflowed an 8 MB stack). A view's query
// is not deparsed: nothing reads it.
func TestParseDeepButReadable(t *testing.T) {
	src := "CREATE TABLE t (a int DEFAULT " + deepExpr(chains[0], 4500) + ");\n" +
		"CREATE VIEW v AS SELECT " + deepExpr(chains[2], 4500) + " AS x;\n"
	stmts, errs := Parse("f.sql", src)
	if len(errs) != 0 || len(stmts) != 2 {
		t.Fatalf("%d statements, errors %v", len(stmts), errs)
	}
	ct, ok := stmts[0].Node.(*sqlast.CreateTable)
	if !ok || len(ct.Columns) != 1 || ct.Columns[0].Default == nil || !strings.Contains(ct.Columns[0].Default.Text, "(1 + 1) + 1") || len(ct.Columns[0].Default.Text) < 4*4500 {
		t.Errorf("the default was not deparsed: %#v", stmts[0].Node)
	}
	if v, ok := stmts[1].Node.(*sqlast.CreateView); !ok || v.Name.Name != "v" {
		t.Errorf("the view was not read: %#v", stmts[1].Node)
	}
}

// TestWithStack: the C output of a 100,000-level tree needs about 13 MB of
// stack, more than an ordinary thread's 8 MB; withStack gives it a thread
// with enough (called directly, the test binary would die).
func TestWithStack(t *testing.T) {
	s := "SELECT " + deepExpr(chains[0], 100000)
	var js string
	var err error
	if serr := withStack(jsonStack(len(s)), func() { js, err = parser.ParseToJSON(s) }); serr != nil || err != nil {
		t.Fatal(serr, err)
	}
	if n := strings.Count(js, `"A_Expr"`); n != 100000 {
		t.Errorf("%d operators in the output, want 100000", n)
	}
	if _, err := decodeParseResult(js, false, false); err != errTooDeep {
		t.Errorf("decoding gave %v, want errTooDeep", err)
	}
	// a panic in the job reaches the caller
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the job's panic", r)
			}
		}()
		_ = withStack(1<<30, func() { panic("boom") })
	}()
	// and a small need runs in place
	ran := false
	if err := withStack(1, func() { ran = true }); err != nil || !ran {
		t.Error("job did not run")
	}
}

// TestAnalyzeQueryDeep: application SQL goes through the same parser.
func TestAnalyzeQueryDeep(t *testing.T) {
	_, err := AnalyzeQuery("SELECT "+deepExpr(chains[0], 70000)+" FROM users", nil)
	if err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("error %v, want nested too deeply", err)
	}
}

// FuzzDeepNesting parses generated long chains and nested constructs, one
// inside another, in the statements migrations hold: the process must never
// die, deep statements are errors at their own line and the statement
// after them is still read.
func FuzzDeepNesting(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint32(70000), uint8(0), uint16(0))
	f.Add(uint8(2), uint8(1), uint32(70000), uint8(1), uint16(10))
	f.Add(uint8(6), uint8(3), uint32(20000), uint8(3), uint16(100))
	f.Add(uint8(7), uint8(5), uint32(3000), uint8(7), uint16(2000))
	f.Add(uint8(9), uint8(4), uint32(50000), uint8(2), uint16(8000))
	nests := []struct{ open, close string }{
		{"(", ")"}, {"abs(", ")"}, {"ARRAY[", "]"}, {"- ", ""}, {"NOT ", ""},
		{"CASE WHEN true THEN ", " END"}, {"(SELECT ", ")"}, {"coalesce(1, ", ")"},
	}
	f.Fuzz(func(t *testing.T, ci, wi uint8, n uint32, ni uint8, nd uint16) {
		c := chains[int(ci)%len(chains)]
		w := wraps[int(wi)%len(wraps)]
		nest := nests[int(ni)%len(nests)]
		n %= 120000
		nd %= 12000
		// a chain inside nd nested constructs inside a chain
		inner := deepExpr(c, int(n)/2)
		expr := deepExpr(c, int(n)/2) + " + " +
			strings.Repeat(nest.open, int(nd)) + inner + strings.Repeat(nest.close, int(nd))
		src := "CREATE TABLE t (id int, a int);\n" + fmt.Sprintf(w.sql, expr) + "\nDROP TABLE t;\n"
		stmts, errs := Parse("f.sql", src)
		for _, e := range errs {
			if e.Pos.Line != 2 || e.Msg == "" {
				t.Fatalf("error %v, want errors only on line 2", e)
			}
		}
		if len(stmts) == 0 || stmts[len(stmts)-1].Pos.Line != 3 {
			t.Fatalf("the statement after the deep one was not read: %d statements, errors %v", len(stmts), errs)
		}
		if n > 2*maxDepth && len(errs) == 0 && w.reads {
			t.Fatalf("%d levels and no error", n)
		}
		_, _ = AnalyzeQuery(fmt.Sprintf("SELECT %s FROM t", expr), nil)
	})
}

// The protobuf path (the decoder's fallback) recurses more per level: it
// gets a bigger stack.
func TestProtobufFallbackDeep(t *testing.T) {
	s := "SELECT " + deepExpr(chains[0], 30000)
	var err error
	var tree *pgnode.ParseResult
	if serr := withStack(protobufStack(len(s)), func() { tree, err = parseProtobuf(s) }); serr != nil {
		t.Fatal(serr)
	}
	// the decoder stops at 10,000 nested messages, as Go's protobuf does:
	// an error, not a crash
	if err == nil || tree != nil {
		t.Errorf("30,000 levels: tree %v, error %v", tree != nil, err)
	}
}
