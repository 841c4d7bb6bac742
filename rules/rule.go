// Package rules holds rbcheck's migration rules, one rule per file.
//
// Each rule is a *Rule value registered from its file's init function. The
// rule's documentation lives in the struct (title, why, bad and good
// examples, the expand/contract fix, effect on rollback, severity, Postgres
// versions) and is rendered to docs/rules/<name>.md, to `rbcheck explain` and
// to SARIF help.
//
// Adding a rule:
//
//  1. Write rules/<rule-name>.go with an init that calls register(&Rule{…})
//     filling every documentation field (TestRuleDocsComplete checks).
//     Messages are lowercase without a trailing period, name the object and
//     the consequence; Help is the one-line fix; Object names what the
//     finding touches precisely. Look tables, columns, enums and indexes up
//     through the Context (Table, Column, Enum, Index, NewTable: one
//     resolver for every rule). A breaks-old-code rule also declares, in
//     Breaks, which net change of a release (internal/change) it is about
//     and which uses of old code that change breaks: the release verdict,
//     the Go analyzer and rbcheck verify read that, not the rule's name.
//  2. Add fixtures rules/testdata/<rule-name>/bad*.sql (must fire, with
//     `-- want "regexp"` at the end of each reported line) and ok*.sql (must
//     stay quiet); harness_test.go documents the conventions (`-- migration`
//     baseline marker, `-- pg-version:`, `-- format:`). TestRuleFixtures
//     fails for a rule without both.
//  3. Run `go test ./rules -run TestDocs -update` to regenerate docs/rules.
//  4. Declare in Nodes the statement kinds Check looks at (leave it empty
//     for a rule that must see every statement).
//
// The lint engine (internal/lint) runs each enabled rule on every up
// statement of the kinds it declares (Rule.Nodes), in file order, with the
// catalog as it was just before the statement; it reuses one Context per
// file (see Context.Reset), so a rule must not keep the Context or the
// slice Findings returns.
package rules

