package verdict

import (
	"fmt"

	"github.com/rbcheck/rbcheck/internal/migrations"
)

// Migrations returns OLD's migrations in apply order (Flyway undo files left
// out) and the files of NEW that Check classifies as new in the release, in
// apply order. `rbcheck verify` replays them against a real Postgres.
func Migrations(oldT, newT Tree, o MigrationOptions) (oldFiles, newFiles []*migrations.File, err error) {
	oldSet, err := loadMigrations(oldT, o)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", oldT.Label, err)
	}
	newSet, err := loadMigrations(newT, o)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", newT.Label, err)
	}
	for _, f := range oldSet.Files {
		if f.Kind != migrations.Undo {
			oldFiles = append(oldFiles, f)
		}
	}
	newFiles, _, _ = classify(oldSet, newSet, oldT.Label, newT.Label)
	return oldFiles, newFiles, nil
}

// DropMigrationFiles removes the sites that lie in the tree's migration files
// (embedded migrations, goose Go migrations), as Check does: they ran once
// at migration time and are not uses by the running code.
func (oc *OldCode) DropMigrationFiles(t Tree, o MigrationOptions) error {
	set, err := loadMigrations(t, o)
	if err != nil {
		return err
	}
	oc.dropFiles(set, discovered(t))
	return nil
}

// GoMigrations lists the goose Go migrations of the tree's migration
// folders (paths relative to the tree): verify cannot run them, so the
// schema they make is missing from its scratch database.
func GoMigrations(t Tree, o MigrationOptions) ([]string, error) {
	set, err := loadMigrations(t, o)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range set.Skipped {
		if migrations.IsGoMigration(s.Path) {
			out = append(out, s.Path)
		}
	}
	return out, nil
}
