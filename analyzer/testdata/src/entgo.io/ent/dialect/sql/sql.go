// Package sql is a stub of entgo.io/ent/dialect/sql.
package sql

type Selector struct{}

func (*Selector) Where(p *Predicate) *Selector { return nil }

type Predicate struct{}

func EQ(col string, v any) *Predicate    { return nil }
func Select(columns ...string) *Selector { return nil }
