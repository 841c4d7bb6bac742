// Command genvolatility writes rules/volatility_gen.go: the volatility of
// every function a column default can call, as PostgreSQL's own catalog
// (pg_proc.provolatile) gives it, so that table-rewrite knows which
// defaults force a table rewrite.
//
// The data comes from snapshots in rules/testdata/pgproc: pgNN.tsv is the
// output of query.sql on a PostgreSQL NN server (see README.md there). Run
// from the rules directory (go generate ./rules):
//
//	go run ./internal/genvolatility            # render volatility_gen.go from the snapshots
//	go run ./internal/genvolatility -refresh   # first refresh the snapshot of the local
//	                                           # PostgreSQL (a throwaway cluster, every
//	                                           # contrib extension created)
//	go run ./internal/genvolatility -dsn URL   # refresh from a running server instead
//
// The tests of this package fail when volatility_gen.go is stale, and when
// the local PostgreSQL's catalog disagrees with its snapshot.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rbcheck/rbcheck/internal/pgtest"
)

func main() {
	refresh := flag.Bool("refresh", false, "refresh the snapshot of the local PostgreSQL (throwaway cluster) before rendering")
	dsn := flag.String("dsn", "", "refresh the snapshot from this running server (it creates the contrib extensions in a scratch database)")
	dir := flag.String("snapshots", filepath.Join("testdata", "pgproc"), "snapshot directory")
	out := flag.String("out", "volatility_gen.go", "generated Go file")
	flag.Parse()
	if err := run(*refresh, *dsn, *dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genvolatility:", err)
		os.Exit(1)
	}
}

func run(refresh bool, dsn, dir, out string) error {
	if refresh || dsn != "" {
		lines, err := querySnapshot(dsn, dir)
		if err != nil {
			return err
		}
		major, err := majorOf(lines)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, "pg"+strconv.Itoa(major)+".tsv")
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "genvolatility: wrote %s (%d functions)\n", path, len(lines)-1)
	}
	snaps, err := readSnapshots(dir)
	if err != nil {
		return err
	}
	src, err := render(snaps)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}

// snapshot is one pgNN.tsv.
type snapshot struct {
	file    string
	version string // the "# version()" line without "# "
	rows    []row
}

type row struct {
	name, vol, source string
}

var reMajor = regexp.MustCompile(`^# PostgreSQL (\d+)`)

func majorOf(lines []string) (int, error) {
	if len(lines) == 0 {
		return 0, fmt.Errorf("empty snapshot")
	}
	m := reMajor.FindStringSubmatch(lines[0])
	if m == nil {
		return 0, fmt.Errorf("snapshot starts with %q, not # PostgreSQL N", lines[0])
	}
	return strconv.Atoi(m[1])
}

// readSnapshots reads every pgNN.tsv of dir, in file name order.
func readSnapshots(dir string) ([]snapshot, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "pg*.tsv"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no pg*.tsv snapshot in %s", dir)
	}
	sort.Strings(paths)
	var out []snapshot
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		s, err := parseSnapshot(filepath.Base(p), data)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func parseSnapshot(name string, data []byte) (snapshot, error) {
	s := snapshot{file: name}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			if !reMajor.MatchString(line) {
				return s, fmt.Errorf("%s:1: want a first line # PostgreSQL …, got %q", name, line)
			}
			s.version = strings.TrimPrefix(line, "# ")
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] == "" || len(f[1]) != 1 || !strings.Contains("isv", f[1]) || f[2] == "" {
			return s, fmt.Errorf("%s:%d: want name<TAB>i|s|v<TAB>source, got %q", name, n, line)
		}
		s.rows = append(s.rows, row{f[0], f[1], f[2]})
	}
	if err := sc.Err(); err != nil {
		return s, err
	}
	if n == 0 {
		return s, fmt.Errorf("%s is empty", name)
	}
	return s, nil
}

// rank orders volatilities: immutable < stable < volatile.
func rank(v string) int { return strings.Index("isv", v) }

// merged is what the snapshots say about one name.
type merged struct {
	vol     string
	sources map[string]bool // extensions (for extension functions)
}

