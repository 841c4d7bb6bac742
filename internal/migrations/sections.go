package migrations

import (
	"bytes"
	"strings"
	"unsafe"
)

// txMode is how a migration tool runs the statements of one part of a file.
type txMode int

const (
	// txWrapped: the tool opens a transaction and runs the statements one by
	// one inside it (goose, sql-migrate, Flyway), or sends the whole part as
	// one query inside a transaction (dbmate, tern).
	txWrapped txMode = iota
	// txNone: the tool runs the statements one by one with autocommit
	// (goose NO TRANSACTION, sql-migrate notransaction, plain files run the
	// way psql -f runs them).
	txNone
	// txImplicit: the tool sends the whole part as a single simple-protocol
	// query without a transaction (golang-migrate; dbmate transaction:false;
	// tern disable-tx). Postgres runs a query string holding several
	// statements as one implicit transaction block, so with more than one
	// statement every statement is in a transaction (and CREATE INDEX
	// CONCURRENTLY fails with "cannot run inside a transaction block",
	// even after an explicit COMMIT earlier in the same string: checked
	// with PostgreSQL 15.18 through psql -c); a part with a single
	// statement is not.
	txImplicit
	// txFlyway: Flyway runs a migration in a transaction unless one of its
	// statements cannot run in one (CREATE/DROP INDEX CONCURRENTLY, REINDEX
	// CONCURRENTLY, VACUUM, …), which it detects, or the script's .conf
	// file says executeInTransaction=false.
	txFlyway
)

// The values of Options.Transactions (the transaction key of a migrations
// entry in .rbcheck.yaml): how the runner applies each file.
const (
	// TxPerFile: each file (each part) in a transaction of its own.
	TxPerFile = "per-file"
	// TxNone: statement by statement with autocommit, as psql -f does.
	TxNone = "none"
	// TxSingleQuery: the whole file sent as one query string, which
	// Postgres runs as one implicit transaction (golang-migrate's way).
	TxSingleQuery = "single-query"
)

// TransactionModes lists the values of Options.Transactions.
var TransactionModes = []string{TxPerFile, TxNone, TxSingleQuery}

var txModes = map[string]txMode{TxPerFile: txWrapped, TxNone: txNone, TxSingleQuery: txImplicit}

// part is one section of a file found by the splitter.
type part struct {
	present bool   // the file has this part (a marker or the whole file)
	lines   []bool // lines[i]: line i (0-based) belongs to the part
	mode    txMode
	// subst: the tool replaces ${name} placeholders before running the
	// SQL (Flyway always, goose after `-- +goose ENVSUB ON`).
	subst bool
	// values are the configured values of placeholders (Options.Templates).
	values map[string]string
}

// splitProblem is a marker problem found while splitting.
type splitProblem struct {
	line int // 1-based
	msg  string
}

// splitResult is a file split into its up and down parts.
type splitResult struct {
	up, down part
	problems []splitProblem
}

const bom = "\ufeff"

// splitLines splits src into lines without their newline; a final line
// without a newline is kept.
func splitLines(src string) []string {
	return strings.Split(src, "\n")
}

// init splits src into lines for a tool's Split, with a byte order mark
// taken off the first (it would hide a marker there), and sizes both parts.
func (r *splitResult) init(src string) []string {
	lines := splitLines(src)
	lines[0] = strings.TrimPrefix(lines[0], bom)
	r.size(len(lines))
	return lines
}

// size sizes both parts for n lines.
func (r *splitResult) size(n int) {
	r.up.lines = make([]bool, n)
	r.down.lines = make([]bool, n)
}

// countLines is len(splitLines(src)), without the lines.
func countLines(src string) int { return strings.Count(src, "\n") + 1 }

