// Package gormsvc queries through gorm.
package gormsvc

import (
	"gorm.io/gorm"

	"issue12/gormmodels"
)

// Svc keeps the gorm handle; other.go uses it without importing gorm.
type Svc struct{ db *gorm.DB }

func (s *Svc) Shares() {
	var shares []gormmodels.FileShare
	s.db.Where("path = ?", "x").Find(&shares)                                     // want "files_share select exact" "files_share.path select exact" `files_share.\* select exact`
	s.db.Model(&gormmodels.Account{}).Where("id = ?", 1).Update("DeletedAt", nil) // want "accounts update partial" "accounts.deleted_at update partial" "accounts.id select partial" "accounts.deleted_at select partial"
	s.db.Create(&gormmodels.Account{Name: "x"})                                   // want "accounts insert partial" "accounts.id insert partial" "accounts.created_at insert partial" "accounts.updated_at insert partial" "accounts.deleted_at insert partial" "accounts.name insert partial" "accounts.email_address insert partial"
}
