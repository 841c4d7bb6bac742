package migrationcheck

import (
	"fmt"
	"strings"
)

// Rule is one Go-side check. Its documentation page, docs/rules/go/<Name>.md,
// is generated from these fields (go test -run TestDocs -update).
type Rule struct {
	Name    string
	Title   string // one line
	Why     string // the problem, in prose
	Fix     string // how to fix it
	Example string // a Go snippet that is reported
	Config  string // settings that affect the rule
}

// DocBase is where rule pages live; a diagnostic's URL is DocBase+Name+".md" (docs/rules/go: docs/rules itself belongs to the migration rules).
const DocBase = "https://github.com/rbcheck/rbcheck/blob/main/docs/rules/go/"

// URL is the rule's documentation page.
func (r *Rule) URL() string { return DocBase + r.Name + ".md" }

// The rules, in documentation order.
var (
	RuleRemoved = &Rule{
		Name:  "uses-removed-object",
		Title: "Go code uses a table, column or unique key that a migration drops or renames",
		Why: "Replaying every migration, rbcheck found that the table or column this statement (or struct field) uses " +
			"no longer exists: a migration dropped or renamed it. Once that migration has run, the statement fails " +
			"(`relation … does not exist`, `column … does not exist`) or the ORM maps a field to nothing. The same " +
			"holds for an `INSERT … ON CONFLICT` whose target needs a unique key or constraint that a migration " +
			"dropped or renamed and nothing re-created (`there is no unique or exclusion constraint matching the ON " +
			"CONFLICT specification`). Each migration is judged by its net effect, as the release verdict judges a " +
			"release: a key dropped and re-created the same, or swapped for an equivalent one, is no change; a table " +
			"replaced by another under its name loses the columns the new one lacks.",
		Fix: "Stop using the object in the release before the one whose migration drops it (expand/contract): " +
			"read and write the new column, deploy, then drop the old one. For a rename, use the new name.",
		Example: "db.QueryRow(`SELECT legacy_email FROM users WHERE id = $1`, id)\n" +
			"// migrations/0042_drop_legacy_email.up.sql:3: ALTER TABLE users DROP COLUMN legacy_email;",
		Config: "`migrations`, `baseline-schema` (plugin) / `migrations`, `schema` (.rbcheck.yaml)",
	}
	RuleUnknown = &Rule{
		Name:  "uses-unknown-table",
		Title: "Go code uses a table that no migration creates",
		Why: "The schema is declared complete (a baseline schema is configured, or `complete-schema: true`), " +
			"and no migration and no baseline statement creates this table, so the statement fails at run time. " +
			"Without a complete schema rbcheck stays quiet, because tables created outside the migrations " +
			"(by another service, an extension, a dump) are common.",
		Fix:     "Fix the table name, or add the migration that creates it (or add it to the baseline schema).",
		Example: "db.Query(`SELECT id FROM userz`)",
		Config:  "`complete-schema`, `baseline-schema` (plugin) / `schema` (.rbcheck.yaml)",
	}
	RuleRetiring = &Rule{
		Name:  "uses-retiring",
		Title: "Go code uses a table or column listed as retiring",
		Why: "The configuration lists the object under `retiring`: the team is contracting it and a later " +
			"migration will drop it. Every remaining use must go before that migration ships, or rolling " +
			"forward breaks and rolling back is impossible.",
		Fix: "Move the code to the replacement; when nothing is reported any more, the drop migration is safe " +
			"to write. `SELECT *` on a table with a retiring column is reported too: name the columns.",
		Example: "# .rbcheck.yaml\nretiring: [users.legacy_email, old_table]",
		Config:  "`retiring` (plugin settings and .rbcheck.yaml, merged)",
	}
	RuleStar = &Rule{
		Name:  "star-on-changed-table",
		Title: "SELECT *, RETURNING * or INSERT without a column list on a table whose columns change",
		Why: "With `select-star: changed` (the default), a star or a column-less INSERT is reported when an " +
			"unreleased migration adds, drops, retypes or renames a column of the table. Code that scans a " +
			"star by position, or inserts values by position, breaks when the columns differ between the binary " +
			"and the database, which is exactly the situation during a rollout or a rollback. An added column " +
			"is reported, as the release verdict judges it (its star matcher decides), where the code scans " +
			"the star's rows by position or maps them with a mapper that rejects a column it has no field for " +
			"(sqlx `Select`/`Get`/`StructScan`, pgx `RowToStructByName`, bun and scany by default); not where " +
			"the mapper skips it (gorm, beego, sqlx after `Unsafe()`, bun with `WithDiscardUnknownColumns()`, a " +
			"scany API made with `dbscan.WithAllowUnknownColumns(true)`), nor where how the rows are read is not " +
			"known (the verdict only warns), nor for an INSERT without a column list (its values fill the first " +
			"columns; the added one gets its default). " +
			"A dropped, renamed or retyped column is reported whatever reads the star. A migration is " +
			"unreleased when its file is absent from the latest release tag (`v*`, or `release.tag-pattern`), " +
			"read with `git ls-tree`; with no git, no repository or no tag, every migration counts as released " +
			"and nothing is reported. `always` reports every star; `never` none.",
		Fix:     "Name the columns: `SELECT id, email FROM users`, `RETURNING id`, `INSERT INTO users (id, email) VALUES …`.",
		Example: "db.QueryRow(`SELECT * FROM users WHERE id = $1`, id).Scan(&u.ID, &u.Email)",
		Config:  "`select-star`: changed (default), always, never",
	}
	RuleRequired = &Rule{
		Name:  "insert-misses-required-column",
		Title: "INSERT does not name a column that is NOT NULL without a default",
		Why: "After replaying the migrations the column is NOT NULL and has no default (a `DEFAULT NULL` is none, " +
			"and it is not an identity, serial or generated column), so an INSERT that leaves it out fails with " +
			"`null value in column … violates not-null constraint`. This is reported whether or not the migration is released: the statement " +
			"fails against the schema the migrations build either way. Partly-constant statements (confidence " +
			"partial) are not checked, since their column list may be incomplete.",
		Fix: "Name the column in the INSERT, or give it a default in the migration (add the column nullable or " +
			"with a default first, backfill, then set NOT NULL).",
		Example: "db.Exec(`INSERT INTO users (email) VALUES ($1)`, email)\n// migrations/0007_users_tenant.up.sql:1: ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;",
		Config:  "none",
	}
	RuleNotRead = &Rule{
		Name:  "migrations-not-read",
		Title: "A migration file could not be read, so the schema the SQL is checked against may be incomplete",
		Why: "A migration that does not parse (or a `.sql` file in a migrations folder whose name matches no " +
			"migration format) is left out of the replay: what it creates, drops or renames is unknown, and " +
			"every other rule may miss a finding or report a wrong one because of it. rbcheck says so instead " +
			"of staying silently green: the first SQL call site of each package that uses the database is " +
			"reported, naming the files that were not read.",
		Fix: "Fix the statement, or add the file to `exclude` if it is not a Postgres migration (or set the " +
			"folder's `format`). `rbcheck lint` shows each problem with its position.",
		Example: "db.Query(`SELECT id FROM users`)\n// migrations/0003_bad.up.sql:1:1: syntax error at or near \"ALTR\"",
		Config:  "`migrations`, `exclude` (plugin settings and .rbcheck.yaml)",
	}
	RuleIgnore = &Rule{
		Name:  "ignore-needs-reason",
		Title: "A //rbcheck:ignore comment without a reason, or naming no known rule",
		Why: "A finding is silenced with `//rbcheck:ignore RULE reason` on its line or on the line above. " +
			"The reason is required, so that the next reader knows why the use is safe. A comment without a " +
			"reason does not silence anything and is reported itself, as is one naming an unknown rule.",
		Fix:     "Write the reason: `//rbcheck:ignore uses-retiring read-only fallback until 2027-01`.",
		Example: "//rbcheck:ignore uses-retiring",
		Config:  "none",
	}
	RuleCheck = &Rule{
		Name:  "write-fails-check",
		Title: "An INSERT or UPDATE writes a row that a CHECK a migration adds rejects",
		Why: "A migration adds a CHECK constraint to a table that existed before it, NOT VALID or not; every " +
			"row written from then on must satisfy it. rbcheck evaluates the check on the row this statement " +
			"writes: the values it names (literals, casts of literals), the defaults of the columns an INSERT " +
			"leaves out, NULL or the default in the columns the migration adds for rows an UPDATE leaves " +
			"alone. When the check is false whatever the parameters hold, the statement fails (23514) once the " +
			"migration has run. Parameters, functions rbcheck does not evaluate and triggers the migration adds " +
			"make it say nothing; the release verdict warns about those writes.",
		Fix: "Write the columns the check reads as it requires, or add the check in a later release, once no " +
			"deployed code writes rows it rejects (expand/contract).",
		Example: "db.Exec(`INSERT INTO jobs (id, paused) VALUES ($1, true)`, id)\n" +
			"// migrations/0043_pause_reason.up.sql:2: ADD CONSTRAINT jobs_pause_reason CHECK (NOT paused OR pause_reason IS NOT NULL)",
		Config: "`migrations`, `baseline-schema` (plugin) / `migrations`, `schema` (.rbcheck.yaml)",
	}
	RuleBroken = &Rule{
		Name:  "uses-changed-object",
		Title: "Go code uses something a migration changes in a way that breaks it",
		Why: "Beside dropped and renamed tables and columns, a migration can break old code in ways the release " +
			"verdict looks up with its own matchers, which these checks share: an enum value renamed or removed " +
			"that a statement writes or compares (`rename-enum-value`, `drop-type`), a function, sequence or schema " +
			"dropped or renamed that it calls or names, a column retyped to one its reads or writes no longer fit " +
			"(`change-column-type`), a foreign key's action changed under the deletes or updates of the " +
			"referenced table, a trigger dropped that the table's writes relied on, a constant a data migration " +
			"rewrote (`rewrite-column-value`: the statement compares the column with, or writes, the old value), " +
			"NULL (or a Go nil bound to the placeholder) written into a column a migration sets NOT NULL (`set-not-null`), " +
			"a json key a data migration renames that the statement's result is decoded into a field for " +
			"(`rename-json-key`: encoding/json or protojson in the same function). " +
			"Each migration is judged by its net effect, as the release verdict judges a release, and only what " +
			"the final schema still holds counts (a value renamed back, a function re-created, is fine). " +
			"Only the uses the release verdict calls confirmed are reported, so that a statement reported here " +
			"is one that makes `rbcheck` say roll-forward-only: the uses it only warns about (a parameter that may " +
			"hold the rewritten value, a Go argument whose type may be NULL written into a column set NOT NULL, a read of a json column " +
			"one of whose keys is renamed whose decoding is not seen, a scan into a type that cannot hold NULL) are not, since whether they " +
			"break depends on values the analysis does not see. The message names the migration's rule; " +
			"`rbcheck explain RULE` gives its expand/contract steps.",
		Fix: "Follow the migration rule's expand/contract steps: keep the old value, function, type or " +
			"behaviour until no deployed release uses it, or change this code in the release before the migration.",
		Example: "db.Exec(`UPDATE orders SET status = 'shipped' WHERE id = $1`, id)\n" +
			"// migrations/0002_rename_status.up.sql:1: ALTER TYPE order_status RENAME VALUE 'shipped' TO 'dispatched';",
		Config: "`migrations`, `baseline-schema` (plugin) / `migrations`, `schema`, `rules` (.rbcheck.yaml)",
	}
	RuleUnusedIgnore = &Rule{
		Name:  "unused-ignore",
		Title: "A //rbcheck:ignore comment that silences no finding",
		Why: "A suppression outlives its reason: the migration it waited for was released, the query was " +
			"rewritten, or it names the wrong rule or sits on the wrong line. Left in place it would silence a " +
			"later, real finding on that line without anyone deciding so. Each rule a `//rbcheck:ignore` " +
			"names must silence a finding of that rule on the comment's line or the line below it.",
		Fix:     "Remove the comment, or the rule name it no longer needs.",
		Example: "//rbcheck:ignore uses-retiring nickname is still read during the backfill\ndb.Query(`SELECT plan FROM accounts`)",
		Config:  "none",
	}
)

