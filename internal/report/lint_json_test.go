package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// awkward are strings the hand-written JSON encoder must escape exactly as
// encoding/json does with SetEscapeHTML(false).
var awkward = []string{
	"",
	"plain text",
	`say "hi"`,
	`back\slash \\ and \"`,
	"tab\there\nnewline\r\ncrlf",
	"\b\f\x00\x01\x1f\x7f",
	"<script>alert('x')</script> & co",
	"line\u2028separator\u2029paragraph",
	"bad utf-8: \xff\xfe \xc3 \xe2\x80 end\xc3",
	"\xed\xa0\x80 surrogate half",
	"ü é 日本語 🎉",
	"mixed \"<\u2028>\" \x1b[0m \xff",
}

// jsonReference is the encoder WriteJSON replaced: encoding/json with HTML
// escaping off, one value per line.
func jsonReference(w io.Writer, l *Lint) error {
	doc := l.JSON()
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	list := func(name string, n int, item func(int) any) error {
		if n == 0 {
			fmt.Fprintf(bw, "  %q: [],\n", name)
			return nil
		}
		fmt.Fprintf(bw, "  %q: [\n", name)
		for i := 0; i < n; i++ {
			bw.WriteString("    ")
			if err := put(item(i)); err != nil {
				return err
			}
			if i < n-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.WriteString("  ],\n")
		return nil
	}
	bw.WriteString("{\n  \"rbcheck_version\": ")
	if err := put(doc.RbcheckVersion); err != nil {
		return err
	}
	bw.WriteString(",\n")
	if err := list("findings", len(doc.Findings), func(i int) any { return &doc.Findings[i] }); err != nil {
		return err
	}
	if err := list("errors", len(doc.Errors), func(i int) any { return &doc.Errors[i] }); err != nil {
		return err
	}
	bw.WriteString(`  "summary": `)
	if err := put(doc.Summary); err != nil {
		return err
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	check := func(s string) {
		t.Helper()
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendJSONString(nil, s)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
	for _, s := range awkward {
		check(s)
	}
	// every byte value alone and after a multi-byte lead, then random bytes
	for c := 0; c < 256; c++ {
		check(string([]byte{byte(c)}))
		check(string([]byte{0xe2, 0x80, byte(c)}))
	}
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("abcdefghijklmnopqrstuvwxyz a\"\\<>&\n\t\x00\x1f\x7f\xc3\xa9\xe2\x80\xa8\xa9\xff\xf0\x9f\x8e\x89")
	for n := 0; n < 5000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			if rng.Intn(16) == 0 {
				b[i] = byte(rng.Intn(256))
			} else {
				b[i] = alphabet[rng.Intn(len(alphabet))]
			}
		}
		check(string(b))
	}
}

func awkwardLint() *Lint {
	l := &Lint{Files: 3, Order: []string{"db/m/2.sql", "db/m/1.sql"}}
	for i, s := range awkward {
		obj := rules.Object{Type: sqlast.ObjType(s)}
		switch i % 4 {
		case 0:
			obj = rules.Object{Type: sqlast.ObjColumn, Schema: s, Table: s, Column: s, Index: s,
				Constraint: s, Name: s, Value: s, NewName: s, Columns: []string{s, "b" + s, ""}}
		case 1:
			obj.Table = s
			obj.Columns = []string{}
		case 2:
			obj.NewName = s
		}
		l.Findings = append(l.Findings, rules.Finding{
			Rule: "rule-" + s, Severity: rules.Severity([]string{"error", "warning", "info", s}[i%4]), Effect: rules.Effect(s),
			Pos:     sqlast.Pos{File: []string{"db/m/1.sql", "db/m/2.sql", "db/m/" + s + ".sql"}[i%3], Line: i % 5, Col: 7 - i},
			Message: "message " + s, Help: s, Object: obj,
		})
		l.Errors = append(l.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: "db/m/" + s, Line: i, Col: -i}, Msg: s})
	}
	l.Errors = append(l.Errors, nil)
	return l
}

func TestWriteJSONMatchesEncodingJSON(t *testing.T) {
	for name, l := range map[string]*Lint{
		"sample":        sample(),
		"awkward":       awkwardLint(),
		"empty":         {},
		"errors only":   {Errors: []*sqlast.ParseError{{Msg: "a\x00<b>"}}},
		"findings only": {Findings: []rules.Finding{{Rule: "r", Severity: rules.Info}}},
	} {
		var got, want bytes.Buffer
		if err := WriteJSON(&got, l); err != nil {
			t.Fatal(err)
		}
		if err := jsonReference(&want, l); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: WriteJSON differs from encoding/json:\n got %s\nwant %s", name, got.String(), want.String())
		}
		if !json.Valid(got.Bytes()) {
			t.Errorf("%s: invalid JSON: %s", name, got.String())
		}
	}
}

