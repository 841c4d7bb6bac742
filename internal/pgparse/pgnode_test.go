package pgparse

import (
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// The tests compare rbcheck's trees (package pgnode) with pg_query_go's
// (proto.Unmarshal, protojson, proto.Marshal) by converting pg_query_go's
// into pgnode's with Go's reflect, field by field by name: code written
// apart from the generated decoders and encoder it checks.

// pgnodeTypes maps a type name to pgnode's type of that name: every message
// and enum reachable from a ParseResult or a ScanResult, and every oneof
// wrapper.
var pgnodeTypes = sync.OnceValue(func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.PkgPath() != reflect.TypeOf(pgnode.Node{}).PkgPath() || m[t.Name()] != nil {
			return
		}
		m[t.Name()] = t
		if t.Kind() == reflect.Struct {
			for i := 0; i < t.NumField(); i++ {
				add(t.Field(i).Type)
			}
		}
	}
	add(reflect.TypeOf(pgnode.ParseResult{}))
	add(reflect.TypeOf(pgnode.ScanResult{}))
	for _, w := range pgnode.OneofWrappers() {
		add(reflect.TypeOf(w))
	}
	return m
})

// toPgnode converts a pg_query_go message (a pointer) into pgnode's type of
// the same name. Empty lists become nil (protobuf does not tell them
// apart).
func toPgnode(m any) any {
	src := reflect.ValueOf(m)
	t, ok := pgnodeTypes()[src.Type().Elem().Name()]
	if !ok {
		panic(fmt.Sprintf("pgnode has no type %s", src.Type().Elem().Name()))
	}
	dst := reflect.New(reflect.PointerTo(t)).Elem()
	convertValue(dst, src)
	return dst.Interface()
}

func convertValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.New(dst.Type().Elem()))
		convertValue(dst.Elem(), src.Elem())
	case reflect.Struct:
		n := 0
		for i := 0; i < src.NumField(); i++ {
			sf := src.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			n++
			f := dst.FieldByName(sf.Name)
			if !f.IsValid() {
				panic(fmt.Sprintf("pgnode.%s has no field %s", dst.Type().Name(), sf.Name))
			}
			convertValue(f, src.Field(i))
		}
		if n != dst.NumField() {
			panic(fmt.Sprintf("pgnode.%s has %d fields, pg_query.%s %d", dst.Type().Name(), dst.NumField(), src.Type().Name(), n))
		}
	case reflect.Slice:
		if src.Len() == 0 {
			return
		}
		dst.Set(reflect.MakeSlice(dst.Type(), src.Len(), src.Len()))
		for i := 0; i < src.Len(); i++ {
			convertValue(dst.Index(i), src.Index(i))
		}
	case reflect.Interface: // a oneof: a pointer to its wrapper
		if src.IsNil() {
			return
		}
		w := src.Elem().Type().Elem().Name()
		wt, ok := pgnodeTypes()[w]
		if !ok {
			panic("pgnode has no oneof wrapper " + w)
		}
		v := reflect.New(wt)
		convertValue(v.Elem(), src.Elem().Elem())
		dst.Set(v)
	case reflect.Bool:
		dst.SetBool(src.Bool())
	case reflect.Int32, reflect.Int64:
		dst.SetInt(src.Int())
	case reflect.Uint32, reflect.Uint64:
		dst.SetUint(src.Uint())
	case reflect.Float32, reflect.Float64:
		dst.SetFloat(src.Float())
	case reflect.String:
		dst.SetString(src.String())
	default:
		panic(fmt.Sprintf("unhandled %v", src.Type()))
	}
}

// parseRef parses s as pg_query.Parse does, converted to pgnode's types.
func parseRef(s string) (*pgnode.ParseResult, error) {
	tree, err := pg_query.Parse(s)
	if err != nil {
		return nil, err
	}
	return toPgnode(tree).(*pgnode.ParseResult), nil
}

