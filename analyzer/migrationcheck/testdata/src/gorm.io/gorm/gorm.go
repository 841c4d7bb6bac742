// Package gorm is a minimal stub of gorm.io/gorm for rbcheck's analyzer tests.
package gorm

import "time"

// Model is gorm's base model.
type Model struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt `gorm:"index"`
}

// DeletedAt is a nullable time for soft deletes.
type DeletedAt struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (n *DeletedAt) Scan(value interface{}) error { return nil }

// DB is a gorm database handle; every method returns a new chain.
type DB struct{ Error error }

func (db *DB) Table(name string, args ...interface{}) *DB                   { return db }
func (db *DB) Model(value interface{}) *DB                                  { return db }
func (db *DB) Select(query interface{}, args ...interface{}) *DB            { return db }
func (db *DB) Omit(columns ...string) *DB                                   { return db }
func (db *DB) Where(query interface{}, args ...interface{}) *DB             { return db }
func (db *DB) Or(query interface{}, args ...interface{}) *DB                { return db }
func (db *DB) Not(query interface{}, args ...interface{}) *DB               { return db }
func (db *DB) Joins(query string, args ...interface{}) *DB                  { return db }
func (db *DB) Group(name string) *DB                                        { return db }
func (db *DB) Having(query interface{}, args ...interface{}) *DB            { return db }
func (db *DB) Order(value interface{}) *DB                                  { return db }
func (db *DB) Limit(limit int) *DB                                          { return db }
func (db *DB) Offset(offset int) *DB                                        { return db }
func (db *DB) Distinct(args ...interface{}) *DB                             { return db }
func (db *DB) Find(dest interface{}, conds ...interface{}) *DB              { return db }
func (db *DB) First(dest interface{}, conds ...interface{}) *DB             { return db }
func (db *DB) Take(dest interface{}, conds ...interface{}) *DB              { return db }
func (db *DB) Last(dest interface{}, conds ...interface{}) *DB              { return db }
func (db *DB) Scan(dest interface{}) *DB                                    { return db }
func (db *DB) Pluck(column string, dest interface{}) *DB                    { return db }
func (db *DB) Count(count *int64) *DB                                       { return db }
func (db *DB) Update(column string, value interface{}) *DB                  { return db }
func (db *DB) Updates(values interface{}) *DB                               { return db }
func (db *DB) Delete(value interface{}, conds ...interface{}) *DB           { return db }
func (db *DB) Create(value interface{}) *DB                                 { return db }
func (db *DB) Save(value interface{}) *DB                                   { return db }
func (db *DB) Raw(sql string, values ...interface{}) *DB                    { return db }
func (db *DB) Exec(sql string, values ...interface{}) *DB                   { return db }
func (db *DB) WithContext(ctx interface{}) *DB                              { return db }
func (db *DB) Session(config interface{}) *DB                               { return db }
func (db *DB) Debug() *DB                                                   { return db }
func (db *DB) Unscoped() *DB                                                { return db }
func (db *DB) Preload(query string, args ...interface{}) *DB                { return db }
func (db *DB) Clauses(conds ...interface{}) *DB                             { return db }
func (db *DB) Transaction(fc func(tx *DB) error, opts ...interface{}) error { return nil }
