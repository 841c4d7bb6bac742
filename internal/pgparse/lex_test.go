package pgparse

import (
	"math/rand"
	"testing"
)

// TestContainsFold compares containsFold with a byte-by-byte search on
// random text made of w's letters in both cases and a few others, at every
// alignment.
func TestContainsFold(t *testing.T) {
	naive := func(s, w string) bool {
		for i := 0; i+len(w) <= len(s); i++ {
			if foldAt(s, i, w) {
				return true
			}
		}
		return false
	}
	const alphabet = "sStTdDiInN \n;x3\xd3\xf3\x13"
	r := rand.New(rand.NewSource(1))
	found := 0
	for n := 0; n < 20000; n++ {
		b := make([]byte, r.Intn(40))
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		if r.Intn(4) == 0 && len(b) >= 5 {
			at := r.Intn(len(b) - 4)
			for j, c := range []byte("StdIn") {
				b[at+j] = c
			}
		}
		s := string(b)
		want := naive(s, "stdin")
		if got := containsFold(s, "stdin"); got != want {
			t.Fatalf("containsFold(%q, stdin) = %v, want %v", s, got, want)
		}
		if want {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d samples hold the word", found)
	}
}

// TestCommentEndsAtCarriageReturn: Postgres ends a `--` comment at a
// carriage return too, so what follows one is SQL (a file cut into parts
// for parallel parsing was cut inside a quoted name the small lexer took
// for comment: FuzzParse).
func TestCommentEndsAtCarriageReturn(t *testing.T) {
	src := `SELECT 1 -- c` + "\r" + `"x";` + "\n" + `SELECT 2; -- d` + "\r\n" + `SELECT 3;`
	if i := skipSpaceComments(src, len("SELECT 1 ")); src[i] != '"' {
		t.Errorf("skipSpaceComments stops at %q, want the quote after the carriage return", src[i:])
	}
	if got := commentsIn(src, len("SELECT 2; "), len(src)-len("SELECT 3;")); len(got) != 1 || got[0] != "-- d" {
		t.Errorf("commentsIn = %q, want [\"-- d\"]", got)
	}
}
