package catalog

import (
	"slices"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// DefaultSchema is where unqualified names live unless a SET search_path
// in the replayed statements said otherwise.
const DefaultSchema = "public"

// NewCatalog returns an empty catalog holding only the public schema. (The
// constructor cannot be called New: New is the Origin of objects the
// checked migrations create.)
func NewCatalog() *Catalog {
	return &Catalog{
		Tables:    map[string]*Table{},
		Indexes:   map[string]*Index{},
		Enums:     map[string]*Enum{},
		Sequences: map[string]Origin{},
		Functions: map[string]Origin{},
		Schemas:   map[string]Origin{DefaultSchema: Existing},
		Views:     map[string]*Table{},
		Types:     map[string]Origin{},
	}
}

// Clone returns a deep copy: applying statements to the copy never changes
// the original (and the other way round). It copies every object, so it
// costs time proportional to the schema size (BenchmarkClone100Tables:
// about 0.7 ms and 1,900 allocations for 100 tables of ten columns on a
// busy 2-core machine); callers that need the catalog "just before" a
// statement should clone once per run, or only when a rule asks for it,
// not before every statement.
func (c *Catalog) Clone() *Catalog {
	n := &Catalog{
		Tables:     make(map[string]*Table, len(c.Tables)),
		Indexes:    make(map[string]*Index, len(c.Indexes)),
		Enums:      make(map[string]*Enum, len(c.Enums)),
		Sequences:  make(map[string]Origin, len(c.Sequences)),
		Functions:  make(map[string]Origin, len(c.Functions)),
		Schemas:    make(map[string]Origin, len(c.Schemas)),
		Views:      make(map[string]*Table, len(c.Views)),
		Types:      make(map[string]Origin, len(c.Types)),
		Notes:      append([]string(nil), c.Notes...),
		searchPath: c.searchPath,
		path:       c.path,
	}
	for k, t := range c.Tables {
		n.Tables[k] = t.clone()
	}
	for k, t := range c.Views {
		n.Views[k] = t.clone()
	}
	for k, i := range c.Indexes {
		ci := *i
		ci.Columns = append([]string(nil), i.Columns...)
		ci.Exprs = append([]string(nil), i.Exprs...)
		n.Indexes[k] = &ci
	}
	for k, e := range c.Enums {
		ce := *e
		ce.Values = append([]string(nil), e.Values...)
		n.Enums[k] = &ce
	}
	for k, v := range c.Sequences {
		n.Sequences[k] = v
	}
	for k, v := range c.Functions {
		n.Functions[k] = v
	}
	if c.funcVol != nil {
		n.funcVol = make(map[string]FuncInfo, len(c.funcVol))
		for k, v := range c.funcVol {
			n.funcVol[k] = v
		}
	}
	for k, v := range c.Schemas {
		n.Schemas[k] = v
	}
	for k, v := range c.Types {
		n.Types[k] = v
	}
	return n
}

func (t *Table) clone() *Table {
	ct := *t
	ct.Columns = make([]*Column, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		if col.Default != nil {
			d := *col.Default
			cc.Default = &d
		}
		cc.Type.Mods = append([]int(nil), col.Type.Mods...)
		ct.Columns[i] = &cc
	}
	ct.Constraints = make([]*Constraint, len(t.Constraints))
	for i, con := range t.Constraints {
		cc := *con
		cc.Columns = append([]string(nil), con.Columns...)
		cc.RefColumns = append([]string(nil), con.RefColumns...)
		if con.RefTable != nil {
			r := *con.RefTable
			cc.RefTable = &r
		}
		ct.Constraints[i] = &cc
	}
	return &ct
}

// schemaOf is the schema an unqualified name resolves to.
func (c *Catalog) schemaOf(n sqlast.Name) string {
	if n.Schema != "" {
		return n.Schema
	}
	if c.searchPath != "" {
		return c.searchPath
	}
	// As Postgres: the first schema of the path that exists.
	for _, s := range c.path {
		if s == DefaultSchema || c.HasSchema(s) {
			return s
		}
	}
	return DefaultSchema
}

// qualify returns n with its schema filled in.
func (c *Catalog) qualify(n sqlast.Name) sqlast.Name {
	return sqlast.Name{Schema: c.schemaOf(n), Name: n.Name}
}

func key(n sqlast.Name) string { return n.Schema + "." + n.Name }

// lookup finds n in m: a qualified name exactly, an unqualified one in the
// current search_path schema, then in the configured path (SetPath), then
// in public. It returns the key it was found under (for a qualified name,
// its key either way).
func lookup[T any](c *Catalog, m map[string]T, n sqlast.Name) (T, string, bool) {
	v, s, ok := find(c, m, n)
	if !ok && n.Schema == "" {
		return v, "", false
	}
	return v, s + "." + n.Name, ok
}

// find is lookup without building the key: it returns the schema n was
// found in. The rules ask the catalog for tables and views by name about
// once a statement; building "schema.name" for each schema tried was an
// eighth of lint's allocations on the regression corpus.
func find[T any](c *Catalog, m map[string]T, n sqlast.Name) (T, string, bool) {
	if n.Schema != "" {
		v, ok := get(m, n.Schema, n.Name)
		return v, n.Schema, ok
	}
	if c.searchPath != "" {
		if v, ok := get(m, c.searchPath, n.Name); ok {
			return v, c.searchPath, true
		}
	}
	for _, s := range c.path {
		if v, ok := get(m, s, n.Name); ok {
			return v, s, true
		}
	}
	if v, ok := get(m, DefaultSchema, n.Name); ok {
		return v, DefaultSchema, true
	}
	var zero T
	return zero, "", false
}

// get is m[schema + "." + name], the key built on the stack.
func get[T any](m map[string]T, schema, name string) (T, bool) {
	var buf [128]byte
	b := append(append(append(buf[:0], schema...), '.'), name...)
	v, ok := m[string(b)]
	return v, ok
}

// SetPath sets the schemas an unqualified name of an existing object is
// looked up in, in order, when the replayed statements have not SET
// search_path to one that holds it (the configured search-path: the
// role's or connection's, which the application and its migrations
// usually share); public is tried last either way. An unqualified CREATE
// goes into the first of them that exists, as in Postgres. Clones keep
// the path.
func (c *Catalog) SetPath(schemas []string) {
	c.path = nil
	for _, s := range schemas {
		s = strings.Trim(strings.TrimSpace(s), `'"`)
		if s == "" || s == "$user" || strings.EqualFold(s, "pg_catalog") {
			continue
		}
		c.path = append(c.path, s)
	}
}

// Table returns the table n (unqualified: public), nil when unknown. Views
// are not tables: see View and Relation.
func (c *Catalog) Table(n sqlast.Name) *Table {
	t, _, _ := find(c, c.Tables, n)
	return t
}

// View returns the view or materialized view n, nil when unknown.
func (c *Catalog) View(n sqlast.Name) *Table {
	t, _, _ := find(c, c.Views, n)
	return t
}

// Relation returns the table or view n, nil when neither exists.
func (c *Catalog) Relation(n sqlast.Name) *Table {
	if t := c.Table(n); t != nil {
		return t
	}
	return c.View(n)
}

// Column returns the column name, nil when the table has none.
func (t *Table) Column(name string) *Column {
	if t == nil {
		return nil
	}
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (t *Table) columnIndex(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Constraint returns the named constraint of a table, nil when unknown.
func (t *Table) Constraint(name string) *Constraint {
	if t == nil {
		return nil
	}
	for _, c := range t.Constraints {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Resolve returns the table or view a migration's name n means: exactly
// when qualified; unqualified, through the replayed search_path, then
// public, then the only table or view of that name in any schema (the
// search path the migrations run with is not always replayed). nil when
// unknown. Rules get it from their context (rules.Context.Table).
func (c *Catalog) Resolve(n sqlast.Name) *Table {
	if c == nil || n.Name == "" {
		return nil
	}
	if t := c.Relation(n); t != nil {
		return t
	}
	if n.Schema != "" {
		return nil
	}
	if ts := c.RelationsNamed(n.Name); len(ts) == 1 {
		return ts[0]
	}
	return nil
}

// ResolveOrigin is Resolve for objects kept by name in m (Sequences,
// Functions, Types): their origin, and whether m has them.
func (c *Catalog) ResolveOrigin(m map[string]Origin, n sqlast.Name) (Origin, bool) {
	if c == nil || m == nil || n.Name == "" {
		return Existing, false
	}
	if o, _, ok := find(c, m, n); ok {
		return o, true
	}
	if n.Schema != "" {
		return Existing, false
	}
	var found Origin
	hit := 0
	for k, o := range m {
		if strings.HasSuffix(k, "."+n.Name) {
			hit++
			found = o
		}
	}
	return found, hit == 1
}

// ResolveEnum is Resolve for enum types.
func (c *Catalog) ResolveEnum(n sqlast.Name) *Enum {
	if c == nil || n.Name == "" {
		return nil
	}
	if e := c.Enum(n); e != nil {
		return e
	}
	if n.Schema != "" {
		return nil
	}
	var found *Enum
	for _, e := range c.Enums {
		if e.Name.Name == n.Name {
			if found != nil {
				return nil
			}
			found = e
		}
	}
	return found
}

// ResolveIndex is Resolve for indexes.
func (c *Catalog) ResolveIndex(n sqlast.Name) *Index {
	if c == nil || n.Name == "" {
		return nil
	}
	if ix := c.Index(n); ix != nil {
		return ix
	}
	if n.Schema != "" {
		return nil
	}
	if ixs := c.IndexesNamed(n.Name); len(ixs) == 1 {
		return ixs[0]
	}
	return nil
}

// Index returns the index n (unqualified: public), nil when unknown.
func (c *Catalog) Index(n sqlast.Name) *Index {
	i, _, _ := find(c, c.Indexes, n)
	return i
}

// IndexesOn returns the indexes of a table (including those that implement
// primary key and unique constraints), sorted by name.
func (c *Catalog) IndexesOn(table sqlast.Name) []*Index {
	t := c.Relation(table)
	if t == nil {
		return nil
	}
	var out []*Index
	for _, e := range c.indexEntriesOn(t.Name) {
		out = append(out, e.ix)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Constraint returns the constraint name of table, nil when unknown.
func (c *Catalog) Constraint(table sqlast.Name, name string) *Constraint {
	return c.Table(table).Constraint(name)
}

// UniqueKeys returns the column sets that are unique in a table: the
// primary key, unique constraints and unique indexes on plain columns
// without a WHERE clause. Each key appears once, in a stable order.
func (c *Catalog) UniqueKeys(table sqlast.Name) [][]string {
	t := c.Table(table)
	if t == nil {
		return nil
	}
	var out [][]string
	seen := map[string]bool{}
	add := func(cols []string) {
		if len(cols) == 0 {
			return
		}
		k := strings.Join(cols, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, append([]string(nil), cols...))
		}
	}
	for _, con := range t.Constraints {
		if con.Kind == sqlast.ConPrimaryKey {
			add(con.Columns)
		}
	}
	for _, con := range t.Constraints {
		if con.Kind == sqlast.ConUnique {
			add(con.Columns)
		}
	}
	for _, i := range c.IndexesOn(t.Name) {
		if i.Unique && !i.Partial && len(i.Exprs) == 0 {
			add(i.Columns)
		}
	}
	return out
}

// SameColumnSet reports whether a and b name the same non-empty set of
// columns, in any order, ignoring case: a key, an ON CONFLICT target or a
// constraint's columns compared with another.
func SameColumnSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	m := map[string]bool{}
	for _, x := range a {
		m[strings.ToLower(x)] = true
	}
	for _, x := range b {
		if !m[strings.ToLower(x)] {
			return false
		}
	}
	return true
}

// Enum returns the enum type n, nil when unknown.
func (c *Catalog) Enum(n sqlast.Name) *Enum {
	e, _, _ := find(c, c.Enums, n)
	return e
}

// HasFunction reports whether a function or procedure n exists (any
// argument types).
func (c *Catalog) HasFunction(n sqlast.Name) bool {
	_, _, ok := find(c, c.Functions, n)
	return ok
}

// FuncInfo is what the replayed CREATE FUNCTION statements say about a
// function name.
type FuncInfo struct {
	// Volatility is "immutable", "stable" or "volatile" (also when the
	// function declares none: Postgres' default).
	Volatility string
	// Inlinable is true for a LANGUAGE sql function whose body Postgres
	// inlines into the calling expression (see sqlast.CreateFunction.Inline);
	// Calls are the functions that body calls. Postgres then judges the
	// body's volatility, not the declared one, unless the function is
	// declared STABLE or IMMUTABLE.
	Inlinable bool
	Calls     []string
	// Trigger: the function returns trigger or event_trigger (every
	// overload of the name does): no query can call it, only a trigger.
	Trigger bool
}

// FunctionInfo returns what the catalog knows about function n; ok is
// false when it does not know n. Overloads share a name: the most volatile
// declaration counts (and none is inlinable), unless CREATE OR REPLACE
// redefined the function. ALTER FUNCTION … IMMUTABLE is not replayed.
func (c *Catalog) FunctionInfo(n sqlast.Name) (info FuncInfo, ok bool) {
	_, k, ok := lookup(c, c.Functions, n)
	if !ok {
		return FuncInfo{}, false
	}
	if fi, has := c.funcVol[k]; has {
		return fi, true
	}
	return FuncInfo{Volatility: "volatile"}, true
}

// setFuncInfo records what CREATE FUNCTION n declares for key k; merge
// (an overload) keeps the more volatile declaration and makes the name
// not inlinable.
func (c *Catalog) setFuncInfo(k string, n *sqlast.CreateFunction, merge bool) {
	fi := FuncInfo{Volatility: n.Volatility, Trigger: n.ReturnsTrigger}
	if fi.Volatility == "" {
		fi.Volatility = "volatile"
	}
	if n.Inline != nil {
		fi.Inlinable = true
		fi.Calls = append([]string(nil), n.Inline.Funcs...)
	}
	if c.funcVol == nil {
		c.funcVol = map[string]FuncInfo{}
	}
	if old, ok := c.funcVol[k]; merge && ok {
		if volRank(old.Volatility) > volRank(fi.Volatility) {
			fi.Volatility = old.Volatility
		}
		fi.Inlinable, fi.Calls = false, nil
		fi.Trigger = fi.Trigger && old.Trigger
	}
	c.funcVol[k] = fi
}

func volRank(v string) int {
	switch v {
	case "immutable":
		return 0
	case "stable":
		return 1
	}
	return 2
}

// HasSequence reports whether the sequence n exists.
func (c *Catalog) HasSequence(n sqlast.Name) bool {
	_, _, ok := find(c, c.Sequences, n)
	return ok
}

// HasType reports whether a type n (enum, domain, composite, range) exists.
func (c *Catalog) HasType(n sqlast.Name) bool {
	if c.Enum(n) != nil {
		return true
	}
	_, _, ok := find(c, c.Types, n)
	return ok
}

// HasSchema reports whether the schema exists (public always does).
func (c *Catalog) HasSchema(s string) bool {
	_, ok := c.Schemas[s]
	return ok
}

// TableByColumn returns the tables that have a column named col, sorted by
// name, for resolving unqualified columns.
func (c *Catalog) TableByColumn(col string) []*Table {
	var out []*Table
	for _, t := range c.Tables {
		if t.Column(col) != nil {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(a, b int) bool { return key(out[a].Name) < key(out[b].Name) })
	return out
}

// TableNames returns the qualified names of every table, sorted.
func (c *Catalog) TableNames() []sqlast.Name {
	out := make([]sqlast.Name, 0, len(c.Tables))
	for _, t := range c.Tables {
		out = append(out, t.Name)
	}
	sort.Slice(out, func(a, b int) bool { return key(out[a]) < key(out[b]) })
	return out
}

// RelationsNamed returns every table and view whose unqualified name is
// name, in any schema, in no particular order. It keeps an index by name,
// so it does not walk the whole schema: tables and views must be changed
// through Apply (or be in the maps before the first call).
func (c *Catalog) RelationsNamed(name string) []*Table {
	if c.byName == nil {
		c.byName = map[string][]*Table{}
		for _, m := range []map[string]*Table{c.Tables, c.Views} {
			for _, t := range m {
				c.named(t)
			}
		}
	}
	keep := c.liveNamed(name, c.byName[name])
	if len(keep) == 0 {
		return nil
	}
	return append([]*Table(nil), keep...)
}

// liveNamed weeds list, the entry of byName for name, down to the tables
// and views of the maps that go by name (each once), stores what is left
// and returns it.
func (c *Catalog) liveNamed(name string, list []*Table) []*Table {
	keep := list[:0]
	for _, t := range list {
		if t.Name.Name == name && (c.Tables[key(t.Name)] == t || c.Views[key(t.Name)] == t) && !slices.Contains(keep, t) {
			keep = append(keep, t)
		}
	}
	clear(list[len(keep):])
	c.byNameN -= len(list) - len(keep)
	if len(keep) == 0 {
		delete(c.byName, name)
		return nil
	}
	c.byName[name] = keep
	return keep
}

// named records that t (a table or view) goes by its current name.
func (c *Catalog) named(t *Table) {
	if c.byName == nil || t == nil {
		return
	}
	list := c.byName[t.Name.Name]
	if !slices.Contains(list, t) {
		c.byName[t.Name.Name] = append(list, t)
		c.byNameN++
		if c.byNameN > max(64, 2*c.byNameLive) {
			// Dropped and renamed tables are weeded when their name is
			// looked up; names never looked up again would keep them
			// forever (a long history creates and drops the same
			// tables again and again). Amortised: the limit is twice
			// what is left.
			for name, list := range c.byName {
				c.liveNamed(name, list)
			}
			c.byNameLive = c.byNameN
		}
	}
}

// referrersOf returns the tables of Tables that may have a constraint
// with RefTable name: a superset of those that do, each once (callers
// still check their constraints with hasFK).
func (c *Catalog) referrersOf(name sqlast.Name) []*Table {
	if c.fkTo == nil {
		c.buildReferrers()
	}
	list := c.fkTo[name]
	keep := list[:0]
	var seen map[*Table]bool
	for _, t := range list {
		if c.Tables[key(t.Name)] != t || !refersTo(t, name) {
			continue
		}
		if seen == nil {
			seen = make(map[*Table]bool, len(list))
		}
		if !seen[t] {
			seen[t] = true
			keep = append(keep, t)
		}
	}
	clear(list[len(keep):])
	c.fkN -= len(list) - len(keep)
	if len(keep) == 0 {
		delete(c.fkTo, name)
		return nil
	}
	c.fkTo[name] = keep
	return append([]*Table(nil), keep...)
}

// buildReferrers fills fkTo from the tables' constraints.
func (c *Catalog) buildReferrers() {
	c.fkTo = map[sqlast.Name][]*Table{}
	c.fkN = 0
	for _, t := range c.Tables {
		for _, con := range t.Constraints {
			if con.RefTable != nil {
				c.appendReferrer(t, *con.RefTable)
			}
		}
	}
	c.fkLimit = max(64, 2*c.fkN)
}

func refersTo(t *Table, name sqlast.Name) bool {
	for _, con := range t.Constraints {
		if con.RefTable != nil && *con.RefTable == name {
			return true
		}
	}
	return false
}

// addReferrer records that t has (or now has) a constraint with RefTable
// ref.
func (c *Catalog) addReferrer(t *Table, ref sqlast.Name) {
	if c.fkTo == nil {
		return
	}
	if c.fkN >= c.fkLimit {
		c.buildReferrers() // amortised: the limit is twice what is left
	}
	c.appendReferrer(t, ref)
}

func (c *Catalog) appendReferrer(t *Table, ref sqlast.Name) {
	if l := c.fkTo[ref]; len(l) == 0 || l[len(l)-1] != t {
		c.fkTo[ref] = append(l, t)
		c.fkN++
	}
}

// hasFK reports whether t is in c.Tables and has a constraint with a
// RefTable for which f is true.
func (c *Catalog) hasFK(t *Table, f func(*Constraint) bool) bool {
	for _, con := range t.Constraints {
		if con.RefTable != nil && f(con) {
			return c.Tables[key(t.Name)] == t
		}
	}
	return false
}

// idxEntry is an index stored under a key of Catalog.Indexes.
type idxEntry struct {
	key string
	ix  *Index
}

// IndexesNamed returns the indexes whose unqualified name is name, in any
// schema, one per entry of Indexes (in no particular order). Like
// RelationsNamed it keeps an index by name: Indexes must be changed
// through Apply (or be filled before the first call).
func (c *Catalog) IndexesNamed(name string) []*Index {
	if c.idxByName == nil {
		c.idxByName = map[string][]idxEntry{}
		for k, ix := range c.Indexes {
			c.indexed(k, ix)
		}
	}
	var out []*Index
	for _, e := range liveIndexes(c, c.idxByName, name, c.idxByName[name], func(ix *Index) bool { return ix.Name == name }) {
		out = append(out, e.ix)
	}
	return out
}

// liveIndexes weeds list, the entry of m (idxByName or idxByTable) for k,
// down to the entries of Indexes for which match is true (each once),
// stores what is left and returns it.
func liveIndexes[K comparable](c *Catalog, m map[K][]idxEntry, k K, list []idxEntry, match func(*Index) bool) []idxEntry {
	keep := list[:0]
	for _, e := range list {
		if c.Indexes[e.key] == e.ix && match(e.ix) && !slices.Contains(keep, e) {
			keep = append(keep, e)
		}
	}
	clear(list[len(keep):])
	c.idxN -= len(list) - len(keep)
	if len(keep) == 0 {
		delete(m, k)
		return nil
	}
	m[k] = keep
	return keep
}

// indexed records that ix was stored under key k (or now belongs to the
// table it names).
func (c *Catalog) indexed(k string, ix *Index) {
	if ix == nil {
		return
	}
	e := idxEntry{k, ix}
	added := false
	if c.idxByName != nil {
		if list := c.idxByName[ix.Name]; !slices.Contains(list, e) {
			c.idxByName[ix.Name] = append(list, e)
			c.idxN++
			added = true
		}
	}
	if c.idxByTable != nil {
		if list := c.idxByTable[ix.Table]; !slices.Contains(list, e) {
			c.idxByTable[ix.Table] = append(list, e)
			c.idxN++
			added = true
		}
	}
	if added && c.idxN > max(64, 2*c.idxLive) {
		// As in named: weed what was dropped or renamed, amortised.
		c.weedIndexes()
	}
}

// weedIndexes weeds every entry of idxByName and idxByTable.
func (c *Catalog) weedIndexes() {
	for name, list := range c.idxByName {
		liveIndexes(c, c.idxByName, name, list, func(ix *Index) bool { return ix.Name == name })
	}
	for table, list := range c.idxByTable {
		liveIndexes(c, c.idxByTable, table, list, func(ix *Index) bool { return ix.Table == table })
	}
	c.idxLive = c.idxN
}

// indexEntriesOn returns the entries of Indexes whose index is on table
// (one per key, in no particular order), as a copy the caller may change
// Indexes under.
func (c *Catalog) indexEntriesOn(table sqlast.Name) []idxEntry {
	if c.idxByTable == nil {
		c.idxByTable = map[sqlast.Name][]idxEntry{}
		for k, ix := range c.Indexes {
			c.indexed(k, ix)
		}
	}
	keep := liveIndexes(c, c.idxByTable, table, c.idxByTable[table], func(ix *Index) bool { return ix.Table == table })
	if len(keep) == 0 {
		return nil
	}
	return append([]idxEntry(nil), keep...)
}
