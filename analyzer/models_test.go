package analyzer

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// loadMode is how much type information a fixture is loaded with, matching
// the drivers: none, full (stubs type-checked), or fake dependencies (the
// fast driver: third-party imports are empty packages).
type loadMode int

const (
	modeSyntax loadMode = iota
	modeTyped
	modeFakeDeps
)

func (m loadMode) String() string {
	return [...]string{"syntax", "typed", "fakedeps"}[m]
}

var allModes = []loadMode{modeSyntax, modeTyped, modeFakeDeps}

// stubImporter type-checks packages from testdata/src, the standard library
// from export data, and (fake) returns empty packages for non-standard paths.
type stubImporter struct {
	fset  *token.FileSet
	root  string
	fake  bool
	std   types.Importer
	cache map[string]*types.Package
}

func newStubImporter(fset *token.FileSet, fake bool) *stubImporter {
	return &stubImporter{fset: fset, root: filepath.Join("testdata", "src"), fake: fake, std: importer.Default(), cache: map[string]*types.Package{}}
}

func (im *stubImporter) Import(path string) (*types.Package, error) {
	if p, ok := im.cache[path]; ok {
		return p, nil
	}
	first := strings.Split(path, "/")[0]
	if !strings.Contains(first, ".") {
		p, err := im.std.Import(path)
		if err == nil {
			im.cache[path] = p
		}
		return p, err
	}
	if im.fake {
		name := filepath.Base(path)
		if strings.HasPrefix(name, "v") && len(name) <= 3 {
			name = filepath.Base(filepath.Dir(path))
		}
		p := types.NewPackage(path, name)
		p.MarkComplete()
		im.cache[path] = p
		return p, nil
	}
	dir := filepath.Join(im.root, filepath.FromSlash(path))
	files, err := parseDir(im.fset, dir)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: im}
	p, err := conf.Check(path, im.fset, files, nil)
	if err != nil {
		return nil, err
	}
	im.cache[path] = p
	return p, nil
}

