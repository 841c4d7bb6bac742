package pgparse

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// qTestSchema is a catalog for tests.
type qTestSchema map[string][]string

func (s qTestSchema) Columns(t sqlast.Name) ([]string, bool) {
	c, ok := s[t.String()]
	return c, ok
}

var testSchema = qTestSchema{
	"users":       {"id", "email", "name", "legacy_email", "created_at", "status", "org_id", "deleted_at"},
	"orders":      {"id", "user_id", "status", "total", "created_at", "payload"},
	"order_items": {"id", "order_id", "sku", "qty"},
	"orgs":        {"id", "name"},
	"jobs":        {"id", "state", "run_at", "attempts", "queue"},
	"audit.log":   {"id", "user_id", "action", "at"},
}

// qUseStrings renders uses as "table.column:kind"; a table use is
// "table:kind" and an unresolved column "?column[cand|cand]:kind".
func qUseStrings(uses []sqlast.Use) []string {
	set := map[string]bool{}
	for _, u := range uses {
		var s string
		switch {
		case u.Table.Name == "":
			var cs []string
			for _, c := range u.Candidates {
				cs = append(cs, c.String())
			}
			sort.Strings(cs)
			s = "?" + u.Column + "[" + strings.Join(cs, "|") + "]"
		case u.Column == "":
			s = u.Table.String()
		default:
			s = u.Table.String() + "." + u.Column
		}
		set[s+":"+string(u.Kind)] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func qSplit(s string) []string {
	out := strings.Fields(s)
	sort.Strings(out)
	return out
}

// queryCases are realistic application queries with the exact set of uses
// AnalyzeQuery must report.
var queryCases = []struct {
	name   string
	sql    string
	schema bool
	want   string // space-separated qUseStrings
	kind   string
}{
	{
		name: "single table unqualified",
		sql:  "SELECT id, email FROM users WHERE status = $1",
		want: "users:select users.id:select users.email:select users.status:select",
		kind: "select",
	},
	{
		name: "alias resolves to base table",
		sql:  "SELECT u.email, u.legacy_email FROM users u WHERE u.id = $1",
		want: "users:select users.email:select users.legacy_email:select users.id:select",
	},
	{
		name: "schema qualified table and column",
		sql:  "SELECT audit.log.action, l.at FROM audit.log AS l WHERE l.user_id = $1",
		want: "audit.log:select audit.log.action:select audit.log.at:select audit.log.user_id:select",
	},
	{
		name: "join with aliases",
		sql: `SELECT o.id, o.total, u.email FROM orders o
				JOIN users u ON u.id = o.user_id
				WHERE o.status = 'shipped' ORDER BY o.created_at DESC LIMIT $1 OFFSET $2`,
		want: "orders:select users:select orders.id:select orders.total:select users.email:select users.id:select orders.user_id:select orders.status:select orders.created_at:select",
	},
	{
		name: "unqualified in join without schema gives candidates",
		sql:  "SELECT email, total FROM users u JOIN orders o ON o.user_id = u.id",
		want: "users:select orders:select ?email[orders|users]:select ?total[orders|users]:select orders.user_id:select users.id:select",
	},
	{
		name:   "unqualified in join with schema picks the owner",
		sql:    "SELECT email, total, status FROM users u JOIN orders o ON o.user_id = u.id",
		schema: true,
		want:   "users:select orders:select users.email:select orders.total:select ?status[orders|users]:select orders.user_id:select users.id:select",
	},
	{
		name: "cte is not a table",
		sql:  "WITH x AS (SELECT id, email FROM users WHERE deleted_at IS NULL) SELECT x.email FROM x",
		want: "users:select users.id:select users.email:select users.deleted_at:select",
	},
	{
		name: "cte star resolves through to the base table",
		sql:  "WITH x AS (SELECT * FROM users) SELECT x.legacy_email FROM x",
		want: "users:select users.legacy_email:select",
	},
	{
		name: "subquery in from with alias",
		sql:  "SELECT s.e, s.n FROM (SELECT email AS e, count(*) AS n FROM users GROUP BY email) s",
		want: "users:select users.email:select",
	},
	{
		name: "correlated subquery resolves outer refs",
		sql: `SELECT u.id FROM users u WHERE EXISTS (
				SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'open')`,
		want: "users:select orders:select users.id:select orders.user_id:select orders.status:select",
	},
	{
		name: "scalar subquery in select list",
		sql:  "SELECT u.email, (SELECT count(*) FROM orders WHERE user_id = u.id) AS n FROM users u",
		want: "users:select orders:select users.email:select orders.user_id:select users.id:select",
	},
	{
		name: "lateral",
		sql: `SELECT u.id, last.total FROM users u
				LEFT JOIN LATERAL (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC LIMIT 1) last ON true`,
		want: "users:select orders:select users.id:select orders.total:select orders.user_id:select orders.created_at:select",
	},
	{
		name: "union",
		sql:  "SELECT email FROM users UNION ALL SELECT name FROM orgs ORDER BY email",
		want: "users:select orgs:select users.email:select orgs.name:select",
	},
	{
		name: "insert select star",
		sql:  "INSERT INTO users_archive SELECT * FROM users WHERE deleted_at < now() - INTERVAL '30 days'",
		want: "users_archive:insert users_archive.*:insert users:select users.*:select users.deleted_at:select",
		kind: "insert",
	},
	{
		name: "insert with columns and returning",
		sql:  "INSERT INTO users (email, name, status) VALUES ($1, $2, 'active') RETURNING id, created_at",
		want: "users:insert users.email:insert users.name:insert users.status:insert users.id:select users.created_at:select",
	},
	{
		name: "insert without columns",
		sql:  "INSERT INTO orgs VALUES ($1, $2)",
		want: "orgs:insert orgs.*:insert",
	},
	{
		name: "upsert on conflict do update with excluded",
		sql: `INSERT INTO users (id, email) VALUES ($1, $2)
				ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = users.name WHERE users.deleted_at IS NULL`,
		want: "users:insert users.id:insert users.email:insert users.id:select users.email:update users.email:select users.name:update users.name:select users.deleted_at:select",
	},
	{
		name: "on conflict on constraint do nothing",
		sql:  "INSERT INTO orgs (name) VALUES ($1) ON CONFLICT ON CONSTRAINT orgs_name_key DO NOTHING",
		want: "orgs:insert orgs.name:insert",
	},
	{
		name: "update from",
		sql: `UPDATE orders o SET status = 'cancelled', total = 0 FROM users u
				WHERE u.id = o.user_id AND u.deleted_at IS NOT NULL RETURNING o.id`,
		want: "orders:update users:select orders.status:update orders.total:update users.id:select orders.user_id:select users.deleted_at:select orders.id:select",
		kind: "update",
	},
	{
		name: "delete using",
		sql:  "DELETE FROM order_items i USING orders o WHERE i.order_id = o.id AND o.status = $1",
		want: "order_items:delete orders:select order_items.order_id:select orders.id:select orders.status:select",
		kind: "delete",
	},
	{
		name: "returning star",
		sql:  "UPDATE users SET name = $1 WHERE id = $2 RETURNING *",
		want: "users:update users.name:update users.id:select users.*:select",
	},
	{
		name: "star and qualified star",
		sql:  "SELECT o.*, u.email FROM orders o JOIN users u ON u.id = o.user_id",
		want: "orders:select users:select orders.*:select users.email:select users.id:select orders.user_id:select",
	},
	{
		name: "count star is not a star use",
		sql:  "SELECT count(*) FROM users WHERE org_id = $1",
		want: "users:select users.org_id:select",
	},
	{
		name: "count of a whole row is not a star use",
		sql:  `SELECT COUNT(w.*) FROM "Workflow" w WHERE w."tenantId" = $1`,
		want: "Workflow:select Workflow.tenantId:select",
	},
	{
		name: "qualified star beside a count is a star use",
		sql:  `SELECT w.*, count(w.*) OVER () FROM "Workflow" w`,
		want: "Workflow:select Workflow.*:select",
	},
	{
		name: "row_to_json of a whole row exposes its columns",
		sql:  "SELECT row_to_json(o.*) FROM orders o WHERE o.id = $1",
		want: "orders:select orders.*:select orders.id:select",
	},
	{
		name: "json_agg of a whole row exposes its columns",
		sql:  "SELECT json_agg(o.*) FROM orders o",
		want: "orders:select orders.*:select",
	},
	{
		name: "output alias is not a column",
		sql:  "SELECT created_at AS ts, date_trunc('day', created_at) AS day FROM orders GROUP BY day, ts ORDER BY ts DESC",
		want: "orders:select orders.created_at:select",
	},
	{
		name: "json operators keys are not columns",
		sql:  "SELECT payload->'tags', payload->>'name' FROM orders WHERE payload #> '{a,b}' IS NOT NULL AND payload ? 'k'",
		want: "orders:select orders.payload:select",
	},
	{
		name: "window function",
		sql:  "SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY created_at) AS rn FROM orders",
		want: "orders:select orders.id:select orders.user_id:select orders.created_at:select",
	},
	{
		name: "for update skip locked job queue",
		sql: `UPDATE jobs SET state = 'running', attempts = attempts + 1 WHERE id = (
				SELECT id FROM jobs WHERE state = 'queued' AND run_at <= now() ORDER BY run_at FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, queue`,
		want: "jobs:update jobs:select jobs.state:update jobs.attempts:update jobs.attempts:select jobs.id:select jobs.state:select jobs.run_at:select jobs.queue:select",
	},
	{
		name: "any array ilike",
		sql:  "SELECT id FROM users WHERE id = ANY($1::bigint[]) AND email ILIKE '%' || $2 || '%'",
		want: "users:select users.id:select users.email:select",
	},
	{
		name: "extract epoch cast interval",
		sql:  "SELECT EXTRACT(epoch FROM created_at)::bigint, CAST(total AS int) FROM orders WHERE created_at > now() - INTERVAL '1 day'",
		want: "orders:select orders.created_at:select orders.total:select",
	},
	{
		name: "distinct on and group by ordinal",
		sql:  "SELECT DISTINCT ON (user_id) user_id, status FROM orders ORDER BY user_id, created_at DESC",
		want: "orders:select orders.user_id:select orders.status:select orders.created_at:select",
	},
	{
		name: "group by ordinal",
		sql:  "SELECT status, count(*) FROM orders GROUP BY 1 HAVING count(*) > 1",
		want: "orders:select orders.status:select",
	},
	{
		name: "sqlc header and named args",
		sql: `-- name: ListUsers :many
SELECT id, email FROM users WHERE org_id = sqlc.arg(org) AND status = @status LIMIT sqlc.narg('lim')`,
		want: "users:select users.id:select users.email:select users.org_id:select users.status:select",
	},
	{
		name: "several statements",
		sql:  "DELETE FROM jobs WHERE id = $1; INSERT INTO audit.log (action) VALUES ('job_deleted')",
		want: "jobs:delete jobs.id:select audit.log:insert audit.log.action:insert",
		kind: "delete",
	},
	{
		name: "drop table if exists is ddl",
		sql:  "DROP TABLE IF EXISTS tmp_import",
		want: "tmp_import:ddl",
		kind: "ddl",
	},
	{
		name: "create table is ddl",
		sql:  "CREATE TABLE IF NOT EXISTS tmp_import (id bigint, email text)",
		want: "tmp_import:ddl tmp_import.id:ddl tmp_import.email:ddl",
		kind: "ddl",
	},
	{
		name: "truncate is ddl",
		sql:  "TRUNCATE users, orders RESTART IDENTITY CASCADE",
		want: "users:ddl orders:ddl",
		kind: "ddl",
	},
	{
		name: "copy",
		sql:  "COPY users (id, email) FROM STDIN",
		want: "users:copy users.id:copy users.email:copy",
		kind: "copy",
	},
	{
		name: "function names and types are not columns",
		sql:  "SELECT coalesce(name, 'x'), lower(email)::text, now() FROM users",
		want: "users:select users.name:select users.email:select",
	},
	{
		name: "unnest join",
		sql:  "SELECT u.id, x.v FROM users u JOIN unnest($1::text[]) AS x(v) ON u.email = x.v",
		want: "users:select users.id:select users.email:select",
	},
	{
		name: "using join",
		sql:  "SELECT id FROM orders JOIN order_items USING (id)",
		want: "orders:select order_items:select orders.id:select order_items.id:select",
	},
	{
		name: "recursive cte",
		sql: `WITH RECURSIVE tree AS (SELECT id, org_id FROM users WHERE id = $1
				UNION ALL SELECT u.id, u.org_id FROM users u JOIN tree t ON u.org_id = t.id) SELECT id FROM tree`,
		want: "users:select users.id:select users.org_id:select",
	},
	{
		name: "data-modifying cte",
		sql: `WITH moved AS (DELETE FROM jobs WHERE state = 'done' RETURNING *)
				INSERT INTO jobs_archive (id, state) SELECT id, state FROM moved`,
		want: "jobs:delete jobs.state:select jobs_archive:insert jobs_archive.id:insert jobs_archive.state:insert jobs.id:select",
	},
	{
		name: "correlated unqualified column prefers inner table",
		sql:  "SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders WHERE user_id = u.id)",
		want: "users:select orders:select users.id:select orders.user_id:select",
	},
	{
		name:   "correlated unqualified with schema falls to outer",
		sql:    "SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND email IS NOT NULL)",
		schema: true,
		want:   "users:select orders:select users.id:select orders.user_id:select users.email:select",
	},
	{
		name: "computed subquery column is not attributed to the other table",
		sql: `SELECT u.email, n FROM users u
				JOIN (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id) c ON c.user_id = u.id ORDER BY n DESC`,
		want: "users:select orders:select users.email:select orders.user_id:select users.id:select",
	},
	{
		name: "subquery alias column list renames",
		sql:  "SELECT s.uid FROM (SELECT id, email FROM users) AS s(uid, mail)",
		want: "users:select users.id:select users.email:select",
	},
	{
		name: "function columns are not table columns",
		sql: `SELECT o.id, item->>'sku', g FROM orders o, jsonb_array_elements(o.payload->'items') AS item,
				generate_series(1, 3) AS g`,
		want: "orders:select orders.id:select orders.payload:select",
	},
	{
		name: "unknown qualifier is not guessed",
		sql:  "SELECT new.email, users.id FROM users",
		want: "users:select users.id:select",
	},
	{
		name: "values list in from",
		sql:  "SELECT u.id FROM users u JOIN (VALUES (1, 'a'), (2, 'b')) AS v(id, label) ON v.id = u.id WHERE label <> ''",
		want: "users:select users.id:select",
	},
	{
		name: "in subquery and not exists",
		sql:  "SELECT id FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > $1) AND NOT EXISTS (SELECT 1 FROM orgs WHERE orgs.id = users.org_id)",
		want: "users:select orders:select orgs:select users.id:select orders.user_id:select orders.total:select orgs.id:select users.org_id:select",
	},
	{
		name: "case and filter and coalesce",
		sql:  "SELECT count(*) FILTER (WHERE status = 'paid'), sum(CASE WHEN total > 0 THEN total ELSE 0 END), coalesce(max(created_at), now()) FROM orders",
		want: "orders:select orders.status:select orders.total:select orders.created_at:select",
	},
	{
		name: "multi-column set",
		sql:  "UPDATE users SET (name, email) = (SELECT name, $1 FROM orgs WHERE orgs.id = users.org_id) WHERE id = $2",
		want: "users:update orgs:select users.name:update users.email:update orgs.name:select orgs.id:select users.org_id:select users.id:select",
	},
	{
		name: "merge",
		sql: `MERGE INTO users u USING orgs o ON u.org_id = o.id
				WHEN MATCHED THEN UPDATE SET name = o.name
				WHEN NOT MATCHED THEN INSERT (id, name) VALUES (o.id, o.name)`,
		want: "users:update users:insert orgs:select users.org_id:select orgs.id:select users.name:update orgs.name:select users.id:insert users.name:insert",
		kind: "merge",
	},
	{
		name: "explain analyses the inner query",
		sql:  "EXPLAIN ANALYZE SELECT email FROM users",
		want: "users:select users.email:select",
	},
	{
		name: "star inside exists is not a star use",
		sql:  "SELECT id FROM users u WHERE EXISTS (SELECT * FROM orders o WHERE o.user_id = u.id)",
		want: "users:select orders:select users.id:select orders.user_id:select",
	},
	{
		name: "star through a subquery reaches the client",
		sql:  "SELECT * FROM (SELECT * FROM users WHERE org_id = $1) s",
		want: "users:select users.*:select users.org_id:select",
	},
	{
		name: "star through a cte with explicit columns",
		sql:  "WITH s AS (SELECT id, email FROM users) SELECT * FROM s",
		want: "users:select users.id:select users.email:select",
	},
	{
		name: "insert select star from data-modifying cte",
		sql:  "WITH moved AS (DELETE FROM jobs WHERE state = 'done' RETURNING *) INSERT INTO jobs_archive SELECT * FROM moved",
		want: "jobs:delete jobs.state:select jobs_archive:insert jobs_archive.*:insert jobs.*:select",
	},
	{
		name: "whole-row references",
		sql:  "SELECT row_to_json(u), (u).email FROM users u",
		want: "users:select users.email:select",
	},
	{
		name: "sqlc at-param with cast and narg",
		sql:  "SELECT t.id FROM tasks t WHERE t.status = ANY(@statuses::task_status[]) AND t.assignee = sqlc.narg('assignee')",
		want: "tasks:select tasks.id:select tasks.status:select tasks.assignee:select",
	},
	{
		name: "jsonb containment, full text search and json path filters",
		sql:  "SELECT id FROM events WHERE tags @> ARRAY[$1]::text[] AND to_tsvector('english', title) @@ plainto_tsquery($2) AND (metadata->'source'->>'type') = 'web' AND metadata ? 'utm'",
		want: "events:select events.id:select events.tags:select events.title:select events.metadata:select",
	},
	{
		name: "named window and aggregate filter",
		sql:  "SELECT id, rank() OVER w, count(*) FILTER (WHERE points > 0) OVER w FROM scores WINDOW w AS (PARTITION BY game_id ORDER BY points DESC)",
		want: "scores:select scores.id:select scores.points:select scores.game_id:select",
	},
	{
		name: "at time zone",
		sql:  "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM orders ORDER BY day",
		want: "orders:select orders.created_at:select",
	},
	{
		name: "transaction around a statement takes the statement's kind",
		sql:  "BEGIN; UPDATE jobs SET state = $1 WHERE id = $2; COMMIT",
		want: "jobs:update jobs.state:update jobs.id:select",
		kind: "update",
	},
	{
		name: "keywords and sql value functions are not columns",
		sql:  "SELECT id FROM users WHERE created_at < CURRENT_TIMESTAMP AND name IS DISTINCT FROM CURRENT_USER AND deleted_at IS NULL AND true ORDER BY created_at DESC NULLS LAST",
		want: "users:select users.id:select users.created_at:select users.name:select users.deleted_at:select",
	},
	{
		name: "rename column is ddl",
		sql:  "ALTER TABLE users RENAME COLUMN legacy_email TO old_email",
		want: "users:ddl users.legacy_email:ddl",
		kind: "ddl",
	},
	{
		name: "keyset pagination with row comparison",
		sql:  "SELECT id, created_at FROM orders WHERE user_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT 20",
		want: "orders:select orders.id:select orders.created_at:select orders.user_id:select",
	},
	{
		name:   "update from with schema resolves unqualified columns",
		sql:    "UPDATE order_items SET qty = 0 FROM orders WHERE order_id = orders.id AND status = 'cancelled' RETURNING sku",
		schema: true,
		want:   "order_items:update orders:select order_items.qty:update order_items.order_id:select orders.id:select orders.status:select order_items.sku:select",
	},
	{
		name: "update from without schema gives candidates",
		sql:  "UPDATE order_items SET qty = 0 FROM orders WHERE order_id = orders.id",
		want: "order_items:update orders:select order_items.qty:update ?order_id[order_items|orders]:select orders.id:select",
	},
	{
		name: "transaction control is other",
		sql:  "BEGIN",
		want: "",
		kind: "other",
	},
}

func TestAnalyzeQueryUses(t *testing.T) {
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			var schema Schema
			if tc.schema {
				schema = testSchema
			}
			q, err := AnalyzeQuery(tc.sql, schema)
			if err != nil {
				t.Fatalf("AnalyzeQuery: %v", err)
			}
			got := qUseStrings(q.Uses)
			want := qSplit(tc.want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("uses\n got: %v\nwant: %v", got, want)
			}
			if tc.kind != "" && q.Kind != tc.kind {
				t.Errorf("kind = %q, want %q", q.Kind, tc.kind)
			}
			for _, u := range q.Uses {
				if u.Offset < -1 || u.Offset > len(tc.sql) {
					t.Errorf("use %+v: offset out of range", u)
				}
			}
		})
	}
}