// TestPgnodeTypes: every field of every message of pg_query_go's
// reachable from a ParseResult or a ScanResult has its pgnode twin of the
// same name and Go kind, and every enum String gives protobuf's names.
func TestPgnodeTypes(t *testing.T) {
	for _, md := range reachableMessages(nodeRoots()...) {
		m := fillMessage(md, 0)
		if got := toPgnode(m.Interface()); got == nil {
			t.Fatalf("%s: not converted", md.FullName())
		}
		for i := 0; i < md.Fields().Len(); i++ {
			ed := md.Fields().Get(i).Enum()
			if ed == nil {
				continue
			}
			et := pgnodeTypes()[string(ed.Name())]
			for j := 0; j < ed.Values().Len(); j++ {
				v := ed.Values().Get(j)
				x := reflect.New(et).Elem()
				x.SetInt(int64(v.Number()))
				if got := x.Interface().(fmt.Stringer).String(); got != string(ed.Values().ByNumber(v.Number()).Name()) {
					t.Errorf("%s(%d).String() = %q, want %q", ed.Name(), v.Number(), got, ed.Values().ByNumber(v.Number()).Name())
				}
			}
			x := reflect.New(et).Elem()
			x.SetInt(12345)
			if got := x.Interface().(fmt.Stringer).String(); got != "12345" {
				t.Errorf("%s(12345).String() = %q", ed.Name(), got)
			}
		}
	}
	// the names nodeField derives from Go's are pg_query.proto's
	od := (&pg_query.Node{}).ProtoReflect().Descriptor().Oneofs().ByName("node")
	for i := 0; i < od.Fields().Len(); i++ {
		fd := od.Fields().Get(i)
		m := (&pg_query.Node{}).ProtoReflect()
		m.Set(fd, m.NewField(fd))
		n := toPgnode(m.Interface()).(*pgnode.Node)
		if got := nodeField(n); got != string(fd.Name()) {
			t.Errorf("nodeField(%T) = %q, want %q", n.Node, got, fd.Name())
		}
	}
}

// fillMessage is a message of type md with every field set (fill).
func fillMessage(md protoreflect.MessageDescriptor, variant int) protoreflect.Message {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		panic(err)
	}
	m := mt.New()
	fill(m, variant, 2)
	return m
}

// TestProtoDecoder: the generated protobuf decoder gives the tree
// proto.Unmarshal gives for every field of every message (filled as in
// TestJSONDecoderEveryField), and refuses what proto.Unmarshal refuses.
func TestProtoDecoder(t *testing.T) {
	decs := pdDecoders()
	n := 0
	for _, md := range reachableMessages(nodeRoots()...) {
		variants := 1
		for i := 0; i < md.Oneofs().Len(); i++ {
			variants = max(variants, md.Oneofs().Get(i).Fields().Len())
		}
		for v := 0; v < variants; v++ {
			m := fillMessage(md, v)
			b, err := proto.Marshal(m.Interface())
			if err != nil {
				t.Fatal(err)
			}
			r := &pbr{}
			got := decs[string(md.Name())](r, b)
			if r.bad || !reflect.DeepEqual(got, toPgnode(m.Interface())) {
				t.Fatalf("%s (variant %d): decoded %+v (failed: %v)", md.FullName(), v, got, r.bad)
			}
			n++
		}
	}
	t.Logf("%d messages decoded", n)
	good, err := proto.Marshal(&pg_query.ParseResult{Version: 1, Stmts: []*pg_query.RawStmt{{Stmt: pg_query.MakeStrNode("é")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unmarshalParseResult(good); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(good); i++ {
		if _, err := unmarshalParseResult(good[:i]); err == nil && i > 2 {
			t.Errorf("a prefix of %d bytes decoded", i)
		}
	}
	bad := strings.Replace(string(good), "é", "\xff\xfe", 1)
	if _, err := unmarshalParseResult([]byte(bad)); err == nil || err.Error() != "string field contains invalid UTF-8" {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if _, err := unmarshalParseResult(append(good, 0x78, 1)); err == nil {
		t.Error("an unknown field (15) decoded")
	}
	if _, err := unmarshalParseResult(append(good, 0x08)); err == nil {
		t.Error("a truncated field decoded")
	}
}

// TestNoProtobufInBinaries: rbcheck and its golangci-lint plugin link
// neither pg_query_go's root package (its init registers pg_query.proto
// with protobuf at every start) nor protobuf; only the tests use them.
func TestNoProtobufInBinaries(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(gobin, "list", "-deps", "github.com/rbcheck/rbcheck/cmd/rbcheck", "github.com/rbcheck/rbcheck/plugin").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "github.com/pganalyze/pg_query_go/v6" || strings.HasPrefix(p, "google.golang.org/protobuf/") {
			t.Errorf("rbcheck links %s", p)
		}
	}
	if !strings.Contains(string(out), "github.com/pganalyze/pg_query_go/v6/parser\n") {
		t.Errorf("go list -deps does not list the parser: %s", out)
	}
}
