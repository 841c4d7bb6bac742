package rbshapes

import (
	"database/sql"
)

// a query kept in an unexported field, set by a constructor and by a
// package variable: every value reaches the sink
type repo struct {
	db      *sql.DB
	listSQL string
	table   string
}

func newRepo(db *sql.DB) *repo {
	return &repo{db: db, listSQL: "SELECT id, legacy_email FROM f_customers", table: "f_store"}
}

var archived = repo{listSQL: "SELECT old_field FROM f_widgets", table: "f_store"}

func (r *repo) list() {
	r.db.Query(r.listSQL)                          // want "f_customers select exact" "f_customers.id select exact" "f_customers.legacy_email select exact" "f_widgets select exact" "f_widgets.old_field select exact"
	r.db.Query("SELECT old_s FROM " + r.table)     // want "f_store select exact" "f_store.old_s select exact"
	r.db.Query("UPDATE " + r.table + " SET a = 1") // want "f_store update exact" "f_store.a update exact"
}

// an anonymous struct of statements in an unexported variable
var stmts = struct {
	GetUser string
	DelUser string
}{
	GetUser: "SELECT legacy_email FROM f_struct WHERE id = $1",
	DelUser: "DELETE FROM f_struct WHERE id = $1",
}

func structVar(db *sql.DB) {
	db.Query(stmts.GetUser, 1) // want "f_struct select exact" "f_struct.legacy_email select exact" "f_struct.id select exact"
}

// positional literals; a value assigned to the field of any variable of
// the type counts (fields are not told apart by the variable they are in),
// except for a range variable over a literal: each element's own values
type job struct {
	name string
	sql  string
}

var jobs = []job{
	{"a", "UPDATE f_jobs SET old_a = NULL"},
	{"b", "UPDATE f_jobs SET old_b = NULL"},
}

func runJobs(db *sql.DB) {
	for _, j := range jobs {
		db.Exec(j.sql) // want "f_jobs update exact" "f_jobs.old_a update exact" "f_jobs.old_b update exact"
	}
	var extra job
	extra.sql = "DELETE FROM f_jobs_extra"
	db.Exec(extra.sql) // want "f_jobs update exact" "f_jobs.old_a update exact" "f_jobs.old_b update exact" "f_jobs_extra delete exact"
	for _, p := range []*pair{{"f_p1", "c1"}, {"f_p2", "c2"}} {
		db.Query("SELECT " + p.column + " FROM " + p.table) // want "f_p1 select exact" "f_p1.c1 select exact" "f_p2 select exact" "f_p2.c2 select exact"
	}
}

type pair struct{ table, column string }

// an exported field of an exported type may be set by another package;
// a tagged field by a decoder: the values seen here and a dynamic entry
type Config struct {
	Query string // want Query:`field values \["SELECT f_cfg_col FROM f_cfg"\]; field Query may be set by another package`
}

type fileConfig struct {
	Cleanup string `yaml:"cleanup"`
}

func DefaultConfig() Config { return Config{Query: "SELECT f_cfg_col FROM f_cfg"} }

func (c Config) run(db *sql.DB, fc fileConfig) {
	db.Query(c.Query)   // want "f_cfg select exact" "f_cfg.f_cfg_col select exact" "dynamic sql: field Query may be set by another package"
	db.Exec(fc.Cleanup) // want "f_tagged delete exact" "dynamic sql: field Cleanup has a struct tag"
	_ = fileConfig{Cleanup: "DELETE FROM f_tagged"}
}

// statements kept in an exported variable of an anonymous struct type:
// other packages fold Queries.ListOrders through a FieldFact
var Queries = struct {
	ListOrders string // want ListOrders:`field values \["SELECT id, old_total FROM f_orders"\]`
	Label      string
}{
	ListOrders: "SELECT id, old_total FROM f_orders",
	Label:      "orders",
}
