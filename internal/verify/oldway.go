package verify

// Running old statements the way the old code runs them, so that what the
// static verdict expects of a declared use (rules.Break) is proved by
// Postgres rather than assumed from its catalog: an INSERT runs with the
// columns the old code names and a value for each parameter.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

// runInsert executes an old INSERT with a sample value of its type for each
// parameter, inside a transaction that is rolled back: nil when the row
// went in.
func runInsert(ctx context.Context, conn *pgx.Conn, sql string, params []typeInfo) error {
	pc := conn.PgConn()
	if _, err := pc.Exec(ctx, "BEGIN").ReadAll(); err != nil {
		return err
	}
	defer func() { pc.Exec(context.Background(), "ROLLBACK").ReadAll() }()
	args := make([][]byte, len(params))
	oids := make([]uint32, len(params))
	for i, p := range params {
		oids[i] = p.oid
		args[i] = sampleValue(ctx, pc, p)
	}
	_, err := pc.ExecParams(ctx, sql, args, oids, nil, nil).Close()
	return err
}

// sampleValue is a text-format value of type t that its input function
// accepts (nil, NULL, for a type it does not know).
func sampleValue(ctx context.Context, pc *pgconn.PgConn, t typeInfo) []byte {
	switch t.name {
	case "uuid":
		return []byte("00000000-0000-0000-0000-000000000001")
	case "json", "jsonb":
		return []byte("{}")
	case "bytea":
		return []byte(`\x00`)
	case "xml":
		return []byte("<a/>")
	case "date":
		return []byte("2000-01-01")
	case "time without time zone", "time with time zone":
		return []byte("12:00:00")
	case "timestamp without time zone", "timestamp with time zone":
		return []byte("2000-01-01 00:00:00")
	}
	switch t.category {
	case "N", "V":
		return []byte("1")
	case "S":
		return []byte("x")
	case "B":
		return []byte("true")
	case "D":
		return []byte("2000-01-01 00:00:00")
	case "T":
		return []byte("1 day")
	case "A":
		return []byte("{}")
	case "I":
		return []byte("127.0.0.1")
	case "R":
		return []byte("empty")
	case "E":
		res := pc.ExecParams(ctx, "SELECT enumlabel FROM pg_enum WHERE enumtypid = $1 ORDER BY enumsortorder LIMIT 1",
			[][]byte{[]byte(fmt.Sprint(t.oid))}, []uint32{26}, nil, nil).Read()
		if res.Err == nil && len(res.Rows) == 1 {
			return append([]byte(nil), res.Rows[0][0]...)
		}
	}
	return nil
}

// insertProof checks an old INSERT after the release's migrations. When it
// ran before them (ran is nil), it runs again: a not-null violation is the
// failure the old code would see. Otherwise (a foreign key or check its
// sample values do not meet), the columns it leaves unset are compared with
// the catalog's required columns (insertCheck).
func insertProof(ctx context.Context, conn *pgx.Conn, q verdict.Query, sql string, b probe) *Failure {
	if b.runTried && b.ran == nil {
		err := runInsert(ctx, conn, sql, b.params)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23502" {
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: pe.Code, Check: "insert-run",
				Message: pe.Message + " (the old INSERT, run with its column list and sample values)"}
		}
		if errors.As(err, &pe) && pe.Code == "23514" && pe.ConstraintName != "" && !checkReadsParams(ctx, conn, q, pe.ConstraintName) {
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: pe.Code, Check: "insert-check",
				Message: pe.Message + " (the old INSERT, run with its values; the check reads no column it sets from a parameter)"}
		}
		if err == nil {
			return nil
		}
	}
	return insertCheck(ctx, conn, q, b.insertCols, b.missing)
}

// expectedUses maps each site the static verdict blocks on to the uses the
// rules declare broken there: what Postgres has to show.
func expectedUses(r *verdict.Result) map[string][]rules.Use {
	m := map[string][]rules.Use{}
	for _, it := range r.Findings {
		if !it.Blocking {
			continue
		}
		for _, s := range append(append([]verdict.Site(nil), it.Evidence.Confirmed...), it.Evidence.Possible...) {
			k := siteKey(s.File, s.Line)
			m[k] = append(m[k], it.Uses...)
		}
	}
	return m
}

