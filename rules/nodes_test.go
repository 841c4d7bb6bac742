package rules_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// TestRuleNodes holds the statement kinds each rule declares (Rule.Nodes)
// to what the rules do: every fixture of every rule is linted with every
// rule enabled, once as the engine runs them (each rule only on the kinds
// it declares) and once with every rule on every statement, and the
// findings must be the same. A rule that reports on a kind it does not
// declare (or whose findings depend on seeing one) fails here, naming
// the kind to add.
func TestRuleNodes(t *testing.T) {
	var all []string
	for _, r := range rules.All() {
		all = append(all, r.Name)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.sql"))
	if len(files) < 100 {
		t.Fatalf("found %d fixtures, want the rules' fixtures", len(files))
	}
	compared := 0
	for _, path := range files {
		var pr problems
		fx := loadFixture(path, &pr)
		if fx == nil {
			continue
		}
		kinds := lintFixtureWith(path, fx, &pr, lint.Options{Enable: all})
		every := lintFixtureWith(path, fx, &pr, lint.Options{Enable: all, EveryStatement: true})
		if kinds == nil || every == nil {
			continue
		}
		compared += len(every.Findings)
		got, want := findingKeys(kinds.Findings), findingKeys(every.Findings)
		for i, k := range want {
			if !slices.Contains(got, k) {
				f := every.Findings[i]
				t.Errorf("%s:%d: %s reports %q on a %s statement only when it runs on every statement: add (%s)(nil) to its Nodes",
					path, f.Pos.Line, f.Rule, f.Message, nodeName(f.Stmt), nodeName(f.Stmt))
			}
		}
		for _, k := range got {
			if !slices.Contains(want, k) {
				t.Errorf("%s: %s: found by the engine but not when every rule runs on every statement", path, k)
			}
		}
	}
	if compared < 500 {
		t.Errorf("the fixtures gave %d findings with every rule enabled; expected many more", compared)
	}
}

func findingKeys(fs []rules.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%d:%d: %s: %s (%s) %+v", f.Pos.Line, f.Pos.Col, f.Rule, f.Message, f.Help, f.Object)
	}
	return out
}

func nodeName(st *sqlast.Stmt) string {
	if st == nil || st.Node == nil {
		return "*sqlast.Other"
	}
	return reflect.TypeOf(st.Node).String()
}

// TestRuleNodesDeclared checks each declared kind is a statement model
// (a nil *sqlast.X).
func TestRuleNodesDeclared(t *testing.T) {
	for _, r := range rules.All() {
		for _, n := range r.Nodes {
			tp := reflect.TypeOf(n)
			if tp == nil || tp.Kind() != reflect.Pointer || tp.Elem().PkgPath() != reflect.TypeFor[sqlast.Stmt]().PkgPath() {
				t.Errorf("rule %s: Nodes holds %v, want nil pointers of sqlast statement models", r.Name, tp)
			}
		}
	}
}

// TestLockNodesMatchSwitch: the kinds lkLockNodes, saeSlowNodes and
// lkColumnTypeNodes list are the cases of the type switches of
// lkRawLocks, saeSlowStmt and lkColumnTypeUsesOf, which the Nodes of the
// lock, timeout and column type rules are made of.
func TestLockNodesMatchSwitch(t *testing.T) {
	fset := token.NewFileSet()
	for _, c := range []struct{ file, fn, list string }{
		{"lockutil.go", "lkRawLocks", "lkLockNodes"},
		{"statements_after_access_exclusive.go", "saeSlowStmt", "saeSlowNodes"},
		{"lockutil.go", "lkColumnTypeUsesOf", "lkColumnTypeNodes"},
	} {
		f, err := parser.ParseFile(fset, c.file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		var cases, listed []string
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name != c.fn {
					return true
				}
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if ts, ok := m.(*ast.TypeSwitchStmt); ok {
						for _, cl := range ts.Body.List {
							for _, e := range cl.(*ast.CaseClause).List {
								cases = append(cases, exprText(e))
							}
						}
						return false
					}
					return true
				})
				return false
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if name.Name == c.list && i < len(n.Values) {
						ast.Inspect(n.Values[i], func(m ast.Node) bool {
							if p, ok := m.(*ast.ParenExpr); ok {
								listed = append(listed, exprText(p.X))
								return false
							}
							return true
						})
					}
				}
			}
			return true
		})
		slices.Sort(cases)
		slices.Sort(listed)
		if len(cases) == 0 || !slices.Equal(cases, listed) {
			t.Errorf("%s lists %v, the type switch of %s has cases %v", c.list, listed, c.fn, cases)
		}
	}
}

func exprText(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + exprText(e.X)
	case *ast.SelectorExpr:
		return exprText(e.X) + "." + e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return fmt.Sprintf("%T", e)
}

// TestRuleNodesCoverChecks reads each rule's Check function: every
// statement model it asserts c.Stmt.Node to (a type switch or assertion on
// it, or bcAlterTable(c.Stmt)) must be among the rule's Nodes, so a case
// added to a rule is not left unreachable by the kind table even where no
// fixture has that kind yet.
func TestRuleNodesCoverChecks(t *testing.T) {
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	funcs := map[string]*ast.FuncDecl{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				funcs[fd.Name.Name] = fd
			}
		}
	}
	isStmtNode := func(e ast.Expr) bool { return exprText(e) == "c.Stmt.Node" }
	checked := 0
	for _, r := range rules.All() {
		if r.Check == nil || len(r.Nodes) == 0 {
			continue
		}
		name := runtime.FuncForPC(reflect.ValueOf(r.Check).Pointer()).Name()
		fd := funcs[name[strings.LastIndexByte(name, '.')+1:]]
		if fd == nil {
			t.Errorf("rule %s: no function %s in the package", r.Name, name)
			continue
		}
		declared := map[string]bool{}
		for _, n := range r.Nodes {
			declared[reflect.TypeOf(n).String()] = true
		}
		var used []string
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSwitchStmt:
				var x ast.Expr
				switch a := n.Assign.(type) {
				case *ast.AssignStmt:
					x = a.Rhs[0].(*ast.TypeAssertExpr).X
				case *ast.ExprStmt:
					x = a.X.(*ast.TypeAssertExpr).X
				}
				if isStmtNode(x) {
					for _, cl := range n.Body.List {
						for _, e := range cl.(*ast.CaseClause).List {
							used = append(used, exprText(e))
						}
					}
				}
			case *ast.TypeAssertExpr:
				if n.Type != nil && isStmtNode(n.X) {
					used = append(used, exprText(n.Type))
				}
			case *ast.CallExpr:
				if exprText(n.Fun) == "bcAlterTable" && len(n.Args) == 1 && exprText(n.Args[0]) == "c.Stmt" {
					used = append(used, "*sqlast.AlterTable")
				}
			}
			return true
		})
		for _, u := range used {
			checked++
			if !declared[u] {
				t.Errorf("rule %s: %s looks at %s statements, which its Nodes leave out: add (%s)(nil)", r.Name, fd.Name.Name, u, u)
			}
		}
	}
	if checked < 50 {
		t.Errorf("found %d statement models asserted in the rules' Check functions; the reading is broken", checked)
	}
}
