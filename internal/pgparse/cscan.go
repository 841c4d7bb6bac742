//go:build unix

package pgparse

/*
#include <stdint.h>
#include <stdlib.h>
void rb_scan_tokens(const int *toks, int n);
int rb_scan(const char *input, size_t len, int32_t **out);
*/
import "C"

import (
	"slices"
	"sync"
	"unsafe"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// scanInC reports whether cscan.c's scanner loop gives the tokens
// pg_query_scan gives on sample text (checked once; when it does not, every
// scan goes through pg_query_scan).
var scanInC = sync.OnceValue(func() bool {
	ends := []C.int{C.int(pgnode.Token_SCONST), C.int(pgnode.Token_USCONST), C.int(pgnode.Token_BCONST),
		C.int(pgnode.Token_XCONST), C.int(pgnode.Token_IDENT), C.int(pgnode.Token_UIDENT), C.int(pgnode.Token_C_COMMENT)}
	C.rb_scan_tokens(&ends[0], C.int(len(ends)))
	for _, s := range scanSamples {
		fast, ok := scanC(s)
		if !ok {
			return false
		}
		pb, err := parser.ScanToProtobuf(s)
		if err != nil {
			return false
		}
		slow, err := decodeScan(pb)
		if err != nil || !slices.Equal(fast, slow) {
			return false
		}
	}
	// a scanner error is reported, not a crash
	if _, ok := scanC("SELECT 'unterminated"); ok {
		return false
	}
	return true
})

// scanSamples hold every kind of token whose end cscan.c computes apart
// (strings of each kind, identifiers, comments), keywords, operators,
// parameters and non-ASCII text.
var scanSamples = []string{
	"SELECT 1, 2.5e3, 'it''s', E'a\\nb', B'101', X'ff', U&'d\\0061t', $$body$$, $q$ x $q$, \"Quoted \"\"id\"\"\", plain_id, U&\"d\\0061t\" -- comment\n" +
		"/* block /* nested */ comment */ FROM t WHERE a >= $1 AND b::text <> 'é' || 'ß' ; CREATE TABLE \"Ünï\" (a int);",
	"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING; -- trailing comment",
}

// scanC scans s with cscan.c's loop; false on a scanner error (or when C
// ran out of memory).
func scanC(s string) ([]scanTok, bool) {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	var out *C.int32_t
	n := C.rb_scan(cs, C.size_t(len(s)), &out)
	if n < 0 {
		return nil, false
	}
	if out == nil {
		return []scanTok{}, true
	}
	defer C.free(unsafe.Pointer(out))
	raw := unsafe.Slice((*int32)(unsafe.Pointer(out)), int(n)*3)
	toks := make([]scanTok, int(n))
	for i := range toks {
		toks[i] = scanTok{raw[3*i], raw[3*i+1], pgnode.Token(raw[3*i+2])}
	}
	return toks, true
}
