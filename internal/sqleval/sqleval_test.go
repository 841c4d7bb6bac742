package sqleval_test

import (
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/sqleval"
)

func checkTerm(t *testing.T, expr string) *sqlast.Term {
	t.Helper()
	stmts, errs := pgparse.Parse("m.sql", "ALTER TABLE t ADD CONSTRAINT c CHECK ("+expr+");")
	if len(errs) > 0 || len(stmts) != 1 {
		t.Fatalf("parse %q: %v", expr, errs)
	}
	at := stmts[0].Node.(*sqlast.AlterTable)
	return at.Cmds[0].Constraint.Check.Tree
}

// row builds an UPDATE's new row: the SET values of sets, the stored
// values (unknown unless given in old) for the rest.
func update(t *testing.T, sets string, cols []string, old map[string]sqleval.Source, bools map[string]bool) sqleval.Input {
	t.Helper()
	q, err := pgparse.AnalyzeQuery("UPDATE t SET "+sets+" WHERE id = $9", nil)
	if err != nil {
		t.Fatal(err)
	}
	in := sqleval.Input{New: map[string]sqleval.Source{}, Old: map[string]sqleval.Source{}, Bools: bools}
	for _, c := range cols {
		s, ok := old[c]
		if !ok {
			s = sqleval.Source{Unknown: &sqleval.Unknown{Name: "the stored " + c, Bool: bools[c]}}
		}
		in.Old[c] = s
		in.New[c] = s
	}
	for _, a := range q.Sets {
		in.New[a.Column] = sqleval.Source{Term: a.Value}
	}
	return in
}

