package rbshapes

import "gorm.io/gorm"

// gorm expands `IN ?` bound to a slice to `IN ($1,$2,…)`: the bare form is
// read as if it were parenthesised
func gormIn(db *gorm.DB, ids []int, tags []string) {
	var rows []map[string]any
	db.Table("g_in").Where("old_in IN ?", ids).Find(&rows)                          // want "g_in select exact" "g_in.\\* select exact" "g_in.old_in select exact"
	db.Raw("SELECT id FROM g_raw_in WHERE old_raw NOT IN ? AND kind = 'in ?'", ids) // want "g_raw_in select exact" "g_raw_in.id select exact" "g_raw_in.old_raw select exact" "g_raw_in.kind select exact"
	db.Exec("DELETE FROM g_exec_in WHERE old_ex in $1", ids)                        // want "g_exec_in delete exact" "g_exec_in.old_ex select exact"
	db.Exec("DELETE FROM g_jsonb WHERE tags ?| $1", tags)                           // want "g_jsonb delete exact" "g_jsonb.tags select exact"
}

// gorm's Create inserts, and Save writes back, every column of the model:
// a plain struct is read by gorm's naming convention
type Product struct {
	ID        int64
	Code      string
	LegacySKU string
}

type Invoice struct { // want "g_invoices model exact" "g_invoices.id model exact" "g_invoices.old_amount model exact"
	ID     int64
	Amount int64 `gorm:"column:old_amount"`
}

func (Invoice) TableName() string { return "g_invoices" } // want TableName:`returns "g_invoices"`

func gormCreate(db *gorm.DB, p *Product) {
	db.Create(&Product{Code: "x"}) // want "products insert partial" "products.id insert partial" "products.code insert partial" "products.legacy_sku insert partial"
	db.Save(p)                     // want "products update partial" "products.id update partial" "products.code update partial" "products.legacy_sku update partial"
	inv := Invoice{Amount: 1}
	db.Create(&inv) // want "g_invoices insert exact" "g_invoices.id insert exact" "g_invoices.old_amount insert exact"
	var anything any
	db.Create(anything)
}
