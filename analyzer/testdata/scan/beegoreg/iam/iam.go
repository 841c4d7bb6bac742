// Package iam embeds store's structs in models that name their tables.
package iam

import "example.com/beegoreg/store"

type Role struct {
	*store.Role
	tableName string `gorm:"-"`
}

func (r *Role) TableName() string {
	if r.tableName != "" {
		return r.tableName
	}
	return "iam_role"
}
