// Package pgparse is the only rbcheck package that imports the Postgres
// parser (pg_query_go). It splits migration files into statements, keeps
// exact positions, and translates each parse tree into rbcheck's own model in
// internal/sqlast.
//
// Parse first parses the whole file at once (in parts on several cores for
// big files), taking statement extents from the parser and skipping comments
// with a small Go lexer (lex.go). When that fails, Postgres' own scanner
// splits the file at top-level semicolons (keeping BEGIN ATOMIC bodies and
// parenthesised rule actions whole) and ranges of statements are parsed,
// halved until each syntax error is alone and reported at its exact token.
package pgparse

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Parse splits src (a whole file, or a file with non-section lines blanked to
// empty lines so offsets stay those of the original file) into statements,
// parses each with the Postgres 17 grammar and translates each into
// sqlast.Stmt with Node set to the typed model (*sqlast.Other when
// unmodelled). Syntax errors are reported per statement and the rest goes on.
func Parse(file, src string) (stmts []*sqlast.Stmt, errs []*sqlast.ParseError) {
	p := &fileParser{file: file, orig: src}
	defer func() {
		if r := recover(); r != nil {
			stmts = p.stmts
			errs = append(p.errs, &sqlast.ParseError{Pos: p.pos(0), Msg: fmt.Sprintf("internal error while parsing the file (%v): statements after this point were not checked", r)})
		}
	}()
	p.run()
	for _, st := range p.stmts {
		if e := p.doErrs[st]; e != nil {
			p.errs = append(p.errs, e)
		}
	}
	sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Pos.Offset < p.errs[j].Pos.Offset })
	return p.stmts, p.errs
}

// fileParser holds the state of one Parse call.
type fileParser struct {
	file  string
	orig  string
	text  string // sanitised text: same length and offsets as orig
	src   string // orig with psql lines blanked as in text, for statement texts
	lines []int  // byte offsets of line starts in text
	stmts []*sqlast.Stmt
	errs  []*sqlast.ParseError
	toks  []scanTok

	lastScanErr *parser.Error
	truncated   bool // the text was cut at an unterminated literal
	partStart   int  // start of the text splitAndParse works on

	doMu   sync.Mutex
	doErrs map[*sqlast.Stmt]*sqlast.ParseError // DO blocks whose PL/pgSQL does not compile (do.go)
}

// piece is one statement's extent in text.
type piece struct {
	start, end int  // first token's start, last token's end (excluding ';')
	stop       int  // end including the terminating ';' when there is one
	from       int  // just after the previous statement's ';' (or the part start)
	broken     bool // has a token the scanner refused; already reported
}

func (p *fileParser) run() {
	p.text = p.sanitize(p.orig)
	p.lines = lineStarts(p.text)
	if strings.TrimSpace(p.text) == "" {
		return
	}
	parts := p.parseParallel()
	if parts != nil && parts.allOK() {
		for i, pt := range parts {
			p.fixFirstComment(parts, i)
			p.stmts = append(p.stmts, pt.stmts...)
		}
		return
	}
	tree, err := pgParse(p.text)
	if err == nil {
		// Positions come from the raw statement extents and the small Go
		// lexer: scanning again with Postgres would cost as much as parsing.
		p.fromTree(tree, 0, len(p.text), 0, &p.stmts)
		return
	}
	// Something is wrong somewhere: split with the scanner and parse each
	// statement alone so one error does not hide the rest. With parts,
	// only the parts that failed need it, provided the first error is in
	// the first failed part (else the parts were cut wrongly).
	if parts != nil && parts.firstFailedHas(p.errOffset(err, 0, p.text)) {
		for i, pt := range parts {
			if pt.ok {
				p.fixFirstComment(parts, i)
				p.stmts = append(p.stmts, pt.stmts...)
			} else {
				p.splitAndParse(pt.start, pt.stop, pt.errAt)
			}
		}
		return
	}
	p.splitAndParse(0, len(p.text), p.errAt(err, 0, p.text))
}

