//go:build unix

package pgparse

/*
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
int rb_skim_check(void);
void pg_query_free_error(RbPgQueryError *error);
*/
import "C"

import (
	"sync"
	"unsafe"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// skimInC reports whether cparse.c's layout checks passed (once).
var skimInC = sync.OnceValue(func() bool { return C.rb_skim_check() != 0 })

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