// TestPartialAgreesWithParse checks AnalyzePartial's precision against the
// exact analysis: on whole queries, every column it attributes to a table
// must be one AnalyzeQuery attributes to that table too.
func TestPartialAgreesWithParse(t *testing.T) {
	for _, tc := range queryCases {
		var schema Schema
		if tc.schema {
			schema = testSchema
		}
		exact, err := AnalyzeQuery(tc.sql, schema)
		if err != nil {
			t.Fatal(err)
		}
		has := map[string]bool{}
		for _, u := range exact.Uses {
			has[u.Table.String()+"."+u.Column] = true
			if u.Column == "*" {
				has[u.Table.String()+".*any"] = true
			}
		}
		for _, u := range AnalyzePartial([]string{tc.sql}, schema).Uses {
			if u.Table.Name == "" || u.Column == "" {
				continue
			}
			if !has[u.Table.String()+"."+u.Column] && !has[u.Table.String()+".*any"] {
				t.Errorf("%s: partial analysis reports %s.%s (%s), the parse does not", tc.name, u.Table, u.Column, u.Kind)
			}
		}
	}
}

func TestAnalyzeQueryLiterals(t *testing.T) {
	cases := []struct {
		sql  string
		want string // space-separated table.column=value
	}{
		{"SELECT id FROM orders WHERE status = 'shipped'", "orders.status=shipped"},
		{"SELECT id FROM orders o WHERE o.status IN ('a', 'b') AND 'c' <> o.status", "orders.status=a orders.status=b orders.status=c"},
		{"INSERT INTO orders (user_id, status) VALUES ($1, 'pending'), ($2, 'paid'::order_status)", "orders.status=pending orders.status=paid"},
		{"UPDATE orders SET status = 'x' WHERE status = 'y'", "orders.status=x orders.status=y"},
		{"SELECT id FROM orders WHERE payload->>'kind' = 'z' AND total = 5", "orders.total=5"},
		// numbers: SET, WHERE, IN, a float, a negative number, a cast
		{"UPDATE t SET status = 2 WHERE status = 1", "t.status=1 t.status=2"},
		{"SELECT id FROM t WHERE kind IN (3, 4) AND score <> 2.5 AND level = -1 AND rank = 7::smallint", "t.kind=3 t.kind=4 t.level=-1 t.rank=7 t.score=2.5"},
		{"SELECT id FROM t WHERE kind IN ('a', 4)", "t.kind=a"},
		{"INSERT INTO jobs (id, state) VALUES ($1, 'queued') ON CONFLICT (id) DO UPDATE SET state = 'requeued'", "jobs.state=queued jobs.state=requeued"},
		{"INSERT INTO jobs (state, id) SELECT 'archived', id FROM jobs WHERE state = ANY(ARRAY['done', 'failed']::job_state[])", "jobs.state=archived jobs.state=done jobs.state=failed"},
	}
	for _, tc := range cases {
		q, err := AnalyzeQuery(tc.sql, nil)
		if err != nil {
			t.Fatalf("AnalyzeQuery(%q): %v", tc.sql, err)
		}
		var got []string
		for _, l := range q.Literals {
			got = append(got, l.Table.String()+"."+l.Column+"="+l.Value)
			if _, err := strconv.ParseFloat(l.Value, 64); (err == nil) != l.Number {
				t.Errorf("literal %s of %q: Number = %v", l.Value, tc.sql, l.Number)
			}
		}
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(qSplit(tc.want), " ") {
			t.Errorf("literals of %q\n got: %v\nwant: %v", tc.sql, got, qSplit(tc.want))
		}
	}
}

