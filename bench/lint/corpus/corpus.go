// Package corpus writes synthetic migration corpora for rbcheck's lint
// benchmark (Realistic) and its robustness test (Hostile). Both are
// deterministic for a given seed.
package corpus

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Realistic writes golang-migrate up files (`000001_name.up.sql`) under dir
// until at least minBytes are written, and returns the number of files and
// bytes. The files hold CREATE TABLE, every kind of ALTER TABLE, indexes,
// enums, views, data migrations, PL/pgSQL functions and triggers, and about
// one statement in 150 with a syntax error.
func Realistic(dir string, seed int64, minBytes int) (files, size int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	g := &gen{r: rand.New(rand.NewSource(seed))}
	for size < minBytes {
		files++
		var b strings.Builder
		name := g.migrationName()
		fmt.Fprintf(&b, "-- migration %d: %s\n", files, strings.ReplaceAll(name, "_", " "))
		if g.r.Intn(3) == 0 {
			b.WriteString("SET lock_timeout = '5s';\n")
		}
		n := 4 + g.r.Intn(12)
		for i := 0; i < n; i++ {
			b.WriteString(g.statement())
			b.WriteString("\n")
		}
		p := filepath.Join(dir, fmt.Sprintf("%06d_%s.up.sql", files, name))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			return files, size, err
		}
		size += b.Len()
	}
	return files, size, nil
}

// RealisticFile writes one golang-migrate up file at path of at least
// minBytes: the statements Realistic writes, one after the other (for the
// single-file scaling benchmark), but for the broken one that leaves a
// parenthesis open, written as they are made, so the
// generator's memory does not follow the file. It returns the bytes
// written.
func RealisticFile(path string, seed int64, minBytes int) (size int, err error) {
	fh, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(fh, 1<<20)
	g := &gen{r: rand.New(rand.NewSource(seed))}
	n, _ := w.WriteString("SET lock_timeout = '5s';\n")
	size += n
	for size < minBytes {
		st := g.statement()
		if strings.Contains(st, "(;") {
			// a parenthesis left open makes the rest of the file one
			// statement (as psql splits it): nothing after it would be linted
			continue
		}
		n, _ := w.WriteString(st + "\n")
		size += n
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return size, err
	}
	return size, fh.Close()
}

type gen struct {
	r      *rand.Rand
	tables []table
	enums  []string
	seq    int
}

type table struct {
	name string
	cols []string
}

var nouns = []string{"users", "accounts", "orders", "order_items", "invoices", "payments", "products",
	"carts", "sessions", "events", "audit_log", "teams", "projects", "tasks", "comments", "tags",
	"subscriptions", "plans", "addresses", "shipments", "refunds", "coupons", "reviews", "webhooks"}

var colNames = []string{"name", "email", "status", "amount_cents", "currency", "created_at", "updated_at",
	"deleted_at", "description", "title", "body", "metadata", "external_id", "quantity", "price",
	"notes", "country", "city", "zip", "phone", "kind", "priority", "due_at", "archived", "score"}

var colTypes = []string{"text", "varchar(255)", "integer", "bigint", "boolean", "timestamptz",
	"timestamp", "jsonb", "numeric(12,2)", "uuid", "date", "smallint", "char(3)", "text[]", "inet"}

func (g *gen) pick(s []string) string { return s[g.r.Intn(len(s))] }

func (g *gen) migrationName() string {
	verbs := []string{"create", "add", "drop", "alter", "backfill", "index", "rename", "split"}
	return g.pick(verbs) + "_" + g.pick(nouns) + "_" + g.pick(colNames)
}

func (g *gen) newTable() table {
	g.seq++
	t := table{name: fmt.Sprintf("%s_%d", g.pick(nouns), g.seq)}
	n := 3 + g.r.Intn(14)
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		c := g.pick(colNames)
		if seen[c] {
			c = fmt.Sprintf("%s_%d", c, i)
		}
		seen[c] = true
		t.cols = append(t.cols, c)
	}
	return t
}

func (g *gen) anyTable() table {
	if len(g.tables) == 0 || g.r.Intn(10) == 0 {
		t := g.newTable()
		g.tables = append(g.tables, t)
		return t
	}
	return g.tables[g.r.Intn(len(g.tables))]
}

