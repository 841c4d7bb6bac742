package migrations

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The hand-written recognisers replace these regexps (what the loader used
// before, and what each tool's syntax says); they must agree on every line
// written in ASCII (the regexps' (?i) also folds U+017F and U+212A, which
// no tool accepts).
var (
	reGoose       = regexp.MustCompile(`(?im)^\s*--\s*\+goose\s+(up|down)\b`)
	reSQLMigrate  = regexp.MustCompile(`(?i)^\s*--\s*\+migrate\s+(up|down)\b`)
	reDbmate      = regexp.MustCompile(`(?i)^\s*--\s*migrate:(up|down)\b`)
	reTern        = regexp.MustCompile(`(?i)^\s*----\s*create\s+above\s*/\s*drop\s+below\s*----\s*$`)
	reTernDisable = regexp.MustCompile(`(?i)^\s*----\s*tern:\s*disable-tx\s*----\s*$`)
	reGooseAnn    = regexp.MustCompile(`(?i)^\s*--\s*\+goose\s+(.*?)\s*$`)
	reMeta        = regexp.MustCompile(`^\\[a-zA-Z!?]`)
	rePlaceholder = regexp.MustCompile(`\$\{[^}\n]{1,200}\}`)
	reGoMig       = regexp.MustCompile(`^[0-9]+_.+\.go$`)
)

func checkLine(t *testing.T, line string) {
	t.Helper()
	if !utf8.ValidString(line) || strings.ContainsAny(line, "\u017f\u212a\n") {
		return
	}
	agree := func(what string, got, want bool) {
		if got != want {
			t.Errorf("%s(%q) = %v, the regexp says %v", what, line, got, want)
		}
	}
	isMarker := func(m func(string) bool) bool {
		l := trimLeftSpace(line)
		return len(l) >= 2 && l[0] == '-' && l[1] == '-' && m(l)
	}
	agree("goose marker", isMarker(gooseMarker), reGoose.MatchString(line))
	agree("sql-migrate marker", isMarker(sqlMigrate.Marker), reSQLMigrate.MatchString(line))
	agree("dbmate marker", isMarker(dbmate.Marker), reDbmate.MatchString(line))
	agree("tern marker", ternMarker(line), reTern.MatchString(line))
	agree("tern disable-tx", ternDisableTx(line), reTernDisable.MatchString(line))
	agree("psql meta-command", psqlMetaCommand(line), reMeta.MatchString(line))
	agree("goose Go migration", goMigrationName(line), reGoMig.MatchString(line) && !strings.HasSuffix(line, "_test.go"))
	cmd, ok := annotation(line, "+goose")
	m := reGooseAnn.FindStringSubmatch(line)
	agree("goose annotation", ok, m != nil)
	if ok && m != nil && cmd != m[1] {
		t.Errorf("annotation(%q) = %q, the regexp says %q", line, cmd, m[1])
	}
	want := rePlaceholder.FindStringIndex(line)
	got := -1
	for i := 0; i < len(line); i++ {
		if e := placeholderEnd(line, i); e >= 0 {
			if want == nil || want[0] != i || want[1] != e {
				t.Errorf("placeholder in %q at %d..%d, the regexp says %v", line, i, e, want)
			}
			got = i
			break
		}
	}
	if got < 0 && want != nil {
		t.Errorf("no placeholder in %q, the regexp says %v", line, want)
	}
}

func TestMarkersAgreeWithRegexps(t *testing.T) {
	for _, l := range []string{
		"", "CREATE TABLE t (id int);",
		"-- +goose Up", "  --   +GOOSE   DOWN", "-- +GoOsE up", "--+goose up", "-- +goose upx", "-- +goose up_",
		"-- +goose Up -- x", "-- +goose", "-- +goose ", "-- +goose StatementBegin ", "\t-- +goose NO TRANSACTION\r",
		"-- +migrate Up", "-- +MIGRATE down notransaction", "-- +migrate up2",
		"-- migrate:up", "-- MIGRATE:UP transaction:false", "-- Migrate:Down", "-- migrate: up", "--migrate:down",
		"---- create above / drop below ----", "---- CREATE ABOVE / DROP BELOW ----", "----create above/drop below----",
		"---- create  above / drop below ----  ", "---- createabove / drop below ----", "----- create above / drop below ----",
		"---- tern: disable-tx ----", "----tern:disable-tx----", "---- tern disable-tx ----",
		"\\set ON_ERROR_STOP on", "\\! ls", "\\1", " \\set",
		"00002_backfill.go", "2_.go", "2_x.go", "x_1.go", "00002_backfill_test.go",
		"SELECT '${a}'", "${}", "${a", "$${a}", "x ${" + strings.Repeat("a", 200) + "} y", "x ${" + strings.Repeat("a", 201) + "}",
		"SELECT 'a+goose up';", "SELECT 1 +goose",
	} {
		checkLine(t, l)
	}
}

func FuzzMarkers(f *testing.F) {
	f.Add("-- +goose Up")
	f.Add("-- MIGRATE:down")
	f.Add("---- create above / drop below ----")
	f.Add("${schema}.users")
	f.Fuzz(func(t *testing.T, line string) { checkLine(t, line) })
}

func TestAppendNormalizedMatchesNormalizeSQL(t *testing.T) {
	for _, s := range []string{
		"", "  ", "SELECT 1", "  SELECT\t1 ;\n", "SELECT 'a  b' -- c\n FROM t",
		"/* x */SELECT/* y */1/* z */", "-- only\n", "a\u00a0b\u0085c\u2028d", "x\xff\xfe  y\xe2\x80",
		"SELECT $$ a  b $$, E'\\n'  /* c /* nested */ */ x", "\v\fa\r\nb",
	} {
		if got, want := string(appendNormalized(nil, s)), normalizeSQL(s); got != want {
			t.Errorf("appendNormalized(%q) = %q, normalizeSQL gives %q", s, got, want)
		}
	}
}

func FuzzAppendNormalized(f *testing.F) {
	f.Add("SELECT 1 -- c\n /* d */ FROM\u00a0t")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendNormalized(nil, s)), normalizeSQL(s); got != want {
			t.Errorf("appendNormalized(%q) = %q, normalizeSQL gives %q", s, got, want)
		}
	})
}

