package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgtest"
)

const (
	snapDir = "../../testdata/pgproc"
	genFile = "../../volatility_gen.go"
)

// TestGeneratedIsFresh fails when rules/volatility_gen.go is not what the
// snapshots give.
func TestGeneratedIsFresh(t *testing.T) {
	snaps, err := readSnapshots(snapDir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := render(snaps)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(genFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, want) {
		t.Fatal("rules/volatility_gen.go is stale: run go generate ./rules")
	}
}

// TestSnapshotMatchesLocalPostgres runs query.sql on a throwaway cluster of
// the local PostgreSQL and compares it with the committed snapshot of that
// major version: core functions must agree exactly, extension functions for
// every extension both could create. It skips without PostgreSQL binaries
// (outside CI).
func TestSnapshotMatchesLocalPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL")
	}
	cl, err := pgtest.ForTests()
	if err != nil {
		if pgtest.InCI() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	defer cl.Stop()
	q, err := os.ReadFile(filepath.Join(snapDir, "query.sql"))
	if err != nil {
		t.Fatal(err)
	}
	lines, skipped, err := Snapshot(cl.DSN("postgres"), string(q))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range skipped {
		t.Logf("extension not created: %s", s)
	}
	major, err := majorOf(lines)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(snapDir, "pg"+strconv.Itoa(major)+".tsv")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("no snapshot for PostgreSQL %d: run go run ./internal/genvolatility -refresh in rules/ to add one", major)
	}
	if err != nil {
		t.Fatal(err)
	}
	committed, err := parseSnapshot(filepath.Base(path), data)
	if err != nil {
		t.Fatal(err)
	}
	live, err := parseSnapshot("live", []byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	liveExt, commitExt := sources(live.rows), sources(committed.rows)
	keep := func(rows []row, other map[string]bool) map[row]bool {
		out := map[row]bool{}
		for _, r := range rows {
			if r.source == "core" || other[r.source] {
				out[r] = true
			}
		}
		return out
	}
	a, b := keep(live.rows, commitExt), keep(committed.rows, liveExt)
	bad := 0
	for r := range a {
		if !b[r] {
			bad++
			t.Errorf("the catalog of %s has %s (%s, %s), %s does not", live.version, r.name, r.vol, r.source, path)
		}
	}
	for r := range b {
		if !a[r] {
			bad++
			t.Errorf("%s has %s (%s, %s), the catalog of %s does not", path, r.name, r.vol, r.source, live.version)
		}
	}
	if bad > 0 {
		t.Log("refresh it: go run ./internal/genvolatility -refresh (in rules/), then review the diff")
	}
	if len(a) < 1000 {
		t.Errorf("only %d functions compared; the query or the snapshot is broken", len(a))
	}
}

func sources(rows []row) map[string]bool {
	out := map[string]bool{}
	for _, r := range rows {
		out[r.source] = true
	}
	return out
}

func TestParseSnapshotRejectsBadLines(t *testing.T) {
	for _, src := range []string{
		"",
		"abs\ti\tcore\n",
		"# PostgreSQL 15.1\nabs\tx\tcore\n",
		"# PostgreSQL 15.1\nabs\ti\n",
		"# PostgreSQL 15.1\n\ti\tcore\n",
	} {
		if _, err := parseSnapshot("x.tsv", []byte(src)); err == nil {
			t.Errorf("parseSnapshot(%q) accepted it", src)
		}
	}
}

func TestRenderTakesTheMostVolatile(t *testing.T) {
	a, _ := parseSnapshot("pg15.tsv", []byte("# PostgreSQL 15.1\nf\ti\tcore\ng\ts\tcore\nh\ti\tcube\n"))
	b, _ := parseSnapshot("pg17.tsv", []byte("# PostgreSQL 17.1\nf\tv\tcore\ng\ti\tcore\nh\ts\tseg\n"))
	src, err := render([]snapshot{a, b})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"f": 'v'`, `"g": 's'`, `"h": {'s', "cube, seg"}`} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("rendered file lacks %s:\n%s", want, src)
		}
	}
}
