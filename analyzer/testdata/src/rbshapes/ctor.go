package rbshapes

import "database/sql"

// a constructor that keeps its SQL parameter in a field read whole by a
// sink is a wrapper: its callers' arguments are the statements
type Paginator struct {
	db    *sql.DB
	query string
	page  int
}

func NewPaginator(db *sql.DB, query string) *Paginator { // want NewPaginator:"sql sink arg 1 via database/sql"
	return &Paginator{db: db, query: query}
}

func (p *Paginator) Next() {
	p.page++
	p.db.Query(p.query, p.page)
}

type counter struct {
	db  *sql.DB
	sql string
}

func newCounter(db *sql.DB, table, q string) *counter { // want newCounter:"sql sink arg 2 via database/sql"
	c := &counter{db: db}
	c.sql = q
	return c
}

func (c *counter) count() { c.db.QueryRow(c.sql) }

func paginate(db *sql.DB) {
	NewPaginator(db, "SELECT id, old_page FROM c_pages ORDER BY id") // want "c_pages select exact" "c_pages.id select exact" "c_pages.id select exact" "c_pages.old_page select exact"
	newCounter(db, "ignored", "SELECT count(old_n) FROM c_count")    // want "c_count select exact" "c_count.old_n select exact"
}
