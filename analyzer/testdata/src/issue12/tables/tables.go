// Package tables holds helpers other packages build SQL with.
package tables

import "fmt"

// User is a model whose table another package names in SQL text.
type User struct{ ID int64 } // want "app_users model exact \\(gorm\\)" "app_users.id model exact"

// TableName names User's table.
func (User) TableName() string { return "app_users" } // want TableName:`returns "app_users"`

// Paginate is a pass-through helper: the query it is given, limited.
func Paginate(query string, size int) string { // want Paginate:`returns "{arg 0} LIMIT …{arg 1}…"`
	return fmt.Sprintf("%s LIMIT %d", query, size)
}

// Kind is an exported table chosen by a switch.
func Kind(k int) string { // want Kind:`returns "audit_a" \| "audit_b"`
	switch k {
	case 1:
		return "audit_a"
	}
	return "audit_b"
}