func parseDir(fset *token.FileSet, dir string) ([]*ast.File, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// loadFixture parses testdata/src/<pkg>/<file> (with the rest of its
// package) and type-checks it according to mode.
func loadFixture(t *testing.T, rel string, mode loadMode) (*token.FileSet, *ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	path := filepath.Join("testdata", "src", filepath.FromSlash(rel))
	files, err := parseDir(fset, filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var target *ast.File
	for _, f := range files {
		if fset.Position(f.Pos()).Filename == path {
			target = f
		}
	}
	if target == nil {
		t.Fatalf("fixture %s not found", path)
	}
	if mode == modeSyntax {
		return fset, target, nil
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits:  map[ast.Node]types.Object{},
	}
	var errs []error
	conf := types.Config{Importer: newStubImporter(fset, mode == modeFakeDeps), Error: func(err error) { errs = append(errs, err) }}
	_, _ = conf.Check(filepath.ToSlash(filepath.Dir(rel)), fset, files, info)
	if mode == modeTyped && len(errs) > 0 {
		t.Fatalf("type-checking %s: %v", rel, errs)
	}
	return fset, target, info
}

func identAt(t *testing.T, fset *token.FileSet, p token.Pos) string {
	t.Helper()
	if !p.IsValid() {
		return "<nopos>"
	}
	pos := fset.Position(p)
	data, err := os.ReadFile(pos.Filename)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data[pos.Offset:])
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

type wantModel struct {
	typ, via, schema, table, alias string
	known                          bool
	cols                           []string // "column<-FieldAtPos"
}

func describeModel(t *testing.T, fset *token.FileSet, m ModelRef) wantModel {
	w := wantModel{typ: m.Type, via: m.Via, schema: m.Schema, table: m.Table, alias: m.Alias, known: m.TableKnown}
	if m.Type != "" && identAt(t, fset, m.Pos) != m.Type {
		t.Errorf("%s model position points at %q", m.Type, identAt(t, fset, m.Pos))
	}
	for _, c := range m.Columns {
		w.cols = append(w.cols, c.Name+"<-"+identAt(t, fset, c.Pos))
	}
	return w
}

func TestModelsFromFile(t *testing.T) {
	want := []wantModel{
		{typ: "Base", via: "tag db", cols: []string{"id<-ID", "createdat<-CreatedAt"}},
		{typ: "Account", via: "tag db", cols: []string{"id<-ID", "createdat<-CreatedAt", "email<-Email", "fullname<-FullName", "nick<-Nick"}},
		{typ: "User", via: "gorm", table: "users", cols: []string{
			"id<-gorm.Model", "created_at<-gorm.Model", "updated_at<-gorm.Model", "deleted_at<-gorm.Model",
			"name<-Name", "user_id<-UserID", "http_url<-HTTPURL", "email_address<-Email", "read_only_col<-ReadOnly",
			"company_id<-CompanyID", "audit_by<-By", "audit_at<-At", "tags<-Tags", "prefs<-Prefs", "extra<-Extra"}},
		{typ: "Order", via: "gorm", table: "orders", cols: []string{"id<-ID", "user_id<-UserID", "total<-Total"}},
		{typ: "Company", via: "gorm", schema: "org", table: "companies", known: true, cols: []string{"id<-ID", "name<-Name"}},
		{typ: "Category", via: "gorm", table: "categories", cols: []string{"id<-ID", "slug<-Slug"}},
		{typ: "Person", via: "gorm", table: "people", cols: []string{"id<-ID"}},
		{typ: "Story", via: "bun", table: "stories", alias: "s", known: true, cols: []string{"id<-ID", "title<-Title", "author_id<-AuthorID", "meta_views<-Views"}},
		{typ: "Author", via: "bun", table: "authors", alias: "author", cols: []string{"id<-ID", "name<-Name"}},
		{typ: "Book", via: "go-pg", schema: "library", table: "books", alias: "b", known: true, cols: []string{"id<-ID", "title_text<-Title", "author_id<-AuthorID"}},
		{typ: "Genre", via: "go-pg", table: "genres", cols: []string{"id<-ID", "book_id<-BookID"}},
		{typ: "Post", via: "beego", table: "blog_posts", known: true, cols: []string{"id<-Id", "post_title<-Title", "user_i_d<-UserID", "author_id<-Author"}},
		{typ: "Profile", via: "beego", table: "profile", cols: []string{"id<-Id", "user_name<-UserName"}},
	}
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := loadFixture(t, "models/models.go", mode)
			got := modelsFromFile(fset, f, info)
			var desc []wantModel
			for _, m := range got {
				desc = append(desc, describeModel(t, fset, m))
			}
			if !reflect.DeepEqual(desc, want) {
				t.Errorf("models differ\n got: %s\nwant: %s", fmtModels(desc), fmtModels(want))
			}
			for _, m := range got {
				if m.Type == "OnlyJSON" || m.Type == "ProtoUser" || m.Type == "Audit" || m.Type == "Meta" {
					t.Errorf("%s is not a model but was reported via %s", m.Type, m.Via)
				}
			}
		})
	}
}

func fmtModels(ms []wantModel) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "\n  %+v", m)
	}
	return b.String()
}

func TestEntModels(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := loadFixture(t, "models/ent/user/user.go", mode)
			got := modelsFromFile(fset, f, info)
			var desc []wantModel
			for _, m := range got {
				desc = append(desc, describeModel(t, fset, m))
			}
			want := []wantModel{
				{via: "ent", table: "users", known: true, cols: []string{"id<-FieldID", "email<-FieldEmail", "group_users<-"}},
				{via: "ent", table: "cars", known: true, cols: []string{"user_cars<-CarsColumn"}},
			}
			if !reflect.DeepEqual(desc, want) {
				t.Errorf("ent models differ\n got: %s\nwant: %s", fmtModels(desc), fmtModels(want))
			}
		})
	}
}

