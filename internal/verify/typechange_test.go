package verify_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// typeChange is one ALTER COLUMN … TYPE: the values old code wrote before
// it (and writes after it), and, for a change the rules call a widening, a
// value the new type takes that the old one does not.
type typeChange struct {
	from, to string
	samples  []string
	big      string
}

// What Postgres shows the old code after a type change.
type pgSeen struct {
	alterErr   string // the ALTER failed on the old values
	readDiff   string // a value reads back otherwise
	filterDiff string // WHERE c = value finds other rows
	writeErr   string // the new type rejects a value the old one took
	catDiff    string // the result column's type category changed
	wider      bool   // the new type takes a value the old one rejects
}

func (s pgSeen) breaks() string {
	for _, x := range []string{s.alterErr, s.readDiff, s.filterDiff, s.writeErr, s.catDiff} {
		if x != "" {
			return x
		}
	}
	return ""
}

const uuidText = "123e4567-e89b-12d3-a456-426614174000"

// typeChanges covers the families rules/change_column_type.go decides:
// each safe conversion, its unsafe neighbours, and the widenings.
var typeChanges = []typeChange{
	{from: "varchar(20)", to: "varchar(40)", samples: []string{"abc", "abcdefghijklmnopqrst", "x "}},
	{from: "varchar(20)", to: "varchar(10)", samples: []string{"abc", "abcdefghijklmnopqrst"}},
	{from: "varchar(20)", to: "text", samples: []string{"abc", "abcdefghijklmnopqrst", "x "}},
	{from: "varchar(20)", to: "varchar", samples: []string{"abc", "x "}},
	{from: "varchar", to: "varchar(20)", samples: []string{"abc", strings.Repeat("y", 30)}},
	{from: "text", to: "varchar", samples: []string{"abc", "x "}},
	{from: "text", to: "varchar(10)", samples: []string{"abc", strings.Repeat("y", 30)}},
	{from: "varchar(2)", to: "char(2)", samples: []string{"a", "ab"}},
	{from: "text", to: "char(36)", samples: []string{uuidText, "a"}},
	{from: "char(36)", to: "varchar(36)", samples: []string{uuidText, "short"}},
	{from: "char(36)", to: "varchar(40)", samples: []string{uuidText, "short"}},
	{from: "char(36)", to: "varchar", samples: []string{uuidText, "short"}},
	{from: "char(36)", to: "text", samples: []string{uuidText, "short"}},
	{from: "character(2)", to: "text", samples: []string{"ab", "a"}},
	{from: "char(36)", to: "varchar(20)", samples: []string{uuidText}},
	{from: "char(10)", to: "char(20)", samples: []string{"abcdefghij", "abc"}},
	{from: "char(20)", to: "char(10)", samples: []string{"abcdefghij"}},
	{from: "char(36)", to: "uuid", samples: []string{uuidText}},
	{from: "varchar(20)[]", to: "text[]", samples: []string{"{a,b}"}},
	{from: "char(3)[]", to: "varchar(3)[]", samples: []string{"{abc,xyz}"}},
	{from: "numeric(10,2)", to: "numeric(12,2)", samples: []string{"1.50", "12345678.99"}},
	{from: "numeric(10,2)", to: "numeric", samples: []string{"1.50", "12345678.99"}},
	{from: "numeric(10,2)", to: "numeric(12,4)", samples: []string{"1.50"}},
	{from: "numeric(10,2)", to: "numeric(8,2)", samples: []string{"12345678.99"}},
	{from: "timestamp", to: "timestamptz", samples: []string{"2000-01-01 12:00:00"}},
	{from: "timestamptz", to: "timestamp", samples: []string{"2000-01-01 12:00:00+00"}},
	{from: "timestamp(3)", to: "timestamp(6)", samples: []string{"2000-01-01 12:00:00.123"}},
	{from: "timestamptz(3)", to: "timestamptz", samples: []string{"2000-01-01 12:00:00.123+00"}},
	{from: "timestamp", to: "timestamp(0)", samples: []string{"2000-01-01 12:00:00.123456"}},
	{from: "json", to: "jsonb", samples: []string{`{"b": 1,  "a": 2}`}},
	{from: "cidr", to: "inet", samples: []string{"10.0.0.0/8", "192.168.1.7/32"}},
	{from: "inet", to: "cidr", samples: []string{"192.168.1.7/24"}},
	{from: "varbit(8)", to: "varbit(16)", samples: []string{"1010"}},
	{from: "smallint", to: "integer", samples: []string{"1", "32767"}, big: "2147483647"},
	{from: "integer", to: "bigint", samples: []string{"1", "2147483647"}, big: "9223372036854775807"},
	{from: "smallint", to: "bigint", samples: []string{"-32768"}, big: "9223372036854775807"},
	{from: "real", to: "double precision", samples: []string{"0.1", "1.5"}, big: "1e300"},
	{from: "bigint", to: "integer", samples: []string{"1", "9223372036854775807"}},
	{from: "integer", to: "text", samples: []string{"1"}},
	{from: "integer", to: "numeric", samples: []string{"1", "2147483647"}, big: "1.5"},
	{from: "bigint", to: "numeric(20,0)", samples: []string{"9223372036854775807"}, big: "99999999999999999999"},
	{from: "integer", to: "numeric(12,4)", samples: []string{"1"}},
}

