package builder

// What gorm writes, beyond the statement's text: where the value bound to
// each placeholder of a Create, Save, Update or Updates comes from (the
// release verdict asks whether a write can put NULL in a column that
// becomes NOT NULL), and gorm's soft delete: on a model with a
// gorm.DeletedAt field (gorm.Model's deleted_at) or the soft_delete
// plugin's, Delete is `UPDATE … SET deleted_at = …`, and every query,
// update and delete of the model filters `deleted_at IS NULL` (`= 0` for
// the plugin), unless the chain is Unscoped().

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

// NullNever is Arg.Null for a value that is never NULL (the analyzer's
// ArgNeverNull).
const NullNever = "never"

// Arg is the source of the value bound to one placeholder of a statement
// built from a gorm write: the Go expression given (Update's value, a
// map's value), or the model's field gorm writes (Column of the model
// Model), or a value Null already says (a soft delete's time).
type Arg struct {
	Expr   ast.Expr
	Column *models.Column
	Model  ast.Expr
	// Null is NullNever when gorm never binds NULL there whatever the
	// field's type (Why says why); "" to judge Expr or Column's type.
	Null string
	Why  string
	Type string // the Go type of a value Null says ("time.Time")
}

// gormColumns returns the columns, with their fields' types and gorm
// settings, of the gorm model behind x (as gormModelCols).
func (e *bEngine) gormColumns(x ast.Expr) ([]models.Column, bool) {
	tn := e.modelTypeName(x)
	if tn == "" {
		return nil, false
	}
	for _, m := range e.models {
		if m.Type == tn && m.Via == "gorm" {
			return m.Columns, true
		}
	}
	if e.modelScan == nil {
		e.modelScan = models.NewScan(e.f, e.info, e.fold)
		e.modelScan.SetPackage(e.env.Pkg)
	}
	if st := e.modelScan.Struct(tn); st != nil {
		return e.modelScan.Columns("gorm", st), true
	}
	n := e.namedStruct(x)
	if n == nil {
		return nil, false
	}
	return e.modelScan.TypeColumns("gorm", n.Underlying().(*types.Struct)), true
}

// gormSoftDelete returns the soft delete column of the chain's model, nil
// when it has none or when the chain is Unscoped().
func (e *bEngine) gormSoftDelete(st *bState) *models.Column {
	if st.unscoped || st.modelX == nil {
		return nil
	}
	cols, _ := e.gormColumns(st.modelX)
	for i := range cols {
		if cols[i].SoftDelete != "" {
			return &cols[i]
		}
	}
	return nil
}

// gormSoftFilter adds the soft delete's filter to a query, update or
// delete of a soft-deleted model (gorm ANDs it with the conditions,
// wrapping them when one is an OR).
func (e *bEngine) gormSoftFilter(st *bState, sd *models.Column) {
	col := sd.Name
	if len(st.joins) > 0 {
		// qualified by the current table: the model's, or Table's alias
		// or name
		switch {
		case st.modelTable != "":
			col = st.modelTable + "." + col
		case len(st.from) > 0:
			if f := strings.Fields(st.from[0]); len(f) > 0 {
				col = f[len(f)-1] + "." + col
			}
		}
	}
	cond := col + " IS NULL"
	if sd.SoftDelete == "plugin" {
		cond = col + " = 0"
	}
	or := false
	for _, w := range st.where[min(1, len(st.where)):] {
		if strings.HasPrefix(w, "OR ") {
			or = true
		}
	}
	if or {
		st.where = []string{"AND (" + joinWhere(st.where) + ")"}
	}
	st.where = append(st.where, "AND "+cond)
}

// gormSelected: the columns a Select and Omit of the chain leave of cols
// for a write (Select names columns or fields, "*" all).
func gormSelected(st *bState, cols []models.Column) []models.Column {
	named := func(list []string, c models.Column) bool {
		for _, s := range list {
			s = strings.TrimSpace(s)
			if s == "*" || strings.EqualFold(s, c.Name) || c.Field != "" && s == c.Field || libs.GormColumn(s) == c.Name {
				return true
			}
		}
		return false
	}
	var out []models.Column
	for _, c := range cols {
		if len(st.cols) > 0 && !named(st.cols, c) || named(st.omit, c) {
			continue
		}
		out = append(out, c)
	}
	return out
}