// Positions of a known parse error for splitAndParse and parseRange.
const (
	parses    = -1 // not known to fail
	failsHere = -2 // known to fail, position unknown
)

// errAt is the file offset of a parse error of s, parsed from base, or
// failsHere when the parser did not say where.
func (p *fileParser) errAt(err error, base int, s string) int {
	if pe, ok := err.(*parser.Error); ok && pe.Cursorpos > 0 {
		return base + charToByte(s, pe.Cursorpos-1)
	}
	return failsHere
}

// fixFirstComment gives the first statement of parts[i] the comments
// above it back to the end of the previous statement (or broken statement)
// in the file, which may lie in an earlier part, as when the file is parsed
// at once: the part itself only reaches back to its own start.
func (p *fileParser) fixFirstComment(parts parts, i int) {
	pt := parts[i]
	if len(pt.stmts) == 0 || pt.start == 0 {
		return
	}
	prev := 0
	for k := i - 1; k >= 0; k-- {
		if _, end := sigExtent(p.text, parts[k].start, parts[k].stop); end >= 0 {
			prev = end
			break
		}
	}
	if prev != pt.start {
		pt.stmts[0].Comment = p.comments(prev, pt.stmts[0].Pos.Offset)
	}
}

// errOffset is the file offset of a parse error of s, parsed from base.
func (p *fileParser) errOffset(err error, base int, s string) int {
	if pe, ok := err.(*parser.Error); ok && pe.Cursorpos > 0 {
		return base + charToByte(s, pe.Cursorpos-1)
	}
	return base
}

// splitAndParse scans text[from:to] with Postgres' scanner, splits it into
// statements and parses them, reporting each error. failedAt is where the
// parser refused text[from:to] (or failsHere).
func (p *fileParser) splitAndParse(from, to int, failedAt int) {
	p.partStart = from
	p.truncated = false
	limit := to
	var bad []int // offsets of tokens the scanner refused
	lexSplit := func() {
		// Split with the small lexer instead and let each statement's
		// parse report its own error (statements with a token already
		// reported are skipped, as below).
		p.toks = nil
		pieces := lexPieces(p.text, from, limit)
		markBroken(pieces, bad)
		p.parseRange(pieces, 0, len(pieces), parses)
	}
	lastOff := -1
	for tries := 0; ; tries++ {
		if p.scanAt(from, limit) {
			break
		}
		serr := p.lastScanErr
		if serr.Cursorpos <= 0 || tries == 64 {
			// The scanner cannot say where (an invalid byte in an escape
			// string), or refuses too many tokens.
			lexSplit()
			return
		}
		off := from + charToByte(p.text[from:limit], serr.Cursorpos-1)
		if off >= limit {
			off = limit - 1
		}
		if off == lastOff {
			// Blanking did not help: the same error again (reported once).
			lexSplit()
			return
		}
		lastOff = off
		p.addErr(off, serr.Message)
		if off < from {
			off = from
		}
		if strings.HasPrefix(serr.Message, "unterminated") {
			// Everything after an unterminated literal is inside it, for
			// Postgres too: keep what comes before.
			if off <= from {
				return
			}
			limit = off
			p.truncated = true
			continue
		}
		// A bad token (trailing junk after a number, a zero-length quoted
		// name, …): blank it, rescan, and skip its statement.
		e := off
		if strings.Contains(serr.Message, "surrogate pair") {
			// The cursor is just after a first surrogate escape (\uD800
			// to \uDBFF) with no second one: the escape is the bad token,
			// not what follows it (a closing quote, another escape).
			if bs := strings.LastIndexByte(p.text[from:off], '\\'); bs >= 0 {
				off, e = from+bs, off
			}
		} else if p.text[off] == '"' {
			// A zero-length quoted name: blank the two quotes.
			e = min(off+2, limit)
		} else {
			// Trailing junk after a number (0A, 1.5x): the word, not a
			// quote after it, which starts a token of its own.
			for e < limit && (isIdentByte(p.text[e]) || p.text[e] == '.') {
				e++
			}
		}
		if e == off {
			e = off + 1
		}
		p.text = p.text[:off] + strings.Repeat(" ", e-off) + p.text[e:]
		bad = append(bad, off)
	}
	pieces := p.split()
	markBroken(pieces, bad)
	// The caller parsed text[from:to] and it failed: unless tokens were
	// blanked or the text was cut, the whole range (the same text without
	// leading and trailing comments) fails again, at the same place.
	if len(bad) > 0 || p.truncated {
		failedAt = parses
	}
	if !piecesAtOnce || !p.parsePieces(pieces) {
		p.parseRange(pieces, 0, len(pieces), failedAt)
	}
	p.toks = nil
}

