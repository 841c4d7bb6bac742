package pgparse

import (
	"reflect"
	"slices"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// The fast path for common defaults must print exactly what the deparser
// prints, and give up on what it cannot print the same way.
func TestQuickExprTextMatchesDeparse(t *testing.T) {
	exprs := []string{
		"0", "42", "-1", "1.5", "'x'", "'it''s'", "''", "true", "false", "NULL", "'{}'::jsonb",
		"'{}'::text[]", "'a'::varchar(3)", "0::integer", "'2020-01-01'::timestamptz", "now()",
		"gen_random_uuid()", "current_timestamp", "CURRENT_DATE", "nextval('s'::regclass)",
		"email", "\"Email\"", "\"user\"", "\"timestamp\"", "\"position\"", "count(*)", "E'a\\nb'",
		"'a\nb'", "lower(email)", "public.f()", "\"F\"()", "'x'::public.t", "'x'::\"T\"",
		"array[]::int[]", "'{1}'::int[][]", "coalesce()",
		"deleted_at IS NULL", "deleted_at IS NOT NULL", "deleted_at ISNULL", "deleted_at NOTNULL",
		"t.deleted_at IS NULL", "\"Col\" IS NULL", "(a, b) IS NULL", "lower(a) IS NULL", "row(a) IS NULL",
		"a IS NOT NULL OR id > 0", "a IS NULL AND b IS NULL AND c <> 'x'", "a IS NULL OR (b IS NULL AND c = 1)",
		"NOT a IS NULL", "id > 0", "id >= 0", "id <= 10", "id < -1", "id = 'x'", "id != 1", "0 < id",
		"a = b", "a + 1 > 0", "id > 1.5", "a ~ 'x'", "a LIKE 'x'", "a OPERATOR(pg_catalog.=) 1",
		"a = ANY(b)", "a = 1 AND (b = 2 OR c = 3)", "a = NULL", "a = true", "(a > 0) OR (b > 0)",
		"a IS NULL OR b", "a = 1 OR b = 2 OR c = 3", "\"user\" = 1", "status = 'it''s'",
		"kind::text", "kind::int", "kind::varchar(10)", "kind::text[]", "t.kind::text", "kind::\"T\"",
		"NULL::text", "char_length(kind::text) < 500", "char_length(kind) < 500", "f(a, 'x', 1)",
		"f(a::int)", "f(a => 1)", "f(VARIADIC a)", "f(DISTINCT a)", "f(a ORDER BY a)", "f(a + 1)",
		"f(-1)", "f(NULL)", "f(g(a))", "coalesce(a, 1)", "f(a) OVER ()", "f(a) = 'x' AND b IS NULL",
		"f(a::text, 'x'::text)", "lower(email) <> ''", "'x'::text", "'{a}'::text[]", "'x'::\"text\"",
		"'x'::pg_catalog.text", "kind::text IS NULL",
	}
	quick := 0
	for _, e := range exprs {
		tree, err := parseRef("SELECT " + e)
		if err != nil {
			// Not every test input is valid (coalesce() is not); skip those.
			continue
		}
		n := tree.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val
		got, ok := quickExprText(n)
		if !ok {
			continue
		}
		quick++
		if want := deparseExpr(n); got != want {
			t.Errorf("%s: fast path %q, deparser %q", e, got, want)
		}
	}
	if quick < 30 {
		t.Errorf("the fast path handled only %d expressions", quick)
	}
}

func TestConvTypeNameText(t *testing.T) {
	for _, tc := range []struct{ sql, name, text string }{
		{"CREATE TABLE t (a character varying(20) NOT NULL)", "varchar", "character varying(20)"},
		{"CREATE TABLE t (a timestamp(3) with time zone DEFAULT now())", "timestamptz", "timestamp(3) with time zone"},
		{"CREATE TABLE t (a \"MyType\" COLLATE \"C\")", "MyType", "\"MyType\""},
		{"CREATE TABLE t (a int ARRAY)", "int4", "int ARRAY"},
		{"CREATE TABLE t (a double precision[] CHECK (a <> '{}'))", "float8", "double precision[]"},
		{"CREATE TABLE t (a interval day to second)", "interval", "interval day to second"},
	} {
		st := parseOne(t, tc.sql)
		ct := st.Node.(*sqlast.CreateTable)
		if got := ct.Columns[0].Type; got.Name != tc.name || got.Text != tc.text {
			t.Errorf("%s: got %q / %q, want %q / %q", tc.sql, got.Name, got.Text, tc.name, tc.text)
		}
	}
}

// The walk-free summary of common defaults must find the functions and
// columns the tree walk finds, and give up on anything else.
func TestLeafExprMatchesWalk(t *testing.T) {
	exprs := []string{
		"0", "'x'", "NULL", "true", "'{}'::jsonb", "'x'::varchar(3)", "'{1}'::int[]",
		"now()", "public.gen_random_uuid()", "\"F\"()", "count(*)", "f() OVER ()", "f() FILTER (WHERE a)",
		"email", "t.email", "t.*", "\"Email\"", "a[1]", "lower(email)", "1 + a", "current_timestamp",
		"(a).b", "a::text", "f(a)",
	}
	leaf := 0
	for _, src := range exprs {
		tree, err := parseRef("SELECT " + src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		n := tree.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val
		var got, want sqlast.Expr
		if !leafExpr(n, &got) {
			continue
		}
		leaf++
		walkExpr(n, &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: without walking %+v, walking %+v", src, got, want)
		}
	}
	if leaf < 12 {
		t.Errorf("only %d expressions took the walk-free path", leaf)
	}
}

// TestWalkMatchesProtoRange: walk (Go reflect over pgnode's structs) visits
// the same nodes, and skips the same children, as a walk with protobuf's
// reflection (Range) over pg_query_go's tree does (nodes told apart by
// their protobuf bytes). Not in the same order: Range swaps two adjacent
// fields in some builds on purpose (protobuf's detrand), so the old walk's
// order was never stable and no caller may depend on it.
func TestWalkMatchesProtoRange(t *testing.T) {
	sqls := []string{
		`CREATE INDEX i ON t ((lower(a) || 'x'), (b + 1)) WHERE c IS NOT NULL AND d IN (SELECT e FROM f)`,
		`ALTER TABLE t ADD COLUMN a int DEFAULT now() + interval '1 day', ALTER COLUMN b TYPE text USING b::text`,
		`SELECT CASE WHEN a THEN 1 ELSE -2.5 END, ARRAY[1,2], ROW(1, 'a'), x->>'k' FROM t JOIN u USING (id) WHERE a BETWEEN 1 AND $1 ORDER BY 1 LIMIT 3`,
		`WITH w AS (INSERT INTO t VALUES (1, DEFAULT), (2, NULL) RETURNING *) UPDATE u SET a = w.a FROM w WHERE u.id = w.id`,
		`CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v numeric(10,2) CHECK (v > 0) REFERENCES p (id))`,
	}
	for _, sql := range sqls {
		tree, err := pg_query.Parse(sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		for _, skipSubLinks := range []bool{false, true} {
			var want, got []string
			refWalk(tree.ProtoReflect(), func(n *pg_query.Node) bool {
				b, err := proto.Marshal(n)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, string(b))
				return !skipSubLinks || n.GetSubLink() == nil
			})
			walk(toPgnode(tree), func(n *pgnode.Node) bool {
				w := &pbw{b: make([]byte, 64)}
				w.i = len(w.b)
				peNode(w, n)
				got = append(got, string(w.b[w.i:]))
				return !skipSubLinks || n.GetSubLink() == nil
			})
			slices.Sort(got)
			slices.Sort(want)
			if len(want) < 5 || !slices.Equal(got, want) {
				t.Errorf("%s (skip sublinks %v): walk visited %d nodes, protobuf's Range %d, or other ones", sql, skipSubLinks, len(got), len(want))
			}
		}
	}
}

// refWalk is walk written with protobuf's reflection, as it was.
func refWalk(m protoreflect.Message, fn func(*pg_query.Node) bool) {
	if !m.IsValid() {
		return
	}
	if n, ok := m.Interface().(*pg_query.Node); ok && !fn(n) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				refWalk(l.Get(i).Message(), fn)
			}
		case fd.IsMap():
		default:
			refWalk(v.Message(), fn)
		}
		return true
	})
}