import (
	"reflect"
	"sort"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Effect is what a finding means for rolling back the code.
type Effect string

const (
	// BreaksOldCode: old code that uses the object fails or reads wrong data.
	BreaksOldCode Effect = "breaks-old-code"
	// DataLoss: rolling the schema back cannot restore the data.
	DataLoss Effect = "data-loss"
	// Locking: deploy safety, the statement blocks reads or writes while it runs.
	Locking Effect = "locking"
	// NoEffect: style or hygiene.
	NoEffect Effect = "none"
)

// Severity orders findings for the failing threshold.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities: info < warning < error.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Object names what a finding touches, so the verdict can look it up in the
// old code's references.
//
// What the breaks-old-code and data-loss rules fill in (Schema is the
// schema as written, or the catalog's when it knows the object; "" when
// unqualified and unknown):
//
//   - table (drop/rename/truncate/delete, set-schema of a table): Table;
//     NewName for renames (set-schema: "newschema.table")
//   - column: Table, Column; NewName for rename-column. update-rows uses a
//     column object when it sets one column, else a table object, and lists
//     the updated columns in Columns
//   - view / materialized view: Table and Name both the view's name
//   - index (drop-unique): Index, and Table and Columns when the catalog
//     knows the index
//   - constraint (drop-unique, rename-constraint, drop-foreign-key): Table,
//     Constraint, Columns when known; NewName for renames
//   - enum value: Name is the enum type, Value the old (or added) value,
//     NewName the new value of a rename
//   - type, domain, function, procedure, sequence, extension: Name
//     (NewName for renames)
//   - schema: Name and Schema both the schema (NewName for rename-schema)
//   - trigger: Name, and Table when written
//   - database: Name
type Object struct {
	Type       sqlast.ObjType `json:"type"`
	Schema     string         `json:"schema,omitempty"`
	Table      string         `json:"table,omitempty"`
	Column     string         `json:"column,omitempty"`
	Index      string         `json:"index,omitempty"`
	Constraint string         `json:"constraint,omitempty"`
	Name       string         `json:"name,omitempty"`     // type, view, function, schema, sequence name
	Value      string         `json:"value,omitempty"`    // enum value
	NewName    string         `json:"new_name,omitempty"` // for renames
	Columns    []string       `json:"columns,omitempty"`  // for unique indexes/constraints: the key columns
}

// Finding is one rule violation at one statement.
type Finding struct {
	Rule     string
	Severity Severity
	Effect   Effect
	Pos      sqlast.Pos // the exact token when known, else the statement start
	Message  string     // lowercase, no trailing period
	Help     string     // the fix, one line
	Object   Object
	Stmt     *sqlast.Stmt
}

// Rule is one migration rule with its documentation.
type Rule struct {
	Name     string   // kebab-case id, e.g. "drop-column"
	Title    string   // one line
	Effect   Effect   //
	Severity Severity // default severity
	Since    string   // rbcheck version that added it
	// PGVersions says where it applies, e.g. "all", "< 11", ">= 12".
	PGVersions string
	Why        string   // the problem, a paragraph (markdown)
	Bad        string   // SQL example that fires
	Good       string   // SQL example that does not
	Fix        []string // the expand/contract steps that make the change safe
	// Default false means the rule is opt-in (enabled by config or --enable).
	Default bool
	Check   func(c *Context)
	// Nodes lists the statement models the rule looks at, a nil pointer of
	// each sqlast type ((*sqlast.AlterTable)(nil), …): the engine calls
	// Check only for statements whose Node is of one of these types (it
	// builds the table from kinds to rules once). Empty: every statement,
	// for a rule that reads the statement's text or must see every
	// statement of the file. A statement of a kind left out never reaches
	// the rule, so list every kind Check can report on or keep state for:
	// TestRuleNodes runs every rule on every statement of the fixtures and
	// fails when the findings differ from the engine's, and
	// TestRuleNodesCoverChecks fails when Check asserts c.Stmt.Node to a
	// type the list leaves out.
	Nodes []sqlast.Node
	// Breaks (breaks-old-code rules) declares which net changes of a
	// release the rule is about and which uses of the old code they break
	// (see Break). The verdict judges a release by these declarations; a
	// breaks-old-code rule without one is reported but never blocks.
	Breaks []Break
}

// Context is what a rule sees for one statement.
type Context struct {
	Stmt      *sqlast.Stmt
	Catalog   *catalog.Catalog // the schema just before Stmt
	PGVersion int              // major version, e.g. 17
	File      string           // path of the migration file, relative to the repository
	// LockTimeout is true when `SET lock_timeout` ran earlier in the same
	// file (or session) with a non-zero value.
	LockTimeout bool
	// InTx is true when the statement runs inside a transaction (the
	// migration tool's default, or an explicit BEGIN in the file).
	InTx bool
	// Prev lists the earlier statements of the same file's up part.
	Prev []*sqlast.Stmt
	// Next lists the later statements of the same file's up part, for
	// rules that must see the rest of the file (a BEGIN never committed, a
	// foreign key whose index is created by a later statement).
	Next []*sqlast.Stmt
	// ToolTx is true when the migration tool itself wraps the file in a
	// transaction block (goose, dbmate, sql-migrate, tern, Flyway by
	// default), so an explicit BEGIN in the file nests. It is false for
	// golang-migrate's implicit multi-statement transaction, where BEGIN
	// merely turns the implicit block into an explicit one.
	ToolTx bool

	rule    *Rule
	reports []Finding
	file    *fileIndex // see file_index.go
	memo    stmtMemo
}

// stmtMemo keeps answers several rules ask about the same statement: the
// engine runs the rules of one statement in a row, and the catalog does
// not change while they run. It holds for Stmt and Catalog as they were
// when it was filled (see Context.stmtMemo).
type stmtMemo struct {
	stmt *sqlast.Stmt
	cat  *catalog.Catalog
	// tables: what Table answered, for the first few names.
	tables []tableMemo
	// locks: lkLocks of stmt, when hasLocks.
	locks    []lkLock
	hasLocks bool
	// typeUses: lkColumnTypeUsesOf of stmt, when hasTypes.
	typeUses []lkTypeUse
	hasTypes bool
}

type tableMemo struct {
	name sqlast.Name
	t    *catalog.Table
}

// maxTableMemo bounds the names memoised per statement: the look-ups of
// a statement that names many tables (or of later statements, which the
// stretch rules look at) are not kept, so the scan stays short.
const maxTableMemo = 8

// stmtMemo returns c's memo, emptied first when it was filled for another
// statement or catalog.
func (c *Context) stmtMemo() *stmtMemo {
	m := &c.memo
	if m.stmt != c.Stmt || m.cat != c.Catalog {
		m.stmt, m.cat = c.Stmt, c.Catalog
		m.tables = m.tables[:0]
		m.locks, m.hasLocks = nil, false
		m.typeUses, m.hasTypes = nil, false
	}
	return m
}

// Table returns the table or view the statement's name n means, nil when
// the catalog does not know it: the one resolver every rule uses
// (catalog.Resolve: the replayed search_path, then public, then the only
// relation of that name in any schema).
//
// The answers for the current statement are kept (see stmtMemo).
func (c *Context) Table(n sqlast.Name) *catalog.Table {
	m := c.stmtMemo()
	for i := range m.tables {
		if m.tables[i].name == n {
			return m.tables[i].t
		}
	}
	t := c.Catalog.Resolve(n)
	if len(m.tables) < maxTableMemo {
		m.tables = append(m.tables, tableMemo{n, t})
	}
	return t
}

// Column returns column col of the table n means, nil when unknown.
func (c *Context) Column(n sqlast.Name, col string) *catalog.Column { return c.Table(n).Column(col) }

// Enum returns the enum type n means, nil when unknown.
func (c *Context) Enum(n sqlast.Name) *catalog.Enum { return c.Catalog.ResolveEnum(n) }

// Index returns the index n means, nil when unknown.
func (c *Context) Index(n sqlast.Name) *catalog.Index { return c.Catalog.ResolveIndex(n) }

// NewTable reports whether the checked migrations created the table n
// means (no deployed code uses it yet).
func (c *Context) NewTable(n sqlast.Name) bool {
	t := c.Table(n)
	return t != nil && t.Origin == catalog.New
}

// NewColumn reports whether the checked migrations created the column (or
// its table).
func (c *Context) NewColumn(n sqlast.Name, col string) bool {
	t := c.Table(n)
	if t == nil {
		return false
	}
	if t.Origin == catalog.New {
		return true
	}
	cc := t.Column(col)
	return cc != nil && cc.Origin == catalog.New
}

// NewObject reports whether the checked migrations created the sequence,
// function or type n means (m is the catalog's Sequences, Functions or
// Types).
func (c *Context) NewObject(m map[string]catalog.Origin, n sqlast.Name) bool {
	o, ok := c.Catalog.ResolveOrigin(m, n)
	return ok && o == catalog.New
}

// TableObj is the Object of table n, with the schema the catalog knows.
func (c *Context) TableObj(n sqlast.Name) Object {
	o := Object{Type: sqlast.ObjTable, Schema: n.Schema, Table: n.Name}
	if t := c.Table(n); t != nil && o.Schema == "" {
		o.Schema = t.Name.Schema
	}
	return o
}

// ColumnObj is the Object of column col of table n.
func (c *Context) ColumnObj(n sqlast.Name, col string) Object {
	o := c.TableObj(n)
	o.Type = sqlast.ObjColumn
	o.Column = col
	return o
}

// NewContext is used by the lint engine.
func NewContext(r *Rule, stmt *sqlast.Stmt, cat *catalog.Catalog) *Context {
	return &Context{rule: r, Stmt: stmt, Catalog: cat, PGVersion: 17}
}

// Reset prepares c for rule r on stmt, keeping everything else (the
// engine reuses one Context per file instead of allocating one per rule and
// statement). Findings returned earlier must be copied before Reset.
func (c *Context) Reset(r *Rule, stmt *sqlast.Stmt) {
	c.rule = r
	// The engine runs every rule on one statement in a row: most calls
	// keep Stmt, and not writing it saves a GC write barrier (these were
	// 3% of lint's CPU while the collector ran).
	if c.Stmt != stmt {
		c.Stmt = stmt
	}
	c.reports = c.reports[:0]
}

// Report records a finding of the context's rule.
func (c *Context) Report(pos sqlast.Pos, obj Object, msg, help string) {
	if pos.Line == 0 {
		pos = c.Stmt.Pos
	}
	c.reports = append(c.reports, Finding{
		Rule: c.rule.Name, Severity: c.rule.Severity, Effect: c.rule.Effect,
		Pos: pos, Message: msg, Help: help, Object: obj, Stmt: c.Stmt,
	})
}

// Findings returns what the rule reported.
func (c *Context) Findings() []Finding { return c.reports }

// LooksAt reports whether the engine runs r on a statement whose Node is
// n (see Nodes); a nil n counts as *sqlast.Other.
func (r *Rule) LooksAt(n sqlast.Node) bool {
	if len(r.Nodes) == 0 {
		return true
	}
	t := nodeType(n)
	for _, k := range r.Nodes {
		if nodeType(k) == t {
			return true
		}
	}
	return false
}

// nodeType is the dynamic type of n, *sqlast.Other's for nil.
func nodeType(n sqlast.Node) reflect.Type {
	if n == nil {
		return otherType
	}
	return reflect.TypeOf(n)
}

var otherType = reflect.TypeFor[*sqlast.Other]()

var registry = map[string]*Rule{}

// register adds a rule; each rule file calls it from init.
func register(r *Rule) {
	if _, dup := registry[r.Name]; dup {
		panic("rules: duplicate rule " + r.Name)
	}
	registry[r.Name] = r
}

// All returns every rule, sorted by name.
func All() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the rule with the given name, or nil.
func Get(name string) *Rule { return registry[name] }
