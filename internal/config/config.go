// Package config reads rbcheck's configuration file, .rbcheck.yaml.
//
// One schema serves every command: lint reads migrations, exclude, schema,
// pg-version, rules and fail-on; the release verdict also reads go, release,
// acknowledge and select-star; the golangci plugin reads retiring. Every key
// is documented with its default in docs/configuration.md.
//
// Decoding walks the yaml.Node tree so that an unknown key or a value of the
// wrong type is reported with the file, line and column, e.g.
//
//	.rbcheck.yaml:7:3: unknown key "rulez" (known: migrations, exclude, …)
package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/safefs"
)

// FileNames are the names Find looks for, in order.
var FileNames = []string{".rbcheck.yaml", ".rbcheck.yml"}

// Config is the whole configuration. The yaml tags are the documented keys.
type Config struct {
	// Migrations lists migration directories or globs (with **), each
	// optionally with its tool's format. Empty means: discover them.
	Migrations []MigrationDir `yaml:"migrations"`
	// Exclude lists globs of migration files and Go files to skip.
	Exclude []string `yaml:"exclude"`
	// Schema is a baseline schema file (e.g. a pg_dump --schema-only).
	Schema string `yaml:"schema"`
	// PGVersion is the Postgres major version the migrations run on.
	PGVersion int `yaml:"pg-version"`
	// Rules turns rules on or off and overrides their severity.
	Rules Rules `yaml:"rules"`
	// FailOn is the lowest severity that makes lint exit 1.
	FailOn string `yaml:"fail-on"`
	// Go says which Go code of the release the verdict reads.
	Go Go `yaml:"go"`
	// Release configures the release verdict.
	Release Release `yaml:"release"`
	// Acknowledge lists migrations that are knowingly roll-forward-only.
	Acknowledge []Acknowledgement `yaml:"acknowledge"`
	// Retiring lists tables and columns (table or table.column) being
	// contracted, for the golangci plugin.
	Retiring []string `yaml:"retiring"`
	// SelectStar says when SELECT * in old code counts as using every
	// column: changed (only tables the release changes), always, never.
	SelectStar string `yaml:"select-star"`
	// Templates are the values of Go-template actions ({{ index .Options
	// "Namespace" }}, by name) and ${name} placeholders in migrations.
	Templates map[string]string `yaml:"templates"`
	// SearchPath is the schemas an unqualified table name in the old code
	// refers to, in order (default: public).
	SearchPath []string `yaml:"search-path"`

	// Path is the file the configuration was read from ("" for defaults).
	Path string `yaml:"-"`
	// Dir is the directory relative paths in the file are relative to: the
	// file's directory, or "" for defaults.
	Dir string `yaml:"-"`

	pos map[string]Pos
}

// MigrationDir is one entry of migrations. In YAML it is either a string
// (the path) or a mapping with path, format and transaction.
type MigrationDir struct {
	Path   string `yaml:"path"`
	Format string `yaml:"format"` // "" means auto-detect
	// Transaction says how the project's runner applies each file, when
	// it is not the format's own way: per-file, none or single-query
	// ("" for the format's).
	Transaction string `yaml:"transaction"`
}

// Rules is the rules section.
type Rules struct {
	Enable   []string          `yaml:"enable"`
	Disable  []string          `yaml:"disable"`
	Severity map[string]string `yaml:"severity"`
}

// Go is the go section: the release's Go code for the verdict.
type Go struct {
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
	Sinks   []Sink   `yaml:"sinks"`
}

// Sink is a function that receives SQL text at argument Arg (0-based), in
// addition to database/sql, pgx, sqlx, GORM and friends.
type Sink struct {
	Func string `yaml:"func"` // import path qualified, e.g. github.com/acme/db.MustQuery or (*github.com/acme/db.DB).Query
	Arg  int    `yaml:"arg"`
}

// Release is the release section.
type Release struct {
	TagPattern         string `yaml:"tag-pattern"`
	Strict             bool   `yaml:"strict"`
	FailOnAcknowledged bool   `yaml:"fail-on-acknowledged"`
	// AllowUnread turns the unknown verdict (something was not read) back
	// into the verdict of what was read.
	AllowUnread bool `yaml:"allow-unread"`
}

// Acknowledgement marks a migration as knowingly roll-forward-only.
type Acknowledgement struct {
	Migration string `yaml:"migration"`
	Reason    string `yaml:"reason"`
}

// Defaults.
const (
	DefaultPGVersion  = 17
	DefaultFailOn     = "error"
	DefaultSelectStar = "changed"
	DefaultTagPattern = "v*"
	DefaultSearchPath = "public"
)

// The Postgres major versions pg-version accepts: 9 stands for the 9.x
// series (9.6), 10 onwards are single-number majors; the upper bound leaves
// room for releases to come without accepting nonsense.
const (
	MinPGVersion = 9
	MaxPGVersion = 30
)

