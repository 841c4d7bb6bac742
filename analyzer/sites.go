package analyzer

// Sites: the statements of a file. callSites finds sink calls (the place
// to inspect a sink call's result, such as rows.Scan destinations, when
// that is recorded); builderSites turns query-builder chains and
// modelSites ORM models into statements.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/builder"
	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// callSites finds sink calls in f.
func (c *pkgCore) callSites(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		m, ok := c.classify(call)
		if !ok || m.use != useSQL {
			return true
		}
		var best []site
		for _, ai := range m.args {
			if ai >= len(call.Args) {
				continue
			}
			arg := call.Args[ai]
			if c.isForwardedParam(arg) {
				if !m.weak {
					return true
				}
				continue
			}
			if !c.isStringish(arg) {
				continue
			}
			// one value per combination of the values a field, a range
			// variable or m[k] may hold; usually just one
			var sites []site
			// a field a constructor sets from its SQL parameter: those
			// values are the constructor's callers' statements
			c.fo.WholeField = c.fo.FieldOf(c.unwrapPass(arg))
			vals := c.fo.Variants(arg)
			c.fo.WholeField = nil
			var seen map[useKey]bool
			if len(vals) > 1 {
				seen = map[useKey]bool{}
			}
			for i, val := range vals {
				if val.Embedded() {
					// text glued around a builder's ToSql() result or an
					// embedded file's contents: the constant text is this
					// site's, the rest is analysed where it comes from
					vals[i] = val.EmbedAsDynamic()
				}
			}
			if len(vals) == 1 && vals[0].Embedded() {
				// analysed from the embedded file or the builder itself
				return true
			}
			for _, val := range vals {
				if val.Embedded() {
					continue
				}
				s := site{pos: arg.Pos(), val: val, via: m.via, weak: m.weak, lib: m.lib, seen: seen, call: call, sqlArg: ai}
				if lit, ok := ast.Unparen(arg).(*ast.BasicLit); ok {
					s.lit = lit
				}
				// weak (name-only) match: the argument must look like SQL
				if !m.weak || looksLikeSQL(val) {
					sites = append(sites, s)
				}
			}
			if !m.weak || len(sites) > 0 {
				best = sites
				break
			}
		}
		for _, s := range best {
			if name, ok := zdbLoad(s); ok {
				// zdb reads the statement from a file by name at run time
				c.addLibUse(call, libs.Zdb, "zdb load:"+name, ast.IsGenerated(f))
				c.inv.LibUses[len(c.inv.LibUses)-1].Load = name
				continue
			}
			if strings.HasPrefix(strings.TrimSpace(s.val.Text()), "-- name:") && !strings.HasPrefix(s.via, "wrapper") {
				s.via = "sqlc"
			}
			c.resolve(s)
		}
		return true
	})
}

// zdbLoad reports a zdb call whose query is "load:name": zdb loads the
// statement from a file of the program's query folder (name.sql or
// name.gotxt, a template), which rbcheck does not read.
func zdbLoad(s site) (string, bool) {
	if s.via != libs.Zdb.Name || len(s.val) == 0 || s.val[0].Dyn {
		return "", false
	}
	t := s.val.Fragments()
	if len(t) == 0 || !strings.HasPrefix(t[0], "load:") {
		return "", false
	}
	return strings.TrimPrefix(t[0], "load:"), true
}

// isStringish: with type information, the argument must be a string or
// []byte; without it anything goes.
func (c *pkgCore) isStringish(e ast.Expr) bool {
	if c.info == nil {
		return true
	}
	tv, ok := c.info.Types[e]
	if !ok || tv.Type == nil {
		return true
	}
	switch u := tv.Type.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UntypedString || u.Kind() == types.Invalid
	case *types.Interface:
		return true
	}
	return false
}

var sqlStarts = []string{"select", "insert", "update", "delete", "with", "merge", "copy", "create", "alter", "drop", "truncate", "-- name:"}

// looksLikeSQL: the first constant fragment starts with a SQL statement
// keyword (after spaces and `--` comments other than sqlc's header).
func looksLikeSQL(v fold.Value) bool {
	if len(v) == 0 || v[0].Dyn {
		return false
	}
	frs := v.Fragments()
	if len(frs) == 0 {
		return false
	}
	return startsLikeSQL(frs[0])
}

func startsLikeSQL(s string) bool {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "--") && !strings.HasPrefix(s, "-- name:") {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return false
		}
		s = strings.TrimSpace(s[i+1:])
	}
	for strings.HasPrefix(s, "(") {
		s = strings.TrimSpace(s[1:])
	}
	low := strings.ToLower(s)
	for _, k := range sqlStarts {
		if strings.HasPrefix(low, k) {
			rest := low[len(k):]
			if k == "-- name:" || rest == "" || !astx.IsIdentChar(rest[0]) {
				return true
			}
		}
	}
	return false
}

// builderSites turns squirrel, gorm/bun/go-pg chains and pgx CopyFrom
// calls into statements (analyzer/internal/builder).
func (c *pkgCore) builderSites(f *ast.File) {
	if !c.sqSharedDone {
		var errs map[*ast.File]error
		c.sqShared, errs = builder.NewShared(c.files, c.info, c.fo.Fold)
		for _, g := range c.files {
			if err := errs[g]; err != nil {
				c.fileError(g, err.Error()+"; the squirrel builders of its package variables were skipped")
			}
		}
		c.sqSharedDone = true
	}
	env := &builder.Env{Shared: c.sqShared, Models: c.allModels, Pkg: c.mpkg, DeclLib: c.declLib, TableName: c.tableName, Files: c.files}
	built, errs := builder.FromFile(c.fset, f, c.info, c.fo.Fold, env)
	for _, err := range errs {
		c.fileError(f, err.Error()+"; its statements were skipped")
	}
	for _, bq := range built {
		if bq.Via == builder.ZdbBulkVia {
			// read: not among zdb's unread uses (libUseSites)
			if c.builtAt == nil {
				c.builtAt = map[token.Pos]bool{}
			}
			c.builtAt[bq.Pos] = true
		}
		s := site{pos: bq.Pos, via: bq.Via, sql: bq.SQL, partial: bq.Partial, built: true, completed: bq.At, args: c.ormArgs(bq.Args, bq.Pos)}
		if bq.Partial {
			s.val = fold.Value{{Text: bq.SQL}, {Dyn: true, Sep: true, Reason: "part of the " + bq.Via + " chain is built at run time"}}
		}
		c.resolve(s)
	}
}

// modelSites records the columns ORM models map (Kind model).
func (c *pkgCore) modelSites(f *ast.File) {
	for _, m := range c.fileModels[f] {
		if m.Table == "" {
			continue
		}
		t := sqlast.Name{Schema: m.Schema, Name: m.Table}
		conf := Exact
		if !m.TableKnown {
			conf = Partial
		}
		pos := c.position(m.Pos)
		c.inv.Refs = append(c.inv.Refs, Ref{Table: t, Kind: sqlast.UseModel, Confidence: conf, Pos: pos, Via: m.Via, at: m.Pos})
		dests := c.modelDests(m)
		for _, col := range m.Columns {
			p := pos
			if col.Pos.IsValid() {
				p = c.position(col.Pos)
			}
			var d *Dest
			if col.Field != "" {
				d = dests[strings.ToLower(col.Name)]
			}
			c.inv.Refs = append(c.inv.Refs, Ref{Table: t, Column: col.Name, Kind: sqlast.UseModel, Confidence: conf, Pos: p, Via: m.Via, Dest: d, Write: c.modelWrite(m, col), at: m.Pos})
		}
	}
}
