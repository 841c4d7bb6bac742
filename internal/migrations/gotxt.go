package migrations

import (
	"fmt"
	"strconv"
	"strings"
	"text/template/parse"
)

// zdb's SQL templates (`2025-06-21-1-bots.gotxt`, arp242/goatcounter): zdb
// runs a migration named .gotxt through text/template with its own
// functions (zgo.at/zdb's tpl.go: tplFuncs) and no data, for the engine it
// connects to, then removes the blanks before each line break. rbcheck
// renders such a file for PostgreSQL without executing anything: the text
// is parsed with text/template/parse, and the tree is walked with a fixed
// meaning for each of zdb's functions (psql "s" is s; sqlite, maria and
// mysql "s" are empty; auto_increment is serial or, given an argument,
// bigserial, primary key; json and jsonb are jsonb; blob is bytea;
// check_timestamp and check_date are empty; cluster and replica are their
// CLUSTER and ALTER TABLE … REPLICA IDENTITY statements), the literals a
// pipeline can hold, and the conditionals {{if}}/{{else if}}/{{else}} and
// the comparisons not, and, or, eq and ne. Anything else — another
// function (zdb's random_text, or one a program adds to zdb.TemplateFuncMap,
// which rbcheck does not read), the template's data (zdb passes a migration
// none), a variable, {{range}}, {{with}}, {{template}} (and {{block}}) —
// leaves the file unread, with an error at the action. A {{define}} body is
// not output, as in zdb.
//
// Every line and column of the file is kept, as for the placeholders of
// templates.go: text is copied where it stands, a control action becomes
// blanks, the branch not taken becomes blanks (its line breaks kept), and
// a value is written over its action, padded with blanks before it when
// shorter (a longer value shifts the rest of its line only). psql's string
// argument, when its text is its value, is kept exactly where it stands in
// the file. A trim marker (`{{-`, `-}}`) that removes a line break cannot
// keep the lines, so such a file is not read either.

// maxGotxtActions bounds the actions of one template: the parser and the
// walk recurse once per nesting level, and a level takes an action.
const maxGotxtActions = 20000

// maxGotxtDepth bounds the nesting of conditionals and parentheses.
const maxGotxtDepth = 100

// templateError is why a template was not rendered, at a byte offset of
// the file.
type templateError struct {
	off int
	msg string
}

// gotxtAction is the span of one `{{ … }}` action in the source.
type gotxtAction struct {
	start, end          int // src[start:end] is the action, braces included
	trimLeft, trimRight bool
}

// scanGotxtActions finds every action of src, as text/template's lexer
// does: text up to `{{`, then the action up to `}}`, its quoted strings and
// comment skipped. ok is false when an action does not end (the parser
// reports it).
func scanGotxtActions(src string) []gotxtAction {
	var out []gotxtAction
	i := 0
	for {
		k := strings.Index(src[i:], "{{")
		if k < 0 {
			return out
		}
		a := gotxtAction{start: i + k}
		j := a.start + 2
		if j+1 < len(src) && src[j] == '-' && isTemplateSpace(src[j+1]) {
			a.trimLeft = true
			j += 2
		}
		for j < len(src) && isTemplateSpace(src[j]) {
			j++
		}
		end := -1
		if strings.HasPrefix(src[j:], "/*") {
			if c := strings.Index(src[j+2:], "*/"); c >= 0 {
				e := j + 2 + c + 2
				for e < len(src) && isTemplateSpace(src[e]) {
					e++
				}
				if strings.HasPrefix(src[e:], "}}") {
					end = e + 2
				} else if strings.HasPrefix(src[e:], "-}}") {
					end = e + 3
				}
			}
		} else {
			for j < len(src) {
				c := src[j]
				switch {
				case c == '"' || c == '\'':
					j++
					for j < len(src) && src[j] != c && src[j] != '\n' {
						if src[j] == '\\' {
							j++
						}
						j++
					}
					j++
					continue
				case c == '`':
					if e := strings.IndexByte(src[j+1:], '`'); e >= 0 {
						j += 1 + e + 1
						continue
					}
					j = len(src)
					continue
				case c == '}' && j+1 < len(src) && src[j+1] == '}':
					end = j + 2
				}
				if end >= 0 {
					break
				}
				j++
			}
		}
		if end < 0 {
			return out
		}
		if end-3 >= a.start+2 && src[end-3] == '-' && end-4 >= 0 && isTemplateSpace(src[end-4]) {
			a.trimRight = true
		}
		a.end = end
		out = append(out, a)
		i = end
	}
}

func isTemplateSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// gotxtRenderer walks one template.
type gotxtRenderer struct {
	src     string
	actions []gotxtAction
	b       strings.Builder
	cur     int // source offset written so far
	err     *templateError
}

// renderGotxt renders a zdb .gotxt migration for PostgreSQL as the comment
// above says; err is not nil when the file cannot be rendered.
func renderGotxt(src string) (string, *templateError) {
	if n := strings.Count(src, "{{"); n > maxGotxtActions {
		return "", &templateError{0, fmt.Sprintf("the template has %d actions, more than the %d rbcheck renders", n, maxGotxtActions)}
	}
	r := &gotxtRenderer{src: src, actions: scanGotxtActions(src)}
	tr := parse.New("gotxt")
	tr.Mode = parse.SkipFuncCheck | parse.ParseComments
	trees := map[string]*parse.Tree{}
	if _, err := tr.Parse(src, "", "", trees); err != nil {
		return "", parseErrorAt(src, err)
	}
	for _, a := range r.actions {
		if a.trimLeft && strings.IndexByte(trailingSpace(src[:a.start]), '\n') >= 0 {
			return "", &templateError{a.start, "the trim marker `{{-` removes a line break, which rbcheck cannot do and keep the lines of the file"}
		}
		if a.trimRight && strings.IndexByte(leadingSpace(src[a.end:]), '\n') >= 0 {
			return "", &templateError{a.end - 3, "the trim marker `-}}` removes a line break, which rbcheck cannot do and keep the lines of the file"}
		}
	}
	r.b.Grow(len(src))
	if tr.Root != nil {
		r.list(tr.Root, 0)
	}
	if r.err != nil {
		return "", r.err
	}
	r.gap(len(src))
	return trimBlanksBeforeNewlines(r.b.String()), nil
}

func trailingSpace(s string) string { return s[len(strings.TrimRight(s, " \t\r\n")):] }
func leadingSpace(s string) string  { return s[:len(s)-len(strings.TrimLeft(s, " \t\r\n"))] }

// parseErrorAt turns text/template/parse's "template: gotxt:LINE: msg" into
// an error at the start of that line.
func parseErrorAt(src string, err error) *templateError {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "template: ")
	msg = strings.TrimPrefix(msg, "gotxt:")
	line := 1
	if i := strings.IndexByte(msg, ':'); i > 0 {
		if n, e := strconv.Atoi(msg[:i]); e == nil {
			line, msg = n, strings.TrimSpace(msg[i+1:])
		}
	}
	return &templateError{lineOffset(src, line), "the template does not parse: " + msg}
}

// trimBlanksBeforeNewlines removes the spaces before each line break, as
// zdb does after executing a template (regexp ` +\n`): no token after them
// moves.
func trimBlanksBeforeNewlines(s string) string {
	if !strings.Contains(s, " \n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	spaces := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			spaces++
			continue
		case '\n':
			spaces = 0
		default:
			for ; spaces > 0; spaces-- {
				b.WriteByte(' ')
			}
		}
		b.WriteByte(s[i])
	}
	for ; spaces > 0; spaces-- {
		b.WriteByte(' ')
	}
	return b.String()
}

func (r *gotxtRenderer) fail(off int, format string, args ...any) {
	if r.err == nil {
		r.err = &templateError{off, fmt.Sprintf(format, args...)}
	}
}

// gap writes the source up to offset to as blanks, keeping line breaks.
func (r *gotxtRenderer) gap(to int) {
	if to <= r.cur {
		return
	}
	blank(&r.b, r.src[r.cur:to], 0)
	r.cur = to
}

