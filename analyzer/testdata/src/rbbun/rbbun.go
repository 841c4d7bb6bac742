// Package rbbun exercises bun's raw SQL call sites.
package rbbun

import (
	"context"

	"github.com/uptrace/bun"
)

func calls(ctx context.Context, db *bun.DB) {
	var n int
	db.NewRaw("SELECT count(*) FROM bun_raw WHERE flag = ?", true).Scan(ctx, &n) // want "bun_raw select exact" "bun_raw.flag select exact"
}