func TestAnalyzeQueryInsertAndConflict(t *testing.T) {
	q, err := AnalyzeQuery(`WITH src AS (INSERT INTO audit.log (action) VALUES ('x') RETURNING id)
		INSERT INTO users (id, email) SELECT id, $1 FROM src
		ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if q.InsertTable == nil || q.InsertTable.String() != "users" {
		t.Errorf("InsertTable = %v, want users", q.InsertTable)
	}
	if strings.Join(q.InsertColumns, ",") != "id,email" || q.InsertNoColumns {
		t.Errorf("InsertColumns = %v (none: %v), want id,email", q.InsertColumns, q.InsertNoColumns)
	}
	if len(q.Conflicts) != 1 || q.Conflicts[0].Table.String() != "users" || strings.Join(q.Conflicts[0].Columns, ",") != "id" {
		t.Errorf("Conflicts = %+v, want users (id)", q.Conflicts)
	}
	if strings.Join(q.CTEs, ",") != "src" {
		t.Errorf("CTEs = %v, want src", q.CTEs)
	}

	q, err = AnalyzeQuery("INSERT INTO orgs VALUES ($1, $2) ON CONFLICT ON CONSTRAINT orgs_pkey DO NOTHING", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !q.InsertNoColumns || len(q.InsertColumns) != 0 {
		t.Errorf("InsertNoColumns = %v, columns %v; want true, none", q.InsertNoColumns, q.InsertColumns)
	}
	if len(q.Conflicts) != 1 || q.Conflicts[0].Constraint != "orgs_pkey" {
		t.Errorf("Conflicts = %+v, want constraint orgs_pkey", q.Conflicts)
	}
}

func TestAnalyzeQueryOffsets(t *testing.T) {
	sql := "SELECT u.email, o.*, \"u\".name FROM users u JOIN orders o ON o.user_id = u.id WHERE u . legacy_email IS NULL"
	q, err := AnalyzeQuery(sql, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Uses) == 0 {
		t.Fatal("no uses")
	}
	for _, u := range q.Uses {
		want := u.Column
		if want == "" {
			want = u.Table.Name
		}
		if u.Offset < 0 || !strings.HasPrefix(sql[u.Offset:], want) {
			t.Errorf("use %s.%s: offset %d points at %q", u.Table, u.Column, u.Offset, sql[max(u.Offset, 0):])
		}
	}
}

func TestAnalyzeQueryOffsetsWithoutLocations(t *testing.T) {
	for _, sql := range []string{
		"INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING",
		"COPY users (id, \"email\") FROM STDIN",
	} {
		q, err := AnalyzeQuery(sql, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range q.Uses {
			if u.Column == "" || u.Column == "*" {
				continue
			}
			if !strings.HasPrefix(strings.TrimLeft(sql[u.Offset:], `"`), u.Column) {
				t.Errorf("%q: use %s (%s) at %d points at %q", sql, u.Column, u.Kind, u.Offset, sql[u.Offset:])
			}
		}
	}
}

