package pgparse

import (
	"errors"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// scanTok is one token of Postgres' scanner: where it is and what it is
// (pg_query.ScanToken without the protobuf bookkeeping, a fifth of its
// size).
type scanTok struct {
	Start, End int32
	Token      pgnode.Token
}

// scanTokens tokenises s with Postgres' scanner: with cscan.c's loop when
// it checked out (scanInC), else through pg_query_scan. There the tokens
// come as a protobuf ScanResult, four varints each; they are decoded by hand into one
// slice (the reflective protobuf decoder cost more than the scan: files
// with syntax errors are split by scanning). Anything unexpected in the
// bytes is decoded by the generated decoder (pbdec_gen.go) instead.
func scanTokens(s string) ([]scanTok, error) {
	if scanInC() {
		if toks, ok := scanC(s); ok {
			return toks, nil
		}
		// a scanner error: pg_query_scan says which and where
	}
	pb, err := parser.ScanToProtobuf(s)
	if err != nil {
		return nil, err
	}
	if toks, err := decodeScan(pb); err == nil {
		return toks, nil
	}
	res, err := unmarshalScanResult(pb)
	if err != nil {
		return nil, err
	}
	toks := make([]scanTok, len(res.Tokens))
	for i, t := range res.Tokens {
		toks[i] = scanTok{t.Start, t.End, t.Token}
	}
	return toks, nil
}

// scanSQL is pg_query.Scan (the query analysis reads keyword kinds too).
func scanSQL(s string) (*pgnode.ScanResult, error) {
	pb, err := parser.ScanToProtobuf(s)
	if err != nil {
		return nil, err
	}
	return unmarshalScanResult(pb)
}

// unmarshalScanResult decodes a ScanResult, as proto.Unmarshal would.
func unmarshalScanResult(b []byte) (*pgnode.ScanResult, error) {
	r := &pbr{}
	m := &pgnode.ScanResult{}
	if pdScanResult(r, b, m); r.bad {
		return nil, r.err()
	}
	return m, nil
}

var errScan = errors.New("unexpected scan result")

// decodeScan decodes a ScanResult: field 1 the version (a varint), field 2
// the tokens, each start (1), end (2), token (4) and keyword kind (5),
// varints. One-byte varints (most) are read inline.
func decodeScan(b []byte) ([]scanTok, error) {
	toks := make([]scanTok, 0, len(b)/9+1)
	i := 0
	// read reads the varint at i into v (false when malformed).
	var v uint64
	read := func() bool {
		if i < len(b) && b[i] < 0x80 {
			v = uint64(b[i])
			i++
			return true
		}
		var k int
		v, k = uvarint(b, i)
		i += k
		return k > 0
	}
	for i < len(b) {
		if !read() {
			return nil, errScan
		}
		key := v
		if !read() {
			return nil, errScan
		}
		switch key {
		case 1 << 3: // version
			continue
		case 2<<3 | 2: // a token
		default:
			return nil, errScan
		}
		end := i + int(v)
		if end > len(b) || end < i {
			return nil, errScan
		}
		var t scanTok
		for i < end {
			var fk uint64
			if c := b[i]; c < 0x80 {
				fk = uint64(c)
				i++
			} else if !read() {
				return nil, errScan
			} else {
				fk = v
			}
			if fk&7 != 0 || i >= end {
				return nil, errScan
			}
			var fv uint64
			if c := b[i]; c < 0x80 {
				fv = uint64(c)
				i++
			} else if !read() || i > end {
				return nil, errScan
			} else {
				fv = v
			}
			switch fk >> 3 {
			case 1:
				t.Start = int32(fv)
			case 2:
				t.End = int32(fv)
			case 4:
				t.Token = pgnode.Token(fv)
			case 5:
			default:
				return nil, errScan
			}
		}
		toks = append(toks, t)
	}
	return toks, nil
}

// uvarint reads a protobuf varint at b[i:]; k is its length, 0 when b ends
// first, -1 when it overflows.
func uvarint(b []byte, i int) (v uint64, k int) {
	var s uint
	for j := i; j < len(b); j++ {
		c := b[j]
		if s == 63 && c > 1 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << s
		if c < 0x80 {
			return v, j - i + 1
		}
		s += 7
	}
	return 0, 0
}
