// Package models declares beego models that other packages register.
package models

// Member is registered by package dao: a table.
type Member struct {
	ID        int   `orm:"pk;column(id)"`
	ProjectID int64 `orm:"column(project_id)"`
}

// MemberStat is registered nowhere: a raw query's result holder (ok twin).
type MemberStat struct {
	ProjectID int64 `orm:"column(project_id)"`
	Count     int   `orm:"column(count)"`
}
