// Package beegoapp uses beego's ORM: registered models are tables, raw
// query result holders are not.
package beegoapp

import (
	"context"

	"github.com/beego/beego/v2/client/orm"
)

func init() { orm.RegisterModel(new(Article)) }

// Article is registered: a table.
type Article struct { // want "article model partial \\(beego\\)" "article.id model partial" "article.title model partial"
	Id    int    `orm:"pk"`
	Title string `orm:"column(title)"`
}

// Tag is used with a table API: a table.
type Tag struct { // want "tag model partial \\(beego\\)" "tag.name model partial"
	Name string `orm:"column(name)"`
}

// ArticleStat holds a raw query's rows: not a table.
type ArticleStat struct {
	Title string `orm:"column(title)"`
	Views int    `orm:"column(views)"`
}

func stats(ctx context.Context, page int) []ArticleStat {
	o := orm.NewOrm()
	var rows []ArticleStat
	o.Raw("SELECT title, views FROM article_views WHERE day = ?", 1).QueryRows(&rows) // want "article_views select exact \\(beego\\)" "article_views.title select exact" "article_views.views select exact" "article_views.day select exact"
	o.RawWithCtx(ctx, "DELETE FROM article_views WHERE day < ?", 7).Exec()            // want "article_views delete exact \\(beego\\)" "article_views.day select exact"
	var t Tag
	o.Read(&t)
	return rows
}
