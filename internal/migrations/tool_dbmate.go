package migrations

import "strings"

// FormatDbmate is the format of this tool.
const FormatDbmate Format = "dbmate"

// dbmate: {version}_{title}.sql with `-- migrate:up` and `-- migrate:down`
// blocks; a block runs in a transaction (the whole block as one query)
// unless it says `transaction:false`, when Postgres runs its statements as
// one implicit transaction anyway.
var dbmate = register(&Tool{
	Format: FormatDbmate,
	Names:  "{version}_{title}.sql with -- migrate:up / -- migrate:down",
	Runner: "dbmate (github.com/amacneil/dbmate)",
	Parse:  numbered,
	Marker: func(line string) bool { _, _, ok := dbmateMarker(line); return ok },
	Order:  70,
	Split:  splitDbmate,
	Tx:     txWrapped,
})

// dbmateMarker parses `-- migrate:up [options]`.
func dbmateMarker(line string) (down bool, opts string, ok bool) {
	body, ok := commentText(line)
	if !ok {
		return false, "", false
	}
	body = trimLeftSpace(body)
	if !hasPrefixFold(body, "migrate:") {
		return false, "", false
	}
	body = body[len("migrate:"):]
	switch {
	case hasPrefixFold(body, "up") && wordEnd(body[2:]):
		return false, body[2:], true
	case hasPrefixFold(body, "down") && wordEnd(body[4:]):
		return true, body[4:], true
	}
	return false, "", false
}

// splitDbmate splits dbmate files: `-- migrate:up [transaction:false]`.
func splitDbmate(src string) splitResult {
	var r splitResult
	lines := r.init(src)
	var cur *part
	pre := make([]bool, len(lines)) // lines before the first marker
	for i, l := range lines {
		down, opts, ok := dbmateMarker(l)
		if !ok {
			if cur == nil {
				pre[i] = true
				continue
			}
			cur.lines[i] = true
			continue
		}
		p, word := &r.up, "up"
		if down {
			p, word = &r.down, "down"
		}
		if p.present {
			r.problems = append(r.problems, splitProblem{i + 1, "second `-- migrate:" + word + "` block"})
		}
		p.present = true
		p.mode = txWrapped
		for _, opt := range strings.Fields(strings.ToLower(opts)) {
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
			_, _, marker := dbmateMarker(l)
			r.up.lines[i] = !r.down.lines[i] && !marker
		}
	}
	return r
}
