// Package builder turns query-builder and ORM chains into SQL text: one
// engine (engine.go) follows builder values through a function, and each
// library's methods are applied in a file of its own (squirrel.go,
// gorm.go, bun.go, gopg.go); pgx CopyFrom calls are in copyfrom.go. The
// libraries' import paths and naming conventions come from
// analyzer/internal/libs, their models from analyzer/internal/models.
package builder

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

// FromFile collects the statements synthesised from query builders in f:
// squirrel, gorm, bun and go-pg chains and pgx CopyFrom calls. shared holds
// the squirrel builders kept in package variables of the package's other
// files (nil when none). An extractor that fails (a panic) loses its
// statements of the file, and says so in errs; the others still run.
func FromFile(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), env *Env) (out []Query, errs []error) {
	var shared *Shared
	var extra []models.Model
	if env != nil {
		shared, extra = env.Shared, env.Models
	}
	run := func(what string, extract func() []Query) {
		if err := astx.Guard(what, func() { out = append(out, extract()...) }); err != nil {
			errs = append(errs, err)
		}
	}
	run("the squirrel extractor", func() []Query { return squirrelWithShared(f, info, fold, shared.forFile(f), env) })
	run("the gorm, bun and go-pg extractor", func() []Query { return runBuilders(f, info, fold, extra, "orm", nil, env) })
	run("the pgx CopyFrom extractor", func() []Query { return copyFromCalls(fset, f, info, fold) })
	run("the zdb bulk insert extractor", func() []Query { return bulkInsertCalls(f, info, fold) })
	return out, errs
}

// Env is what the caller knows beyond one file: the package's squirrel
// builders kept in package variables, its models (all files), the
// library a value's declared type comes from when types are missing, and
// a model type's TableName() result (another file or package).
type Env struct {
	Shared *Shared
	Models []models.Model
	Pkg    *models.Package
	// DeclLib returns the import path of the package x's declared type
	// comes from, from syntax ("" when unknown).
	DeclLib func(x ast.Expr) string
	// TableName returns the constant result of n's TableName method.
	TableName func(n *types.Named) (string, bool)
	// Files are all the package's files: a squirrel predicate kept in a
	// package variable or a struct field may be written in another file
	Files []*ast.File
	// pkgVals: the package-level variables' values of all Files, read
	// once; fieldVals: the values all Files write to struct fields
	pkgVals   map[string]ast.Expr
	fieldVals map[*types.Var][]ast.Expr
}

// pkgVal is the value of the package-level variable name declared in one
// of the package's files (nil when none, or when it is not one value).
func (env *Env) pkgVal(name string) ast.Expr {
	if env.pkgVals == nil {
		env.pkgVals = map[string]ast.Expr{}
		for _, f := range env.Files {
			astx.EachPkgVar(f, func(name string, val ast.Expr) { env.pkgVals[name] = val })
		}
	}
	return env.pkgVals[name]
}

// Shared holds, for each file of a package, the squirrel builders kept in
// package variables of the package's other files.
type Shared struct {
	perFile map[*ast.File]map[string]*bState
}

func (s *Shared) forFile(f *ast.File) map[string]*bState {
	if s == nil {
		return nil
	}
	return s.perFile[f]
}

// NewShared collects the squirrel builders kept in package variables of
// each of files (nil when there are none to share). A file whose
// variables cannot be read (a panic) is named in errs.
func NewShared(files []*ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (*Shared, map[*ast.File]error) {
	m, errs := sharedBuilders(files, info, fold)
	if m != nil {
		return &Shared{perFile: m}, errs
	}
	return nil, errs
}

func sharedBuilders(files []*ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (map[*ast.File]map[string]*bState, map[*ast.File]error) {
	if len(files) < 2 {
		return nil, nil
	}
	per := map[*ast.File]map[string]*bState{}
	var errs map[*ast.File]error
	for _, f := range files {
		var vars map[string]*bState
		if err := astx.Guard("the squirrel extractor (package variables)", func() { vars = squirrelPackageVars(f, info, fold) }); err != nil {
			if errs == nil {
				errs = map[*ast.File]error{}
			}
			errs[f] = err
		}
		if len(vars) > 0 {
			per[f] = vars
		}
	}
	if len(per) == 0 {
		return nil, errs
	}
	out := map[*ast.File]map[string]*bState{}
	for _, f := range files {
		for g, vars := range per {
			if g == f {
				continue
			}
			if out[f] == nil {
				out[f] = map[string]*bState{}
			}
			for name, st := range vars {
				out[f][name] = st
			}
		}
	}
	return out, errs
}
