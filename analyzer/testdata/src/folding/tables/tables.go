// Package tables names tables in constants.
package tables

const Users = "users"

const Orders = "orders"

const OrderCols = "id, total"

// SelectOrders parses as DML and is used in folding: reported there, and
// here as a constant of its own package.
const SelectOrders = "SELECT " + OrderCols + " FROM " + Orders // want "orders select exact \\(constant\\)" "orders.id select" "orders.total select"
