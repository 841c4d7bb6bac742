package pgparse

import (
	"reflect"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/proto"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// TestDecodeScan: the hand decoder of the scanner's protobuf gives what
// proto.Unmarshal gives, on every SQL file of the repository and a
// generated corpus, and refuses truncated input.
func TestDecodeScan(t *testing.T) {
	n := 0
	for name, src := range jsonCorpus(t) {
		pb, err := parser.ScanToProtobuf(src)
		if err != nil {
			continue
		}
		res := &pg_query.ScanResult{}
		if err := proto.Unmarshal(pb, res); err != nil {
			t.Fatal(err)
		}
		want := make([]scanTok, len(res.Tokens))
		for i, tk := range res.Tokens {
			want[i] = scanTok{tk.Start, tk.End, pgnode.Token(tk.Token)}
		}
		got, err := decodeScan(pb)
		if err != nil || !reflect.DeepEqual(want, got) {
			t.Fatalf("%s: decodeScan differs from proto.Unmarshal (%v)", name, err)
		}
		n += len(got)
		if len(pb) > 3 {
			if _, err := decodeScan(pb[:len(pb)-2]); err == nil {
				t.Errorf("%s: a truncated scan result was accepted", name)
			}
		}
	}
	if n < 10000 {
		t.Errorf("only %d tokens compared", n)
	}
}
