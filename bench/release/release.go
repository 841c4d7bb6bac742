// Package release writes the release-verdict benchmark repository: a git
// repository holding a Go module that uses database/sql (SQL in constants,
// fmt.Sprintf with table and column constants, a cross-package wrapper,
// string concatenation, joins, sqlc-style generated queries, partly dynamic
// queries) and golang-migrate migrations (db/migrations/NNNN_name.up.sql and
// .down.sql), over a series of tagged releases v1.0.0, v1.1.0, ….
//
// Each release adds migrations and changes the Go files of the tables it
// touches. Most releases do expand/contract correctly (add the new column and
// switch the code in one release, drop the old column in the next); every
// third release drops, renames or removes something the previous release's
// code still uses. The generator keeps the model it rendered, so Plan.Expect
// says, for any two releases, whether rolling back from the newer to the
// older one breaks the older code, and why. Everything is deterministic for a
// given Config: same files, same commits.
package release

import (
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Config sizes the repository.
type Config struct {
	Tables               int   // tables created by the first release (the last Tables/20 are small legacy tables)
	FilesPerTable        int   // Go files per table package (at least 3)
	MigrationsPerRelease int   // migrations each release adds (at least)
	Releases             int   // tagged releases v1.0.0 … v1.(Releases-1).0
	Seed                 int64 // choices of tables and columns
}

// Big is the benchmark size: ≥2,000 Go files, ≥500 migrations, 20 releases.
func Big() Config {
	return Config{Tables: 105, FilesPerTable: 20, MigrationsPerRelease: 26, Releases: 20, Seed: 1}
}

// Small is the size of the test: about 40 Go files, 30 migrations, 3 releases.
func Small() Config {
	return Config{Tables: 4, FilesPerTable: 10, MigrationsPerRelease: 10, Releases: 3, Seed: 1}
}

// Module is the generated module's path.
const Module = "bench.example/shop"

// Tag names release i.
func Tag(i int) string { return fmt.Sprintf("v1.%d.0", i) }

// Release describes one generated release.
type Release struct {
	Tag        string
	Unsafe     bool     // designed to break the previous release's code
	Changes    []string // what the release does, one line each
	GoFiles    int      // Go files in the release's tree
	Migrations int      // up migrations in the release's tree
	NewUps     int      // up migrations this release adds

	events []event          // backward-incompatible schema changes of this release
	refs   map[string][]ref // "table" or "table.column" → exact uses in this release's code
}

type ref struct {
	file string
}

// event is a change that breaks code using obj ("table.column" or "table").
type event struct {
	obj       string
	rule      string
	migration string
}

// Plan is what Generate built.
type Plan struct {
	Config   Config
	Releases []Release
}

// Expectation is the verdict the model predicts for rolling back from
// release newer to release older.
type Expectation struct {
	Unsafe bool
	Why    []string // "rule obj (migration, used at file)" per breaking change still used
}

// Verdict is rbcheck's word for the expectation.
func (e Expectation) Verdict() string {
	if e.Unsafe {
		return "roll-forward-only"
	}
	return "rollback-safe"
}

// Expect predicts the verdict of `rbcheck Tag(older)..Tag(newer)`: the
// release is roll-forward-only when a migration added after older drops or
// renames a column or table that older's code uses in exact SQL.
func (p *Plan) Expect(older, newer int) Expectation {
	var e Expectation
	refs := p.Releases[older].refs
	for k := older + 1; k <= newer; k++ {
		for _, ev := range p.Releases[k].events {
			if rs := refs[ev.obj]; len(rs) > 0 {
				e.Unsafe = true
				e.Why = append(e.Why, fmt.Sprintf("%s %s (%s, used at %s)", ev.rule, ev.obj, ev.migration, rs[0].file))
			}
		}
	}
	return e
}

// ---- the model ----

type column struct {
	name, typ  string
	fixed      bool // id, created_at, parent key: never changed
	app        bool // the code uses it
	deprecated int  // release whose code stopped using it (expand); 0 = not deprecated
	legacy     bool // in the schema, never used by code
}

type table struct {
	name   string
	pkg    string
	cols   []*column
	parent *table
	files  int
	legacy bool
	gone   bool
	words  map[string]bool // column names ever used (names are never reused)
}

func (t *table) appCols() []*column {
	var out []*column
	for _, c := range t.cols {
		if c.app {
			out = append(out, c)
		}
	}
	return out
}

func (t *table) col(name string) *column {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (t *table) removeCol(name string) {
	for i, c := range t.cols {
		if c.name == name {
			t.cols = append(t.cols[:i], t.cols[i+1:]...)
			return
		}
	}
}

var nouns = []string{
	"customers", "orders", "invoices", "payments", "shipments", "products", "carts", "coupons",
	"refunds", "reviews", "vendors", "warehouses", "stock_moves", "addresses", "subscriptions",
	"plans", "tickets", "comments", "teams", "projects", "tasks", "documents", "folders", "events",
	"sessions", "devices", "alerts", "reports", "exports", "imports", "webhooks", "api_keys",
	"audit_logs", "messages", "threads", "channels", "campaigns", "leads", "contracts", "quotes",
}

var qualifiers = []string{"", "partner", "archived", "staged", "regional", "pending", "internal", "external"}

var words = []string{
	"name", "email", "title", "status", "amount", "currency", "note", "region", "label", "priority",
	"score", "description", "external_ref", "phone", "city", "country", "locale", "timezone", "kind",
	"source", "channel", "tier", "quota", "balance", "due_at", "closed_at", "reviewed_at", "summary",
	"slug", "color", "weight", "rank", "memo", "origin", "format", "display_name", "notes", "reason",
	"reference", "category", "owner_email", "billing_email", "zip", "vat_id", "discount", "total",
}

func colType(name string) string {
	switch {
	case strings.HasSuffix(name, "_at"):
		return "timestamptz"
	case name == "amount" || name == "priority" || name == "score" || name == "quota" || name == "balance" ||
		name == "weight" || name == "rank" || name == "discount" || name == "total":
		return "bigint"
	}
	return "text"
}

func singular(s string) string {
	if strings.HasSuffix(s, "sses") {
		return strings.TrimSuffix(s, "es")
	}
	return strings.TrimSuffix(s, "s")
}

func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '_' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

func hash(parts ...string) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

type gen struct {
	cfg     Config
	r       *rand.Rand
	tables  []*table
	version int // last migration number
	files   map[string]string
	release int
	mig     []string // this release's migration names (for the commit message)
	events  []event
	changes []string
	newUps  int
	ups     int
}

func (g *gen) tableName(i int) string {
	n := nouns[i%len(nouns)]
	if q := qualifiers[(i/len(nouns))%len(qualifiers)]; q != "" {
		n = q + "_" + n
	}
	if i >= len(nouns)*len(qualifiers) {
		n += fmt.Sprintf("_%d", i)
	}
	return n
}

func (g *gen) nextWord(t *table) string {
	start := int(hash(t.name, fmt.Sprint(len(t.words))) % uint32(len(words)))
	for i := 0; i < len(words); i++ {
		w := words[(start+i)%len(words)]
		if !t.words[w] {
			t.words[w] = true
			return w
		}
	}
	for i := 2; ; i++ {
		w := fmt.Sprintf("%s_%d", words[start], i)
		if !t.words[w] {
			t.words[w] = true
			return w
		}
	}
}

func (g *gen) newTable(i int, legacy bool) *table {
	name := g.tableName(i)
	t := &table{name: name, pkg: strings.ReplaceAll(name, "_", ""), legacy: legacy, words: map[string]bool{}}
	t.files = g.cfg.FilesPerTable
	if legacy {
		t.files = 3
	}
	t.cols = append(t.cols, &column{name: "id", typ: "bigint", fixed: true})
	t.words["id"], t.words["created_at"], t.words["legacy_code"] = true, true, true
	if !legacy && len(g.tables) > 0 {
		// a parent among the earlier regular tables
		var regular []*table
		for _, p := range g.tables {
			if !p.legacy && !p.gone {
				regular = append(regular, p)
			}
		}
		if len(regular) > 0 {
			t.parent = regular[int(hash(name))%len(regular)]
			pk := singular(t.parent.name) + "_id"
			t.words[pk] = true
			t.cols = append(t.cols, &column{name: pk, typ: "bigint", fixed: true})
		}
	}
	n := 4 + i%3
	if legacy {
		n = 2
	}
	for k := 0; k < n; k++ {
		w := g.nextWord(t)
		t.cols = append(t.cols, &column{name: w, typ: colType(w), app: true})
	}
	t.cols = append(t.cols, &column{name: "legacy_code", typ: "text", legacy: true})
	t.cols = append(t.cols, &column{name: "created_at", typ: "timestamptz", fixed: true})
	g.tables = append(g.tables, t)
	return t
}

func (g *gen) createSQL(t *table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", t.name)
	for i, c := range t.cols {
		def := c.typ
		switch {
		case c.name == "id":
			def = "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
		case c.name == "created_at":
			def = "timestamptz NOT NULL DEFAULT now()"
		case t.parent != nil && c.name == singular(t.parent.name)+"_id":
			def = fmt.Sprintf("bigint NOT NULL REFERENCES %s (id)", t.parent.name)
		}
		sep := ","
		if i == len(t.cols)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    %s %s%s\n", c.name, def, sep)
	}
	b.WriteString(");\n")
	if t.parent != nil {
		pk := singular(t.parent.name) + "_id"
		fmt.Fprintf(&b, "CREATE INDEX %s_%s_idx ON %s (%s);\n", t.name, pk, t.name, pk)
	}
	return b.String()
}

// migration adds db/migrations/NNNN_name.{up,down}.sql.
func (g *gen) migration(name, up, down string) string {
	g.version++
	base := fmt.Sprintf("db/migrations/%04d_%s", g.version, name)
	g.files[base+".up.sql"] = up
	g.files[base+".down.sql"] = down
	g.mig = append(g.mig, name)
	g.newUps++
	g.ups++
	return base + ".up.sql"
}

const lockTimeout = "SET lock_timeout = '5s';\n"

func (g *gen) live() []*table {
	var out []*table
	for _, t := range g.tables {
		if !t.gone {
			out = append(out, t)
		}
	}
	return out
}

func (g *gen) pickTable(regularOnly bool) *table {
	var c []*table
	for _, t := range g.live() {
		if regularOnly && t.legacy {
			continue
		}
		c = append(c, t)
	}
	return c[g.r.Intn(len(c))]
}

// pickAppCol picks a column the code uses that this release has not
// touched yet, from a regular table; nil if none.
func (g *gen) pickAppCol(touched map[string]bool) (*table, *column) {
	for try := 0; try < 50; try++ {
		t := g.pickTable(true)
		var cs []*column
		for _, c := range t.appCols() {
			if !touched[t.name+"."+c.name] {
				cs = append(cs, c)
			}
		}
		if len(cs) > 1 { // keep at least one other column in use
			c := cs[g.r.Intn(len(cs))]
			touched[t.name+"."+c.name] = true
			return t, c
		}
	}
	return nil, nil
}

func (g *gen) firstRelease() {
	cfg := g.cfg
	legacy := cfg.Tables / 20
	for i := 0; i < cfg.Tables; i++ {
		g.newTable(i, i >= cfg.Tables-legacy)
	}
	// spread the CREATE TABLEs over the release's migrations
	per := (cfg.Tables + cfg.MigrationsPerRelease - 1) / cfg.MigrationsPerRelease
	for i := 0; i < cfg.Tables; i += per {
		var up, down strings.Builder
		end := i + per
		if end > cfg.Tables {
			end = cfg.Tables
		}
		for _, t := range g.tables[i:end] {
			up.WriteString(g.createSQL(t))
		}
		for j := end - 1; j >= i; j-- {
			fmt.Fprintf(&down, "DROP TABLE %s;\n", g.tables[j].name)
		}
		g.migration("create_"+g.tables[i].name, up.String(), down.String())
	}
	g.changes = append(g.changes, fmt.Sprintf("creates %d tables", cfg.Tables))
	g.filler()
}

// filler adds harmless migrations (indexes built concurrently, comments,
// CHECK constraints added NOT VALID and validated) up to the release's size.
func (g *gen) filler() {
	for g.newUps < g.cfg.MigrationsPerRelease {
		t := g.pickTable(false)
		n := g.version + 1
		switch n % 3 {
		case 0:
			idx := fmt.Sprintf("%s_created_%d_idx", t.name, n)
			g.migration("index_"+t.name+"_created_at",
				fmt.Sprintf("CREATE INDEX CONCURRENTLY IF NOT EXISTS %s ON %s (created_at DESC, id);\n", idx, t.name),
				fmt.Sprintf("DROP INDEX CONCURRENTLY IF EXISTS %s;\n", idx))
		case 1:
			g.migration("comment_"+t.name,
				fmt.Sprintf("COMMENT ON TABLE %s IS 'owned by the %s team (revision %d)';\n", t.name, t.pkg, n),
				fmt.Sprintf("COMMENT ON TABLE %s IS NULL;\n", t.name))
		default:
			ck := fmt.Sprintf("%s_created_%d_check", t.name, n)
			g.migration("check_"+t.name+"_created_at",
				fmt.Sprintf("%sALTER TABLE %s ADD CONSTRAINT %s CHECK (created_at > '2000-01-01') NOT VALID;\nALTER TABLE %s VALIDATE CONSTRAINT %s;\n", lockTimeout, t.name, ck, t.name, ck),
				fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s;\n", t.name, ck))
		}
	}
}

func (g *gen) nextRelease(k int) {
	touched := map[string]bool{}
	// contract: drop the columns the previous release stopped using
	for _, t := range g.live() {
		for _, c := range append([]*column(nil), t.cols...) {
			if c.deprecated > 0 && c.deprecated < k {
				m := g.migration(fmt.Sprintf("drop_%s_%s", t.name, c.name),
					fmt.Sprintf("%sALTER TABLE %s DROP COLUMN %s;\n", lockTimeout, t.name, c.name),
					fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s;\n", t.name, c.name, c.typ))
				g.events = append(g.events, event{obj: t.name + "." + c.name, rule: "drop-column", migration: m})
				g.changes = append(g.changes, fmt.Sprintf("contract: drops %s.%s (unused since %s)", t.name, c.name, Tag(c.deprecated)))
				t.removeCol(c.name)
				touched[t.name+"."+c.name] = true
			}
		}
	}
	// a column no code ever used
	for _, t := range g.live() {
		if c := t.col("legacy_code"); c != nil && hash(t.name, fmt.Sprint(k))%4 == 0 {
			m := g.migration("drop_"+t.name+"_legacy_code",
				fmt.Sprintf("ALTER TABLE %s DROP COLUMN legacy_code;\n", t.name),
				fmt.Sprintf("ALTER TABLE %s ADD COLUMN legacy_code text;\n", t.name))
			g.events = append(g.events, event{obj: t.name + ".legacy_code", rule: "drop-column", migration: m})
			g.changes = append(g.changes, fmt.Sprintf("drops unused %s.legacy_code", t.name))
			t.removeCol("legacy_code")
			break
		}
	}
	if k%3 == 2 {
		g.unsafe(k, touched)
	}
	// expand: add the replacement column, backfill, switch the code
	for i := 0; i < 2; i++ {
		t, c := g.pickAppCol(touched)
		if t == nil {
			break
		}
		w := g.nextWord(t)
		nc := &column{name: w, typ: c.typ, app: true}
		touched[t.name+"."+w] = true
		g.migration(fmt.Sprintf("add_%s_%s", t.name, w),
			fmt.Sprintf("%sALTER TABLE %s ADD COLUMN %s %s;\n", lockTimeout, t.name, w, c.typ),
			fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s;\n", t.name, w))
		g.migration(fmt.Sprintf("backfill_%s_%s", t.name, w),
			fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s IS NULL;\n", t.name, w, c.name, w),
			fmt.Sprintf("UPDATE %s SET %s = NULL;\n", t.name, w))
		// the new column takes the old one's place in the code
		for j, x := range t.cols {
			if x == c {
				t.cols = append(t.cols[:j], append([]*column{nc}, t.cols[j:]...)...)
				break
			}
		}
		c.app, c.deprecated = false, k
		g.changes = append(g.changes, fmt.Sprintf("expand: %s.%s replaces %s.%s in the code", t.name, w, t.name, c.name))
	}
	// features: new nullable or defaulted columns the code starts to use
	for i := 0; i < 2; i++ {
		t := g.pickTable(true)
		w := g.nextWord(t)
		typ := colType(w)
		def := ""
		if typ == "bigint" {
			def = " NOT NULL DEFAULT 0"
		}
		g.migration(fmt.Sprintf("add_%s_%s", t.name, w),
			fmt.Sprintf("%sALTER TABLE %s ADD COLUMN %s %s%s;\n", lockTimeout, t.name, w, typ, def),
			fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s;\n", t.name, w))
		t.cols = append(t.cols[:len(t.cols)-1], &column{name: w, typ: typ, app: true}, t.cols[len(t.cols)-1])
		touched[t.name+"."+w] = true
		g.changes = append(g.changes, fmt.Sprintf("adds %s.%s", t.name, w))
	}
	if k%2 == 0 {
		t := g.newTable(len(g.tables), false)
		t.files = (g.cfg.FilesPerTable + 1) / 2
		g.migration("create_"+t.name, g.createSQL(t), fmt.Sprintf("DROP TABLE %s;\n", t.name))
		g.changes = append(g.changes, fmt.Sprintf("creates %s (%d Go files)", t.name, t.files))
	}
	g.filler()
}

// unsafe makes the release break the previous release's code: it drops or
// renames a column, or drops a table, that the previous code uses.
func (g *gen) unsafe(k int, touched map[string]bool) {
	kind := (k / 3) % 3
	if kind == 2 {
		for _, t := range g.live() {
			if t.legacy {
				m := g.migration("drop_"+t.name,
					fmt.Sprintf("DROP TABLE %s;\n", t.name),
					g.createSQL(t))
				g.events = append(g.events, event{obj: t.name, rule: "drop-table", migration: m})
				g.changes = append(g.changes, fmt.Sprintf("UNSAFE: drops table %s and its code together", t.name))
				t.gone = true
				return
			}
		}
		kind = 0
	}
	t, c := g.pickAppCol(touched)
	if t == nil {
		return
	}
	switch kind {
	case 0:
		m := g.migration(fmt.Sprintf("drop_%s_%s", t.name, c.name),
			fmt.Sprintf("%sALTER TABLE %s DROP COLUMN %s;\n", lockTimeout, t.name, c.name),
			fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s;\n", t.name, c.name, c.typ))
		g.events = append(g.events, event{obj: t.name + "." + c.name, rule: "drop-column", migration: m})
		g.changes = append(g.changes, fmt.Sprintf("UNSAFE: drops %s.%s and stops using it in the same release", t.name, c.name))
		t.removeCol(c.name)
	default:
		w := g.nextWord(t)
		m := g.migration(fmt.Sprintf("rename_%s_%s", t.name, c.name),
			fmt.Sprintf("%sALTER TABLE %s RENAME COLUMN %s TO %s;\n", lockTimeout, t.name, c.name, w),
			fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s;\n", t.name, w, c.name))
		g.events = append(g.events, event{obj: t.name + "." + c.name, rule: "rename-column", migration: m})
		g.changes = append(g.changes, fmt.Sprintf("UNSAFE: renames %s.%s to %s in one step", t.name, c.name, w))
		touched[t.name+"."+w] = true
		c.name = w
	}
}

// Generate writes the repository into dir (created; must not exist or be
// empty) and returns the plan.
func Generate(dir string, cfg Config) (*Plan, error) {
	if cfg.FilesPerTable < 3 || cfg.Releases < 2 || cfg.Tables < 2 || cfg.MigrationsPerRelease < 1 {
		return nil, fmt.Errorf("config too small: %+v", cfg)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	g := &gen{cfg: cfg, r: rand.New(rand.NewSource(cfg.Seed)), files: map[string]string{}}
	plan := &Plan{Config: cfg}
	if err := git(dir, 0, "init", "-q", "-b", "main"); err != nil {
		return nil, err
	}
	written := map[string]string{}
	for k := 0; k < cfg.Releases; k++ {
		g.release, g.mig, g.events, g.changes, g.newUps = k, nil, nil, nil, 0
		if k == 0 {
			g.firstRelease()
		} else {
			g.nextRelease(k)
		}
		code, refs := g.renderCode(k)
		tree := map[string]string{}
		for p, c := range g.files { // migrations accumulate
			tree[p] = c
		}
		for p, c := range code {
			tree[p] = c
		}
		goFiles := 0
		for p := range tree {
			if strings.HasSuffix(p, ".go") {
				goFiles++
			}
		}
		for p, c := range tree {
			if written[p] == c {
				continue
			}
			fp := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(fp, []byte(c), 0o644); err != nil {
				return nil, err
			}
		}
		for p := range written {
			if _, ok := tree[p]; !ok {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
					return nil, err
				}
			}
		}
		written = tree
		msg := fmt.Sprintf("release %s\n\n%s\n", Tag(k), strings.Join(g.changes, "\n"))
		if err := git(dir, k, "add", "-A"); err != nil {
			return nil, err
		}
		if err := git(dir, k, "commit", "-q", "-m", msg); err != nil {
			return nil, err
		}
		if err := git(dir, k, "tag", Tag(k)); err != nil {
			return nil, err
		}
		plan.Releases = append(plan.Releases, Release{
			Tag: Tag(k), Unsafe: k%3 == 2, Changes: g.changes, GoFiles: goFiles, Migrations: g.ups, NewUps: g.newUps,
			events: g.events, refs: refs,
		})
	}
	return plan, nil
}

func git(dir string, k int, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	date := fmt.Sprintf("@%d +0000", 1767225600+k*7*86400)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=release bench", "GIT_AUTHOR_EMAIL=bench@example.com",
		"GIT_COMMITTER_NAME=release bench", "GIT_COMMITTER_EMAIL=bench@example.com",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("git %s: %v\n%s", args[0], err, out)
	}
	return nil
}

// Objects lists the designed breaking objects of release k (for messages).
func (r *Release) Objects() []string {
	var out []string
	for _, e := range r.events {
		out = append(out, e.rule+" "+e.obj)
	}
	sort.Strings(out)
	return out
}
