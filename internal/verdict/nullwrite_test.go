package verdict

import (
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

const notesOld = `CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL, author text DEFAULT 'anon');` + "\n"

const notesNotNull = `ALTER TABLE notes ALTER COLUMN author SET NOT NULL;` + "\n"

// withArgs gives statement i of oc the Go arguments args.
func withArgs(oc *OldCode, i int, args ...analyzer.Arg) *OldCode {
	oc.Queries[i].Args = args
	return oc
}

func arg(expr, typ, null string) analyzer.Arg { return analyzer.Arg{Expr: expr, Type: typ, Null: null} }

// TestNullWriteByArgType: a column set NOT NULL (it has a default), written
// by one statement whose placeholder is bound to a Go argument: the
// argument's type decides between no warning, a warning naming the type,
// the generic warning, and a blocking finding.
func TestNullWriteByArgType(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		args      []analyzer.Arg
		verdict   string
		warn      string // "" no warning about notes.author
	}{
		{"uuid array never NULL", "UPDATE notes SET author = $1 WHERE id = $2", []analyzer.Arg{arg("u", "uuid.UUID", analyzer.ArgNeverNull), arg("id", "int64", analyzer.ArgNeverNull)}, RollbackSafe, ""},
		{"string never NULL", "INSERT INTO notes (id, body, author) VALUES ($1, $2, $3)", []analyzer.Arg{arg("id", "int64", analyzer.ArgNeverNull), arg("b", "string", analyzer.ArgNeverNull), arg("a", "string", analyzer.ArgNeverNull)}, RollbackSafe, ""},
		{"pointer may be NULL", "UPDATE notes SET author = $1 WHERE id = $2", []analyzer.Arg{arg("a", "*string", analyzer.ArgMayNull), arg("id", "int64", analyzer.ArgNeverNull)}, RollbackSafe, `"notes.author" is written at a.go:10 from $1 (a, a Go *string), which may be NULL`},
		{"bytes may be NULL", "INSERT INTO notes (id, body, author) VALUES ($1, $2, $3::text)", []analyzer.Arg{arg("id", "int64", analyzer.ArgNeverNull), arg("b", "string", analyzer.ArgNeverNull), arg("raw", "[]byte", analyzer.ArgMayNull)}, RollbackSafe, `from $3 (raw, a Go []byte), which may be NULL`},
		{"type not known", "UPDATE notes SET author = $1 WHERE id = $2", []analyzer.Arg{arg("x", "", ""), arg("id", "int64", analyzer.ArgNeverNull)}, RollbackSafe, `"notes.author" is used at a.go:10, but whether it writes NULL is not known: the Go type of $1 (x) is not known`},
		{"struct type", "UPDATE notes SET author = $1 WHERE id = $2", []analyzer.Arg{arg("p", "store.Person", ""), arg("id", "int64", analyzer.ArgNeverNull)}, RollbackSafe, `whether it writes NULL is not known: what a Go store.Person bound to $1 (p) gives the database is not known`},
		{"expression", "UPDATE notes SET author = nullif($1, '') WHERE id = $2", []analyzer.Arg{arg("a", "string", analyzer.ArgNeverNull), arg("id", "int64", analyzer.ArgNeverNull)}, RollbackSafe, `whether it writes NULL is not known: it writes nullif($1, '')`},
		{"arguments not read", "UPDATE notes SET author = $1 WHERE id = $2", nil, RollbackSafe, `whether it writes NULL is not known: the Go argument bound to $1 is not read`},
		{"Go nil", "UPDATE notes SET author = $1 WHERE id = $2", []analyzer.Arg{arg("nil", "nil", analyzer.ArgNull), arg("id", "int64", analyzer.ArgNeverNull)}, RollForwardOnly, ""},
		{"NULL literal", "UPDATE notes SET author = NULL WHERE id = $1", []analyzer.Arg{arg("id", "int64", analyzer.ArgNeverNull)}, RollForwardOnly, ""},
		{"coalesce with a constant", "UPDATE notes SET author = coalesce($1, 'anon') WHERE id = $2", []analyzer.Arg{arg("a", "*string", analyzer.ArgMayNull), arg("id", "int64", analyzer.ArgNeverNull)}, RollbackSafe, ""},
		{"reads the column only", "UPDATE notes SET body = $1 WHERE author = $2", []analyzer.Arg{arg("b", "string", analyzer.ArgNeverNull), arg("a", "*string", analyzer.ArgMayNull)}, RollbackSafe, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := checkRelease(t, notesOld, notesNotNull, withArgs(codeOf(t, tc.sql), 0, tc.args...))
			if res.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s; findings %+v", res.Verdict, tc.verdict, res.Findings)
			}
			checkAuthorWarning(t, res, tc.warn)
			if tc.verdict == RollForwardOnly && (len(res.Findings) == 0 || len(res.Findings[0].Evidence.Confirmed) != 1 || res.Findings[0].Rule != "set-not-null") {
				t.Fatalf("want one confirmed set-not-null use: %+v", res.Findings)
			}
			if tc.verdict == RollForwardOnly && !strings.Contains(res.Findings[0].Evidence.Why, `the old UPDATE at a.go:10 writes `) {
				t.Fatalf("why %q names no write", res.Findings[0].Evidence.Why)
			}
		})
	}
}

