package rules

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func TestItlScan(t *testing.T) {
	sql := "CREATE TABLE \"Mixed\"\"Quote\" (Abc int, e text DEFAULT E'it\\'s x', s text DEFAULT 'a''b c') -- tail words\n" +
		"/* outer /* nested ident */ still comment */ $1 $fn$ inside body $fn$ U&\"d\\0061t\" 12abc x.y"
	var got []string
	itlScan(sql, func(off int, id string) { got = append(got, id) })
	want := []string{"create", "table", "Mixed\"Quote", "abc", "int", "e", "text", "default", "s", "text", "default", "d\\0061t", "x", "y"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("itlScan:\n got %q\nwant %q", got, want)
	}
}

func TestItlScanQuoted(t *testing.T) {
	var got []string
	itlScan(`"a" "" "b""c" """" "Ab" "unterminated`, func(off int, id string) { got = append(got, id) })
	want := []string{"a", "", `b"c`, `"`, "Ab", "unterminated"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("itlScan:\n got %q\nwant %q", got, want)
	}
}

func TestItlScanOffsetsAndUnterminated(t *testing.T) {
	// Unterminated constructs must not loop or panic.
	for _, s := range []string{"'abc", "\"abc", "/* abc", "$q$ abc", "E'\\", "U&\"", "$", "-", "/"} {
		itlScan(s, func(int, string) {})
	}
	var offs []int
	itlScan("a  bb\n ccc", func(off int, id string) { offs = append(offs, off) })
	if !reflect.DeepEqual(offs, []int{0, 3, 7}) {
		t.Errorf("offsets %v", offs)
	}
}

func TestItlClipAndPos(t *testing.T) {
	long := strings.Repeat("é", 40) // 80 bytes, 2 per character
	if got := itlClip(long); len(got) != 62 || got != strings.Repeat("é", 31) {
		t.Errorf("itlClip cut inside a character: %d bytes", len(got))
	}
	st := &sqlast.Stmt{Pos: sqlast.Pos{Line: 3, Col: 5, Offset: 40}, Text: "ALTER TABLE t\n  ADD COLUMN x int"}
	p := itlPos(st, strings.Index(st.Text, "x"))
	if p.Line != 4 || p.Col != 14 || p.Offset != 40+27 {
		t.Errorf("itlPos = %+v", p)
	}
	p = itlPos(st, 6)
	if p.Line != 3 || p.Col != 11 {
		t.Errorf("itlPos same line = %+v", p)
	}
}

func FuzzItlScan(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE \"a\"\"b\" (x int)", "SELECT $1, $tag$ body $tag$, E'\\'', U&\"x\"", "/* /* */ */ a -- b\nc",
		"'unterminated", "$$", "$a", "e'", "1.5e10abc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := -1
		itlScan(s, func(off int, id string) {
			if off <= last || off >= len(s) {
				t.Fatalf("offset %d after %d in %q", off, last, s)
			}
			last = off
		})
	})
}

// TestItlMayHaveLong: the prefilter never rules out a statement in which
// the scan finds a long name (random mixes of long names, quotes,
// comments, strings and punctuation).
func TestItlMayHaveLong(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	parts := []string{"a", strings.Repeat("x", 30), strings.Repeat("y", 64), `"q`, `"`, " ", ",", "--c\n", "/* c */", "'s'", "E'\\''", "$$d$$", "é", "$", "0", "(", "U&\"", "ſ"}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(12); k >= 0; k-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		s := b.String()
		long := false
		itlScan(s, func(_ int, ident string) { long = long || len(ident) > itlMax })
		if long && !itlMayHaveLong(s) {
			t.Fatalf("%q has a long name the prefilter rules out", s)
		}
	}
}

// TestItlMayHaveLongSkips: the skipping prefilter answers as a pass over
// every byte does, on random texts of name runs around itlMax bytes long.
func TestItlMayHaveLongSkips(t *testing.T) {
	every := func(text string) bool {
		run := 0
		for i := 0; i < len(text); i++ {
			switch b := text[i]; {
			case b == '"':
				return true
			case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$' || b >= 0x80:
				if run++; run > itlMax {
					return true
				}
			default:
				run = 0
			}
		}
		return false
	}
	r := rand.New(rand.NewSource(2))
	seps := []string{" ", ",", "(", ".", "\n", "-", "'", ""}
	names := []string{"a", "Z9", "_", "$", "é", "\xff"}
	longs, n := 0, 0
	for ; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(8); k >= 0; k-- {
			b.WriteString(seps[r.Intn(len(seps))])
			w := []int{1, 5, 62, 63, 64, 65, 127, 128, 200}[r.Intn(9)] - r.Intn(3)
			for b.Len() < 1<<20 && w > 0 {
				p := names[r.Intn(len(names))]
				b.WriteString(p)
				w -= len(p)
			}
		}
		s := b.String()
		want := every(s)
		if got := itlMayHaveLong(s); got != want {
			t.Fatalf("itlMayHaveLong(%q) = %v, a pass over every byte says %v", s, got, want)
		}
		if want {
			longs++
		}
	}
	if longs < n/10 || longs > n*9/10 {
		t.Errorf("%d of %d texts have a long run: the test does not mix both", longs, n)
	}
}
