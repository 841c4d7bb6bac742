package builder

// gorm chains: Table/Model/Where/Select/Joins… ending in Find, First, Update(s), Delete, Create, Save…

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

var gormStarters = map[string]bool{"Table": true, "Model": true, "Select": true, "Where": true, "Or": true, "Not": true,
	"Joins": true, "InnerJoins": true, "Group": true, "Having": true, "Order": true, "Limit": true, "Offset": true, "Distinct": true, "Omit": true}

func (e *bEngine) gormApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) {
	name := sel.Sel.Name
	args := call.Args
	if st.kind == "" && gormStarters[name] {
		st.kind = "select"
		st.pos = sel.Sel.Pos()
	}
	arg0 := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		return e.fold(args[0])
	}
	switch name {
	case "Table":
		if s, ok := arg0(); ok {
			st.from = []string{s}
			st.modelTable, st.modelAlias = "", ""
		} else {
			st.partial = true
		}
	case "Model":
		if len(args) == 1 {
			e.gormModel(st, args[0])
		}
	case "Select", "Distinct":
		if name == "Distinct" {
			st.distinct = true
		}
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.cols = append(st.cols, s)
			} else if cl := e.compositeOf(a); cl != nil {
				for _, el := range cl.Elts {
					if s, ok := e.fold(el); ok {
						st.cols = append(st.cols, s)
					} else {
						st.partial = true
					}
				}
			} else if name == "Select" && a == args[0] {
				st.partial = true
			}
			if name == "Select" {
				if s, ok := e.fold(args[0]); ok && strings.Contains(s, "?") {
					break // Select("COALESCE(age,?)", 42): the rest are values
				}
			}
		}
	case "Where", "Or", "Not":
		if len(args) == 0 {
			return
		}
		c, ok := e.gormCond(args[0])
		if !ok {
			st.partial = true
		}
		if c == "" {
			return
		}
		switch name {
		case "Where":
			st.where = append(st.where, "AND "+c)
		case "Or":
			st.where = append(st.where, "OR "+c)
		case "Not":
			st.where = append(st.where, "AND NOT ("+c+")")
		}
	case "Joins", "InnerJoins":
		s, ok := arg0()
		if !ok || !strings.Contains(strings.TrimSpace(s), " ") {
			st.partial = true // an association name: the join is derived from the model
			return
		}
		st.joins = append(st.joins, s)
	case "Group":
		if s, ok := arg0(); ok {
			st.groupBy = append(st.groupBy, s)
		} else {
			st.partial = true
		}
	case "Having":
		if s, ok := arg0(); ok {
			st.having = append(st.having, s)
		} else {
			st.partial = true
		}
	case "Order":
		if s, ok := arg0(); ok {
			st.orderBy = append(st.orderBy, s)
		} else {
			st.partial = true
		}
	case "Limit", "Offset":
		v := "?"
		if len(args) == 1 {
			if bl, ok := args[0].(*ast.BasicLit); ok && bl.Kind == token.INT {
				v = bl.Value
			}
		}
		if name == "Limit" {
			st.limit = v
		} else {
			st.offset = v
		}
	case "Unscoped":
		st.unscoped = true
	case "Omit":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.omit = append(st.omit, strings.Split(s, ",")...)
			}
		}
	case "WithContext", "Session", "Debug", "Preload", "Clauses":
	default:
		st.partial = true
	}
}

// gormCond renders a gorm condition: a string, a map or a struct literal.
func (e *bEngine) gormCond(x ast.Expr) (string, bool) {
	if s, ok := e.fold(x); ok {
		return s, true
	}
	cols, ok := e.gormFields(x)
	var parts []string
	for _, c := range cols {
		parts = append(parts, c+" = ?")
	}
	return strings.Join(parts, " AND "), ok
}

// gormFields: the columns named by a map[string]any literal (keys) or a
// struct literal (non-zero fields, by gorm's naming).
func (e *bEngine) gormFields(x ast.Expr) ([]string, bool) {
	sets, ok := e.gormSets(x, false)
	var out []string
	for _, c := range sets {
		out = append(out, c.col)
	}
	return out, ok
}

