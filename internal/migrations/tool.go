package migrations

import (
	"io/fs"
	"slices"
	"sort"
	"strings"
)

// Tool is one migration tool's conventions, all in one value: the file
// names it runs, how it splits a file into up and down parts, whether it
// runs them in a transaction and what turns that off, and how it orders the
// files. Each tool is a file of its own (tool_*.go) that registers its value;
// a new format is one such file plus a testdata/migrations/<format> folder
// for its tests.
type Tool struct {
	// Format names the tool in configuration (`format:`) and output.
	Format Format
	// Aliases are other spellings accepted in configuration.
	Aliases []string
	// Names describes the file names the tool runs, for messages and docs.
	Names string
	// Runner says which tool (or project) such files are taken for, for docs.
	Runner string

	// Parse recognises a migration by its path relative to the folder: a
	// base name, or "sub/file" for a Nested tool. ok is false for a name
	// the tool does not run. It must not allocate much: it runs for every
	// file of every candidate folder (no regexps).
	Parse func(rel string) (Name, bool)
	// Nested: the migrations live one folder down, a folder per version
	// (`0.24/00__memo.sql`) or per migration (`1528395834/up.sql`).
	Nested bool
	// Marker reports whether a line of a file is one of the tool's own
	// annotations that name its files (`-- +goose Up`); nil for tools
	// without any. It is only asked about lines that start (after
	// blanks) with `--`.
	Marker func(line string) bool
	// Claims is evidence from the folder (its file names and contents)
	// that it belongs to this tool rather than to another whose names look
	// the same: nil means names alone decide.
	Claims func(names []string, cands []*candidate) bool
	// Evidence orders tools when several recognise a folder: annotations
	// in the files (evidenceMarker) beat names with the tool's own mark on
	// the folder (evidenceClaimed), which beat distinctive names
	// (evidenceNames), a configuration file beside them (evidenceConf) and
	// plain numbered files (evidenceNumbered).
	Evidence int
	// Order breaks ties of equal evidence and equal counts (lower first).
	Order int

	// Split assigns each line of a file to its up part, its down part or
	// neither, with each part's transaction mode, as the tool does; nil
	// means the whole file is the up part, run with mode Tx.
	Split func(src string) splitResult
	// Tx is how the tool runs a part read as a whole: a separate down or
	// undo file, or any file when Split is nil.
	Tx txMode
	// Pairs: the up and down parts are separate files with one version
	// (golang-migrate's .up.sql/.down.sql, Flyway's V/U files).
	Pairs bool
	// SameVersion: the tool runs every file of a version, so two files of
	// one version are two migrations, not a duplicate it refuses
	// (concourse); with Pairs, a down file goes with the up file of its
	// version and title when the version has several.
	SameVersion bool
	// Subst: the tool replaces ${name} placeholders before running a file.
	Subst bool
	// NoTx reports a per-file setting outside the SQL that turns the
	// transaction off (Flyway's V1__x.sql.conf, Sourcegraph's
	// metadata.yaml); nil when the tool has none. rel is the file's path
	// relative to the fsys root.
	NoTx func(fsys fs.FS, rel string) bool
	// Unreadable returns why a file the tool runs cannot be read by
	// rbcheck (a goose Go migration, a pop .fizz migration), "" for any
	// other file. It is asked about every file that is not SQL in every
	// migrations folder, whatever the folder's tool.
	Unreadable func(base string) string
	// Arrange, when not nil, sets the place of each file of a nested
	// layout that its names alone do not give (Name.Version) from what
	// the folder holds beside them (temporal's manifest.json), and returns
	// for each candidate why the tool does not run it ("" when it does).
	Arrange func(fsys fs.FS, dir string, cands []*candidate) []string

	// Exts are the extensions of the files the tool runs besides .sql
	// (zdb's ".gotxt"): in a folder read as the tool's they are
	// migrations, elsewhere Unreadable says why they are not read.
	Exts []string
	// Render, when not nil, turns a file the tool renders before it runs
	// it (zdb's .gotxt) into its SQL, keeping every line and column of the
	// file; rendered is false for a file the tool runs as written, and err
	// says why a file cannot be rendered (it is then not read).
	Render func(name, src string) (sql string, rendered bool, err *templateError)

	// txForced: Tx is the configured way the runner applies each file
	// (Options.Transactions), not the format's default; it replaces the
	// mode the format's split gives.
	txForced bool
}

// Name is what a file's name says about it.
type Name struct {
	Version string // "0042", "20240101120000", "1.2", "0.24/00"; "" for repeatable or unversioned
	Title   string // "drop_legacy_email"
	Kind    Kind   // Versioned (the default when empty), Undo, Repeatable
	Down    bool   // a separate down file (golang-migrate .down.sql)
	Dialect string // the engine named in the name (dialect.go), "" for none
	// unversioned: a file read as a migration although its name has no
	// version, because a selection named it.
	unversioned bool
}

func (n Name) kind() Kind {
	if n.Kind == "" {
		return Versioned
	}
	return n.Kind
}

// Evidence levels (Tool.Evidence).
const (
	evidenceNumbered = iota
	evidenceConf
	evidenceNames
	// evidenceClaimed: names another tool also runs, with the tool's own
	// mark on the folder (pop's engine names, .fizz files, templates), so
	// more specific than the names alone.
	evidenceClaimed
	evidenceMarker
)

var (
	tools    []*Tool
	byFormat = map[Format]*Tool{}
	byAlias  = map[string]*Tool{}
)

// register adds a tool; each tool_*.go file calls it for its value.
func register(t *Tool) *Tool {
	tools = append(tools, t)
	sort.SliceStable(tools, func(i, j int) bool { return tools[i].Order < tools[j].Order })
	byFormat[t.Format] = t
	byAlias[string(t.Format)] = t
	for _, a := range t.Aliases {
		byAlias[a] = t
	}
	return t
}

