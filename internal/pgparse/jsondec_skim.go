package pgparse

// Skimming: migration statements are translated into sqlast, which reads
// little of a SELECT, INSERT, UPDATE or DELETE (the table, the column
// names, whether there is a WHERE; of an UPDATE also its SET values and
// WHERE, decoded whole). Their bodies (VALUES lists of data
// migrations, expressions, subqueries) are most of a data migration's
// parse tree and of PostgreSQL's own test SQL, and building them in Go was
// the largest cost of lint. With jdec.skim set, the top-level statement of
// each of these kinds is decoded with only the fields translate reads; the
// rest of its JSON is stepped over without allocating. Application SQL
// (AnalyzeQuery) needs whole trees and does not skim.
//
// What skimming leaves out is listed here, field by field; TestSkimTranslatesAlike
// checks that the translation of every statement of the test corpora is
// the same either way.

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// stmtNode decodes RawStmt.stmt.
func (d *jdec) stmtNode() *pgnode.Node {
	if !d.skim {
		return jdNode(d)
	}
	d.ws()
	rest := d.s[d.i:]
	var kind string
	for _, k := range []string{"SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt"} {
		if len(rest) > len(k)+4 && rest[0] == '{' && rest[1] == '"' && strings.HasPrefix(rest[2:], k) && rest[2+len(k)] == '"' {
			kind = k
			break
		}
	}
	if kind == "" {
		return jdNode(d)
	}
	d.open('{')
	d.key()
	n := &pgnode.Node{}
	switch kind {
	case "SelectStmt":
		if into := d.skimSelect(); into != nil {
			n.Node = &pgnode.Node_SelectStmt{SelectStmt: &pgnode.SelectStmt{IntoClause: into}}
		} else {
			n = emptySelect // most statements of a test suite: not one allocation each
		}
	case "InsertStmt":
		n.Node = &pgnode.Node_InsertStmt{InsertStmt: d.skimInsert()}
	case "UpdateStmt":
		n.Node = &pgnode.Node_UpdateStmt{UpdateStmt: d.skimUpdate()}
	case "DeleteStmt":
		n.Node = &pgnode.Node_DeleteStmt{DeleteStmt: d.skimDelete()}
	}
	// the node wrapper's closing brace
	for first := false; d.next('}', &first); {
		d.key()
		d.skipValue()
	}
	return n
}

// skimmed is what a skipped expression that translate only tests for nil
// becomes.
var skimmed = &pgnode.Node{}

// emptySelect is a skimmed SELECT without INTO, shared (nothing writes
// to parse trees).
var emptySelect = &pgnode.Node{Node: &pgnode.Node_SelectStmt{SelectStmt: &pgnode.SelectStmt{}}}

// skimSelect keeps a SELECT's INTO clause (SELECT … INTO creates a table).
func (d *jdec) skimSelect() (into *pgnode.IntoClause) {
	if !d.open('{') {
		return nil
	}
	for first := true; d.next('}', &first); {
		switch d.key() {
		case "intoClause":
			into = jdIntoClause(d)
		default:
			d.skipValue()
		}
	}
	return into
}

// skimInsert keeps the table and the column list.
func (d *jdec) skimInsert() *pgnode.InsertStmt {
	m := &pgnode.InsertStmt{}
	if !d.open('{') {
		return m
	}
	for first := true; d.next('}', &first); {
		switch d.key() {
		case "relation":
			m.Relation = jdRangeVar(d)
		case "cols":
			if d.open('[') {
				for first := true; d.next(']', &first); {
					m.Cols = append(m.Cols, jdNode(d))
				}
			}
		default:
			d.skipValue()
		}
	}
	return m
}

// skimUpdate keeps the table, the assigned columns (not their values) and
// whether there is a WHERE clause.
func (d *jdec) skimUpdate() *pgnode.UpdateStmt {
	m := &pgnode.UpdateStmt{}
	if !d.open('{') {
		return m
	}
	for first := true; d.next('}', &first); {
		switch d.key() {
		case "relation":
			m.Relation = jdRangeVar(d)
		case "targetList":
			if d.open('[') {
				for first := true; d.next(']', &first); {
					m.TargetList = append(m.TargetList, d.skimTarget())
				}
			}
		case "whereClause":
			// whole: translate reads the conditions that pin a column
			// to a constant (updateTarget.where)
			m.WhereClause = jdNode(d)
		default:
			d.skipValue()
		}
	}
	return m
}

// skimTarget decodes {"ResTarget":{…}} of an UPDATE's SET list; its value
// whole (translate reads the constant it assigns and the JSON keys it
// renames).
func (d *jdec) skimTarget() *pgnode.Node {
	if !d.open('{') {
		return nil
	}
	n := &pgnode.Node{}
	for first := true; d.next('}', &first); {
		if d.key() != "ResTarget" {
			d.fail()
			return n
		}
		rt := &pgnode.ResTarget{}
		n.Node = &pgnode.Node_ResTarget{ResTarget: rt}
		if !d.open('{') {
			continue
		}
		for first := true; d.next('}', &first); {
			switch d.key() {
			case "name":
				rt.Name = d.str()
			case "indirection":
				if d.open('[') {
					for first := true; d.next(']', &first); {
						rt.Indirection = append(rt.Indirection, jdNode(d))
					}
				}
			case "location":
				rt.Location = d.int32()
			case "val":
				rt.Val = jdNode(d)
			default:
				d.skipValue()
			}
		}
	}
	return n
}

// skimDelete keeps the table and whether there is a WHERE clause.
func (d *jdec) skimDelete() *pgnode.DeleteStmt {
	m := &pgnode.DeleteStmt{}
	if !d.open('{') {
		return m
	}
	for first := true; d.next('}', &first); {
		switch d.key() {
		case "relation":
			m.Relation = jdRangeVar(d)
		case "whereClause":
			if d.skipValue() {
				m.WhereClause = skimmed
			}
		default:
			d.skipValue()
		}
	}
	return m
}

// skipValue steps over one JSON value without building it; false when it
// was null. Strings are checked for their end only: the decoder falls
// back to the protobuf output on anything malformed, and the parser's own
// output is well formed.
func (d *jdec) skipValue() bool {
	d.ws()
	if d.i >= len(d.s) {
		d.fail()
		return false
	}
	switch c := d.s[d.i]; c {
	case '{', '[':
		depth := 0
		for d.i < len(d.s) {
			switch d.s[d.i] {
			case '{', '[':
				depth++
				if d.depth+depth > maxDepth {
					d.err = errTooDeep
					d.i = len(d.s)
					return false
				}
			case '}', ']':
				depth--
				if depth == 0 {
					d.i++
					return true
				}
			case '"':
				if !d.skipString() {
					return false
				}
				continue
			}
			d.i++
		}
		d.fail()
		return false
	case '"':
		return d.skipString()
	case 'n':
		if d.null() {
			return false
		}
	case 't':
		d.bool()
		return true
	case 'f':
		d.bool()
		return true
	default:
		d.number()
		return true
	}
	d.fail()
	return false
}

// skipString steps over the string at d.i.
func (d *jdec) skipString() bool {
	j := d.i + 1
	for {
		k := strings.IndexByte(d.s[j:], '"')
		if k < 0 {
			d.fail()
			return false
		}
		j += k
		// an escaped quote has an odd number of backslashes before it
		b := j - 1
		for b > d.i && d.s[b] == '\\' {
			b--
		}
		if (j-1-b)%2 == 0 {
			d.i = j + 1
			return true
		}
		j++
	}
}
