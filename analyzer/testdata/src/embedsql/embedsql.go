// Package embedsql runs SQL from embedded files.
package embedsql

import (
	"database/sql"
	"embed"
	"io/fs"
)

//go:embed queries/report.sql
var reportSQL string // want "invoices select exact \\(embed\\)" "invoices.amount select exact" "invoices.paid select exact"

//go:embed queries
var queries embed.FS // want "invoices select exact \\(embed\\)" "invoices.amount select exact" "invoices.paid select exact" "refunds delete exact \\(embed\\)"

func run(db *sql.DB) {
	db.Query(reportSQL)
	b, _ := queries.ReadFile("queries/cleanup.sql")
	db.Exec(string(b))
	c, _ := fs.ReadFile(queries, "queries/report.sql")
	db.Query(string(c))
}
