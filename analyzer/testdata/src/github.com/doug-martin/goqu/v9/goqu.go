// Package goqu is a stub of github.com/doug-martin/goqu/v9.
package goqu

type SelectDataset struct{}

func From(table ...any) *SelectDataset               { return nil }
func (*SelectDataset) ToSQL() (string, []any, error) { return "", nil, nil }