// gormFieldColumn maps a struct field to its column through the file's gorm
// model when known (tags), else by gorm's naming.
func (e *bEngine) gormFieldColumn(typeName, field string) string {
	if st := models.NewScan(e.f, e.info, e.fold).Struct(typeName); st != nil && st.Fields != nil {
		for _, fl := range st.Fields.List {
			for _, n := range fl.Names {
				if n.Name == field {
					if c := models.GormSettings(reflectTag(fl, "gorm"))["COLUMN"]; c != "" {
						return c
					}
				}
			}
		}
	}
	return libs.GormColumn(field)
}

func reflectTag(fl *ast.Field, key string) string {
	s, _ := astx.TagOf(fl, key)
	return s
}

// gormModel sets the table from a Model/Find/First argument.
func (e *bEngine) gormModel(st *bState, x ast.Expr) {
	if len(st.from) > 0 || st.modelTable != "" {
		if st.modelX == nil && e.modelTypeName(x) != "" {
			// Table(…).Find(&users): gorm reads the model (its soft
			// delete) from the destination
			st.modelX = x
		}
		return
	}
	tn := e.modelTypeName(x)
	if tn == "" {
		st.partial = true
		return
	}
	st.modelX = x
	for _, m := range e.models {
		if m.Type == tn && m.Via == "gorm" {
			if m.Table == "" {
				st.partial = true
				return
			}
			st.modelTable = bqQualified(m.Schema, m.Table)
			st.modelType = tn
			return
		}
	}
	st.modelType = tn
	// a struct of another file or package whose TableName says
	if n := e.namedStruct(x); n != nil && e.env.TableName != nil {
		if t, ok := e.env.TableName(n); ok {
			st.modelTable = t
			return
		}
	}
	// not a model seen here: gorm's convention, unverified
	st.modelTable = libs.Gorm.Model.Table(tn)
	st.partial = true
}

// gormModelCols returns the columns of the gorm model behind x: a model
// the file or package declares, else a struct type of the file read by
// gorm's naming convention. ok is false when the struct is not found.
func (e *bEngine) gormModelCols(x ast.Expr) ([]string, bool) {
	tn := e.modelTypeName(x)
	if tn == "" {
		return nil, false
	}
	for _, m := range e.models {
		if m.Type == tn && m.Via == "gorm" {
			var cols []string
			for _, c := range m.Columns {
				cols = append(cols, c.Name)
			}
			return cols, true
		}
	}
	if e.modelScan == nil {
		e.modelScan = models.NewScan(e.f, e.info, e.fold)
		e.modelScan.SetPackage(e.env.Pkg)
	}
	var mcs []models.Column
	if st := e.modelScan.Struct(tn); st != nil {
		mcs = e.modelScan.Columns("gorm", st)
	} else if n := e.namedStruct(x); n != nil {
		// a struct of another file or package, from type information; one
		// with a TableName method not seen here names an unknown table
		if types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), "TableName") != nil {
			if _, ok := e.tableNameOf(n); !ok {
				return nil, false
			}
		}
		mcs = e.modelScan.TypeColumns("gorm", n.Underlying().(*types.Struct))
	} else {
		return nil, false
	}
	var cols []string
	for _, c := range mcs {
		cols = append(cols, c.Name)
	}
	return cols, true
}

// gormMethods continue a gorm chain; gormTerminals run it.
var (
	gormMethods = map[string]bool{"Table": true, "Model": true, "Select": true, "Omit": true, "Where": true, "Or": true,
		"Not": true, "Joins": true, "InnerJoins": true, "Group": true, "Having": true, "Order": true, "Limit": true, "Offset": true,
		"Distinct": true, "WithContext": true, "Session": true, "Debug": true, "Unscoped": true, "Preload": true, "Clauses": true,
		"Scopes": true}
	gormTerminals = map[string]bool{"Find": true, "First": true, "Take": true, "Last": true, "Scan": true, "Pluck": true,
		"Count": true, "Update": true, "Updates": true, "UpdateColumn": true, "UpdateColumns": true, "Delete": true,
		"Row": true, "Rows": true, "FirstOrInit": true, "FirstOrCreate": true, "FindInBatches": true,
		"Create": true, "CreateInBatches": true, "Save": true}
)

