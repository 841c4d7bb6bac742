// Package gopgchains holds go-pg query-chain fixtures for rbcheck's tests.
package gopgchains

import (
	"github.com/go-pg/pg/v10"
)

// Book is a go-pg model.
type Book struct {
	tableName struct{} `pg:"books,alias:b"`

	ID       int64
	Title    string
	AuthorID int64
}

func get(db *pg.DB, id int64) (Book, error) {
	var b Book
	err := db.Model(&b).Column("id", "title").Where("b.id = ?", id).Select()
	return b, err
}

func all(db *pg.DB) ([]Book, error) {
	var books []Book
	err := db.Model(&books).Order("title").Limit(20).Select()
	return books, err
}

func retitle(db *pg.DB, id int64, title string) error {
	_, err := db.Model((*Book)(nil)).Set("title = ?", title).Where("id = ?", id).Update()
	return err
}

func count(db *pg.DB) (int, error) {
	return db.Model((*Book)(nil)).WhereIn("author_id IN (?)", []int64{1}).Count()
}

func remove(db *pg.DB, b *Book) error {
	_, err := db.Model(b).Where("id = ?", b.ID).Delete()
	return err
}
