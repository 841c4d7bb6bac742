package analyzer

// The sink table: every library call whose argument is SQL text.
//
// A row names the package paths, the receiver type names ("" for a package
// function), the method, the index of the SQL argument (receiver excluded)
// and how the argument is used. Methods of any other type or interface with
// the same name and parameter shape (sqlc's DBTX, a repository's own DB
// interface) are matched by shape: see shapes below.

// argUse is what a sink does with its SQL argument.
type argUse int

const (
	useSQL      argUse = iota // a whole statement
	useFragment               // an ORM fragment: WHERE condition, column list, table expression…
	useTable                  // a table name (gorm Table, bun Table)
	usePass                   // returns the argument rewritten (Rebind): fold through it
)

type sinkSpec struct {
	pkgs   []string
	recvs  []string // receiver type names; nil for a package-level function
	method string
	arg    int
	use    argUse
	via    string
	clause string // for fragments: "where", "select", "order", "join", "having", "from", "group", "set"
}

var (
	pkgDatabaseSQL = []string{"database/sql"}
	pkgPgx         = []string{"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4", "github.com/jackc/pgx/v5/pgxpool", "github.com/jackc/pgx/v4/pgxpool", "github.com/jackc/pgconn", "github.com/jackc/pgx/v5/pgconn"}
	pkgSqlx        = []string{"github.com/jmoiron/sqlx"}
	pkgGorm        = []string{"gorm.io/gorm", "github.com/jinzhu/gorm"}
	pkgBun         = []string{"github.com/uptrace/bun"}
)

func sinkRows() []sinkSpec {
	var rows []sinkSpec
	add := func(pkgs, recvs []string, via string, use argUse, arg int, methods ...string) {
		for _, m := range methods {
			rows = append(rows, sinkSpec{pkgs: pkgs, recvs: recvs, method: m, arg: arg, use: use, via: via})
		}
	}
	sqlRecv := []string{"DB", "Tx", "Conn"}
	add(pkgDatabaseSQL, sqlRecv, "database/sql", useSQL, 0, "Query", "QueryRow", "Exec", "Prepare")
	add(pkgDatabaseSQL, sqlRecv, "database/sql", useSQL, 1, "QueryContext", "QueryRowContext", "ExecContext", "PrepareContext")

	pgxRecv := []string{"Conn", "Pool", "Tx", "PgConn", "Conn", "dbTx", "Querier"}
	add(pkgPgx, pgxRecv, "pgx", useSQL, 1, "Query", "QueryRow", "Exec")
	add(pkgPgx, pgxRecv, "pgx", useSQL, 2, "Prepare")
	add(pkgPgx, []string{"Batch"}, "pgx", useSQL, 0, "Queue")

	sqlxRecv := []string{"DB", "Tx", "Conn", "Stmt", "NamedStmt", "Ext", "Queryer", "Execer", "QueryerContext", "ExecerContext", "ExtContext"}
	add(pkgSqlx, sqlxRecv, "sqlx", useSQL, 0, "Query", "QueryRow", "Exec", "Prepare", "Queryx", "QueryRowx", "MustExec", "NamedExec", "NamedQuery", "Preparex", "PrepareNamed")
	add(pkgSqlx, sqlxRecv, "sqlx", useSQL, 1, "Get", "Select", "QueryContext", "QueryRowContext", "ExecContext", "PrepareContext", "QueryxContext", "QueryRowxContext", "MustExecContext", "NamedExecContext", "NamedQueryContext", "PreparexContext", "PrepareNamedContext")
	add(pkgSqlx, sqlxRecv, "sqlx", useSQL, 2, "GetContext", "SelectContext")
	add(pkgSqlx, nil, "sqlx", useSQL, 2, "Get", "Select", "NamedExec", "NamedQuery")
	add(pkgSqlx, nil, "sqlx", useSQL, 3, "GetContext", "SelectContext", "NamedExecContext", "NamedQueryContext")
	add(pkgSqlx, nil, "sqlx", useSQL, 1, "MustExec", "In")
	add(pkgSqlx, nil, "sqlx", useSQL, 0, "Named")
	add(pkgSqlx, nil, "sqlx", usePass, 1, "Rebind")
	add(pkgSqlx, sqlxRecv, "sqlx", usePass, 0, "Rebind")

	add(pkgGorm, []string{"DB"}, "gorm", useSQL, 0, "Raw", "Exec")
	add(pkgGorm, []string{"DB"}, "gorm", useTable, 0, "Table")
	for _, c := range []struct{ m, clause string }{{"Where", "where"}, {"Or", "where"}, {"Not", "where"}, {"Select", "select"}, {"Joins", "join"}, {"Order", "order"}, {"Having", "having"}, {"Group", "group"}, {"Pluck", "select"}, {"Update", "set"}} {
		rows = append(rows, sinkSpec{pkgs: pkgGorm, recvs: []string{"DB"}, method: c.m, arg: 0, use: useFragment, via: "gorm", clause: c.clause})
	}
	add(pkgBun, []string{"DB", "Tx", "Conn", "IDB"}, "bun", useSQL, 0, "NewRaw")
	add(pkgBun, []string{"DB", "Tx", "Conn", "IDB"}, "bun", useSQL, 1, "QueryContext", "ExecContext", "QueryRowContext")
	bunQ := []string{"SelectQuery", "UpdateQuery", "DeleteQuery", "InsertQuery"}
	for _, c := range []struct{ m, clause string }{{"TableExpr", "from"}, {"ModelTableExpr", "from"}, {"ColumnExpr", "select"}, {"Where", "where"}, {"WhereOr", "where"}, {"Join", "join"}, {"JoinOn", "where"}, {"OrderExpr", "order"}, {"GroupExpr", "group"}, {"Having", "having"}, {"Set", "set"}, {"Returning", "select"}} {
		rows = append(rows, sinkSpec{pkgs: pkgBun, recvs: bunQ, method: c.m, arg: 0, use: useFragment, via: "bun", clause: c.clause})
	}
	return rows
}