// TestTypeChangesOnPostgres checks, for every type change above, what the
// rules declare (rules.Owner over a column-retyped change: no declaration
// is safe, UseColumn breaks, UseNarrowScan is a widening) against what
// Postgres shows code written for the old type: its values written before
// the change read back the same (a char(n) value that did not fill the
// column may lose the padding, which Postgres does not count as part of
// the value; a real is compared as a real), filters on them find the same
// rows, the new type takes them, and the result column stays in its type
// category. A change that keeps all of that must be declared safe or a
// widening, and only a change whose new type takes values the old one
// does not can be a widening.
func TestTypeChangesOnPostgres(t *testing.T) {
	dsn := needPG(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	db := fmt.Sprintf("rbcheck_typechange_%d", os.Getpid())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+db).ReadAll(); err != nil {
		t.Fatal(err)
	}
	defer func() { admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db).ReadAll() }()
	conn, err := pgconn.Connect(ctx, strings.Replace(dsn, "dbname=postgres", "dbname="+db, 1))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	// The migration runs in a session whose time zone is not UTC, as many do.
	if _, err := conn.Exec(ctx, "SET TimeZone = 'America/New_York'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range typeChanges {
		name := tc.from + " → " + tc.to
		t.Run(name, func(t *testing.T) {
			seen := observe(ctx, t, conn, tc)
			decl := declared(t, tc.from, tc.to)
			pgBreaks := seen.breaks()
			switch {
			case pgBreaks != "" && decl != "breaks":
				t.Errorf("the rules call it %s, Postgres shows the old code a difference: %s", decl, pgBreaks)
			case pgBreaks == "" && decl == "breaks":
				t.Errorf("the rules call it breaking, Postgres shows the old code no difference (values read, filters, writes and the type category are the same)")
			case decl == "a widening" && !seen.wider:
				t.Errorf("the rules call it a widening, but Postgres takes no value in the new type that the old one rejects")
			}
		})
	}
}

// declared is what the rules declare about the change: "safe",
// "a widening" or "breaks".
func declared(t *testing.T, from, to string) string {
	t.Helper()
	typeOf := func(s string) sqlast.TypeName {
		stmts, errs := pgparse.Parse("t.sql", "CREATE TABLE t (c "+s+");")
		if len(errs) > 0 || len(stmts) != 1 {
			t.Fatalf("parse %s: %v", s, errs)
		}
		return stmts[0].Node.(*sqlast.CreateTable).Columns[0].Type
	}
	ch := &change.Change{Kind: change.ColumnRetyped, Cause: catalog.OpAlterType, Table: sqlast.Name{Schema: "public", Name: "t"},
		Column: "c", From: typeOf(from), To: typeOf(to)}
	_, b := rules.Owner(ch, nil)
	if b == nil {
		return "safe"
	}
	for _, u := range b.Uses {
		if u == rules.UseColumn {
			return "breaks"
		}
	}
	return "a widening"
}

