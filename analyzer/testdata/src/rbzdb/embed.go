package rbzdb

import (
	"context"
	"embed"

	"zgo.at/zdb"
)

// Queries are the files zdb loads with "load:name": one statement each,
// with :name placeholders and zdb conditionals.
//
//go:embed query/*.sql
var Queries embed.FS // want "stats select exact \\(embed\\)" "stats.path select exact" "stats.total select exact" "stats.total select exact" "stats.site_id select exact" "stats.path_id select exact"

// Conditional: a zdb conditional in a call's statement is read with its
// text.
func Conditional(ctx context.Context) error {
	return zdb.Exec(ctx, `delete from hits where site_id = :site {{:path and path_id = :path}}`, zdb.P{"site": 1}) // want "hits delete exact" "hits.site_id select exact" "hits.path_id select exact"
}
