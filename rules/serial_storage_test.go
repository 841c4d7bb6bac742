package rules

import (
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func TestSerialStorage(t *testing.T) {
	for in, want := range map[string]string{
		"SMALLSERIAL": "smallint", "serial2": "smallint", "serial": "integer", "SERIAL4": "integer",
		"bigserial": "bigint", "serial8": "bigint", "integer": "", "bigint": "", "text": "",
	} {
		if got := serialStorage(sqlast.TypeName{Name: in, Text: in}); got != want {
			t.Errorf("serialStorage(%q) = %q, want %q", in, got, want)
		}
	}
}