// ValidPGVersion reports whether v is a Postgres major version rbcheck
// accepts for pg-version (and --pg-version).
func ValidPGVersion(v int) bool { return v >= MinPGVersion && v <= MaxPGVersion }

// Valid values of the enumerated keys.
var (
	Severities       = []string{"error", "warning", "info"}
	SelectStarValues = []string{"changed", "always", "never"}
	// Formats are the migration formats (internal/migrations' tools; a test
	// there keeps the two lists equal).
	Formats = []string{"golang-migrate", "pop", "goose", "flyway", "authelia", "dbmate", "sql-migrate", "tern",
		"versioned-folders", "folder-per-migration", "manifest-folders", "maragu-migrate", "concourse", "zdb", "plain"}
	// Transactions are the values of migrations.transaction (internal/
	// migrations' TransactionModes; a test keeps the two lists equal).
	Transactions = []string{"per-file", "none", "single-query"}
)

// Default returns the configuration used when there is no file.
func Default() *Config {
	return &Config{
		PGVersion:  DefaultPGVersion,
		FailOn:     DefaultFailOn,
		SelectStar: DefaultSelectStar,
		Go:         Go{Include: []string{"./..."}},
		Release:    Release{TagPattern: DefaultTagPattern},
		Rules:      Rules{Severity: map[string]string{}},
		SearchPath: []string{DefaultSearchPath},
	}
}

