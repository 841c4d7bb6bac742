// Command sample draws a random sample of SQL call sites (by grep) and of
// the uses rbcheck reports in a Go codebase, for checking each by reading
// the code: recall is the share of real SQL sites rbcheck reports, precision
// the share of reported uses that are right.
//
//	go run ./bench/refs/sample -dir /path/to/repo [-include internal/store,cmd] [-sites 20] [-refs 20] [-seed 1]
//
// It prints each sampled site with what rbcheck reports near it (the
// statement may be reported at the SQL literal or at the chain's start), and
// each sampled use with its code line and SQL, numbered S1… and R1…; the
// verdicts go into bench/refs/samples/<codebase>.tsv (id, verdict, note),
// and -score reads that file back and prints recall and precision.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/rbcheck/rbcheck/analyzer"
)

var defaultSites = `\.(Query|QueryRow|QueryContext|QueryRowContext|Exec|ExecContext|Get|Select|GetContext|SelectContext|NamedExec|NamedExecContext|NamedQuery|Queryx|QueryRowx|QueryxContext|QueryRowxContext|Raw|RawQuery|RawWithCtx|NewRaw|Prepare|PrepareContext|CopyFrom|Queue|SendBatch|Where|First|Find|All|Create|Update|UpdateOnly|Save|Destroy|Count|Delete|Insert|Exists|ToSql)\(`

func main() {
	dir := flag.String("dir", "", "repository root")
	include := flag.String("include", "", "comma-separated directories (relative) to sample from; default all")
	nSites := flag.Int("sites", 20, "call sites to sample")
	nRefs := flag.Int("refs", 20, "uses to sample")
	seed := flag.Int64("seed", 1, "random seed")
	pattern := flag.String("pattern", defaultSites, "regexp of a call site line")
	score := flag.String("score", "", "a verdicts TSV to score instead of sampling")
	lexical := flag.Bool("lexical", false, "check every use of SQL text lexically instead of sampling: its table and column are words of its SQL")
	vet := flag.String("vet", "", "the output of go vet -vettool=rbcheck-vet -rbcheck.report-refs ./... run in -dir (the Analyzer with the module's dependencies): compare its uses with ScanDir's (without them)")
	flag.Parse()
	if *score != "" {
		scoreFile(*score)
		return
	}
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "sample: -dir is required")
		os.Exit(2)
	}
	t0 := time.Now()
	inv, err := analyzer.ScanDir(*dir, analyzer.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	took := time.Since(t0)
	if *vet != "" {
		compareVet(*vet, inv, took)
		return
	}
	if *lexical {
		checkLexical(inv)
		return
	}
	var incl []string
	for _, s := range strings.Split(*include, ",") {
		if s = strings.Trim(strings.TrimSpace(s), "/"); s != "" {
			incl = append(incl, s+"/")
		}
	}
	in := func(f string) bool {
		if len(incl) == 0 {
			return true
		}
		for _, p := range incl {
			if strings.HasPrefix(f, p) {
				return true
			}
		}
		return false
	}
	nonMig := 0
	for _, r := range inv.Refs {
		if !r.Migration {
			nonMig++
		}
	}
	fmt.Printf("# %s: %d statements, %d uses (%d not migrations), %d dynamic, %d not read; ScanDir %.2fs\n",
		filepath.Base(*dir), len(inv.Queries), len(inv.Refs), nonMig, len(inv.Dynamic), len(inv.Errors), took.Seconds())
	rng := rand.New(rand.NewSource(*seed))

	// call sites by grep
	re := regexp.MustCompile(*pattern)
	type hit struct {
		file string
		line int
		text string
	}
	var hits []hit
	_ = filepath.WalkDir(*dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != *dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(*dir, p)
		rel = filepath.ToSlash(rel)
		if !in(rel) {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return nil
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		n := 0
		for sc.Scan() {
			n++
			if re.MatchString(sc.Text()) {
				hits = append(hits, hit{rel, n, strings.TrimSpace(sc.Text())})
			}
		}
		return nil
	})
	fmt.Printf("# %d grep call sites in scope; sampling %d\n", len(hits), min(*nSites, len(hits)))
	rng.Shuffle(len(hits), func(i, j int) { hits[i], hits[j] = hits[j], hits[i] })
	for i, h := range hits[:min(*nSites, len(hits))] {
		fmt.Printf("S%d\t%s:%d\t%s\n", i+1, h.file, h.line, clip(h.text, 160))
		// what rbcheck reports in the enclosing function (a chain's
		// statement is reported where it starts)
		lo, hi := funcRange(filepath.Join(*dir, h.file), h.line)
		near := map[string]bool{}
		for _, r := range inv.Refs {
			if r.Pos.File == h.file && r.Pos.Line >= lo && r.Pos.Line <= hi {
				t := r.Table.String()
				if t == "" {
					t = "?"
				}
				near[fmt.Sprintf("    ref  @%d %s %s.%s %s %s", r.Pos.Line, r.Kind, t, r.Column, r.Confidence, r.Via)] = true
			}
		}
		for _, d := range inv.Dynamic {
			if d.Pos.File == h.file && d.Pos.Line >= lo && d.Pos.Line <= hi {
				near[fmt.Sprintf("    dyn  @%d %s", d.Pos.Line, clip(d.Reason, 120))] = true
			}
		}
		var lines []string
		for l := range near {
			lines = append(lines, l)
		}
		sort.Strings(lines)
		if len(lines) > 8 {
			lines = append(lines[:8], fmt.Sprintf("    … %d more", len(lines)-8))
		}
		for _, l := range lines {
			fmt.Println(l)
		}
	}

	// uses at random (not embedded migrations, in scope)
	var refs []analyzer.Ref
	for _, r := range inv.Refs {
		if !r.Migration && in(r.Pos.File) {
			refs = append(refs, r)
		}
	}
	fmt.Printf("# %d uses in scope; sampling %d\n", len(refs), min(*nRefs, len(refs)))
	rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	for i, r := range refs[:min(*nRefs, len(refs))] {
		t := r.Table.String()
		if t == "" {
			var cs []string
			for _, c := range r.Candidates {
				cs = append(cs, c.String())
			}
			t = "{" + strings.Join(cs, "|") + "}"
		}
		fmt.Printf("R%d\t%s.%s %s %s %s\t%s\n", i+1, t, r.Column, r.Kind, r.Confidence, r.Via, r.Pos)
		fmt.Printf("    code: %s\n", clip(lineOf(filepath.Join(*dir, r.Pos.File), r.Pos.Line), 160))
		if r.SQL != "" {
			fmt.Printf("    sql:  %s\n", clip(strings.Join(strings.Fields(r.SQL), " "), 300))
		}
	}
}

