package pgparse

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	lintcorpus "github.com/rbcheck/rbcheck/bench/lint/corpus"
	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// jsonCorpus is every SQL file in the repository's test data plus a
// generated realistic corpus: the inputs the JSON decoder must agree on.
func jsonCorpus(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() && (de.Name() == ".git" || de.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !de.IsDir() && strings.HasSuffix(path, ".sql") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, _, err := lintcorpus.Realistic(dir, 7, 400<<10); err != nil {
		t.Fatal(err)
	}
	readSQLInto(t, out, dir)
	return out
}

// readSQLInto adds each dir/*.sql to corpus, by path.
func readSQLInto(t testing.TB, corpus map[string]string, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		corpus[f] = string(b)
	}
}

// checkSame parses src with pg_query.Parse and with parseJSON and fails when
// the trees (pg_query.Parse's converted to pgnode's types) or the errors
// differ. When pg_query.Parse succeeds, the JSON
// decoder itself must succeed too (no fallback). It returns whether src
// parsed.
func checkSame(t *testing.T, name, src string) bool {
	t.Helper()
	want, werr := parseRef(src)
	have, herr := parseJSON(src, false)
	if (werr == nil) != (herr == nil) || (werr != nil && werr.Error() != herr.Error()) {
		t.Errorf("%s: pg_query.Parse error %v, parseJSON error %v", name, werr, herr)
		return false
	}
	if werr != nil {
		return false
	}
	if !reflect.DeepEqual(want, have) {
		t.Errorf("%s: the JSON decoder's tree differs from pg_query.Parse's", name)
	}
	js, err := parser.ParseToJSON(src)
	if err != nil {
		t.Errorf("%s: ParseToJSON: %v", name, err)
		return true
	}
	if _, err := decodeParseResult(js, false, false); err != nil {
		t.Errorf("%s: decoding the JSON: %v (the slow path was used)", name, err)
	}
	return true
}

// TestJSONDecoderMatchesProtobuf decodes the parser's JSON for every SQL
// file of the repository and a generated corpus and compares the tree with
// pg_query.Parse's. Files that do not parse whole are compared statement by
// statement.
func TestJSONDecoderMatchesProtobuf(t *testing.T) {
	n := 0
	for name, src := range jsonCorpus(t) {
		if checkSame(t, name, src) {
			n++
			continue
		}
		stmts, err := pg_query.SplitWithScanner(src, true)
		if err != nil {
			continue
		}
		for _, s := range stmts {
			if checkSame(t, name, s) {
				n++
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d texts parsed: the corpus is missing", n)
	}
	t.Logf("%d texts agree", n)
}

// TestJSONDecoderEveryField fills every field of every message the parser
// can return, writes it with protojson (proto names and JSON names), and
// decodes it: each generated case is exercised, not only those the corpus
// reaches.
func TestJSONDecoderEveryField(t *testing.T) {
	root := (&pg_query.ParseResult{}).ProtoReflect().Descriptor()
	seen := map[protoreflect.FullName]bool{}
	var visit func(md protoreflect.MessageDescriptor)
	var mds []protoreflect.MessageDescriptor
	visit = func(md protoreflect.MessageDescriptor) {
		if seen[md.FullName()] {
			return
		}
		seen[md.FullName()] = true
		mds = append(mds, md)
		for i := 0; i < md.Fields().Len(); i++ {
			if m := md.Fields().Get(i).Message(); m != nil {
				visit(m)
			}
		}
	}
	visit(root)
	// Each oneof member gets its own message, so each is decoded once.
	for _, md := range mds {
		mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
		if err != nil {
			t.Fatal(err)
		}
		variants := 1
		for i := 0; i < md.Oneofs().Len(); i++ {
			variants = max(variants, md.Oneofs().Get(i).Fields().Len())
		}
		for v := 0; v < variants; v++ {
			m := mt.New()
			fill(m, v, 2)
			for _, protoNames := range []bool{false, true} {
				b, err := protojson.MarshalOptions{UseProtoNames: protoNames}.Marshal(m.Interface())
				if err != nil {
					t.Fatal(err)
				}
				// The decoder's entry point is ParseResult: wrap the message
				// in a field of that type when it is not one.
				got := decodeOne(t, md, string(b))
				if !reflect.DeepEqual(got, toPgnode(m.Interface())) {
					t.Fatalf("%s (variant %d, proto names %v): decoded %v, want %v", md.FullName(), v, protoNames, got, m.Interface())
				}
			}
		}
	}
	t.Logf("%d message types", len(mds))
}

// decodeOne decodes the JSON of one message of type md with its generated
// function, through a generic dispatch on the Go type.
func decodeOne(t *testing.T, md protoreflect.MessageDescriptor, js string) any {
	t.Helper()
	d := &jdec{s: js}
	fn, ok := jdDecoders()[string(md.Name())]
	if !ok {
		t.Fatalf("no decoder for %s", md.FullName())
	}
	m := fn(d)
	if d.err != nil {
		t.Fatalf("%s: %v at %d in %s", md.FullName(), d.err, d.i, js)
	}
	return m
}

// fill sets every field of m to a non-zero value; oneofs get their v-th
// member (modulo their size). Messages nest depth levels.
func fill(m protoreflect.Message, v, depth int) {
	fds := m.Descriptor().Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		if od := fd.ContainingOneof(); od != nil && od.Fields().Get(v%od.Fields().Len()) != fd {
			continue
		}
		if fd.Kind() == protoreflect.MessageKind {
			if depth == 0 {
				continue
			}
			if fd.IsList() {
				l := m.Mutable(fd).List()
				for k := 0; k < 2; k++ {
					e := l.NewElement()
					fill(e.Message(), v+k, depth-1)
					l.Append(e)
				}
				continue
			}
			sub := m.Mutable(fd).Message()
			fill(sub, v, depth-1)
			continue
		}
		if fd.IsList() {
			l := m.Mutable(fd).List()
			l.Append(scalar(fd, 1))
			l.Append(scalar(fd, 2))
			continue
		}
		m.Set(fd, scalar(fd, i+1))
	}
}

func scalar(fd protoreflect.FieldDescriptor, k int) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(true)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(int32(-k * 1000))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(-int64(k) << 40)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(math.MaxUint32 - uint32(k))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(math.MaxUint64 - uint64(k))
	case protoreflect.FloatKind:
		return protoreflect.ValueOfFloat32(1.5 * float32(k))
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(-2.25e-10 * float64(k))
	case protoreflect.StringKind:
		return protoreflect.ValueOfString("s\"\\\n\t<é😀>" + strings.Repeat("x", k))
	case protoreflect.EnumKind:
		vals := fd.Enum().Values()
		return protoreflect.ValueOfEnum(vals.Get(k % vals.Len()).Number())
	}
	panic("unhandled kind " + fd.Kind().String())
}

