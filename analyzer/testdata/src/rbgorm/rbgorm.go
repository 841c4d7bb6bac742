// Package rbgorm exercises gorm's raw SQL call sites.
package rbgorm

import "gorm.io/gorm"

func calls(db *gorm.DB) {
	var n int
	db.Raw("SELECT count(*) FROM gorm_raw WHERE active").Scan(&n) // want "gorm_raw select exact" "gorm_raw.active select exact"
	db.Exec("UPDATE gorm_exec SET seen = true")                   // want "gorm_exec update exact" "gorm_exec.seen update exact"
}
