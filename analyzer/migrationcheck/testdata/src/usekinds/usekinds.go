package usekinds

import (
	"database/sql"
	"encoding/json"

	"google.golang.org/protobuf/encoding/protojson"
)

// Each reported use has an ok twin on the next line.

func EnumValues(db *sql.DB) {
	db.Exec(`UPDATE orders SET status = 'shipped' WHERE id = $1`, 1) // want `value "shipped" of enum "order_status" is renamed to "dispatched" by migrations/0002_changes.up.sql:1 \(rename-enum-value\): the old code writes or compares the enum value "shipped".* \(uses-changed-object\); help: add the new value`
	db.Exec(`UPDATE orders SET status = 'dispatched' WHERE id = $1`, 1)
	db.Exec(`INSERT INTO tickets (priority) VALUES ('urgent')`) // want `enum "ticket_priority" is re-created without value "urgent" by migrations/0002_changes.up.sql:15 \(drop-type\)`
	db.Exec(`INSERT INTO tickets (priority) VALUES ('high')`)
}

func Calls(db *sql.DB) {
	db.QueryRow(`SELECT order_total($1)`, 1) // want `function "order_total" is dropped by migrations/0002_changes.up.sql:2 \(drop-function\)`
	db.QueryRow(`SELECT order_weight($1)`, 1)
	db.QueryRow(`SELECT nextval('invoice_no')`) // want `sequence "invoice_no" is dropped by migrations/0002_changes.up.sql:3 \(drop-sequence\)`
	db.QueryRow(`SELECT nextval('receipt_no')`)
	db.Query(`SELECT id FROM archive.old_orders`) // want `schema "archive" is renamed to "archive_2026" by migrations/0002_changes.up.sql:4 \(rename-schema\)`
	db.Query(`SELECT id FROM public.orders`)
}

// Values: the constant the migration rewrote is confirmed; a parameter
// that may hold it is only possible (a warning of the verdict): not
// reported.
func Values(db *sql.DB) {
	db.Query(`SELECT id FROM orders WHERE state = 'new'`) // want `column "orders.state" has its rows with 'new' rewritten to 'open' by migrations/0002_changes.up.sql:5 \(rewrite-column-value\)`
	db.Query(`SELECT id FROM orders WHERE state = 'open'`)
	db.Query(`SELECT id FROM orders WHERE state = $1`, "new")
}

func Parents(db *sql.DB) {
	db.Exec(`DELETE FROM customers WHERE id = $1`, 1) // want `foreign key "carts_customer_fk" of "carts" to "customers" is re-created on the same columns with ON DELETE RESTRICT \(was CASCADE\) by migrations/0002_changes.up.sql:6 \(drop-foreign-key\)`
	db.Exec(`UPDATE customers SET code = $2 WHERE id = $1`, 1, "c")
}

func Writes(db *sql.DB) {
	db.Exec(`INSERT INTO ledger (amount) VALUES ($1)`, 1) // want `trigger "ledger_guard" on "ledger" is dropped by migrations/0002_changes.up.sql:8 \(drop-trigger\)`
	db.Query(`SELECT amount FROM ledger`)
}

// NullWrites: NULL, or Go's nil, written into a column a migration sets
// NOT NULL is confirmed; a string never is NULL; a *string may be (the
// verdict warns): not reported.
func NullWrites(db *sql.DB, memo *string) {
	db.Exec(`UPDATE memos SET memo = NULL WHERE id = $1`, 1)    // want `column "memos.memo" becomes not null by migrations/0002_changes.up.sql:16 \(set-not-null\)`
	db.Exec(`UPDATE memos SET memo = $2 WHERE id = $1`, 1, nil) // want `column "memos.memo" becomes not null by migrations/0002_changes.up.sql:16 \(set-not-null\)`
	db.Exec(`UPDATE memos SET memo = $2 WHERE id = $1`, 1, "m")
	db.Exec(`UPDATE memos SET memo = $2 WHERE id = $1`, 1, memo)
}

// Types: a retyped column's uses are confirmed, and so is Go's nil
// written into a column set NOT NULL (a string is never NULL); a read of
// a json column whose key is renamed is only possible when its decoding
// is not seen: not reported.
func Types(db *sql.DB) {
	db.Exec(`UPDATE orders SET qty = qty + 1 WHERE id = $1`, 1)  // want `column "orders.qty" changes type from integer to text by migrations/0002_changes.up.sql:9 \(change-column-type\)`
	db.Exec(`UPDATE orders SET note = $2 WHERE id = $1`, 1, nil) // want `column "orders.note" becomes required \(not null without a default\) by migrations/0002_changes.up.sql:10 \(set-not-null\): the old UPDATE at .*usekinds.go:\d+ writes \$2 \(Go nil\)`
	db.Exec(`UPDATE orders SET note = $2 WHERE id = $1`, 1, "n")
	db.Query(`SELECT doc FROM orders`)
}

// notCalled: nothing calls it, so the verdict does not count its uses
// (they cannot run): not reported.
func notCalled(db *sql.DB) {
	db.QueryRow(`SELECT order_total($1)`, 1)
}

type item struct {
	SKU string `json:"sku"`
}

type label struct {
	Text string `json:"text"`
}

// orderMsg stands for a generated protobuf message.
type orderMsg struct {
	Sku string `protobuf:"bytes,1,opt,name=sku,proto3" json:"sku,omitempty"`
}

type noteMsg struct {
	Body string `protobuf:"bytes,1,opt,name=body,proto3" json:"body,omitempty"`
}

// JSONKeys: a json column decoded into a type with a field for the renamed
// key is confirmed (encoding/json, protojson); its twin decodes into a type
// without one.
func JSONKeys(db *sql.DB) {
	var id int64
	var raw []byte
	db.QueryRow(`SELECT id, doc FROM orders WHERE id = $1`, 1).Scan(&id, &raw) // want `key "sku" of the json in column "orders.doc" is renamed to "item_sku" by migrations/0002_changes.up.sql:11 \(rename-json-key\): .*decodes "orders.doc" with encoding/json at .*usekinds.go:\d+ into usekinds.item, whose field item.SKU`
	var it item
	json.Unmarshal(raw, &it)

	var doc []byte
	db.QueryRow(`SELECT doc FROM orders WHERE id = $1`, 2).Scan(&doc)
	var l label
	json.Unmarshal(doc, &l)

	var s string
	db.QueryRow(`SELECT doc FROM orders WHERE id = $1`, 3).Scan(&s) // want `key "sku" of the json in column "orders.doc" is renamed to "item_sku" by migrations/0002_changes.up.sql:11 \(rename-json-key\): .*decodes "orders.doc" with protojson at .*usekinds.go:\d+ into usekinds.orderMsg, whose field orderMsg.Sku`
	protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal([]byte(s), &orderMsg{})

	var s2 string
	db.QueryRow(`SELECT doc FROM orders WHERE id = $1`, 4).Scan(&s2)
	protojson.Unmarshal([]byte(s2), &noteMsg{})
}
