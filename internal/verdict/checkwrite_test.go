package verdict

import (
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse"
)

// codeOf is an inventory of exact statements, one per line of a.go.
func codeOf(t *testing.T, stmts ...string) *OldCode {
	t.Helper()
	oc := &OldCode{}
	for i, sql := range stmts {
		q, err := pgparse.AnalyzeQuery(sql, nil)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		s := site("a.go", 10+i, sql, "")
		oc.Queries = append(oc.Queries, Query{Site: s, Query: q})
		for _, u := range q.Uses {
			us := s
			us.Kind = u.Kind
			oc.Uses = append(oc.Uses, Use{Table: u.Table, Column: u.Column, Candidates: u.Candidates, Site: us})
		}
	}
	return oc
}

const workflowOld = `CREATE TABLE "Workflow" (id uuid PRIMARY KEY, name text NOT NULL, "isPaused" boolean DEFAULT false);` + "\n"

const workflowCheck = `ALTER TABLE "Workflow"
    ADD COLUMN "cron" text,
    ADD COLUMN "ttl" interval,
    ADD CONSTRAINT "Workflow_PausedWorkflowCheck" CHECK (
        ("isPaused" = FALSE AND "cron" IS NULL AND "ttl" IS NULL)
        OR ("isPaused" = TRUE AND "cron" IS NOT NULL AND "ttl" IS NOT NULL)
    ) NOT VALID;
`

