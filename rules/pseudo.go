package rules

import (
	"fmt"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
)

// Findings rbcheck reports that are not lint rules: the parser's syntax
// errors and the release verdict's own findings. They cannot be enabled or
// disabled (rules.Get does not know them), but they are documented like
// rules, from here, in docs/rules/<name>.md, by `rbcheck explain` and in
// SARIF, so that every name rbcheck prints can be looked up.

// Names of the findings that are not rules. internal/verdict and
// internal/report use these names; a test there checks they match.
const (
	SyntaxErrorName       = "syntax-error"
	ModifiedMigrationName = "modified-migration"
	SelectStarName        = "select-star-column-set"
	UnreadName            = "unread"
)

// pseudo is a documented finding that is not a lint rule.
type pseudo struct {
	rule       *Rule
	reportedBy string // which command or part reports it
	silencing  string // replaces the "Silencing it" section
	effect     string // replaces the effect's sentence, when the effect does not say it
	// aliases are other names printed for it (the kinds of unread items);
	// Doc finds the page by them too.
	aliases []string
}

var pseudos = []pseudo{
	{
		rule: &Rule{
			Name:       SyntaxErrorName,
			Title:      "SQL that Postgres cannot parse",
			Effect:     NoEffect,
			Severity:   Error,
			PGVersions: "all",
			Why: "The Postgres parser rejected the statement, so rbcheck could not check it and the migration " +
				"will fail when it runs. rbcheck reports the error at the token Postgres complained about and " +
				"goes on with the next statement.",
			Bad:  "ALTER TABLE users ADD COLUM nickname text;",
			Good: "ALTER TABLE users ADD COLUMN nickname text;",
			Fix: []string{
				"Fix the statement at the reported position; the message is the one Postgres would give.",
				"For files that are not SQL migrations at all, leave them out with --exclude or exclude in .rbcheck.yaml.",
			},
			Since:   "0.1.0",
			Default: true,
		},
		reportedBy: "`rbcheck lint` and the release verdict (under `errors` in JSON)",
		silencing: "Syntax errors cannot be silenced with a directive: the statement was not checked, and the " +
			"migration tool would fail on it. Fix the statement, or exclude the file.",
	},
	{
		rule: &Rule{
			Name:       ModifiedMigrationName,
			Title:      "A migration that was already released has been edited or is gone",
			Effect:     NoEffect,
			Severity:   Warning,
			PGVersions: "all",
			Why: "The migration file exists in the old release too, under the same version and name, but its " +
				"content differs. Migration tools run each version once: every database that already ran the " +
				"old content never runs the edit, while a fresh database runs only the new content. The " +
				"schemas drift apart, and rbcheck's replay (which reads the files as they are now) no longer " +
				"describes the databases that matter. The same holds for a migration of the old release " +
				"that the new one lacks (neither under its version and name nor by content): a file deleted " +
				"after its release, or, between two releases on different branches, the old release " +
				"branch's own migration: databases that ran it keep what it did, and the new release's " +
				"migrations do not know of it. The finding does not decide the rollback verdict.",
			Bad: "-- db/migrations/0002_orders.up.sql, released in v2.3.0 and edited for v2.4.0:\n" +
				"CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);",
			Good: "-- db/migrations/0002_orders.up.sql left as released; the change in a new file,\n" +
				"-- db/migrations/0005_orders_total.up.sql:\n" +
				"ALTER TABLE orders ADD COLUMN total numeric;",
			Fix: []string{
				"Revert the edit to the released migration.",
				"Put the change in a new migration with the next version, so that every database runs it.",
				"A whitespace or comment edit changes the content too: revert it as well, or accept the warning.",
				"A released migration missing from the new release: bring it back (a release branch's " +
					"migration belongs on the main branch too, under the same version or with the same content).",
			},
			Since:   "0.1.0",
			Default: true,
		},
		reportedBy: "the release verdict (`rbcheck OLD..NEW`, `rbcheck history`, `rbcheck verify`)",
		silencing: "There is no directive for it: it is a warning that does not decide the verdict. Revert the " +
			"edit, or leave the warning as the record that the file changed after its release.",
	},
	{
		rule: &Rule{
			Name:       SelectStarName,
			Title:      "Old code selects * from a table whose columns the release changes",
			Effect:     BreaksOldCode,
			Severity:   Error,
			PGVersions: "all",
			Why: "The previous release runs `SELECT *` (or `RETURNING *`) on the table and the release adds a " +
				"column to it. Code that scans a star into a fixed list of destinations (`rows.Scan(&a, &b)`, " +
				"sqlc's generated scans, pgx's positional scans) fails with a column-count mismatch once the " +
				"table has one more column, and so does a mapper that rejects a column it has no field for " +
				"(plain sqlx `Get`/`Select`/`StructScan`, pgx `RowToStructByName` and `…Lax`, bun and scany " +
				"unless configured to skip unknown columns), so the old release breaks on the migrated database. " +
				"Mappers that skip unknown columns (gorm, beego `QueryRows`, sqlx after `Unsafe()`, bun with " +
				"`WithDiscardUnknownColumns()` on every DB the code makes, a scany API made with " +
				"`dbscan.WithAllowUnknownColumns(true)`) do not break. rbcheck reports it only when it found the " +
				"star in the old code's SQL.",
			Bad: "-- old code: db.QueryRow(`SELECT * FROM users WHERE id = $1`, id).Scan(&u.ID, &u.Email)\n" +
				"ALTER TABLE users ADD COLUMN nickname text;",
			Good: "-- old code: db.QueryRow(`SELECT id, email FROM users WHERE id = $1`, id).Scan(&u.ID, &u.Email)\n" +
				"ALTER TABLE users ADD COLUMN nickname text;",
			Fix: []string{
				"Release code that names its columns (`SELECT id, email FROM users`) first.",
				"Add the column in a later release, once no rollback target selects * from the table.",
			},
			Since:   "0.1.0",
			Default: true,
			Breaks: []Break{{
				Change: change.ColumnAdded, Uses: []Use{UseStarScan},
				Why: func(ch *change.Change) string {
					t := ch.Table
					if t.Schema == catalog.DefaultSchema {
						t.Schema = ""
					}
					return fmt.Sprintf("the old code runs SELECT * on %q and scans the result by position or with a mapper that rejects a column it has no field for: with one more column, the scan fails (`expected N destination arguments`, `missing destination name`)", t.String())
				},
			}},
		},
		reportedBy: "the release verdict (`rbcheck OLD..NEW`, `rbcheck history`, `rbcheck verify`)",
		silencing: "To ship the release anyway, acknowledge it in the migration: " +
			"`-- rbcheck:roll-forward-only <reason>` (or an `acknowledge:` entry in `.rbcheck.yaml`); the " +
			"verdict stays roll-forward-only, marked acknowledged.",
	},
	{
		rule: &Rule{
			Name:       UnreadName,
			Title:      "rbcheck could not read something the release changes, so the verdict is unknown",
			Effect:     NoEffect,
			Severity:   Error,
			PGVersions: "all",
			Why: "rbcheck never says rollback-safe about a release it did not read in full. Each item it could " +
				"not read is listed with where it is, why, and how to fix it, under a kind: `syntax-error` (a new " +
				"migration or its down part does not parse), `no-migrations` (a configured path or glob selects " +
				"nothing, or no migration folder is found), `unrecognised-file` (a `.sql` file in a migrations " +
				"folder matches no migration format; a goose Go migration), `old-code-error` (the analysis of the " +
				"old release's Go code failed for a file), `empty-range` (OLD and NEW are the same commit), " +
				"`submodule` (migrations in a git submodule whose commit is not available), `unreadable` (a file " +
				"or folder that could not be read), `unread-library` (the old code uses the database through a " +
				"library rbcheck does not read, such as ent's generated client, xorm or goqu, and the release " +
				"changes tables such code could use; one item per library, with the number of calls and one " +
				"position), `go-migration` (Go code new in the release changes the schema in a way rbcheck " +
				"cannot read: a Go migration's SQL built at run time, gorm's `AutoMigrate`), `json-decoder` (the old " +
				"code reads a json column a migration renames a key of, and decodes it into a type rbcheck cannot " +
				"resolve, such as a map, or a value from another package), `dynamic-sql` (a new " +
				"migration's DO block runs SQL built at run time that may change the schema: `EXECUTE format('ALTER " +
				"TABLE %I …', t)`). While any is listed, the verdict is `unknown` and the exit " +
				"code 1, except that a roll-forward-only verdict stands when only `unread-library` items are " +
				"listed (code rbcheck did not read can only break more). See docs/release-verdict.md, \"Unknown: what was not read\".",
			Bad: "-- db/migrations/0005_add_bio.up.sql, new in the release:\n" +
				"ALTR TABLE users ADD COLUMN bio text;",
			Good: "-- db/migrations/0005_add_bio.up.sql, new in the release:\n" +
				"ALTER TABLE users ADD COLUMN bio text;",
			Fix: []string{
				"Fix what the item's help line says: the statement, the path or glob, the folder's `format`, an `exclude` for a file that is not a migration.",
				"Name the previous release for an empty range (`rbcheck v2.3.0..v2.4.0`).",
				"Run rbcheck again: the verdict is decided once everything is read.",
			},
			Since:   "0.1.0",
			Default: true,
		},
		reportedBy: "the release verdict (`rbcheck OLD..NEW`, `rbcheck history`, `rbcheck verify`): the verdict is `unknown`",
		effect:     "**unknown**: rbcheck cannot say whether the release rolls back; `unknown` is never safe (exit 1)",
		silencing: "`--allow-unread` (or `release.allow-unread: true` in `.rbcheck.yaml`) gives the verdict of what " +
			"was read instead of `unknown`, for a team that knowingly keeps files rbcheck cannot read in a " +
			"migrations folder, or has checked the listed library calls by hand; the items are still listed (as warnings in SARIF and GitHub output).",
		aliases: []string{"no-migrations", "unrecognised-file", "old-code-error", "empty-range", "submodule", "unreadable", "unread-library", "go-migration", "json-decoder", "dynamic-sql"},
	},
}

// Pseudo returns the documented findings that are not lint rules, in
// documentation order.
func Pseudo() []*Rule {
	out := make([]*Rule, len(pseudos))
	for i := range pseudos {
		out[i] = pseudos[i].rule
	}
	return out
}

func pseudoOf(r *Rule) *pseudo {
	for i := range pseudos {
		if pseudos[i].rule == r || r != nil && pseudos[i].rule.Name == r.Name {
			return &pseudos[i]
		}
	}
	return nil
}

// Doc returns the documentation of a rule or of a finding that is not a
// rule (Pseudo), nil when name is neither.
func Doc(name string) *Rule {
	if r := Get(name); r != nil {
		return r
	}
	for i := range pseudos {
		if pseudos[i].rule.Name == name {
			return pseudos[i].rule
		}
	}
	for i := range pseudos {
		for _, a := range pseudos[i].aliases {
			if a == name {
				return pseudos[i].rule
			}
		}
	}
	return nil
}

// PseudoAliases returns the other names printed for the findings that are
// not rules (the kinds of unread items), each documented by Doc.
func PseudoAliases() []string {
	var out []string
	for _, p := range pseudos {
		out = append(out, p.aliases...)
	}
	return out
}
