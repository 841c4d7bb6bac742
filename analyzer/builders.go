package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
)

// builtQueries collects the statements synthesised from query builders in
// f: squirrel chains, gorm and bun chains (squirrel.go) and pgx CopyFrom
// calls (copyfrom.go).
func builtQueries(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (out []BuiltQuery) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	out = append(out, squirrelFromFile(fset, f, info, fold)...)
	out = append(out, ormChainsFromFile(fset, f, info, fold)...)
	out = append(out, copyFromCalls(fset, f, info, fold)...)
	return out
}