// unconfirmedWhy says which Postgres check did not show what the static
// verdict expects of a site, by the uses declared broken there.
func unconfirmedWhy(uses []rules.Use) string {
	for _, u := range uses {
		switch u {
		case rules.UseInsertOmits:
			return "the old INSERT still goes in after the release's migrations (run with its column list and sample values, or compared with the required columns)"
		case rules.UseStarScan:
			return "the statement still returns the columns the old code scans after the release's migrations"
		case rules.UseCheckWrite:
			return "the old INSERT still goes in after the release's migrations (run with its values), or the write is an UPDATE, which verify does not run"
		case rules.UseEnumValue:
			return "the enum still has the label the old code uses after the release's migrations"
		case rules.UseParentDelete, rules.UseParentUpdate:
			return "no foreign key referencing the table went from an action that lets the old statement through to RESTRICT or NO ACTION, or lost its CASCADE, SET NULL or SET DEFAULT action with the child table and columns still there"
		case rules.UseRejectedWrite:
			return "whether the old code relies on the dropped foreign key's violation error is not something Postgres can show: the old write goes through either way"
		}
	}
	return "Postgres still prepares and plans the statement after the release's migrations"
}

// scanBreaks says whether a statement's result columns changing from
// before to after breaks the way the old code reads them. Only added
// columns are judged by the consumer: a positional scan fails when the
// count no longer matches its destinations, a mapper when it rejects a
// column it has no field for (sqlx, pgx RowToStructByName, bun, scany by
// default), not when it skips one (gorm, sqlx after Unsafe, beego); when
// the consumer is not known, what the statement returns is not a failure
// Postgres can show (the static verdict warns). Any other change (a
// column gone, renamed, reordered) is a failure.
func scanBreaks(sc *analyzer.Scan, before, after []string) bool {
	if len(after) <= len(before) || !sameColumns(before, after[:len(before)]) {
		return true
	}
	switch {
	case sc == nil:
		return false
	case sc.Kind == analyzer.ScanPositional:
		return sc.Dest == 0 || sc.Dest != len(after)
	}
	return sc.Strict
}

// scanTypeCheck: a result column whose type widened (integer to bigint,
// real to double precision) that the old code scans, by position, into a Go
// type that cannot hold the new type's values.
func scanTypeCheck(q verdict.Query, b, a probe) *Failure {
	sc := q.Scan
	if sc == nil || sc.Kind != analyzer.ScanPositional || len(sc.Types) != len(a.results) || len(b.results) != len(a.results) {
		return nil
	}
	narrow := map[string]map[string]bool{
		"bigint":           {"int8": true, "int16": true, "int32": true, "uint8": true, "uint16": true, "uint32": true, "sql.NullInt32": true, "sql.NullInt16": true, "pgtype.Int4": true, "pgtype.Int2": true},
		"integer":          {"int8": true, "int16": true, "uint8": true, "uint16": true, "sql.NullInt16": true, "pgtype.Int2": true},
		"double precision": {"float32": true, "pgtype.Float4": true},
		"numeric": {"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "uint": true, "uint8": true, "uint16": true,
			"uint32": true, "uint64": true, "sql.NullInt64": true, "sql.NullInt32": true, "sql.NullInt16": true,
			"pgtype.Int8": true, "pgtype.Int4": true, "pgtype.Int2": true},
	}
	for i := range a.results {
		x, y := b.results[i], a.results[i]
		if x.name == y.name {
			continue
		}
		gt := strings.TrimLeft(sc.Types[i], "*")
		if narrow[y.name][gt] {
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: "22003", Check: "scan-type",
				Message: fmt.Sprintf("result column %q is now %s where it was %s: the old code scans it into a Go %s, which a value out of its range overflows", b.fields[i], y.name, x.name, sc.Types[i])}
		}
	}
	return nil
}

