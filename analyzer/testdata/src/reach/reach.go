// Package reach: statements in functions nothing can call cannot run.
// Unexported functions are decided one package at a time (both drivers);
// exported ones of internal packages by ScanDir (TestUnreachableInModule).
package reach

import (
	"database/sql"
	"os"
)

// Run is exported: another package may call it.
func Run(db *sql.DB) {
	db.Exec("DELETE FROM r_live") // want "r_live delete exact \\(database/sql\\)$"
	used(db)
}

func used(db *sql.DB) {
	db.Exec("DELETE FROM r_used") // want "r_used delete exact \\(database/sql\\)$"
}

// unused: nothing names it.
func unused(db *sql.DB) {
	db.Exec("DELETE FROM r_dead") // want "r_dead delete exact \\(database/sql\\) unreachable in reach.unused"
	onlyFromDead(db)
}

// onlyFromDead: only an unreachable function calls it.
func onlyFromDead(db *sql.DB) {
	db.Exec("DELETE FROM r_dead2") // want "r_dead2 delete exact \\(database/sql\\) unreachable in reach.onlyFromDead"
}

// recursive calls itself only.
func recursive(db *sql.DB, n int) {
	db.Exec("DELETE FROM r_rec") // want "r_rec delete exact \\(database/sql\\) unreachable in reach.recursive"
	if n > 0 {
		recursive(db, n-1)
	}
}

type store struct{ db *sql.DB }

// purge is called through the package's interface: reachable.
func (s *store) purge() {
	s.db.Exec("DELETE FROM r_iface") // want "r_iface delete exact \\(database/sql\\)$"
}

// vacuum: no interface or call names it.
func (s *store) vacuum() {
	s.db.Exec("DELETE FROM r_vacuum") // want "r_vacuum delete exact \\(database/sql\\) unreachable in reach.store.vacuum"
}

type purger interface{ purge() }

// Purge is exported and calls through the interface.
func Purge(p purger) { p.purge() }

// hooked is kept in a package variable: it may run.
func hooked(db *sql.DB) {
	db.Exec("DELETE FROM r_hook") // want "r_hook delete exact \\(database/sql\\)$"
}

// Hooks are exported.
var Hooks = []func(*sql.DB){hooked}

func init() {
	var db *sql.DB
	db.Exec("DELETE FROM r_init") // want "r_init delete exact \\(database/sql\\)$"
}

// deadDynamic builds its SQL at run time, in unreachable code.
func deadDynamic(db *sql.DB) {
	db.Exec(os.Getenv("Q")) // want "dynamic sql: result of calling os.Getenv; unreachable in reach.deadDynamic"
}
