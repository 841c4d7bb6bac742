// Package qb is a query builder whose statement is the concatenation of
// the fragments its methods append (modelled on bytebase's
// backend/common/qb): rbcheck reads what each method does from its code.
package qb

import (
	"strconv"
	"strings"
)

type part struct {
	text   string
	params []any
}

// Query collects fragments.
type Query struct {
	parts []part
}

// Q creates a new empty Query.
func Q() *Query { // want Q:"fragment builder: new"
	return &Query{}
}

// Join adds a fragment after separator (not before the first).
func (q *Query) Join(separator, text string, params ...any) *Query { // want Join:"fragment builder: appends arg 1 after separator arg 0, not before the first"
	if q == nil {
		q = Q()
	}
	if len(q.parts) > 0 {
		text = separator + text
	}
	q.parts = append(q.parts, makePart(text, params...))
	return q
}

func makePart(text string, params ...any) part { return part{text: text, params: params} }

// Space adds a fragment after a space.
func (q *Query) Space(text string, params ...any) *Query { // want Space:"fragment builder: appends arg 0 after separator \" \", not before the first"
	return q.Join(" ", text, params...)
}

// And adds an AND condition.
func (q *Query) And(text string, params ...any) *Query { // want And:"fragment builder: appends arg 0 after separator \" AND \", not before the first"
	return q.Join(" AND ", text, params...)
}

// Len is the number of fragments.
func (q *Query) Len() int { return len(q.parts) }

// Reset forgets the fragments: no fragment method.
func (q *Query) Reset(keep string) *Query {
	q.parts = q.parts[:0]
	return q
}

// Tag is no fragment method: it appends a computed text.
func (q *Query) Tag(n int) *Query {
	q.parts = append(q.parts, part{text: strconv.Itoa(n)})
	return q
}

// ToSQL returns the statement with ? placeholders numbered; ?? is a literal ?.
func (q *Query) ToSQL() (string, []any, error) { // want ToSQL:"fragment builder: statement \\(\\?\\? is \\?\\)"
	var b strings.Builder
	var params []any
	for _, p := range q.parts {
		b.WriteString(p.text)
		params = append(params, p.params...)
	}
	return strings.ReplaceAll(b.String(), "??", "?"), params, nil
}

// Other is a builder of the module that rbcheck does not read: its text
// comes from a map filled at run time.
type Other struct {
	texts map[string]string
}

// Build returns the statement.
func (o *Other) Build() (string, []any) {
	var s []string
	for _, t := range o.texts {
		s = append(s, t)
	}
	return strings.Join(s, " "), nil
}

// Plain is no fragment builder: its constructor gets no fact.
type Plain struct{ n int }

// NewPlain returns an empty Plain.
func NewPlain() *Plain { return &Plain{} }
