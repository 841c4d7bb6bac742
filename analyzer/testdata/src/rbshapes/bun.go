package rbshapes

import (
	"context"

	"github.com/uptrace/bun"
)

type BunAccount struct { // want "bun_accounts model exact" "bun_accounts.id model exact" "bun_accounts.plan model exact"
	bun.BaseModel `bun:"table:bun_accounts,alias:a"`
	ID            int64 `bun:",pk"`
	Plan          string
}

// bun's upsert: On("CONFLICT … DO UPDATE") with Set
func bunUpsert(ctx context.Context, db *bun.DB, a *BunAccount) {
	db.NewInsert().Model(a).On("CONFLICT (id) DO UPDATE").Set("old_up = EXCLUDED.old_up").Exec(ctx) // want "bun_accounts insert exact" "bun_accounts.id insert exact" "bun_accounts.plan insert exact" "bun_accounts.old_up update exact" "bun_accounts.old_up select exact" "bun_accounts.id select exact"
}