// actionAt is the action whose span holds offset off.
func (r *gotxtRenderer) actionAt(off int) (gotxtAction, bool) {
	lo, hi := 0, len(r.actions)
	for lo < hi {
		m := (lo + hi) / 2
		if r.actions[m].end <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(r.actions) && r.actions[lo].start <= off {
		return r.actions[lo], true
	}
	return gotxtAction{}, false
}

// startOf is where the action holding offset off starts (off when none).
func (r *gotxtRenderer) startOf(off int) int {
	if a, ok := r.actionAt(off); ok {
		return a.start
	}
	return off
}

func (r *gotxtRenderer) list(l *parse.ListNode, depth int) {
	if l == nil {
		return
	}
	if depth > maxGotxtDepth {
		r.fail(int(l.Position()), "the template nests more than %d levels", maxGotxtDepth)
		return
	}
	for _, n := range l.Nodes {
		if r.err != nil {
			return
		}
		r.node(n, depth)
	}
}

func (r *gotxtRenderer) node(n parse.Node, depth int) {
	switch v := n.(type) {
	case *parse.TextNode:
		p := int(v.Pos)
		r.gap(p)
		r.b.Write(v.Text)
		r.cur = p + len(v.Text)
	case *parse.CommentNode:
		// blanks
	case *parse.ActionNode:
		r.action(v, depth)
	case *parse.IfNode:
		val, ok := r.pipe(v.Pipe, depth+1)
		if !ok {
			return
		}
		if truth(val) {
			r.list(v.List, depth+1)
		} else {
			r.list(v.ElseList, depth+1)
		}
	case *parse.RangeNode:
		r.fail(r.startOf(int(v.Pos)), "{{range}} loops over the template's data, which zdb does not pass to a migration; rbcheck does not render it")
	case *parse.WithNode:
		r.fail(r.startOf(int(v.Pos)), "{{with}} sets the template's data; rbcheck renders only zdb's functions and conditionals")
	case *parse.TemplateNode:
		r.fail(r.startOf(int(v.Pos)), "{{template %q}} runs another template; zdb renders one, and rbcheck does not render it", v.Name)
	case *parse.BreakNode, *parse.ContinueNode:
		r.fail(r.startOf(int(n.Position())), "{{%s}} belongs to a {{range}} loop, which rbcheck does not render", n.String()[2:len(n.String())-2])
	default:
		r.fail(int(n.Position()), "the template action %s is not one rbcheck renders", n.String())
	}
}

// action writes the value of an action over its span.
func (r *gotxtRenderer) action(a *parse.ActionNode, depth int) {
	span, ok := r.actionAt(int(a.Pos))
	if !ok {
		r.fail(int(a.Pos), "cannot find the action's braces")
		return
	}
	val, ok := r.pipe(a.Pipe, depth+1)
	if !ok {
		return
	}
	v := val.text()
	// psql `…`: its argument stays where it stands
	if s, ok := passThrough(a.Pipe); ok && s.Text == v {
		p := int(s.Pos) + 1
		r.gap(p)
		r.b.WriteString(v)
		r.cur = p + len(v)
		r.gap(span.end)
		return
	}
	r.gap(span.start)
	text := r.src[span.start:span.end]
	nlSpan, nlVal := strings.Count(text, "\n"), strings.Count(v, "\n")
	switch {
	case nlVal > nlSpan:
		r.fail(span.start, "the action's value has more lines than the action itself, which rbcheck cannot render and keep the lines of the file")
		return
	case nlSpan == 0:
		if len(v) < len(text) {
			blank(&r.b, text, len(v))
		}
		r.b.WriteString(v)
	default:
		r.b.WriteString(v)
		if k := nlSpan - nlVal; k > 0 {
			r.b.WriteString(strings.Repeat("\n", k))
			last := text[strings.LastIndexByte(text, '\n')+1:]
			r.b.WriteString(strings.Repeat(" ", len(last)))
		}
	}
	r.cur = span.end
}

// passThrough is the string argument of an action `{{psql "s"}}` (or
// `{{"s" | psql}}`), whose value is the literal's text.
func passThrough(p *parse.PipeNode) (*parse.StringNode, bool) {
	if p == nil || len(p.Decl) > 0 {
		return nil, false
	}
	switch len(p.Cmds) {
	case 1:
		c := p.Cmds[0]
		if len(c.Args) == 2 && isFuncIdent(c.Args[0], "psql") {
			s, ok := c.Args[1].(*parse.StringNode)
			return s, ok && s.Quoted[1:len(s.Quoted)-1] == s.Text
		}
	case 2:
		a, b := p.Cmds[0], p.Cmds[1]
		if len(a.Args) == 1 && len(b.Args) == 1 && isFuncIdent(b.Args[0], "psql") {
			s, ok := a.Args[0].(*parse.StringNode)
			return s, ok && s.Quoted[1:len(s.Quoted)-1] == s.Text
		}
	}
	return nil, false
}

func isFuncIdent(n parse.Node, name string) bool {
	id, ok := n.(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// gotxtValue is what a pipeline evaluates to.
type gotxtValue struct {
	kind byte // 's' string, 'b' bool, 'i' integer
	s    string
	b    bool
	i    int64
}

func (v gotxtValue) text() string {
	switch v.kind {
	case 'b':
		return strconv.FormatBool(v.b)
	case 'i':
		return strconv.FormatInt(v.i, 10)
	}
	return v.s
}

// truth is text/template's: the zero value is false.
func truth(v gotxtValue) bool {
	switch v.kind {
	case 'b':
		return v.b
	case 'i':
		return v.i != 0
	}
	return v.s != ""
}

func (r *gotxtRenderer) pipe(p *parse.PipeNode, depth int) (gotxtValue, bool) {
	if p == nil {
		return gotxtValue{kind: 's'}, true
	}
	if depth > maxGotxtDepth {
		r.fail(int(p.Pos), "the template nests more than %d levels", maxGotxtDepth)
		return gotxtValue{}, false
	}
	if len(p.Decl) > 0 {
		r.fail(int(p.Decl[0].Pos), "the variable %s is not one rbcheck renders: it renders zdb's functions and literals only", p.Decl[0].Ident[0])
		return gotxtValue{}, false
	}
	var prev *gotxtValue
	for _, c := range p.Cmds {
		v, ok := r.command(c, prev, depth+1)
		if !ok {
			return gotxtValue{}, false
		}
		prev = &v
	}
	if prev == nil {
		return gotxtValue{kind: 's'}, true
	}
	return *prev, true
}

// command evaluates one command of a pipeline; prev is the previous
// command's value, passed as the last argument.
func (r *gotxtRenderer) command(c *parse.CommandNode, prev *gotxtValue, depth int) (gotxtValue, bool) {
	if len(c.Args) == 0 {
		r.fail(int(c.Pos), "empty command")
		return gotxtValue{}, false
	}
	first := c.Args[0]
	id, isFunc := first.(*parse.IdentifierNode)
	if !isFunc {
		if len(c.Args) > 1 || prev != nil {
			r.fail(int(first.Position()), "%s is not a function, and cannot take arguments", first.String())
			return gotxtValue{}, false
		}
		return r.arg(first, depth)
	}
	var args []gotxtValue
	for _, a := range c.Args[1:] {
		v, ok := r.arg(a, depth)
		if !ok {
			return gotxtValue{}, false
		}
		args = append(args, v)
	}
	if prev != nil {
		args = append(args, *prev)
	}
	return r.call(id, args)
}

// arg evaluates an argument: a literal or a parenthesised pipeline.
func (r *gotxtRenderer) arg(n parse.Node, depth int) (gotxtValue, bool) {
	switch v := n.(type) {
	case *parse.StringNode:
		return gotxtValue{kind: 's', s: v.Text}, true
	case *parse.BoolNode:
		return gotxtValue{kind: 'b', b: v.True}, true
	case *parse.NumberNode:
		if v.IsInt {
			return gotxtValue{kind: 'i', i: v.Int64}, true
		}
		r.fail(int(v.Pos), "the number %s is not an integer; rbcheck renders integers only", v.Text)
	case *parse.PipeNode:
		return r.pipe(v, depth+1)
	case *parse.IdentifierNode:
		return r.call(v, nil)
	case *parse.FieldNode, *parse.ChainNode, *parse.DotNode:
		r.fail(int(n.Position()), "%s reads the template's data, which zdb does not pass to a migration (so it has no value); rbcheck does not render it", n.String())
	case *parse.VariableNode:
		r.fail(int(v.Pos), "the variable %s is not one rbcheck renders: it renders zdb's functions and literals only", v.Ident[0])
	case *parse.NilNode:
		r.fail(int(v.Pos), "nil is not a value text/template can use")
	default:
		r.fail(int(n.Position()), "%s is not one of the values rbcheck renders", n.String())
	}
	return gotxtValue{}, false
}

// call applies one of zdb's template functions (or text/template's not,
// and, or, eq, ne) for PostgreSQL.
func (r *gotxtRenderer) call(id *parse.IdentifierNode, args []gotxtValue) (gotxtValue, bool) {
	at := int(id.Pos)
	str := func(v string) (gotxtValue, bool) { return gotxtValue{kind: 's', s: v}, true }
	strArgs := func(n int) bool {
		if len(args) != n {
			r.fail(at, "%s takes %d argument(s), not %d: zdb's template fails to run", id.Ident, n, len(args))
			return false
		}
		for _, a := range args {
			if a.kind != 's' {
				r.fail(at, "%s takes strings: zdb's template fails to run with %s", id.Ident, a.text())
				return false
			}
		}
		return true
	}
	switch id.Ident {
	case "psql":
		if strArgs(1) {
			return str(args[0].s)
		}
	case "sqlite", "maria", "mysql", "check_timestamp", "check_date":
		if strArgs(1) {
			return str("")
		}
	case "auto_increment":
		for _, a := range args {
			if a.kind != 'b' {
				r.fail(at, "auto_increment takes booleans: zdb's template fails to run with %s", a.text())
				return gotxtValue{}, false
			}
		}
		if len(args) > 0 { // zdb: any argument makes it large, whatever its value
			return str("bigserial      primary key")
		}
		return str("serial         primary key")
	case "json", "jsonb":
		if strArgs(0) {
			return str("jsonb    ")
		}
	case "blob":
		if strArgs(0) {
			return str("bytea   ")
		}
	case "cluster":
		if strArgs(2) {
			return str(`cluster ` + args[0].s + ` using "` + args[1].s + `";`)
		}
	case "replica":
		if strArgs(2) {
			return str(`alter table ` + args[0].s + ` replica identity using index "` + args[1].s + `";`)
		}
	case "not":
		if len(args) != 1 {
			r.fail(at, "not takes 1 argument, not %d", len(args))
			return gotxtValue{}, false
		}
		return gotxtValue{kind: 'b', b: !truth(args[0])}, true
	case "and", "or":
		if len(args) == 0 {
			r.fail(at, "%s takes at least 1 argument", id.Ident)
			return gotxtValue{}, false
		}
		// text/template returns the first falsy (and) or truthy (or)
		// argument, else the last
		for _, a := range args {
			if truth(a) != (id.Ident == "and") {
				return a, true
			}
		}
		return args[len(args)-1], true
	case "eq", "ne":
		if len(args) < 2 || (id.Ident == "ne" && len(args) != 2) {
			r.fail(at, "%s takes 2 arguments, not %d", id.Ident, len(args))
			return gotxtValue{}, false
		}
		eq := false
		for _, a := range args[1:] {
			if a.kind != args[0].kind {
				r.fail(at, "%s compares values of different kinds (%s and %s): text/template fails", id.Ident, args[0].text(), a.text())
				return gotxtValue{}, false
			}
			if a == args[0] {
				eq = true
			}
		}
		return gotxtValue{kind: 'b', b: eq == (id.Ident == "eq")}, true
	case "random_text":
		r.fail(at, "random_text renders a different random string each time zdb runs the migration, so what it runs is not known")
	default:
		r.fail(at, "the function %s is not one of zdb's template functions, whose output rbcheck knows (psql, sqlite, maria, auto_increment, json, blob, check_timestamp, check_date, cluster, replica); a program can add it to zdb.TemplateFuncMap, which rbcheck does not read", id.Ident)
	}
	return gotxtValue{}, false
}