func checkRelease(t *testing.T, oldSchema, migration string, oc *OldCode) *Result {
	t.Helper()
	oldDir := tree(t, map[string]string{"db/migrations/0001_init.up.sql": oldSchema})
	newDir := tree(t, map[string]string{"db/migrations/0001_init.up.sql": oldSchema, "db/migrations/0002_check.up.sql": migration})
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func warningsText(res *Result) string {
	var b strings.Builder
	for _, w := range res.Warnings {
		b.WriteString(w.Message + "\n")
	}
	return b.String()
}

func TestCheckAddedUpdateSetsTrue(t *testing.T) {
	res := checkRelease(t, workflowOld, workflowCheck, codeOf(t, `UPDATE "Workflow" SET "isPaused" = true WHERE id = $1`))
	if res.Verdict != RollForwardOnly || res.BlockingCount != 1 {
		t.Fatalf("verdict %s blocking %d: %+v", res.Verdict, res.BlockingCount, res.Findings)
	}
	it := res.Findings[0]
	if it.Rule != "add-check-constraint" || it.Pos.Line != 4 || len(it.Evidence.Confirmed) != 1 || it.Evidence.Confirmed[0].Line != 10 {
		t.Fatalf("item %s at %v, evidence %+v", it.Rule, it.Pos, it.Evidence)
	}
	want := `the old UPDATE at a.go:10 sets "isPaused" = true and leaves "cron", "ttl" NULL, as the release added them; check "Workflow_PausedWorkflowCheck" is false for that row`
	if !strings.Contains(it.Evidence.Why, want) {
		t.Fatalf("why %q\nwant it to hold %q", it.Evidence.Why, want)
	}
}

func TestCheckAddedUpdateSetsFalse(t *testing.T) {
	// the twin: unpausing satisfies the check on the rows the release
	// left, but not necessarily on rows the new release paused (their
	// "cron" is set): a warning, not a pass
	res := checkRelease(t, workflowOld, workflowCheck, codeOf(t, `UPDATE "Workflow" SET "isPaused" = false WHERE id = $1`))
	if res.Verdict != RollbackSafe || res.BlockingCount != 0 {
		t.Fatalf("verdict %s blocking %d: %+v", res.Verdict, res.BlockingCount, res.Findings)
	}
	if w := warningsText(res); !strings.Contains(w, `"Workflow" is used at a.go:10, but whether the rows it writes satisfy check "Workflow_PausedWorkflowCheck" is not known`) {
		t.Fatalf("warnings:\n%s", w)
	}
}

func TestCheckAddedUpdateParameter(t *testing.T) {
	res := checkRelease(t, workflowOld, workflowCheck, codeOf(t,
		`UPDATE "Workflow" SET "updatedAt" = CURRENT_TIMESTAMP, "isPaused" = coalesce($1::boolean, "isPaused") WHERE "id" = $2::uuid`))
	if res.Verdict != RollbackSafe || res.BlockingCount != 0 {
		t.Fatalf("verdict %s blocking %d: %+v", res.Verdict, res.BlockingCount, res.Findings)
	}
	want := `"Workflow" is used at a.go:10, but whether the rows it writes satisfy check "Workflow_PausedWorkflowCheck" is not known: it rejects them when $1 is true (the UPDATE sets "isPaused" = coalesce($1::bool, "isPaused") and leaves "cron", "ttl" NULL, as the release added them) (add-check-constraint)`
	if w := warningsText(res); !strings.Contains(w, want) {
		t.Fatalf("warnings:\n%s\nwant %s", w, want)
	}
}

func TestCheckAddedInserts(t *testing.T) {
	// an INSERT that names no column the check reads: the defaults
	// decide; false stays out of the verdict, a default that fails
	// breaks it
	res := checkRelease(t, workflowOld, workflowCheck, codeOf(t, `INSERT INTO "Workflow" (id, name) VALUES ($1, $2)`))
	if res.Verdict != RollbackSafe || len(res.Warnings) != 0 {
		t.Fatalf("verdict %s, warnings:\n%s", res.Verdict, warningsText(res))
	}
	paused := strings.Replace(workflowOld, "DEFAULT false", "DEFAULT true", 1)
	res = checkRelease(t, paused, workflowCheck, codeOf(t, `INSERT INTO "Workflow" (id, name) VALUES ($1, $2)`))
	if res.Verdict != RollForwardOnly || !strings.Contains(res.Findings[0].Evidence.Why, `inserts "isPaused" left out (its default true)`) {
		t.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
	}
	// an upsert whose insert goes in but whose DO UPDATE pauses
	res = checkRelease(t, workflowOld, workflowCheck, codeOf(t,
		`INSERT INTO "Workflow" (id, name, "isPaused") VALUES ($1, $2, false) ON CONFLICT (id) DO UPDATE SET "isPaused" = true`))
	if res.Verdict != RollForwardOnly {
		t.Fatalf("upsert: verdict %s", res.Verdict)
	}
}

func TestCheckAddedUndecidedSaysWhat(t *testing.T) {
	res := checkRelease(t, `CREATE TABLE t (id int, name text);`+"\n", `ALTER TABLE t ADD CONSTRAINT t_name CHECK (name ~ '^[a-z]+$');`+"\n",
		codeOf(t, `UPDATE t SET name = 'X1' WHERE id = $1`, `UPDATE t SET name = $2, id = $3 WHERE id = $1`))
	if res.Verdict != RollbackSafe {
		t.Fatalf("verdict %s", res.Verdict)
	}
	w := warningsText(res)
	if !strings.Contains(w, `"t" is used at a.go:10, but whether the rows it writes satisfy check "t_name" is not known (rbcheck does not evaluate name ~ '^[a-z]+$')`) ||
		!strings.Contains(w, `"t" is used at a.go:11`) {
		t.Fatalf("warnings:\n%s", w)
	}
}

func TestCheckAddedTriggerMayFillTheRow(t *testing.T) {
	// the release adds a BEFORE trigger that fills the new columns for
	// writes that leave them out: the rejected row is not decided
	migration := workflowCheck + `CREATE FUNCTION fill_pause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."isPaused" AND NEW."cron" IS NULL THEN NEW."cron" := '* * * * *'; NEW."ttl" := '1 day'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fill_pause BEFORE INSERT OR UPDATE ON "Workflow" FOR EACH ROW EXECUTE FUNCTION fill_pause();
`
	res := checkRelease(t, workflowOld, migration, codeOf(t, `UPDATE "Workflow" SET "isPaused" = true WHERE id = $1`))
	if res.Verdict != RollbackSafe || res.BlockingCount != 0 {
		t.Fatalf("verdict %s blocking %d: %+v", res.Verdict, res.BlockingCount, res.Findings)
	}
	want := `"Workflow" is used at a.go:10, but whether the rows it writes satisfy check "Workflow_PausedWorkflowCheck" is not known (the release creates trigger "fill_pause" on the table, which may change the row it writes`
	if w := warningsText(res); !strings.Contains(w, want) {
		t.Fatalf("warnings:\n%s\nwant %s", w, want)
	}
}
