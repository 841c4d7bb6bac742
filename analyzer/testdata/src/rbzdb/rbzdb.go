// Package rbzdb exercises zgo.at/zdb call sites.
package rbzdb

import (
	"context"

	"zgo.at/zdb"
)

type update struct {
	Subject string `db:"subject"`
}

func Calls(ctx context.Context, db zdb.DB) error {
	var has int
	var us []update
	_ = zdb.Get(ctx, &has, `select 1 from updates where show_at >= $1`, 1)                  // want "updates select exact" "updates.show_at select exact"
	_ = zdb.Select(ctx, &us, `select subject from updates order by show_at desc`)           // want "updates select exact" "updates.show_at select exact" "updates.subject select exact"
	_ = zdb.Exec(ctx, `update users set seen_updates_at=$1 where user_id=$2`, 1, 2)         // want "users update exact" "users.seen_updates_at update exact" "users.user_id select exact"
	_ = zdb.Exec(ctx, `delete from sites where site_id=:id`, zdb.P{"id": 1})                // want "sites delete exact" "sites.site_id select exact"
	_, _ = zdb.NumRows(ctx, `delete from sessions where site_id = ?`, 1)                    // want "sessions delete exact" "sessions.site_id select exact"
	_, _ = zdb.InsertID[int64](ctx, "path_id", `insert into paths (site_id) values (?)`, 1) // want "paths insert exact" "paths.site_id insert exact"
	_, _ = zdb.Query(ctx, `select hit_id from hits`)                                        // want "hits select exact" "hits.hit_id select exact"
	_ = db.Get(ctx, &has, `select count(*) from users`)                                     // want "users select exact"
	_ = db.Exec(ctx, `delete from hits where bot = 1`)                                      // want "hits delete exact" "hits.bot select exact"
	_ = zdb.MustGetDB(ctx).Select(ctx, &us, `select subject from updates`)                  // want "updates select exact" "updates.subject select exact"
	// queries loaded by name from the program's query files are not read
	_ = zdb.Select(ctx, &us, "load:hit_stats.ByRef", zdb.P{"site": 1}) // want `not read \(zdb\): zdb load:hit_stats.ByRef`
	// a bulk insert with a constant table and columns is an INSERT
	ins := zdb.NewBulkInsert(ctx, "hits", []string{"site_id", "bot"}) // want "hits insert exact" "hits.site_id insert exact" "hits.bot insert exact"
	ins.Values(1, 2)
	return ins.Finish()
}

var statsColumns = []string{"site_id", "path_id", "day", "stats"}

const statsTable = "hit_stats"

// Bulk inserts: columns in a variable, a constant table, the builder's
// constant OnConflict and Returning clauses.
func Bulk(ctx context.Context) error {
	ins := zdb.NewBulkInsert(ctx, statsTable, statsColumns) // want "hit_stats insert exact" "hit_stats.site_id insert exact" "hit_stats.path_id insert exact" "hit_stats.day insert exact" "hit_stats.stats insert exact" "hit_stats.site_id select exact" "hit_stats.path_id select exact" "hit_stats.day select exact" "hit_stats.stats select exact" "hit_stats.stats update exact"
	ins.OnConflict(`on conflict (site_id, path_id, day) do update set stats = excluded.stats`)
	ins.Values(1, 2, "2024-01-01", "[]")
	if err := ins.Finish(); err != nil {
		return err
	}
	cols := []string{"path", "title"}
	paths := zdb.NewBulkInsert(ctx, "paths", cols) // want "paths insert exact" "paths.path insert exact" "paths.title insert exact" "paths.path_id select exact"
	paths.Returning("path_id")
	paths.Values("/", "home")
	return paths.Finish()
}

type tbl struct {
	Table   string
	Columns []string
}

// The ok twin: a table or columns known only at run time are not read, and
// the call stays among zdb's unread uses.
func BulkDynamic(ctx context.Context, t tbl, col string) error {
	a := zdb.NewBulkInsert(ctx, t.Table, t.Columns)                     // want `not read \(zdb\): zdb.NewBulkInsert`
	b := zdb.NewBulkInsert(ctx, "hit_counts", []string{"site_id", col}) // want `not read \(zdb\): zdb.NewBulkInsert`
	a.Values(1)
	b.Values(1, 2)
	if err := a.Finish(); err != nil {
		return err
	}
	return b.Finish()
}

// not zdb: a Get of another package with a string is no statement
type cache struct{}

func (cache) Get(ctx context.Context, dest any, key string) error { return nil }

func NotSinks(ctx context.Context, c cache) {
	var s string
	_ = c.Get(ctx, &s, "select-this-key")
}
