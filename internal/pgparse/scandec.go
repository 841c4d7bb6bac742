package pgparse

import (
	"errors"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// scanSQL is pg_query.Scan with the tokens decoded by hand: the protobuf
// ScanResult is four varints per token, and the reflective protobuf
// decoder cost more than the scan (files with syntax errors are split by
// scanning). The tokens share one allocation. Anything unexpected in the
// bytes falls back to pg_query.Scan.
func scanSQL(s string) (*pg_query.ScanResult, error) {
	pb, err := parser.ScanToProtobuf(s)
	if err != nil {
		return nil, err
	}
	res, err := decodeScan(pb)
	if err != nil {
		return pg_query.Scan(s)
	}
	return res, nil
}

var errScan = errors.New("unexpected scan result")

func decodeScan(b []byte) (*pg_query.ScanResult, error) {
	res := &pg_query.ScanResult{}
	// count the tokens first, to allocate them at once
	n := 0
	for i := 0; i < len(b); {
		key, k := uvarint(b, i)
		if k <= 0 {
			return nil, errScan
		}
		i += k
		switch key {
		case 1 << 3: // version, a varint
			_, k := uvarint(b, i)
			if k <= 0 {
				return nil, errScan
			}
			i += k
		case 2<<3 | 2: // token
			l, k := uvarint(b, i)
			if k <= 0 || i+k+int(l) > len(b) {
				return nil, errScan
			}
			i += k + int(l)
			n++
		default:
			return nil, errScan
		}
	}
	toks := make([]pg_query.ScanToken, n)
	res.Tokens = make([]*pg_query.ScanToken, n)
	t := 0
	for i := 0; i < len(b); {
		key, k := uvarint(b, i)
		i += k
		v, k := uvarint(b, i)
		if key == 1<<3 { // version
			res.Version = int32(v)
			i += k
			continue
		}
		i += k
		end := i + int(v)
		tok := &toks[t]
		for j := i; j < end; {
			fk, k := uvarint(b, j)
			if k <= 0 || fk&7 != 0 {
				return nil, errScan
			}
			j += k
			fv, k := uvarint(b, j)
			if k <= 0 || j+k > end {
				return nil, errScan
			}
			j += k
			switch fk >> 3 {
			case 1:
				tok.Start = int32(fv)
			case 2:
				tok.End = int32(fv)
			case 4:
				tok.Token = pg_query.Token(fv)
			case 5:
				tok.KeywordKind = pg_query.KeywordKind(fv)
			default:
				return nil, errScan
			}
		}
		res.Tokens[t] = tok
		t++
		i = end
	}
	return res, nil
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
