package models

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/fixture"
)

type wantModel struct {
	typ, via, schema, table, alias string
	known                          bool
	cols                           []string // "column<-FieldAtPos"
}

func describeModel(t *testing.T, fset *token.FileSet, m Model) wantModel {
	t.Helper()
	w := wantModel{typ: m.Type, via: m.Via, schema: m.Schema, table: m.Table, alias: m.Alias, known: m.TableKnown}
	if m.Type != "" && fixture.IdentAt(t, fset, m.Pos) != m.Type {
		t.Errorf("%s model position points at %q", m.Type, fixture.IdentAt(t, fset, m.Pos))
	}
	for _, c := range m.Columns {
		w.cols = append(w.cols, c.Name+"<-"+fixture.IdentAt(t, fset, c.Pos))
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
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "models/models.go", mode)
			got, _ := FromFile(fset, f, info, nil)
			var desc []wantModel
			for _, m := range got {
				desc = append(desc, describeModel(t, fset, m))
			}
			if !reflect.DeepEqual(desc, want) {
				t.Errorf("models differ\n got: %s\nwant: %s", fmtModels(desc), fmtModels(want))
			}
			for _, m := range got {
				if m.Type == "OnlyJSON" || m.Type == "ProtoUser" || m.Type == "Audit" || m.Type == "Meta" || m.Type == "ProfileRow" {
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
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "models/ent/user/user.go", mode)
			got, _ := FromFile(fset, f, info, nil)
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

func TestGormSettings(t *testing.T) {
	tags := GormSettings(`COLUMN:a\;b;not null;-:migration`)
	if tags["COLUMN"] != "a;b" || tags["NOT NULL"] != "NOT NULL" || tags["-"] != "migration" {
		t.Errorf("GormSettings = %v", tags)
	}
}

// TestModelsOnGOROOT runs the model extractor over a slice of the standard
// library (syntax only; fully typed would be slow): no panic.
func TestModelsOnGOROOT(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	astx.Rethrow = true
	defer func() { astx.Rethrow = false }()
	root := filepath.Join(runtime.GOROOT(), "src")
	var files, models int
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
			ms, _ := FromFile(fset, f, nil, nil)
			models += len(ms)
			spent += time.Since(t0)
			return nil
		})
	}
	t.Logf("%d files, %v in the model extractor: %d models", files, spent, models)
	if files < 100 {
		t.Fatalf("only %d files read from %s", files, root)
	}
}

// TestModelsAcrossFiles: an embedded struct and a relation declared in
// another file of the package are only understood with type information.
func TestModelsAcrossFiles(t *testing.T) {
	withTypes := []wantModel{{typ: "Member", via: "gorm", table: "members", cols: []string{
		"id<-ID", "created_at<-CreatedAt", "modified_at<-UpdatedAt", "team_id<-TeamID", "score<-Score"}}}
	syntaxOnly := []wantModel{{typ: "Member", via: "gorm", table: "members", cols: []string{
		"id<-ID", "team<-Team", "team_id<-TeamID", "score<-Score"}}}
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "models/crossfile/member.go", mode)
			var desc []wantModel
			for _, m := range must(FromFile(fset, f, info, nil)) {
				desc = append(desc, describeModel(t, fset, m))
			}
			want := withTypes
			if mode == fixture.Syntax {
				want = syntaxOnly
			}
			if !reflect.DeepEqual(desc, want) {
				t.Errorf("models differ\n got: %s\nwant: %s", fmtModels(desc), fmtModels(want))
			}
		})
	}
}

func TestSQLBoilerModels(t *testing.T) {
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "models/boil/users.go", mode)
			var desc []wantModel
			for _, m := range must(FromFile(fset, f, info, nil)) {
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

func must(ms []Model, err error) []Model {
	if err != nil {
		panic(err)
	}
	return ms
}