func TestAnalyzeQueryErrors(t *testing.T) {
	for _, sql := range []string{
		"SELECT FROM WHERE",
		"SELECT * FROM users WHERE id = ? AND",
		"SELECT * FROM users WHERE id = :id AND (",
		"SELECT 'unterminated",
		"",
	} {
		q, err := AnalyzeQuery(sql, nil)
		if sql == "" {
			if err != nil || q == nil || len(q.Uses) != 0 {
				t.Errorf("empty query: %v %v", q, err)
			}
			continue
		}
		var pe *sqlast.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("AnalyzeQuery(%q) error = %v, want a *sqlast.ParseError", sql, err)
			continue
		}
		if pe.Pos.Offset < 0 || pe.Pos.Offset > len(sql) {
			t.Errorf("AnalyzeQuery(%q): error offset %d out of range", sql, pe.Pos.Offset)
		}
	}
}

func FuzzAnalyzeQuery(f *testing.F) {
	for _, s := range []string{
		"SELECT u.email FROM users u WHERE u.id = ?",
		"WITH x AS (SELECT * FROM t) SELECT x.a FROM x JOIN y USING (a)",
		"INSERT INTO t VALUES (:a) ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING *",
		"SELECT * FROM t WHERE data ? 'a' AND id = ?",
		"DROP TABLE IF EXISTS x; COPY t FROM STDIN",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		q, err := AnalyzeQuery(sql, testSchema)
		if err != nil {
			return
		}
		for _, u := range q.Uses {
			if u.Offset < -1 || u.Offset > len(sql) {
				t.Fatalf("offset %d out of range for %q", u.Offset, sql)
			}
		}
	})
}