// TestItemsOrder checks the sort-then-merge of items against a stable sort
// of findings followed by errors, on shuffled input with many ties.
func TestItemsOrder(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	files := []string{"db/m/1.sql", "db/m/2.sql", "db/m/3.sql", "db/x.sql", "./db/m/1.sql"}
	for round := 0; round < 200; round++ {
		l := &Lint{Order: []string{"db/m/3.sql", "db/m/1.sql"}}
		for i := rng.Intn(30); i > 0; i-- {
			l.Findings = append(l.Findings, rules.Finding{
				Rule: []string{"a", "syntax-error", "z"}[rng.Intn(3)], Message: fmt.Sprint(len(l.Findings)),
				Pos: sqlast.Pos{File: files[rng.Intn(len(files))], Line: rng.Intn(3), Col: rng.Intn(2)},
			})
		}
		if round%2 == 0 { // the engine's order: usually sorted already
			sort.SliceStable(l.Findings, func(i, j int) bool { return l.Findings[i].Pos.Line < l.Findings[j].Pos.Line })
		}
		for i := rng.Intn(8); i > 0; i-- {
			l.Errors = append(l.Errors, &sqlast.ParseError{Msg: fmt.Sprint("e", len(l.Errors)),
				Pos: sqlast.Pos{File: files[rng.Intn(len(files))], Line: rng.Intn(3), Col: rng.Intn(2)}})
		}
		got := l.items()
		// the reference: the input order, sorted stably
		var want []item
		for i := range l.Findings {
			f := &l.Findings[i]
			want = append(want, item{rule: f.Rule, file: RelPath("", f.Pos.File), line: f.Pos.Line, col: f.Pos.Col, message: f.Message})
		}
		for _, e := range l.Errors {
			want = append(want, item{rule: SyntaxErrorRule, file: RelPath("", e.Pos.File), line: e.Pos.Line, col: e.Pos.Col, message: e.Msg})
		}
		order := map[string]int{"db/m/3.sql": 1, "db/m/1.sql": 2}
		rank := func(f string) int {
			if r, ok := order[f]; ok {
				return r
			}
			return 3
		}
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.file != b.file {
				if ra, rb := rank(a.file), rank(b.file); ra != rb {
					return ra < rb
				}
				return a.file < b.file
			}
			if a.line != b.line {
				return a.line < b.line
			}
			if a.col != b.col {
				return a.col < b.col
			}
			return a.rule < b.rule
		})
		if len(got) != len(want) {
			t.Fatalf("round %d: %d items, want %d", round, len(got), len(want))
		}
		for i := range got {
			if got[i].message != want[i].message || got[i].file != want[i].file {
				t.Fatalf("round %d: item %d is %s %q, want %s %q", round, i, got[i].file, got[i].message, want[i].file, want[i].message)
			}
		}
	}
}

func BenchmarkWriteJSON(b *testing.B) {
	l := manyFindings(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteJSON(io.Discard, l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteJSONReference(b *testing.B) {
	l := manyFindings(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonReference(io.Discard, l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteText(b *testing.B) {
	l := manyFindings(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteText(io.Discard, l); err != nil {
			b.Fatal(err)
		}
	}
}

// manyFindings is n findings in n/10 files, in engine order, plus errors.
func manyFindings(n int) *Lint {
	l := &Lint{Files: n / 10}
	for i := 0; i < n/10; i++ {
		l.Order = append(l.Order, fmt.Sprintf("db/migrations/%04d_change.sql", i))
	}
	for i := 0; i < n; i++ {
		l.Findings = append(l.Findings, rules.Finding{
			Rule: "require-lock-timeout", Severity: rules.Warning, Effect: rules.Locking,
			Pos:     sqlast.Pos{File: l.Order[i/10], Line: i%10 + 1, Col: 1},
			Message: `statement takes an access exclusive lock on existing table "users" without lock_timeout`,
			Help:    "run SET lock_timeout = '2s' before this statement and retry the migration on timeout",
			Object:  rules.Object{Type: sqlast.ObjColumn, Schema: "public", Table: "users", Column: "email"},
		})
		if i%4 == 0 {
			l.Errors = append(l.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: l.Order[i/10], Line: i%10 + 1, Col: 3}, Msg: `syntax error at or near "FROM"`})
		}
	}
	return l
}

// BenchmarkJSONFinding compares the hand-written encoder of one finding
// line with encoding/json on the same finding.
func BenchmarkJSONFinding(b *testing.B) {
	l := manyFindings(10)
	it := l.items()[0]
	b.Run("hand", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = appendJSONFinding(buf[:0], it.rule, string(it.severity), string(it.effect), it.file, it.line, it.col, it.message, it.help, it.object)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		doc := l.JSON()
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(&doc.Findings[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestPosition(t *testing.T) {
	for _, tc := range []struct {
		file      string
		line, col int
		want      string
	}{
		{"", 3, 4, ""},
		{"a.sql", 0, 4, "a.sql"},
		{"a.sql", -1, 0, "a.sql"},
		{"a.sql", 3, 0, "a.sql:3"},
		{"a.sql", 3, -2, "a.sql:3"},
		{"a.sql", 12, 345, "a.sql:12:345"},
	} {
		if got := position(tc.file, tc.line, tc.col); got != tc.want {
			t.Errorf("position(%q, %d, %d) = %q, want %q", tc.file, tc.line, tc.col, got, tc.want)
		}
	}
}

// TestTextAwkward checks the text writer on messages that span lines and
// on findings without a file or position.
func TestTextAwkward(t *testing.T) {
	l := &Lint{Files: 1, Findings: []rules.Finding{
		{Rule: "r1", Severity: rules.Warning, Pos: sqlast.Pos{File: "a.sql", Line: 2}, Message: "two\r\nlines  here", Help: "h\nelp"},
		{Rule: "r2", Severity: rules.Info, Message: "no file %d"},
	}}
	var b bytes.Buffer
	if err := WriteText(&b, l); err != nil {
		t.Fatal(err)
	}
	want := "no file %d (r2)\na.sql:2: two lines here (r1)\n  help: h elp\n2 findings (1 warning, 1 info) in 1 migration\n"
	if b.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", b.String(), want)
	}
}
