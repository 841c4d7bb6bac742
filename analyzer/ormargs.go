package analyzer

// The values an ORM write binds, read from the model: gorm's Create and
// Save bind each column the model's field (a string never NULL, a
// *string or sql.NullString maybe, a field with a `default:` tag never
// in Create, which leaves a zero one out), Update and Updates of a map
// the values given, Updates of a struct only its non-zero fields; and
// what a model's field can give its column in any ORM write (Ref.Write).
// The types are judged as the placeholder arguments are (args.go).

import (
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/builder"
	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

// gormModelFields are gorm.Model's fields, by column.
var gormModelFields = map[string]string{"id": "ID", "created_at": "CreatedAt", "updated_at": "UpdatedAt", "deleted_at": "DeletedAt"}

// ormArgs turns the sources of a built write's values into its Args; at
// is the statement's position, for values that have none of their own.
func (c *pkgCore) ormArgs(src []builder.Arg, at token.Pos) []Arg {
	if len(src) == 0 {
		return nil
	}
	out := make([]Arg, 0, len(src))
	for _, s := range src {
		var a Arg
		pos := at
		switch {
		case s.Column != nil:
			x := "the model"
			if s.Model != nil {
				x = strings.TrimPrefix(fold.ExprString(s.Model), "&")
				pos = s.Model.Pos()
			}
			a = c.columnArg(*s.Column, x)
		case s.Expr != nil:
			a = Arg{Expr: fold.ExprString(s.Expr)}
			a.Type, a.Null = c.argNull(s.Expr)
			pos = s.Expr.Pos()
		default:
			a = Arg{Expr: "(not read)"}
		}
		if s.Null == builder.NullNever {
			a.Null = ArgNeverNull
			if s.Why != "" {
				if s.Column == nil && s.Expr == nil {
					a.Expr, a.Type = s.Why, s.Type
				} else {
					a.Expr += " (" + s.Why + ")"
				}
			}
		}
		a.at, a.Pos = pos, c.position(pos)
		out = append(out, a)
	}
	return out
}

// columnArg is what the field of a model that holds col gives it: x.Field
// with the field's type and whether it can be NULL ("" when its type is
// not known).
func (c *pkgCore) columnArg(col models.Column, x string) Arg {
	field := col.Field
	if field == "" {
		field = gormModelFields[col.Name]
	}
	a := Arg{Expr: x + "." + field}
	if field == "" {
		a.Expr = x + " (" + col.Name + ")"
	}
	switch {
	case col.Type != nil && col.Type != types.Typ[types.Invalid]:
		a.Type, a.Null = typeString(col.Type), c.argNullOfType(col.Type, 0)
	case col.TypeName != "":
		a.Type, a.Null = shortType(col.TypeName), argNullOfName(col.TypeName)
	}
	return a
}

// modelWrite is Ref.Write of a model's column: what an ORM write of the
// model gives it from its field.
func (c *pkgCore) modelWrite(m models.Model, col models.Column) *Arg {
	x := m.Type
	if x == "" {
		return nil
	}
	a := c.columnArg(col, x)
	if a.Type == "" {
		return nil
	}
	at := col.Pos
	if !at.IsValid() {
		at = m.Pos
	}
	a.at, a.Pos = at, c.position(at)
	return &a
}
