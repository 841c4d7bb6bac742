// Package rbshapesuse calls rbshapes' constructor wrapper from another
// package.
package rbshapesuse

import (
	"database/sql"

	"gorm.io/gorm"

	"rbshapes"
)

func use(db *sql.DB) {
	rbshapes.NewPaginator(db, "SELECT old_other FROM c_other") // want "c_other select exact" "c_other.old_other select exact"
	db.Query(rbshapes.Queries.ListOrders)                      // want "f_orders select exact" "f_orders.id select exact" "f_orders.old_total select exact"
	db.Query(rbshapes.DefaultConfig().Query)                   // want "f_cfg select exact" "f_cfg.f_cfg_col select exact" "dynamic sql: field Query may be set by another package"
}

// gorm's Create of a plain struct of another package: its columns from
// type information; Invoice's TableName through its ReturnFact
func create(db *gorm.DB) {
	db.Create(&rbshapes.Product{}) // want "products insert partial" "products.id insert partial" "products.code insert partial" "products.legacy_sku insert partial"
	db.Create(&rbshapes.Invoice{}) // want "g_invoices insert exact" "g_invoices.id insert exact" "g_invoices.old_amount insert exact"
}