// TestNullWritePartialStatement: the values of a statement built at run
// time are not known, whatever its Go arguments: a warning that says so.
func TestNullWritePartialStatement(t *testing.T) {
	oc := withArgs(codeOf(t, "UPDATE notes SET author = $1 WHERE id = $2"), 0, arg("a", "string", analyzer.ArgNeverNull), arg("id", "int64", analyzer.ArgNeverNull))
	oc.Queries[0].Site.Confidence = "partial"
	for i := range oc.Uses {
		oc.Uses[i].Site.Confidence = "partial"
	}
	res := checkRelease(t, notesOld, notesNotNull, oc)
	want := `"notes.author" is used at a.go:10, but whether it writes NULL is not known: the statement is built at run time`
	if res.Verdict != RollbackSafe || !strings.Contains(warningsText(res), want) {
		t.Fatalf("verdict %s, warnings:\n%s\nwant one holding %q", res.Verdict, warningsText(res), want)
	}
}

// TestNullWriteModelField: a column an ORM model maps, set NOT NULL, is
// judged by what the model's field can give it (analyzer.Ref.Write): a
// field never NULL gives no warning, one that may be NULL a warning that
// names it, one of a type not known the generic warning.
func TestNullWriteModelField(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write *analyzer.Arg
		warn  string
	}{
		{"string field", &analyzer.Arg{Expr: "Note.Author", Type: "string", Null: analyzer.ArgNeverNull}, ""},
		{"pointer field", &analyzer.Arg{Expr: "Note.Author", Type: "*string", Null: analyzer.ArgMayNull}, `"notes.author" is written at m.go:4 from its model's field Note.Author (a Go *string), which may be NULL`},
		{"type not known", &analyzer.Arg{Expr: "Note.Author", Type: "x.Name"}, `"notes.author" is used at m.go:4, but whether it writes NULL is not known: an ORM writes it from its model's field`},
		{"no field", nil, `whether it writes NULL is not known: an ORM writes it from its model's field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := site("m.go", 4, "", sqlast.UseModel)
			s.Via = "gorm"
			oc := &OldCode{Uses: []Use{{Table: sqlast.Name{Name: "notes"}, Column: "author", Site: s, Write: tc.write}}}
			res := checkRelease(t, notesOld, notesNotNull, oc)
			if res.Verdict != RollbackSafe {
				t.Fatalf("verdict %s, want %s", res.Verdict, RollbackSafe)
			}
			checkAuthorWarning(t, res, tc.warn)
		})
	}
}

// checkAuthorWarning: res warns about notes.author with a message holding
// warn, or, for "", not at all.
func checkAuthorWarning(t *testing.T, res *Result, warn string) {
	t.Helper()
	w := warningsText(res)
	switch {
	case warn == "" && strings.Contains(w, "notes.author"):
		t.Fatalf("unexpected warning:\n%s", w)
	case warn != "" && !strings.Contains(w, warn):
		t.Fatalf("warnings:\n%s\nwant one holding %q", w, warn)
	}
}
