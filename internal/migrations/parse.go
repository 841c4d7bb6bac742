package migrations

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// parseSQL parses a (masked) file text.
var parseSQL = pgparse.Parse

// safeParse calls the parser and turns a panic into a parse error, so one
// file never stops the load.
func safeParse(file, src string) (stmts []*sqlast.Stmt, errs []*sqlast.ParseError) {
	defer func() {
		if r := recover(); r != nil {
			stmts = nil
			errs = []*sqlast.ParseError{{Pos: sqlast.Pos{File: file, Line: 1, Col: 1}, Msg: fmt.Sprintf("internal error parsing the file: %v", r)}}
		}
	}()
	return parseSQL(file, src)
}

// loadSection parses one part of a file and sets the transaction flags.
func loadSection(file, src string, p part) *Section {
	masked := maskText(src, p.lines)
	s := &Section{src: masked}
	parsed, substituted := masked, false
	if p.subst {
		parsed, substituted = substitutePlaceholders(masked, p.values)
	}
	if strings.TrimSpace(parsed) != "" {
		s.Stmts, s.Errors = safeParse(file, parsed)
	}
	if substituted {
		// Show the statements as written, placeholders included.
		for _, st := range s.Stmts {
			if st.Pos.Offset >= 0 && st.End.Offset <= len(masked) && st.Pos.Offset <= st.End.Offset {
				st.Text = masked[st.Pos.Offset:st.End.Offset]
			}
		}
	}
	s.Empty = len(s.Stmts) == 0 && len(s.Errors) == 0
	setTx(s, p.mode)
	fillComments(s, masked)
	return s
}

// setTx sets Section.InTx from the tool's mode and Stmt.InTx statement by
// statement, following explicit BEGIN / COMMIT / ROLLBACK.
func setTx(s *Section, mode txMode) {
	switch mode {
	case txImplicit:
		// One query string: several statements form one implicit
		// transaction block (explicit COMMITs inside it start another).
		s.InTx = len(s.Stmts) > 1
		for _, st := range s.Stmts {
			st.InTx = s.InTx
		}
		return
	case txWrapped:
		s.InTx = true
	case txFlyway:
		s.InTx = true
		for _, st := range s.Stmts {
			if nonTransactional(st) {
				s.InTx = false
				break
			}
		}
	case txNone:
		s.InTx = false
	}
	cur := s.InTx
	for _, st := range s.Stmts {
		tx, ok := st.Node.(*sqlast.Transaction)
		if !ok {
			st.InTx = cur
			continue
		}
		switch tx.Kind {
		case sqlast.TxBegin:
			st.InTx = true
			cur = true
		case sqlast.TxCommit, sqlast.TxRollback:
			// COMMIT ends the transaction, whoever opened it: what follows
			// runs with autocommit.
			st.InTx = true
			cur = false
		default:
			st.InTx = cur
		}
	}
}

// nonTransactional reports statements Postgres refuses to run in a
// transaction block (Flyway detects them and runs the migration without one).
func nonTransactional(st *sqlast.Stmt) bool {
	switch n := st.Node.(type) {
	case *sqlast.CreateIndex:
		return n.Concurrently
	case *sqlast.Drop:
		return n.Concurrently
	case *sqlast.Reindex:
		return n.Concurrently
	case *sqlast.Vacuum:
		return true
	case *sqlast.DropDatabase:
		return true
	case *sqlast.AlterTable:
		for _, c := range n.Cmds {
			if c.Concurrent {
				return true
			}
		}
	}
	switch st.Kind {
	case "CreatedbStmt", "DropdbStmt", "AlterSystemStmt", "CreateTableSpaceStmt", "DropTableSpaceStmt":
		return true
	}
	return false
}

// fillComments sets Stmt.Comment, when the parser did not, to the comment
// lines directly above the statement (as written, `--` included, as
// internal/pgparse does). It walks src from line to line rather than
// splitting it into lines (which allocated as much as the text itself).
func fillComments(s *Section, src string) {
	if len(s.Stmts) == 0 {
		return
	}
	last := countLines(src) - 1 // the last line (0-based)
	line, off := 0, 0           // a line and its start, moved from statement to statement
	for _, st := range s.Stmts {
		if st.Comment != "" || st.Pos.Line < 2 || st.Pos.Line-2 > last {
			continue
		}
		above := st.Pos.Line - 2 // the line above the statement (0-based)
		for line < above {
			off += strings.IndexByte(src[off:], '\n') + 1
			line++
		}
		for line > above {
			off = strings.LastIndexByte(src[:off-1], '\n') + 1
			line--
		}
		var got []string
		for start := off; ; {
			end := len(src)
			if j := strings.IndexByte(src[start:], '\n'); j >= 0 {
				end = start + j
			}
			t := strings.TrimSpace(src[start:end])
			if !strings.HasPrefix(t, "--") {
				break
			}
			got = append(got, t)
			if start == 0 {
				break
			}
			start = strings.LastIndexByte(src[:start-1], '\n') + 1
		}
		for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
			got[i], got[j] = got[j], got[i]
		}
		st.Comment = strings.Join(got, "\n")
	}
}
