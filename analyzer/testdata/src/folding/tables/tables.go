// Package tables names tables in constants.
package tables

const Users = "users"

const Orders = "orders"

const OrderCols = "id, total"

// SelectOrders parses as DML and is used in folding: reported there, and
// here as a constant of its own package.
const SelectOrders = "SELECT " + OrderCols + " FROM " + Orders // want "orders select exact \\(constant\\)" "orders.id select" "orders.total select"

// SelectNicks is a variable assigned once: other packages fold it.
var SelectNicks = "SELECT nick FROM " + Users // want SelectNicks:`value "SELECT nick FROM users"`

// Mutable is reassigned, so it has no value.
var Mutable = "SELECT 1 FROM mutable"

func init() { Mutable = "SELECT 2 FROM mutable" }
