package migrations

// FormatTern is the format of this tool.
const FormatTern Format = "tern"

// tern (github.com/jackc/tern): {version}_{title}.sql, up above a
// `---- create above / drop below ----` line and down below it; a folder
// holding tern.conf is tern's even without that line. Each part runs in a
// transaction unless the file says `---- tern: disable-tx ----`.
var tern = register(&Tool{
	Format:   FormatTern,
	Names:    "{version}_{title}.sql with ---- create above / drop below ----",
	Runner:   "tern (github.com/jackc/tern)",
	Parse:    numbered,
	Marker:   ternMarker,
	Claims:   func(names []string, _ []*candidate) bool { return contains(names, "tern.conf") },
	Evidence: evidenceConf,
	Order:    80,
	Split:    splitTern,
	Tx:       txWrapped,
})

func ternMarker(line string) bool {
	return matchLine(line, "----", "", "create", " ", "above", "", "/", "", "drop", " ", "below", "", "----")
}

func ternDisableTx(line string) bool {
	return matchLine(line, "----", "", "tern:", "", "disable-tx", "", "----")
}

func splitTern(src string) splitResult {
	var r splitResult
	lines := r.init(src)
	r.up.present = true
	mode := txWrapped
	for _, l := range lines {
		if ternDisableTx(l) {
			mode = txImplicit
		}
	}
	r.up.mode, r.down.mode = mode, mode
	cur := &r.up
	for i, l := range lines {
		if ternMarker(l) {
			if cur == &r.down {
				r.problems = append(r.problems, splitProblem{i + 1, "second `---- create above / drop below ----` marker: tern splits at the first one"})
			}
			cur = &r.down
			r.down.present = true
			continue
		}
		if ternDisableTx(l) {
			continue
		}
		cur.lines[i] = true
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
