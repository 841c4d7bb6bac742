// Package orm is a minimal stub of github.com/beego/beego/v2/client/orm for rbcheck's analyzer tests.
package orm

import "context"

// RegisterModel registers models.
func RegisterModel(models ...interface{}) {}

// RawSeter runs a raw query.
type RawSeter interface {
	Exec() (interface{}, error)
	QueryRows(containers ...interface{}) (int64, error)
	QueryRow(containers ...interface{}) error
}

// QuerySeter is a table query.
type QuerySeter interface {
	Filter(string, ...interface{}) QuerySeter
	All(container interface{}, cols ...string) (int64, error)
}

// DQL is the query half of Ormer.
type DQL interface {
	Read(md interface{}, cols ...string) error
	QueryTable(ptrStructOrTableName interface{}) QuerySeter
	Raw(query string, args ...interface{}) RawSeter
	RawWithCtx(ctx context.Context, query string, args ...interface{}) RawSeter
}

// Ormer is beego's ORM handle.
type Ormer interface {
	DQL
	Insert(md interface{}) (int64, error)
}

// NewOrm returns an Ormer.
func NewOrm() Ormer { return nil }