// markBroken marks the pieces holding a blanked token (offsets in bad) as
// broken. A blanked token may have been the statement's first: the piece
// owns everything since the previous semicolon.
func markBroken(pieces []piece, bad []int) {
	for i := range pieces {
		for _, b := range bad {
			if b >= pieces[i].from && b < max(pieces[i].end, pieces[i].stop) {
				pieces[i].broken = true
			}
		}
	}
}

// piecesAtOnce is off in tests that compare parsePieces with parseRange.
var piecesAtOnce = true

// parsePieces parses every piece that is not broken alone, all in one call
// into C (parsePiecesToJSON), so that no statement is parsed twice, and
// adds its statements or its error as parsePiece does. It returns false,
// having done nothing, when that cannot be done (no C, out of memory in C,
// JSON the decoder refuses, such as a statement nested too deeply): then
// parseRange parses them.
func (p *fileParser) parsePieces(pieces []piece) bool {
	if len(p.text) > math.MaxInt32 {
		return false
	}
	bounds := make([]int32, 0, 2*len(pieces))
	longest := 0
	for _, pc := range pieces {
		if !pc.broken {
			stop := max(pc.end, pc.stop)
			bounds = append(bounds, int32(pc.start), int32(stop))
			longest = max(longest, stop-pc.start)
		}
	}
	if len(bounds) == 0 {
		return true
	}
	var js, errs string
	var res []int32
	release, ok := func() {}, false
	serr := withStack(jsonStack(longest), func() {
		js, res, errs, release, ok = parsePiecesToJSON(p.text, bounds, skimMigrations)
	})
	if serr != nil || !ok {
		release()
		return false
	}
	tree, err := decodeParseResult(js, skimMigrations, true)
	js = ""
	want := 0
	for k := 0; k < len(res); k += 3 {
		want += max(int(res[k]), 0)
	}
	if err != nil || len(tree.Stmts) != want {
		release()
		return false
	}
	if tree.Version != 0 {
		treeVersion.Store(tree.Version)
	}
	j, k := 0, 0
	for i, pc := range pieces {
		if pc.broken {
			continue
		}
		s := p.text[pc.start:max(pc.end, pc.stop)]
		if n := int(res[3*k]); n >= 0 {
			for _, raw := range tree.Stmts[j : j+n] {
				p.addStmt(raw, s, pc.start, pc.start, pc.end, p.prevEnd(pieces, i))
			}
			j += n
		} else {
			off := pc.start
			if cp := int(res[3*k+1]); cp > 0 {
				off = pc.start + charToByte(s, cp-1)
			}
			msg := errs[min(int(res[3*k+2]), len(errs)):]
			if e := strings.IndexByte(msg, 0); e >= 0 {
				msg = msg[:e]
			}
			p.addErr(off, strings.Clone(msg))
		}
		k++
	}
	release()
	return true
}

// scanAt tokenises text[from:to] into p.toks with file offsets.
func (p *fileParser) scanAt(from, to int) bool {
	if !p.scan(p.text[from:to]) {
		return false
	}
	if from != 0 {
		for i := range p.toks {
			p.toks[i].Start += int32(from)
			p.toks[i].End += int32(from)
		}
	}
	return true
}

