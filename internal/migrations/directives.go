package migrations

import (
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// directivePrefix starts every rbcheck comment directive.
const directivePrefix = "rbcheck:"

// parseDirectives finds the rbcheck directives in the comments of src (one
// physical file) and attaches `ignore` and `roll-forward-only` to the next
// statement among stmts (all statements parsed from that file, any part).
// A directive written after a statement on the same line applies to that
// statement. Malformed directives become errors; rule names are not checked
// here.
func parseDirectives(file, src string, stmts []*sqlast.Stmt) ([]Directive, []*sqlast.ParseError) {
	if !mayHoldDirective(src) {
		return nil, nil
	}
	var ds []Directive
	var errs []*sqlast.ParseError
	sorted := append([]*sqlast.Stmt(nil), stmts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Pos.Offset < sorted[j].Pos.Offset })
	starts := lineStarts(src)
	for _, c := range scanComments(src) {
		body := strings.TrimSpace(c.Text)
		if !c.Line {
			body = strings.TrimSpace(strings.TrimPrefix(body, "*"))
		}
		if !strings.HasPrefix(strings.ToLower(body), directivePrefix) {
			continue
		}
		// The position of the directive word itself.
		off := c.Start + strings.Index(c.Text, strings.TrimLeft(c.Text, " \t*")) + 2
		line, col := posAt(starts, off)
		pos := sqlast.Pos{File: file, Line: line, Col: col, Offset: off}
		bad := func(msg string) { errs = append(errs, &sqlast.ParseError{Pos: pos, Msg: msg}) }
		word, rest := cutSpace(body[len(directivePrefix):])
		var d Directive
		switch strings.ToLower(word) {
		case string(Ignore), string(IgnoreFile):
			d.Kind = DirectiveKind(strings.ToLower(word))
			list, reason := cutSpace(rest)
			if list == "" {
				bad("rbcheck:" + word + " needs the rules to ignore and a reason, e.g. `-- rbcheck:" + word + " drop-column column unused since v2.1`")
				continue
			}
			// Allow "a, b" as well as "a,b".
			for strings.HasSuffix(list, ",") && reason != "" {
				var more string
				more, reason = cutSpace(reason)
				list += more
			}
			for _, r := range strings.Split(list, ",") {
				if r = strings.TrimSpace(r); r != "" {
					d.Rules = append(d.Rules, r)
				}
			}
			d.Reason = cleanReason(reason)
			if d.Reason == "" {
				bad("rbcheck:" + word + " needs a reason after the rule names, e.g. `-- rbcheck:" + word + " " + list + " backfilled in 0041`")
				continue
			}
		case string(RollForwardOnly):
			d.Kind = RollForwardOnly
			d.Reason = cleanReason(rest)
			if d.Reason == "" {
				bad("rbcheck:roll-forward-only needs a reason, e.g. `-- rbcheck:roll-forward-only legacy_email is gone for good`")
				continue
			}
		default:
			bad("unknown directive `rbcheck:" + word + "`: use rbcheck:ignore, rbcheck:ignore-file or rbcheck:roll-forward-only")
			continue
		}
		d.Pos = pos
		if d.Kind != IgnoreFile {
			d.Stmt = stmtFor(sorted, c, starts)
			if d.Stmt == nil && d.Kind == Ignore {
				bad("rbcheck:ignore is not followed by a statement, so it ignores nothing")
				continue
			}
		}
		ds = append(ds, d)
	}
	return ds, errs
}

// stmtFor finds the statement a directive comment applies to. stmts is
// sorted by offset and statements do not overlap (so their ends are sorted
// too): binary searches, not a scan per directive, keep a file of
// thousands of directives linear.
func stmtFor(stmts []*sqlast.Stmt, c comment, starts []int) *sqlast.Stmt {
	if !c.Own {
		// A trailing comment: the last statement before it on its line.
		line, _ := posAt(starts, c.Start)
		k := sort.Search(len(stmts), func(i int) bool { return stmts[i].Pos.Offset >= c.Start })
		for j := k - 1; j >= 0; j-- {
			s := stmts[j]
			if s.End.Line == line || s.End.Offset >= c.Start {
				return s
			}
			if s.End.Line < line {
				break // the statements before it end earlier still
			}
		}
	}
	k := sort.Search(len(stmts), func(i int) bool { return stmts[i].Pos.Offset >= c.End })
	if k < len(stmts) {
		return stmts[k]
	}
	return nil
}

// cutSpace splits off the first whitespace-separated word.
func cutSpace(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// cleanReason drops a separator people put before the reason
// (`-- rbcheck:ignore x -- because`, `: because`).
func cleanReason(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"--", ":", "-", "—"} {
		if strings.HasPrefix(s, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "*/"))
}

// mayHoldDirective reports whether src may hold a directive: whether it
// holds "rbcheck:" in any case (or a Kelvin sign, which lower-cases to k).
// Most files hold none, and looking for the comments costs more than
// their parse's share of lint.
func mayHoldDirective(src string) bool {
	if strings.Contains(src, "\u212a") {
		return true
	}
	const word = "rbcheck"
	for i := 0; ; {
		k := strings.IndexByte(src[i:], ':')
		if k < 0 {
			return false
		}
		i += k
		if i >= len(word) && asciiEqualFold(src[i-len(word):i], word) {
			return true
		}
		i++
	}
}

// asciiEqualFold reports whether s equals lower, a lower-case ASCII word,
// ignoring ASCII case.
func asciiEqualFold(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
