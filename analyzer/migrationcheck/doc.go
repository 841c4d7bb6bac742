// Package migrationcheck reports, at the Go line, SQL that the repository's
// migrations have made unsafe.
//
// It replays every migration once per process (with the baseline schema, if
// one is configured), each file's net changes computed by internal/change,
// and reads what each change breaks from the rule that declares it
// (rules.Break): it checks each table and column use that rbcheck's Go
// analysis finds (database/sql, pgx, sqlx, sqlc, ORM struct tags, …):
//
//   - uses-removed-object: a table or column that a migration drops or
//     renames, or a unique key an ON CONFLICT needs that a migration drops
//     or renames, citing the statement;
//   - uses-unknown-table: a table no migration creates (only when the schema
//     is known to be complete: a baseline schema or complete-schema);
//   - uses-retiring: any use of a table or column listed under retiring;
//   - star-on-changed-table: SELECT *, RETURNING * or INSERT without a
//     column list on a table whose columns an unreleased migration changes
//     (select-star: changed, the default), on any table (always), or never;
//   - insert-misses-required-column: an INSERT that does not name a column
//     the migrations make NOT NULL without a default;
//   - write-fails-check: an INSERT or UPDATE whose row a CHECK a migration
//     adds to an existing table rejects (evaluated by internal/sqleval);
//   - uses-changed-object: a use that the release verdict's own matchers
//     (verdict.OldCode.Evidence) confirm for any other breaking change (an
//     enum value renamed or removed, a function, sequence or schema dropped
//     or renamed, a column retyped, a foreign key made RESTRICT, a dropped
//     trigger, a rewritten constant, NULL written into a column set NOT
//     NULL), naming the migration's rule;
//   - ignore-needs-reason: a suppression comment without a reason.
//
// A finding is silenced by `//rbcheck:ignore RULE reason` on its line or on
// the line above; the reason is required.
//
// Settings come from .rbcheck.yaml (found by walking up from the package
// directory to the repository or module root) and are overridden by the
// analyzer's flags or the golangci-lint plugin's settings.
package migrationcheck
