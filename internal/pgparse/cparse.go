//go:build unix

package pgparse

/*
#include <stdint.h>
#include <stdlib.h>
typedef struct {
	char *message;
	char *funcname;
	char *filename;
	int lineno;
	int cursorpos;
	char *context;
} RbPgQueryError;
char *rb_parse(const char *input, int skim, RbPgQueryError **err, size_t *len);
int rb_skim_check(const char **bare, int nbare);
char *rb_parse_pieces(const char *text, const int32_t *bounds, int n, int skim, int32_t *res, char **errs, size_t *errlen, size_t *len);
void pg_query_free_error(RbPgQueryError *error);
*/
import "C"

import (
	"sync"
	"unsafe"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// skimInC reports whether cparse.c's layout checks passed (once).
var skimInC = sync.OnceValue(func() bool {
	bare := make([]*C.char, len(bareSamples))
	for i, s := range bareSamples {
		bare[i] = C.CString(s)
	}
	ok := C.rb_skim_check(&bare[0], C.int(len(bare))) != 0
	for _, p := range bare {
		C.free(unsafe.Pointer(p))
	}
	return ok
})

// parseToJSON is parser.ParseToJSON, through cparse.c: with skim, the
// JSON of statements migration lint reads little of is shortened (see
// cparse.c). The JSON is C memory viewed as a string, not copied: call
// release once it is decoded (and keep no substring of it).
func parseToJSON(s string, skim bool) (js string, release func(), err error) {
	if !skimInC() {
		js, err = parser.ParseToJSON(s)
		return js, func() {}, err
	}
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	var cerr *C.RbPgQueryError
	var n C.size_t
	sk := C.int(0)
	if skim {
		sk = 1
	}
	res := C.rb_parse(cs, sk, &cerr, &n)
	if res == nil {
		if cerr == nil { // out of memory in C: let libpg_query try
			js, err = parser.ParseToJSON(s)
			return js, func() {}, err
		}
		defer C.pg_query_free_error(cerr)
		e := &parser.Error{
			Message:   C.GoString(cerr.message),
			Lineno:    int(cerr.lineno),
			Cursorpos: int(cerr.cursorpos),
		}
		if cerr.funcname != nil {
			e.Funcname = C.GoString(cerr.funcname)
		}
		if cerr.filename != nil {
			e.Filename = C.GoString(cerr.filename)
		}
		if cerr.context != nil {
			e.Context = C.GoString(cerr.context)
		}
		return "", func() {}, e
	}
	return unsafe.String((*byte)(unsafe.Pointer(res)), int(n)), func() { C.free(unsafe.Pointer(res)) }, nil
}

// parsePiecesToJSON parses text[bounds[2i]:bounds[2i+1]] for each i, each
// piece alone, in one call into C (cparse.c's rb_parse_pieces): js is one
// JSON parse result holding the statements of the pieces that parse, in
// order; res holds three numbers per piece, its count of statements or -1
// when it does not parse, then the error's cursor position and the offset
// of its message in errs. js and errs are C memory viewed as strings: call
// release once they are read. ok is false when C could not do it (out of
// memory, skimming's layout checks failed): parse another way.
func parsePiecesToJSON(text string, bounds []int32, skim bool) (js string, res []int32, errs string, release func(), ok bool) {
	n := len(bounds) / 2
	if n == 0 || len(text) == 0 || !skimInC() {
		return "", nil, "", func() {}, false
	}
	res = make([]int32, 3*n)
	var cerrs *C.char
	var ln, errln C.size_t
	sk := C.int(0)
	if skim {
		sk = 1
	}
	out := C.rb_parse_pieces((*C.char)(unsafe.Pointer(unsafe.StringData(text))), (*C.int32_t)(unsafe.Pointer(&bounds[0])),
		C.int(n), sk, (*C.int32_t)(unsafe.Pointer(&res[0])), &cerrs, &errln, &ln)
	if out == nil {
		return "", nil, "", func() {}, false
	}
	release = func() {
		C.free(unsafe.Pointer(out))
		C.free(unsafe.Pointer(cerrs))
	}
	if cerrs != nil {
		errs = unsafe.String((*byte)(unsafe.Pointer(cerrs)), int(errln))
	}
	return unsafe.String((*byte)(unsafe.Pointer(out)), int(ln)), res, errs, release, true
}
