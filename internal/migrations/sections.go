package migrations

import (
	"regexp"
	"strings"
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

// part is one section of a file found by the splitter.
type part struct {
	present bool   // the file has this part (a marker or the whole file)
	lines   []bool // lines[i]: line i (0-based) belongs to the part
	mode    txMode
	// subst: the tool replaces ${name} placeholders before running the
	// SQL (Flyway always, goose after `-- +goose ENVSUB ON`).
	subst bool
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

var (
	reGooseMarker = regexp.MustCompile(`^\s*--\s*\+goose\s+(.*?)\s*$`)
	reSQLMigMark  = regexp.MustCompile(`^\s*--\s*\+migrate\s+(.*?)\s*$`)
	reDbmateMark  = regexp.MustCompile(`^\s*--\s*migrate:(up|down)\b(.*)$`)
	reTernDisable = regexp.MustCompile(`(?im)^\s*----\s*tern:\s*disable-tx\s*----\s*$`)
	reMetaCommand = regexp.MustCompile(`^\\[a-zA-Z!?]`)
	reGooseEnvsub = regexp.MustCompile(`(?im)^\s*--\s*\+goose\s+envsub\s+on\b`)
	// a ${name} placeholder, with the dot that follows it when it
	// qualifies a name (${schema}.users)
	rePlaceholder = regexp.MustCompile(`\$\{[^}\n]{1,200}\}(\s*\.)?`)
)

const bom = "\ufeff"

// splitLines splits src into lines without their newline; a final line
// without a newline is kept.
func splitLines(src string) []string {
	return strings.Split(src, "\n")
}

// splitSections assigns every line of src to the up part, the down part or
// neither (markers, text before the first marker), as the tool would.
func splitSections(f Format, src string) splitResult {
	lines := splitLines(src)
	// A byte order mark hides a marker on the first line from the regexps.
	lines[0] = strings.TrimPrefix(lines[0], bom)
	n := len(lines)
	r := splitResult{
		up:   part{lines: make([]bool, n)},
		down: part{lines: make([]bool, n)},
	}
	all := func(p *part) {
		p.present = true
		for i := range p.lines {
			p.lines[i] = true
		}
	}
	switch f {
	case FormatGoose:
		splitAnnotated(&r, lines, reGooseMarker, "-- +goose", gooseCmd)
		if reGooseEnvsub.MatchString(src) {
			r.up.subst, r.down.subst = true, true
		}
	case FormatSQLMigrate:
		splitAnnotated(&r, lines, reSQLMigMark, "-- +migrate", sqlMigrateCmd)
	case FormatDbmate:
		splitDbmate(&r, lines)
	case FormatTern:
		r.up.present = true
		mode := txWrapped
		if reTernDisable.MatchString(src) {
			mode = txImplicit
		}
		r.up.mode, r.down.mode = mode, mode
		cur := &r.up
		for i, l := range lines {
			if reTern.MatchString(l) {
				if cur == &r.down {
					r.problems = append(r.problems, splitProblem{i + 1, "second `---- create above / drop below ----` marker: tern splits at the first one"})
				}
				cur = &r.down
				r.down.present = true
				continue
			}
			if reTernDisable.MatchString(l) {
				continue
			}
			cur.lines[i] = true
		}
	case FormatGolangMigrate:
		all(&r.up)
		r.up.mode = txImplicit
	case FormatFlyway:
		all(&r.up)
		r.up.mode = txFlyway
		r.up.subst = true
	default:
		// Plain files are run as psql runs them: psql meta-commands
		// (\set ON_ERROR_STOP on, \restrict …) are not SQL.
		all(&r.up)
		for i, l := range lines {
			if reMetaCommand.MatchString(l) {
				r.up.lines[i] = false
			}
		}
		r.up.mode = txNone
	}
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

func gooseCmd(s string) (cmd int, noTx bool, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return 0, false, false
	}
	switch f[0] {
	case "up":
		return cmdUp, false, true
	case "down":
		return cmdDown, false, true
	case "statementbegin":
		return cmdBegin, false, true
	case "statementend":
		return cmdEnd, false, true
	case "no":
		if len(f) > 1 && f[1] == "transaction" {
			return cmdNoTx, true, true
		}
	case "envsub":
		return cmdIgnore, false, true
	}
	return 0, false, false
}

func sqlMigrateCmd(s string) (cmd int, noTx bool, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return 0, false, false
	}
	noTx = len(f) > 1 && f[1] == "notransaction"
	switch f[0] {
	case "up":
		return cmdUp, noTx, true
	case "down":
		return cmdDown, noTx, true
	case "statementbegin":
		return cmdBegin, false, true
	case "statementend":
		return cmdEnd, false, true
	}
	return 0, false, false
}

// splitAnnotated splits goose and sql-migrate files. goose's NO TRANSACTION
// applies to the whole file; sql-migrate's notransaction to its section.
func splitAnnotated(r *splitResult, lines []string, re *regexp.Regexp, prefix string, parse func(string) (int, bool, bool)) {
	var cur *part
	fileNoTx := false
	upNoTx, downNoTx := false, false
	inBlock := 0                    // 1-based line of the open StatementBegin
	pre := make([]bool, len(lines)) // lines before the first marker
	for i, l := range lines {
		m := re.FindStringSubmatch(l)
		if m == nil {
			if cur == nil {
				pre[i] = true
				continue
			}
			cur.lines[i] = true
			continue
		}
		cmd, noTx, ok := parse(m[1])
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
			if r.up.present {
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
			if r.down.present {
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
			r.up.lines[i] = !r.down.lines[i] && !re.MatchString(l)
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

// splitDbmate splits dbmate files: `-- migrate:up [transaction:false]`.
func splitDbmate(r *splitResult, lines []string) {
	var cur *part
	pre := make([]bool, len(lines)) // lines before the first marker
	for i, l := range lines {
		m := reDbmateMark.FindStringSubmatch(l)
		if m == nil {
			if cur == nil {
				pre[i] = true
				continue
			}
			cur.lines[i] = true
			continue
		}
		p := &r.up
		if strings.EqualFold(m[1], "down") {
			p = &r.down
		}
		if p.present {
			r.problems = append(r.problems, splitProblem{i + 1, "second `-- migrate:" + strings.ToLower(m[1]) + "` block"})
		}
		p.present = true
		p.mode = txWrapped
		for _, opt := range strings.Fields(strings.ToLower(m[2])) {
			k, v, _ := strings.Cut(opt, ":")
			if k == "transaction" && v == "false" {
				p.mode = txImplicit
			}
		}
		cur = p
	}
	if before := firstCodeLine(lines, pre); before > 0 && r.up.present {
		r.problems = append(r.problems, splitProblem{before, "statements before `-- migrate:up` are never run"})
	}
	if !r.up.present {
		r.problems = append(r.problems, splitProblem{1, "no `-- migrate:up` block: dbmate rejects the file"})
		r.up.present = true
		for i, l := range lines {
			r.up.lines[i] = !r.down.lines[i] && !reDbmateMark.MatchString(l)
		}
	}
}

// maskText keeps the bytes of the lines in keep and replaces every other
// byte (except newlines) with a space, so byte offsets, lines and columns
// in the result are those of the original file.
func maskText(src string, keep []bool) string {
	b := []byte(src)
	if strings.HasPrefix(src, bom) {
		copy(b, "   ") // same length, so offsets do not move
	}
	line := 0
	for i := 0; i < len(b); i++ {
		if b[i] == '\n' {
			line++
			continue
		}
		if line >= len(keep) || !keep[line] {
			b[i] = ' '
		}
	}
	return string(b)
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
// keeping every offset: a placeholder that qualifies a name
// (${schema}.users) is blanked with its dot, so the name resolves in the
// default schema; any other becomes an identifier of underscores.
func substitutePlaceholders(src string) (string, bool) {
	changed := false
	out := rePlaceholder.ReplaceAllStringFunc(src, func(m string) string {
		changed = true
		if strings.HasSuffix(m, ".") {
			return strings.Repeat(" ", len(m))
		}
		return strings.Repeat("_", len(m))
	})
	return out, changed
}
