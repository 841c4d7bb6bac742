package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// sarifReference is the SARIF writer LintWriter replaced: every item added
// to one log, encoded at once.
func sarifReference(l *Lint) string {
	s := NewSARIF()
	for _, it := range l.items() {
		msg := it.message
		if it.help != "" {
			msg += "\nhelp: " + it.help
		}
		s.AddResult(sarifRule(&it), SARIFLevel(it.severity), msg, it.file, it.line, it.col)
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		panic(err)
	}
	return b.String()
}

// streamed prints l through a LintWriter the way the lint command does:
// the errors of no file first, then each file of l.Order in turn with its
// findings and errors (and those of files not in Order, as the engine
// hands over a separate down file's), then Close. It returns the output
// and the bytes w had received before Close.
func streamed(t *testing.T, format string, l *Lint) (out string, beforeClose int) {
	t.Helper()
	var b bytes.Buffer
	lw, err := NewLintWriter(&b, format, Style{}, l.Files, l.Order, l.Root)
	if err != nil {
		t.Fatal(err)
	}
	inOrder := map[string]bool{}
	for _, p := range l.Order {
		inOrder[p] = true
	}
	var noFile []*sqlast.ParseError
	errsOf := map[string][]*sqlast.ParseError{}
	for _, e := range l.Errors {
		if e == nil || e.Pos.File == "" {
			noFile = append(noFile, e)
		} else {
			errsOf[e.Pos.File] = append(errsOf[e.Pos.File], e)
		}
	}
	if err := lw.Add("", nil, noFile); err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]rules.Finding{}
	for _, f := range l.Findings {
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	done := map[string]bool{}
	for i, p := range l.Order {
		if done[p] {
			continue
		}
		done[p] = true
		fs := byFile[p]
		if i == 0 {
			fs = nil
			for _, f := range l.Findings {
				if f.Pos.File == p || !inOrder[f.Pos.File] {
					fs = append(fs, f)
				}
			}
		}
		var es []*sqlast.ParseError
		for _, e := range errsOf[p] {
			es = append(es, e)
		}
		if i == 0 {
			for _, e := range l.Errors {
				if e != nil && e.Pos.File != "" && !inOrder[e.Pos.File] {
					es = append(es, e)
				}
			}
		}
		if err := lw.Add(p, fs, es); err != nil {
			t.Fatal(err)
		}
	}
	beforeClose = b.Len()
	if err := lw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), beforeClose
}

// perFile is a lint of files in order, findings in engine order (by line
// within a file, with ties), errors among them, and items of files not in
// the order.
func perFile(rng *rand.Rand, dup bool) *Lint {
	order := []string{"db/m/1.sql", "db/m/2.sql", "db/m/10.sql", "db/m/3.sql"}
	if dup {
		order = append(order, "db/m/2.sql")
	}
	l := &Lint{Files: len(order), Order: order}
	others := []string{"db/m/1.down.sql", "db/m/0.down.sql", "db/z.sql"}
	for _, p := range order {
		line := 1
		for i := rng.Intn(12); i > 0; i-- {
			line += rng.Intn(2)
			file := p
			if rng.Intn(8) == 0 {
				file = others[rng.Intn(len(others))]
			}
			sev := []rules.Severity{rules.Error, rules.Warning, rules.Info}[rng.Intn(3)]
			l.Findings = append(l.Findings, rules.Finding{
				Rule: []string{"drop-column", "a-rule", "zz"}[rng.Intn(3)], Severity: sev, Effect: rules.Locking,
				Pos:     sqlast.Pos{File: file, Line: line, Col: rng.Intn(3)},
				Message: fmt.Sprintf("finding %d <&> \"%s\"", len(l.Findings), awkward[rng.Intn(len(awkward))]),
				Help:    []string{"", "do this\nthen that"}[rng.Intn(2)],
				Object:  rules.Object{Type: sqlast.ObjTable, Table: "t"},
			})
			if rng.Intn(3) == 0 {
				msg := fmt.Sprintf("syntax error %d", len(l.Errors))
				if rng.Intn(4) == 0 {
					msg = "cannot read migration file: permission denied"
				}
				l.Errors = append(l.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: file, Line: line, Col: rng.Intn(3)}, Msg: msg})
			}
		}
	}
	if rng.Intn(3) == 0 {
		l.Errors = append(l.Errors, &sqlast.ParseError{Msg: `unknown rule "x" in enabled rules`}, nil)
	}
	return l
}

