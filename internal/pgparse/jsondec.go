package pgparse

// A fast decoder of libpg_query's JSON parse output into pgnode's structs
// (*pgnode.ParseResult, pg_query_go's types without protobuf), the same
// tree pg_query.Parse returns.
//
// Why: pg_query.Parse asks the C library for protobuf, and protobuf-c's
// packer walks every field of the 270-member Node oneof for each node, again
// at every level of nesting. On a 3 MB migration corpus that packing costs
// about six times the parse itself, and decoding the protobuf in Go costs
// as much again. libpg_query's JSON output is the protobuf JSON mapping of
// the same tree, written in one linear pass; this decoder reads it with
// generated per-message code (jsondec_gen.go, from the protobuf descriptors:
// `go test ./internal/pgparse -run TestJSONDecoderGenerated -update`), and
// substrings the JSON text for strings without escapes instead of copying.
//
// Anything the decoder does not expect (an unknown key, a malformed value)
// is an error, and the caller falls back to the protobuf output (pbdec.go,
// what pg_query.Parse reads): the result is
// the same tree or the slow path, never a different tree.

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// parseJSON parses s with the C parser's JSON output and decodes the tree.
// A parse error is returned as is (a *parser.Error); a decode failure
// retries with the protobuf output (parseProtobuf). A statement nested deeper than maxDepth is a
// parse error without a position (errTooDeep's message).
//
// The C parser writes its output with one or two recursive calls per level
// of the tree, and a tree can be about as deep as half the length of the
// text (`1+1+1…`): both calls run where the stack fits that (withStack).
func parseJSON(s string, skim bool) (tree *pgnode.ParseResult, err error) {
	var js string
	release := func() {}
	if serr := withStack(jsonStack(len(s)), func() { js, release, err = parseToJSON(s, skim) }); serr != nil {
		return nil, &parser.Error{Message: serr.Error()}
	}
	if err != nil {
		return nil, err
	}
	// The JSON may be C memory: strings are copied out of it (copy), and
	// it is let go as soon as it is decoded.
	tree, err = decodeParseResult(js, skim, true)
	release()
	js = ""
	if err == nil {
		return tree, nil
	}
	if err == errTooDeep {
		return nil, &parser.Error{Message: errTooDeep.Error()}
	}
	if serr := withStack(protobufStack(len(s)), func() { tree, err = parseProtobuf(s) }); serr != nil {
		return nil, &parser.Error{Message: serr.Error()}
	}
	return tree, err
}

// C stack the parser needs for a text of n bytes, measured with chained
// operators on an 8 MB stack (`+1` per level: 2 bytes; it overflowed at
// 65,000 levels for JSON output, 24,000 for protobuf), doubled.
func jsonStack(n int) int     { return 256<<10 + 128*n }
func protobufStack(n int) int { return 256<<10 + 384*n }

// deparseStack is the C stack the deparser needs for a protobuf tree of n
// bytes (measured: it overflowed 8 MB at 4,400 levels of `+1`, 34 bytes of
// protobuf each), doubled.
func deparseStack(n int) int { return 256<<10 + 150*n }

// maxDepth is the deepest nesting of JSON objects decoded, two per level of
// the parse tree (the node and its message). Deeper statements are an error:
// Postgres itself refuses `1+1+…` chains of a few thousand with its default
// max_stack_depth, and rbcheck's own walks over the tree stay bounded.
const maxDepth = 10000

var errTooDeep = errors.New("statement nested too deeply to check: more than 5000 levels of operators, joins or set operations " +
	"(Postgres refuses far fewer: stack depth limit exceeded); sum a VALUES list or an array instead of chaining operators")

// decodeParseResult decodes one JSON parse result. With copy, no string
// of the tree is a substring of js.
func decodeParseResult(js string, skim, copy bool) (tree *pgnode.ParseResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			tree, err = nil, errJSON
		}
	}()
	d := &jdec{s: js, skim: skim, copy: copy}
	d.ws()
	tree = jdParseResult(d)
	d.ws()
	if d.err == nil && (d.i != len(d.s) || tree == nil) {
		d.fail()
	}
	if d.err != nil {
		return nil, d.err
	}
	return tree, nil
}

