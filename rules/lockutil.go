package rules

// Helpers shared by the locking and hygiene rules: catalog look-ups that
// treat unknown objects as existing, the transaction state of a statement,
// and the table locks a statement takes.
//
// Names start with "lk" so they do not clash with other rule helpers in
// this package.

import (
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// lkTable returns the catalog entry of table (or view) n, nil when the
// catalog does not know it. Unqualified names resolve as for every rule
// (catalog.Resolve: its search_path, then public, then the only relation
// of that name).
func lkTable(c *Context, n sqlast.Name) *catalog.Table {
	if cat := c.Catalog; cat == nil || n.Name == "" || cat.Tables == nil {
		return nil
	}
	return c.Table(n) // the resolver every rule uses
}

// lkExistingTable reports whether table n existed before the checked
// migrations: tables created by them (Origin New) take no lock that
// matters; tables unknown to the catalog are assumed to exist.
func lkExistingTable(c *Context, n sqlast.Name) bool {
	t := lkTable(c, n)
	return t == nil || t.Origin == catalog.Existing
}

// lkColumn returns the catalog column of table n, nil when unknown.
func lkColumn(c *Context, n sqlast.Name, col string) *catalog.Column {
	return lkTable(c, n).Column(col)
}

// lkIndex returns the catalog entry of index n, nil when unknown.
func lkIndex(cat *catalog.Catalog, n sqlast.Name) *catalog.Index {
	if cat == nil || n.Name == "" || cat.Indexes == nil {
		return nil
	}
	return cat.ResolveIndex(n)
}

// lkExistingIndex reports whether index n existed before the checked
// migrations (unknown indexes are assumed to exist). An index on a table
// created by the checked migrations counts as new too.
func lkExistingIndex(c *Context, n sqlast.Name) bool {
	ix := lkIndex(c.Catalog, n)
	if ix == nil {
		return true
	}
	if ix.Origin == catalog.New {
		return false
	}
	return lkExistingTable(c, ix.Table)
}

// lkQuote renders a name for a message: "orders" or "app.orders".
// The catalog's default schema "public" is left out.
func lkQuote(n sqlast.Name) string {
	if n.Schema == "public" {
		return `"` + n.Name + `"`
	}
	return `"` + n.String() + `"`
}

// lkQ quotes a plain identifier for a message.
func lkQ(s string) string { return `"` + s + `"` }

// lkTxInfo is the transaction state of a statement, from the migration
// tool's setting and the BEGIN/COMMIT statements earlier in the file.
type lkTxInfo struct {
	// InTx: the statement runs inside a transaction block.
	InTx bool
	// ExplicitOpen: an explicit BEGIN earlier in the file is still open.
	ExplicitOpen bool
	// BeginPos is the position of that BEGIN.
	BeginPos sqlast.Pos
	// ToolTx: the migration tool wraps the file in a transaction.
	ToolTx bool
	// Same lists the earlier statements that run in the same transaction
	// as this one (empty in autocommit mode); it may hold transaction
	// control statements such as SAVEPOINT.
	Same []*sqlast.Stmt
	// SameStart is the position in the file of Same's first statement.
	SameStart int
}

// lkTxState works out the transaction state of c.Stmt.
func lkTxState(c *Context) lkTxInfo {
	var info lkTxInfo
	open, begin, ended, start := txBefore(c)
	info.ExplicitOpen = open
	if begin != nil {
		info.BeginPos = begin.Pos
	}
	// The tool's transaction: the context (or statement) says the
	// statement runs in one while no explicit block is open.
	info.ToolTx = (c.InTx || c.Stmt.InTx) && !info.ExplicitOpen && !ended
	if !info.ExplicitOpen && (c.InTx || c.Stmt.InTx) && ended {
		// After a COMMIT inside a tool transaction the tool's block is
		// gone; the engine may still say InTx. Trust it only when no
		// explicit transaction statement says otherwise.
		info.ToolTx = false
	}
	info.InTx = info.ExplicitOpen || info.ToolTx
	if info.InTx {
		// Not copied: callers skip the transaction statements themselves
		// (only a SAVEPOINT-like TxOther can remain in it).
		info.Same = c.Prev[start:]
		info.SameStart = start
	}
	return info
}

// Lock modes, weakest to strongest (only the table-level ones rbcheck
// reasons about).
type lkMode int

const (
	lkNone lkMode = iota
	lkShareUpdateExclusive
	lkShare
	lkShareRowExclusive
	lkExclusive
	lkAccessExclusive
)

func (m lkMode) String() string {
	switch m {
	case lkShareUpdateExclusive:
		return "share update exclusive"
	case lkShare:
		return "share"
	case lkShareRowExclusive:
		return "share row exclusive"
	case lkExclusive:
		return "exclusive"
	case lkAccessExclusive:
		return "access exclusive"
	}
	return "no"
}

// lkBlocks says what a lock mode blocks for ordinary traffic.
func (m lkMode) blocks() string {
	switch {
	case m >= lkAccessExclusive:
		return "reads and writes"
	case m >= lkShare:
		return "writes"
	}
	return "other schema changes"
}

// lkLock is one table lock a statement takes.
type lkLock struct {
	Table sqlast.Name
	Mode  lkMode
	Pos   sqlast.Pos
}

// lkAlterCmdMode is the lock one ALTER TABLE sub-command takes on the
// altered table (Postgres documentation, "ALTER TABLE").
func lkAlterCmdMode(cmd *sqlast.AlterCmd, pg int) lkMode {
	switch cmd.Kind {
	case sqlast.ValidateConstraint:
		return lkShareUpdateExclusive
	case sqlast.AttachPartition:
		if pg >= 12 {
			return lkShareUpdateExclusive
		}
		return lkAccessExclusive
	case sqlast.DetachPartition:
		// FINALIZE completes an interrupted concurrent detach under the
		// same lock (checked on Postgres 15 with pg_locks).
		if cmd.Concurrent || cmd.Finalize {
			return lkShareUpdateExclusive
		}
		return lkAccessExclusive
	case sqlast.AddConstraint:
		if cmd.Constraint != nil && cmd.Constraint.Kind == sqlast.ConForeignKey {
			return lkShareRowExclusive
		}
		return lkAccessExclusive
	case sqlast.AlterOther:
		raw := strings.ToLower(strings.ReplaceAll(cmd.Raw, "_", ""))
		switch {
		case strings.Contains(raw, "setstatistics"), strings.Contains(raw, "setoptions"),
			strings.Contains(raw, "resetoptions"), strings.Contains(raw, "setreloptions"),
			strings.Contains(raw, "resetreloptions"), strings.Contains(raw, "clusteron"),
			strings.Contains(raw, "dropcluster"), strings.Contains(raw, "setstats"):
			return lkShareUpdateExclusive
		case strings.Contains(raw, "enabletrig"), strings.Contains(raw, "disabletrig"),
			strings.Contains(raw, "enablealwaystrig"), strings.Contains(raw, "enablereplicatrig"):
			return lkShareRowExclusive
		}
		return lkAccessExclusive
	}
	return lkAccessExclusive
}

// lkLocks lists the table locks st takes (strongest per table first seen),
// restricted to tables that existed before the checked migrations. The
// catalog is used only to tell existing tables from new ones and to find
// an index's table.
//
// Three rules ask for the current statement's locks: those are kept (see
// stmtMemo); callers only read the slice.
func lkLocks(c *Context, st *sqlast.Stmt) []lkLock {
	if st != c.Stmt {
		return lkExistingLocks(c, lkRawLocks(c.Catalog, st, c.PGVersion))
	}
	m := c.stmtMemo()
	if !m.hasLocks {
		m.locks, m.hasLocks = lkExistingLocks(c, lkRawLocks(c.Catalog, st, c.PGVersion)), true
	}
	return m.locks
}

// lkExistingLocks filters raw, in place, to the locks on existing tables.
func lkExistingLocks(c *Context, raw []lkLock) []lkLock {
	out := raw[:0]
	for _, l := range raw {
		if lkExistingTable(c, l.Table) {
			out = append(out, l)
		}
	}
	return out
}

// lkLockNodes are the statement models lkRawLocks finds locks in (the
// cases of its switch): the Rule.Nodes of rules about the locks of the
// statement itself. TestLockNodesMatchSwitch keeps the two in step.
var lkLockNodes = []sqlast.Node{(*sqlast.AlterTable)(nil), (*sqlast.CreateTable)(nil), (*sqlast.Drop)(nil),
	(*sqlast.Truncate)(nil), (*sqlast.Rename)(nil), (*sqlast.CreateIndex)(nil), (*sqlast.CreateTrigger)(nil),
	(*sqlast.Vacuum)(nil), (*sqlast.Cluster)(nil), (*sqlast.Reindex)(nil)}

// lkRawLocks is lkLocks without the existing-table filter (it still skips
// indexes the checked migrations created, which needs the catalog of the
// statement's own time).
func lkRawLocks(cat *catalog.Catalog, st *sqlast.Stmt, pg int) []lkLock {
	if st == nil {
		return nil
	}
	var out []lkLock
	add := func(n sqlast.Name, m lkMode, pos sqlast.Pos) {
		if m == lkNone || n.Name == "" {
			return
		}
		if pos.Line == 0 {
			pos = st.Pos
		}
		for i := range out {
			if out[i].Table == n {
				if m > out[i].Mode {
					out[i].Mode, out[i].Pos = m, pos
				}
				return
			}
		}
		out = append(out, lkLock{Table: n, Mode: m, Pos: pos})
	}
	switch n := st.Node.(type) {
	case *sqlast.AlterTable:
		if n.ObjType != sqlast.ObjTable && n.ObjType != "" {
			return nil
		}
		for i := range n.Cmds {
			cmd := &n.Cmds[i]
			add(n.Table, lkAlterCmdMode(cmd, pg), cmd.Pos)
			if cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil &&
				cmd.Constraint.Kind == sqlast.ConForeignKey && cmd.Constraint.RefTable != nil {
				add(*cmd.Constraint.RefTable, lkShareRowExclusive, cmd.Pos)
			}
			if cmd.Kind == sqlast.AddColumn && cmd.Def != nil {
				for _, con := range cmd.Def.Constraints {
					if con.Kind == sqlast.ConForeignKey && con.RefTable != nil {
						add(*con.RefTable, lkShareRowExclusive, cmd.Pos)
					}
				}
			}
			// The partition itself: ACCESS EXCLUSIVE for ATTACH, a plain
			// DETACH and DETACH … FINALIZE (pg_locks on Postgres 15).
			if cmd.Kind == sqlast.AttachPartition || (cmd.Kind == sqlast.DetachPartition && !cmd.Concurrent) {
				if cmd.Name != "" {
					add(lkSplitName(cmd.Name, n.Table.Schema), lkAccessExclusive, cmd.Pos)
				}
			}
		}
	case *sqlast.CreateTable:
		// A new table referencing an existing one locks the referenced
		// table SHARE ROW EXCLUSIVE while the foreign key is added.
		for _, col := range n.Columns {
			for _, con := range col.Constraints {
				if con.Kind == sqlast.ConForeignKey && con.RefTable != nil {
					add(*con.RefTable, lkShareRowExclusive, st.Pos)
				}
			}
		}
		for _, con := range n.Constraints {
			if con.Kind == sqlast.ConForeignKey && con.RefTable != nil {
				add(*con.RefTable, lkShareRowExclusive, st.Pos)
			}
		}
		if n.PartitionOf != nil {
			add(*n.PartitionOf, lkShareUpdateExclusive, st.Pos)
		}
	case *sqlast.Drop:
		switch n.ObjType {
		case sqlast.ObjTable:
			for _, t := range n.Objects {
				add(t, lkAccessExclusive, st.Pos)
			}
		case sqlast.ObjIndex:
			if n.Concurrently {
				return out
			}
			for _, in := range n.Objects {
				if ix := lkIndex(cat, in); ix != nil {
					if ix.Origin == catalog.New {
						continue
					}
					add(ix.Table, lkAccessExclusive, st.Pos)
				}
			}
		case sqlast.ObjTrigger:
			add(n.Table, lkAccessExclusive, st.Pos)
		}
	case *sqlast.Truncate:
		for _, t := range n.Tables {
			add(t, lkAccessExclusive, st.Pos)
		}
	case *sqlast.Rename:
		switch n.ObjType {
		case sqlast.ObjTable, sqlast.ObjColumn, sqlast.ObjConstraint:
			add(n.Object, lkAccessExclusive, st.Pos)
		case sqlast.ObjIndex:
			if ix := lkIndex(cat, n.Object); ix != nil && ix.Origin == catalog.Existing {
				m := lkShareUpdateExclusive
				if pg < 12 {
					m = lkAccessExclusive
				}
				add(ix.Table, m, st.Pos)
			}
		}
	case *sqlast.CreateIndex:
		m := lkShare
		if n.Concurrently {
			m = lkShareUpdateExclusive
		}
		add(n.Table, m, st.Pos)
	case *sqlast.CreateTrigger:
		add(n.Table, lkShareRowExclusive, st.Pos)
	case *sqlast.Vacuum:
		m := lkShareUpdateExclusive
		if n.Full {
			m = lkAccessExclusive
		}
		for _, t := range n.Tables {
			add(t, m, st.Pos)
		}
	case *sqlast.Cluster:
		add(n.Table, lkAccessExclusive, st.Pos)
	case *sqlast.Reindex:
		if n.Concurrently {
			return out
		}
		switch n.Kind {
		case "table":
			// SHARE on the table, ACCESS EXCLUSIVE on each of its indexes:
			// queries that plan against the table wait too.
			add(n.Name, lkAccessExclusive, st.Pos)
		case "index":
			if ix := lkIndex(cat, n.Name); ix != nil {
				if ix.Origin == catalog.Existing {
					add(ix.Table, lkAccessExclusive, st.Pos)
				}
			}
		}
	}
	return out
}

// lkSplitName parses "schema.name" or "name" (as written by the parser).
func lkSplitName(s, defSchema string) sqlast.Name {
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		return sqlast.Name{Schema: s[:i], Name: s[i+1:]}
	}
	return sqlast.Name{Schema: defSchema, Name: s}
}

