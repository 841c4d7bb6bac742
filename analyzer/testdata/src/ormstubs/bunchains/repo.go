// Package bunchains holds bun query-chain fixtures for rbcheck's tests.
package bunchains

import (
	"context"

	"github.com/uptrace/bun"
)

// User is a bun model.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID    int64 `bun:",pk"`
	Email string
}

// Order: default table and alias.
type Order struct {
	ID     int64 `bun:",pk"`
	UserID int64
}

func byID(ctx context.Context, db *bun.DB, id int64) (User, error) {
	var u User
	err := db.NewSelect().Model(&u).ColumnExpr("lower(email)").Where("u.id = ?", id).Scan(ctx)
	return u, err
}

func orders(ctx context.Context, db *bun.DB, uid int64) error {
	q := db.NewSelect().Model((*Order)(nil)).Column("id")
	if uid > 0 {
		q = q.Where("?TableAlias.user_id = ?", uid)
	}
	q = q.Join("JOIN users AS u").JoinOn("u.id = \"order\".user_id").Order("id DESC")
	_, err := q.Count(ctx)
	return err
}

func tables(ctx context.Context, db *bun.DB) error {
	var ids []int64
	return db.NewSelect().TableExpr("users AS x").Column("x.id").Where("x.email LIKE ?", "%@a").Scan(ctx, &ids)
}

func mutate(ctx context.Context, db *bun.DB, u *User) error {
	if _, err := db.NewUpdate().Model(u).Set("email = ?", u.Email).WherePK().Exec(ctx); err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
		return err
	}
	_, err := db.NewDelete().Model((*Order)(nil)).Where("user_id = ?", u.ID).Exec(ctx)
	return err
}

func raw(ctx context.Context, db *bun.DB) error {
	return db.NewRaw("SELECT 1").Scan(ctx)
}

func idents(ctx context.Context, db *bun.DB, col string) error {
	return db.NewSelect().Model((*User)(nil)).ColumnExpr("max(?)", bun.Ident("u.id")).Where("? = ?", bun.Ident("email"), "x").Where("?0 IS NOT NULL OR ?1", bun.Ident("id"), bun.Safe("true")).Scan(ctx)
}
