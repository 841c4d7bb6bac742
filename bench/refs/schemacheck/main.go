// Command schemacheck draws a random sample of the uses rbcheck reports in
// a Go codebase and checks each against the schema the codebase's own
// migrations build (replayed into rbcheck's catalog): a use is counted
// right when its table (any schema, or the one it names) exists there and,
// for a column use, the table has that column. Uses of system catalogs
// (pg_*, information_schema) count as right. It is a coarse, automatic
// precision check, not a reading of the code: a table the code creates
// itself at run time, or SQL of another engine (SQLite, MySQL, CQL) the
// same code base holds, counts as wrong; a right name used in a wrong
// place counts as right.
//
//	go run ./bench/refs/schemacheck -dir REPO -migrations DIR[,DIR] [-n 100] [-seed 7] [-v]
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func main() {
	dir := flag.String("dir", "", "repository root (the Go code and its migrations)")
	migs := flag.String("migrations", "", "comma-separated migration folders or globs, relative to -dir (empty: discovered)")
	n := flag.Int("n", 100, "uses to sample")
	seed := flag.Int64("seed", 7, "random seed")
	verbose := flag.Bool("v", false, "list the uses counted wrong")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "schemacheck: -dir is required")
		os.Exit(2)
	}
	var dirs []string
	for _, d := range strings.Split(*migs, ",") {
		if d = strings.TrimSpace(d); d != "" {
			dirs = append(dirs, d)
		}
	}
	set, err := migrations.LoadFS(os.DirFS(*dir), dirs, migrations.Options{Dirs: dirs, MissingOK: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemacheck:", err)
		os.Exit(1)
	}
	cat := catalog.NewCatalog()
	files := 0
	for _, f := range set.Files {
		if f.Up == nil || f.Kind == migrations.Undo {
			continue
		}
		files++
		for _, s := range f.Up.Stmts {
			cat.Apply(s, catalog.Existing)
		}
	}
	inv, err := analyzer.ScanDir(*dir, analyzer.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemacheck:", err)
		os.Exit(1)
	}
	var pool []analyzer.Ref
	for _, r := range inv.Refs {
		if !r.Migration && r.Table.Name != "" {
			pool = append(pool, r)
		}
	}
	rnd := rand.New(rand.NewSource(*seed))
	rnd.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	k := min(*n, len(pool))
	wrong := 0
	for _, r := range pool[:k] {
		if !inSchema(cat, r) {
			wrong++
			if *verbose {
				fmt.Printf("  wrong: %s.%s %s %s %s\n", r.Table.Name, r.Column, r.Confidence, r.Via, r.Pos)
			}
		}
	}
	prec := 0.0
	if k > 0 {
		prec = 100 * float64(k-wrong) / float64(k)
	}
	fmt.Printf("%d migration files; %d uses; %d sampled; %d not in the schema; %.0f%% in it\n", files, len(pool), k, wrong, prec)
}

// inSchema: r's table exists in the catalog and has r's column.
func inSchema(cat *catalog.Catalog, r analyzer.Ref) bool {
	if strings.HasPrefix(r.Table.Name, "pg_") || r.Table.Schema == "pg_catalog" || r.Table.Schema == "information_schema" {
		return true
	}
	var ts []*catalog.Table
	if r.Table.Schema != "" {
		if t := cat.Relation(r.Table); t != nil {
			ts = append(ts, t)
		}
	} else {
		ts = cat.RelationsNamed(r.Table.Name)
	}
	if len(ts) == 0 {
		return false
	}
	if r.Column == "" || r.Column == sqlast.ColumnStar {
		return true
	}
	for _, t := range ts {
		if t.Column(r.Column) != nil {
			return true
		}
	}
	return false
}
