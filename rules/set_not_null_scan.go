package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "set-not-null-scan",
		Title:      "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`ALTER TABLE … ALTER COLUMN col SET NOT NULL` reads every row of the table to prove " +
			"that none holds NULL, and holds an ACCESS EXCLUSIVE lock while it does: no read and no " +
			"write of the table completes until the scan is over, which on a large table is minutes. " +
			"Since Postgres 12 the scan is skipped when a *validated* CHECK constraint already proves " +
			"the column is never NULL (`CHECK (col IS NOT NULL)`, alone or ANDed with other " +
			"conditions). A check added `NOT VALID` and not yet validated proves nothing, and " +
			"neither does one added in the same ALTER TABLE. `VALIDATE CONSTRAINT` scans under a " +
			"SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on, but only in a transaction " +
			"that does not already hold the ACCESS EXCLUSIVE lock the `ADD CONSTRAINT` took (see " +
			"statements-after-access-exclusive). Columns of tables the migrations create and columns " +
			"that are already NOT NULL are not flagged. (Whether old code still writes NULL is " +
			"set-not-null's question.)",
		Bad: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n" +
			"-- migration\n" +
			"ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n" +
			"ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n" +
			"-- migration\n" +
			"-- migration 1:\n" +
			"ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n" +
			"-- migration 2 (its own transaction):\n" +
			"ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n" +
			"-- migration 3:\n" +
			"ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n" +
			"ALTER TABLE users DROP CONSTRAINT users_email_not_null;",
		Fix: []string{
			"Add `CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID` (a short ACCESS EXCLUSIVE lock, no scan).",
			"In a later statement outside that transaction (a separate migration), `VALIDATE CONSTRAINT c`: it scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.",
			"Then `ALTER COLUMN col SET NOT NULL`: Postgres 12+ sees the validated check and skips the scan.",
			"Drop the check, which SET NOT NULL has made redundant.",
			"Before Postgres 12 there is no online way: schedule a maintenance window, or keep the validated check instead of NOT NULL.",
		},
		Default: true,
		Check:   checkSetNotNullScan,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkSetNotNullScan(c *Context) {
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") || !lkExistingTable(c, at.Table) {
		return
	}
	t := lkTable(c, at.Table)
	tq := lkQuote(at.Table)
	for i := range at.Cmds {
		cmd := &at.Cmds[i]
		if cmd.Kind != sqlast.SetNotNull || cmd.Column == "" {
			continue
		}
		if col := t.Column(cmd.Column); col != nil && col.NotNull {
			continue // already NOT NULL: nothing to prove
		}
		valid, notValid := nnsChecks(t, cmd.Column)
		if valid != "" && c.PGVersion >= 12 {
			continue
		}
		obj := Object{Type: sqlast.ObjColumn, Schema: at.Table.Schema, Table: at.Table.Name, Column: cmd.Column}
		msg := "setting not null on column " + lkQ(cmd.Column) + " of existing table " + tq +
			" scans the whole table under an access exclusive lock that blocks reads and writes of " + tq
		name := at.Table.Name + "_" + cmd.Column + "_not_null"
		help := "add CONSTRAINT " + name + " CHECK (" + cmd.Column + " IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL and drop the check"
		switch {
		case valid != "":
			msg += " (postgres " + itoaLk(c.PGVersion) + " cannot use the validated check " + lkQ(valid) + " to skip the scan; 12 and later can)"
			help = "upgrade to postgres 12+ (then SET NOT NULL uses the validated check), or keep the check instead of NOT NULL"
		case notValid != "":
			msg += ": check constraint " + lkQ(notValid) + " is not validated yet, so postgres cannot use it to skip the scan"
			help = "VALIDATE CONSTRAINT " + notValid + " in an earlier migration (outside the transaction that added it), then SET NOT NULL and drop the check"
		}
		if c.PGVersion > 0 && c.PGVersion < 12 && valid == "" {
			help = "postgres before 12 always scans: schedule a maintenance window, or keep a validated CHECK (" + cmd.Column + " IS NOT NULL) instead of NOT NULL"
		}
		c.Report(cmd.Pos, obj, msg, help)
	}
}

// nnsChecks returns the name of a validated and of a not yet validated
// check constraint of t that proves col is never NULL ("" when none).
func nnsChecks(t *catalog.Table, col string) (valid, notValid string) {
	if t == nil {
		return "", ""
	}
	for _, con := range t.Constraints {
		if con.Kind != sqlast.ConCheck || con.Check == nil || !nnsProves(con.Check.Text, col) {
			continue
		}
		if con.NotValid {
			if notValid == "" {
				notValid = con.Name
			}
		} else if valid == "" {
			valid = con.Name
		}
	}
	return valid, notValid
}

// nnsProves reports whether check expression text has a top-level AND
// conjunct `col IS NOT NULL` or `NOT col IS NULL`, which Postgres 12+
// accepts as proof that col holds no NULL (a strict comparison such as
// col > 0 is not: a CHECK lets NULL through).
func nnsProves(text, col string) bool {
	for _, part := range nnsConjuncts(text) {
		p := nnsStrip(part)
		low := strings.ToLower(p)
		var ident string
		switch {
		case strings.HasSuffix(low, " is not null"):
			ident = p[:len(p)-len(" is not null")]
		case strings.HasPrefix(low, "not ") && strings.HasSuffix(low, " is null"):
			ident = nnsStrip(p[len("not ") : len(p)-len(" is null")])
		default:
			continue
		}
		if nnsIdent(nnsStrip(ident)) == col {
			return true
		}
	}
	return false
}

// nnsConjuncts splits s at the ANDs outside parentheses and quotes.
func nnsConjuncts(s string) []string {
	s = nnsStrip(s)
	var out []string
	depth, start := 0, 0
	inStr, inIdent := false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case inStr:
			inStr = ch != '\''
		case inIdent:
			inIdent = ch != '"'
		case ch == '\'':
			inStr = true
		case ch == '"':
			inIdent = true
		case ch == '(':
			depth++
		case ch == ')':
			depth--
		case depth == 0 && i > 0 && i+3 < len(s) && strings.EqualFold(s[i:i+3], "and") &&
			nnsSep(s[i-1]) && nnsSep(s[i+3]):
			out = append(out, s[start:i])
			start = i + 3
			i += 2
		}
	}
	return append(out, s[start:])
}

// nnsSep reports a byte that may stand next to the keyword AND.
func nnsSep(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '(' || b == ')'
}

// nnsStrip trims blanks and parentheses that enclose all of s.
func nnsStrip(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
			return s
		}
		// Only when the opening parenthesis closes at the very end.
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 && i != len(s)-1 {
					return s
				}
			}
		}
		s = s[1 : len(s)-1]
	}
}

// nnsIdent returns the column an identifier names: quoted names as
// written, plain names folded to lower case; "" for anything else.
func nnsIdent(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	if s == "" || strings.ContainsAny(s, " ()'\".") {
		return ""
	}
	return strings.ToLower(s)
}