// Rules lists every rule of this analyzer.
var Rules = []*Rule{RuleRemoved, RuleUnknown, RuleRetiring, RuleStar, RuleRequired, RuleCheck, RuleBroken, RuleNotRead, RuleIgnore, RuleUnusedIgnore}

func ruleByName(name string) *Rule {
	for _, r := range Rules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Markdown renders a rule's documentation page.
func Markdown(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Name)
	fmt.Fprintf(&b, "%s.\n\n", r.Title)
	b.WriteString("| | |\n|---|---|\n")
	b.WriteString("| Reported by | the Go-side checks: golangci-lint plugin `rbcheck`, `go vet -vettool=rbcheck-vet` |\n")
	b.WriteString("| Reported at | the Go call site or struct field |\n")
	fmt.Fprintf(&b, "| Settings | %s |\n", r.Config)
	if r != RuleIgnore && r != RuleUnusedIgnore {
		fmt.Fprintf(&b, "| Suppress | `//rbcheck:ignore %s <reason>` on the line or the line above |\n", r.Name)
	}
	fmt.Fprintf(&b, "\n## Why\n\n%s\n\n## Fix\n\n%s\n\n## Example\n\n```\n%s\n```\n", r.Why, r.Fix, r.Example)
	b.WriteString("\n<!-- generated from analyzer/migrationcheck/rules.go by `go test ./analyzer/migrationcheck -run TestDocs -update`; do not edit -->\n")
	return b.String()
}
