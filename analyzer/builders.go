package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
)

// builtQueries collects the statements synthesised from query builders in
// f: squirrel chains, gorm and bun chains (squirrel.go) and pgx CopyFrom
// calls (copyfrom.go).
// shared holds the squirrel builders kept in package variables of the
// package's other files.
func builtQueries(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), shared map[string]*bState) (out []BuiltQuery) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	out = append(out, squirrelWithShared(f, info, fold, shared)...)
	out = append(out, ormChainsFromFile(fset, f, info, fold)...)
	out = append(out, copyFromCalls(fset, f, info, fold)...)
	return out
}

// sharedBuilders collects, for each file of a package, the squirrel
// builders kept in package variables of the other files.
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
