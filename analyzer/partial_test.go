package analyzer

import (
	"sort"
	"strings"
	"testing"
)

func uses(t *testing.T, val folded) string {
	t.Helper()
	q, _ := analyzePartialParts(val, val.fragments(), nil)
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

func dyn() part { return part{dyn: true, reason: "x"} }

func TestPartialStandIns(t *testing.T) {
	cases := []struct {
		name string
		val  folded
		want string
	}{
		{"value at run time", folded{{text: "SELECT email FROM users WHERE id = "}, dyn()},
			"users. select, users.email select, users.id select"},
		{"optional clause", folded{{text: "SELECT name FROM products"}, dyn(), {text: " ORDER BY price"}},
			"products. select, products.name select, products.price select"},
		{"table at run time", folded{{text: "SELECT id FROM "}, dyn(), {text: " WHERE deleted"}},
			""},
		{"column list at run time", folded{{text: "SELECT id, "}, dyn(), {text: " FROM orders WHERE total > 0"}},
			"orders. select, orders.id select, orders.total select"},
		{"table name glued to a run-time suffix", folded{{text: "SELECT id FROM events_"}, dyn(), {text: " WHERE kind = 1"}},
			""},
		{"run-time prefix of a table name", folded{{text: "DELETE FROM "}, dyn(), {text: "_archive WHERE old"}},
			""},
		{"conditional clause is not glued", folded{{text: "SELECT id FROM orders"}, {dyn: true, sep: true}, {text: " WHERE paid"}, {dyn: true, sep: true}},
			"orders. select, orders.id select, orders.paid select"},
		{"insert values at run time", folded{{text: "INSERT INTO audit (actor, action) VALUES "}, dyn()},
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