// valueCheck: a result column or parameter whose type changed within its
// type category (typeCheck lets those by) must still carry the old code's
// values as they were. A result column: a typical value of the old type,
// converted to the new one, must read back as the same text (a char(n)
// value that fills the column does; a timestamp read back as timestamptz
// gains a time zone; numeric(10,2) → numeric(12,4) reads 1.50 as 1.5000).
// A parameter: the stored value converted from the old type must equal the
// same value sent as the new type, or filters stop finding the row (a
// real 0.1 is not the double 0.1).
func valueCheck(ctx context.Context, pc *pgconn.PgConn, q verdict.Query, b, a probe) *Failure {
	mk := func(msg string) *Failure {
		return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, Check: "value", Message: msg}
	}
	changed := func(x, y typeInfo) bool {
		return x.oid != 0 && y.oid != 0 && x.category == y.category && (x.oid != y.oid || x.typmod != y.typmod)
	}
	if len(b.results) == len(a.results) {
		for i := range b.results {
			x, y := b.results[i], a.results[i]
			if !changed(x, y) {
				continue
			}
			oldT, newT := formatType(ctx, pc, x), formatType(ctx, pc, y)
			v := typicalValue(ctx, pc, oldT, x)
			if oldT == "" || newT == "" || v == "" {
				continue
			}
			lit := quoteLiteral(v)
			r := pc.Exec(ctx, fmt.Sprintf("SELECT %s::%s, (%s::%s)::%s", lit, oldT, lit, oldT, newT))
			res, err := r.ReadAll()
			if err != nil || len(res) != 1 || len(res[0].Rows) != 1 {
				continue
			}
			before, after := string(res[0].Rows[0][0]), string(res[0].Rows[0][1])
			if before != after {
				return mk(fmt.Sprintf("result column %q is now %s where it was %s: a value the old code reads as %q now reads as %q", b.fields[i], newT, oldT, before, after))
			}
		}
	}
	if len(b.params) == len(a.params) {
		for i := range b.params {
			x, y := b.params[i], a.params[i]
			if !changed(x, y) {
				continue
			}
			oldT, newT := formatType(ctx, pc, x), formatType(ctx, pc, y)
			v := typicalValue(ctx, pc, oldT, x)
			if oldT == "" || newT == "" || v == "" {
				continue
			}
			lit := quoteLiteral(v)
			res, err := pc.Exec(ctx, fmt.Sprintf("SELECT ((%s::%s)::%s = %s::%s)::text", lit, oldT, newT, lit, newT)).ReadAll()
			if err != nil || len(res) != 1 || len(res[0].Rows) != 1 {
				continue
			}
			if string(res[0].Rows[0][0]) == "false" {
				return mk(fmt.Sprintf("parameter $%d is now %s where it was %s: the value %s the old code sends no longer equals the same value stored as %s and converted, so what it filters on stops matching", i+1, newT, oldT, lit, oldT))
			}
		}
	}
	return nil
}

// formatType is the SQL name of a type with its modifier.
func formatType(ctx context.Context, pc *pgconn.PgConn, t typeInfo) string {
	mod := "NULL"
	if t.typmod >= 0 && t.typmod != 0 {
		mod = fmt.Sprint(t.typmod)
	}
	res, err := pc.Exec(ctx, fmt.Sprintf("SELECT format_type(%d, %s)", t.oid, mod)).ReadAll()
	if err != nil || len(res) != 1 || len(res[0].Rows) != 1 {
		return ""
	}
	return string(res[0].Rows[0][0])
}

