package verdict

import (
	"path"
	"strings"

	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// ackSet holds the acknowledgements in force: `-- rbcheck:roll-forward-only
// reason` directives in the release's migrations and config entries.
type ackSet struct {
	stmts map[*sqlast.Stmt]string // directive before a statement
	files map[string]string       // file-wide (directive with no statement, or config)
	cfg   []Ack
}

func collectAcks(files []*migrations.File, cfg []Ack) *ackSet {
	a := &ackSet{stmts: map[*sqlast.Stmt]string{}, files: map[string]string{}, cfg: cfg}
	for _, f := range files {
		for _, d := range f.Directives {
			if d.Kind != migrations.RollForwardOnly {
				continue
			}
			if d.Stmt != nil {
				a.stmts[d.Stmt] = d.Reason
			} else {
				a.files[f.Path] = d.Reason
			}
		}
	}
	return a
}

func (a *ackSet) match(f rules.Finding) (string, bool) {
	if f.Stmt != nil {
		if r, ok := a.stmts[f.Stmt]; ok {
			return r, true
		}
	}
	if r, ok := a.files[f.Pos.File]; ok {
		return r, true
	}
	for _, c := range a.cfg {
		if ackMatches(c.Migration, f.Pos.File) {
			return c.Reason, true
		}
	}
	return "", false
}

// ackMatches accepts the file's path, a path suffix, its base name, or a glob.
func ackMatches(pattern, file string) bool {
	if pattern == "" || file == "" {
		return false
	}
	pattern = strings.TrimPrefix(pattern, "./")
	if pattern == file || strings.HasSuffix(file, "/"+pattern) || path.Base(file) == pattern {
		return true
	}
	ok, _ := path.Match(pattern, file)
	return ok
}
