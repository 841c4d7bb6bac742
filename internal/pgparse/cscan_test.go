//go:build unix

package pgparse

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// TestScanInC checks that cscan.c's scanner loop is used and gives
// pg_query_scan's tokens on every SQL file of the repository, a generated
// corpus and (with RBCHECK_PG_REGRESS) PostgreSQL's regression SQL, and on
// the same texts cut short (unterminated literals and comments: an error
// either way).
func TestScanInC(t *testing.T) {
	if !scanInC() {
		t.Fatal("cscan.c's scanner loop did not check out on the samples: every scan goes through pg_query_scan")
	}
	corpus := jsonCorpus(t)
	if dir := os.Getenv("RBCHECK_PG_REGRESS"); dir != "" {
		readSQLInto(t, corpus, dir)
	}
	corpus["hostile"] = "SELECT E'\\xff\\x00', U&'\\+01F600', $a$ $b$ $a$, 1e, 0x1F, 1_000, .5, 5., \"\", $" + strings.Repeat("(", 1000)
	n := 0
	for name, src := range corpus {
		texts := []string{src}
		for _, cut := range []int{len(src) / 3, len(src) / 2} {
			texts = append(texts, src[:cut])
		}
		for _, s := range texts {
			if strings.IndexByte(s, 0) >= 0 {
				continue // C strings: the callers never pass a NUL (sanitize blanks it)
			}
			fast, ok := scanC(s)
			pb, err := parser.ScanToProtobuf(s)
			if (err == nil) != ok {
				t.Errorf("%s (%d bytes): C scan ok %v, pg_query_scan error %v", name, len(s), ok, err)
				continue
			}
			if err != nil {
				continue
			}
			slow, derr := decodeScan(pb)
			if derr != nil {
				t.Fatal(derr)
			}
			if !slices.Equal(fast, slow) {
				t.Errorf("%s (%d bytes): C scan gives %d tokens, pg_query_scan %d", name, len(s), len(fast), len(slow))
			}
			n++
		}
	}
	t.Logf("%d texts scanned alike", n)
}