// lkZeroSetting reports whether a timeout value disables the timeout.
func lkZeroSetting(v string) bool {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `'"`))
	switch v {
	case "", "0", "0ms", "0s", "0min", "default":
		return true
	}
	return false
}

// lkColumnTypeNodes are the statement models lkColumnTypeUsesOf finds
// column types in: the Rule.Nodes of the rules about column types.
var lkColumnTypeNodes = []sqlast.Node{(*sqlast.CreateTable)(nil), (*sqlast.AlterTable)(nil)}

// lkColumnTypeUses lists every column type a statement writes: new columns
// and ALTER COLUMN … TYPE targets. Six rules ask for each statement in a
// row: the last answer is kept (callers only read it).
func lkColumnTypeUses(c *Context) []lkTypeUse {
	m := c.stmtMemo()
	if !m.hasTypes {
		m.typeUses, m.hasTypes = lkColumnTypeUsesOf(c.Stmt), true
	}
	return m.typeUses
}

func lkColumnTypeUsesOf(st *sqlast.Stmt) []lkTypeUse {
	switch n := st.Node.(type) {
	case *sqlast.CreateTable:
		if len(n.Columns) == 0 {
			return nil
		}
		out := make([]lkTypeUse, len(n.Columns))
		for i := range n.Columns {
			d := &n.Columns[i]
			out[i] = lkTypeUse{Table: n.Table, Column: d.Name, Type: d.Type, Pos: st.Pos, Serial: d.Serial}
		}
		return out
	case *sqlast.AlterTable:
		k := 0
		for i := range n.Cmds {
			if cmd := &n.Cmds[i]; cmd.Kind == sqlast.AddColumn && cmd.Def != nil || cmd.Kind == sqlast.AlterColumnType && cmd.Type != nil {
				k++
			}
		}
		if k == 0 {
			return nil
		}
		// New columns first, then the type changes, each in order.
		out := make([]lkTypeUse, 0, k)
		for i := range n.Cmds {
			if cmd := &n.Cmds[i]; cmd.Kind == sqlast.AddColumn && cmd.Def != nil {
				out = append(out, lkTypeUse{Table: n.Table, Column: cmd.Def.Name, Type: cmd.Def.Type, Pos: cmd.Pos, Serial: cmd.Def.Serial})
			}
		}
		for i := range n.Cmds {
			if cmd := &n.Cmds[i]; cmd.Kind == sqlast.AlterColumnType && cmd.Type != nil {
				out = append(out, lkTypeUse{Table: n.Table, Column: cmd.Column, Type: *cmd.Type, Pos: cmd.Pos})
			}
		}
		return out
	}
	return nil
}

