package migrationcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// event is a migration statement that removed or changed an object.
type event struct {
	verb string // "dropped" or "renamed"
	to   string // new name of a rename
	at   string // file:line of the statement
}

// state is what every package of one process checks against: built once
// per root and settings.
type state struct {
	cat      *catalog.Catalog
	complete bool
	// removed: "schema.table" or "schema.table.column" → the statement that
	// dropped or renamed it (the last one).
	removed map[string]event
	// changed: "schema.table" → the first unreleased statement that changes
	// its columns.
	changed map[string]string
	// required: "schema.table.column" → the statement that made the column
	// NOT NULL without a default (kept only when the final schema agrees).
	required map[string]string
	// unread lists the migration files that were not read, as
	// "file:line:col: problem" (syntax errors, files of no format).
	unread []string
	// nFiles/nUnreleased are for tests and docs.
	nFiles, nUnreleased int
}

type stateEntry struct {
	once sync.Once
	st   *state
	err  error
}

var states sync.Map // key → *stateEntry

// replays counts buildState calls (tests check that a process replays
// the migrations of one root and settings once).
var replays atomic.Int64

// loadState replays the migrations of r once per process.
func loadState(r *resolved) (*state, error) {
	k := r.root + "\x00" + strings.Join(r.migDirs, ",") + "\x00" + fmt.Sprint(r.formats) + "\x00" +
		strings.Join(r.exclude, ",") + "\x00" + r.baseline + "\x00" + fmt.Sprint(r.complete) + "\x00" + r.tagPattern
	v, _ := states.LoadOrStore(k, &stateEntry{})
	e := v.(*stateEntry)
	e.once.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				e.err = fmt.Errorf("rbcheck: internal error replaying migrations: %v", p)
			}
		}()
		e.st, e.err = buildState(r)
	})
	return e.st, e.err
}

func tkey(n sqlast.Name) string {
	s := n.Schema
	if s == "" {
		s = "public"
	}
	return s + "." + n.Name
}

func buildState(r *resolved) (*state, error) {
	replays.Add(1)
	opts := migrations.Options{Exclude: r.exclude}
	var dirs []string
	for _, d := range r.migDirs {
		dirs = append(dirs, d)
		if f, ok := r.formats[d]; ok {
			if opts.Formats == nil {
				opts.Formats = map[string]migrations.Format{}
			}
			opts.Formats[d] = migrations.ParseFormat(f)
		}
	}
	opts.Dirs = dirs
	set, err := migrations.Load(r.root, opts)
	if err != nil {
		return nil, fmt.Errorf("rbcheck: %w", err)
	}
	st := &state{
		cat:      catalog.NewCatalog(),
		complete: r.complete,
		removed:  map[string]event{},
		changed:  map[string]string{},
		required: map[string]string{},
	}
	if r.baseline != "" {
		b, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(r.baseline)))
		if err != nil {
			return nil, fmt.Errorf("rbcheck: cannot read baseline schema %s: %w", r.baseline, err)
		}
		st.cat, _ = catalog.LoadSchema(filepath.ToSlash(r.baseline), string(b))
	}
	st.unread = unreadFiles(set)
	released := releasedFiles(r.root, r.tagPattern)
	for _, f := range set.Files {
		if f.Kind == migrations.Undo || f.Up == nil {
			continue
		}
		st.nFiles++
		unreleased := released != nil && !released[f.Path]
		origin := catalog.Existing
		if unreleased {
			origin = catalog.New
			st.nUnreleased++
		}
		for _, s := range f.Up.Stmts {
			st.observe(s, f.Path, unreleased)
			st.cat.ApplyOne(s, origin)
			for _, n := range s.Nested { // what a DO block runs
				st.observe(n, f.Path, unreleased)
				st.cat.ApplyOne(n, origin)
			}
		}
	}
	// keep only the columns the final schema still requires
	for k := range st.required {
		i := strings.LastIndexByte(k, '.')
		j := strings.IndexByte(k, '.')
		t := st.cat.Relation(sqlast.Name{Schema: k[:j], Name: k[j+1 : i]})
		if t == nil || t.View {
			delete(st.required, k)
			continue
		}
		c := t.Column(k[i+1:])
		if c == nil || !requiredCol(c) {
			delete(st.required, k)
		}
	}
	return st, nil
}

