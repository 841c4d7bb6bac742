package analyzer

// The extraction core shared by both drivers: given a package's syntax and
// (possibly partial) type information, find every SQL statement its release
// code runs and resolve each into table and column uses.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/builder"
	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// pkgCore runs the extraction for one package.
type pkgCore struct {
	fset   *token.FileSet
	info   *types.Info
	pkg    *types.Package
	files  []*ast.File // release files only
	dir    string      // the package directory on disk (for //go:embed)
	tree   tree        // where dir's files are read (the disk, or Options.FS)
	rel    func(abs string) string
	schema pgparse.Schema
	extra  map[string]int
	fo     *fold.Folder
	// used: constants and variables whose value reached a sink (kept after
	// release)
	used    map[types.Object]bool
	facts   factStore
	wrapper map[*types.Func]*SinkFact // wrappers found in this package
	// modelWriters: this package's functions that pass a parameter as the
	// model of an ORM write (modelwrites.go); implModelWrites caches
	// modelWriter's answer for interface methods
	modelWriters    map[*types.Func]*ModelWriteFact
	implModelWrites map[*types.Func]implModelWriteEntry
	modelScans      map[*ast.File]*models.Scan // per file, for model writes' columns
	// implSinks caches implSink by interface method, with len(wrapper)
	// when it was decided (a later wrapper may change a negative answer)
	implSinks map[*types.Func]implSinkEntry
	// closures: local variables assigned once a function literal that
	// forwards one of its string parameters to a sink (`exec := func(q
	// string) { tx.Exec(q) }`), and each such literal's parameters
	closure     map[types.Object]*SinkFact
	closureArgs map[types.Object]closureParam
	// sqShared: per file, the squirrel builders of the other files'
	// package variables
	sqShared     *builder.Shared
	sqSharedDone bool
	// builtAt: the calls of a read library's NotReadCalls that a builder
	// extractor read after all (a constant zdb.NewBulkInsert)
	builtAt map[token.Pos]bool
	inv     Inventory
	// constSites are SQL-looking constants not (yet) seen at a sink.
	constSites []constSite
	curFile    *ast.File
	// declPkgs is shared by the fast driver's packages: declared type
	// packages of variables and fields of packages checked before.
	declPkgs map[types.Object]string
	// declTypes likewise: declared types of embedded fields
	declTypes map[types.Object]string
	// the package's ORM models: what all files know (TableName methods),
	// each file's models, all of them
	mpkg       *models.Package
	fileModels map[*ast.File][]models.Model
	allModels  []models.Model
	// beegoElsewhere: struct types of this package that other packages
	// register with beego's ORM (ScanDir only)
	beegoElsewhere []string
	// embeddedParts: struct types of this package embedded in a model
	// with a TableName (ScanDir only)
	embeddedParts []string
	// reach is the package's names and escaping types (reach.go), kept by
	// the fast driver after release
	reach *reachPkg
	// memo caches query analyses by text (shared by the fast driver's
	// packages); the cached *sqlast.Query values are shared, read-only
	memo map[string]memoResult
	// handles are the package's calls making a bun DB or a scany API
	// (kept after release, for applyHandles)
	handles []handleCfg
	// scanNil: the Scan methods of the code (this package's, and with the
	// fast driver every package checked before) that accept NULL, by the
	// position of their name (dest.go)
	scanNil map[token.Pos]string
	// valueNN: the package's Value methods that never return nil, by the
	// position of their name; declNames: the declared types of its
	// fields, parameters and variables, with import paths (args.go)
	valueNN   map[token.Pos]bool
	declNames map[types.Object]string
}

type constSite struct {
	obj  types.Object
	site site
}

// site is one statement occurrence before resolution.
type site struct {
	pos  token.Pos
	lit  *ast.BasicLit // the SQL is exactly this literal: map offsets into it
	val  fold.Value
	via  string
	weak bool
	lib  string // sinkMatch.lib
	// for a site in an embedded .sql file
	filePos *Pos
	sql     string
	partial bool
	// seen is shared by the values one argument folds to (foldVariants):
	// a use they have in common is listed once
	seen map[useKey]bool
	// migration: a statement of an embedded migration file
	migration bool
	// call is the sink call of a call site (how its result is consumed:
	// consume.go)
	call *ast.CallExpr
	// built: synthesised from a builder or ORM chain (QuerySite.Built)
	built bool
	// completed: the call completing a builder of a package variable
	// (Ref.At)
	completed token.Pos
	// sqlArg is the index of the SQL among call's arguments (args.go)
	sqlArg int
	// args: a built write's values, read from the model (ormargs.go)
	args []Arg
}

type useKey struct {
	t    sqlast.Name
	col  string
	kind sqlast.UseKind
	conf Confidence
	pos  Pos
	at   Pos
}

func newPkgCore(fset *token.FileSet, info *types.Info, pkg *types.Package, files []*ast.File, dir string, rel func(string) string, opts *Options, facts factStore) *pkgCore {
	c := &pkgCore{fset: fset, info: info, pkg: pkg, files: files, dir: dir, rel: rel, facts: facts, wrapper: map[*types.Func]*SinkFact{},
		modelWriters: map[*types.Func]*ModelWriteFact{},
		closure:      map[types.Object]*SinkFact{}, closureArgs: map[types.Object]closureParam{}}
	c.tree = opts.tree()
	if opts != nil {
		c.schema = opts.Schema
		if len(opts.ExtraSinks) > 0 {
			c.extra = map[string]int{}
			for _, e := range opts.ExtraSinks {
				c.extra[e.Func] = e.Arg
			}
		}
	}
	c.fo = fold.New(fset, info, pkg, files)
	c.fo.Forwarded = c.isForwardedParam
	if facts != nil {
		c.fo.Facts = foldFacts{facts}
	}
	c.used = c.fo.Used
	return c
}