// render merges the snapshots (a name takes the most volatile class any
// overload in any version has) and writes the Go file.
func render(snaps []snapshot) ([]byte, error) {
	core := map[string]*merged{}
	ext := map[string]*merged{}
	var versions []string
	for _, s := range snaps {
		versions = append(versions, s.file+": "+s.version)
		for _, r := range s.rows {
			m := core
			if r.source != "core" {
				m = ext
			}
			e := m[r.name]
			if e == nil {
				e = &merged{vol: r.vol, sources: map[string]bool{}}
				m[r.name] = e
			}
			if rank(r.vol) > rank(e.vol) {
				e.vol = r.vol
			}
			if r.source != "core" {
				e.sources[r.source] = true
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by rules/internal/genvolatility from rules/testdata/pgproc; DO NOT EDIT.\n\n")
	b.WriteString("package rules\n\nimport \"sync\"\n\n")
	b.WriteString("// The snapshots, each the output of query.sql on one server:\n")
	for _, v := range versions {
		fmt.Fprintf(&b, "//   - %s\n", v)
	}
	b.WriteString("\n// builtinVolatility is the volatility of each pg_catalog function that a\n" +
		"// column default can call: 'i' immutable, 's' stable, 'v' volatile (the most\n" +
		"// volatile of its overloads, in any of the versions above). Built on first\n" +
		"// use: a lint that never asks about a function does not pay for the map.\n")
	b.WriteString("var builtinVolatility = sync.OnceValue(func() map[string]byte {\nreturn map[string]byte{\n")
	var items []string
	for _, n := range sortedKeys(core) {
		items = append(items, fmt.Sprintf("%q: '%s',", n, core[n].vol))
	}
	writeWrapped(&b, items)
	b.WriteString("}\n})\n\n")
	b.WriteString("// extensionVolatility is the same for the functions of the contrib\n" +
		"// extensions, with the extensions that define them (built on first use).\n")
	b.WriteString("var extensionVolatility = sync.OnceValue(func() map[string]extFunc {\nreturn map[string]extFunc{\n")
	items = items[:0]
	for _, n := range sortedKeys(ext) {
		var srcs []string
		for s := range ext[n].sources {
			srcs = append(srcs, s)
		}
		sort.Strings(srcs)
		items = append(items, fmt.Sprintf("%q: {'%s', %q},", n, ext[n].vol, strings.Join(srcs, ", ")))
	}
	writeWrapped(&b, items)
	b.WriteString("}\n})\n")
	return format.Source(b.Bytes())
}

// writeWrapped writes items several to a line (gofmt would pad one entry
// per line to a common width, which triples the file).
func writeWrapped(b *bytes.Buffer, items []string) {
	line := ""
	for _, it := range items {
		if line != "" && len(line)+1+len(it) > 100 {
			b.WriteString("\t" + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += it
	}
	if line != "" {
		b.WriteString("\t" + line + "\n")
	}
}

func sortedKeys(m map[string]*merged) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// querySnapshot runs query.sql on the server at dsn, or on a throwaway
// cluster of the local PostgreSQL when dsn is empty, in a scratch database
// where every available extension was created first.
func querySnapshot(dsn, dir string) ([]string, error) {
	q, err := os.ReadFile(filepath.Join(dir, "query.sql"))
	if err != nil {
		return nil, err
	}
	if dsn == "" {
		cl, err := pgtest.ForTests()
		if err != nil {
			return nil, err
		}
		defer cl.Stop()
		dsn = cl.DSN("postgres")
	}
	lines, _, err := Snapshot(dsn, string(q))
	return lines, err
}

// Snapshot creates a scratch database on the server at dsn, creates every
// extension the server offers in it (those that fail are listed in
// skipped), runs query and returns its rows; the database is dropped.
func Snapshot(dsn, query string) (lines, skipped []string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	defer admin.Close(ctx)
	db := fmt.Sprintf("rbcheck_pgproc_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		return nil, nil, err
	}
	defer func() { _, _ = admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db) }()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, err
	}
	cfg.Database = db
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT name FROM pg_available_extensions ORDER BY name")
	if err != nil {
		return nil, nil, err
	}
	exts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, nil, err
	}
	for _, e := range exts {
		if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS "+pgx.Identifier{e}.Sanitize()+" CASCADE"); err != nil {
			skipped = append(skipped, e+": "+err.Error())
		}
	}
	rows, err = conn.Query(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	lines, err = pgx.CollectRows(rows, pgx.RowTo[string])
	return lines, skipped, err
}
