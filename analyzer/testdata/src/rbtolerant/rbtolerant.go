// Package rbtolerant queries SELECT * through handles of another package,
// some configured to skip unknown columns.
package rbtolerant

import (
	"context"

	"github.com/georgysavva/scany/v2/dbscan"
	"github.com/georgysavva/scany/v2/pgxscan"
	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"

	"rbtolerant/handles"
)

type row struct{ ID int64 }

func bunHandles(ctx context.Context, s *handles.Store, param *bun.DB) {
	var r row
	handles.Lax.NewRaw("SELECT * FROM t").Scan(ctx, &r)    // want `result: by-name bun Scan, skips unknown columns \(bun.WithDiscardUnknownColumns\(\)\)`
	s.DB.NewRaw("SELECT * FROM t").Scan(ctx, &r)           // want `result: by-name bun Scan, strict`
	handles.Strict.NewRaw("SELECT * FROM t").Scan(ctx, &r) // want `result: by-name bun Scan, strict`
	handles.Mixed.NewRaw("SELECT * FROM t").Scan(ctx, &r)  // want `result: by-name bun Scan, strict`
	param.NewRaw("SELECT * FROM t").Scan(ctx, &r)          // want `result: by-name bun Scan, strict`
	local := bun.NewDB(nil, nil, bun.WithDiscardUnknownColumns())
	local.NewRaw("SELECT * FROM t").Scan(ctx, &r) // want `result: by-name bun Scan, skips unknown columns \(bun.WithDiscardUnknownColumns\(\)\)`
}

func sqlxHandles(s *handles.Store) {
	var r row
	handles.Unsafe.Get(&r, "SELECT * FROM t") // want `result: by-name sqlx Get, skips unknown columns \(sqlx Unsafe\(\)\)`
	s.X.Get(&r, "SELECT * FROM t")            // want `result: by-name sqlx Get, strict`
	s.X.Unsafe().Get(&r, "SELECT * FROM t")   // want `result: by-name sqlx Get, skips unknown columns \(sqlx Unsafe\(\)\)`
}

func laxAPI() *pgxscan.API {
	d, _ := pgxscan.NewDBScanAPI(dbscan.WithAllowUnknownColumns(true))
	api, _ := pgxscan.NewAPI(d)
	return api
}

var strictAPI, _ = pgxscan.NewAPI(nil)

func scany(ctx context.Context, conn *pgx.Conn) {
	var rs []row
	pgxscan.Select(ctx, conn, &rs, "SELECT * FROM t") // want `result: by-name scany Select, strict`
	d, _ := dbscan.NewAPI(dbscan.WithAllowUnknownColumns(true))
	api, _ := pgxscan.NewAPI(d)
	api.Select(ctx, conn, &rs, "SELECT * FROM t")       // want `result: by-name scany Select, skips unknown columns \(dbscan.WithAllowUnknownColumns\(true\)\)`
	strictAPI.Select(ctx, conn, &rs, "SELECT * FROM t") // want `result: by-name scany Select, strict`
	off, _ := dbscan.NewAPI(dbscan.WithAllowUnknownColumns(false))
	offAPI, _ := pgxscan.NewAPI(off)
	offAPI.Get(ctx, conn, &rs, "SELECT * FROM t") // want `result: by-name scany Get, strict`
	rows, _ := conn.Query(ctx, "SELECT * FROM t") // want `result: by-name scany ScanAll, strict`
	_ = pgxscan.ScanAll(&rs, rows)
}
