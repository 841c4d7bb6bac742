// Package modelwritedb is a repository's own database layer over gorm
// (hashicorp/boundary's db.Writer over go-dbw): methods that pass the model
// they are given to gorm's writes, and an interface they implement.
package modelwritedb

import (
	"context"

	"gorm.io/gorm"
)

// Writer is implemented by Db.
type Writer interface {
	Create(ctx context.Context, m any) error
	Update(ctx context.Context, m any) error
	Delete(ctx context.Context, m any) (int, error)
	Purge(ctx context.Context, m any) (int, error)
	Lookup(ctx context.Context, m any) error
	Touch(ctx context.Context, m any) error
}

// Db wraps a gorm handle.
type Db struct{ db *gorm.DB }

func (d *Db) Create(ctx context.Context, m any) error { // want Create:"model create arg 1 via gorm"
	return d.db.WithContext(ctx).Create(m).Error
}

func (d *Db) Update(ctx context.Context, m any) error { // want Update:"model update arg 1 via gorm"
	return d.db.WithContext(ctx).Updates(m).Error
}

func (d *Db) Delete(ctx context.Context, m any) (int, error) { // want Delete:"model delete arg 1 via gorm"
	tx := d.db.Delete(m)
	return 0, tx.Error
}

// Purge deletes for good: gorm's Unscoped() skips the soft delete.
func (d *Db) Purge(ctx context.Context, m any) (int, error) { // want Purge:"model hard-delete arg 1 via gorm"
	tx := d.db.WithContext(ctx).Unscoped().Delete(m)
	return 0, tx.Error
}

// Lookup reads the model: no write (ok twin); which table is not known.
func (d *Db) Lookup(ctx context.Context, m any) error {
	return d.db.WithContext(ctx).First(m).Error // want "dynamic sql: part of the gorm chain is built at run time"
}

// Touch writes the values it is given to a model of its own: m is no
// model (ok twin).
func (d *Db) Touch(ctx context.Context, m any) error {
	return d.db.Model(&Audit{}).Updates(m).Error // want "audits update partial \\(gorm\\)"
}

// Audit is the table Touch writes.
type Audit struct {
	ID   int
	Note string
}
