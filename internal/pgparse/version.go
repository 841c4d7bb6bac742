package pgparse

import (
	"fmt"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// PostgresVersion returns the version of the Postgres parser compiled into
// rbcheck (libpg_query's PG_VERSION, e.g. "17.7"), read from the version
// every parse result carries; "" if the parser cannot say.
var PostgresVersion = sync.OnceValue(func() string {
	res, err := pg_query.Parse("SELECT 1")
	if err != nil || res.Version <= 0 {
		return ""
	}
	return FormatVersionNum(int(res.Version))
})

// FormatVersionNum formats a PG_VERSION_NUM such as 170007 as "17.7"
// (and 90624, a version before 10, as "9.6.24").
func FormatVersionNum(n int) string {
	if n >= 100000 {
		return fmt.Sprintf("%d.%d", n/10000, n%10000)
	}
	return fmt.Sprintf("%d.%d.%d", n/10000, n/100%100, n%100)
}
