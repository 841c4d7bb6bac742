// Package gormchains holds gorm query-chain fixtures for rbcheck's tests.
package gormchains

import (
	"context"

	"gorm.io/gorm"
)

// User is a gorm model.
type User struct {
	gorm.Model
	Email string `gorm:"column:email_address"`
	Name  string
}

// Invoice names its table.
type Invoice struct {
	ID     uint
	Amount int
}

// TableName names the invoice table.
func (Invoice) TableName() string { return "billing.invoices" }

// Repo wraps a gorm handle.
type Repo struct{ db *gorm.DB }

func (r *Repo) byEmail(ctx context.Context, email string) (User, error) {
	var u User
	err := r.db.WithContext(ctx).Table("users").Where("email_address = ?", email).Select("id, name").Joins("JOIN orders o ON o.user_id = users.id").Order("created_at").First(&u).Error
	return u, err
}

func (r *Repo) list(active bool, name string) ([]User, error) {
	var users []User
	tx := r.db.Model(&User{})
	if active {
		tx = tx.Where(map[string]interface{}{"deleted_at": nil, "name": name})
	}
	err := tx.Order("id").Limit(10).Find(&users).Error
	return users, err
}

func (r *Repo) invoices(min int) ([]Invoice, error) {
	var out []Invoice
	err := r.db.Where("amount > ?", min).Find(&out).Error
	return out, err
}

func (r *Repo) rename(id uint, name string) error {
	return r.db.Model(&User{}).Where("id = ?", id).Update("name", name).Error
}

func (r *Repo) purge() error {
	return r.db.Where(&User{Email: "x"}).Delete(&User{}).Error
}

func (r *Repo) count() (n int64) {
	r.db.Model(&Invoice{}).Where("amount > 0").Count(&n)
	return n
}

func (r *Repo) raw() {
	r.db.Raw("SELECT 1").Scan(nil)
	r.db.Exec("DELETE FROM users")
}

func (r *Repo) external(dest *[]Customer) {
	r.db.Table("customers c").Select("c.id").Joins("Company").Find(dest)
}

// Customer is declared elsewhere in real code.
type Customer struct{ ID int }

func (r *Repo) all() (users []User) {
	r.db.Find(&users, "name <> ?", "")
	return users
}

var handler = func(db *gorm.DB) {
	db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&Invoice{}).Where("id = ?", 1).Updates(map[string]interface{}{"amount": 2, "id": 1}).Error
	})
}

// gorm's soft delete: a User (gorm.Model's DeletedAt) is deleted for good
// only Unscoped; an Invoice has no DeletedAt and is always deleted.
func (r *Repo) hardDelete(name string) error {
	if err := r.db.Unscoped().Where("name = ?", name).Delete(&User{}).Error; err != nil {
		return err
	}
	return r.db.Delete(&Invoice{}, "id = ?", 1).Error
}

func (r *Repo) withDeleted() (users []User) {
	r.db.Unscoped().Where("name = ?", "x").Or("name = ?", "y").Find(&users)
	r.db.Where("name = ?", "x").Or("name = ?", "y").Find(&users)
	return users
}