// gormFinish applies what a gorm terminal call adds (Find(&dest, conds…),
// Update, Create…).
func (e *bEngine) gormFinish(st *bState, sel *ast.SelectorExpr, args []ast.Expr) {
	name := sel.Sel.Name
	if st.kind == "" {
		st.kind = "select"
	}
	if st.pos == token.NoPos {
		st.pos = sel.Sel.Pos()
	}
	switch name {
	case "Find", "First", "Take", "Last", "FirstOrInit", "FirstOrCreate", "FindInBatches":
		if len(args) > 0 {
			e.gormModel(st, args[0])
		}
		if len(args) > 1 {
			if s, ok := e.fold(args[1]); ok && name != "FindInBatches" {
				if len(args) > 2 || strings.Contains(s, "?") || strings.ContainsAny(s, " =<>") {
					st.where = append(st.where, "AND "+s)
				}
			}
		}
	case "Scan":
		if len(st.from) == 0 && len(args) > 0 {
			e.gormModel(st, args[0])
		}
	case "Pluck":
		if len(args) > 0 {
			if s, ok := e.fold(args[0]); ok {
				st.cols = []string{s}
			} else {
				st.partial = true
			}
		}
	case "Count":
		st.cols = []string{"count(*)"}
	case "Update", "UpdateColumn":
		st.kind = "update"
		if len(args) > 0 {
			if s, ok := e.fold(args[0]); ok {
				st.sets = append(st.sets, e.gormColumnName(st, s)+" = ?")
				a := Arg{}
				if len(args) > 1 {
					a.Expr = args[1]
				}
				st.args = append(st.args, a)
			} else {
				st.partial = true
			}
		}
	case "Updates", "UpdateColumns":
		st.kind = "update"
		if len(args) > 0 && len(st.from) == 0 && st.modelTable == "" && e.passedModel(args[0]) {
			st.kind = "" // the callers' model: their calls are the writes
			return
		}
		if len(args) > 0 {
			sets, ok := e.gormSets(args[0], len(st.cols) > 0)
			if !ok {
				st.partial = true
			}
			for _, c := range sets {
				st.sets = append(st.sets, e.gormColumnName(st, c.col)+" = ?")
				st.args = append(st.args, c.arg)
			}
		}
	case "Create", "CreateInBatches", "Save":
		// every column of the model: Create inserts them, Save writes them
		// all back
		if len(args) == 0 {
			st.kind = ""
			return
		}
		e.gormModel(st, args[0])
		cols, ok := e.gormModelCols(args[0])
		if len(st.from) == 0 && st.modelTable == "" || len(cols) == 0 && !ok {
			st.kind = "" // not a model this analysis knows: nothing to say
			return
		}
		mcols, _ := e.gormColumns(args[0])
		if len(mcols) != len(cols) {
			mcols = nil // columns not read with their fields: no values
		}
		if mcols != nil {
			// the fields gorm writes: Select and Omit, and the fields'
			// write permissions
			cols = nil
			var kept []models.Column
			for _, c := range gormSelected(st, mcols) {
				if name == "Save" && c.NoUpdate || name != "Save" && c.NoCreate {
					continue
				}
				kept = append(kept, c)
				cols = append(cols, c.Name)
			}
			mcols = kept
		}
		arg := func(c *models.Column) Arg {
			a := Arg{Column: c, Model: args[0]}
			if name != "Save" && c.Default {
				// Create leaves a zero field with a default: tag out of the
				// INSERT (or writes the tag's value)
				a.Null, a.Why = NullNever, "gorm's Create leaves it out when it is zero (default: tag)"
			}
			return a
		}
		if name == "Save" {
			st.kind = "update"
			st.args = nil
			for i, c := range cols {
				st.sets = append(st.sets, c+" = ?")
				if mcols != nil {
					st.args = append(st.args, arg(&mcols[i]))
				}
			}
		} else {
			st.kind = "insert"
			st.insCols = cols
			if mcols != nil {
				st.args = nil
				for i := range mcols {
					st.args = append(st.args, arg(&mcols[i]))
				}
			}
		}
	case "Delete":
		st.kind = "delete"
		if len(args) > 0 && len(st.from) == 0 && st.modelTable == "" && e.passedModel(args[0]) {
			st.kind = "" // the callers' model: their calls are the writes
			return
		}
		if len(args) > 0 {
			e.gormModel(st, args[0])
		}
		if len(args) > 1 {
			if s, ok := e.fold(args[1]); ok && strings.ContainsAny(s, " =<>?") {
				st.where = append(st.where, "AND "+s)
			}
		}
		if sd := e.gormSoftDelete(st); sd != nil {
			// a soft delete: gorm sets the column instead of deleting
			st.kind = "update"
			a := Arg{Null: NullNever, Why: "the time of the soft delete", Type: "time.Time"}
			if sd.SoftDelete == "plugin" {
				a.Why, a.Type = "the soft delete's flag or unix time", "uint"
			}
			st.sets, st.args = []string{sd.Name + " = ?"}, []Arg{a}
			e.gormSoftFilter(st, sd)
		}
		return
	}
	if st.kind == "select" || st.kind == "update" {
		if sd := e.gormSoftDelete(st); sd != nil {
			e.gormSoftFilter(st, sd)
		}
	}
}

