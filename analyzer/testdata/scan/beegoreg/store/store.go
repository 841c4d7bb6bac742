// Package store holds generated structs with gorm tags (as
// hashicorp/boundary's protobuf stores): columns of iam's models.
package store

type Role struct {
	PublicID string `gorm:"primary_key"`
	Name     string `gorm:"default:null"`
}

// Plain is embedded nowhere: a gorm model of its own (ok twin).
type Plain struct {
	ID string `gorm:"primary_key"`
}
