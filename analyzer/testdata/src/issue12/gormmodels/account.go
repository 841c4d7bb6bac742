// Package gormmodels holds gorm models; a TableName method may sit in
// another file than its struct.
package gormmodels

import "gorm.io/gorm"

type Account struct { // want "accounts model partial \\(gorm\\)" "accounts.id model partial" "accounts.created_at model partial" "accounts.updated_at model partial" "accounts.deleted_at model partial" "accounts.name model partial" "accounts.email_address model partial"
	gorm.Model
	Name  string
	Email string `gorm:"column:email_address"`
}

type FileShare struct { // want "files_share model exact \\(gorm\\)" "files_share.id model exact" "files_share.path model exact"
	ID   uint
	Path string
}