// TestJSONDecoderRefusesBrokenJSON cuts a real parse result at every
// offset and flips bytes: the decoder returns an error, never a tree or a
// panic.
func TestJSONDecoderRefusesBrokenJSON(t *testing.T) {
	js, err := parser.ParseToJSON("CREATE TABLE t (a int PRIMARY KEY, b text DEFAULT 'x' NOT NULL); ALTER TABLE t ADD COLUMN c numeric(10,2), DROP COLUMN b; SELECT $1::int, 'é\\n' FROM t WHERE a IN (1, -2.5e3);")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeParseResult(js, false, false); err != nil {
		t.Fatalf("whole: %v", err)
	}
	for i := 0; i < len(js); i++ {
		if _, err := decodeParseResult(js[:i], false, false); err == nil {
			t.Fatalf("prefix of %d bytes decoded", i)
		}
	}
	for _, bad := range []string{`{"version":1,"stmts":[{"stmt":{"NoSuchStmt":{}}}]}`, `{"version":"x"}`, `{"stmts":[{"stmt":{"SelectStmt":{"op":"NOPE"}}}]}`, `{"version":1} x`, `null`, `{"stmts":[{"stmt":{"String":{"sval":"\ud800"}}}]}`, "{\"stmts\":[{\"stmt\":{\"String\":{\"sval\":\"\xff\"}}}]}"} {
		if _, err := decodeParseResult(bad, false, false); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}

// FuzzJSONDecoder checks that the JSON path gives pg_query.Parse's tree on
// any input.
func FuzzJSONDecoder(f *testing.F) {
	for _, s := range []string{
		"SELECT 1",
		"CREATE TABLE t (a int PRIMARY KEY, b text DEFAULT E'x\\ny' NOT NULL, c float8 DEFAULT 1e308)",
		"SELECT U&'\\0441\\043B\\043E\\043D', B'1010', X'ff', 1.5e-300, -9223372036854775808, 'caf\xc3\xa9'",
		"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkSame(t, "fuzz", src)
	})
}

var (
	sinkRef  *pg_query.ParseResult
	sinkTree *pgnode.ParseResult
)

func benchTexts(b *testing.B) []string {
	var out []string
	for _, s := range jsonCorpus(b) {
		if _, err := pg_query.Parse(s); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkParseProtobuf and BenchmarkParseJSON parse the same corpus
// through pg_query.Parse and through the JSON decoder.
func BenchmarkParseProtobuf(b *testing.B) {
	texts := benchTexts(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range texts {
			sinkRef, _ = pg_query.Parse(s)
		}
	}
}

func BenchmarkParseJSON(b *testing.B) {
	texts := benchTexts(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range texts {
			sinkTree, _ = parseJSON(s, false)
		}
	}
}