type lkTypeUse struct {
	Table  sqlast.Name
	Column string
	Type   sqlast.TypeName
	Pos    sqlast.Pos
	Serial bool
}

// lkTypeText is the type as the user wrote it, or its normalised name.
func lkTypeText(t sqlast.TypeName) string {
	if t.Text != "" {
		return t.Text
	}
	s := t.Name
	if len(t.Mods) > 0 {
		parts := make([]string, len(t.Mods))
		for i, m := range t.Mods {
			parts[i] = strconv.Itoa(m)
		}
		s += "(" + strings.Join(parts, ",") + ")"
	}
	if t.Array {
		s += "[]"
	}
	return s
}

// itoaLk formats a line number.
func itoaLk(i int) string { return strconv.Itoa(i) }

// withArticle renders the mode with its indefinite article.
func (m lkMode) withArticle() string {
	if m == lkAccessExclusive || m == lkExclusive {
		return "an " + m.String()
	}
	return "a " + m.String()
}

// lkStretchMemo remembers, for statements already checked as the current
// statement (with the catalog of their own time), whether a rule found
// them offending: a later statement's catalog may no longer know the
// objects they touched (a renamed or dropped index). It is kept per file
// (fileState), by position in the file.
type lkStretchMemo struct{ name string }

// seen holds per position 0 (not checked), 1 (not offending) or 2
// (offending).
func (m *lkStretchMemo) seen(c *Context) []byte {
	fi, _ := fileOf(c)
	for _, s := range fi.stretch {
		if s.memo == m {
			return s.seen
		}
	}
	v := make([]byte, len(fi.all))
	fi.stretch = append(fi.stretch, stretchSeen{m, v})
	return v
}