// shape is a method parameter shape that marks any type's method as a sink:
// sqlc's DBTX and hand-written DB interfaces have the database/sql, pgx or
// sqlx method names and parameter types, often with unnamed parameters.
type shape struct {
	method string
	params []paramKind // the fixed parameters; the last is followed by an optional variadic
	arg    int
	via    string
}

type paramKind int

const (
	pString paramKind = iota
	pContext
	pAny // interface{} / any destination
)

var shapes = []shape{
	{"Query", []paramKind{pString}, 0, "database/sql"},
	{"QueryRow", []paramKind{pString}, 0, "database/sql"},
	{"Exec", []paramKind{pString}, 0, "database/sql"},
	{"Prepare", []paramKind{pString}, 0, "database/sql"},
	{"QueryContext", []paramKind{pContext, pString}, 1, "database/sql"},
	{"QueryRowContext", []paramKind{pContext, pString}, 1, "database/sql"},
	{"ExecContext", []paramKind{pContext, pString}, 1, "database/sql"},
	{"PrepareContext", []paramKind{pContext, pString}, 1, "database/sql"},
	{"Query", []paramKind{pContext, pString}, 1, "pgx"},
	{"QueryRow", []paramKind{pContext, pString}, 1, "pgx"},
	{"Exec", []paramKind{pContext, pString}, 1, "pgx"},
	{"Prepare", []paramKind{pContext, pString, pString}, 2, "pgx"},
	{"Queue", []paramKind{pString}, 0, "pgx"},
	{"Queryx", []paramKind{pString}, 0, "sqlx"},
	{"QueryRowx", []paramKind{pString}, 0, "sqlx"},
	{"MustExec", []paramKind{pString}, 0, "sqlx"},
	{"NamedExec", []paramKind{pString, pAny}, 0, "sqlx"},
	{"NamedQuery", []paramKind{pString, pAny}, 0, "sqlx"},
	{"Preparex", []paramKind{pString}, 0, "sqlx"},
	{"PrepareNamed", []paramKind{pString}, 0, "sqlx"},
	{"Get", []paramKind{pAny, pString}, 1, "sqlx"},
	{"Select", []paramKind{pAny, pString}, 1, "sqlx"},
	{"QueryxContext", []paramKind{pContext, pString}, 1, "sqlx"},
	{"QueryRowxContext", []paramKind{pContext, pString}, 1, "sqlx"},
	{"MustExecContext", []paramKind{pContext, pString}, 1, "sqlx"},
	{"NamedExecContext", []paramKind{pContext, pString, pAny}, 1, "sqlx"},
	{"NamedQueryContext", []paramKind{pContext, pString, pAny}, 1, "sqlx"},
	{"PreparexContext", []paramKind{pContext, pString}, 1, "sqlx"},
	{"GetContext", []paramKind{pContext, pAny, pString}, 2, "sqlx"},
	{"SelectContext", []paramKind{pContext, pAny, pString}, 2, "sqlx"},
	{"Raw", []paramKind{pString}, 0, "gorm"},
	{"NewRaw", []paramKind{pString}, 0, "bun"},
}

// shapesByName indexes shapes by method name.
var shapesByName = func() map[string][]shape {
	m := map[string][]shape{}
	for _, s := range shapes {
		m[s.method] = append(m[s.method], s)
	}
	return m
}()

// knownDBPkgs are packages whose types in a method signature make a
// shape-matched method a certain database call.
var knownDBPkgs = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range [][]string{pkgDatabaseSQL, pkgPgx, pkgSqlx, pkgGorm, pkgBun} {
		for _, p := range l {
			m[p] = true
		}
	}
	return m
}()

// sinkIndex maps pkg path → receiver ("" for functions) → method → spec.
type sinkIndex map[string]map[string]map[string]sinkSpec

func buildSinkIndex(rows []sinkSpec) sinkIndex {
	idx := sinkIndex{}
	for _, r := range rows {
		recvs := r.recvs
		if recvs == nil {
			recvs = []string{""}
		}
		for _, p := range r.pkgs {
			if idx[p] == nil {
				idx[p] = map[string]map[string]sinkSpec{}
			}
			for _, rv := range recvs {
				if idx[p][rv] == nil {
					idx[p][rv] = map[string]sinkSpec{}
				}
				idx[p][rv][r.method] = r
			}
		}
	}
	return idx
}

var defaultSinks = buildSinkIndex(sinkRows())

// sqlMethodNames: every method name that is a SQL sink somewhere, with the
// candidate SQL argument indexes, for calls whose receiver type is unknown
// (the fast driver without dependencies).
var sqlMethodNames = func() map[string][]int {
	m := map[string][]int{}
	addIdx := func(name string, i int) {
		for _, x := range m[name] {
			if x == i {
				return
			}
		}
		m[name] = append(m[name], i)
	}
	for _, r := range sinkRows() {
		if r.use == useSQL && r.recvs != nil {
			addIdx(r.method, r.arg)
		}
	}
	return m
}()
