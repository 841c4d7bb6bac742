package fold

import (
	"fmt"
	"strings"
)

// Part is a piece of a folded string: constant text, or a dynamic piece
// (with the reason it is not known).
type Part struct {
	Text   string
	Dyn    bool
	Reason string
	Embed  bool // the value of a //go:embed variable (analysed from its file)
	// Sep: a dynamic piece that is a separate stretch of text (a
	// conditional clause, the rest of a builder chain), never glued to the
	// identifier next to it the way "events_" + month is
	Sep bool
	// Param (i+1) marks, in a function's summarised result, the piece that
	// is its parameter i (see Folder.Returns); 0 elsewhere.
	Param int
}

// Value is a folded string: its pieces in order.
type Value []Part

func (f Value) Exact() bool {
	for _, p := range f {
		if p.Dyn || p.Embed {
			return false
		}
	}
	return true
}

func (f Value) Embedded() bool {
	for _, p := range f {
		if p.Embed {
			return true
		}
	}
	return false
}

func (f Value) Text() string {
	var b strings.Builder
	for _, p := range f {
		b.WriteString(p.Text)
	}
	return b.String()
}

// fragments returns the maximal runs of constant text.
func (f Value) Fragments() []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" {
			out = append(out, cur.String())
		}
		cur.Reset()
	}
	for _, p := range f {
		if p.Dyn || p.Embed {
			flush()
			continue
		}
		cur.WriteString(p.Text)
	}
	flush()
	return out
}

func (f Value) Reason() string {
	for _, p := range f {
		if p.Dyn {
			return p.Reason
		}
	}
	return ""
}

// Const is the constant text s.
func Const(s string) Value { return Value{{Text: s}} }

// Dyn is a piece known only at run time, for the reason given.
func Dyn(format string, args ...any) Value {
	return Value{{Dyn: true, Reason: fmt.Sprintf(format, args...)}}
}

// hasText reports whether some piece is constant text.
func (f Value) hasText() bool {
	for _, p := range f {
		if !p.Dyn && !p.Embed && p.Text != "" {
			return true
		}
	}
	return false
}

// EmbedAsDynamic returns f with its embedded pieces (a //go:embed file's
// contents, a query builder's ToSql() result) turned into separate
// dynamic pieces when f also has constant text of its own; f unchanged
// otherwise.
func (f Value) EmbedAsDynamic() Value {
	if !f.hasText() {
		return f
	}
	out := make(Value, len(f))
	for i, p := range f {
		if p.Embed {
			p = Part{Dyn: true, Sep: true, Reason: "a query builder's statement or an embedded file's contents (analysed where it comes from)"}
		}
		out[i] = p
	}
	return out
}
