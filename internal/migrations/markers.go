package migrations

import (
	"slices"
	"strings"
)

// Annotation lines (`-- +goose Up`, `-- migrate:up`, `---- create above /
// drop below ----`), recognised by hand: no regexps, one pass per file. The
// words compare in ASCII case only (`-- +GOOSE up` is goose's too).

// reSpace is the whitespace of the annotation syntax: RE2's \s.
func reSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func trimLeftSpace(s string) string {
	i := 0
	for i < len(s) && reSpace(s[i]) {
		i++
	}
	return s[i:]
}

func trimRightSpace(s string) string {
	i := len(s)
	for i > 0 && reSpace(s[i-1]) {
		i--
	}
	return s[:i]
}

// hasPrefixFold reports whether s starts with the lower-case ASCII word w,
// ignoring ASCII case.
func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// wordEnd reports whether s continues after a word with a non-word byte (or
// ends): RE2's \b after a word character.
func wordEnd(s string) bool {
	if s == "" {
		return true
	}
	c := s[0]
	return !(c == '_' || isDigit(c) || isLetter(c))
}

// commentText returns what follows `--` on a line that is only a line
// comment (whitespace may precede it); ok is false for any other line.
func commentText(line string) (string, bool) {
	l := trimLeftSpace(line)
	if len(l) < 2 || l[0] != '-' || l[1] != '-' {
		return "", false
	}
	return l[2:], true
}

// annotation returns the command of a `-- +word command` line ("" for
// `-- +word` followed by blanks only); ok is false when the line is not
// such an annotation. word is lower case, with its `+`.
func annotation(line, word string) (cmd string, ok bool) {
	body, ok := commentText(line)
	if !ok {
		return "", false
	}
	body = trimLeftSpace(body)
	if !hasPrefixFold(body, word) {
		return "", false
	}
	rest := body[len(word):]
	if rest == "" || !reSpace(rest[0]) {
		return "", false
	}
	return trimRightSpace(trimLeftSpace(rest)), true
}

// upDownAnnotation reports a `-- +word up|down` line (the markers that name
// goose's and sql-migrate's files).
func upDownAnnotation(line, word string) bool {
	cmd, ok := annotation(line, word)
	if !ok {
		return false
	}
	for _, d := range [...]string{"up", "down"} {
		if hasPrefixFold(cmd, d) && wordEnd(cmd[len(d):]) {
			return true
		}
	}
	return false
}

// hasMarkerLine reports whether any line of src satisfies marker; lines are
// only looked at when they start (after whitespace) with `--`.
func hasMarkerLine(src string, marker func(line string) bool) bool {
	return eachCommentLine(src, marker)
}

// markedBy returns the tools (in the order of tools) that have a marker
// line in src: what hasMarkerLine says for each, in one pass over src.
func markedBy(src string) []*Tool {
	var found []*Tool
	eachCommentLine(src, func(l string) bool {
		for _, t := range tools {
			if t.Marker != nil && !slices.Contains(found, t) && t.Marker(l) {
				found = append(found, t)
			}
		}
		return false
	})
	if len(found) > 1 {
		slices.SortStableFunc(found, func(a, b *Tool) int { return slices.Index(tools, a) - slices.Index(tools, b) })
	}
	return found
}

// eachCommentLine calls f on each line of src that starts (after
// whitespace) with `--`, from the `--` to the end of the line, until f
// returns true; it reports whether one did. It finds the lines by their
// `--` (a fast search) rather than line by line.
func eachCommentLine(src string, f func(line string) bool) bool {
	src = strings.TrimPrefix(src, bom)
	for i := 0; i < len(src); {
		k := strings.Index(src[i:], "--")
		if k < 0 {
			return false
		}
		k += i
		ls := strings.LastIndexByte(src[:k], '\n') + 1
		end := len(src)
		if e := strings.IndexByte(src[k:], '\n'); e >= 0 {
			end = k + e
		}
		if len(trimLeftSpace(src[ls:k])) == 0 && f(src[k:end]) {
			return true
		}
		i = end + 1
	}
	return false
}

// psqlMetaCommand reports a psql meta-command line (`\set ON_ERROR_STOP
// on`, `\echo …`, `\restrict …`): not SQL, psql runs it itself.
func psqlMetaCommand(line string) bool {
	return len(line) >= 2 && line[0] == '\\' && (isLetter(line[1]) || line[1] == '!' || line[1] == '?')
}

// goMigrationName reports a goose Go migration (`00002_backfill.go`), not
// its test.
func goMigrationName(b string) bool {
	v := leadingDigits(b)
	if v == "" || !strings.HasSuffix(b, ".go") || strings.HasSuffix(b, "_test.go") {
		return false
	}
	rest := b[len(v) : len(b)-3]
	return len(rest) >= 2 && rest[0] == '_'
}

// placeholderEnd returns the end (exclusive) of a `${name}` placeholder
// starting at i in s, -1 when there is none: 1 to 200 bytes, no `}` and no
// newline inside.
func placeholderEnd(s string, i int) int {
	if i+2 >= len(s) || s[i] != '$' || s[i+1] != '{' {
		return -1
	}
	for j := i + 2; j < len(s) && j-i-2 <= 200; j++ {
		switch s[j] {
		case '}':
			if j == i+2 {
				return -1
			}
			return j + 1
		case '\n':
			return -1
		}
	}
	return -1
}

// matchLine matches a whole line against a sequence of ASCII words (any
// case) and blanks: " " stands for one or more blanks, "" for any number
// (RE2's \s+ and \s*). Blanks may also lead and trail the line.
func matchLine(line string, seq ...string) bool {
	s := trimLeftSpace(line)
	for _, p := range seq {
		switch p {
		case "", " ":
			t := trimLeftSpace(s)
			if p == " " && len(t) == len(s) {
				return false
			}
			s = t
		default:
			if !hasPrefixFold(s, p) {
				return false
			}
			s = s[len(p):]
		}
	}
	return trimLeftSpace(s) == ""
}

// IsGoMigration reports whether path names a goose Go migration
// (`00002_backfill.go`).
func IsGoMigration(path string) bool {
	return goMigrationName(path[strings.LastIndexByte(path, '/')+1:])
}
