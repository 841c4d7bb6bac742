package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/verdict"
)

// JSONReport is the stable JSON shape of a verification.
type JSONReport struct {
	Verdict     *report.JSONVerdict `json:"verdict"`
	Postgres    Postgres            `json:"postgres"`
	Agreement   bool                `json:"agreement"`
	Missed      []Failure           `json:"missed"`
	Unconfirmed []Unconfirmed       `json:"unconfirmed"`
}

// JSON writes the report as JSON. A list with nothing in it is [], never
// null, whoever built the report.
func JSON(w io.Writer, r *Report) error {
	j := JSONReport{Verdict: report.VerdictJSON(r.Static), Postgres: r.Postgres, Agreement: r.Agreement,
		Missed: nonNil(r.Missed), Unconfirmed: nonNil(r.Unconfirmed)}
	pg := &j.Postgres
	pg.NotCheckable, pg.Failures = nonNil(pg.NotCheckable), nonNil(pg.Failures)
	pg.MigrationErrors, pg.Locks = nonNil(pg.MigrationErrors), nonNil(pg.Locks)
	pg.NotApplied, pg.AlreadyThere = nonNil(pg.NotApplied), nonNil(pg.AlreadyThere)
	lfs := make([]LockFinding, len(pg.LockFindings))
	for i, lf := range pg.LockFindings {
		lf.Locks = nonNil(lf.Locks)
		lfs[i] = lf
	}
	pg.LockFindings = lfs
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// StaticLabel is the static verdict as one word, "(acknowledged)" added when
// every blocking finding is acknowledged.
func StaticLabel(r *verdict.Result) string {
	if r.Verdict == verdict.RollForwardOnly && r.Acknowledged {
		return r.Verdict + " (acknowledged)"
	}
	return r.Verdict
}

// Text writes the Postgres part of the report (the static verdict is printed
// before it by the caller).
func Text(w io.Writer, r *Report) {
	pg := r.Postgres
	fmt.Fprintf(w, "\npostgres: %s (PostgreSQL %s; %d statements of the old code prepared and planned before and after the release",
		pg.Verdict, pg.ServerVersion, pg.Checked)
	if n := len(pg.NotCheckable); n > 0 {
		fmt.Fprintf(w, ", %d not checkable: they cannot be prepared on the old schema either", n)
	}
	fmt.Fprintln(w, ")")
	for _, f := range pg.Failures {
		fmt.Fprintf(w, "  %s:%d: %s\n", f.File, f.Line, strings.TrimSpace(f.SQLState+" "+f.Message))
		fmt.Fprintf(w, "    %s\n", oneLine(f.SQL))
	}
	for _, m := range pg.MigrationErrors {
		which := "new"
		if m.Old {
			which = "old"
		}
		fmt.Fprintf(w, "  migration failed (%s release): %s:%d: %s\n", which, m.File, m.Line, strings.TrimSpace(m.SQLState+" "+m.Message))
		fmt.Fprint(w, privilegeNote(m))
		if m.AfterGoMigration != "" {
			fmt.Fprintf(w, "    note: a Go migration (%s) ran before this one in production; verify cannot run Go migrations: the error may come from it\n", m.AfterGoMigration)
		}
	}
	for _, m := range pg.AlreadyThere {
		fmt.Fprintf(w, "  already there: %s:%d: %s; the Go code checks for this error and goes on, so the database keeps what was there\n", m.File, m.Line, strings.TrimSpace(m.SQLState+" "+m.Message))
	}
	for _, n := range pg.NotApplied {
		fmt.Fprintf(w, "  not applied: %s: %s\n", position(n.File, n.Line, n.Column), n.Reason)
	}
	if len(pg.Locks) > 0 {
		fmt.Fprintln(w, "  locks taken on existing tables:")
		for _, l := range pg.Locks {
			fmt.Fprintf(w, "    %s:%d: %s on %s\n", l.File, l.Line, l.Mode, l.Table)
		}
	}
	for _, lf := range pg.LockFindings {
		verdictWord := "not confirmed"
		if lf.Confirmed {
			verdictWord = "confirmed"
		}
		var modes []string
		for _, l := range lf.Locks {
			modes = append(modes, l.Mode+" on "+l.Table)
		}
		detail := strings.Join(modes, ", ")
		if detail == "" {
			detail = lf.Note
		}
		fmt.Fprintf(w, "  locking finding %s:%d (%s) %s: %s\n", lf.File, lf.Line, lf.Rule, verdictWord, detail)
	}
	fmt.Fprintln(w)
	switch {
	case len(pg.NotApplied) > 0:
		what := "1 change was"
		if n := len(pg.NotApplied); n > 1 {
			what = fmt.Sprintf("%d changes were", n)
		}
		fmt.Fprintf(w, "could not verify: %s not applied (above), so the database Postgres checked is not the one the release makes; the static verdict above stands alone\n", what)
		fmt.Fprintf(w, "help: write each change as constant SQL (or a SQL migration) so rbcheck can read and apply it, or migrate a scratch database with the project's own migration tool and compare the old code against it\n")
	case r.Agreement:
		fmt.Fprintf(w, "agreement: static analysis and Postgres both say %s\n", pg.Verdict)
	case pg.AllAfterGoMigrations():
		fmt.Fprintf(w, "agreement: unknown: not checkable: a migration failed to apply after a Go migration verify cannot run, so the release cannot be judged on Postgres (the static verdict above stands alone)\nhelp: verify replays SQL migrations only; to check this release, migrate a scratch database with the project's own migration tool and compare the old code against it\n")
	case len(pg.MigrationErrors) > 0:
		fmt.Fprintf(w, "agreement: unknown: a migration failed to apply, so the release cannot be judged\nhelp: fix the migration above and run rbcheck verify again\n")
	default:
		fmt.Fprintf(w, "disagreement: static analysis says %s, Postgres says %s\n", StaticLabel(r.Static), pg.Verdict)
	}
	for _, f := range r.Missed {
		fmt.Fprintf(w, "  missed by the static analysis: %s:%d fails on Postgres (%s): this is a bug in rbcheck, please report it\n",
			f.File, f.Line, strings.TrimSpace(f.SQLState+" "+f.Message))
	}
	for _, u := range r.Unconfirmed {
		fmt.Fprintf(w, "  not confirmed by Postgres: %s:%d (%s): %s\n", u.File, u.Line, u.Rule, u.Why)
	}
}

// position is file:line:col, file:line or file, as much as is known.
func position(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}
