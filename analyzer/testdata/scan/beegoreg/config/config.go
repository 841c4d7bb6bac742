// Package config registers its own model through the wrapper.
package config

import "example.com/beegoreg/lib/orm"

func init() { orm.RegisterModel(&ConfigEntry{}) }

// ConfigEntry is registered through lib/orm: a table.
type ConfigEntry struct {
	ID  int64  `orm:"pk;auto;column(id)"`
	Key string `orm:"column(k)"`
}
