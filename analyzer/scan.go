package analyzer

// The fast driver: a whole repository at any revision, without its
// dependencies and without compiling or running anything.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/safefs"
)

// Options configure ScanDir (and, for Schema and ExtraSinks, the Analyzer).
type Options struct {
	// IncludeTests scans _test.go files and test-only packages too.
	IncludeTests bool
	// Exclude holds globs (slash-separated, relative to the root; `**`
	// matches any number of directories) of files or directories to skip.
	Exclude []string
	// ExtraSinks are functions to treat as SQL sinks.
	ExtraSinks []ExtraSink
	// Schema resolves unqualified columns of multi-table queries; may be nil.
	Schema pgparse.Schema
	// Workers parse files in parallel (default 2).
	Workers int
	// FS, when set, is the tree to read instead of root on disk (a
	// revision read from git): ScanDir's root is then only a name for it.
	// Without it, root is read through internal/safefs.
	FS fs.FS

	root string // ScanDir's root, absolute
}

type goFile struct {
	abs     string
	file    *ast.File
	test    bool
	imports []string
	// names: the identifiers of a file left out by build constraints
	// (file is then nil), for reach.go
	names map[string]bool
}

type scanPkg struct {
	dir     string // absolute
	relDir  string
	path    string // import path
	name    string
	files   []*goFile
	tests   []*goFile
	imports map[string]bool // module-local imports of release files
	types   *types.Package
	checked bool
	busy    bool
}

type mapFacts struct {
	returns map[string]*ReturnFact
	funcs   map[string]*SinkFact
	vars    map[*types.Var]string
	fields  map[*types.Var]*FieldFact
	// tolerant: handles whose mapper skips unknown columns
	tolerant map[*types.Var]*TolerantFact
	// fragments: what fragment builders' functions do
	fragments map[string]*FragmentFact
	// modelWrites: model writers by funcKey
	modelWrites map[string]*ModelWriteFact
}

func (m mapFacts) getFragment(fn *types.Func) (*FragmentFact, bool) {
	f, ok := m.fragments[funcKey(fn.Origin())]
	return f, ok
}

func (m mapFacts) setFragment(fn *types.Func, f *FragmentFact) { m.fragments[funcKey(fn)] = f }

func (m mapFacts) getModelWrite(fn *types.Func) (*ModelWriteFact, bool) {
	f, ok := m.modelWrites[funcKey(fn.Origin())]
	return f, ok
}

func (m mapFacts) setModelWrite(fn *types.Func, f *ModelWriteFact) { m.modelWrites[funcKey(fn)] = f }

func (m mapFacts) getTolerant(v *types.Var) (*TolerantFact, bool) {
	f, ok := m.tolerant[v.Origin()]
	return f, ok
}

func (m mapFacts) setTolerant(v *types.Var, f *TolerantFact) { m.tolerant[v] = f }

func (m mapFacts) get(fn *types.Func) (*SinkFact, bool) {
	f, ok := m.funcs[funcKey(fn)]
	return f, ok
}

func (m mapFacts) set(fn *types.Func, f *SinkFact) { m.funcs[funcKey(fn)] = f }

func (m mapFacts) getVar(v *types.Var) (string, bool) {
	s, ok := m.vars[v]
	return s, ok
}

func (m mapFacts) setVar(v *types.Var, value string) { m.vars[v] = value }

func (m mapFacts) getField(v *types.Var) (*FieldFact, bool) {
	f, ok := m.fields[v.Origin()]
	return f, ok
}

func (m mapFacts) setField(v *types.Var, f *FieldFact) { m.fields[v] = f }

func (m mapFacts) getReturns(fn *types.Func) (*ReturnFact, bool) {
	f, ok := m.returns[funcKey(fn.Origin())]
	return f, ok
}

func (m mapFacts) setReturns(fn *types.Func, f *ReturnFact) { m.returns[funcKey(fn)] = f }