// parseRange parses pieces[lo:hi] together when they parse. When they do
// not and the parser says where, every statement before the one it stopped
// in parses (it reads statements in order and stops at the first error):
// that prefix is parsed at once, the statement alone reports its error,
// and the rest goes on the same way, so a file costs about two parses
// however many errors it holds. Without a position the range is halved
// until the statements with errors are alone. failedAt is where the range
// is known to fail (parses: not known to; failsHere: somewhere).
func (p *fileParser) parseRange(pieces []piece, lo, hi int, failedAt int) {
	for lo < hi {
		if hi-lo == 1 {
			if !pieces[lo].broken {
				p.parsePiece(pieces[lo], p.prevEnd(pieces, lo))
			}
			return
		}
		// Statements already reported are skipped: parse around them.
		if b := firstBroken(pieces, lo, hi); b >= 0 {
			p.parseRange(pieces, lo, b, parses)
			lo, failedAt = b+1, parses
			continue
		}
		if failedAt == parses && hi-lo > 1 && pieces[hi-1].end-pieces[lo].start > rangeChunk {
			// A long range is parsed a chunk at a time: every error
			// costs a parse of what follows it up to the next one, and
			// the parser copies all of its input first, so one range for
			// the rest of a long file with many errors was quadratic.
			k := max(pieceAt(pieces, lo, hi, pieces[lo].start+rangeChunk), lo+1)
			p.parseRange(pieces, lo, k, parses)
			lo = k
			continue
		}
		if failedAt == parses {
			start := pieces[lo].start
			s := p.text[start:max(pieces[hi-1].end, pieces[hi-1].stop)]
			tree, err := pgParse(s)
			if err == nil && len(tree.Stmts) == hi-lo {
				for k, raw := range tree.Stmts {
					pc := pieces[lo+k]
					p.addStmt(raw, s, start, pc.start, pc.end, p.prevEnd(pieces, lo+k))
				}
				return
			}
			failedAt = failsHere
			if err != nil {
				failedAt = p.errAt(err, start, s)
			}
		}
		if failedAt >= 0 {
			k := pieceAt(pieces, lo, hi, failedAt)
			p.parseRange(pieces, lo, k, parses)
			p.parsePiece(pieces[k], p.prevEnd(pieces, k))
			lo, failedAt = k+1, parses
			continue
		}
		mid := (lo + hi) / 2
		p.parseRange(pieces, lo, mid, parses)
		p.parseRange(pieces, mid, hi, parses)
		return
	}
}

// rangeChunk bounds the text parseRange hands the parser at once.
var rangeChunk = 256 << 10

// firstBroken is the first broken piece of pieces[lo:hi], or -1.
func firstBroken(pieces []piece, lo, hi int) int {
	for k := lo; k < hi; k++ {
		if pieces[k].broken {
			return k
		}
	}
	return -1
}

// pieceAt is the piece of pieces[lo:hi] that holds offset off: the last
// one starting at or before it (lo when none does).
func pieceAt(pieces []piece, lo, hi, off int) int {
	k := lo + sort.Search(hi-lo, func(i int) bool { return pieces[lo+i].start > off }) - 1
	return max(k, lo)
}

func (p *fileParser) prevEnd(pieces []piece, i int) int {
	if i == 0 {
		return p.partStart
	}
	return pieces[i-1].end
}

// pgParse calls the parser for migration statements: skimmed (see
// jsondec_skim.go), turning a panic into an error.
func pgParse(s string) (*pgnode.ParseResult, error) { return pgParseAs(s, skimMigrations) }

// skimMigrations is off in tests that compare skimmed and whole trees.
var skimMigrations = true

// pgParseWhole is pgParse with whole trees, for SQL whose SELECT is read
// (a SQL function's body).
func pgParseWhole(s string) (*pgnode.ParseResult, error) { return pgParseAs(s, false) }

func pgParseAs(s string, skim bool) (tree *pgnode.ParseResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			tree, err = nil, &parser.Error{Message: fmt.Sprintf("internal parser error: %v", r), Cursorpos: 1}
		}
	}()
	tree, err = parseJSON(s, skim)
	if tree != nil && tree.Version != 0 {
		treeVersion.Store(tree.Version)
	}
	return tree, err
}

