package gomig

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Step is one migration of a project's own Go migration runner, with the
// SQL it runs.
type Step struct {
	// ID names the step as the runner records it: listmonk's "v6.2.0",
	// spicedb's "add-schema-tables", xormigrate's ID.
	ID string
	// Prev is the step it follows in a chain (spicedb's
	// Register(name, prev, …)); "" in a list and for a chain's first step.
	Prev string
	// File, Line, Col: where the step is registered (the list's element,
	// the Register call).
	File      string
	Line, Col int
	// Stmts are its constant statements, in source order; Unread what it
	// runs that rbcheck could not read (Site.Reason says why).
	Stmts  []Site
	Unread []Site
}

// Runner is the ordered list of Go migrations a project's runner applies,
// read from one tree: a list (listmonk's migList of {"v6.2.0",
// migrations.V6_2_0}, a []*xormigrate.Migration of values with ID and
// Migrate) or a chain of registrations (spicedb's
// DatabaseMigrations.Register("name", "prev", up, upTx)). Steps are in the
// order the runner applies them.
type Runner struct {
	Kind      string // "list" or "chain"
	File      string // the list's declaration, or the first registration
	Line, Col int
	// Dir is the folder of the steps' registrations.
	Dir   string
	Steps []Step
	// Start, StartUnread: what the runner's own code runs at every start
	// besides its steps (woodpecker's syncAll of every model after the
	// steps), read from the functions of the list's file that use the list.
	Start, StartUnread []Site
	// Problems are registrations that could not be placed in the order
	// (a name that is not a constant, a chain with a gap or a fork): the
	// runner's history is then not known in full.
	Problems []Site
}

// Runners finds the Go migration runners of a tree and reads each step's
// SQL. Nothing of the tree is built or run.
func Runners(fsys fs.FS, o Options) []*Runner {
	pc := &pkgCache{fsys: fsys, files: map[string][]*ast.File{}}
	var out []*Runner
	chains := map[string][]chainStep{}
	var chainDirs []string
	for _, p := range goFiles(fsys, o) {
		b := pc.read(p)
		if b == nil {
			continue
		}
		lb := bytes.ToLower(b)
		if !bytes.Contains(lb, []byte("migrat")) && !bytes.Contains(lb, []byte("upgrade")) {
			continue
		}
		f := pc.parseBytes(p, b)
		if f == nil {
			continue
		}
		r := &registryReader{pc: pc, at: env{p, f}}
		out = append(out, r.lists()...)
		for _, cs := range r.chainSteps() {
			d := path.Dir(cs.file)
			if _, ok := chains[d]; !ok {
				chainDirs = append(chainDirs, d)
			}
			chains[d] = append(chains[d], cs)
		}
	}
	sort.Strings(chainDirs)
	for _, d := range chainDirs {
		out = append(out, orderChain(pc, d, chains[d]))
	}
	return out
}