// splitSections assigns every line of src to the up part, the down part or
// neither (markers, text before the first marker), as the tool would.
func splitSections(t *Tool, src string) splitResult {
	if t.Split == nil {
		var r splitResult
		r.size(countLines(src))
		r.up.present = true
		for i := range r.up.lines {
			r.up.lines[i] = true
		}
		r.up.mode = t.Tx
		r.up.subst = t.Subst
		return r
	}
	r := t.Split(src)
	r.up.subst = r.up.subst || t.Subst
	r.down.subst = r.down.subst || t.Subst
	return r
}

// annotated marker commands, normalised.
const (
	cmdUp = iota + 1
	cmdDown
	cmdBegin
	cmdEnd
	cmdNoTx
	cmdIgnore // a known command that does not change the split (ENVSUB)
)

// splitAnnotated splits goose and sql-migrate files. goose's NO TRANSACTION
// applies to the whole file; sql-migrate's notransaction to its direction.
// goose rejects a second Up or Down annotation; with repeat (sql-migrate) a
// file may have several sections of each direction, each adding its
// statements to that direction's part, in file order, as sql-migrate's
// sqlparse.ParseMigration reads them (a notransaction on any of them runs
// the whole part without a transaction).
func splitAnnotated(r *splitResult, lines []string, word, prefix string, repeat bool, parse func(string) (int, bool, bool)) {
	var cur *part
	fileNoTx := false
	upNoTx, downNoTx := false, false
	inBlock := 0                    // 1-based line of the open StatementBegin
	pre := make([]bool, len(lines)) // lines before the first marker
	for i, l := range lines {
		m, isMarker := annotation(l, word)
		if !isMarker {
			if cur == nil {
				pre[i] = true
				continue
			}
			cur.lines[i] = true
			continue
		}
		cmd, noTx, ok := parse(m)
		if !ok {
			r.problems = append(r.problems, splitProblem{i + 1, "unknown annotation `" + strings.TrimSpace(l) + "`: the migration tool rejects or ignores it"})
			continue
		}
		switch cmd {
		case cmdUp:
			if inBlock > 0 {
				r.problems = append(r.problems, splitProblem{inBlock, "`" + prefix + " StatementBegin` has no StatementEnd"})
				inBlock = 0
			}
			if r.up.present && !repeat {
				r.problems = append(r.problems, splitProblem{i + 1, "second `" + prefix + " Up` annotation"})
			}
			cur = &r.up
			r.up.present = true
			upNoTx = upNoTx || noTx
		case cmdDown:
			if inBlock > 0 {
				r.problems = append(r.problems, splitProblem{inBlock, "`" + prefix + " StatementBegin` has no StatementEnd"})
				inBlock = 0
			}
			if r.down.present && !repeat {
				r.problems = append(r.problems, splitProblem{i + 1, "second `" + prefix + " Down` annotation"})
			}
			cur = &r.down
			r.down.present = true
			downNoTx = downNoTx || noTx
		case cmdBegin:
			if inBlock > 0 {
				r.problems = append(r.problems, splitProblem{inBlock, "`" + prefix + " StatementBegin` has no StatementEnd"})
			}
			inBlock = i + 1
		case cmdEnd:
			if inBlock == 0 {
				r.problems = append(r.problems, splitProblem{i + 1, "`" + prefix + " StatementEnd` without StatementBegin"})
			}
			inBlock = 0
		case cmdNoTx:
			fileNoTx = true
		}
	}
	if inBlock > 0 {
		r.problems = append(r.problems, splitProblem{inBlock, "`" + prefix + " StatementBegin` has no StatementEnd"})
	}
	if before := firstCodeLine(lines, pre); before > 0 && r.up.present {
		r.problems = append(r.problems, splitProblem{before, "statements before the `" + prefix + " Up` annotation are never run"})
	}
	if !r.up.present {
		r.problems = append(r.problems, splitProblem{1, "no `" + prefix + " Up` annotation: the migration tool rejects the file"})
		// Still check the statements: treat the whole file as up.
		r.up.present = true
		for i, l := range lines {
			_, isMarker := annotation(l, word)
			r.up.lines[i] = !r.down.lines[i] && !isMarker
		}
	}
	r.up.mode, r.down.mode = txWrapped, txWrapped
	if fileNoTx || upNoTx {
		r.up.mode = txNone
	}
	if fileNoTx || downNoTx {
		r.down.mode = txNone
	}
}