// unreadFiles lists the problems that left part of set out of the replay.
func unreadFiles(set *migrations.Set) []string {
	var out []string
	add := func(file string, es []*sqlast.ParseError) {
		for _, e := range es {
			p := e.Pos
			if p.File == "" {
				p.File = file
			}
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, e.Msg))
		}
	}
	for _, f := range set.Files {
		if f.Kind == migrations.Undo {
			continue
		}
		add(f.Path, f.Errors)
		if f.Up != nil {
			add(f.Path, f.Up.Errors)
		}
	}
	for _, s := range set.Skipped {
		if strings.HasSuffix(strings.ToLower(s.Path), ".sql") {
			out = append(out, s.Path+": not read: "+s.Reason)
		}
	}
	return out
}

func requiredCol(c *catalog.Column) bool {
	return c.NotNull && c.Default == nil && !c.Identity
}

func at(file string, p sqlast.Pos, s *sqlast.Stmt) string {
	line := p.Line
	if line == 0 {
		line = s.Pos.Line
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// observe records what statement s removes or changes, before it is applied.
func (st *state) observe(s *sqlast.Stmt, file string, unreleased bool) {
	switch n := s.Node.(type) {
	case *sqlast.Drop:
		switch n.ObjType {
		case sqlast.ObjTable, sqlast.ObjView, sqlast.ObjMatView, sqlast.ObjForeignTable:
			for _, o := range n.Objects {
				if t := st.cat.Relation(o); t != nil {
					st.removed[tkey(t.Name)] = event{verb: "dropped", at: at(file, s.Pos, s)}
				}
			}
		}
	case *sqlast.Rename:
		switch n.ObjType {
		case sqlast.ObjTable, sqlast.ObjView, sqlast.ObjMatView, sqlast.ObjForeignTable:
			if t := st.cat.Relation(n.Object); t != nil {
				st.removed[tkey(t.Name)] = event{verb: "renamed", to: n.NewName, at: at(file, s.Pos, s)}
			}
		case sqlast.ObjColumn:
			if t := st.cat.Relation(n.Object); t != nil && t.Column(n.Sub) != nil {
				k := tkey(t.Name)
				st.removed[k+"."+n.Sub] = event{verb: "renamed", to: n.NewName, at: at(file, s.Pos, s)}
				if unreleased && t.Origin == catalog.Existing {
					if _, ok := st.changed[k]; !ok {
						st.changed[k] = at(file, s.Pos, s)
					}
				}
			}
		}
	case *sqlast.CreateTable:
		for _, d := range n.Columns {
			if d.NotNull && d.Default == nil && !d.Identity && !d.Serial && d.Generated == nil {
				st.required[tkey(n.Table)+"."+d.Name] = at(file, s.Pos, s)
			}
		}
	case *sqlast.AlterTable:
		t := st.cat.Relation(n.Table)
		if t == nil {
			return
		}
		k := tkey(t.Name)
		for _, c := range n.Cmds {
			switch c.Kind {
			case sqlast.DropColumn:
				if t.Column(c.Column) != nil {
					st.removed[k+"."+c.Column] = event{verb: "dropped", at: at(file, c.Pos, s)}
				}
			case sqlast.AddColumn:
				if d := c.Def; d != nil && d.NotNull && d.Default == nil && !d.Identity && !d.Serial && d.Generated == nil {
					st.required[k+"."+d.Name] = at(file, c.Pos, s)
				}
			case sqlast.SetNotNull, sqlast.DropDefault:
				st.required[k+"."+c.Column] = at(file, c.Pos, s)
			}
			switch c.Kind {
			case sqlast.AddColumn, sqlast.DropColumn, sqlast.AlterColumnType:
				if unreleased && t.Origin == catalog.Existing {
					if _, ok := st.changed[k]; !ok {
						st.changed[k] = at(file, c.Pos, s)
					}
				}
			}
		}
	}
}

// releasedFiles returns the files (relative to root) present at the latest
// release tag, or nil when there is no git, no repository or no tag: then
// every migration counts as released.
func releasedFiles(root, pattern string) map[string]bool {
	repo, err := gitrev.Open(root)
	if err != nil || repo.Bare {
		return nil
	}
	tag, err := repo.LatestTag(pattern, "HEAD")
	if err != nil {
		return nil
	}
	files, err := repo.ListFiles(tag.Commit, repo.Prefix)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, p := range files {
		if repo.Prefix != "" {
			rest, ok := strings.CutPrefix(p, repo.Prefix+"/")
			if !ok {
				continue
			}
			p = rest
		}
		out[p] = true
	}
	return out
}