// typicalValue is a value of type typ (its format_type name) whose
// conversion shows what a type change does to it: a char(n) value fills
// the column, a real has no exact double, a timestamp has a fraction, a
// json object has keys out of order.
func typicalValue(ctx context.Context, pc *pgconn.PgConn, typ string, t typeInfo) string {
	var n int
	switch {
	case strings.HasPrefix(typ, "character(") && strings.HasSuffix(typ, ")"):
		if _, err := fmt.Sscanf(typ, "character(%d)", &n); err == nil && n > 0 && n <= 10485760 {
			return strings.Repeat("x", n)
		}
		return "x"
	case typ == "real" || typ == "double precision":
		return "0.1"
	case strings.HasPrefix(typ, "numeric"):
		return "1.5"
	case strings.HasPrefix(typ, "timestamp") && strings.HasSuffix(typ, "with time zone") && !strings.HasSuffix(typ, "without time zone"):
		return "2000-01-01 12:00:00.5+00"
	case strings.HasPrefix(typ, "timestamp"):
		return "2000-01-01 12:00:00.5"
	case strings.HasPrefix(typ, "time"):
		return "12:00:00.5"
	case typ == "json" || typ == "jsonb":
		return `{"b": 1,  "a": 2}`
	case typ == "cidr":
		return "192.168.1.7/32"
	}
	return string(sampleValue(ctx, pc, t))
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// fkRef is a foreign key that references a table the old code deletes
// from (or whose key it updates): its name and referential action.
type fkRef struct {
	name, action string
}

// fkActions reads, for each table q deletes from and each referenced
// column q updates, the foreign keys that reference it and their ON
// DELETE (ON UPDATE) action, keyed "delete child(cols)" ("update
// child(cols)").
func fkActions(ctx context.Context, conn *pgx.Conn, q verdict.Query) map[string]fkRef {
	if q.Query == nil {
		return nil
	}
	const fkSQL = `SELECT c.conrelid::regclass::text || '(' ||
  (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)) || ')',
  c.conname, c.confdeltype::text, c.confupdtype::text,
  coalesce($2::text = ANY (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey)), false)
FROM pg_constraint c WHERE c.contype = 'f' AND c.confrelid = to_regclass($1::text)`
	m := map[string]fkRef{}
	for _, u := range q.Query.Uses {
		del := u.Kind == sqlast.UseDelete && u.Column == ""
		upd := u.Kind == sqlast.UseUpdate && u.Column != "" && u.Column != sqlast.ColumnStar
		if u.Table.Name == "" || !del && !upd {
			continue
		}
		rows, err := conn.Query(ctx, fkSQL, regclassName(u.Table), u.Column)
		if err != nil {
			continue
		}
		for rows.Next() {
			var child, name, onDel, onUpd string
			var refCol bool
			if rows.Scan(&child, &name, &onDel, &onUpd, &refCol) != nil {
				continue
			}
			switch {
			case del:
				m["delete "+child] = fkRef{name, sqlast.FKAction(onDel)}
			case refCol:
				m["update "+child] = fkRef{name, sqlast.FKAction(onUpd)}
			}
		}
		rows.Close()
	}
	return m
}

// fkCheck: a foreign key that referenced what the old statement deletes
// (or the key it updates) with an action that let it through (CASCADE, SET
// NULL, SET DEFAULT) and that the release re-created with RESTRICT or NO
// ACTION: Postgres now rejects the old statement with 23503 whenever a row
// references the one it deletes. A key on other columns of the same
// referencing table counts as the same one when it is the only one that
// went and the only one that came.
//
// A key that let the old statement through by changing the referencing
// rows (CASCADE, SET NULL, SET DEFAULT) and is gone, with no key taking
// its place while its table and columns stay (kept), is a failure too,
// though no statement fails: the old DELETE (key UPDATE) leaves the rows
// the key used to delete (change) orphaned, which pg_constraint shows.
func fkCheck(q verdict.Query, before, after map[string]fkRef, kept func(key string) bool) *Failure {
	rejects := func(a string) bool { return a == "restrict" || a == "no action" }
	cascades := func(a string) bool { return a == "cascade" || a == "set null" || a == "set default" }
	var gone, came []string
	for k := range before {
		if _, ok := after[k]; !ok {
			gone = append(gone, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			came = append(came, k)
		}
	}
	sort.Strings(gone)
	sort.Strings(came)
	var keys []string
	for k := range before {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b := before[k]
		a, ok := after[k]
		ak := k
		if !ok && len(gone) == 1 && len(came) == 1 && gone[0] == k && tablePart(came[0]) == tablePart(k) {
			a, ok, ak = after[came[0]], true, came[0]
		}
		if !ok && cascades(b.action) && kept(k) {
			verb, act, does := "DELETE", "DELETE", "deletes"
			if strings.HasPrefix(k, "update ") {
				verb, act, does = "UPDATE", "UPDATE", "changes"
			}
			what := map[string]string{"cascade": "deleted", "set null": "set to NULL the key of", "set default": "set to its default the key of"}[b.action]
			if verb == "UPDATE" && b.action == "cascade" {
				what = "changed the key of"
			}
			child := strings.TrimPrefix(strings.TrimPrefix(k, "delete "), "update ")
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, Check: "fk-dropped",
				Message: fmt.Sprintf("foreign key %q of %s (ON %s %s) is gone while the table and columns stay: the old %s still goes through, but the rows of it that reference the row it %s, which ON %s %s %s, now stay as they were, orphaned",
					b.name, child, act, strings.ToUpper(b.action), verb, does, act, strings.ToUpper(b.action), what)}
		}
		if !ok || rejects(b.action) || !rejects(a.action) {
			continue
		}
		verb, what := "DELETE", "references the row it deletes"
		action := "DELETE"
		if strings.HasPrefix(k, "update ") {
			verb, what, action = "UPDATE", "references the key it changes", "UPDATE"
		}
		return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: "23503", Check: "fk-action",
			Message: fmt.Sprintf("foreign key %q of %s is now ON %s %s (was %s): the old %s fails with a foreign key violation while a row of it %s",
				a.name, strings.TrimPrefix(strings.TrimPrefix(ak, "delete "), "update "), action, strings.ToUpper(a.action), strings.ToUpper(b.action), verb, what)}
	}
	return nil
}