// statement returns one statement (or a small group) with its semicolon.
func (g *gen) statement() string {
	if g.r.Intn(150) == 0 {
		return g.broken()
	}
	switch k := g.r.Intn(100); {
	case k < 14:
		return g.createTable()
	case k < 44:
		return g.alterTable()
	case k < 56:
		return g.createIndex()
	case k < 66:
		return g.dataMigration()
	case k < 76:
		return g.function()
	case k < 80:
		return g.enum()
	case k < 85:
		return g.view()
	case k < 90:
		t := g.anyTable()
		return fmt.Sprintf("COMMENT ON TABLE %s IS 'owned by the %s team; see the runbook';\nGRANT SELECT, INSERT, UPDATE ON %s TO app_rw;", t.name, g.pick(nouns), t.name)
	case k < 94:
		t := g.anyTable()
		return fmt.Sprintf("CREATE TRIGGER %s_touch BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION touch_updated_at();", t.name, t.name)
	case k < 97:
		t := g.anyTable()
		return fmt.Sprintf("DROP TABLE IF EXISTS %s_old CASCADE;\nDROP INDEX CONCURRENTLY IF EXISTS %s_legacy_idx;", t.name, t.name)
	default:
		t := g.anyTable()
		return fmt.Sprintf("ANALYZE %s;\nVACUUM (ANALYZE) %s;", t.name, t.name)
	}
}

func (g *gen) createTable() string {
	t := g.newTable()
	g.tables = append(g.tables, t)
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", t.name)
	for _, c := range t.cols {
		fmt.Fprintf(&b, ",\n    %s %s", c, g.pick(colTypes))
		switch g.r.Intn(5) {
		case 0:
			b.WriteString(" NOT NULL")
		case 1:
			b.WriteString(" NOT NULL DEFAULT now()")
		case 2:
			b.WriteString(" DEFAULT NULL")
		}
	}
	if len(g.tables) > 1 && g.r.Intn(2) == 0 {
		o := g.tables[g.r.Intn(len(g.tables)-1)]
		fmt.Fprintf(&b, ",\n    %s_id bigint REFERENCES %s (id) ON DELETE CASCADE", strings.Split(o.name, "_")[0], o.name)
	}
	if g.r.Intn(3) == 0 {
		fmt.Fprintf(&b, ",\n    CONSTRAINT %s_%s_check CHECK (%s IS NOT NULL OR id > 0)", t.name, t.cols[0], t.cols[0])
	}
	b.WriteString("\n);")
	return b.String()
}

func (g *gen) alterTable() string {
	t := g.anyTable()
	c := g.pick(t.cols)
	nc := fmt.Sprintf("%s_%d", g.pick(colNames), g.r.Intn(1000))
	switch g.r.Intn(16) {
	case 0:
		return fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s;", t.name, nc, g.pick(colTypes))
	case 1:
		return fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s NOT NULL DEFAULT %d;", t.name, nc, "integer", g.r.Intn(10))
	case 2:
		return fmt.Sprintf("ALTER TABLE %s DROP COLUMN IF EXISTS %s;", t.name, c)
	case 3:
		return fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s::%s;", t.name, c, "text", c, "text")
	case 4:
		return fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;", t.name, c)
	case 5:
		return fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL;", t.name, c)
	case 6:
		return fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT 'pending';", t.name, c)
	case 7:
		return fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s;", t.name, c, nc)
	case 8:
		return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s_%s_fk FOREIGN KEY (%s) REFERENCES %s (id) NOT VALID;\nALTER TABLE %s VALIDATE CONSTRAINT %s_%s_fk;",
			t.name, t.name, c, c, g.anyTable().name, t.name, t.name, c)
	case 9:
		return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s_%s_key UNIQUE (%s);", t.name, t.name, c, c)
	case 10:
		return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s_%s_chk CHECK (char_length(%s::text) < 500) NOT VALID;", t.name, t.name, c, c)
	case 11:
		return fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s_%s_key;", t.name, t.name, c)
	case 12:
		return fmt.Sprintf("ALTER TABLE %s RENAME TO %s_v2;", t.name, t.name)
	case 13:
		return fmt.Sprintf("ALTER TABLE ONLY %s ALTER COLUMN %s DROP DEFAULT, ADD COLUMN %s boolean DEFAULT false;", t.name, c, nc)
	case 14:
		return fmt.Sprintf("ALTER TABLE %s SET (autovacuum_vacuum_scale_factor = 0.01);", t.name)
	default:
		return fmt.Sprintf("ALTER TABLE IF EXISTS %s ALTER COLUMN %s TYPE varchar(%d);", t.name, c, 64+g.r.Intn(512))
	}
}

func (g *gen) createIndex() string {
	t := g.anyTable()
	c := g.pick(t.cols)
	conc := ""
	if g.r.Intn(2) == 0 {
		conc = "CONCURRENTLY "
	}
	uniq := ""
	if g.r.Intn(5) == 0 {
		uniq = "UNIQUE "
	}
	where := ""
	if g.r.Intn(4) == 0 {
		where = " WHERE deleted_at IS NULL"
	}
	method := ""
	if g.r.Intn(6) == 0 {
		method = " USING gin"
	}
	return fmt.Sprintf("CREATE %sINDEX %sIF NOT EXISTS %s_%s_idx ON %s%s (%s)%s;", uniq, conc, t.name, c, t.name, method, c, where)
}

