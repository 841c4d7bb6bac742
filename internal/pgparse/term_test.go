package pgparse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// clearTrees sets every sqlast.Expr.Tree under v to nil, for tests that
// compare translations field by field (term_test checks the trees).
func clearTrees(v any) {
	var walk func(r reflect.Value)
	exprType := reflect.TypeOf(sqlast.Expr{})
	walk = func(r reflect.Value) {
		switch r.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !r.IsNil() {
				walk(r.Elem())
			}
		case reflect.Struct:
			if r.Type() == exprType {
				if f := r.FieldByName("Tree"); f.CanSet() {
					f.Set(reflect.Zero(f.Type()))
				}
				return
			}
			for i := 0; i < r.NumField(); i++ {
				walk(r.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < r.Len(); i++ {
				walk(r.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(v))
}

// termString renders a Term as a compact prefix form.
func termString(t *sqlast.Term) string {
	if t == nil {
		return "nil"
	}
	var b strings.Builder
	b.WriteString(string(t.Kind))
	if t.Op != "" {
		b.WriteString(":" + t.Op)
	}
	if t.Value != "" {
		b.WriteString("=" + t.Value)
	}
	if t.Type != "" {
		b.WriteString("/" + t.Type)
	}
	if len(t.Args) > 0 {
		var as []string
		for _, a := range t.Args {
			as = append(as, termString(a))
		}
		b.WriteString("(" + strings.Join(as, " ") + ")")
	}
	return b.String()
}

func TestCheckTerms(t *testing.T) {
	for _, tt := range []struct{ check, want string }{
		{`"isPaused" = FALSE AND x IS NULL`, `and(op:=(column=isPaused const=false/bool) is-null(column=x))`},
		{`NOT paused OR reason IS NOT NULL`, `or(not(column=paused) is-null:not(column=reason))`},
		{`status IN ('a', 'b')`, `in(column=status const=a/string const=b/string)`},
		{`status NOT IN ('a')`, `in:not(column=status const=a/string)`},
		{`status = ANY (ARRAY['a'::text, 'b'::text])`, `in(column=status cast:text(const=a/string) cast:text(const=b/string))`},
		{`n BETWEEN 1 AND 2.5`, `and(op:>=(column=n const=1/int) op:<=(column=n const=2.5/num))`},
		{`num_nonnulls(a, b) = 1`, `op:=(func:num_nonnulls(column=a column=b) const=1/int)`},
		{`coalesce(a, 0) > -1`, `op:>(func:coalesce(column=a const=0/int) const=-1/int)`},
		{`a IS DISTINCT FROM b`, `op:distinct(column=a column=b)`},
		{`flag IS NOT TRUE`, `is-bool:not true(column=flag)`},
		{`CASE WHEN k = 'a' THEN n > 0 ELSE true END`, `case(nil op:=(column=k const=a/string) op:>(column=n const=0/int) const=true/bool)`},
		{`name ~ '^x'`, `other=name ~ '^x'`},
		{`app.f(a)`, `other=app.f(a)`},
	} {
		stmts, errs := Parse("m.sql", "ALTER TABLE t ADD CONSTRAINT c CHECK ("+tt.check+");")
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tt.check, errs)
		}
		got := termString(stmts[0].Node.(*sqlast.AlterTable).Cmds[0].Constraint.Check.Tree)
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.check, got, tt.want)
		}
	}
}

func TestWriteValues(t *testing.T) {
	q, err := AnalyzeQuery(`UPDATE "Workflow" SET "updatedAt" = CURRENT_TIMESTAMP, "isPaused" = coalesce($1::boolean, "isPaused") WHERE id = $2`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if q.UpdateTable == nil || q.UpdateTable.Name != "Workflow" || len(q.Sets) != 2 || q.WriteStmts != 1 {
		t.Fatalf("update: %+v", q)
	}
	if got := termString(q.Sets[1].Value); got != `func:coalesce(cast:bool(param=$1) column=isPaused)` {
		t.Errorf("SET value: %s", got)
	}
	q, err = AnalyzeQuery(`INSERT INTO jobs (id, paused) VALUES ($1, true), (?, 'f') ON CONFLICT (id) DO UPDATE SET paused = excluded.paused`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Rows) != 2 || !q.DoUpdate || len(q.ConflictSets) != 1 || q.WriteStmts != 1 {
		t.Fatalf("insert: %+v", q)
	}
	if got := termString(q.Rows[0][1]) + " " + termString(q.Rows[1][1]) + " " + termString(q.ConflictSets[0].Value); got != `const=true/bool const=f/string column:excluded=paused` {
		t.Errorf("insert values: %s", got)
	}
	q, err = AnalyzeQuery(`WITH x AS (UPDATE a SET n = 1 RETURNING id) UPDATE b SET n = 2`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if q.WriteStmts != 2 {
		t.Errorf("two writes: WriteStmts %d", q.WriteStmts)
	}
}
