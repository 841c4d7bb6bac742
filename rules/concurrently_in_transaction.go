package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "concurrently-in-transaction",
		Title:      "CONCURRENTLY (and VACUUM) cannot run inside a transaction",
		Effect:     Locking,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX … CONCURRENTLY` and " +
			"`ALTER TABLE … DETACH PARTITION … CONCURRENTLY` commit internally between their phases, so " +
			"Postgres refuses to run them inside a transaction block: the migration fails with " +
			"`ERROR: CREATE INDEX CONCURRENTLY cannot run inside a transaction block` and, with tools " +
			"that wrap each file in a transaction, everything before it in the file is rolled back. " +
			"This is a certain failure at deploy time, not a risk. The same holds for `VACUUM`, " +
			"`CREATE`/`DROP DATABASE`, `CREATE`/`DROP TABLESPACE`, `ALTER SYSTEM` and, before Postgres " +
			"12, `ALTER TYPE … ADD VALUE`, which the rule flags too. Note that golang-migrate sends a multi-statement file as one query string, " +
			"which Postgres runs as one implicit transaction: such statements must be alone in their file.",
		Bad: "BEGIN;\nCREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\nCOMMIT;",
		Good: "-- +goose NO TRANSACTION\n" +
			"CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);",
		Fix: []string{
			"Remove explicit BEGIN/COMMIT around the statement.",
			"Tell the migration tool not to wrap the file: goose `-- +goose NO TRANSACTION`, dbmate `-- migrate:up transaction:false`, sql-migrate `-- +migrate notransaction`, tern/Flyway detect it or need the file on its own; golang-migrate never wraps.",
			"Keep the concurrent statement alone in its migration file, so a failure leaves nothing half-applied.",
		},
		Default: true,
		Check:   checkConcurrentlyInTransaction,
		Nodes:   []sqlast.Node{(*sqlast.CreateIndex)(nil), (*sqlast.Drop)(nil), (*sqlast.Reindex)(nil), (*sqlast.AlterTable)(nil), (*sqlast.Vacuum)(nil), (*sqlast.AlterEnum)(nil), (*sqlast.DropDatabase)(nil), (*sqlast.Other)(nil)},
	})
}

func checkConcurrentlyInTransaction(c *Context) {
	var what string
	obj := Object{}
	pos := c.Stmt.Pos
	switch n := c.Stmt.Node.(type) {
	case *sqlast.CreateIndex:
		if !n.Concurrently {
			return
		}
		what = "create index concurrently"
		obj = Object{Type: sqlast.ObjIndex, Schema: n.Table.Schema, Table: n.Table.Name, Index: n.Name, Columns: n.Columns}
	case *sqlast.Drop:
		if n.ObjType != sqlast.ObjIndex || !n.Concurrently {
			return
		}
		what = "drop index concurrently"
		obj = Object{Type: sqlast.ObjIndex}
		if len(n.Objects) > 0 {
			obj.Schema, obj.Index = n.Objects[0].Schema, n.Objects[0].Name
		}
	case *sqlast.Reindex:
		if !n.Concurrently {
			return
		}
		what = "reindex concurrently"
		switch n.Kind {
		case "table":
			obj = Object{Type: sqlast.ObjTable, Schema: n.Name.Schema, Table: n.Name.Name}
		case "index":
			obj = Object{Type: sqlast.ObjIndex, Schema: n.Name.Schema, Index: n.Name.Name}
		case "schema":
			obj = Object{Type: sqlast.ObjSchema, Name: n.Name.Name}
		default:
			obj = Object{Type: sqlast.ObjDatabase, Name: n.Name.Name}
		}
	case *sqlast.AlterTable:
		for i := range n.Cmds {
			if n.Cmds[i].Kind == sqlast.DetachPartition && n.Cmds[i].Concurrent {
				what = "detach partition concurrently"
				obj = Object{Type: sqlast.ObjTable, Schema: n.Table.Schema, Table: n.Table.Name, Name: n.Cmds[i].Name}
				if n.Cmds[i].Pos.Line > 0 {
					pos = n.Cmds[i].Pos
				}
				break
			}
		}
		if what == "" {
			return
		}
	case *sqlast.Vacuum:
		// ANALYZE may run in a transaction; VACUUM may not.
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(c.Stmt.Text)), "vacuum") {
			return
		}
		what = "vacuum"
		obj = Object{Type: sqlast.ObjDatabase}
		if len(n.Tables) > 0 {
			obj = Object{Type: sqlast.ObjTable, Schema: n.Tables[0].Schema, Table: n.Tables[0].Name}
		}
	case *sqlast.AlterEnum:
		// Before Postgres 12, ALTER TYPE … ADD VALUE refuses to run in a
		// transaction block.
		if n.AddValue == "" || c.PGVersion == 0 || c.PGVersion >= 12 {
			return
		}
		what = "alter type … add value (before postgres 12)"
		obj = Object{Type: sqlast.ObjEnumValue, Schema: n.Type.Schema, Name: n.Type.Name, Value: n.AddValue}
	case *sqlast.DropDatabase:
		what = "drop database"
		obj = Object{Type: sqlast.ObjDatabase, Name: n.Name}
	default:
		switch c.Stmt.Kind {
		case "CreatedbStmt":
			what = "create database"
		case "AlterSystemStmt":
			what = "alter system"
		case "CreateTableSpaceStmt":
			what = "create tablespace"
		case "DropTableSpaceStmt":
			what = "drop tablespace"
		default:
			return
		}
		obj = Object{Type: sqlast.ObjOther, Name: what}
	}
	tx := lkTxState(c)
	if !tx.InTx {
		return
	}
	where := "the migration tool's transaction"
	if !c.ToolTx && !tx.ExplicitOpen {
		where = "the implicit transaction postgres uses for a multi-statement file"
	}
	if tx.ExplicitOpen {
		where = "the transaction opened by BEGIN at line " + itoaLk(tx.BeginPos.Line)
	}
	c.Report(pos, obj,
		what+" cannot run inside a transaction block; the migration fails because it runs inside "+where,
		"run this statement in its own migration without a transaction (remove BEGIN/COMMIT, disable the tool's transaction)")
}