// Pos is a position in the configuration file.
type Pos struct {
	File   string
	Line   int
	Column int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Error is a configuration error at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.File == "" && e.Pos.Line == 0 {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Pos returns where key (a dotted path like "rules.severity.add-enum-value"
// or "acknowledge.0.migration") was written in the file, for messages about
// a value. The zero Pos (with File set) is returned for keys not written.
func (c *Config) Pos(key string) Pos {
	if p, ok := c.pos[key]; ok {
		p.File = c.displayPath() // Path may have been made relative since decoding
		return p
	}
	return Pos{File: c.displayPath()}
}

// Has reports whether key (a dotted path) was written in the file.
func (c *Config) Has(key string) bool {
	_, ok := c.pos[key]
	return ok
}

func (c *Config) displayPath() string {
	return c.Path
}

// Load reads and validates the configuration file at path. Keys missing from
// the file keep their defaults. Error positions name the file as given.
func Load(path string) (*Config, error) {
	// only a regular file inside its repository, at most 1 MiB
	data, err := safefs.ReadFileIn(path, safefs.MaxConfigSize)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(path); err == nil {
		c.Dir = filepath.Dir(abs)
	}
	return c, nil
}

// Parse decodes configuration data; name is used in error positions.
func Parse(data []byte, name string) (*Config, error) {
	c := Default()
	c.Path = name
	c.pos = map[string]Pos{}
	if err := decode(data, name, c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Find looks for .rbcheck.yaml or .rbcheck.yml in dir and its parents up to
// the repository root (the first directory holding .git). Outside a
// repository only dir itself is searched. It returns "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	root := repoRoot(abs)
	for d := abs; ; d = filepath.Dir(d) {
		for _, n := range FileNames {
			p := filepath.Join(d, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
		if root == "" || d == root || filepath.Dir(d) == d {
			return "", nil
		}
	}
}

// RepoRoot returns the repository root above dir (the first directory that
// holds .git), or "" outside a repository.
func RepoRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return repoRoot(abs)
}

func repoRoot(abs string) string {
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// FindAndLoad finds the configuration for dir and loads it, or returns
// Default() when there is none.
func FindAndLoad(dir string) (*Config, error) {
	p, err := Find(dir)
	if err != nil {
		return nil, err
	}
	if p == "" {
		return Default(), nil
	}
	return Load(p)
}

// Validate checks enumerated values and returns the first problem, with the
// position of the offending value when it came from a file.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, msg string) {
		errs = append(errs, &Error{Pos: c.Pos(key), Msg: msg})
	}
	if (c.PGVersion != 0 || c.Has("pg-version")) && !ValidPGVersion(c.PGVersion) {
		bad("pg-version", fmt.Sprintf("pg-version %d is not a Postgres major version: rules would be checked against a server that does not exist\nhelp: write the major version of the server the migrations run on, %d to %d (e.g. pg-version: %d)", c.PGVersion, MinPGVersion, MaxPGVersion, DefaultPGVersion))
	}
	if c.FailOn != "" && !contains(Severities, c.FailOn) {
		bad("fail-on", fmt.Sprintf("fail-on %q is not one of %s", Clip(c.FailOn), strings.Join(Severities, ", ")))
	}
	if c.SelectStar != "" && !contains(SelectStarValues, c.SelectStar) {
		bad("select-star", fmt.Sprintf("select-star %q is not one of %s", Clip(c.SelectStar), strings.Join(SelectStarValues, ", ")))
	}
	for i, m := range c.Migrations {
		if m.Path == "" {
			bad(fmt.Sprintf("migrations.%d", i), "migrations entry has no path")
		}
		if msg := globProblem(m.Path); msg != "" {
			k := fmt.Sprintf("migrations.%d", i)
			if c.Has(k + ".path") {
				k += ".path"
			}
			bad(k, msg)
		}
		if m.Format != "" && !contains(Formats, m.Format) {
			bad(fmt.Sprintf("migrations.%d.format", i), fmt.Sprintf("format %q is not one of %s", Clip(m.Format), strings.Join(Formats, ", ")))
		}
		if m.Transaction != "" && !contains(Transactions, m.Transaction) {
			bad(fmt.Sprintf("migrations.%d.transaction", i), fmt.Sprintf("transaction %q is not one of %s (how the runner applies each file: in a transaction of its own, statement by statement with autocommit, or as one query string)", Clip(m.Transaction), strings.Join(Transactions, ", ")))
		}
	}
	for i, sch := range c.SearchPath {
		if strings.TrimSpace(sch) == "" {
			bad(fmt.Sprintf("search-path.%d", i), "search-path entry is empty; name a schema, e.g. public")
		}
	}
	for i, g := range c.Exclude {
		if msg := globProblem(g); msg != "" {
			bad(fmt.Sprintf("exclude.%d", i), msg)
		}
	}
	for i, g := range c.Go.Exclude {
		if msg := globProblem(g); msg != "" {
			bad(fmt.Sprintf("go.exclude.%d", i), msg)
		}
	}
	keys := make([]string, 0, len(c.Rules.Severity))
	for k := range c.Rules.Severity {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := c.Rules.Severity[k]; !contains(Severities, v) {
			bad("rules.severity."+k, fmt.Sprintf("severity %q of rule %s is not one of %s", Clip(v), Clip(k), strings.Join(Severities, ", ")))
		}
	}
	for i, a := range c.Acknowledge {
		if a.Migration == "" {
			bad(fmt.Sprintf("acknowledge.%d", i), "acknowledge entry has no migration")
		}
		if strings.TrimSpace(a.Reason) == "" {
			bad(fmt.Sprintf("acknowledge.%d", i), fmt.Sprintf("acknowledge entry for %s has no reason; say why rolling forward only is acceptable", Clip(a.Migration)))
		}
	}
	for i, s := range c.Go.Sinks {
		if s.Func == "" {
			bad(fmt.Sprintf("go.sinks.%d", i), "go.sinks entry has no func")
		}
		if s.Arg < 0 {
			bad(fmt.Sprintf("go.sinks.%d.arg", i), fmt.Sprintf("go.sinks arg %d is negative", s.Arg))
		}
	}
	for i, r := range c.Retiring {
		if r == "" || strings.Count(r, ".") > 2 {
			bad(fmt.Sprintf("retiring.%d", i), fmt.Sprintf("retiring entry %q is not table, table.column or schema.table.column", Clip(r)))
		}
	}
	return errors.Join(errs...)
}

// Resolve makes a path written in the file relative to the file's
// directory into one usable from the process (absolute when the file was
// loaded from disk). Absolute paths are returned unchanged.
func (c *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) || c.Dir == "" {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// SeverityOf returns the configured severity of rule, or def.
func (c *Config) SeverityOf(rule, def string) string {
	if s, ok := c.Rules.Severity[rule]; ok {
		return s
	}
	return def
}

// RuleEnabled says whether a rule with the given default is on: disable
// wins over enable, and "all" in either list names every rule.
func (c *Config) RuleEnabled(rule string, def bool) bool {
	if contains(c.Rules.Disable, rule) || contains(c.Rules.Disable, "all") {
		// an explicit enable of this very rule beats "disable: [all]"
		return contains(c.Rules.Enable, rule) && !contains(c.Rules.Disable, rule)
	}
	if contains(c.Rules.Enable, rule) || contains(c.Rules.Enable, "all") {
		return true
	}
	return def
}

// FailRank returns the rank (rules.Severity.Rank) of fail-on.
func (c *Config) FailRank() int {
	switch c.FailOn {
	case "info":
		return 1
	case "warning":
		return 2
	}
	return 3
}

// globProblem says what is wrong with a malformed glob (an unclosed `[`, a
// trailing backslash), "" for a valid one or a plain path. `**` stands for
// any number of directories; other segments follow path.Match.
func globProblem(p string) string {
	for _, seg := range strings.Split(p, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Sprintf("malformed glob %q: %v (a `[` needs its `]`)", p, err)
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Keys returns every documented key as a dotted path ("rules.severity",
// "go.sinks.func"; list elements add no index), in declaration order.
func Keys() []string {
	var out []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			tag := t.Field(i).Tag.Get("yaml")
			if tag == "" || tag == "-" {
				continue
			}
			k := join(prefix, tag)
			out = append(out, k)
			ft := t.Field(i).Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(ft, k)
			}
		}
	}
	walk(reflect.TypeOf(Config{}), "")
	return out
}
