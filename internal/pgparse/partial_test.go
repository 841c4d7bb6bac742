package pgparse

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

func TestAnalyzePartial(t *testing.T) {
	cases := []struct {
		name   string
		frags  []string
		schema bool
		want   string
		kind   string
	}{
		{
			name:  "constant prefix with where left open",
			frags: []string{"SELECT id, name FROM users WHERE "},
			want:  "users:select users.id:select users.name:select",
			kind:  "select",
		},
		{
			name:  "select list joined at run time",
			frags: []string{"SELECT ", " FROM users u WHERE u.deleted_at IS NULL ORDER BY u.created_at DESC LIMIT $1"},
			want:  "users:select users.deleted_at:select users.created_at:select",
		},
		{
			name:  "dynamic update set list",
			frags: []string{"UPDATE users SET name = $1", ", updated_at = now() WHERE id = $2"},
			want:  "users:update users.name:update users.updated_at:update users.id:select",
			kind:  "update",
		},
		{
			name:  "dynamic insert columns",
			frags: []string{"INSERT INTO orders (user_id, status, total) VALUES ", " RETURNING id"},
			want:  "orders:insert orders.user_id:insert orders.status:insert orders.total:insert orders.id:select",
			kind:  "insert",
		},
		{
			name:  "sprintf table suffix with join and aliases",
			frags: []string{"SELECT o.id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'paid' AND ", " ORDER BY o.created_at"},
			want:  "orders:select users:select orders.id:select orders.total:select users.email:select users.id:select orders.user_id:select orders.status:select orders.created_at:select",
		},
		{
			name:  "unqualified in join without schema gives candidates",
			frags: []string{"SELECT email, total FROM users JOIN orders ON orders.user_id = users.id WHERE "},
			want:  "users:select orders:select ?email[orders|users]:select ?total[orders|users]:select orders.user_id:select users.id:select",
		},
		{
			name:   "unqualified in join with schema",
			frags:  []string{"SELECT email, total FROM users JOIN orders ON orders.user_id = users.id WHERE "},
			schema: true,
			want:   "users:select orders:select users.email:select orders.total:select orders.user_id:select users.id:select",
		},
		{
			name:  "functions keywords casts params and json keys are not columns",
			frags: []string{"SELECT count(*), EXTRACT(epoch FROM created_at)::bigint, payload->>'name' FROM orders WHERE status = :status AND total > ? AND created_at > now() - INTERVAL '1 day' AND id = ANY($1) AND kind = @kind"},
			want:  "orders:select orders.created_at:select orders.payload:select orders.status:select orders.total:select orders.id:select orders.kind:select",
		},
		{
			name:  "cte name is not a table",
			frags: []string{"WITH recent AS (SELECT user_id FROM orders WHERE created_at > $1) SELECT r.user_id FROM recent r WHERE "},
			want:  "orders:select orders.user_id:select orders.created_at:select",
		},
		{
			name:  "delete from",
			frags: []string{"DELETE FROM sessions WHERE expires_at < now() AND user_id IN (", ")"},
			want:  "sessions:delete sessions.expires_at:select sessions.user_id:select",
			kind:  "delete",
		},
		{
			name:  "star",
			frags: []string{"SELECT * FROM jobs WHERE state = 'queued' FOR UPDATE SKIP LOCKED LIMIT "},
			want:  "jobs:select jobs.*:select jobs.state:select",
		},
		{
			// fider: the outer star selects the derived table's own columns
			name:  "star over a derived table in another fragment with an explicit list",
			frags: []string{"SELECT * FROM (", "SELECT p.id, u.name AS user_name FROM posts p JOIN users u ON u.id = p.user_id WHERE ", ") AS q WHERE ", " LIMIT 5"},
			want:  "posts:select users:select posts.id:select users.name:select users.id:select posts.user_id:select",
		},
		{
			name:  "star over a derived table in another fragment with a star list",
			frags: []string{"SELECT * FROM (", "SELECT * FROM posts WHERE ", ") AS q WHERE ", " LIMIT 5"},
			want:  "posts:select posts.*:select",
		},
		{
			name:  "star over a derived table with an explicit list",
			frags: []string{"SELECT * FROM (SELECT id, title FROM posts) AS q WHERE ", " LIMIT 5"},
			want:  "posts:select posts.id:select posts.title:select",
		},
		{
			name:  "star over a derived table with a star list",
			frags: []string{"SELECT * FROM (SELECT * FROM posts) AS q WHERE ", " LIMIT 5"},
			want:  "posts:select posts.*:select",
		},
		{
			name:  "star over a derived table and a joined table",
			frags: []string{"SELECT * FROM (SELECT id FROM posts) AS q JOIN users u ON u.id = q.id WHERE "},
			want:  "posts:select users:select users.*:select ?id[posts|users]:select users.id:select",
		},
		{
			name:  "star inside EXISTS does not reach the client",
			frags: []string{"SELECT id FROM users WHERE EXISTS (SELECT * FROM posts WHERE ", ")"},
			want:  "users:select posts:select ?id[posts|users]:select",
		},
		{
			name:  "output alias and order by",
			frags: []string{"SELECT date_trunc('day', created_at) AS day, count(*) AS n FROM orders GROUP BY day ORDER BY n DESC"},
			want:  "orders:select orders.created_at:select",
		},
		{
			name:  "fragment with no table",
			frags: []string{" AND status = $3"},
			want:  "?status[]:select",
		},
		{
			name:  "copy",
			frags: []string{"COPY users (id, email) FROM STDIN"},
			want:  "users:copy users.id:copy users.email:copy",
			kind:  "copy",
		},
		{
			name:  "drop table",
			frags: []string{"DROP TABLE IF EXISTS ", ""},
			want:  "",
			kind:  "ddl",
		},
		{
			name:  "unterminated string at the end of a fragment",
			frags: []string{"SELECT id FROM users WHERE name = '", "' AND org_id = $1"},
			want:  "users:select users.id:select users.name:select",
		},
		{
			name:  "schema qualified table and is distinct from",
			frags: []string{"SELECT l.action FROM audit.log l WHERE l.user_id IS DISTINCT FROM ", " AND l.at > $1"},
			want:  "audit.log:select audit.log.action:select audit.log.user_id:select audit.log.at:select",
		},
		{
			name:  "upsert suffix",
			frags: []string{"INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email"},
			want:  "users:insert users.id:insert users.email:insert users.id:select users.email:update",
		},
		{
			name:  "fmt verbs are not columns",
			frags: []string{"SELECT id FROM users WHERE org_id = %d AND name = %s"},
			want:  "users:select users.id:select users.org_id:select users.name:select",
		},
		{
			name:  "unnest alias is not a column",
			frags: []string{"SELECT u.id FROM users u, unnest($1::int[]) AS ids WHERE u.id = ids"},
			want:  "users:select users.id:select",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var schema Schema
			if tc.schema {
				schema = testSchema
			}
			q := AnalyzePartial(tc.frags, schema)
			got := qUseStrings(q.Uses)
			want := qSplit(tc.want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("uses\n got: %v\nwant: %v", got, want)
			}
			if tc.kind != "" && q.Kind != tc.kind {
				t.Errorf("kind = %q, want %q", q.Kind, tc.kind)
			}
			for _, u := range q.Uses {
				if u.Fragment < 0 || u.Fragment >= len(tc.frags) || u.Offset < 0 || u.Offset > len(tc.frags[u.Fragment]) {
					t.Errorf("use %+v: position out of range", u)
					continue
				}
				if u.Column != "" && u.Column != "*" && !strings.HasPrefix(tc.frags[u.Fragment][u.Offset:], u.Column) {
					t.Errorf("use %s: offset points at %q", u.Column, tc.frags[u.Fragment][u.Offset:])
				}
			}
		})
	}
}