var errJSON = errors.New("unexpected JSON from the parser")

// jdec is the decoder state: the JSON text and a read offset. The first
// error stops reading (every read returns a zero value afterwards).
type jdec struct {
	s     string
	i     int
	err   error
	depth int  // objects open
	skim  bool // decode top-level DML statements partly (jsondec_skim.go)
	// copy makes strings copies instead of substrings of the JSON text:
	// the text is C memory freed after decoding (parseJSON), and a
	// substring would keep a Go copy of the whole text alive as long as
	// any name from it is (the catalog keeps table names for the whole
	// run).
	copy bool
}

func (d *jdec) fail() {
	if d.err == nil {
		d.err = errJSON
	}
	d.i = len(d.s)
}

func (d *jdec) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// open consumes c ('{' or '['); false (and an error) when it is not there.
// A null value counts as an empty object or list.
func (d *jdec) open(c byte) bool {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		if c == '{' {
			if d.depth++; d.depth > maxDepth {
				d.err = errTooDeep
				d.i = len(d.s)
				return false
			}
		}
		return true
	}
	if d.null() {
		return false
	}
	d.fail()
	return false
}

// next reports whether the object or list opened with open has another
// member, consuming the comma before it or the closing bracket after the
// last. first is true for the first call.
func (d *jdec) next(close byte, first *bool) bool {
	d.ws()
	if d.i >= len(d.s) {
		d.fail()
		return false
	}
	if d.s[d.i] == close {
		d.i++
		if close == '}' {
			d.depth--
		}
		return false
	}
	if *first {
		*first = false
		return true
	}
	if d.s[d.i] != ',' {
		d.fail()
		return false
	}
	d.i++
	d.ws()
	return true
}

// key reads an object key and its colon.
func (d *jdec) key() string {
	// Keys are field and node names: ASCII, no escapes, and the parser
	// writes no space around the colon. Anything else is read by view.
	if i := d.i; i < len(d.s) && d.s[i] == '"' {
		j := i + 1
		for j < len(d.s) && keyByte[d.s[j]] {
			j++
		}
		if j+1 < len(d.s) && d.s[j] == '"' && d.s[j+1] == ':' {
			d.i = j + 2
			d.ws()
			return d.s[i+1 : j]
		}
	}
	k := d.view()
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != ':' {
		d.fail()
		return ""
	}
	d.i++
	d.ws()
	return k
}

// keyByte is the bytes of keys key reads at once: those of field and node
// names.
var keyByte = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	return t
}()

// unknown is called for a key the generated code does not know.
func (d *jdec) unknown() { d.fail() }

func (d *jdec) null() bool {
	if len(d.s)-d.i >= 4 && d.s[d.i:d.i+4] == "null" {
		d.i += 4
		return true
	}
	return false
}

func (d *jdec) bool() bool {
	d.ws()
	switch {
	case len(d.s)-d.i >= 4 && d.s[d.i:d.i+4] == "true":
		d.i += 4
		return true
	case len(d.s)-d.i >= 5 && d.s[d.i:d.i+5] == "false":
		d.i += 5
		return false
	case d.null():
		return false
	}
	d.fail()
	return false
}

// number returns the text of a number, quoted or not (the protobuf JSON
// mapping quotes 64-bit integers).
func (d *jdec) number() string {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == '"' {
		return d.view()
	}
	if d.null() {
		return "0"
	}
	j := d.i
	for j < len(d.s) {
		c := d.s[j]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			j++
			continue
		}
		break
	}
	if j == d.i {
		d.fail()
		return "0"
	}
	n := d.s[d.i:j]
	d.i = j
	return n
}