// gormSet is one column an Updates writes and the source of its value.
type gormSet struct {
	col string
	arg Arg
}

// gormSets: the columns an Updates of a map or struct literal writes and
// their values' sources: a map's values as given (nil is NULL), a
// struct's non-zero fields only (never NULL), unless a Select makes gorm
// write the named ones as they are (selected).
func (e *bEngine) gormSets(x ast.Expr, selected bool) ([]gormSet, bool) {
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	cl := e.compositeOf(x)
	if cl == nil {
		return nil, false
	}
	var out []gormSet
	ok := true
	_, isMap := cl.Type.(*ast.MapType)
	for _, el := range cl.Elts {
		kv, isKV := el.(*ast.KeyValueExpr)
		if !isKV {
			ok = false
			continue
		}
		if isMap {
			if s, sok := e.fold(kv.Key); sok {
				out = append(out, gormSet{s, Arg{Expr: kv.Value}})
			} else {
				ok = false
			}
			continue
		}
		if id, isID := kv.Key.(*ast.Ident); isID {
			a := Arg{Expr: kv.Value}
			if !selected {
				a = Arg{Expr: kv.Value, Null: NullNever, Why: "gorm's Updates of a struct writes only its non-zero fields"}
			}
			out = append(out, gormSet{e.gormFieldColumn(astx.TypeName(cl.Type), id.Name), a})
		}
	}
	if isMap {
		sort.Slice(out, func(i, j int) bool { return out[i].col < out[j].col })
	}
	return out, ok
}

// passedModel: x is a parameter of interface type (`m any`): the model of
// a repository's own writer, whose callers' calls are the writes
// (analyzer/modelwrites.go reads them at the callers).
func (e *bEngine) passedModel(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || e.info == nil {
		return false
	}
	v, ok := e.info.Uses[id].(*types.Var)
	return ok && v.Kind() == types.ParamVar && types.IsInterface(v.Type())
}

func (e *bEngine) tableNameOf(n *types.Named) (string, bool) {
	if e.env.TableName == nil {
		return "", false
	}
	return e.env.TableName(n)
}

// gormColumnName maps a name given to Update/Updates/Where maps to its
// column: gorm looks a Go field name up in the model (Update("DeletedAt",
// nil) sets deleted_at); anything else is a column already.
func (e *bEngine) gormColumnName(st *bState, s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	for i := 0; i < len(s); i++ {
		if !astx.IsIdentChar(s[i]) {
			return s
		}
	}
	return e.gormFieldColumn(st.modelType, s)
}
