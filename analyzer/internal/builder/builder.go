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
)

// FromFile collects the statements synthesised from query builders in f:
// squirrel, gorm, bun and go-pg chains and pgx CopyFrom calls. shared holds
// the squirrel builders kept in package variables of the package's other
// files (nil when none).
func FromFile(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), shared *Shared) (out []Query) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	out = append(out, squirrelWithShared(f, info, fold, shared.forFile(f))...)
	out = append(out, ormChainsFromFile(fset, f, info, fold)...)
	out = append(out, copyFromCalls(fset, f, info, fold)...)
	return out
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
// each of files (nil when there are none to share).
func NewShared(files []*ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) *Shared {
	if m := sharedBuilders(files, info, fold); m != nil {
		return &Shared{perFile: m}
	}
	return nil
}

func sharedBuilders(files []*ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) map[*ast.File]map[string]*bState {
	if len(files) < 2 {
		return nil
	}
	per := map[*ast.File]map[string]*bState{}
	for _, f := range files {
		if vars := squirrelPackageVars(f, info, fold); len(vars) > 0 {
			per[f] = vars
		}
	}
	if len(per) == 0 {
		return nil
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
	return out
}
