package gomig

import (
	"fmt"
	"strings"
	"testing"
)

// runners renders what Runners found: one line per runner, step, problem,
// statement and unread site.
func runners(files map[string]string) string {
	var b strings.Builder
	for _, r := range Runners(mapFS(files), Options{}) {
		fmt.Fprintf(&b, "%s %s:%d dir=%s\n", r.Kind, r.File, r.Line, r.Dir)
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "  problem %s:%d %s\n", p.File, p.Line, p.Reason)
		}
		for _, x := range r.Start {
			fmt.Fprintf(&b, "  start %s:%d:%d %s\n", x.File, x.Line, x.Col, strings.Join(strings.Fields(x.SQL), " "))
		}
		for _, x := range r.StartUnread {
			fmt.Fprintf(&b, "  start unread %s:%d:%d %s\n", x.File, x.Line, x.Col, x.Reason)
		}
		for _, st := range r.Steps {
			fmt.Fprintf(&b, "  step %s prev=%q\n", st.ID, st.Prev)
			for _, s := range st.Stmts {
				fmt.Fprintf(&b, "    %s:%d:%d %s\n", s.File, s.Line, s.Col, strings.Join(strings.Fields(s.SQL), " "))
			}
			for _, s := range st.Unread {
				fmt.Fprintf(&b, "    unread %s:%d:%d %s shapes=%q\n", s.File, s.Line, s.Col, s.Reason, s.Shapes)
			}
		}
	}
	return b.String()
}

const listmonkUpgrade = `package main

import "example.com/app/internal/migrations"

var migList = []migFunc{
	{"v0.1.0", migrations.V0_1_0},
	{"v0.2.0", migrations.V0_2_0},
}
`

