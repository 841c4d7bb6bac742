package pgparse

// Token scanning for AnalyzePartial: the Postgres scanner (libpg_query's scan)
// tokenises query fragments that do not parse on their own.

import (
	"errors"
	"strings"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// qTok is one token of a fragment.
type qTok struct {
	start, end int
	tok        pgnode.Token
	kw         pgnode.KeywordKind
	raw        string // the token's text as written
	word       string // identifiers and keywords: folded (lower-cased, or unquoted)
	quoted     bool   // a "quoted identifier"
}

// qScanTokens tokenises s with the Postgres scanner, dropping comments. A
// scan error (an unterminated string or quoted identifier at the end of a
// fragment, which dynamic SQL produces) keeps the tokens before it.
func qScanTokens(s string) []qTok {
	res, err := qScanSafe(s)
	if err != nil {
		var pe *parser.Error
		if !errors.As(err, &pe) || pe.Cursorpos <= 1 {
			return nil
		}
		cut := qCharToByte(s, pe.Cursorpos-1)
		if cut <= 0 || cut >= len(s) {
			return nil
		}
		res, err = qScanSafe(s[:cut])
		if err != nil {
			return nil
		}
	}
	toks := make([]qTok, 0, len(res.GetTokens()))
	for _, t := range res.GetTokens() {
		if t.Token == pgnode.Token_SQL_COMMENT || t.Token == pgnode.Token_C_COMMENT {
			continue
		}
		start, end := int(t.Start), int(t.End)
		if start < 0 || end > len(s) || start > end {
			continue
		}
		tk := qTok{start: start, end: end, tok: t.Token, kw: t.KeywordKind, raw: s[start:end]}
		switch {
		case t.Token == pgnode.Token_IDENT && strings.HasPrefix(tk.raw, `"`):
			tk.quoted = true
			tk.word = strings.ReplaceAll(strings.Trim(tk.raw, `"`), `""`, `"`)
		case t.Token == pgnode.Token_IDENT || t.KeywordKind != pgnode.KeywordKind_NO_KEYWORD:
			tk.word = strings.ToLower(tk.raw)
		}
		toks = append(toks, tk)
	}
	return toks
}

func qScanSafe(s string) (res *pgnode.ScanResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, errors.New("scanner failed")
		}
	}()
	return scanSQL(s)
}

// qCharToByte converts a 0-based character index to a byte offset.
func qCharToByte(s string, chars int) int {
	for i := range s {
		if chars == 0 {
			return i
		}
		chars--
	}
	return len(s)
}

// is reports a keyword token with the given (lower-case) spelling.
func (t qTok) is(word string) bool {
	return t.kw != pgnode.KeywordKind_NO_KEYWORD && t.word == word
}

// punct reports the one-character punctuation token c.
func (t qTok) punct(c byte) bool {
	return len(t.raw) == 1 && t.raw[0] == c && t.tok != pgnode.Token_IDENT && t.tok != pgnode.Token_SCONST
}

// qSyntaxWords are unreserved keywords that, in DML, are syntax rather than
// column names (UPDATE t SET, ON CONFLICT DO NOTHING, NULLS FIRST, …).
var qSyntaxWords = map[string]bool{
	"set": true, "insert": true, "update": true, "delete": true, "nulls": true, "first": true,
	"last": true, "conflict": true, "nothing": true, "skip": true, "locked": true, "nowait": true,
	"share": true, "no": true, "rows": true, "partition": true, "range": true, "preceding": true,
	"following": true, "unbounded": true, "over": true, "by": true, "cascade": true, "restrict": true,
	"stdin": true, "stdout": true, "format": true, "csv": true, "header": true, "delimiter": true,
	"at": true, "zone": true, "ordinality": true, "materialized": true, "recursive": true, "of": true,
	"do": true, "action": true, "restart": true, "identity": true, "overriding": true, "system": true,
	"filter": true, "within": true, "ties": true, "next": true, "escape": true, "cycle": true,
	"if": true, "exists": true, "temporary": true, "temp": true, "unlogged": true, "current": true,
	"row": true, "rollup": true, "cube": true, "sets": true, "grouping": true, "with": true, "without": true,
	"to": true, "binary": true, "freeze": true, "quote": true, "force": true, "encoding": true,
	"returns": true, "language": true, "immutable": true, "stable": true, "volatile": true,
	"rename": true, "add": true, "copy": true, "drop": true, "alter": true, "truncate": true, "merge": true, "comment": true,
	"begin": true, "commit": true, "rollback": true, "savepoint": true, "explain": true, "prepare": true,
	"execute": true, "deallocate": true, "listen": true, "notify": true, "vacuum": true, "lock": true,
	"database": true, "schema": true, "sequence": true, "index": true, "table": true, "view": true,
}

// qIntervalUnits follow an interval literal: INTERVAL '1' DAY.
var qIntervalUnits = map[string]bool{
	"year": true, "month": true, "day": true, "hour": true, "minute": true, "second": true,
}

// isName reports an identifier that may name a table, alias or column:
// a plain or quoted identifier, or an unreserved keyword that is not syntax.
func (t qTok) isName() bool {
	if t.tok == pgnode.Token_IDENT {
		return true
	}
	return t.kw == pgnode.KeywordKind_UNRESERVED_KEYWORD && !qSyntaxWords[t.word]
}