// fkColumnsKept says whether the referencing table and columns of an
// fkActions key ("delete child(a,b)") are still there.
func fkColumnsKept(ctx context.Context, conn *pgx.Conn, key string) bool {
	k := key[strings.IndexByte(key, ' ')+1:]
	i := strings.LastIndexByte(k, '(')
	if i < 0 || !strings.HasSuffix(k, ")") {
		return false
	}
	cols := strings.Split(k[i+1:len(k)-1], ",")
	var n int
	err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attname = ANY ($2::text[]) AND NOT attisdropped AND attnum > 0`,
		k[:i], cols).Scan(&n)
	return err == nil && n == len(cols)
}

// tablePart is the referencing table of an fkActions key.
func tablePart(k string) string {
	k = k[strings.IndexByte(k, ' ')+1:]
	if i := strings.IndexByte(k, '('); i >= 0 {
		return k[:i]
	}
	return k
}

// checkReadsParams says whether CHECK constraint con of the INSERT's table
// reads a column the INSERT sets from a parameter (or from anything but a
// literal), whose sample value, not the old code's, may be what it
// rejects. The columns are Postgres's (pg_constraint.conkey).
func checkReadsParams(ctx context.Context, conn *pgx.Conn, q verdict.Query, con string) bool {
	qq := q.Query
	if qq == nil || qq.InsertTable == nil || len(qq.Rows) == 0 {
		return true
	}
	rows, err := conn.Query(ctx, `SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
WHERE c.conrelid = to_regclass($1::text) AND c.conname = $2`, regclassName(*qq.InsertTable), con)
	if err != nil {
		return true
	}
	defer rows.Close()
	reads := map[string]bool{}
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil {
			reads[s] = true
		}
	}
	if rows.Err() != nil || len(reads) == 0 {
		return true
	}
	for i, c := range qq.InsertColumns {
		if !reads[c] {
			continue
		}
		for _, r := range qq.Rows {
			if i >= len(r) || !literalTerm(r[i]) {
				return true
			}
		}
	}
	return false
}

// literalTerm: a literal, NULL, or a cast of one.
func literalTerm(t *sqlast.Term) bool {
	for t != nil && t.Kind == sqlast.TermCast && len(t.Args) == 1 {
		t = t.Args[0]
	}
	return t != nil && (t.Kind == sqlast.TermConst || t.Kind == sqlast.TermNull)
}
