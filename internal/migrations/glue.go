package migrations

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// pgparseParse is a TEMPORARY stand-in until internal/pgparse lands: it
// splits on top-level semicolons only.
func pgparseParse(file, src string) ([]*sqlast.Stmt, []*sqlast.ParseError) {
	starts := lineStarts(src)
	var out []*sqlast.Stmt
	cs := scanComments(src)
	inComment := func(i int) bool {
		for _, c := range cs {
			if i >= c.Start && i < c.End {
				return true
			}
		}
		return false
	}
	begin := -1
	emit := func(end int) {
		if begin < 0 {
			return
		}
		text := strings.TrimSpace(src[begin:end])
		l, c := posAt(starts, begin)
		el, ec := posAt(starts, end)
		st := &sqlast.Stmt{Pos: sqlast.Pos{File: file, Line: l, Col: c, Offset: begin}, End: sqlast.Pos{File: file, Line: el, Col: ec, Offset: end}, Text: text, Node: &sqlast.Other{}}
		switch strings.ToUpper(strings.Fields(text)[0]) {
		case "BEGIN":
			st.Node = &sqlast.Transaction{Kind: sqlast.TxBegin}
		case "COMMIT":
			st.Node = &sqlast.Transaction{Kind: sqlast.TxCommit}
		}
		out = append(out, st)
		begin = -1
	}
	for i := 0; i < len(src); {
		if inComment(i) {
			i++
			continue
		}
		c := src[i]
		switch {
		case c == ';':
			emit(i)
			i++
			continue
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
			continue
		}
		if begin < 0 {
			begin = i
		}
		switch {
		case c == '\'':
			i = skipQuoted(src, i, '\'')
		case c == '"':
			i = skipQuoted(src, i, '"')
		case c == '$':
			if tag, ok := dollarTag(src, i); ok {
				k := strings.Index(src[i+len(tag):], tag)
				if k < 0 {
					i = len(src)
				} else {
					i = i + 2*len(tag) + k
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
	if begin >= 0 {
		end := len(strings.TrimRight(src, " \n\t\r"))
		emit(end)
	}
	return out, nil
}