// listName: a list of migrations by its name or type (migrationTasks,
// listmonk's migList of migFunc, []*xormigrate.Migration).
var listName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^mig|migrat|upgrade`) })

// registryReader reads the registrations of one file.
type registryReader struct {
	pc *pkgCache
	at env
}

func (r *registryReader) scanner() *scanner { return newScanner(r.at.path, r.at.f, r.pc) }

// fnRef is a step's up function: a literal or a declared function, where
// its names resolve, and the constant arguments its parameters are bound
// to (a registration wrapper's).
type fnRef struct {
	typ  *ast.FuncType
	body *ast.BlockStmt
	at   env
	defs map[string]ast.Expr
}

// lists finds package-level lists of migration steps in the file.
func (r *registryReader) lists() []*Runner {
	var out []*Runner
	s := r.scanner()
	for _, d := range r.at.f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, v := range vs.Values {
				cl, ok := ast.Unparen(v).(*ast.CompositeLit)
				if !ok {
					continue
				}
				if _, arr := cl.Type.(*ast.ArrayType); !arr || i >= len(vs.Names) {
					continue
				}
				if !listName().MatchString(vs.Names[i].Name) && !listName().MatchString(types.ExprString(cl.Type)) &&
					!registration().MatchString(path.Base(r.at.path)) {
					continue
				}
				run := &Runner{Kind: "list"}
				p := r.pc.position(vs.Names[i])
				run.File, run.Line, run.Col = p.Filename, p.Line, p.Column
				for _, el := range cl.Elts {
					id, fns, ok := r.stepOf(s, el)
					ep := r.pc.position(el)
					if !ok {
						run.Problems = append(run.Problems, Site{File: ep.Filename, Line: ep.Line, Col: ep.Column,
							Reason: fmt.Sprintf("an element of %s whose name or up function rbcheck cannot read (%s)", vs.Names[i].Name, short(exprText(el)))})
						continue
					}
					st := Step{ID: id, File: ep.Filename, Line: ep.Line, Col: ep.Column}
					readStep(r.pc, &st, fns)
					run.Steps = append(run.Steps, st)
				}
				if len(run.Steps) == 0 {
					continue
				}
				run.Dir = path.Dir(run.File)
				run.Dir = stepDir(run)
				r.readStart(run, vs.Names[i].Name)
				out = append(out, run)
			}
		}
	}
	return out
}

// readStart reads the functions of the list's file that use the list
// (the runner's entry: woodpecker's Migrate, which runs the steps and then
// syncs every model).
func (r *registryReader) readStart(run *Runner, list string) {
	for _, d := range r.at.f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		uses := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == list {
				uses = true
			}
			return !uses
		})
		if !uses {
			continue
		}
		s := r.scanner()
		s.runnerList = list
		s.visited[fd] = true
		s.walkFunc(fd.Type, fd.Body, scope{mig: "the runner's start (" + fd.Name.Name + ")", fn: fd.Name.Name})
		for _, x := range s.stmts {
			run.Start = append(run.Start, x.Site)
		}
		for _, x := range s.unread {
			run.StartUnread = append(run.StartUnread, x.Site)
		}
	}
}

// stepDir is the folder most of a list's up functions are in.
func stepDir(run *Runner) string {
	n := map[string]int{}
	best, bn := run.Dir, 0
	for _, st := range run.Steps {
		for _, s := range append(append([]Site(nil), st.Stmts...), st.Unread...) {
			d := path.Dir(s.File)
			n[d]++
			if n[d] > bn {
				best, bn = d, n[d]
			}
		}
	}
	return best
}

// stepOf reads one element of a list: its constant name and its up
// functions ({"v6.2.0", migrations.V6_2_0}, &addOrgID with ID and
// Migrate fields).
func (r *registryReader) stepOf(s *scanner, el ast.Expr) (string, []fnRef, bool) {
	cl, cenv, ok := s.compositeAt(el, scope{}, r.at, 0)
	if !ok {
		return "", nil, false
	}
	id := ""
	var fns []fnRef
	for _, e := range cl.Elts {
		key := ""
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				key = k.Name
			}
			e = kv.Value
		}
		if keyRole(key) == "down" {
			continue
		}
		if id == "" && (key == "" || key == "ID" || key == "Version" || key == "Name" || key == "Id") {
			if v, _, ok := s.valueAt(e, scope{}, cenv, 0); ok && v != "" {
				id = v
				continue
			}
		}
		if key != "" && keyRole(key) != "up" {
			continue
		}
		if fn, ok := r.fnOf(s, e, cenv); ok {
			fns = append(fns, fn)
		}
	}
	return id, fns, id != "" && len(fns) > 0
}

// fnOf resolves a function value: a literal, a function of the package or
// of another package of the module, a variable holding a literal.
func (r *registryReader) fnOf(s *scanner, e ast.Expr, at env) (fnRef, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return fnRef{typ: e.Type, body: e.Body, at: at}, true
	case *ast.Ident:
		if d, denv := r.pc.funcIn(path.Dir(at.path), e.Name); d != nil {
			return fnRef{typ: d.Type, body: d.Body, at: denv}, true
		}
		if v, venv, ok := s.pkgDecl(at, e.Name); ok {
			return r.fnOf(s, v, venv)
		}
	case *ast.SelectorExpr:
		if d, denv := s.importFunc(e, at); d != nil {
			return fnRef{typ: d.Type, body: d.Body, at: denv}, true
		}
	}
	return fnRef{}, false
}

// exprText renders an expression for a message ({"v0.2.0", f} for a
// composite literal whose type is elided).
func exprText(e ast.Expr) string {
	if cl, ok := e.(*ast.CompositeLit); ok && cl.Type == nil {
		var parts []string
		for _, el := range cl.Elts {
			parts = append(parts, types.ExprString(el))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return types.ExprString(e)
}

// readStep reads the SQL of a step's up functions. SQL a registration
// wrapper puts together from the step's arguments is placed at the step's
// registration.
func readStep(pc *pkgCache, st *Step, fns []fnRef) {
	for _, fn := range fns {
		s := newScanner(fn.at.path, fn.at.f, pc)
		ctx := scope{mig: "migration " + st.ID, fn: st.ID, defs: fn.defs}
		s.walkFunc(fn.typ, fn.body, ctx)
		for _, x := range s.stmts {
			if len(fn.defs) > 0 && !x.Exact {
				x.File, x.Line, x.Col = st.File, st.Line, st.Col
			}
			st.Stmts = append(st.Stmts, x.Site)
		}
		for _, x := range s.unread {
			st.Unread = append(st.Unread, x.Site)
		}
	}
}

// chainStep is one Register(name, prev, fns…) call, possibly through a
// wrapper function of the package.
type chainStep struct {
	id, prev  string
	file      string
	line, col int
	fns       []fnRef
	problem   string
}

// chainSteps finds the file's registrations of chained steps: calls
// Register(name, prev, up…) with constant names, and calls of a function
// of the package that registers its own parameters so (spicedb's
// registerIndexMigration(index, "name", "prev")).
func (r *registryReader) chainSteps() []chainStep {
	var out []chainStep
	s := r.scanner()
	for _, d := range r.at.f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if reg := r.registerCall(c); reg {
				if isParam(fd, c.Args[0]) || isParam(fd, c.Args[1]) {
					return true // a wrapper: read at its calls
				}
				out = append(out, r.chainStepAt(s, c, c, scope{}, nil))
				return true
			}
			// a call of a wrapper of the package
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && (registration().MatchString(id.Name) || migrationDir(r.at.path)) {
				if w, wenv := r.pc.funcIn(path.Dir(r.at.path), id.Name); w != nil {
					if inner := wrappedRegister(r, w); inner != nil {
						defs := bindParams(s, w, c, scope{}, r.at)
						ws := newScanner(wenv.path, wenv.f, r.pc)
						out = append(out, (&registryReader{pc: r.pc, at: wenv}).chainStepAt(ws, inner, c, scope{defs: defs}, defs))
					}
				}
			}
			return true
		})
	}
	return out
}

// registerCall: a migration registration Register(name, prev, fns…).
func (r *registryReader) registerCall(c *ast.CallExpr) bool {
	if calleeName(c.Fun) != "Register" || len(c.Args) < 3 {
		return false
	}
	return registration().MatchString(types.ExprString(c.Fun)) || migrationDir(r.at.path)
}

// wrappedRegister is the Register call of a wrapper that registers its
// parameters.
func wrappedRegister(r *registryReader, w *ast.FuncDecl) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(w.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && found == nil && calleeName(c.Fun) == "Register" && len(c.Args) >= 3 &&
			(isParam(w, c.Args[0]) || isParam(w, c.Args[1])) {
			found = c
		}
		return found == nil
	})
	return found
}

func isParam(fd *ast.FuncDecl, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || fd.Type.Params == nil {
		return false
	}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if n.Name == id.Name {
				return true
			}
		}
	}
	return false
}

// bindParams binds a function's parameters to a call's constant arguments.
func bindParams(s *scanner, fd *ast.FuncDecl, c *ast.CallExpr, ctx scope, at env) map[string]ast.Expr {
	defs := map[string]ast.Expr{}
	i := 0
	if fd.Type.Params == nil {
		return defs
	}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if i < len(c.Args) {
				if v := s.resolve(c.Args[i], ctx, at, 0); v != nil {
					defs[n.Name] = v
				}
			}
			i++
		}
	}
	return defs
}

// chainStepAt reads a Register call (reg), registered at the call at.
func (r *registryReader) chainStepAt(s *scanner, reg, at *ast.CallExpr, ctx scope, defs map[string]ast.Expr) chainStep {
	p := r.pc.position(at)
	cs := chainStep{file: p.Filename, line: p.Line, col: p.Column}
	id, _, ok1 := s.valueAt(reg.Args[0], ctx, r.at, 0)
	prev, _, ok2 := s.valueAt(reg.Args[1], ctx, r.at, 0)
	if !ok1 || !ok2 || id == "" {
		cs.problem = fmt.Sprintf("a migration registered with a name rbcheck cannot read (%s)", short(types.ExprString(reg)))
		return cs
	}
	cs.id, cs.prev = id, prev
	for _, a := range reg.Args[2:] {
		if fn, ok := (&registryReader{pc: r.pc, at: r.at}).fnOf(s, a, r.at); ok {
			fn.defs = defs
			cs.fns = append(cs.fns, fn)
		}
	}
	return cs
}

// orderChain puts a folder's chained steps in the order their prev links
// give, from the step that follows none.
func orderChain(pc *pkgCache, dir string, steps []chainStep) *Runner {
	run := &Runner{Kind: "chain", Dir: dir}
	byPrev := map[string][]chainStep{}
	for _, cs := range steps {
		if cs.problem != "" {
			run.Problems = append(run.Problems, Site{File: cs.file, Line: cs.line, Col: cs.col, Reason: cs.problem})
			continue
		}
		byPrev[cs.prev] = append(byPrev[cs.prev], cs)
	}
	cur := ""
	used := map[string]bool{}
	for {
		next := byPrev[cur]
		if len(next) == 0 {
			break
		}
		if len(next) > 1 {
			for _, cs := range next[1:] {
				run.Problems = append(run.Problems, Site{File: cs.file, Line: cs.line, Col: cs.col,
					Reason: fmt.Sprintf("migration %q follows %q as %q does: rbcheck cannot tell their order", cs.id, cur, next[0].id)})
				used[cs.id] = true
			}
		}
		cs := next[0]
		if used[cs.id] {
			break // a cycle
		}
		used[cs.id] = true
		st := Step{ID: cs.id, Prev: cs.prev, File: cs.file, Line: cs.line, Col: cs.col}
		readStep(pc, &st, cs.fns)
		run.Steps = append(run.Steps, st)
		cur = cs.id
	}
	for _, list := range byPrev {
		for _, cs := range list {
			if !used[cs.id] {
				run.Problems = append(run.Problems, Site{File: cs.file, Line: cs.line, Col: cs.col,
					Reason: fmt.Sprintf("migration %q follows %q, which is not in the chain that starts at the first migration", cs.id, cs.prev)})
			}
		}
	}
	sort.Slice(run.Problems, func(i, j int) bool {
		a, b := run.Problems[i], run.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	if len(run.Steps) > 0 {
		run.File, run.Line, run.Col = run.Steps[0].File, run.Steps[0].Line, run.Steps[0].Col
	} else if len(steps) > 0 {
		run.File, run.Line, run.Col = steps[0].file, steps[0].line, steps[0].col
	}
	return run
}
