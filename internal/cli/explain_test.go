package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/analyzer/migrationcheck"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

// printableNames returns every finding name rbcheck's outputs can print:
// the registries (migration rules, findings that are not rules, Go-side
// checks) and every name set as a constant in the source, found by reading
// the source: a `Rule:` or `Category:` field (findings, Go diagnostics) or
// a `Name:` of a Rule literal whose value is a string constant. A name
// someone adds without documentation is caught here.
func printableNames(t *testing.T) (names map[string]string, scanned map[string]bool) {
	t.Helper()
	names, scanned = map[string]string{}, map[string]bool{}
	for _, r := range rules.All() {
		names[r.Name] = "rules.All"
	}
	for _, r := range rules.Pseudo() {
		names[r.Name] = "rules.Pseudo"
	}
	for _, r := range migrationcheck.Rules {
		names[r.Name] = "migrationcheck.Rules"
	}
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	consts := map[string]string{} // "dir.Name" and "pkg.Name" -> value
	type use struct {
		dir  string
		expr ast.Expr
		at   string
	}
	var uses []use
	for _, top := range []string{"internal", "analyzer", "rules"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			dir := filepath.Dir(p)
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec:
					for i, id := range n.Names {
						if i < len(n.Values) {
							if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								v, _ := strconv.Unquote(lit.Value)
								consts[dir+"."+id.Name] = v
								consts[f.Name.Name+"."+id.Name] = v
								// the kinds of unread items are printed
								// after each item, like a rule name
								if f.Name.Name == "verdict" && strings.HasPrefix(id.Name, "Unread") && v != "" {
									uses = append(uses, use{dir, lit, fset.Position(lit.Pos()).String()})
								}
							}
						}
					}
				case *ast.CompositeLit:
					isRule := false
					switch ty := n.Type.(type) {
					case *ast.Ident:
						isRule = ty.Name == "Rule"
					case *ast.SelectorExpr:
						isRule = ty.Sel.Name == "Rule"
					}
					for _, el := range n.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						key, ok := kv.Key.(*ast.Ident)
						if !ok {
							continue
						}
						if key.Name == "Rule" || key.Name == "Category" || key.Name == "Name" && isRule {
							uses = append(uses, use{dir, kv.Value, fset.Position(kv.Pos()).String()})
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range uses {
		var v string
		var ok bool
		switch e := u.expr.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				v, _ = strconv.Unquote(e.Value)
				ok = true
			}
		case *ast.Ident:
			v, ok = consts[u.dir+"."+e.Name]
		case *ast.SelectorExpr:
			if x, isIdent := e.X.(*ast.Ident); isIdent {
				v, ok = consts[x.Name+"."+e.Sel.Name]
			}
		}
		if ok && v != "" {
			scanned[v] = true
			if _, seen := names[v]; !seen {
				names[v] = u.at
			}
		}
	}
	return names, scanned
}

// TestEveryPrintableNameIsExplained: `rbcheck explain NAME` documents every
// name any output can print, and the doc_url the outputs give exists.
func TestEveryPrintableNameIsExplained(t *testing.T) {
	names, scanned := printableNames(t)
	// the scan must see the verdict's own findings and the rules' names, or
	// it sees nothing
	for _, n := range []string{verdict.StarRule, verdict.ModifiedRule, report.SyntaxErrorRule, "drop-column", "add-enum-value", verdict.UnreadNoMatch, "unread"} {
		if !scanned[n] {
			t.Errorf("the source scan does not find %s: it is broken", n)
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		out, errOut, code := run(t, nil, "explain", n)
		title := n
		if d := rules.Doc(n); d != nil {
			title = d.Name // an alias: the kinds of unread items
		}
		if code != ExitOK || !strings.HasPrefix(out, "# "+title+"\n") || !strings.Contains(out, n) || len(out) < 200 {
			t.Errorf("rbcheck explain %s (printed by %s): exit %d, %q, stdout %.100q", n, names[n], code, errOut, out)
		}
		// the page the outputs link to exists
		page := filepath.Join("..", "..", "docs", "rules", title+".md")
		if rules.Doc(n) == nil {
			page = filepath.Join("..", "..", "docs", "rules", "go", n+".md")
		}
		if _, err := os.Stat(page); err != nil {
			t.Errorf("%s has no documentation page: %v", n, err)
		}
	}
	// the verdict's names are the documented ones
	if verdict.StarRule != rules.SelectStarName || verdict.ModifiedRule != rules.ModifiedMigrationName {
		t.Errorf("verdict names %q, %q differ from the documented %q, %q", verdict.StarRule, verdict.ModifiedRule, rules.SelectStarName, rules.ModifiedMigrationName)
	}
}

func TestExplainBothSides(t *testing.T) {
	// unused-ignore is a migration rule and a Go-side check
	out, _, code := run(t, nil, "explain", "unused-ignore")
	if code != ExitOK || !strings.Contains(out, "rbcheck explain go/unused-ignore") {
		t.Errorf("explain unused-ignore does not point at the Go-side check: %q", out)
	}
	out, _, code = run(t, nil, "explain", "go/unused-ignore")
	if code != ExitOK || !strings.Contains(out, "//rbcheck:ignore") {
		t.Errorf("explain go/unused-ignore: %q", out)
	}
	if _, _, code := run(t, nil, "explain", "go/drop-column"); code != ExitError {
		t.Errorf("go/drop-column is not a Go-side check, exit %d", code)
	}
}