// scan tokenises s into p.toks; false (with p.lastScanErr set) when the
// scanner fails, e.g. on an unterminated quoted string.
func (p *fileParser) scan(s string) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p.lastScanErr = &parser.Error{Message: fmt.Sprintf("internal scanner error: %v", r), Cursorpos: 1}
			ok = false
		}
	}()
	toks, err := scanTokens(s)
	if err != nil {
		if pe, isPE := err.(*parser.Error); isPE {
			p.lastScanErr = pe
		} else {
			p.lastScanErr = &parser.Error{Message: err.Error(), Cursorpos: 1}
		}
		return false
	}
	p.toks = toks
	return true
}

// fromTree builds statements from a successful whole-text parse.
// The parsed text is p.text[base:stop]; comments of the first statement are
// looked for from prev. It returns the end of the last statement.
func (p *fileParser) fromTree(tree *pgnode.ParseResult, base, stop, prev int, out *[]*sqlast.Stmt) int {
	parsed := p.text[base:stop]
	for _, raw := range tree.Stmts {
		loc := base + int(raw.StmtLocation)
		end := stop
		if raw.StmtLen > 0 {
			end = loc + int(raw.StmtLen)
		}
		start, last := p.extent(loc, end)
		if start < 0 {
			continue
		}
		*out = append(*out, p.newStmt(raw, parsed, base, start, last, prev))
		prev = last
	}
	return prev
}

// parallelMin is the size from which a file is parsed in parallel parts (a
// variable so tests can lower it).
var parallelMin = 256 << 10

// part is a piece of a big file parsed on its own.
type part struct {
	start, stop int
	stmts       []*sqlast.Stmt
	ok          bool
	errAt       int // where the parser refused the part (parses, failsHere or an offset)
}

type parts []part

func (ps parts) allOK() bool {
	for _, pt := range ps {
		if !pt.ok {
			return false
		}
	}
	return true
}

// firstFailedHas reports whether off is inside the first part that failed.
func (ps parts) firstFailedHas(off int) bool {
	for _, pt := range ps {
		if !pt.ok {
			return off >= pt.start && off <= pt.stop
		}
	}
	return false
}

// parseParallel parses a big file in parts on several cores; nil when it
// does not apply (small file, one core, a routine body the cuts cannot
// place).
func (p *fileParser) parseParallel() parts {
	n := min(runtime.GOMAXPROCS(0), 8)
	if n < 2 || len(p.text) < parallelMin {
		return nil
	}
	cuts := chunkCuts(p.text, n)
	if len(cuts) < 2 {
		return nil
	}
	ps := make(parts, len(cuts))
	for i := range cuts {
		ps[i].stop, ps[i].errAt = cuts[i], failsHere
		if i > 0 {
			ps[i].start = cuts[i-1]
		}
	}
	var wg sync.WaitGroup
	for i := range ps {
		wg.Add(1)
		go func(pt *part) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					pt.ok = false
				}
			}()
			tree, err := pgParse(p.text[pt.start:pt.stop])
			if err != nil {
				pt.errAt = p.errAt(err, pt.start, p.text[pt.start:pt.stop])
				return
			}
			p.fromTree(tree, pt.start, pt.stop, pt.start, &pt.stmts)
			pt.ok = true
		}(&ps[i])
	}
	wg.Wait()
	return ps
}

// chunkCuts returns offsets that cut s into about n parts just after
// top-level semicolons (the last one is len(s)); nil when s holds a
// SQL-standard routine body, whose semicolons the small lexer cannot place.
func chunkCuts(s string, n int) []int {
	var cuts []int
	target := len(s) / n
	depth := 0
	prevBegin := false
	for i := 0; ; {
		t, ok := nextToken(s, i)
		if !ok {
			break
		}
		i = t.end
		switch t.kind {
		case '(': // only parentheses, as in split: brackets do not count
			depth++
		case ')':
			depth--
		case ';':
			// The same rule as the scanner split: a statement ends at a
			// semicolon outside parentheses, and parentheses count afresh.
			if depth > 0 {
				break
			}
			depth = 0
			if t.end >= target && len(cuts) < n-1 {
				cuts = append(cuts, t.end)
				target = t.end + (len(s)-t.end)/(n-len(cuts))
			}
		case 'w':
			w := s[t.start:t.end]
			if prevBegin && strings.EqualFold(w, "atomic") {
				return nil
			}
			prevBegin = strings.EqualFold(w, "begin")
			continue
		}
		prevBegin = false
	}
	return append(cuts, len(s))
}