func insert(t *testing.T, stmt string, cols []string, defaults map[string]string, bools map[string]bool) sqleval.Input {
	t.Helper()
	q, err := pgparse.AnalyzeQuery(stmt, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := sqleval.Input{New: map[string]sqleval.Source{}, Bools: bools}
	for _, c := range cols {
		in.New[c] = sqleval.Source{} // NULL
		if d, ok := defaults[c]; ok {
			in.New[c] = sqleval.Source{Term: checkTerm(t, d)}
		}
	}
	for i, c := range q.InsertColumns {
		in.New[c] = sqleval.Source{Term: q.Rows[0][i]}
	}
	return in
}

const paused = `("isPaused" = FALSE AND "cron" IS NULL AND "ttl" IS NULL) OR ("isPaused" = TRUE AND "cron" IS NOT NULL AND "ttl" IS NOT NULL)`

func TestCheck(t *testing.T) {
	bools := map[string]bool{"isPaused": true, "paused": true}
	null := sqleval.Source{}
	cases := []struct {
		name      string
		check     string
		in        func(t *testing.T) sqleval.Input
		want      sqleval.Outcome
		failsWhen string
	}{
		{"update sets true, new columns null: violated", paused, func(t *testing.T) sqleval.Input {
			return update(t, `"isPaused" = true`, []string{"isPaused", "cron", "ttl"}, map[string]sqleval.Source{"cron": null, "ttl": null}, bools)
		}, sqleval.Violated, ""},
		{"update sets false, new columns null: satisfied", paused, func(t *testing.T) sqleval.Input {
			return update(t, `"isPaused" = false`, []string{"isPaused", "cron", "ttl"}, map[string]sqleval.Source{"cron": null, "ttl": null}, bools)
		}, sqleval.Satisfied, ""},
		{"update sets a parameter: fails when it is true", paused, func(t *testing.T) sqleval.Input {
			return update(t, `"isPaused" = coalesce($1::boolean, "isPaused")`, []string{"isPaused", "cron", "ttl"}, map[string]sqleval.Source{"cron": null, "ttl": null}, bools)
		}, sqleval.Undecided, "$1 is true"},
		{"update of a bare parameter to a boolean column", `NOT paused OR reason IS NOT NULL`, func(t *testing.T) sqleval.Input {
			return update(t, `paused = $1`, []string{"paused", "reason"}, map[string]sqleval.Source{"reason": null}, bools)
		}, sqleval.Undecided, "$1 is true"},
		{"new columns stored unknown: undecided", paused, func(t *testing.T) sqleval.Input {
			return update(t, `"isPaused" = true`, []string{"isPaused", "cron", "ttl"}, nil, bools)
		}, sqleval.Undecided, ""},
		{"insert leaves the columns to their defaults", `status IN ('active', 'closed')`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (id) VALUES ($1)`, []string{"status"}, map[string]string{"status": "'draft'"}, nil)
		}, sqleval.Violated, ""},
		{"insert names an allowed value", `status IN ('active', 'closed')`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (id, status) VALUES ($1, 'closed')`, []string{"status"}, nil, nil)
		}, sqleval.Satisfied, ""},
		{"null passes a check", `n > 0`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (id) VALUES ($1)`, []string{"n"}, nil, nil)
		}, sqleval.Satisfied, ""},
		{"comparison with a literal", `n > 0`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (n) VALUES (0)`, []string{"n"}, nil, nil)
		}, sqleval.Violated, ""},
		{"a parameter that is not a boolean: undecided", `n > 0`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (n) VALUES ($1)`, []string{"n"}, nil, nil)
		}, sqleval.Undecided, ""},
		{"num_nonnulls", `num_nonnulls(a, b) = 1`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (a) VALUES ('x')`, []string{"a", "b"}, nil, nil)
		}, sqleval.Satisfied, ""},
		{"num_nonnulls of two nulls", `num_nonnulls(a, b) = 1`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (id) VALUES (1)`, []string{"a", "b"}, nil, nil)
		}, sqleval.Violated, ""},
		{"length of a literal", `char_length(name) <= 3`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (name) VALUES ('abcd')`, []string{"name"}, nil, nil)
		}, sqleval.Violated, ""},
		{"a function not modelled: undecided", `lower(name) ~ '^[a-z]+$'`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (name) VALUES ('abcd')`, []string{"name"}, nil, nil)
		}, sqleval.Undecided, ""},
		{"case", `CASE WHEN kind = 'a' THEN n IS NOT NULL ELSE n IS NULL END`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (kind) VALUES ('a')`, []string{"kind", "n"}, nil, nil)
		}, sqleval.Violated, ""},
		{"string ordering depends on the collation", `name > 'a'`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (name) VALUES ('b')`, []string{"name"}, nil, nil)
		}, sqleval.Undecided, ""},
		{"cast literal and enum label", `status <> 'gone'::st`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (status) VALUES ('gone')`, []string{"status"}, nil, nil)
		}, sqleval.Violated, ""},
		{"interval compared by value, not text: undecided", `ttl <> '1 day'::interval`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (ttl) VALUES ('24 hours')`, []string{"ttl"}, nil, nil)
		}, sqleval.Undecided, ""},
		{"between", `n BETWEEN 1 AND 10`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (n) VALUES (11)`, []string{"n"}, nil, nil)
		}, sqleval.Violated, ""},
		{"update arithmetic on a stored unknown", `n >= 0`, func(t *testing.T) sqleval.Input {
			return update(t, `n = n - 1`, []string{"n"}, nil, nil)
		}, sqleval.Undecided, ""},
		{"is distinct from", `a IS DISTINCT FROM b`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (id) VALUES (1)`, []string{"a", "b"}, nil, nil)
		}, sqleval.Violated, ""},
		{"is true of a null", `flag IS TRUE`, func(t *testing.T) sqleval.Input {
			return insert(t, `INSERT INTO t (id) VALUES (1)`, []string{"flag"}, nil, nil)
		}, sqleval.Violated, ""},
		{"a boolean stored value whose value does not matter", `NOT paused OR reason IS NOT NULL`, func(t *testing.T) sqleval.Input {
			return update(t, `reason = 'x'`, []string{"paused", "reason"}, nil, bools)
		}, sqleval.Satisfied, ""},
		{"a stored boolean: fails only for rows that hold true", `NOT paused OR reason IS NOT NULL`, func(t *testing.T) sqleval.Input {
			return update(t, `reason = NULL`, []string{"paused", "reason"}, nil, bools)
		}, sqleval.Undecided, "the stored paused is true"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sqleval.Check(checkTerm(t, c.check), c.in(t))
			if r.Outcome != c.want || r.FailsWhen != c.failsWhen {
				t.Errorf("got %v (fails when %q, unmodelled %q), want %v (fails when %q)", r.Outcome, r.FailsWhen, r.Unmodelled, c.want, c.failsWhen)
			}
		})
	}
}

func TestUndecidedSaysWhat(t *testing.T) {
	in := sqleval.Input{New: map[string]sqleval.Source{"name": {Term: &sqlast.Term{Kind: sqlast.TermConst, Type: "string", Value: "x"}}}}
	r := sqleval.Check(checkTerm(t, `name ~ '^[a-z]$'`), in)
	if r.Outcome != sqleval.Undecided || r.Unmodelled == "" {
		t.Fatalf("got %+v, want undecided naming what was not evaluated", r)
	}
	if r := sqleval.Check(nil, in); r.Outcome != sqleval.Undecided {
		t.Fatalf("a missing expression: got %+v", r)
	}
}
