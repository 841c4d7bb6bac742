package pgparse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// TestNodeKindNames: nodeKind reads the wrapper type's name and gives what
// fmt's %T did (after "Node_"), String_ included.
func TestNodeKindNames(t *testing.T) {
	byFmt := func(n *pgnode.Node) string {
		k := fmt.Sprintf("%T", n.Node)
		if i := strings.LastIndex(k, "Node_"); i >= 0 {
			k = k[i+len("Node_"):]
		}
		return k
	}
	for _, n := range []*pgnode.Node{
		{Node: &pgnode.Node_String_{}}, {Node: &pgnode.Node_AlterTableStmt{}}, {Node: &pgnode.Node_AConst{}},
		{Node: &pgnode.Node_SelectStmt{}}, {Node: &pgnode.Node_CreateStmt{}}, {Node: &pgnode.Node_Alias{}},
	} {
		if got, want := nodeKind(n), byFmt(n); got != want || got == "" {
			t.Errorf("nodeKind(%T) = %q, want %q", n.Node, got, want)
		}
	}
	if got := nodeKind(&pgnode.Node{}); got != "" {
		t.Errorf("nodeKind of an empty node = %q, want \"\"", got)
	}
}