// lexPieces splits s[from:to] at top-level semicolons with the small lexer
// (the same parenthesis rule as split), for text Postgres' scanner refuses
// without saying where.
func lexPieces(s string, from, to int) []piece {
	var out []piece
	cur := piece{start: -1, from: from}
	parens := 0
	for i := from; ; {
		t, ok := nextToken(s[:to], i)
		if !ok {
			break
		}
		i = t.end
		switch t.kind {
		case '(':
			parens++
		case ')':
			parens--
		case ';':
			if parens <= 0 {
				if cur.start >= 0 {
					cur.stop = t.end
					out = append(out, cur)
				}
				cur = piece{start: -1, from: t.end}
				parens = 0
				continue
			}
		}
		if cur.start < 0 {
			cur.start = t.start
		}
		cur.end = t.end
	}
	if cur.start >= 0 {
		out = append(out, cur)
	}
	return out
}

// extent finds the first and last significant token in [from, to): leading
// comments are skipped, trailing comments and semicolons dropped.
func (p *fileParser) extent(from, to int) (int, int) {
	if p.toks == nil {
		return parsedExtent(p.text, from, to)
	}
	i := sort.Search(len(p.toks), func(i int) bool { return int(p.toks[i].Start) >= from })
	start, last := -1, -1
	for ; i < len(p.toks) && int(p.toks[i].Start) < to; i++ {
		t := p.toks[i]
		if isComment(t) || t.Token == pgnode.Token_ASCII_59 {
			continue
		}
		if start < 0 {
			start = int(t.Start)
		}
		last = int(t.End)
	}
	return start, last
}

func isComment(t scanTok) bool {
	return t.Token == pgnode.Token_SQL_COMMENT || t.Token == pgnode.Token_C_COMMENT
}

// split cuts the scanned text at top-level semicolons, keeping SQL-standard
// function bodies (BEGIN ATOMIC … END) whole.
func (p *fileParser) split() []piece {
	var out []piece
	cur := piece{start: -1, from: p.partStart}
	depth := 0   // BEGIN ATOMIC / CASE nesting inside a routine body
	routine := 0 // 0 unknown, 1 CREATE [OR REPLACE] FUNCTION/PROCEDURE, -1 other
	nwords := 0  // significant tokens so far in the statement
	parens := 0  // parenthesis depth: CREATE RULE … DO (a; b) keeps its semicolons
	var prevTok pgnode.Token
	next := p.partStart // where the statement after the current one begins
	flush := func(broken bool) {
		if cur.start >= 0 {
			cur.broken = broken
			out = append(out, cur)
		}
		cur = piece{start: -1, from: next}
		depth, routine, nwords, parens = 0, 0, 0, 0
	}
	for _, t := range p.toks {
		if isComment(t) {
			continue
		}
		switch t.Token {
		case pgnode.Token_ASCII_40:
			parens++
		case pgnode.Token_ASCII_41:
			parens--
		}
		if t.Token == pgnode.Token_ASCII_59 && depth == 0 && parens <= 0 {
			cur.stop = int(t.End)
			next = int(t.End)
			flush(false)
			prevTok = t.Token
			continue
		}
		if cur.start < 0 {
			cur.start = int(t.Start)
		}
		cur.end = int(t.End)
		nwords++
		switch {
		case nwords == 1:
			if t.Token != pgnode.Token_CREATE {
				routine = -1
			}
		case routine == 0 && (t.Token == pgnode.Token_FUNCTION || t.Token == pgnode.Token_PROCEDURE):
			routine = 1
		case routine == 0 && nwords > 3:
			routine = -1
		}
		if routine == 1 {
			switch t.Token {
			case pgnode.Token_ATOMIC:
				if prevTok == pgnode.Token_BEGIN_P {
					depth++
				}
			case pgnode.Token_CASE:
				if depth > 0 {
					depth++
				}
			case pgnode.Token_END_P:
				if depth > 0 {
					depth--
				}
			}
		}
		prevTok = t.Token
	}
	flush(p.truncated)
	return out
}

