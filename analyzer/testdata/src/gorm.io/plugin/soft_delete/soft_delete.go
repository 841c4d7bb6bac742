// Package soft_delete is a minimal stub of gorm.io/plugin/soft_delete for
// rbcheck's analyzer tests.
package soft_delete

// DeletedAt is the plugin's soft delete column: 0 while the row is not
// deleted, the time (or 1, as a flag) after.
type DeletedAt uint