func (c *pkgCore) position(p token.Pos) Pos {
	if !p.IsValid() {
		return Pos{}
	}
	tp := c.fset.Position(p)
	return Pos{File: c.rel(tp.Filename), Line: tp.Line, Col: tp.Column}
}

// run does the whole extraction for the package. A panic (a bug, or a
// library on odd input) loses the rest of one file (or of one
// package-wide step), never the whole scan; it is recorded in
// Inventory.Errors naming the file.
func (c *pkgCore) run() {
	c.guard(nil, "finding the package's wrappers", func() {
		c.inferWrappers()
		c.inferModelWriters()
		c.exportVarValues()
		c.exportTolerant()
	})
	c.guard(nil, "reading the package's Scan methods", c.indexScanMethods)
	c.guard(nil, "reading the package's models", c.readModels)
	for _, f := range c.files {
		c.curFile = f
		c.fo.CurFile = f
		c.guard(f, "analysing this file", func() {
			if fileHook != nil {
				fileHook(f)
			}
			c.callSites(f)
			c.embedSites(f)
			c.builderSites(f)
			c.modelWriteSites(f)
			c.modelSites(f)
			c.libUseSites(f)
		})
	}
	c.guard(nil, "collecting the package's SQL constants", c.collectConsts)
}

// fileHook, when set (tests), runs before each file's analysis.
var fileHook func(*ast.File)

// guard runs step, turning a panic into an internal error of file f (of
// the package, when f is nil).
func (c *pkgCore) guard(f *ast.File, what string, step func()) {
	defer func() {
		if r := recover(); r != nil {
			if astx.Rethrow {
				panic(r)
			}
			c.fileError(f, fmt.Sprintf("internal error while %s, some statements were skipped: %v", what, r))
		}
	}()
	step()
}

// fileError records an internal error of file f (of the package's first
// file, when f is nil).
func (c *pkgCore) fileError(f *ast.File, reason string) {
	if f == nil && len(c.files) > 0 {
		f = c.files[0]
	}
	e := FileError{Kind: ErrInternal, Reason: reason}
	if f != nil {
		e.Pos = Pos{File: c.rel(c.fset.Position(f.Package).Filename)}
		e.at = f.Package
	}
	c.inv.Errors = append(c.inv.Errors, e)
}

// posError records a problem at a position (a statement, an embedded file).
func (c *pkgCore) posError(pos Pos, at token.Pos, kind, reason string) {
	c.inv.Errors = append(c.inv.Errors, FileError{Pos: pos, Kind: kind, Reason: reason, at: at})
}

// release drops the syntax and type information once the package is done
// (the fast driver keeps many packages' results).
func (c *pkgCore) release() {
	c.info, c.files, c.curFile = nil, nil, nil
	c.fo = nil
	c.wrapper = nil
	c.modelWriters, c.implModelWrites, c.modelScans = nil, nil, nil
	c.closure, c.closureArgs = nil, nil
	c.sqShared = nil
	c.mpkg, c.fileModels, c.allModels = nil, nil, nil
	c.valueNN, c.declNames = nil, nil
}

// readModels reads every file's ORM models first: a file's query chains
// may name a model of another file.
func (c *pkgCore) readModels() {
	c.mpkg = models.NewPackage(c.files)
	c.mpkg.AddBeegoModels(c.beegoElsewhere)
	c.mpkg.AddEmbeddedParts(c.embeddedParts)
	c.mpkg.DeclType = c.declType
	c.fileModels = map[*ast.File][]models.Model{}
	for _, f := range c.files {
		ms, err := models.FromFile(c.fset, f, c.info, c.mpkg)
		if err != nil {
			c.fileError(f, err.Error()+"; the file's models were skipped")
		}
		c.fileModels[f] = ms
		c.allModels = append(c.allModels, ms...)
	}
}

// declType returns "import/path.Name" for an embedded field whose type's
// package is not loaded (the fast driver without dependencies).
func (c *pkgCore) declType(v *types.Var) string {
	if t, ok := c.fo.DeclType[v]; ok {
		return t
	}
	return c.declTypes[v]
}

// tableName returns the constant result of n's TableName method (of this
// package, or of another through its ReturnFact).
func (c *pkgCore) tableName(n *types.Named) (string, bool) {
	sel := types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), "TableName")
	if sel == nil {
		return "", false
	}
	fn, ok := sel.Obj().(*types.Func)
	if !ok {
		return "", false
	}
	return c.fo.FuncResult(fn)
}

// declLib returns the import path of the library x's declared type comes
// from, from syntax: the package of its declared type (`db *gorm.DB`),
// or, for a struct of the module that embeds a library type whose package
// is not loaded (`type Connection struct{ *pop.Connection }`), that
// type's package.
func (c *pkgCore) declLib(x ast.Expr) string {
	p := c.receiverPkg(x)
	if c.info == nil {
		return p
	}
	t := c.info.TypeOf(x)
	if t == nil {
		return p
	}
	n, ok := astx.Deref(t).(*types.Named)
	if !ok {
		return p
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return p
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		if d := c.declType(f); d != "" {
			if j := strings.LastIndexByte(d, '.'); j > 0 {
				return d[:j]
			}
		}
	}
	return p
}
