package catalog

import (
	"fmt"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func benchCatalog(tables int) *Catalog {
	c := NewCatalog()
	for i := 0; i < tables; i++ {
		var cols []sqlast.ColumnDef
		for j := 0; j < 10; j++ {
			cols = append(cols, col(fmt.Sprintf("c%d", j), "text"))
		}
		cols[0].Constraints = []sqlast.Constraint{{Kind: sqlast.ConPrimaryKey}}
		c.Apply(st(&sqlast.CreateTable{Table: nm(fmt.Sprintf("t%d", i)), Columns: cols}), Existing)
		c.Apply(st(&sqlast.CreateIndex{Table: nm(fmt.Sprintf("t%d", i)), Columns: []string{"c1"}}), Existing)
	}
	return c
}

func BenchmarkClone100Tables(b *testing.B) {
	c := benchCatalog(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = c.Clone()
	}
}