func observe(ctx context.Context, t *testing.T, conn *pgconn.PgConn, tc typeChange) pgSeen {
	t.Helper()
	exec := func(sql string, args ...string) ([]*pgconn.Result, error) {
		params := make([][]byte, len(args))
		for i, a := range args {
			params[i] = []byte(a)
		}
		// Parameters of unspecified type in text format, as database/sql
		// drivers send a Go string.
		r := conn.ExecParams(ctx, sql, params, nil, nil, nil).Read()
		return []*pgconn.Result{r}, r.Err
	}
	must := func(sql string, args ...string) *pgconn.Result {
		res, err := exec(sql, args...)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return res[0]
	}
	conn.Exec(ctx, "DROP TABLE IF EXISTS tc").ReadAll()
	must("CREATE TABLE tc (id serial PRIMARY KEY, c " + tc.from + ")")
	defer func() { conn.Exec(context.Background(), "DROP TABLE IF EXISTS tc").ReadAll() }()
	for _, s := range tc.samples {
		must("INSERT INTO tc (c) VALUES ($1)", s)
	}
	read := func() []string {
		var out []string
		for _, r := range must("SELECT c FROM tc ORDER BY id").Rows {
			out = append(out, string(r[0]))
		}
		return out
	}
	// Filters: what WHERE c = value finds ("-" when the type has no
	// equality, so old code cannot have filtered on it).
	counts := func() []string {
		var out []string
		for _, s := range tc.samples {
			res, err := exec("SELECT count(*) FROM tc WHERE c = $1", s)
			if err != nil {
				out = append(out, "-")
				continue
			}
			out = append(out, string(res[0].Rows[0][0]))
		}
		return out
	}
	category := func() string {
		r := must("SELECT t.typcategory::text FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = 'tc'::regclass AND a.attname = 'c'")
		return string(r.Rows[0][0])
	}
	beforeRead, beforeCount, beforeCat := read(), counts(), category()
	fromChar := strings.HasPrefix(tc.from, "char") || strings.HasPrefix(tc.from, "character(")
	fromReal := tc.from == "real"

	var seen pgSeen
	if _, err := exec("ALTER TABLE tc ALTER COLUMN c TYPE " + tc.to); err != nil {
		seen.alterErr = "the change fails on the old values: " + err.Error()
		return seen
	}
	afterRead, afterCount, afterCat := read(), counts(), category()
	for i := range beforeRead {
		b, a := beforeRead[i], afterRead[i]
		same := a == b
		if !same && fromChar && a == strings.TrimRight(b, " ") && a != "" && !strings.HasPrefix(tc.to, "char") {
			same = true // the padding of a value shorter than the column
		}
		if !same && fromReal {
			x, e1 := strconv.ParseFloat(b, 32)
			y, e2 := strconv.ParseFloat(a, 64)
			same = e1 == nil && e2 == nil && float32(x) == float32(y)
		}
		if !same {
			seen.readDiff = fmt.Sprintf("%q reads back as %q", b, a)
			break
		}
	}
	for i := range beforeCount {
		if beforeCount[i] != "-" && beforeCount[i] != afterCount[i] {
			seen.filterDiff = fmt.Sprintf("WHERE c = %q finds %s rows where it found %s", tc.samples[i], afterCount[i], beforeCount[i])
			break
		}
	}
	if beforeCat != afterCat {
		seen.catDiff = fmt.Sprintf("the type category changes from %s to %s", beforeCat, afterCat)
	}
	for _, s := range tc.samples {
		if _, err := exec("INSERT INTO tc (c) VALUES ($1)", s); err != nil {
			seen.writeErr = fmt.Sprintf("writing %q fails: %v", s, err)
			break
		}
	}
	if tc.big != "" {
		_, errNew := exec("INSERT INTO tc (c) VALUES ($1)", tc.big)
		_, errOld := exec("SELECT $1::"+tc.from, tc.big)
		seen.wider = errNew == nil && errOld != nil
	}
	return seen
}
