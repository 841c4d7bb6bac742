package analyzer

import (
	"sort"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func uses(t *testing.T, val fold.Value) string {
	t.Helper()
	q, _, err := analyzePartialParts(val, val.Fragments(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if q == nil {
		return ""
	}
	q, _ = tableless(q)
	var out []string
	seen := map[string]bool{}
	for _, u := range q.Uses {
		s := u.Table.String() + "." + u.Column + " " + string(u.Kind)
		if len(u.Candidates) > 0 {
			var cs []string
			for _, c := range u.Candidates {
				cs = append(cs, c.String())
			}
			s = "{" + strings.Join(cs, "|") + "}." + u.Column + " " + string(u.Kind)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func dyn() fold.Part { return fold.Part{Dyn: true, Reason: "x"} }

func TestPartialStandIns(t *testing.T) {
	cases := []struct {
		name string
		val  fold.Value
		want string
	}{
		{"value at run time", fold.Value{{Text: "SELECT email FROM users WHERE id = "}, dyn()},
			"users. select, users.email select, users.id select"},
		{"optional clause", fold.Value{{Text: "SELECT name FROM products"}, dyn(), {Text: " ORDER BY price"}},
			"products. select, products.name select, products.price select"},
		{"table at run time", fold.Value{{Text: "SELECT id FROM "}, dyn(), {Text: " WHERE deleted"}},
			""},
		{"column list at run time", fold.Value{{Text: "SELECT id, "}, dyn(), {Text: " FROM orders WHERE total > 0"}},
			"orders. select, orders.* select, orders.id select, orders.total select"},
		{"select list at run time", fold.Value{{Text: "SELECT "}, dyn(), {Text: " FROM orders"}},
			"orders. select, orders.* select"},
		{"alias at run time", fold.Value{{Text: "SELECT id AS "}, dyn(), {Text: " FROM orders"}},
			"orders. select, orders.id select"},
		{"table name glued to a run-time suffix", fold.Value{{Text: "SELECT id FROM events_"}, dyn(), {Text: " WHERE kind = 1"}},
			""},
		{"run-time prefix of a table name", fold.Value{{Text: "DELETE FROM "}, dyn(), {Text: "_archive WHERE old"}},
			""},
		{"conditional clause is not glued", fold.Value{{Text: "SELECT id FROM orders"}, {Dyn: true, Sep: true}, {Text: " WHERE paid"}, {Dyn: true, Sep: true}},
			"orders. select, orders.id select, orders.paid select"},
		{"insert values at run time", fold.Value{{Text: "INSERT INTO audit (actor, action) VALUES "}, dyn()},
			"audit. insert, audit.action insert, audit.actor insert"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := uses(t, c.val); got != c.want {
				t.Errorf("uses = %q, want %q", got, c.want)
			}
		})
	}
}

// TestCTEAcrossFragments: a CTE defined in one fragment and read in
// another (each analysed alone) is not a table.
func TestCTEAcrossFragments(t *testing.T) {
	q := &sqlast.Query{}
	for _, fr := range []string{"WITH recent AS (SELECT id FROM orders WHERE paid) SELECT 1", "SELECT id FROM recent"} {
		fq, err := pgparse.AnalyzeQuery(fr, nil)
		if err != nil {
			t.Fatal(err)
		}
		mergeQuery(q, fq)
	}
	dropCTEs(q)
	for _, u := range q.Uses {
		if u.Table.Name == "recent" {
			t.Errorf("the CTE recent is reported as a table: %+v", u)
		}
	}
	if len(q.Uses) == 0 {
		t.Error("the uses of orders were dropped too")
	}
}
