package pgparse

import (
	"math"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// The deparser reads a parse tree as protobuf bytes. pgnode's structs are
// not protobuf messages; pbenc_gen.go, generated from pg_query.proto's
// descriptors, writes the bytes proto.Marshal writes for pg_query_go's
// (which also saves protobuf's set-up of pg_query.proto at the first
// proto.Marshal of a process: about 3.5 ms, as much as the rest of a
// one-file lint).

// pbw writes a protobuf message back to front, so that a sub-message's
// length is known when its header is written: the bytes written so far
// are b[i:]. Fields go in descending field number, so the result is in
// ascending order, as proto.Marshal writes it.
type pbw struct {
	b   []byte
	i   int
	bad bool // a string field holds invalid UTF-8 (proto.Marshal refuses it)
}

// n is the number of bytes written.
func (w *pbw) n() int { return len(w.b) - w.i }

// room makes room for k more bytes in front.
func (w *pbw) room(k int) {
	if w.i >= k {
		return
	}
	n := w.n()
	nb := make([]byte, 2*len(w.b)+k+64)
	copy(nb[len(nb)-n:], w.b[w.i:])
	w.b, w.i = nb, len(nb)-n
}

func (w *pbw) varint(v uint64) {
	w.room(10)
	k := 1
	for x := v; x >= 0x80; x >>= 7 {
		k++
	}
	w.i -= k
	p := w.b[w.i : w.i+k]
	for j := 0; j < k-1; j++ {
		p[j] = byte(v) | 0x80
		v >>= 7
	}
	p[k-1] = byte(v)
}

func (w *pbw) fixed64(v uint64) {
	w.room(8)
	w.i -= 8
	for j := 0; j < 8; j++ {
		w.b[w.i+j] = byte(v >> (8 * j))
	}
}

// The field writers below leave out zero values (proto3's implicit
// presence), as proto.Marshal does. tag is the field's key.

func (w *pbw) boolField(tag uint64, v bool) {
	if v {
		w.varint(1)
		w.varint(tag)
	}
}

func (w *pbw) int32Field(tag uint64, v int32) {
	if v != 0 {
		w.varint(uint64(v)) // sign-extended, as protobuf's int32 and enums are
		w.varint(tag)
	}
}

func (w *pbw) int64Field(tag uint64, v int64) {
	if v != 0 {
		w.varint(uint64(v))
		w.varint(tag)
	}
}

func (w *pbw) uint32Field(tag uint64, v uint32) {
	if v != 0 {
		w.varint(uint64(v))
		w.varint(tag)
	}
}

func (w *pbw) uint64Field(tag uint64, v uint64) {
	if v != 0 {
		w.varint(v)
		w.varint(tag)
	}
}

func (w *pbw) doubleField(tag uint64, v float64) {
	if v != 0 || math.Signbit(v) {
		w.fixed64(math.Float64bits(v))
		w.varint(tag)
	}
}

func (w *pbw) stringField(tag uint64, s string) {
	if s == "" {
		return
	}
	if !utf8.ValidString(s) {
		w.bad = true
	}
	w.room(len(s))
	w.i -= len(s)
	copy(w.b[w.i:], s)
	w.varint(uint64(len(s)))
	w.varint(tag)
}

// end writes the header of a sub-message whose bytes were written after
// start (w.n() before it).
func (w *pbw) end(tag uint64, start int) {
	w.varint(uint64(w.n() - start))
	w.varint(tag)
}

// pbStringError is proto.Marshal's (and proto.Unmarshal's) refusal of a
// string that is not UTF-8.
type pbStringError struct{}

func (pbStringError) Error() string { return "string field contains invalid UTF-8" }

// marshalParseResult is proto.Marshal(res): the same bytes, or an error
// where proto.Marshal gives one.
func marshalParseResult(res *pgnode.ParseResult) ([]byte, error) {
	w := &pbw{b: make([]byte, 256)}
	w.i = len(w.b)
	peParseResult(w, res)
	if w.bad {
		return nil, pbStringError{}
	}
	return w.b[w.i:], nil
}
