package rbshapes

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// a table name quoted by pgx.Identifier.Sanitize
func pgxIdent(ctx context.Context, conn *pgx.Conn, name string) {
	t := pgx.Identifier{"public", "p_ident"}.Sanitize()
	conn.Exec(ctx, "UPDATE "+t+" SET old_i = 1")                                      // want "public.p_ident update exact" "public.p_ident.old_i update exact"
	conn.Exec(ctx, "DELETE FROM "+pgx.Identifier{name}.Sanitize()+" WHERE old_j = 1") // want "dynamic sql: a part of the pgx.Identifier is computed at run time; its constant parts name no table \\(columns old_j\\)"
}

// a statement prepared under a name, then run by that name
func pgxPrepared(ctx context.Context, conn *pgx.Conn) {
	conn.Prepare(ctx, "get_user", "SELECT old_p FROM p_prepared WHERE id = $1") // want "p_prepared select exact" "p_prepared.old_p select exact" "p_prepared.id select exact"
	conn.Exec(ctx, "get_user", 1)
}