func TestNamingHelpers(t *testing.T) {
	gormCases := map[string]string{
		"UserID": "user_id", "ID": "id", "HTTPURL": "http_url", "CreatedAt": "created_at",
		"APIKey": "api_key", "Name": "name", "OAuth2Token": "o_auth2_token", "UUIDv4": "uuidv4",
		"Address1": "address1", "SKU": "sku",
	}
	for in, want := range gormCases {
		if got := gormDBName(in); got != want {
			t.Errorf("gormDBName(%q) = %q, want %q", in, got, want)
		}
	}
	bunCases := map[string]string{"UserID": "user_id", "ID": "id", "HTTPURL": "httpurl", "CreatedAt": "created_at", "OrderItem": "order_item"}
	for in, want := range bunCases {
		if got := bunUnderscore(in); got != want {
			t.Errorf("bunUnderscore(%q) = %q, want %q", in, got, want)
		}
	}
	plural := map[string]string{
		"user": "users", "category": "categories", "person": "people", "sales_person": "sales_people",
		"address": "addresses", "box": "boxes", "match": "matches", "status": "statuses", "key": "keys",
		"fish": "fish", "order_item": "order_items", "users": "users", "child": "children", "wolf": "wolves", "knife": "knives",
	}
	for in, want := range plural {
		if got := inflectPlural(in); got != want {
			t.Errorf("inflectPlural(%q) = %q, want %q", in, got, want)
		}
	}
	if got := beegoSnake("UserID"); got != "user_i_d" {
		t.Errorf("beegoSnake(UserID) = %q", got)
	}
	tags := gormSettings(`COLUMN:a\;b;not null;-:migration`)
	if tags["COLUMN"] != "a;b" || tags["NOT NULL"] != "NOT NULL" || tags["-"] != "migration" {
		t.Errorf("gormSettings = %v", tags)
	}
}

// TestExtractorsOnGOROOT runs every extractor over a slice of the standard
// library (syntax only and fully typed would be slow): no panic, and nothing
// found in code that uses no ORM.
func TestExtractorsOnGOROOT(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	bqRethrow = true
	defer func() { bqRethrow = false }()
	root := filepath.Join(runtime.GOROOT(), "src")
	var files, models, built int
	var spent time.Duration
	for _, dir := range []string{"database", "net/http", "go", "encoding", "crypto/tls", "text/template"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			fset := token.NewFileSet()
			f, perr := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if perr != nil {
				return nil
			}
			files++
			t0 := time.Now()
			models += len(modelsFromFile(fset, f, nil))
			built += len(squirrelFromFile(fset, f, nil, nil))
			built += len(ormChainsFromFile(fset, f, nil, nil))
			built += len(copyFromCalls(fset, f, nil, nil))
			spent += time.Since(t0)
			return nil
		})
	}
	t.Logf("%d files, %v in the extractors: %d models, %d built queries", files, spent, models, built)
	if files < 100 {
		t.Fatalf("only %d files read from %s", files, root)
	}
	if built != 0 {
		t.Errorf("%d builder queries found in the standard library", built)
	}
}

// TestModelsAcrossFiles: an embedded struct and a relation declared in
// another file of the package are only understood with type information.
func TestModelsAcrossFiles(t *testing.T) {
	withTypes := []wantModel{{typ: "Member", via: "gorm", table: "members", cols: []string{
		"id<-ID", "created_at<-CreatedAt", "modified_at<-UpdatedAt", "team_id<-TeamID", "score<-Score"}}}
	syntaxOnly := []wantModel{{typ: "Member", via: "gorm", table: "members", cols: []string{
		"id<-ID", "team<-Team", "team_id<-TeamID", "score<-Score"}}}
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := loadFixture(t, "models/crossfile/member.go", mode)
			var desc []wantModel
			for _, m := range modelsFromFile(fset, f, info) {
				desc = append(desc, describeModel(t, fset, m))
			}
			want := withTypes
			if mode == modeSyntax {
				want = syntaxOnly
			}
			if !reflect.DeepEqual(desc, want) {
				t.Errorf("models differ\n got: %s\nwant: %s", fmtModels(desc), fmtModels(want))
			}
		})
	}
}

func TestSQLBoilerModels(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := loadFixture(t, "models/boil/users.go", mode)
			var desc []wantModel
			for _, m := range modelsFromFile(fset, f, info) {
				w := describeModel(t, fset, m)
				desc = append(desc, w)
			}
			want := []wantModel{{typ: "User", via: "sqlboiler", table: "users", known: true, cols: []string{"id<-ID", "email<-Email"}}}
			if !reflect.DeepEqual(desc, want) {
				t.Errorf("models differ\n got: %s\nwant: %s", fmtModels(desc), fmtModels(want))
			}
		})
	}
}
