package pgparse

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// sameAsMarshal fails unless marshalParseResult of res (converted to
// pgnode's types) is proto.Marshal(res): the same bytes, or an error for
// both.
func sameAsMarshal(t *testing.T, what string, res *pg_query.ParseResult) {
	t.Helper()
	want, werr := proto.Marshal(res)
	have, herr := marshalParseResult(toPgnode(res).(*pgnode.ParseResult))
	if (werr != nil) != (herr != nil) {
		t.Fatalf("%s: proto.Marshal error %v, marshalParseResult error %v", what, werr, herr)
	}
	if werr != nil {
		return
	}
	if !bytes.Equal(have, want) {
		t.Fatalf("%s: marshalParseResult differs from proto.Marshal\nhave %x\nwant %x", what, have, want)
	}
}

// TestProtoEncoderEdges: values the parser rarely gives, each against
// proto.Marshal.
func TestProtoEncoderEdges(t *testing.T) {
	str := func(s string) *pg_query.Node { return pg_query.MakeStrNode(s) }
	wrap := func(n *pg_query.Node) *pg_query.ParseResult {
		return &pg_query.ParseResult{Version: 170007, Stmts: []*pg_query.RawStmt{{Stmt: n, StmtLocation: 3, StmtLen: 300}}}
	}
	cases := map[string]*pg_query.ParseResult{
		"empty":            {},
		"nil statement":    {Stmts: []*pg_query.RawStmt{nil, {}}},
		"nil list element": wrap(&pg_query.Node{Node: &pg_query.Node_List{List: &pg_query.List{Items: []*pg_query.Node{nil, str("a"), nil}}}}),
		"nil oneof member": wrap(&pg_query.Node{Node: &pg_query.Node_SelectStmt{}}),
		"empty node":       wrap(&pg_query.Node{}),
		"negative int32":   wrap(pg_query.MakeAConstIntNode(-5, -1)),
		"large uint64":     wrap(&pg_query.Node{Node: &pg_query.Node_RtepermissionInfo{RtepermissionInfo: &pg_query.RTEPermissionInfo{RequiredPerms: math.MaxUint64, SelectedCols: []uint64{0, 1, 1 << 63}, Relid: 1 << 31}}}),
		"negative zero":    wrap(&pg_query.Node{Node: &pg_query.Node_Query{Query: &pg_query.Query{}}}),
		"enum":             wrap(&pg_query.Node{Node: &pg_query.Node_SqlvalueFunction{SqlvalueFunction: &pg_query.SQLValueFunction{Op: pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N, Typmod: -1}}}),
		"invalid UTF-8":    wrap(str("a\xffb")),
		"long string":      wrap(str(strings.Repeat("x", 70000))),
		"bool oneof":       wrap(&pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Val: &pg_query.A_Const_Boolval{Boolval: &pg_query.Boolean{}}, Isnull: true}}}),
	}
	for name, res := range cases {
		sameAsMarshal(t, name, res)
	}
}

// TestProtoEncoderCorpus compares marshalParseResult with proto.Marshal on
// every statement of the repository's SQL fixtures (and of
// RBCHECK_PG_REGRESS, when set), whole and for every expression in them
// wrapped as deparseExpr wraps it; and the protobuf decoder with
// proto.Unmarshal on every statement.
func TestProtoEncoderCorpus(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".sql") && strings.Contains(p, "testdata") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("RBCHECK_PG_REGRESS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		files = append(files, more...)
	}
	if len(files) < 100 {
		t.Fatalf("only %d SQL files found", len(files))
	}
	var nStmts, nNodes int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := pg_query.SplitWithParser(string(b), true)
		if err != nil {
			continue
		}
		for _, s := range stmts {
			res, err := pg_query.Parse(s)
			if err != nil {
				continue
			}
			nStmts++
			sameAsMarshal(t, f, res)
			pb, err := proto.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := unmarshalParseResult(pb); err != nil || !reflect.DeepEqual(got, toPgnode(res)) {
				t.Fatalf("%s: %s: the protobuf decoder's tree differs from proto.Unmarshal's (%v)", f, s, err)
			}
			refWalk(res.ProtoReflect(), func(n *pg_query.Node) bool {
				nNodes++
				sameAsMarshal(t, f+": "+s, &pg_query.ParseResult{Version: res.Version, Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
					TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: n}}}},
				}}}}}})
				return true
			})
		}
	}
	if nStmts < 500 {
		t.Fatalf("only %d statements compared", nStmts)
	}
	t.Logf("%d files, %d statements, %d nodes: same bytes as proto.Marshal, same trees as proto.Unmarshal", len(files), nStmts, nNodes)
}