// funcRange returns the lines of the function declaration around line n
// (n-12 … n+2 when there is none).
func funcRange(path string, n int) (int, int) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err == nil {
		for _, d := range f.Decls {
			a, b := fset.Position(d.Pos()).Line, fset.Position(d.End()).Line
			if _, ok := d.(*ast.FuncDecl); ok && a <= n && n <= b {
				return a, b
			}
		}
	}
	return n - 12, n + 2
}

func lineOf(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return strings.TrimSpace(sc.Text())
		}
	}
	return ""
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// scoreFile reads "id<TAB>verdict<TAB>note" lines: S ids with verdict
// found / missed / not-sql, R ids with right / wrong.
func scoreFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	count := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		count[strings.TrimSpace(fs[1])]++
	}
	sites := count["found"] + count["missed"]
	refs := count["right"] + count["wrong"]
	rec, prec := 0.0, 0.0
	if sites > 0 {
		rec = 100 * float64(count["found"]) / float64(sites)
	}
	if refs > 0 {
		prec = 100 * float64(count["right"]) / float64(refs)
	}
	fmt.Printf("sites %d (of which SQL %d, found %d): recall %.1f%%; uses %d, right %d: precision %.1f%%\n",
		sites+count["not-sql"], sites, count["found"], rec, refs, count["right"], prec)
}

var vetLine = regexp.MustCompile(`^(\S+?):\d+:\d+: (\S+) (\S+) (exact|partial) \((.*)\)$`)

// compareVet compares the uses the Analyzer reported under go vet (with
// the module's dependencies) with ScanDir's, per file, use, kind and
// confidence (positions differ: vet reports each use at its statement).
func compareVet(path string, inv *analyzer.Inventory, took time.Duration) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	vet := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := vetLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil || strings.HasPrefix(m[5], "embed") {
			continue // embedded .sql files: vet reports them at the Go file
		}
		vet[strings.TrimPrefix(m[1], "./")+" "+m[2]+" "+m[3]+" "+m[4]]++
	}
	scan := map[string]int{}
	for _, r := range inv.Refs {
		if strings.HasPrefix(r.Via, "embed") {
			continue
		}
		t := r.Table.String()
		if t == "" {
			var cs []string
			for _, c := range r.Candidates {
				cs = append(cs, c.String())
			}
			t = "{" + strings.Join(cs, "|") + "}"
		}
		if r.Column != "" {
			t += "." + r.Column
		}
		scan[r.Pos.File+" "+t+" "+string(r.Kind)+" "+string(r.Confidence)]++
	}
	n := func(m map[string]int) int {
		s := 0
		for _, v := range m {
			s += v
		}
		return s
	}
	var onlyVet, onlyScan []string
	for k, v := range vet {
		if d := v - scan[k]; d > 0 {
			onlyVet = append(onlyVet, fmt.Sprintf("%s (x%d)", k, d))
		}
	}
	for k, v := range scan {
		if d := v - vet[k]; d > 0 {
			onlyScan = append(onlyScan, fmt.Sprintf("%s (x%d)", k, d))
		}
	}
	sort.Strings(onlyVet)
	sort.Strings(onlyScan)
	fmt.Printf("uses: Analyzer with dependencies %d, ScanDir without %d (%.2fs); only with dependencies %d, only without %d\n", n(vet), n(scan), took.Seconds(), len(onlyVet), len(onlyScan))
	for _, k := range onlyVet {
		fmt.Println("  only with dependencies: " + k)
	}
	for _, k := range onlyScan {
		fmt.Println("  only without: " + k)
	}
}

// checkLexical checks that the table and column of every use that comes
// from SQL text (not a model, not a star, not an embedded migration) are
// words of that text: a coarse check of all uses, next to the sample read
// by hand. Names a model or builder derived (gorm's naming) are words of
// the synthesised SQL too.
func checkLexical(inv *analyzer.Inventory) {
	word := func(sql, w string) bool {
		if w == "" {
			return true
		}
		re := regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_])"?` + regexp.QuoteMeta(w) + `"?($|[^A-Za-z0-9_])`)
		return re.MatchString(sql)
	}
	n, bad := 0, 0
	for _, r := range inv.Refs {
		if r.SQL == "" || r.Migration || r.Column == "*" {
			continue
		}
		n++
		ok := word(r.SQL, r.Table.Name) || len(r.Candidates) > 0
		ok = ok && word(r.SQL, r.Column)
		if !ok {
			bad++
			if bad <= 10 {
				fmt.Printf("  not in its SQL: %s.%s at %s: %s\n", r.Table, r.Column, r.Pos, clip(strings.Join(strings.Fields(r.SQL), " "), 200))
			}
		}
	}
	fmt.Printf("uses of SQL text: %d, table and column words of the SQL: %d, not: %d\n", n, n-bad, bad)
}