func (g *gen) dataMigration() string {
	t := g.anyTable()
	c := g.pick(t.cols)
	switch g.r.Intn(4) {
	case 0:
		return fmt.Sprintf("UPDATE %s SET %s = lower(%s::text) WHERE id BETWEEN %d AND %d AND %s IS NOT NULL;", t.name, c, c, g.r.Intn(1e6), 1e6+g.r.Intn(1e6), c)
	case 1:
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES", t.name, c)
		for i := 0; i < 5+g.r.Intn(20); i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "\n    ('value %d, it''s fine')", i)
		}
		b.WriteString("\nON CONFLICT DO NOTHING;")
		return b.String()
	case 2:
		o := g.anyTable()
		return fmt.Sprintf("INSERT INTO %s (%s)\nSELECT %s FROM %s o\nWHERE NOT EXISTS (SELECT 1 FROM %s t WHERE t.id = o.id)\nORDER BY o.id\nLIMIT 10000;", t.name, c, g.pick(o.cols), o.name, t.name)
	default:
		return fmt.Sprintf("DELETE FROM %s WHERE created_at < now() - interval '%d days';", t.name, 30+g.r.Intn(400))
	}
}

func (g *gen) function() string {
	t := g.anyTable()
	g.seq++
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE OR REPLACE FUNCTION %s_fn_%d(p_id bigint, p_limit integer DEFAULT 100)\nRETURNS integer\nLANGUAGE plpgsql\nAS $fn$\nDECLARE\n    v_count integer := 0;\n    r record;\nBEGIN\n", t.name, g.seq)
	for i := 0; i < 3+g.r.Intn(12); i++ {
		c := g.pick(t.cols)
		switch g.r.Intn(4) {
		case 0:
			fmt.Fprintf(&b, "    IF p_id IS NULL THEN\n        RAISE EXCEPTION 'p_id must not be null (%s)';\n    END IF;\n", c)
		case 1:
			fmt.Fprintf(&b, "    FOR r IN SELECT id, %s FROM %s WHERE id > p_id ORDER BY id LIMIT p_limit LOOP\n        UPDATE %s SET %s = r.%s WHERE id = r.id;\n        v_count := v_count + 1;\n    END LOOP;\n", c, t.name, t.name, c, c)
		case 2:
			fmt.Fprintf(&b, "    -- a comment with a 'quote' and a $ sign\n    PERFORM pg_notify('%s', json_build_object('id', p_id, 'n', v_count)::text);\n", t.name)
		default:
			fmt.Fprintf(&b, "    EXECUTE format('UPDATE %%I SET %%I = $1 WHERE id = $2', '%s', '%s') USING now(), p_id;\n", t.name, c)
		}
	}
	b.WriteString("    RETURN v_count;\nEXCEPTION\n    WHEN unique_violation THEN\n        RETURN -1;\nEND;\n$fn$;")
	return b.String()
}

func (g *gen) enum() string {
	g.seq++
	name := fmt.Sprintf("%s_status_%d", strings.TrimSuffix(g.pick(nouns), "s"), g.seq)
	g.enums = append(g.enums, name)
	if g.r.Intn(2) == 0 && len(g.enums) > 1 {
		return fmt.Sprintf("ALTER TYPE %s ADD VALUE IF NOT EXISTS 'archived' AFTER 'active';", g.enums[g.r.Intn(len(g.enums)-1)])
	}
	return fmt.Sprintf("CREATE TYPE %s AS ENUM ('pending', 'active', 'suspended', 'closed');", name)
}

func (g *gen) view() string {
	t := g.anyTable()
	return fmt.Sprintf("CREATE OR REPLACE VIEW %s_active AS\nSELECT id, %s, %s\nFROM %s\nWHERE %s IS NOT NULL;", t.name, g.pick(t.cols), g.pick(t.cols), t.name, g.pick(t.cols))
}

func (g *gen) broken() string {
	t := g.anyTable()
	switch g.r.Intn(5) {
	case 0:
		return fmt.Sprintf("ALTER TABLE %s ADD COLUM broken_%d integer;", t.name, g.r.Intn(100))
	case 1:
		return fmt.Sprintf("SELEC id FROM %s;", t.name)
	case 2:
		return fmt.Sprintf("CREATE INDEX ON %s (;", t.name)
	case 3:
		return fmt.Sprintf("UPDATE %s SET WHERE id = 1;", t.name)
	default:
		return fmt.Sprintf("CREATE TABLE %s_x (id int,, name text);", t.name)
	}
}