// TestEachCommentLine compares eachCommentLine (and markedBy) with a walk
// over every line of random files made of comment markers, blanks, words
// and line ends.
func TestEachCommentLine(t *testing.T) {
	byLine := func(src string) []string {
		var out []string
		for _, line := range strings.Split(strings.TrimPrefix(src, bom), "\n") {
			if l := trimLeftSpace(line); strings.HasPrefix(l, "--") {
				out = append(out, l)
			}
		}
		return out
	}
	parts := []string{"--", "-", " ", "\t", "\r", "\n", "x", "-- +goose Up", "-- migrate:down", "---- create above / drop below ----", "-- +migrate up", bom}
	r := rand.New(rand.NewSource(1))
	lines := 0
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(12); k > 0; k-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		src := b.String()
		var got []string
		eachCommentLine(src, func(l string) bool { got = append(got, l); return false })
		if want := byLine(src); !slices.Equal(got, want) {
			t.Fatalf("eachCommentLine(%q) = %q, line by line %q", src, got, want)
		}
		lines += len(got)
		var want []*Tool
		for _, tl := range tools {
			if tl.Marker != nil && slices.ContainsFunc(byLine(src), tl.Marker) {
				want = append(want, tl)
			}
		}
		if got := markedBy(src); !slices.Equal(got, want) {
			t.Fatalf("markedBy(%q) = %v, want %v", src, got, want)
		}
	}
	if lines < 10000 {
		t.Fatalf("only %d comment lines", lines)
	}
}

// TestMaskText compares maskText with blanking byte by byte on random
// files and line masks.
func TestMaskText(t *testing.T) {
	byByte := func(src string, keep []bool) string {
		b := []byte(src)
		if strings.HasPrefix(src, bom) {
			copy(b, "   ")
		}
		line := 0
		for i := range b {
			if b[i] == '\n' {
				line++
				continue
			}
			if line >= len(keep) || !keep[line] {
				b[i] = ' '
			}
		}
		return string(b)
	}
	parts := []string{"a", "\n", "\n\n", " ", "é", bom, "x;"}
	r := rand.New(rand.NewSource(2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(10); k > 0; k-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		src := b.String()
		keep := make([]bool, r.Intn(8))
		for i := range keep {
			keep[i] = r.Intn(3) > 0
		}
		if got, want := maskText(src, keep), byByte(src, keep); got != want {
			t.Fatalf("maskText(%q, %v) = %q, want %q", src, keep, got, want)
		}
	}
}
