package pgparse

import (
	"errors"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// The parser's protobuf output (a parse tree when the JSON decoder refuses
// the JSON, a scanner's tokens) is decoded into pgnode's structs by
// pbdec_gen.go, generated from pg_query.proto's descriptors
// (`go test ./internal/pgparse -run TestProtoDecoderGenerated -update`):
// proto.Unmarshal would need pg_query_go's own types, whose package
// registers pg_query.proto with protobuf at every start of the process.
// Like proto.Unmarshal, the decoder refuses malformed bytes, strings that
// are not UTF-8 and nesting deeper than 10,000 messages; unlike it, it also
// refuses fields pg_query.proto does not have (the bytes come from the
// libpg_query of the same pg_query_go version).

// pbr holds a decoding's state: whether it failed, and how deep it is.
type pbr struct {
	bad     bool
	badUTF8 bool // the failure is a string that is not UTF-8
	depth   int
}

// pbMaxDepth is proto.Unmarshal's default recursion limit.
const pbMaxDepth = 10000

var errProtobuf = errors.New("malformed protobuf parse result")

func (r *pbr) fail() []byte {
	r.bad = true
	return nil
}

// key reads a field's key: its number and wire type.
func (r *pbr) key(b []byte) (num uint64, wt int, rest []byte) {
	v, n := uvarint(b, 0)
	if n <= 0 || v>>3 == 0 {
		return 0, 0, r.fail()
	}
	return v >> 3, int(v & 7), b[n:]
}

// varint reads a varint field's value.
func (r *pbr) varint(b []byte, wt int) (uint64, []byte) {
	v, n := uvarint(b, 0)
	if wt != 0 || n <= 0 {
		return 0, r.fail()
	}
	return v, b[n:]
}

// fixed64 reads a 64-bit field's value (little-endian).
func (r *pbr) fixed64(b []byte, wt int) (uint64, []byte) {
	if wt != 1 || len(b) < 8 {
		return 0, r.fail()
	}
	var v uint64
	for j := 7; j >= 0; j-- {
		v = v<<8 | uint64(b[j])
	}
	return v, b[8:]
}

// bytes reads a length-delimited field's value.
func (r *pbr) bytes(b []byte, wt int) (v, rest []byte) {
	l, n := uvarint(b, 0)
	if wt != 2 || n <= 0 || l > uint64(len(b)-n) {
		return nil, r.fail()
	}
	return b[n : n+int(l)], b[n+int(l):]
}

// str is a string field's value: a copy, refused unless UTF-8.
func (r *pbr) str(v []byte) string {
	if !utf8.Valid(v) {
		r.bad, r.badUTF8 = true, true
		return ""
	}
	return string(v)
}

// enter goes one message deeper; false (and a failure) past pbMaxDepth.
func (r *pbr) enter() bool {
	r.depth++
	if r.depth > pbMaxDepth {
		r.bad = true
		return false
	}
	return true
}

// packed reads a repeated scalar field: packed (one length-delimited run of
// varints, what protobuf writes) or one varint (what it also accepts).
func (r *pbr) packed(b []byte, wt int, add func(uint64)) []byte {
	if wt == 0 {
		v, rest := r.varint(b, wt)
		if !r.bad {
			add(v)
		}
		return rest
	}
	run, rest := r.bytes(b, wt)
	for i := 0; i < len(run) && !r.bad; {
		v, n := uvarint(run, i)
		if n <= 0 {
			return r.fail()
		}
		add(v)
		i += n
	}
	return rest
}

// err is the decoding's error, nil when it did not fail; a string that is
// not UTF-8 gets proto.Unmarshal's words.
func (r *pbr) err() error {
	switch {
	case r.badUTF8:
		return pbStringError{}
	case r.bad:
		return errProtobuf
	}
	return nil
}

// unmarshalParseResult decodes a ParseResult, as proto.Unmarshal would.
func unmarshalParseResult(b []byte) (*pgnode.ParseResult, error) {
	r := &pbr{}
	m := &pgnode.ParseResult{}
	if pdParseResult(r, b, m); r.bad {
		return nil, r.err()
	}
	return m, nil
}

// parseProtobuf parses s through the parser's protobuf output (what
// pg_query.Parse does, decoded without protobuf's runtime).
func parseProtobuf(s string) (*pgnode.ParseResult, error) {
	pb, err := parser.ParseToProtobuf(s)
	if err != nil {
		return nil, err
	}
	return unmarshalParseResult(pb)
}

// pdMsg reads a message field's bytes and decodes them with dec, one level
// deeper.
func pdMsg(r *pbr, b []byte, wt int, dec func([]byte)) []byte {
	v, rest := r.bytes(b, wt)
	if r.bad || !r.enter() {
		return nil
	}
	dec(v)
	r.depth--
	return rest
}
