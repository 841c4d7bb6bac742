// Package models holds ORM model fixtures for rbcheck's models tests.
package models

import (
	"time"

	"github.com/beego/beego/v2/client/orm"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

// ---- sqlx ----

// Base is embedded by sqlx models.
type Base struct {
	ID        int64 `db:"id"`
	CreatedAt time.Time
}

// Account is an sqlx model: db tags, untagged fields lower-cased, "-" skipped.
type Account struct {
	Base
	Email    string `db:"email" json:"mail"`
	FullName string // untagged: "fullname"
	Secret   string `db:"-"`
	hidden   string
	Nick     string `db:"nick,omitempty"`
}

// OnlyJSON has json tags only: not a model.
type OnlyJSON struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
}

// ProtoUser is a protobuf message: not a model.
type ProtoUser struct {
	Email string `protobuf:"bytes,1,opt,name=email,proto3" json:"email,omitempty"`
	Name  string `protobuf:"bytes,2,opt,name=name,proto3" json:"name,omitempty"`
}

// ---- gorm ----

// User is a gorm model embedding gorm.Model.
type User struct {
	gorm.Model
	Name      string
	UserID    int64
	HTTPURL   string
	Email     string  `gorm:"Column:email_address;uniqueIndex"`
	Ignored   string  `gorm:"-"`
	ReadOnly  string  `gorm:"->;column:read_only_col"`
	Orders    []Order `gorm:"foreignKey:UserID"`
	Company   Company
	CompanyID int
	Audit     Audit `gorm:"embedded;embeddedPrefix:audit_"`
	Tags      []byte
	private   int
	Prefs     Audit `gorm:"serializer:json"`
	Extra     Audit `gorm:"type:jsonb"`
}

// Order has a gorm tag.
type Order struct {
	ID     uint `gorm:"primaryKey"`
	UserID uint
	Total  int `json:"total"`
}

// Company has a constant TableName.
type Company struct {
	ID   int
	Name string
}

// TableName names the table.
func (Company) TableName() string { return "org.companies" }

// Audit is embedded with a prefix.
type Audit struct {
	By string
	At time.Time
}

// Category: plural "categories".
type Category struct {
	ID   int `gorm:"primaryKey"`
	Slug string
}

// Person: irregular plural "people".
type Person struct {
	ID int `gorm:"primaryKey"`
}

// ---- bun ----

// Story is a bun model with a table tag.
type Story struct {
	bun.BaseModel `bun:"table:stories,alias:s"`

	ID       int64  `bun:"id,pk,autoincrement"`
	Title    string `bun:"title,notnull"`
	AuthorID int64
	Author   *Author `bun:"rel:belongs-to,join:author_id=id"`
	Skip     string  `bun:"-"`
	Meta     Meta    `bun:"embed:meta_"`
}

// Meta is embedded in Story.
type Meta struct {
	Views int
}

// Author: default bun table.
type Author struct {
	ID   int64 `bun:",pk"`
	Name string
}

// ---- go-pg ----

// Book is a go-pg model.
type Book struct {
	tableName struct{} `pg:"library.books,alias:b"`

	ID       int64
	Title    string `pg:"title_text"`
	AuthorID int64
	Gone     string  `pg:"-"`
	Genres   []Genre `pg:"rel:has-many"`
}

// Genre is a go-pg model without tableName.
type Genre struct {
	ID     int `pg:"id,pk"`
	BookID int
}

// ---- beego ----

// Post is a beego model.
type Post struct {
	Id      int    `orm:"auto;pk"`
	Title   string `orm:"column(post_title);size(100)"`
	UserID  int
	Author  *Post   `orm:"rel(fk)"`
	Replies []*Post `orm:"reverse(many)"`
	Skip    string  `orm:"-"`
}

// TableName names the beego table.
func (p *Post) TableName() string { return "blog_posts" }

// Profile is a beego model named by convention.
type Profile struct {
	Id       int `orm:"pk"`
	UserName string
}

func init() { orm.RegisterModel(new(Profile)) }

// ProfileRow holds the rows of a raw query (o.Raw(…).QueryRows): its orm
// tags name columns, but it is no table.
type ProfileRow struct {
	UserName string `orm:"column(user_name)"`
	Posts    int    `orm:"column(posts)"`
}
