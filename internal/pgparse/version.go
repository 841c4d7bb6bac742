package pgparse

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// PostgresVersion returns the version of the Postgres parser compiled into
// rbcheck (libpg_query's PG_VERSION, e.g. "17.7"), read from the version
// every parse result carries; "" if the parser cannot say. It reads the
// JSON output: pg_query.Parse's protobuf would set up the protobuf
// descriptors of every parse node, a millisecond of every run's start.
var PostgresVersion = sync.OnceValue(func() string {
	js, release, err := parseToJSON("SELECT 1", false)
	js = strings.Clone(js)
	release()
	rest, ok := strings.CutPrefix(js, `{"version":`)
	if err != nil || !ok {
		return ""
	}
	i := strings.IndexAny(rest, ",}")
	n, err := strconv.Atoi(rest[:max(i, 0)])
	if err != nil || n <= 0 {
		return ""
	}
	return FormatVersionNum(n)
})

// FormatVersionNum formats a PG_VERSION_NUM such as 170007 as "17.7"
// (and 90624, a version before 10, as "9.6.24").
func FormatVersionNum(n int) string {
	if n >= 100000 {
		return fmt.Sprintf("%d.%d", n/10000, n%10000)
	}
	return fmt.Sprintf("%d.%d.%d", n/10000, n/100%100, n%100)
}