func TestAnalyzePartialLiteralsAndInsert(t *testing.T) {
	q := AnalyzePartial([]string{"INSERT INTO orders VALUES ", ""}, nil)
	if !q.InsertNoColumns || q.InsertTable == nil || q.InsertTable.Name != "orders" {
		t.Errorf("insert without columns: table %v, none %v", q.InsertTable, q.InsertNoColumns)
	}
	q = AnalyzePartial([]string{"SELECT id FROM orders WHERE status IN ('a', 'b') AND kind = 'x''y' AND "}, nil)
	var got []string
	for _, l := range q.Literals {
		got = append(got, l.Table.String()+"."+l.Column+"="+l.Value)
	}
	sort.Strings(got)
	if want := "orders.kind=x'y orders.status=a orders.status=b"; strings.Join(got, " ") != want {
		t.Errorf("literals = %v, want %s", got, want)
	}
	// numbers, marked as such
	q = AnalyzePartial([]string{"UPDATE jobs SET worker = $1 WHERE state IN (1, 2) AND prio = 0.5 AND "}, nil)
	got = nil
	for _, l := range q.Literals {
		got = append(got, fmt.Sprintf("%s.%s=%s/%v", l.Table, l.Column, l.Value, l.Number))
	}
	sort.Strings(got)
	if want := "jobs.prio=0.5/true jobs.state=1/true jobs.state=2/true"; strings.Join(got, " ") != want {
		t.Errorf("literals = %v, want %s", got, want)
	}
}

func TestAnalyzePartialNeverPanics(t *testing.T) {
	for _, frags := range [][]string{nil, {""}, {"((((", "))))"}, {"SELECT \"unterminated"}, {"FROM", "JOIN", "."}, {"$$"}, {"SELECT a. FROM t."}} {
		q := AnalyzePartial(frags, testSchema)
		if q == nil || q.Kind == "" {
			t.Errorf("AnalyzePartial(%q) = %+v", frags, q)
		}
	}
}

func FuzzAnalyzePartial(f *testing.F) {
	f.Add("SELECT id, name FROM users u WHERE u.x = 'a' AND ", " ORDER BY name")
	f.Add("UPDATE t SET a = $1", ", b = now() WHERE id = ?")
	f.Fuzz(func(t *testing.T, a, b string) {
		q := AnalyzePartial([]string{a, b}, testSchema)
		for _, u := range q.Uses {
			frag := []string{a, b}[u.Fragment]
			if u.Offset < 0 || u.Offset > len(frag) {
				t.Fatalf("offset %d out of range", u.Offset)
			}
		}
	})
}

func BenchmarkAnalyzePartial(b *testing.B) {
	frags := []string{"SELECT o.id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'paid' AND ", " ORDER BY o.created_at"}
	b.ReportAllocs()
	for b.Loop() {
		_ = AnalyzePartial(frags, testSchema)
	}
}
