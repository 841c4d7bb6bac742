package analyzer

// Resolution: a site's SQL text analysed into table and column uses, or a
// dynamic entry with the reason.

import (
	"errors"
	"regexp"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// resolve analyses a site and records its query, refs, or dynamic entry.
func (c *pkgCore) resolve(s site) {
	pos := c.position(s.pos)
	if s.filePos != nil {
		pos = *s.filePos
	}
	val := s.val
	var text string
	exact := val.Exact()
	if s.filePos != nil || s.sql != "" {
		text, exact = s.sql, !s.partial
	} else if exact {
		text = val.Text()
	}
	if exact {
		q, err := c.analyze(blankMySQLModifiers(text))
		if err != nil {
			// gorm and bun expand `IN ?` bound to a slice to `IN (…)`
			if t2, back := parenIn(text); back != nil {
				if q2, err2 := c.analyze(t2); err2 == nil {
					q, err = remapOffsets(q2, back), nil
				}
			}
		}
		if err != nil && strings.Contains(text, "{{:") {
			// zdb's conditionals, included (blankZdbConditionals)
			if q2, err2 := c.analyze(blankZdbConditionals(text)); err2 == nil {
				q, err = q2, nil
			}
		}
		if err != nil {
			if s.weak || (s.via == "pgx" && isBareName(text)) {
				// pgx runs a statement prepared under a name:
				// conn.Exec(ctx, "get_user", id)
				return
			}
			msg := err.Error()
			var pe *sqlast.ParseError
			if errors.As(err, &pe) {
				msg = pe.Msg
			}
			c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: pos, Reason: "the statement does not parse: " + msg, Via: s.via, Migration: s.migration, at: s.pos})
			return
		}
		c.addQuery(s, pos, text, Exact, q, nil)
		return
	}
	var frags []string
	if s.sql != "" {
		frags = []string{s.sql}
	} else {
		frags = val.Fragments()
	}
	if len(frags) == 0 || (s.weak && !startsLikeSQL(frags[0]) && s.sql == "") {
		if !s.weak {
			c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: pos, Reason: val.Reason(), Via: s.via, Migration: s.migration, at: s.pos})
		}
		return
	}
	if len(val) > 0 && !val[0].Dyn {
		val = append(fold.Value{{Text: blankMySQLModifiers(val[0].Text)}}, val[1:]...)
	}
	q, shown, err := analyzePartialParts(val, frags, c.schema)
	if err != nil {
		c.posError(pos, s.pos, ErrInternal, err.Error()+"; the statement was analysed from its fragments alone")
	}
	var cols []string
	if q != nil {
		q, cols = tableless(q)
	}
	if q == nil || len(q.Uses) == 0 {
		if s.weak {
			return
		}
		r := val.Reason()
		if r == "" {
			r = "built at run time"
		}
		r += "; its constant parts name no table"
		if len(cols) > 0 {
			r += " (columns " + strings.Join(cols, ", ") + ")"
		}
		c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: pos, Reason: r, Via: s.via, Migration: s.migration, at: s.pos})
		return
	}
	c.addQuery(s, pos, shown, Partial, q, frags)
}

// isBareName: text is one word of name characters (a prepared statement's
// name), not a statement.
func isBareName(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if !astx.IsIdentChar(t[i]) && t[i] != '-' && t[i] != '.' {
			return false
		}
	}
	return true
}

// parenIn puts parentheses around a placeholder that directly follows IN
// (`id IN ?`, `id IN $1`), which gorm and bun expand from a slice argument
// and PostgreSQL does not accept bare. back maps each offset of the new
// text to the original's; it is nil when nothing changed.
func parenIn(text string) (string, []int) {
	var b strings.Builder
	var back []int
	changed := false
	emit := func(ch byte, orig int) {
		b.WriteByte(ch)
		back = append(back, orig)
	}
	inQuote := byte(0)
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if inQuote != 0 {
			if ch == inQuote {
				inQuote = 0
			}
			emit(ch, i)
			continue
		}
		if ch == '\'' || ch == '"' {
			inQuote = ch
			emit(ch, i)
			continue
		}
		if (ch == 'i' || ch == 'I') && i+2 < len(text) && (text[i+1] == 'n' || text[i+1] == 'N') &&
			(i == 0 || !astx.IsIdentChar(text[i-1])) && (text[i+2] == ' ' || text[i+2] == '\t' || text[i+2] == '\n' || text[i+2] == '\r') {
			j := i + 2
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
				j++
			}
			k := j
			switch {
			case k < len(text) && text[k] == '?' && (k+1 >= len(text) || text[k+1] != '?' && text[k+1] != '|' && text[k+1] != '&'):
				k++
			case k < len(text) && text[k] == '$':
				k++
				for k < len(text) && text[k] >= '0' && text[k] <= '9' {
					k++
				}
				if k == j+1 {
					k = j
				}
			}
			if k > j && (k >= len(text) || !astx.IsIdentChar(text[k])) {
				for x := i; x < j; x++ {
					emit(text[x], x)
				}
				emit('(', j)
				for x := j; x < k; x++ {
					emit(text[x], x)
				}
				emit(')', k)
				changed = true
				i = k - 1
				continue
			}
		}
		emit(ch, i)
	}
	if !changed {
		return text, nil
	}
	back = append(back, len(text))
	return b.String(), back
}