// Tools lists every supported tool, in detection order.
func Tools() []*Tool { return append([]*Tool(nil), tools...) }

// ToolOf returns the tool of a format (nil for an unknown one).
func ToolOf(f Format) *Tool { return byFormat[f] }

// ParseFormat maps a configuration value to a Format ("" when unknown). It
// accepts each tool's name and aliases in any case: "migrate" and
// "golang-migrate", "sql", …
func ParseFormat(s string) Format {
	if t := byAlias[strings.ToLower(strings.TrimSpace(s))]; t != nil {
		return t.Format
	}
	return ""
}

// FormatNames lists the name of every format, in detection order.
func FormatNames() []string {
	out := make([]string, len(tools))
	for i, t := range tools {
		out[i] = string(t.Format)
	}
	return out
}

// normFormat accepts a Format built from a raw configuration string.
func normFormat(f Format) Format {
	if f == "" {
		return ""
	}
	return ParseFormat(string(f))
}

// TemplateNotRendered starts the message of a migration whose template
// (zdb's .gotxt) could not be rendered, so nothing of it was read;
// TemplateHelp is its fix.
const (
	TemplateNotRendered = "zdb template not rendered: "
	TemplateHelp        = "write what the template does for PostgreSQL with zdb's functions only (psql, sqlite, auto_increment, …), or as a {name}-postgres.sql file; rbcheck did not check it"
)

// runsExt reports whether b has one of the extensions t runs besides .sql.
func (t *Tool) runsExt(b string) bool {
	for _, e := range t.Exts {
		if strings.HasSuffix(b, e) {
			return true
		}
	}
	return false
}

// accepts reports whether tool t runs the file; the name class is returned.
func (t *Tool) accepts(rel string) (Name, bool) {
	n, ok := t.Parse(rel)
	if !ok {
		return Name{}, false
	}
	if n.Dialect == "" {
		n.Title, n.Dialect = splitDialect(n.Title)
	}
	return n, true
}

// detectTool picks a folder's tool from its candidate files: the tool with
// the strongest evidence that recognises the most of them. Annotations in
// the files (Tool.Marker) are the strongest; a tool with a Marker and no
// Claims is recognised by its annotations only. Otherwise the files the
// tool's names fit count, at the tool's Evidence level, when its Claims (if
// any) hold. flat are the folder's .sql files to read, nested those one
// folder down ("sub/file"), listing every file of the folder (for claims);
// cands are the files read so far (for markers and claims).
//
// A tool's annotations count only in files written for Postgres (or every
// engine), and only when at least half of those carry them: the tools that
// use annotations reject a file without one, so a single stray `-- +migrate
// Up` in a CockroachDB variant of a pop folder of a thousand files
// (ory/hydra) is not evidence that sql-migrate runs the folder. Likewise
// a tool of up and down files is not the runner of a folder without a down
// file where it would leave numbered files out (see leavesOutPlain).
func detectTool(flat, nested, listing []string, cands []*candidate) *Tool {
	best, bestEv, bestN := byFormat[FormatPlain], -1, 0
	consider := func(t *Tool, ev, n int) {
		if n > 0 && (ev > bestEv || (ev == bestEv && n > bestN)) {
			best, bestEv, bestN = t, ev, n
		}
	}
	pgCands := 0
	for _, c := range cands {
		if !namesOtherEngine(c.name) {
			pgCands++
		}
	}
	for _, t := range tools {
		if t.Marker != nil {
			n := 0
			for _, c := range cands {
				if c.err == nil && !namesOtherEngine(c.name) && slices.Contains(c.marks, t) {
					n++
				}
			}
			if n > 0 && 2*n >= pgCands {
				consider(t, evidenceMarker, n)
				continue
			}
			if t.Claims == nil {
				continue
			}
		}
		names := flat
		if t.Nested {
			names = nested
		}
		n := 0
		for _, b := range names {
			if _, ok := t.Parse(b); ok {
				n++
			}
		}
		if n > 0 && t.Claims != nil && !t.Claims(listing, cands) {
			continue
		}
		if n > 0 && t.Pairs && !t.Nested && t.Marker == nil && leavesOutPlain(t, flat) {
			continue
		}
		consider(t, t.Evidence, n)
	}
	return best
}

// leavesOutPlain reports whether a tool of up and down files (Pairs) would
// leave out numbered files of a folder that has no down file at all: then
// the project's runner is one that applies every numbered file, which is
// what plain reads, and the `….up.sql` names among them are not the mark
// of a tool (getfider/fider's runner applies 47 `….up.sql` and 48
// `{version}_{name}.sql` files alike, in version order). With a down file
// the names are the tool's, and a file it would not run stays listed as
// not read.
func leavesOutPlain(t *Tool, flat []string) bool {
	left := false
	for _, b := range flat {
		n, ok := t.Parse(b)
		if ok && n.Down {
			return false
		}
		if !ok && !directionNamed(b) {
			if _, plainOK := parsePlain(b); plainOK {
				left = true
			}
		}
	}
	return left
}

// directionNamed: the name says up or down before `.sql` (`x.up.sql`,
// `x_down.sql`): some tool's file, never one a plain runner was meant to
// apply as it is.
func directionNamed(b string) bool {
	s, ok := trimSQL(b)
	if !ok {
		return false
	}
	s = strings.ToLower(s)
	for _, d := range []string{"up", "down"} {
		for _, sep := range []string{".", "_", "-"} {
			if strings.HasSuffix(s, sep+d) {
				return true
			}
		}
	}
	return false
}