// parsePiece parses one statement alone and reports its syntax error at the
// exact position in the file.
func (p *fileParser) parsePiece(pc piece, prev int) {
	// Parse with the semicolon so messages are those Postgres gives for the
	// file (`at or near ";"` rather than `at end of input`).
	stop := pc.end
	if pc.stop > stop {
		stop = pc.stop
	}
	s := p.text[pc.start:stop]
	tree, err := pgParse(s)
	if err != nil {
		off := pc.start
		msg := err.Error()
		if pe, ok := err.(*parser.Error); ok {
			if pe.Cursorpos > 0 {
				off = pc.start + charToByte(s, pe.Cursorpos-1)
			}
			msg = pe.Message
		}
		p.addErr(off, msg)
		return
	}
	for _, raw := range tree.Stmts {
		p.addStmt(raw, s, pc.start, pc.start, pc.end, prev)
	}
}

// addStmt translates one raw statement. parsed is the string the parser saw
// and base its offset in the file (node locations are relative to it).
func (p *fileParser) addStmt(raw *pgnode.RawStmt, parsed string, base, start, end, prev int) {
	p.stmts = append(p.stmts, p.newStmt(raw, parsed, base, start, end, prev))
}

// newStmt translates one raw statement; it only reads p, so parts of a file
// can be translated in parallel.
func (p *fileParser) newStmt(raw *pgnode.RawStmt, parsed string, base, start, end, prev int) *sqlast.Stmt {
	st := &sqlast.Stmt{
		Pos:     p.pos(start),
		End:     p.pos(end),
		Text:    p.src[start:end],
		Comment: p.comments(prev, start),
	}
	if raw.Stmt != nil {
		st.Kind = nodeKind(raw.Stmt)
		tr := &translator{fp: p, src: parsed, base: base, stmtPos: st.Pos, stmtEnd: end}
		st.Node = tr.translate(raw.Stmt)
		if do := raw.Stmt.GetDoStmt(); do != nil {
			st.Nested = p.doNested(do, st, start, end)
		}
	}
	if st.Node == nil {
		st.Node = &sqlast.Other{}
	}
	return st
}

// nodeKind is the parse node's type name, e.g. "AlterTableStmt": the name
// of its oneof wrapper type (Node_AlterTableStmt) after "Node_", which
// reflect reads from the binary without allocating.
func nodeKind(n *pgnode.Node) string {
	if n == nil || n.Node == nil {
		return ""
	}
	t := reflect.TypeOf(n.Node)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	k := t.Name()
	if i := strings.LastIndex(k, "Node_"); i >= 0 {
		k = k[i+len("Node_"):]
	}
	return k
}

// nodeField is the name of the node's field in pg_query.proto, e.g.
// "alter_table_stmt": nodeKind in snake case (protobuf's Go names are
// its field names in camel case).
func nodeField(n *pgnode.Node) string {
	k := strings.TrimSuffix(nodeKind(n), "_") // String_: Node's String field
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// comments returns the raw comment lines in text[from:to], joined by "\n".
func (p *fileParser) comments(from, to int) string {
	if from >= to {
		return ""
	}
	var b commentLines
	if p.toks != nil {
		i := sort.Search(len(p.toks), func(i int) bool { return int(p.toks[i].Start) >= from })
		for ; i < len(p.toks) && int(p.toks[i].Start) < to; i++ {
			if t := p.toks[i]; isComment(t) {
				b.add(p.text[t.Start:t.End])
			}
		}
		return b.String()
	}
	if strings.IndexByte(p.text[from:to], '-') < 0 && strings.IndexByte(p.text[from:to], '/') < 0 {
		return "" // white space only, as between most statements
	}
	for _, c := range commentsIn(p.text, from, to) {
		b.add(c)
	}
	return b.String()
}

// commentLines joins the lines of comments, each trimmed, with "\n".
type commentLines struct {
	strings.Builder
	n int
}

func (b *commentLines) add(c string) {
	for {
		l, rest, more := strings.Cut(c, "\n")
		if b.n > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimSpace(l))
		b.n++
		if !more {
			return
		}
		c = rest
	}
}