func (m *lkStretchMemo) remember(c *Context, v bool) {
	s := m.seen(c)
	if i := len(c.Prev); i < len(s) {
		s[i] = 1
		if v {
			s[i] = 2
		}
	}
}

// was says whether the statement at position i was offending (seen is
// m.seen(c)).
func (m *lkStretchMemo) was(c *Context, seen []byte, i int, compute func(*sqlast.Stmt) bool) bool {
	if i < len(seen) && seen[i] != 0 {
		return seen[i] == 2
	}
	return compute(c.Prev[i])
}

// lkStretchBoundary: statements that change whether a timeout setting is
// in effect (SET/RESET of it, the end of a transaction, which ends SET
// LOCAL) start a new stretch of the file.
func lkStretchBoundary(st *sqlast.Stmt, param string) bool {
	switch n := st.Node.(type) {
	case *sqlast.Set:
		return n.Name == param
	case *sqlast.Transaction:
		return n.Kind == sqlast.TxCommit || n.Kind == sqlast.TxRollback
	}
	return false
}

// lkFirstInStretch is for rules that want one finding per stretch of a
// file without a setting (one SET fixes them all): it reports whether no
// earlier statement of the stretch was offending, and counts the later
// offending statements of the stretch. The caller has already found
// c.Stmt offending (and remembered it in memo).
func lkFirstInStretch(c *Context, param string, memo *lkStretchMemo, offending func(*sqlast.Stmt) bool) (first bool, more int) {
	seen := memo.seen(c)
	for i := len(c.Prev) - 1; i >= 0; i-- {
		p := c.Prev[i]
		if lkStretchBoundary(p, param) {
			break
		}
		if memo.was(c, seen, i, offending) {
			return false, 0
		}
	}
	for _, n := range c.Next {
		if lkStretchBoundary(n, param) {
			break
		}
		if offending(n) {
			more++
		}
	}
	return true, more
}

// lkAlso renders the count of later offending statements for a message.
func lkAlso(more int) string {
	switch more {
	case 0:
		return ""
	case 1:
		return " (and so does 1 later statement)"
	}
	return " (and so do " + strconv.Itoa(more) + " later statements)"
}