// ScanDir finds the SQL the Go code under root runs. It parses every Go
// file, type-checks the module's packages in dependency order against fake
// (empty) packages for everything outside the module, and never runs the go
// command or any repository code. Positions are relative to root.
func ScanDir(root string, opts Options) (inv *Inventory, err error) {
	defer func() {
		if r := recover(); r != nil {
			inv, err = nil, fmt.Errorf("scanning %s: internal error: %v", root, r)
		}
	}()
	root, err = filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	opts.root = root
	if opts.FS == nil {
		// the disk, read as a revision is: links followed inside the
		// repository and refused when they leave it, special files
		// refused, a size limit (internal/safefs)
		if sfs, err := safefs.New(root, 0); err == nil {
			opts.FS = sfs
		}
	}
	t := opts.tree()
	st, err := t.stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	rel := func(abs string) string {
		r, err := filepath.Rel(root, abs)
		if err != nil {
			return filepath.ToSlash(abs)
		}
		return filepath.ToSlash(r)
	}
	// modules: every go.mod below root maps its directory to a module path
	mods := map[string]string{} // abs dir → module path
	var paths []string
	// release files excluded by glob: read for their identifiers only (the
	// code may still be built: reach.go)
	var extPaths []string
	var exclDirs []string
	underExcl := func(p string) bool {
		for _, d := range exclDirs {
			if strings.HasPrefix(p, d+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	err = t.walkDir(root, func(p string, d fs.DirEntry, werr error) error {
		if werr != nil {
			if p == root {
				return werr
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "node_modules" || (name == "testdata" && !opts.IncludeTests)) {
				return filepath.SkipDir
			}
			if excluded(rel(p), opts.Exclude) && p != root && !underExcl(p) {
				exclDirs = append(exclDirs, p)
			}
			return nil
		}
		if name == "go.mod" && !underExcl(p) {
			mods[filepath.Dir(p)] = modulePath(t, p)
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		if underExcl(p) || excluded(rel(p), opts.Exclude) {
			if !strings.HasSuffix(name, "_test.go") {
				extPaths = append(extPaths, p)
			}
			return nil
		}
		if strings.HasSuffix(name, "_test.go") && !opts.IncludeTests {
			// kept for the test-only-package computation: parse imports only
			paths = append(paths, p)
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	fset := token.NewFileSet()
	files, fileErrs := parseAll(t, fset, paths, opts.Workers, opts.IncludeTests)

	importPath := func(dir string) string {
		for d := dir; ; d = filepath.Dir(d) {
			if mp, ok := mods[d]; ok {
				r, _ := filepath.Rel(d, dir)
				if r == "." {
					return mp
				}
				return path.Join(mp, filepath.ToSlash(r))
			}
			if d == root || d == filepath.Dir(d) {
				break
			}
		}
		r := rel(dir)
		if r == "." {
			return "main"
		}
		return r
	}
	pkgs := map[string]*scanPkg{} // by import path
	byDir := map[string]*scanPkg{}
	// identifiers of code that may be built but is not analysed: files
	// left out by build constraints or exclude globs, files of another
	// package name in a directory (reach.go)
	extNames := map[string]bool{}
	for _, gf := range files {
		if gf != nil {
			for n := range gf.names {
				extNames[n] = true
			}
		}
		if gf == nil || gf.file == nil {
			continue
		}
		dir := filepath.Dir(gf.abs)
		p := byDir[dir]
		if p == nil {
			p = &scanPkg{dir: dir, relDir: rel(dir), path: importPath(dir), imports: map[string]bool{}}
			byDir[dir] = p
			pkgs[p.path] = p
		}
		if gf.test {
			p.tests = append(p.tests, gf)
			continue
		}
		p.files = append(p.files, gf)
	}
	// package name: the majority of release files (others are dropped)
	for _, p := range byDir {
		count := map[string]int{}
		for _, f := range p.files {
			count[f.file.Name.Name]++
		}
		for n, c := range count {
			if c > count[p.name] || (c == count[p.name] && n < p.name) {
				p.name = n
			}
		}
		var keep []*goFile
		for _, f := range p.files {
			if f.file.Name.Name != p.name {
				collectNames(f.file, extNames)
			}
			if f.file.Name.Name == p.name {
				keep = append(keep, f)
				for _, ip := range f.imports {
					if pkgs[ip] != nil {
						p.imports[ip] = true
					}
				}
			}
		}
		p.files = keep
	}
	// beego models registered by another package's code (RegisterModel(
	// new(models.T)) in a dao package): import path → type names
	beegoReg := map[string][]string{}
	for _, p := range byDir {
		for _, f := range p.files {
			for _, r := range models.BeegoRegistrations(f.file) {
				if r.Pkg == "" {
					r.Pkg = p.path // through a wrapper (harbor's lib/orm)
				}
				beegoReg[r.Pkg] = append(beegoReg[r.Pkg], r.Name)
			}
		}
	}
	// struct types embedded in a model with a TableName, by package
	parts := map[string][]string{}
	for _, p := range byDir {
		var fs []*ast.File
		for _, f := range p.files {
			fs = append(fs, f.file)
		}
		for _, r := range models.EmbeddedInNamedModels(fs) {
			if r.Pkg == "" {
				r.Pkg = p.path
			}
			parts[r.Pkg] = append(parts[r.Pkg], r.Name)
		}
	}
	// test-only packages: test helpers (testHelperPath) imported by test
	// files (or by other test-only packages), never by release code;
	// decided to a fixed point so that a helper package of a test helper
	// is test-only too. Any other package is release code, even one only
	// its own external tests import (a library's exported package)
	if !opts.IncludeTests {
		fromTests := map[string]bool{}
		for _, p := range byDir {
			for _, f := range p.tests {
				for _, ip := range f.imports {
					fromTests[ip] = true
				}
			}
		}
		importers := map[string][]*scanPkg{}
		for _, q := range byDir {
			for ip := range q.imports {
				importers[ip] = append(importers[ip], q)
			}
		}
		testOnly := map[string]bool{}
		for changed := true; changed; {
			changed = false
			fromRelease := map[string]bool{}
			for _, p := range byDir {
				if testOnly[p.path] {
					continue
				}
				for ip := range p.imports {
					fromRelease[ip] = true
				}
			}
			for _, p := range byDir {
				if testOnly[p.path] || p.name == "main" || fromRelease[p.path] || len(p.files) == 0 || !testHelperPath(p.relDir) {
					continue
				}
				importedByTestOnly := false
				for _, q := range importers[p.path] {
					if testOnly[q.path] {
						importedByTestOnly = true
					}
				}
				if fromTests[p.path] || importedByTestOnly {
					testOnly[p.path] = true
					changed = true
				}
			}
		}
		for ip := range testOnly {
			pkgs[ip].files = nil
		}
	}
	// type-check in dependency order
	fakes := map[string]*types.Package{}
	facts := mapFacts{fragments: map[string]*FragmentFact{}, modelWrites: map[string]*ModelWriteFact{}, funcs: map[string]*SinkFact{}, vars: map[*types.Var]string{}, fields: map[*types.Var]*FieldFact{}, returns: map[string]*ReturnFact{},
		tolerant: map[*types.Var]*TolerantFact{}}
	inv = &Inventory{}
	for _, e := range fileErrs {
		if e != nil {
			e.Pos.File = rel(e.Pos.File)
			inv.Errors = append(inv.Errors, *e)
		}
	}
	var cores []*pkgCore
	used := map[types.Object]bool{}
	declPkgs := map[types.Object]string{}
	declTypes := map[types.Object]string{}
	memo := map[string]memoResult{}
	scanNil := map[token.Pos]string{}
	var check func(p *scanPkg) *types.Package
	var imp importerFunc
	imp = importerFunc(func(ip string) (*types.Package, error) {
		if p := pkgs[ip]; p != nil && len(p.files) > 0 {
			if tp := check(p); tp != nil {
				return tp, nil
			}
		}
		if fp := fakes[ip]; fp != nil {
			return fp, nil
		}
		if src, ok := stubSources[ip]; ok {
			fakes[ip] = types.NewPackage(ip, astx.GuessPkgName(ip)) // cycle guard
			if sp := checkStub(ip, src, imp); sp != nil {
				sp.MarkComplete()
				fakes[ip] = sp
				return sp, nil
			}
		}
		fp := types.NewPackage(ip, astx.GuessPkgName(ip))
		fp.MarkComplete()
		fakes[ip] = fp
		return fp, nil
	})
	check = func(p *scanPkg) *types.Package {
		if p.checked {
			return p.types
		}
		if p.busy { // import cycle
			return nil
		}
		p.busy = true
		defer func() { p.busy = false }()
		// dependencies first (through the importer)
		var fs []*ast.File
		for _, f := range p.files {
			fs = append(fs, f.file)
		}
		info := &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
		}
		conf := types.Config{
			Importer:                 imp,
			Error:                    func(error) {},
			FakeImportC:              true,
			DisableUnusedImportCheck: true,
		}
		tp, _ := conf.Check(p.path, fset, fs, info)
		p.types = tp
		p.checked = true
		c := newPkgCore(fset, info, tp, fs, p.dir, rel, &opts, facts)
		c.beegoElsewhere = beegoReg[p.path]
		c.embeddedParts = parts[p.path]
		c.declPkgs = declPkgs
		c.declTypes = declTypes
		c.memo = memo
		c.scanNil = scanNil
		c.run()
		c.guard(nil, "reading which functions are called", func() { c.reach = c.reachIndex() })
		for o, ip := range c.fo.DeclPkg {
			declPkgs[o] = ip
		}
		for o, t := range c.fo.DeclType {
			declTypes[o] = t
		}
		// keep only what emitConsts needs: dependents need this package's
		// *types.Package, not its syntax or type information
		c.release()
		for _, f := range p.files {
			f.file = nil
		}
		for o := range c.used {
			used[o] = true
		}
		cores = append(cores, c)
		return tp
	}
	var order []*scanPkg
	for _, p := range pkgs {
		order = append(order, p)
	}
	sort.Slice(order, func(i, j int) bool { return order[i].path < order[j].path })
	for _, p := range order {
		if len(p.files) > 0 {
			check(p)
		}
	}
	for _, p := range extPaths {
		if src, err := t.readFile(p); err == nil {
			identNames(src, extNames)
		}
	}
	var rps []*reachPkg
	for _, c := range cores {
		if c.reach == nil {
			// its names are not known: nothing is unreachable
			rps = nil
			break
		}
		rps = append(rps, c.reach)
	}
	dead := decideReach(rps, true, extNames)
	for _, c := range cores {
		c.emitConsts(func(o types.Object) bool { return used[o] })
		if c.reach != nil {
			markUnreachable(&c.inv, c.reach, dead[c.reach])
		}
		inv.Merge(&c.inv)
	}
	applyHandles(inv, cores)
	inv.dropLoaded()
	inv.Sort()
	return inv, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// parseAll parses files in parallel. Test files are parsed for their
// imports only, unless tests are included. errs[i] (absolute path) says why
// file i could not be read, or does not parse, when it is release code.
func parseAll(t tree, fset *token.FileSet, paths []string, workers int, includeTests bool) ([]*goFile, []*FileError) {
	if workers <= 0 {
		workers = 2
	}
	if n := runtime.GOMAXPROCS(0); workers > n {
		workers = n
	}
	out := make([]*goFile, len(paths))
	errs := make([]*FileError, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = parseOne(t, fset, paths[i], includeTests)
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errs
}

func parseOne(t tree, fset *token.FileSet, p string, includeTests bool) (gf *goFile, ferr *FileError) {
	defer func() {
		if r := recover(); r != nil {
			if astx.Rethrow {
				panic(r)
			}
			gf, ferr = nil, &FileError{Pos: Pos{File: p}, Kind: ErrInternal, Reason: fmt.Sprintf("internal error while parsing the file, it was skipped: %v", r)}
		}
	}()
	test := strings.HasSuffix(p, "_test.go")
	src, err := t.readFile(p)
	if err != nil {
		if test && !includeTests {
			return nil, nil
		}
		return nil, &FileError{Pos: Pos{File: p}, Kind: ErrUnreadable, Reason: "the file was not read: " + errText(err)}
	}
	mode := parser.ParseComments | parser.SkipObjectResolution
	if test && !includeTests {
		mode = parser.ImportsOnly | parser.SkipObjectResolution
	}
	f, perr := parser.ParseFile(fset, p, src, mode)
	if f == nil {
		return nil, nil
	}
	if !buildOK(f, filepath.Base(p)) {
		if test {
			return nil, nil
		}
		names := map[string]bool{}
		identNames(src, names)
		return &goFile{abs: p, names: names}, nil
	}
	if perr != nil && (!test || includeTests) {
		// what parsed is still analysed; what did not is unknown
		ferr = &FileError{Pos: Pos{File: p}, Kind: ErrSyntax, Reason: "the file does not parse, the rest of it was skipped: " + perr.Error()}
		var el scanner.ErrorList
		if errors.As(perr, &el) && len(el) > 0 {
			ferr.Pos.Line, ferr.Pos.Col = el[0].Pos.Line, el[0].Pos.Column
			ferr.Reason = "the file does not parse, the rest of it was skipped: " + el[0].Msg
		}
	}
	gf = &goFile{abs: p, file: f, test: test && !includeTests}
	if test && includeTests {
		gf.test = false
		if strings.HasSuffix(f.Name.Name, "_test") {
			// external test package: its own package, in the same dir; skip
			// (it cannot share the directory's type-check)
			return nil, nil
		}
	}
	for _, is := range f.Imports {
		if ip, err := strconv.Unquote(is.Path.Value); err == nil {
			gf.imports = append(gf.imports, ip)
		}
	}
	return gf, ferr
}

// buildOK evaluates //go:build lines and file name suffixes for
// linux/amd64 (ignore-tagged files are never built).
func buildOK(f *ast.File, name string) bool {
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if constraint.IsGoBuild(c.Text) {
				expr, err := constraint.Parse(c.Text)
				if err != nil {
					continue
				}
				if !expr.Eval(buildTag) {
					return false
				}
			}
		}
	}
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".go"), "_test")
	parts := strings.Split(base, "_")
	if len(parts) >= 2 {
		last := parts[len(parts)-1]
		if knownOS[last] && last != "linux" && last != "unix" {
			return false
		}
		if knownArch[last] && last != "amd64" {
			return false
		}
		if len(parts) >= 3 && knownArch[last] {
			os := parts[len(parts)-2]
			if knownOS[os] && os != "linux" {
				return false
			}
		}
	}
	return true
}

func buildTag(tag string) bool {
	switch tag {
	case "linux", "amd64", "unix", "gc", "cgo":
		return true
	}
	if strings.HasPrefix(tag, "go1.") {
		return true
	}
	return false
}

var knownOS = map[string]bool{"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true, "illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true, "openbsd": true, "plan9": true, "solaris": true, "wasip1": true, "windows": true, "zos": true}

var knownArch = map[string]bool{"386": true, "amd64": true, "arm": true, "arm64": true, "loong64": true, "mips": true, "mipsle": true, "mips64": true, "mips64le": true, "ppc64": true, "ppc64le": true, "riscv64": true, "s390x": true, "wasm": true}

// modulePath reads the module line of a go.mod file.
func modulePath(t tree, gomod string) string {
	b, err := t.readFile(gomod)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "module") {
			rest := strings.TrimSpace(strings.TrimPrefix(line, "module"))
			if i := strings.Index(rest, "//"); i >= 0 {
				rest = strings.TrimSpace(rest[:i])
			}
			if u, err := strconv.Unquote(rest); err == nil {
				rest = u
			}
			return rest
		}
	}
	return ""
}

// excluded matches a slash path against globs; `**` spans directories, and
// a glob matching a directory excludes everything below it.
func excluded(rel string, globs []string) bool {
	for _, g := range globs {
		if globMatch(g, rel) {
			return true
		}
		// directory prefix
		parts := strings.Split(rel, "/")
		for i := 1; i < len(parts); i++ {
			if globMatch(g, strings.Join(parts[:i], "/")) {
				return true
			}
		}
	}
	return false
}

func globMatch(g, name string) bool {
	g = strings.TrimSuffix(strings.TrimPrefix(g, "./"), "/")
	if !strings.Contains(g, "**") {
		ok, _ := path.Match(g, name)
		return ok
	}
	gs := strings.Split(g, "/")
	ns := strings.Split(name, "/")
	var m func(i, j int) bool
	m = func(i, j int) bool {
		if i == len(gs) {
			return j == len(ns)
		}
		if gs[i] == "**" {
			for k := j; k <= len(ns); k++ {
				if m(i+1, k) {
					return true
				}
			}
			return false
		}
		if j == len(ns) {
			return false
		}
		ok, _ := path.Match(gs[i], ns[j])
		return ok && m(i+1, j+1)
	}
	return m(0, 0)
}

// testHelperPath: a package directory (slash-separated, relative to the
// root) one of whose elements names a test helper: *test (pgtest,
// dbtest), *tests, testutil*, testhelper*, testing*, testfixtures, or
// test* right under internal/ (internal/testdb).
func testHelperPath(rel string) bool {
	els := strings.Split(strings.ToLower(rel), "/")
	for i, e := range els {
		switch {
		case e == "latest" || e == "contest" || e == "attest" || e == "protest":
		case strings.HasSuffix(e, "test") || strings.HasSuffix(e, "tests"):
			return true
		case strings.HasPrefix(e, "testutil") || strings.HasPrefix(e, "testhelper") || strings.HasPrefix(e, "testing") || strings.HasPrefix(e, "testfixture"):
			return true
		case strings.HasPrefix(e, "test") && i > 0 && els[i-1] == "internal":
			return true
		}
	}
	return false
}
