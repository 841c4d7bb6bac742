// Package rbshapesuse calls rbshapes' constructor wrapper from another
// package.
package rbshapesuse

import (
	"database/sql"

	"rbshapes"
)

func use(db *sql.DB) {
	rbshapes.NewPaginator(db, "SELECT old_other FROM c_other") // want "c_other select exact" "c_other.old_other select exact"
}