var benchQueries = []string{
	"SELECT id, email FROM users WHERE status = $1",
	`SELECT o.id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id
		WHERE o.status = 'shipped' AND o.created_at > now() - INTERVAL '7 days' ORDER BY o.created_at DESC LIMIT $1 OFFSET $2`,
	`WITH recent AS (SELECT user_id, max(created_at) AS last FROM orders GROUP BY user_id)
		SELECT u.id, r.last FROM users u LEFT JOIN recent r ON r.user_id = u.id WHERE u.deleted_at IS NULL`,
	`INSERT INTO users (id, email, name) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name RETURNING *`,
	"UPDATE jobs SET state = ? WHERE id = ?",
	"SELECT FROM WHERE broken",
}

func BenchmarkAnalyzeQuery(b *testing.B) {
	names := []string{"simple", "join", "cte", "upsert", "placeholders", "syntax-error"}
	for i, sql := range benchQueries {
		b.Run(names[i], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = AnalyzeQuery(sql, testSchema)
			}
		})
	}
}

func TestAnalyzeQueryDDLColumns(t *testing.T) {
	q, err := AnalyzeQuery("ALTER TABLE users DROP COLUMN legacy_email, ADD COLUMN org_ref bigint REFERENCES orgs (id)", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(qUseStrings(q.Uses), " ")
	want := strings.Join(qSplit("users:ddl users.legacy_email:ddl users.org_ref:ddl orgs:ddl"), " ")
	if got != want || q.Kind != "ddl" {
		t.Errorf("uses %s (kind %s), want %s (ddl)", got, q.Kind, want)
	}
}

// TestAnalyzeQueryOutputs: the result columns of the first statement that
// returns rows, in order, with the base column of plain references; none
// with a star.
func TestAnalyzeQueryOutputs(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"SELECT name, workspace, value FROM setting WHERE workspace = $1", "name=setting.name workspace=setting.workspace value=setting.value"},
		{"SELECT s.value::text AS v, count(*) FROM setting s JOIN other o ON o.id = s.id", "v=setting.value count="},
		{"INSERT INTO setting (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value RETURNING name, value", "name=setting.name value=setting.value"},
		{"SELECT * FROM setting", ""},
		{"UPDATE setting SET value = $1", ""},
		{"SELECT v FROM (SELECT value AS v FROM setting) x", "v=setting.value"},
	}
	for _, tc := range cases {
		q, err := AnalyzeQuery(tc.sql, nil)
		if err != nil {
			t.Fatalf("AnalyzeQuery(%q): %v", tc.sql, err)
		}
		var got []string
		for _, o := range q.Outputs {
			s := o.Name + "="
			if o.Column != "" {
				s += o.Table.String() + "." + o.Column
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("outputs of %q\n got: %v\nwant: %v", tc.sql, strings.Join(got, " "), tc.want)
		}
	}
}
