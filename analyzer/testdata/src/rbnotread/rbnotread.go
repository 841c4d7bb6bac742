// Package rbnotread calls database libraries rbcheck does not read.
package rbnotread

import (
	"database/sql"

	"github.com/doug-martin/goqu/v9"
	"rbnotread/entdb"
	"xorm.io/xorm"
)

type user struct{ Name string }

type store struct {
	x  *xorm.Engine
	db *sql.DB
}

func (s *store) Create(u *user) error {
	_, err := s.x.Insert(u) // want `not read \(xorm\): Engine.Insert`
	return err
}

func (s *store) List() ([]user, error) {
	var us []user
	err := s.x.Where("name = ?", "a").Find(&us) // want `not read \(xorm\): Engine.Where` `not read \(xorm\): Session.Find`
	return us, err
}

func (s *store) Query() (string, error) {
	q, _, err := goqu.From("users").ToSQL() // want `not read \(goqu\): goqu.From` `not read \(goqu\): SelectDataset.ToSQL`
	return q, err
}

// a read library's call is a statement, not a not-read use
func (s *store) Count() error {
	_, err := s.db.Exec("DELETE FROM users") // want "users delete exact"
	return err
}

// the generated client is called through its own types: its calls into
// ent's sql package are listed in the generated package
func Create(ec *entdb.EntitlementCreate) error { return ec.Save() }
