package pgparse

import (
	"regexp"
	"testing"
)

func TestPostgresVersion(t *testing.T) {
	v := PostgresVersion()
	if !regexp.MustCompile(`^1[7-9]\.\d+$|^[2-9]\d\.\d+$`).MatchString(v) {
		t.Errorf("PostgresVersion() = %q, want the grammar's version, 17.x or later", v)
	}
	for n, want := range map[int]string{170007: "17.7", 100000: "10.0", 90624: "9.6.24"} {
		if got := FormatVersionNum(n); got != want {
			t.Errorf("FormatVersionNum(%d) = %q, want %q", n, got, want)
		}
	}
}
