package rbshapes

import (
	"database/sql"
)

var migrationsUp = []string{
	"UPDATE r_slice SET old_a = NULL",
	"UPDATE r_slice SET old_b = NULL",
}

func rangeSlice(db *sql.DB) {
	for _, s := range migrationsUp {
		db.Exec(s) // want "r_slice update exact" "r_slice.old_a update exact" "r_slice.old_b update exact"
	}
	for i := range migrationsUp {
		db.Exec(migrationsUp[i]) // want "r_slice update exact" "r_slice.old_a update exact" "r_slice.old_b update exact"
	}
}

var updates = map[string]string{
	"a": "UPDATE r_map SET old_ma = 1",
	"b": "DELETE FROM r_map WHERE old_mb",
}

func rangeMap(db *sql.DB, key string) {
	for _, q := range updates {
		db.Exec(q) // want "r_map update exact" "r_map.old_ma update exact" "r_map delete exact" "r_map.old_mb select exact"
	}
	for k := range updates {
		db.Exec(updates[k]) // want "r_map update exact" "r_map.old_ma update exact" "r_map delete exact" "r_map.old_mb select exact"
	}
	db.Exec(updates[key]) // want "r_map update exact" "r_map.old_ma update exact" "r_map delete exact" "r_map.old_mb select exact"
	local := []string{"DELETE FROM r_local"}
	for _, q := range local {
		db.Exec(q) // want "r_local delete exact"
	}
}

func rangeComputed(db *sql.DB, qs []string) {
	for _, q := range qs {
		db.Exec(q) // want "dynamic sql: variable q of unknown value"
	}
}