func TestRunnersList(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{{
		name: "listmonk: a list of {version, function}, a multi-statement constant and a loop over a constant list",
		files: map[string]string{
			"go.mod":                        "module example.com/app\n",
			"cmd/upgrade.go":                listmonkUpgrade,
			"internal/migrations/v0.1.0.go": "package migrations\n\nfunc V0_1_0(db *sqlx.DB) error {\n\t_, err := db.Exec(`CREATE TABLE a (id int); CREATE TABLE b (id int)`)\n\treturn err\n}\n",
			"internal/migrations/v0.2.0.go": "package migrations\n\nvar qs = []string{\"ALTER TABLE a ADD COLUMN x text\", \"DROP TABLE b\"}\n\nfunc V0_2_0(db *sqlx.DB) error {\n\ttx, _ := db.Begin()\n\tfor _, q := range qs {\n\t\ttx.Exec(q)\n\t}\n\treturn tx.Commit()\n}\n",
		},
		want: `list cmd/upgrade.go:5 dir=internal/migrations
  step v0.1.0 prev=""
    internal/migrations/v0.1.0.go:4:20 CREATE TABLE a (id int); CREATE TABLE b (id int)
  step v0.2.0 prev=""
    internal/migrations/v0.2.0.go:3:19 ALTER TABLE a ADD COLUMN x text
    internal/migrations/v0.2.0.go:3:54 DROP TABLE b
`,
	}, {
		name: "an element whose function is not found is a problem, the rest are steps",
		files: map[string]string{
			"go.mod":                        "module example.com/app\n",
			"cmd/upgrade.go":                listmonkUpgrade,
			"internal/migrations/v0.1.0.go": "package migrations\n\nfunc V0_1_0(db *sqlx.DB) error {\n\t_, err := db.Exec(`CREATE TABLE a (id int)`)\n\treturn err\n}\n",
		},
		want: `list cmd/upgrade.go:5 dir=internal/migrations
  problem cmd/upgrade.go:7 an element of migList whose name or up function rbcheck cannot read ({"v0.2.0", migrations.V0_2_0})
  step v0.1.0 prev=""
    internal/migrations/v0.1.0.go:4:20 CREATE TABLE a (id int)
`,
	}, {
		name: "xormigrate: values with ID and Migrate; Rollback is not read; a sync of a model rbcheck cannot find is unread",
		files: map[string]string{
			"store/migration/migration.go":      "package migration\n\nvar migrationTasks = []*xormigrate.Migration{\n\t&addOrgID,\n}\n",
			"store/migration/001_add_org_id.go": "package migration\n\nvar addOrgID = xormigrate.Migration{\n\tID: \"add-org-id\",\n\tMigrate: func(sess *xorm.Engine) error {\n\t\tif err := sess.Sync(new(repoV001)); err != nil {\n\t\t\treturn err\n\t\t}\n\t\t_, err := sess.Exec(\"UPDATE repos SET org_id = 0\")\n\t\treturn err\n\t},\n\tRollback: func(sess *xorm.Engine) error {\n\t\t_, err := sess.Exec(\"DROP TABLE repos\")\n\t\treturn err\n\t},\n}\n",
		},
		want: `list store/migration/migration.go:3 dir=store/migration
  step add-org-id prev=""
    store/migration/001_add_org_id.go:9:23 UPDATE repos SET org_id = 0
    unread store/migration/001_add_org_id.go:6:13 sess.Sync changes the schema from Go models, which rbcheck does not turn into SQL: its model's type repoV001 is not a struct type rbcheck can find shapes=[]
`,
	}, {
		name: "xormigrate: a sync of a model struct is read from its fields and xorm tags; the runner's start syncs every model",
		files: map[string]string{
			"go.mod": "module example.com/app\n",
			"store/migration/migration.go": `package migration

import "example.com/app/model"

var migrationTasks = []*xormigrate.Migration{
	&addOrgID,
}

var allBeans = []any{new(model.Repo)}

func Migrate(e *xorm.Engine) error {
	m := xormigrate.New(e, migrationTasks)
	if err := m.Migrate(); err != nil {
		return err
	}
	return syncAll(e)
}

func syncAll(sess *xorm.Engine) error {
	for _, bean := range allBeans {
		if err := sess.Sync(bean); err != nil {
			return err
		}
	}
	return nil
}
`,
			"store/migration/001_add_org_id.go": "package migration\n\ntype repoV001 struct {\n\tID    int64  `xorm:\"pk autoincr 'id'\"`\n\tOrgID int64  `xorm:\"INDEX 'org_id'\"`\n\tOwner string `xorm:\"UNIQUE(name) NOTNULL\"`\n}\n\nfunc (repoV001) TableName() string { return \"repos\" }\n\nvar addOrgID = xormigrate.Migration{\n\tID: \"add-org-id\",\n\tMigrate: func(sess *xorm.Engine) error {\n\t\treturn sess.Sync(new(repoV001))\n\t},\n}\n",
			"model/repo.go":                     "package model\n\ntype ForgeType string\n\ntype Repo struct {\n\tID        int64     `xorm:\"pk autoincr 'id'\"`\n\tForgeType ForgeType `xorm:\"VARCHAR(250)\"`\n\tOAuthHost string\n\tSecret    string    `xorm:\"-\"`\n}\n",
		},
		want: `list store/migration/migration.go:5 dir=store/migration
  start store/migration/migration.go:16:9 CREATE TABLE IF NOT EXISTS "repo" ("id" bigserial NOT NULL, "forge_type" varchar(250), "o_auth_host" varchar(255), PRIMARY KEY ("id"))
  start store/migration/migration.go:16:9 ALTER TABLE "repo" ADD COLUMN IF NOT EXISTS "forge_type" varchar(250)
  start store/migration/migration.go:16:9 ALTER TABLE "repo" ADD COLUMN IF NOT EXISTS "o_auth_host" varchar(255)
  step add-org-id prev=""
    store/migration/001_add_org_id.go:14:10 CREATE TABLE IF NOT EXISTS "repos" ("id" bigserial NOT NULL, "org_id" bigint, "owner" varchar(255) NOT NULL, PRIMARY KEY ("id"))
    store/migration/001_add_org_id.go:14:10 ALTER TABLE "repos" ADD COLUMN IF NOT EXISTS "org_id" bigint
    store/migration/001_add_org_id.go:14:10 ALTER TABLE "repos" ADD COLUMN IF NOT EXISTS "owner" varchar(255) NOT NULL
    store/migration/001_add_org_id.go:14:10 CREATE UNIQUE INDEX IF NOT EXISTS "UQE_repos_name" ON "repos" ("owner")
    store/migration/001_add_org_id.go:14:10 CREATE INDEX IF NOT EXISTS "IDX_repos_org_id" ON "repos" ("org_id")
`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runners(tc.files); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

const chainManager = `package migrations

import "example.com/app/schema"

var DatabaseMigrations = migrate.NewManager()

func registerIndex(ix schema.Index, name, prev string) {
	DatabaseMigrations.Register(name, prev, func(ctx context.Context, conn *pgx.Conn) error {
		return schema.CreateIndex(ctx, conn, ix)
	}, nil)
}
`

const chainSchema = `package schema

type Index struct{ Name, Columns string }

var IndexA = Index{Name: "ix_a", Columns: "t (a)"}

func CreateIndex(ctx context.Context, conn execer, ix Index) error {
	_, err := conn.Exec(ctx, fmt.Sprintf("CREATE INDEX CONCURRENTLY %s ON %s", ix.Name, ix.Columns))
	return err
}
`

func TestRunnersChain(t *testing.T) {
	base := map[string]string{
		"go.mod":                      "module example.com/app\n",
		"migrations/manager.go":       chainManager,
		"schema/index.go":             chainSchema,
		"migrations/zz_0002_index.go": "package migrations\n\nimport \"example.com/app/schema\"\n\nfunc init() { registerIndex(schema.IndexA, \"add-ix-a\", \"initial\") }\n",
		"migrations/zz_0003_backfill.go": `package migrations

const dropPK = "ALTER TABLE t DROP CONSTRAINT %s"

var backfills = []string{"UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t LIMIT %d)"}

func init() {
	DatabaseMigrations.Register("backfill", "add-ix-a", func(ctx context.Context, conn *pgx.Conn) error {
		for _, stmt := range backfills {
			conn.Exec(ctx, fmt.Sprintf(stmt, batch(ctx)))
		}
		var name string
		conn.QueryRow(ctx, "SELECT 1").Scan(&name)
		_, err := conn.Exec(ctx, fmt.Sprintf(dropPK, name))
		return err
	}, nil)
}
`,
	}
	initial := "package migrations\n\nfunc init() {\n\tDatabaseMigrations.Register(\"initial\", \"\", nil, func(ctx context.Context, tx pgx.Tx) error {\n\t\t_, err := tx.Exec(ctx, `CREATE TABLE t (id int PRIMARY KEY, a int)`)\n\t\treturn err\n\t})\n}\n"
	okFiles := map[string]string{"migrations/zz_0001_initial.go": initial}
	for k, v := range base {
		okFiles[k] = v
	}
	want := `chain migrations/zz_0001_initial.go:4 dir=migrations
  step initial prev=""
    migrations/zz_0001_initial.go:5:26 CREATE TABLE t (id int PRIMARY KEY, a int)
  step add-ix-a prev="initial"
    migrations/zz_0002_index.go:5:15 CREATE INDEX CONCURRENTLY ix_a ON t (a)
  step backfill prev="add-ix-a"
    unread migrations/zz_0003_backfill.go:10:4 the SQL conn.Exec runs is built at run time (fmt.Sprintf(stmt, batch(ctx))) shapes=["UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t LIMIT 0)"]
    unread migrations/zz_0003_backfill.go:14:13 the SQL conn.Exec runs is built at run time (fmt.Sprintf(dropPK, name)) shapes=["ALTER TABLE t DROP CONSTRAINT rbcheck_runtime"]
`
	if got := runners(okFiles); got != want {
		t.Errorf("complete chain: got\n%s\nwant\n%s", got, want)
	}
	// without its first step the chain has no start: every step is a
	// problem, none is placed
	got := runners(base)
	if !strings.Contains(got, `problem migrations/zz_0002_index.go:5 migration "add-ix-a" follows "initial", which is not in the chain`) ||
		strings.Contains(got, "  step ") {
		t.Errorf("chain without its first step: got\n%s", got)
	}
}
