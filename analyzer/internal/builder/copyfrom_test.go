package builder

import (
	"testing"

	"github.com/rbcheck/rbcheck/analyzer/internal/fixture"
)

func TestCopyFromCalls(t *testing.T) {
	want := []string{
		`27:CopyFrom|pgx CopyFrom|COPY "public"."users" ("email", "full_name") FROM STDIN`,
		`29:CopyFrom|pgx CopyFrom|COPY "events" ("kind", "payload") FROM STDIN`,
		`30:CopyFrom|pgx CopyFrom|COPY "audit"."log" FROM STDIN|partial`,
		`32:CopyFrom|pgx CopyFrom|COPY "Mixed""Case" ("ID") FROM STDIN`,
	}
	for _, mode := range fixture.AllModes {
		t.Run(mode.String(), func(t *testing.T) {
			fset, f, info := fixture.Load(t, "ormstubs/copyfrom/copy.go", mode)
			got := describeBuilt(t, fset, copyFromCalls(fset, f, info, nil))
			compareLines(t, got, want)
		})
	}
}