// remapOffsets returns a copy of q whose use offsets point into the text
// parenIn was given.
func remapOffsets(q *sqlast.Query, back []int) *sqlast.Query {
	cp := *q
	cp.Uses = append([]sqlast.Use(nil), q.Uses...)
	for i := range cp.Uses {
		if o := cp.Uses[i].Offset; o >= 0 && o < len(back) {
			cp.Uses[i].Offset = back[o]
		}
	}
	return &cp
}

// analyze runs pgparse.AnalyzeQuery, once per distinct text when the
// driver shares a memo (the same sqlc query or constant recurs often).
func (c *pkgCore) analyze(text string) (*sqlast.Query, error) {
	if c.memo == nil {
		return pgparse.AnalyzeQuery(text, c.schema)
	}
	if r, ok := c.memo[text]; ok {
		return r.q, r.err
	}
	q, err := pgparse.AnalyzeQuery(text, c.schema)
	c.memo[text] = memoResult{q, err}
	return q, err
}

type memoResult struct {
	q   *sqlast.Query
	err error
}

func (c *pkgCore) addQuery(s site, pos Pos, text string, conf Confidence, q *sqlast.Query, frags []string) {
	c.inv.Queries = append(c.inv.Queries, QuerySite{Pos: pos, SQL: text, Confidence: conf, Query: q, Via: s.via, Fragments: frags, Migration: s.migration,
		Scan: c.consumption(s.call, s.via, s.lib), Dests: c.destinations(s.call), Built: s.built, At: c.position(s.completed), at: s.pos})
	if conf == Exact && !s.built && s.filePos == nil {
		c.inv.Queries[len(c.inv.Queries)-1].Args = c.placeholderArgs(s.call, s.sqlArg, s.via, text)
	} else if s.built && len(s.args) > 0 {
		c.inv.Queries[len(c.inv.Queries)-1].Args = s.args
	}
	seen := s.seen
	if seen == nil {
		seen = map[useKey]bool{}
	}
	for _, u := range q.Uses {
		r := Ref{Table: u.Table, Column: u.Column, Candidates: u.Candidates, Kind: u.Kind, Confidence: conf, Pos: pos, SQL: text, Via: s.via, Migration: s.migration, at: s.pos,
			Certain: conf == Partial && u.Certain, At: c.position(s.completed)}
		if conf == Exact && u.Offset >= 0 {
			r.Pos = c.offsetPos(s, pos, text, u.Offset)
		}
		if len(r.Candidates) == 0 {
			// the same use twice at one position (the offsets could not be
			// mapped into the Go source) is listed once
			k := useKey{r.Table, r.Column, r.Kind, conf, r.Pos, r.At}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		c.inv.Refs = append(c.inv.Refs, r)
	}
}

// offsetPos maps a byte offset in the SQL text to a file position when the
// text is exactly a Go string literal (or a .sql file's statement).
func (c *pkgCore) offsetPos(s site, base Pos, text string, off int) Pos {
	if off > len(text) {
		return base
	}
	if s.filePos != nil {
		return advance(base, text[:off])
	}
	if s.lit == nil {
		return base
	}
	raw := s.lit.Value
	if strings.HasPrefix(raw, "`") {
		if strings.Contains(raw, "\r") {
			return base
		}
	} else if strings.Contains(raw, `\`) {
		return base
	}
	base.Col++ // the opening quote
	return advance(base, text[:off])
}

func advance(p Pos, s string) Pos {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		p.Line += strings.Count(s, "\n")
		p.Col = 1 + len(s) - (i + 1)
		return p
	}
	p.Col += len(s)
	return p
}

// mysqlModifier: MySQL's statement modifiers (`UPDATE IGNORE t`, `INSERT
// LOW_PRIORITY IGNORE INTO t`), which Postgres reads as a table named
// "ignore" (aliased t) or rejects.
var mysqlModifier = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)^(\s*(?:--[^\n]*\n\s*)*(?:UPDATE|INSERT|DELETE)\s+)((?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|QUICK|IGNORE)\s+)+)`)
})

// blankMySQLModifiers replaces MySQL statement modifiers with spaces, so
// the statement's table is read and offsets stay the same.
func blankMySQLModifiers(s string) string {
	m := mysqlModifier().FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	return s[:m[4]] + strings.Repeat(" ", m[5]-m[4]) + s[m[5]:]
}