// maskText keeps the bytes of the lines in keep and replaces every other
// byte (except newlines) with a space, so byte offsets, lines and columns
// in the result are those of the original file.
func maskText(src string, keep []bool) string {
	if !strings.HasPrefix(src, bom) && keepsAll(src, keep) {
		return src // a file that is one part (plain, golang-migrate): nothing to blank
	}
	b := []byte(src)
	if strings.HasPrefix(src, bom) {
		copy(b, "   ") // same length, so offsets do not move
	}
	for line, i := 0, 0; i < len(b); line++ {
		end := len(b)
		if e := bytes.IndexByte(b[i:], '\n'); e >= 0 {
			end = i + e
		}
		if line >= len(keep) || !keep[line] {
			for k := i; k < end; k++ {
				b[k] = ' '
			}
		}
		i = end + 1
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}

// keepsAll reports whether keep keeps every line of src.
func keepsAll(src string, keep []bool) bool {
	if strings.Count(src, "\n") >= len(keep) {
		return false
	}
	for _, k := range keep {
		if !k {
			return false
		}
	}
	return true
}

// firstCodeLine returns the 1-based line of the first SQL token (not a
// comment) on the lines marked in keep, 0 when there is none.
func firstCodeLine(lines []string, keep []bool) int {
	src := maskText(strings.Join(lines, "\n"), keep)
	cs := scanComments(src)
	ci := 0
	for i := 0; i < len(src); i++ {
		for ci < len(cs) && cs[ci].End <= i {
			ci++
		}
		if ci < len(cs) && i >= cs[ci].Start {
			i = cs[ci].End - 1
			continue
		}
		switch src[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			continue
		}
		return strings.Count(src[:i], "\n") + 1
	}
	return 0
}

// substitutePlaceholders stands in for the tool's ${name} substitution,
// keeping every offset. A placeholder with a configured value (values,
// Options.Templates) is replaced by it, padded with blanks before it (a
// longer value shifts the rest of its line). Without one, a placeholder
// that qualifies a name (${schema}.users) is blanked with its dot, so the
// name resolves in the default schema, and any other becomes an identifier
// of underscores.
func substitutePlaceholders(src string, values map[string]string) (string, bool) {
	if len(values) > 0 {
		src = substituteValues(src, values)
	}
	var b []byte
	for i := 0; i < len(src); i++ {
		if src[i] != '$' {
			continue
		}
		end := placeholderEnd(src, i)
		if end < 0 {
			continue
		}
		if b == nil {
			b = []byte(src)
		}
		// the dot (after blanks) that makes it a qualifier
		j := end
		for j < len(src) && reSpace(src[j]) {
			j++
		}
		if j < len(src) && src[j] == '.' {
			for k := i; k <= j; k++ {
				if b[k] != '\n' {
					b[k] = ' '
				}
			}
			i = j
			continue
		}
		for k := i; k < end; k++ {
			b[k] = '_'
		}
		i = end - 1
	}
	if b == nil {
		return src, false
	}
	return string(b), true
}

// substituteValues replaces the ${name} placeholders that have a value.
func substituteValues(src string, values map[string]string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '$' {
			continue
		}
		end := placeholderEnd(src, i)
		if end < 0 {
			continue
		}
		v, ok := values[src[i+2:end-1]]
		if !ok {
			continue
		}
		b.WriteString(src[last:i])
		for k := len(v); k < end-i; k++ {
			b.WriteByte(' ')
		}
		b.WriteString(v)
		last, i = end, end-1
	}
	if last == 0 {
		return src
	}
	b.WriteString(src[last:])
	return b.String()
}