// TestLintWriterStreamsLikeWrite: a report printed file by file is the
// report printed at once, in every format; SARIF is also the log built
// whole as before.
func TestLintWriterStreamsLikeWrite(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 200; round++ {
		l := perFile(rng, round%5 == 4)
		for _, format := range Formats {
			var want bytes.Buffer
			if err := Write(&want, format, l); err != nil {
				t.Fatal(err)
			}
			got, _ := streamed(t, format, l)
			if got != want.String() {
				t.Fatalf("round %d, %s: streamed output differs:\n got %s\nwant %s", round, format, got, want.String())
			}
			if format == "sarif" {
				if ref := sarifReference(l); got != ref {
					t.Fatalf("round %d: SARIF differs from the log built whole:\n got %s\nwant %s", round, got, ref)
				}
			}
			if format == "json" || format == "sarif" {
				if !json.Valid([]byte(got)) {
					t.Fatalf("round %d, %s: invalid JSON: %s", round, format, got)
				}
			}
		}
	}
}

// TestLintWriterCounts: the exit code's inputs match Lint's.
func TestLintWriterCounts(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 200; round++ {
		l := perFile(rng, false)
		if round%2 == 0 {
			l.Errors = nil
		}
		var b bytes.Buffer
		lw, err := NewLintWriter(&b, "text", Style{}, l.Files, l.Order, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Findings {
			_ = lw.Add(f.Pos.File, []rules.Finding{f}, nil)
		}
		_ = lw.Add("", nil, l.Errors)
		e, w, i := lw.Counts()
		we, ww, wi := l.Counts()
		if e != we || w != ww || i != wi {
			t.Fatalf("counts %d %d %d, want %d %d %d", e, w, i, we, ww, wi)
		}
		for _, s := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
			if lw.Fails(s) != l.Fails(s) {
				t.Fatalf("round %d: Fails(%s) = %v, want %v", round, s, lw.Fails(s), l.Fails(s))
			}
		}
		var wantU *sqlast.ParseError
		for _, e := range l.items() {
			if e.isError && Unreadable(e.message) {
				for _, pe := range l.Errors {
					if pe != nil && pe.Msg == e.message && RelPath("", pe.Pos.File) == e.file && pe.Pos.Line == e.line && pe.Pos.Col == e.col {
						wantU = pe
						break
					}
				}
				break
			}
		}
		if got := lw.Unreadable(); got != wantU && (got == nil || wantU == nil || got.Pos != wantU.Pos) {
			t.Fatalf("round %d: Unreadable %v, want %v", round, got, wantU)
		}
	}
}

// TestLintWriterPrintsAsItGoes: what a file found is printed before the
// run ends (memory does not hold the run's findings), and JSON's errors,
// which follow every finding, wait in a spool file past spoolMem.
func TestLintWriterPrintsAsItGoes(t *testing.T) {
	defer func(n int) { spoolMem = n }(spoolMem)
	spoolMem = 64 << 10
	l := manyFindings(8000) // 800 files, 2,000 errors of about 110 bytes
	for _, format := range Formats {
		var want bytes.Buffer
		if err := Write(&want, format, l); err != nil {
			t.Fatal(err)
		}
		got, before := streamed(t, format, l)
		if got != want.String() {
			t.Fatalf("%s: streamed output differs", format)
		}
		if format != "sarif" && format != "markdown" && before < len(got)/2 {
			t.Errorf("%s: %d of %d bytes printed before Close: the report was held", format, before, len(got))
		}
	}
	var b bytes.Buffer
	lw, _ := NewLintWriter(&b, "json", Style{}, l.Files, l.Order, "")
	_ = lw.Add("", l.Findings, l.Errors)
	lw.flush(int(^uint(0) >> 1))
	if lw.spool.f == nil || len(lw.spool.mem) > spoolMem {
		t.Errorf("json errors: %d bytes in memory, file %v: want at most %d in memory, the rest in a file", len(lw.spool.mem), lw.spool.f, spoolMem)
	}
	name := lw.spool.f.Name()
	if err := lw.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"errors": [`) || !json.Valid(b.Bytes()) {
		t.Errorf("json with spooled errors is not valid")
	}
	if _, err := os.Stat(name); err == nil {
		t.Errorf("spool file %s left behind", name)
	}
}
