package rules

//go:generate go run ./internal/genvolatility

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// extFunc is a function of a contrib extension: its volatility ('i', 's',
// 'v') and the extensions that define it.
type extFunc struct {
	vol byte
	ext string
}

// sqlValueFunctions are the SQL-standard keywords that read like constants
// but are functions of the session (CURRENT_TIMESTAMP, CURRENT_USER, …): the
// parser names them after their SVFOP_ code. All are stable.
var sqlValueFunctions = map[string]bool{
	"current_date": true, "current_time": true, "current_time_n": true,
	"current_timestamp": true, "current_timestamp_n": true, "localtime": true,
	"localtime_n": true, "localtimestamp": true, "localtimestamp_n": true,
	"current_role": true, "current_user": true, "user": true, "session_user": true,
	"current_catalog": true, "current_schema": true, "system_user": true,
}

// funcVolatility says how volatile the function f (as written in an
// expression: "name" or "schema.name") is, and where that comes from:
//
//   - a pg_catalog function (unqualified or pg_catalog.): Postgres' catalog
//     (builtinVolatility; unqualified names find pg_catalog first, as in
//     Postgres);
//   - a function the replayed migrations create: what its CREATE FUNCTION
//     declares (VOLATILE when it declares nothing), except that a VOLATILE
//     LANGUAGE sql function Postgres inlines is as volatile as its body;
//   - a contrib extension's function: the extension's catalog entry;
//   - anything else: unknown ('v' with known false), because Postgres makes
//     every function VOLATILE unless it is declared otherwise.
//
// vol is 'i', 's' or 'v'; from names the source ("built-in", "declared",
// "extension uuid-ossp", "unknown").
func funcVolatility(c *Context, f string) (vol byte, from string) {
	return funcVolatilityDepth(c, f, 0)
}

func funcVolatilityDepth(c *Context, f string, depth int) (vol byte, from string) {
	n := lkSplitName(f, "")
	if n.Schema == "" || n.Schema == "pg_catalog" {
		if sqlValueFunctions[n.Name] && n.Schema == "" {
			return 's', "built-in"
		}
		if v, ok := builtinVolatility()[n.Name]; ok {
			return v, "built-in"
		}
		if n.Schema == "pg_catalog" {
			return 'v', "unknown"
		}
	}
	if c.Catalog != nil && c.Catalog.Functions != nil {
		if fi, ok := c.Catalog.FunctionInfo(n); ok {
			switch fi.Volatility {
			case "immutable":
				return 'i', "declared"
			case "stable":
				return 's', "declared"
			}
			// A volatile SQL function with a simple body is inlined: the
			// call is as volatile as what the body calls.
			if fi.Inlinable && depth < 8 {
				v := byte('i')
				for _, g := range fi.Calls {
					if gv, _ := funcVolatilityDepth(c, g, depth+1); volRankByte(gv) > volRankByte(v) {
						v = gv
					}
				}
				return v, "inlined"
			}
			return 'v', "declared"
		}
	}
	if e, ok := extensionVolatility()[n.Name]; ok {
		return e.vol, "extension " + e.ext
	}
	return 'v', "unknown"
}

// volRankByte orders 'i' < 's' < 'v'.
func volRankByte(v byte) int { return strings.IndexByte("isv", v) }

// volatileCalls splits the functions e calls that make it volatile into
// those known to be volatile (built-in, extension or declared so by the
// migrations) and those rbcheck does not know, which Postgres treats as
// volatile too; names are rendered "f()".
func volatileCalls(c *Context, e *sqlast.Expr) (known, unknown []string) {
	if e == nil {
		return nil, nil
	}
	for _, f := range e.Funcs {
		v, from := funcVolatility(c, f)
		if v != 'v' {
			continue
		}
		name := strings.TrimPrefix(f, "pg_catalog.") + "()"
		if from == "unknown" {
			unknown = append(unknown, name)
		} else {
			known = append(known, name)
		}
	}
	return known, unknown
}