func (d *jdec) int64() int64 {
	d.ws()
	// Fast path: a plain decimal integer.
	if d.i < len(d.s) {
		j, neg := d.i, false
		if d.s[j] == '-' {
			neg = true
			j++
		}
		var v int64
		k := j
		for k < len(d.s) && d.s[k] >= '0' && d.s[k] <= '9' && k-j < 18 {
			v = v*10 + int64(d.s[k]-'0')
			k++
		}
		if k > j && (k == len(d.s) || !isNumByte(d.s[k])) {
			d.i = k
			if neg {
				return -v
			}
			return v
		}
	}
	n := d.number()
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(n, 64)
		if ferr != nil || f != math.Trunc(f) {
			d.fail()
			return 0
		}
		return int64(f)
	}
	return v
}

func isNumByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

func (d *jdec) int32() int32 {
	v := d.int64()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail()
		return 0
	}
	return int32(v)
}

func (d *jdec) uint64() uint64 {
	d.ws()
	n := d.number()
	v, err := strconv.ParseUint(n, 10, 64)
	if err != nil {
		d.fail()
		return 0
	}
	return v
}

func (d *jdec) uint32() uint32 {
	v := d.uint64()
	if v > math.MaxUint32 {
		d.fail()
		return 0
	}
	return uint32(v)
}

func (d *jdec) float64() float64 {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == '"' {
		switch s := d.view(); s {
		case "NaN":
			return math.NaN()
		case "Infinity":
			return math.Inf(1)
		case "-Infinity":
			return math.Inf(-1)
		default:
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				d.fail()
			}
			return v
		}
	}
	v, err := strconv.ParseFloat(d.number(), 64)
	if err != nil {
		d.fail()
	}
	return v
}

// enum reads an enum by name (value gives its number) or by number.
func (d *jdec) enum(value func(name string) (int32, bool)) int32 {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == '"' {
		v, ok := value(d.view())
		if !ok {
			d.fail()
		}
		return v
	}
	return d.int32()
}

// str reads a string. Without escapes and without copy it is a substring
// of the JSON text.
func (d *jdec) str() string { return d.strCopy(d.copy) }

// view reads a string that is only looked at, never kept (a key, an enum
// name, a number): no copy even when the JSON is C memory.
func (d *jdec) view() string { return d.strCopy(false) }

func (d *jdec) strCopy(copy bool) string {
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		if d.null() {
			return ""
		}
		d.fail()
		return ""
	}
	j := d.i + 1
	high := false // a non-ASCII byte was seen: check the UTF-8 as protobuf does
	for j < len(d.s) {
		c := d.s[j]
		if c == '"' {
			out := d.s[d.i+1 : j]
			if high && !utf8.ValidString(out) {
				d.fail()
				return ""
			}
			d.i = j + 1
			if copy {
				return strings.Clone(out)
			}
			return out
		}
		if c >= 0x80 {
			high = true
		}
		if c == '\\' {
			return d.strEscaped()
		}
		if c < 0x20 {
			d.fail()
			return ""
		}
		j++
	}
	d.fail()
	return ""
}

func (d *jdec) strEscaped() string {
	j := d.i + 1
	buf := make([]byte, 0, 32)
	for j < len(d.s) {
		c := d.s[j]
		switch {
		case c == '"':
			if !utf8.Valid(buf) {
				d.fail()
				return ""
			}
			d.i = j + 1
			return string(buf)
		case c < 0x20:
			d.fail()
			return ""
		case c != '\\':
			buf = append(buf, c)
			j++
			continue
		}
		if j+1 >= len(d.s) {
			break
		}
		e := d.s[j+1]
		j += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(d.s, j)
			if !ok {
				d.fail()
				return ""
			}
			j += 4
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(0), false
				if j+6 <= len(d.s) && d.s[j] == '\\' && d.s[j+1] == 'u' {
					r2, ok2 = hex4(d.s, j+2)
				}
				if ok2 {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						j += 6
						buf = utf8.AppendRune(buf, dec)
						continue
					}
				}
				d.fail() // a lone surrogate: not from the parser
				return ""
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.fail()
			return ""
		}
	}
	d.fail()
	return ""
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