func (p *fileParser) addErr(off int, msg string) {
	// Postgres quotes the rest of the input after an unterminated literal:
	// keep its first line.
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = strings.TrimRight(msg[:i], "\r") + "…\""
	}
	p.errs = append(p.errs, &sqlast.ParseError{Pos: p.pos(off), Msg: msg})
}

// pos converts a byte offset of text into a position.
func (p *fileParser) pos(off int) sqlast.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(p.text) {
		off = len(p.text)
	}
	// the last line starting at or before off (sort.Search, without its
	// closure: positions are made for every statement and many nodes)
	lines := p.lines
	lo, hi := 0, len(lines)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if lines[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := max(lo-1, 0)
	return sqlast.Pos{File: p.file, Line: i + 1, Col: off - lines[i] + 1, Offset: off}
}

func lineStarts(s string) []int {
	ls := make([]int, 1, 1+strings.Count(s, "\n"))
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return ls
		}
		i += j + 1
		ls = append(ls, i)
	}
}

// charToByte converts a 0-based character index of s into a byte offset
// (Postgres reports error cursors in characters).
func charToByte(s string, n int) int {
	if n <= 0 {
		return 0
	}
	i := 0
	for off := range s {
		if i == n {
			return off
		}
		i++
	}
	return len(s)
}

// sanitize replaces invalid UTF-8 bytes and NUL bytes with spaces, reporting
// the first of each, and blanks psql meta-command lines. Offsets stay.
func (p *fileParser) sanitize(src string) string {
	var b []byte
	reportedUTF8, reportedNUL := false, false
	// Almost every file is valid UTF-8 without NUL bytes: check that fast.
	clean := utf8.ValidString(src) && strings.IndexByte(src, 0) < 0
	for i := 0; !clean && i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == 0 {
				if b == nil {
					b = []byte(src)
				}
				b[i] = ' '
				if !reportedNUL {
					reportedNUL = true
					p.pendErr(i, "file contains a NUL byte: it was read as a space, Postgres would reject the file")
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && size == 1 {
			if b == nil {
				b = []byte(src)
			}
			b[i] = ' '
			if !reportedUTF8 {
				reportedUTF8 = true
				p.pendErr(i, fmt.Sprintf("file is not valid UTF-8 (byte 0x%02x): the byte was read as a space, Postgres would reject the file", c))
			}
			i++
			continue
		}
		i += size
	}
	text := src
	if b != nil {
		text = string(b)
	}
	// Editors on Windows start files with a byte order mark, which psql and
	// Flyway ignore but the Postgres scanner does not.
	if strings.HasPrefix(text, "\uFEFF") {
		text = "   " + text[3:]
	}
	blanked := blankMetaCommands(text)
	p.src = blanked
	if text != src {
		// Statement texts are the bytes of the file, those replaced
		// here included (the hash of applied migrations, verify and
		// messages read them), with psql lines blanked as in text.
		o := []byte(src)
		for i := range o {
			if blanked[i] != text[i] {
				o[i] = blanked[i]
			}
		}
		p.src = string(o)
	}
	return blanked
}

// pendErr records an error found before line starts are known.
func (p *fileParser) pendErr(off int, msg string) {
	ls := lineStarts(p.orig[:off])
	line := len(ls)
	p.errs = append(p.errs, &sqlast.ParseError{Pos: sqlast.Pos{File: p.file, Line: line, Col: off - ls[line-1] + 1, Offset: off}, Msg: msg})
}
