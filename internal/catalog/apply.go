package catalog

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// maxIdent is Postgres's identifier length limit (NAMEDATALEN-1).
const maxIdent = 63

// Apply replays one statement. Objects it creates get origin; objects it
// changes keep theirs. It never fails: creating an object that exists keeps
// the existing one (a baseline may already describe the final schema),
// changing or dropping a missing one is skipped or, for ALTER TABLE, works
// on a Partial stub. Statements the catalog does not model add a note.
// The statements a DO block runs (stmt.Nested) are replayed after it.
func (c *Catalog) Apply(stmt *sqlast.Stmt, origin Origin) {
	c.ApplyOne(stmt, origin)
	if stmt != nil {
		for _, n := range stmt.Nested {
			c.ApplyOne(n, origin)
		}
	}
}

// ApplyOne replays one statement without the statements nested in it (the
// lint engine checks and replays those one by one).
func (c *Catalog) ApplyOne(stmt *sqlast.Stmt, origin Origin) {
	if stmt == nil || stmt.Node == nil {
		return
	}
	c.cur = stmt
	defer func() {
		c.cur = nil
		if r := recover(); r != nil {
			c.note(stmt, fmt.Sprintf("internal error replaying the statement: %v", r))
		}
	}()
	switch n := stmt.Node.(type) {
	case *sqlast.CreateTable:
		c.createTable(stmt, n, origin)
	case *sqlast.AlterTable:
		c.alterTable(stmt, n, origin)
	case *sqlast.Rename:
		c.rename(stmt, n)
	case *sqlast.Drop:
		c.drop(stmt, n)
	case *sqlast.CreateIndex:
		c.createIndex(stmt, n, origin)
	case *sqlast.CreateView:
		c.createView(n, origin)
	case *sqlast.CreateEnum:
		k := key(c.qualify(n.Name))
		if _, ok := c.Enums[k]; !ok {
			e := &Enum{Name: c.qualify(n.Name), Values: append([]string(nil), n.Values...), Origin: origin}
			c.Enums[k] = e
			c.bornEnum(e)
			c.ev(Event{Op: OpCreate, Kind: sqlast.ObjType_, Enum: e, Name: e.Name})
		}
	case *sqlast.AlterEnum:
		c.alterEnum(stmt, n, origin)
	case *sqlast.CreateType:
		k := key(c.qualify(n.Name))
		if _, ok := c.Types[k]; !ok {
			c.setOrigin(c.Types, k, origin)
			c.ev(Event{Op: OpCreate, Kind: sqlast.ObjType_, Name: c.qualify(n.Name)})
		}
	case *sqlast.CreateSequence:
		k := key(c.qualify(n.Name))
		if _, ok := c.Sequences[k]; !ok {
			c.setOrigin(c.Sequences, k, origin)
			c.ev(Event{Op: OpCreate, Kind: sqlast.ObjSequence, Name: c.qualify(n.Name)})
		}
	case *sqlast.CreateFunction:
		k := key(c.qualify(n.Name))
		_, had := c.Functions[k]
		if !had {
			c.setOrigin(c.Functions, k, origin)
			c.ev(Event{Op: OpCreate, Kind: sqlast.ObjFunction, Name: c.qualify(n.Name)})
		}
		c.setFuncInfo(k, n, had && !n.Replace)
	case *sqlast.CreateSchema:
		if _, ok := c.Schemas[n.Name]; !ok && n.Name != "" {
			c.setOrigin(c.Schemas, n.Name, origin)
			c.ev(Event{Op: OpCreate, Kind: sqlast.ObjSchema, Name: sqlast.Name{Schema: n.Name, Name: n.Name}})
		}
	case *sqlast.Set:
		if n.Name == "search_path" && !n.Local {
			c.setSearchPath(n)
		}
	case *sqlast.CreateTrigger:
		if c.journal != nil && n.Table.Name != "" {
			c.ev(Event{Op: OpCreate, Kind: sqlast.ObjTrigger, Table: c.Relation(n.Table), Name: c.qualify(n.Table), Sub: n.Name})
		}
	case *sqlast.AlterSequence, *sqlast.AlterDomain, *sqlast.CreateExtension,
		*sqlast.Truncate, *sqlast.Insert, *sqlast.Update, *sqlast.Delete, *sqlast.Transaction,
		*sqlast.Vacuum, *sqlast.Cluster, *sqlast.Reindex, *sqlast.DropDatabase, *sqlast.Select:
		// No schema change the catalog tracks.
	default:
		if stmt.Kind == "AlterObjectSchemaStmt" && c.setSchema(stmt) {
			return
		}
		if !ignoredKinds[stmt.Kind] {
			c.note(stmt, "statement "+kindName(stmt)+" not modelled by the catalog")
		}
	}
}

// ignoredKinds are parser node names of statements that change nothing the
// catalog tracks, so they need no note.
var ignoredKinds = map[string]bool{
	"CommentStmt": true, "GrantStmt": true, "GrantRoleStmt": true, "AlterOwnerStmt": true,
	"VariableSetStmt": true, "VariableShowStmt": true, "SelectStmt": true, "AlterDefaultPrivilegesStmt": true,
	"CreateRoleStmt": true, "AlterRoleStmt": true, "DropRoleStmt": true, "DoStmt": true, "CallStmt": true,
	"NotifyStmt": true, "ListenStmt": true, "LockStmt": true, "CopyStmt": true, "SecLabelStmt": true,
	"CreatePolicyStmt": true, "AlterPolicyStmt": true, "RuleStmt": true, "CreateStatsStmt": true,
	"AlterSeqStmt": true, "CreateEventTrigStmt": true, "AlterExtensionStmt": true,
	"CreatePublicationStmt": true, "AlterPublicationStmt": true, "ExplainStmt": true,
	"DefineStmt": true, "CreateCastStmt": true, "CreateOpClassStmt": true, "CreateOpFamilyStmt": true,
	"CreateFdwStmt": true, "CreateForeignServerStmt": true, "CreateUserMappingStmt": true,
	"ImportForeignSchemaStmt": true, "CreateConversionStmt": true, "CreateTransformStmt": true,
	"AlterFunctionStmt": true, "AlterCollationStmt": true, "AlterTSConfigurationStmt": true,
	"DefineTSDictionaryStmt": true, "CreateSubscriptionStmt": true, "CheckPointStmt": true,
	"DiscardStmt": true, "PrepareStmt": true, "ExecuteStmt": true, "DeallocateStmt": true,
	"RefreshMatViewStmt": true, "AlterEnumStmt": true, "AlterDomainStmt": true,
}

func kindName(stmt *sqlast.Stmt) string {
	if stmt.Kind != "" {
		return stmt.Kind
	}
	return fmt.Sprintf("%T", stmt.Node)
}

func (c *Catalog) note(stmt *sqlast.Stmt, msg string) {
	if c.dropNotes {
		return
	}
	c.Notes = append(c.Notes, stmt.Pos.String()+": "+msg)
}

func (c *Catalog) setSearchPath(n *sqlast.Set) {
	if n.Reset || n.Value == "" {
		c.searchPath = ""
		return
	}
	first := strings.TrimSpace(strings.Split(n.Value, ",")[0])
	first = strings.Trim(first, `'"`)
	switch first {
	case "", "$user", "pg_catalog":
		c.searchPath = ""
	default:
		c.searchPath = first
	}
}

// ensureSchema records a schema seen in a qualified name.
func (c *Catalog) ensureSchema(s string) {
	if s == "" {
		return
	}
	if _, ok := c.Schemas[s]; !ok {
		c.Schemas[s] = Existing
	}
}

// ---- tables ----------------------------------------------------------------

func (c *Catalog) createTable(stmt *sqlast.Stmt, n *sqlast.CreateTable, origin Origin) {
	if n.Temp {
		return // gone at the end of the session
	}
	name := c.qualify(n.Table)
	c.ensureSchema(name.Schema)
	k := key(name)
	t := c.Tables[k]
	switch {
	case t != nil && !t.Partial:
		if !n.IfNotExists {
			c.note(stmt, "table "+name.String()+" already exists: kept as it was")
		}
		return
	case t != nil:
		// A stub made by an earlier ALTER: fill in what the CREATE says,
		// keeping the stub's origin.
		c.touch(t)
		origin = t.Origin
		t.Partial = n.AsQuery
	default:
		t = &Table{Name: name, Origin: origin, Partial: n.AsQuery}
	}
	for _, like := range n.Like {
		if src := c.Table(like); src != nil {
			for _, col := range src.Columns {
				if t.Column(col.Name) == nil {
					t.Columns = append(t.Columns, &Column{Name: col.Name, Type: col.Type, NotNull: col.NotNull, Origin: origin})
				}
			}
			t.Partial = t.Partial || src.Partial
		} else {
			t.Partial = true
		}
	}
	if n.PartitionOf != nil {
		if parent := c.Table(*n.PartitionOf); parent != nil {
			for _, col := range parent.Columns {
				if t.Column(col.Name) == nil {
					t.Columns = append(t.Columns, &Column{Name: col.Name, Type: col.Type, NotNull: col.NotNull, Default: col.Default, Identity: col.Identity, Origin: origin})
				}
			}
			t.Partial = t.Partial || parent.Partial
		} else {
			t.Partial = true
		}
	}
	c.Tables[k] = t
	c.named(t)
	c.bornTable(t, origin)
	for i := range n.Columns {
		c.addColumn(t, &n.Columns[i], origin)
	}
	for i := range n.Constraints {
		c.addConstraint(t, n.Constraints[i], origin)
	}
	c.ev(Event{Op: OpCreate, Kind: sqlast.ObjTable, Table: t, Name: name})
}

// stub returns the table to alter, creating a Partial stub with origin
// Existing when the catalog never saw it created (the baseline is
// incomplete): whatever it holds was there before the migrations.
func (c *Catalog) stub(stmt *sqlast.Stmt, n sqlast.Name) *Table {
	if t := c.Table(n); t != nil {
		return t
	}
	name := c.qualify(n)
	c.note(stmt, "table "+name.String()+" is not in the catalog: tracked from here on as a partial table")
	c.ensureSchema(name.Schema)
	t := &Table{Name: name, Origin: Existing, Partial: true}
	c.Tables[key(name)] = t
	c.named(t)
	c.ev(Event{Op: OpStub, Kind: sqlast.ObjTable, Table: t, Name: name})
	return t
}

func (c *Catalog) addColumn(t *Table, d *sqlast.ColumnDef, origin Origin) {
	if d == nil || d.Name == "" {
		return
	}
	col := t.Column(d.Name)
	if col == nil {
		col = &Column{Name: d.Name, Origin: origin}
		t.Columns = append(t.Columns, col)
		c.bornTable(t, origin)
	}
	col.Type = d.Type
	col.NotNull = d.NotNull
	col.Default = d.Default
	col.Identity = d.Identity
	col.Generated = d.Generated != nil
	if d.Serial || d.Identity {
		seq := sqlast.Name{Schema: t.Name.Schema, Name: truncate(t.Name.Name + "_" + d.Name + "_seq")}
		if _, ok := c.Sequences[key(seq)]; !ok {
			c.setOrigin(c.Sequences, key(seq), origin)
		}
		if d.Serial && col.Default == nil {
			col.Default = &sqlast.Expr{Text: "nextval('" + seq.String() + "'::regclass)", Funcs: []string{"nextval"}}
		}
		col.NotNull = true
	}
	for _, con := range d.Constraints {
		if len(con.Columns) == 0 {
			con.Columns = []string{d.Name}
		}
		switch con.Kind {
		case sqlast.ConNotNull:
			col.NotNull = true
		case sqlast.ConPrimaryKey:
			col.NotNull = true
			c.addConstraint(t, con, origin)
		default:
			c.addConstraint(t, con, origin)
		}
	}
}

// defaultConstraintName is the name Postgres gives an unnamed constraint.
func (c *Catalog) defaultConstraintName(t *Table, con sqlast.Constraint) string {
	cols := strings.Join(con.Columns, "_")
	var label string
	switch con.Kind {
	case sqlast.ConPrimaryKey:
		cols, label = "", "pkey"
	case sqlast.ConUnique:
		label = "key"
	case sqlast.ConForeignKey:
		label = "fkey"
	case sqlast.ConExclusion:
		label = "excl"
	case sqlast.ConCheck:
		// Postgres names a CHECK after its column when it references
		// exactly one.
		names := con.Columns
		if con.Check != nil && len(con.Check.Columns) > 0 {
			names = uniq(con.Check.Columns)
		}
		cols, label = "", "check"
		if len(names) == 1 {
			cols = names[0]
		}
	case sqlast.ConNotNull:
		label = "not_null"
	default:
		label = "con"
	}
	// Constraint-backed indexes share the schema's relation namespace.
	indexBacked := con.Kind == sqlast.ConPrimaryKey || con.Kind == sqlast.ConUnique || con.Kind == sqlast.ConExclusion
	taken := func(name string) bool {
		if t.Constraint(name) != nil {
			return true
		}
		if indexBacked {
			_, ok := c.Indexes[t.Name.Schema+"."+name]
			return ok || c.Tables[t.Name.Schema+"."+name] != nil
		}
		return false
	}
	return chooseName(t.Name.Name, cols, label, taken)
}

// makeName joins a table name, column names and a label as Postgres's
// makeObjectName does, truncating the longer of the first two parts so the
// result fits in 63 bytes (the label is never cut).
func makeName(name1, name2, label string) string {
	l1, l2 := len(name1), len(name2)
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	for l1+l2+overhead > maxIdent && l1+l2 > 0 {
		if l1 > l2 {
			l1--
		} else {
			l2--
		}
	}
	out := clip(name1, l1)
	if name2 != "" {
		out += "_" + clip(name2, l2)
	}
	return out + "_" + label
}

// clip cuts s to at most n bytes without splitting a UTF-8 character, as
// Postgres's pg_mbcliplen does.
func clip(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// chooseName is Postgres's ChooseRelationName / ChooseConstraintName: while
// the name is taken it tries label1, label2, … (the number goes on the
// label, so truncation still cuts the table and column parts).
func chooseName(name1, name2, label string, taken func(string) bool) string {
	name := makeName(name1, name2, label)
	for i := 1; taken(name) && i < 1000; i++ {
		name = makeName(name1, name2, label+strconv.Itoa(i))
	}
	return name
}

func truncate(s string) string {
	if len(s) > maxIdent {
		return s[:maxIdent]
	}
	return s
}

func uniq(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (c *Catalog) addConstraint(t *Table, con sqlast.Constraint, origin Origin) *Constraint {
	// Own copies: renames later change these slices in place, and the
	// parsed statement must not change with them.
	con.Columns = append([]string(nil), con.Columns...)
	con.RefColumns = append([]string(nil), con.RefColumns...)
	if con.Name == "" {
		// Replayed over a baseline that already has it: the same unnamed
		// constraint is the baseline's, not a second one.
		for _, old := range t.Constraints {
			if old.Kind == con.Kind && con.Kind != sqlast.ConCheck && reflect.DeepEqual(nonNil(old.Columns), nonNil(con.Columns)) && sameRef(c, old.RefTable, con.RefTable) {
				return old
			}
		}
		con.Name = c.defaultConstraintName(t, con)
	} else if old := t.Constraint(con.Name); old != nil {
		return old
	}
	if con.RefTable != nil {
		r := c.qualify(*con.RefTable)
		con.RefTable = &r
		if len(con.RefColumns) == 0 {
			// REFERENCES t without columns: the target's primary key.
			if rt := c.Table(r); rt != nil {
				for _, pk := range rt.Constraints {
					if pk.Kind == sqlast.ConPrimaryKey {
						con.RefColumns = append([]string(nil), pk.Columns...)
					}
				}
			}
		}
	}
	nc := &Constraint{Constraint: con, Origin: origin}
	t.Constraints = append(t.Constraints, nc)
	c.bornTable(t, origin)
	if con.RefTable != nil {
		c.addReferrer(t, *con.RefTable)
	}
	switch con.Kind {
	case sqlast.ConPrimaryKey:
		for _, col := range con.Columns {
			if cc := t.Column(col); cc != nil {
				cc.NotNull = true
			}
		}
		fallthrough
	case sqlast.ConUnique, sqlast.ConExclusion:
		if con.UsingIndex != "" {
			// ADD CONSTRAINT … USING INDEX renames the index to the
			// constraint's name.
			if idx, k, ok := lookup(c, c.Indexes, sqlast.Name{Schema: t.Name.Schema, Name: con.UsingIndex}); ok {
				delete(c.Indexes, k)
				idx.Name = con.Name
				idx.Constraint = con.Name
				c.Indexes[t.Name.Schema+"."+con.Name] = idx
				c.indexed(t.Name.Schema+"."+con.Name, idx)
				if len(nc.Columns) == 0 {
					nc.Columns = append([]string(nil), idx.Columns...)
				}
				break
			}
		}
		ik := t.Name.Schema + "." + con.Name
		if _, ok := c.Indexes[ik]; !ok {
			idx := &Index{
				Name: con.Name, Schema: t.Name.Schema, Table: t.Name,
				Unique:  con.Kind != sqlast.ConExclusion,
				Columns: append([]string(nil), nc.Columns...), Origin: origin, Constraint: con.Name,
			}
			c.Indexes[ik] = idx
			c.indexed(ik, idx)
			c.bornIndex(idx)
		}
	}
	return nc
}

func (c *Catalog) removeConstraint(t *Table, name string) bool {
	for i, con := range t.Constraints {
		if con.Name == name {
			t.Constraints = append(t.Constraints[:i:i], t.Constraints[i+1:]...)
			if idx, ok := c.Indexes[t.Name.Schema+"."+name]; ok && idx.Constraint == name {
				delete(c.Indexes, t.Name.Schema+"."+name)
			}
			return true
		}
	}
	return false
}

func (c *Catalog) alterTable(stmt *sqlast.Stmt, n *sqlast.AlterTable, origin Origin) {
	switch n.ObjType {
	case "", sqlast.ObjTable, sqlast.ObjForeignTable:
	default:
		// ALTER INDEX/VIEW/SEQUENCE … SET (…), OWNER TO: nothing tracked.
		return
	}
	onlyOther := true
	for _, cmd := range n.Cmds {
		if cmd.Kind != sqlast.AlterOther && cmd.Kind != sqlast.SetTablespace &&
			cmd.Kind != sqlast.SetLogged && cmd.Kind != sqlast.SetUnlogged {
			onlyOther = false
		}
	}
	if onlyOther && c.Table(n.Table) == nil {
		return // e.g. ALTER TABLE … OWNER TO on a table we do not know
	}
	if n.IfExists && c.Table(n.Table) == nil {
		return
	}
	t := c.stub(stmt, n.Table)
	c.touch(t)
	for i := range n.Cmds {
		cmd := &n.Cmds[i]
		switch cmd.Kind {
		case sqlast.AddColumn:
			if cmd.Def == nil {
				continue
			}
			if t.Column(cmd.Def.Name) != nil {
				if !cmd.IfNotExists {
					c.note(stmt, "column "+t.Name.String()+"."+cmd.Def.Name+" already exists: kept as it was")
				}
				continue
			}
			c.addColumn(t, cmd.Def, origin)
			if c.journal != nil {
				c.ev(Event{Op: OpAddColumn, Pos: cmd.Pos, Kind: sqlast.ObjColumn, Table: t, Column: t.Column(cmd.Def.Name), Sub: cmd.Def.Name})
			}
		case sqlast.DropColumn:
			dropped := t.Column(cmd.Column)
			c.dropColumn(t, cmd.Column)
			if dropped != nil || t.Partial {
				c.cmdEv(OpDropColumn, cmd, t, dropped)
			}
		case sqlast.AlterColumnType:
			col := c.column(stmt, t, cmd.Column, origin)
			if col != nil && cmd.Type != nil {
				col.Type = *cmd.Type
			}
			c.cmdEv(OpAlterType, cmd, t, col)
		case sqlast.SetDefault:
			col := c.column(stmt, t, cmd.Column, origin)
			if col != nil {
				col.Default = cmd.Default
			}
			c.cmdEv(OpSetDefault, cmd, t, col)
		case sqlast.DropDefault:
			col := c.column(stmt, t, cmd.Column, origin)
			if col != nil {
				col.Default = nil
			}
			c.cmdEv(OpDropDefault, cmd, t, col)
		case sqlast.SetNotNull:
			col := c.column(stmt, t, cmd.Column, origin)
			if col != nil {
				col.NotNull = true
			}
			c.cmdEv(OpSetNotNull, cmd, t, col)
		case sqlast.DropNotNull:
			col := c.column(stmt, t, cmd.Column, origin)
			if col != nil {
				col.NotNull = false
			}
			c.cmdEv(OpDropNotNull, cmd, t, col)
		case sqlast.AddIdentity:
			if col := c.column(stmt, t, cmd.Column, origin); col != nil {
				c.cmdEv(OpAddIdentity, cmd, t, col)
				col.Identity = true
				col.NotNull = true
				if k := c.identitySeq(stmt, t, col.Name); k != "" {
					if _, ok := c.Sequences[k]; !ok {
						c.setOrigin(c.Sequences, k, origin)
					}
				}
			}
		case sqlast.DropIdentity:
			if col := c.column(stmt, t, cmd.Column, origin); col != nil {
				c.cmdEv(OpDropIdentity, cmd, t, col)
				col.Identity = false
				delete(c.Sequences, c.identitySeq(stmt, t, col.Name))
			}
		case sqlast.AddConstraint:
			if cmd.Constraint == nil {
				continue
			}
			con := *cmd.Constraint
			if con.Kind == sqlast.ConNotNull {
				for _, name := range con.Columns {
					if col := t.Column(name); col != nil {
						col.NotNull = true
						c.ev(Event{Op: OpSetNotNull, Pos: cmd.Pos, Kind: sqlast.ObjColumn, Table: t, Column: col, Sub: name})
					}
				}
				continue
			}
			nc := c.addConstraint(t, con, origin)
			if c.journal != nil {
				c.ev(Event{Op: OpAddConstraint, Pos: cmd.Pos, Kind: sqlast.ObjConstraint, Table: t, Constraint: nc, Sub: nc.Name})
			}
		case sqlast.DropConstraint:
			old := t.Constraint(cmd.Name)
			if !c.removeConstraint(t, cmd.Name) && !cmd.IfExists {
				c.note(stmt, "constraint "+cmd.Name+" of "+t.Name.String()+" is not in the catalog")
			}
			if old != nil || !cmd.IfExists {
				c.ev(Event{Op: OpDropConstraint, Pos: cmd.Pos, Kind: sqlast.ObjConstraint, Table: t, Constraint: old,
					Name: t.Name, Sub: cmd.Name, Missing: old == nil})
			}
		case sqlast.ValidateConstraint:
			if con := t.Constraint(cmd.Name); con != nil {
				con.NotValid = false
			}
		}
	}
}

// column returns a column to change; on a Partial table an unknown column is
// added (it existed before, so it is Existing).
func (c *Catalog) column(stmt *sqlast.Stmt, t *Table, name string, _ Origin) *Column {
	if col := t.Column(name); col != nil {
		return col
	}
	if t.Partial {
		col := &Column{Name: name, Origin: Existing}
		t.Columns = append(t.Columns, col)
		c.ev(Event{Op: OpStub, Kind: sqlast.ObjColumn, Table: t, Column: col, Sub: name})
		return col
	}
	c.note(stmt, "column "+t.Name.String()+"."+name+" is not in the catalog")
	return nil
}

// dropColumn removes a column and, as Postgres does, the indexes and
// constraints that involve it (and foreign keys elsewhere that reference it).
func (c *Catalog) dropColumn(t *Table, name string) {
	i := t.columnIndex(name)
	if i < 0 {
		return
	}
	t.Columns = append(t.Columns[:i:i], t.Columns[i+1:]...)
	var keep []*Constraint
	for _, con := range t.Constraints {
		if contains(con.Columns, name) || (con.Check != nil && contains(con.Check.Columns, name)) {
			if idx, ok := c.Indexes[t.Name.Schema+"."+con.Name]; ok && idx.Constraint == con.Name {
				delete(c.Indexes, t.Name.Schema+"."+con.Name)
			}
			continue
		}
		keep = append(keep, con)
	}
	t.Constraints = keep
	for _, e := range c.indexEntriesOn(t.Name) {
		if contains(e.ix.Columns, name) {
			delete(c.Indexes, e.key)
		}
	}
	for _, other := range c.referrersOf(t.Name) {
		if !c.hasFK(other, func(con *Constraint) bool { return *con.RefTable == t.Name && contains(con.RefColumns, name) }) {
			continue
		}
		var keep []*Constraint
		for _, con := range other.Constraints {
			if con.RefTable != nil && *con.RefTable == t.Name && contains(con.RefColumns, name) {
				continue
			}
			keep = append(keep, con)
		}
		other.Constraints = keep
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// ---- indexes, views, enums ---------------------------------------------------

func (c *Catalog) createIndex(stmt *sqlast.Stmt, n *sqlast.CreateIndex, origin Origin) {
	var t *Table
	if v := c.View(n.Table); v != nil && v.Materialized {
		t = v
	} else {
		t = c.stub(stmt, n.Table)
	}
	name := n.Name
	if name == "" {
		// Replayed over a baseline that already has it: the same unnamed
		// index is the one the baseline holds, not a second one.
		for _, idx := range c.IndexesOn(t.Name) {
			if idx.Unique == n.Unique && idx.Partial == (n.Where != nil) && reflect.DeepEqual(nonNil(idx.Columns), nonNil(n.Columns)) && sameExprs(idx.Exprs, n.Exprs) && idx.Constraint == "" {
				return
			}
		}
		// Postgres names each key after its column, or after the function
		// an expression calls ("lower"), else "expr". The model keeps
		// plain columns and expressions apart, so a mixed key list is
		// named columns first.
		cols := append([]string(nil), n.Columns...)
		for _, e := range n.Exprs {
			cols = append(cols, exprColname(e.Text))
		}
		name = chooseName(t.Name.Name, strings.Join(cols, "_"), "idx", func(s string) bool {
			_, ok := c.Indexes[t.Name.Schema+"."+s]
			return ok || c.Tables[t.Name.Schema+"."+s] != nil
		})
	}
	k := t.Name.Schema + "." + name
	if _, ok := c.Indexes[k]; ok {
		if !n.IfNotExists {
			c.note(stmt, "index "+name+" already exists: kept as it was")
		}
		return
	}
	idx := &Index{Name: name, Schema: t.Name.Schema, Table: t.Name, Unique: n.Unique,
		Columns: append([]string(nil), n.Columns...), Origin: origin, Partial: n.Where != nil}
	for _, e := range n.Exprs {
		idx.Exprs = append(idx.Exprs, e.Text)
	}
	c.Indexes[k] = idx
	c.indexed(k, idx)
	c.bornIndex(idx)
	c.ev(Event{Op: OpCreate, Kind: sqlast.ObjIndex, Table: t, Index: idx, Name: sqlast.Name{Schema: t.Name.Schema, Name: name}})
}

func (c *Catalog) createView(n *sqlast.CreateView, origin Origin) {
	name := c.qualify(n.Name)
	c.ensureSchema(name.Schema)
	k := key(name)
	if old, ok := c.Views[k]; ok {
		if !n.Replace {
			return
		}
		origin = old.Origin
	}
	v := &Table{Name: name, Origin: origin, View: true, Materialized: n.Materialized, Partial: len(n.Columns) == 0}
	for _, col := range n.Columns {
		v.Columns = append(v.Columns, &Column{Name: col, Origin: origin})
	}
	c.Views[k] = v
	c.named(v)
	c.bornTable(v, origin)
	c.ev(Event{Op: OpCreate, Kind: sqlast.ObjView, Table: v, Name: name})
}

func (c *Catalog) alterEnum(stmt *sqlast.Stmt, n *sqlast.AlterEnum, origin Origin) {
	e := c.Enum(n.Type)
	if e == nil {
		c.note(stmt, "enum "+n.Type.String()+" is not in the catalog: tracked from here on with only the values the migrations name")
		e = &Enum{Name: c.qualify(n.Type), Origin: Existing}
		c.Enums[key(e.Name)] = e
		c.ev(Event{Op: OpStub, Kind: sqlast.ObjType_, Enum: e, Name: e.Name})
	}
	c.ev(Event{Op: OpTouch, Kind: sqlast.ObjType_, Enum: e, Name: e.Name})
	if n.AddValue != "" {
		if contains(e.Values, n.AddValue) {
			return
		}
		at := len(e.Values)
		for i, v := range e.Values {
			if n.Before != "" && v == n.Before {
				at = i
			}
			if n.After != "" && v == n.After {
				at = i + 1
			}
		}
		e.Values = append(e.Values[:at:at], append([]string{n.AddValue}, e.Values[at:]...)...)
		c.ev(Event{Op: OpAddValue, Kind: sqlast.ObjEnumValue, Enum: e, Name: e.Name, Sub: n.AddValue})
		return
	}
	if n.OldValue != "" {
		c.ev(Event{Op: OpRenameValue, Kind: sqlast.ObjEnumValue, Enum: e, Name: e.Name, Sub: n.OldValue, NewName: n.NewValue,
			Missing: !contains(e.Values, n.OldValue)})
		for i, v := range e.Values {
			if v == n.OldValue {
				e.Values[i] = n.NewValue
				return
			}
		}
		if !contains(e.Values, n.NewValue) {
			e.Values = append(e.Values, n.NewValue)
		}
	}
}

// ---- renames -----------------------------------------------------------------

func (c *Catalog) rename(stmt *sqlast.Stmt, n *sqlast.Rename) {
	if n.NewName == "" {
		return
	}
	switch n.ObjType {
	case sqlast.ObjTable, sqlast.ObjForeignTable:
		c.renameRelation(stmt, false, n)
	case sqlast.ObjView, sqlast.ObjMatView:
		c.renameRelation(stmt, true, n)
	case sqlast.ObjColumn:
		t := c.Relation(n.Object)
		if t == nil {
			if !n.IfExists {
				c.note(stmt, "table "+n.Object.String()+" is not in the catalog")
				c.ev(Event{Op: OpRename, Kind: sqlast.ObjColumn, Name: n.Object, Sub: n.Sub, NewName: n.NewName, Missing: true})
			}
			return
		}
		c.renameColumn(stmt, t, n.Sub, n.NewName)
	case sqlast.ObjConstraint:
		t := c.Table(n.Object)
		con := t.Constraint(n.Sub)
		if con == nil {
			c.note(stmt, "constraint "+n.Sub+" of "+n.Object.String()+" is not in the catalog")
			c.ev(Event{Op: OpRename, Kind: sqlast.ObjConstraint, Table: t, Name: n.Object, Sub: n.Sub, NewName: n.NewName, Missing: true})
			return
		}
		c.ev(Event{Op: OpRename, Kind: sqlast.ObjConstraint, Table: t, Constraint: con, Name: t.Name, Sub: n.Sub, NewName: n.NewName})
		con.Name = n.NewName
		if idx, ok := c.Indexes[t.Name.Schema+"."+n.Sub]; ok && idx.Constraint == n.Sub {
			delete(c.Indexes, t.Name.Schema+"."+n.Sub)
			idx.Name, idx.Constraint = n.NewName, n.NewName
			c.Indexes[t.Name.Schema+"."+n.NewName] = idx
			c.indexed(t.Name.Schema+"."+n.NewName, idx)
		}
	case sqlast.ObjIndex:
		idx, k, ok := lookup(c, c.Indexes, n.Object)
		if !ok {
			if !n.IfExists {
				c.note(stmt, "index "+n.Object.String()+" is not in the catalog")
				c.ev(Event{Op: OpRename, Kind: sqlast.ObjIndex, Name: n.Object, Sub: n.Object.Name, NewName: n.NewName, Missing: true})
			}
			return
		}
		c.ev(Event{Op: OpRename, Kind: sqlast.ObjIndex, Table: c.Relation(idx.Table), Index: idx, Name: sqlast.Name{Schema: idx.Schema, Name: idx.Name}, Sub: idx.Name, NewName: n.NewName})
		delete(c.Indexes, k)
		old := idx.Name
		idx.Name = n.NewName
		if idx.Constraint != "" {
			// Renaming a constraint's index renames the constraint.
			if t := c.Table(idx.Table); t != nil {
				if con := t.Constraint(old); con != nil {
					con.Name = n.NewName
				}
			}
			idx.Constraint = n.NewName
		}
		c.Indexes[idx.Schema+"."+n.NewName] = idx
		c.indexed(idx.Schema+"."+n.NewName, idx)
	case sqlast.ObjType_:
		if e, k, ok := lookup(c, c.Enums, n.Object); ok {
			c.ev(Event{Op: OpRename, Kind: sqlast.ObjType_, Enum: e, Name: e.Name, NewName: n.NewName})
			delete(c.Enums, k)
			e.Name = sqlast.Name{Schema: e.Name.Schema, Name: n.NewName}
			c.Enums[key(e.Name)] = e
			return
		}
		renameIn(c, c.Types, n, sqlast.ObjType_)
	case sqlast.ObjDomain:
		renameIn(c, c.Types, n, sqlast.ObjType_)
	case sqlast.ObjSequence:
		renameIn(c, c.Sequences, n, sqlast.ObjSequence)
	case sqlast.ObjFunction, sqlast.ObjProcedure:
		if _, k, ok := lookup(c, c.Functions, n.Object); ok {
			if v, has := c.funcVol[k]; has {
				delete(c.funcVol, k)
				c.funcVol[k[:strings.IndexByte(k, '.')+1]+n.NewName] = v
			}
		}
		renameIn(c, c.Functions, n, sqlast.ObjFunction)
	case sqlast.ObjSchema:
		o, known := c.Schemas[n.Object.Name]
		c.ev(Event{Op: OpRename, Kind: sqlast.ObjSchema, Name: sqlast.Name{Schema: n.Object.Name, Name: n.Object.Name}, NewName: n.NewName, Missing: !known, Origin: o})
		c.renameSchema(n.Object.Name, n.NewName)
	default:
		c.note(stmt, "rename of "+string(n.ObjType)+" not modelled by the catalog")
	}
}

func renameIn(c *Catalog, m map[string]Origin, n *sqlast.Rename, kind sqlast.ObjType) {
	if o, k, ok := lookup(c, m, n.Object); ok {
		delete(m, k)
		q := c.qualify(n.Object)
		if i := strings.IndexByte(k, '.'); i >= 0 {
			q.Schema = k[:i]
		}
		c.ev(Event{Op: OpRename, Kind: kind, Name: q, NewName: n.NewName, Origin: o})
		c.setOrigin(m, q.Schema+"."+n.NewName, o)
	} else if !n.IfExists {
		c.ev(Event{Op: OpRename, Kind: kind, Name: n.Object, NewName: n.NewName, Missing: true})
	}
}

func (c *Catalog) renameRelation(stmt *sqlast.Stmt, view bool, n *sqlast.Rename) {
	m, other := c.Tables, c.Views
	if view {
		m, other = c.Views, c.Tables
	}
	t, k, ok := lookup(c, m, n.Object)
	if !ok {
		// ALTER TABLE … RENAME also renames views and the other way round.
		if t, k, ok = lookup(c, other, n.Object); ok {
			m = other
		}
	}
	if !ok {
		if !n.IfExists {
			c.note(stmt, "relation "+n.Object.String()+" is not in the catalog")
			kind := sqlast.ObjTable
			if view {
				kind = sqlast.ObjView
			}
			c.ev(Event{Op: OpRename, Kind: kind, Name: n.Object, NewName: n.NewName, Missing: true})
		}
		return
	}
	old := t.Name
	nw := sqlast.Name{Schema: old.Schema, Name: n.NewName}
	c.ev(Event{Op: OpRename, Kind: relKind(t), Table: t, Name: old, NewName: n.NewName})
	delete(m, k)
	t.Name = nw
	m[key(nw)] = t
	c.named(t)
	c.retarget(old, nw)
}

// retarget points indexes and foreign keys at a renamed (or moved) table.
func (c *Catalog) retarget(old, nw sqlast.Name) {
	for _, e := range c.indexEntriesOn(old) {
		e.ix.Table = nw
		c.indexed(e.key, e.ix)
	}
	for _, t := range c.referrersOf(old) {
		if !c.hasFK(t, func(con *Constraint) bool { return *con.RefTable == old }) {
			continue
		}
		for _, con := range t.Constraints {
			if con.RefTable != nil && *con.RefTable == old {
				r := nw
				con.RefTable = &r
			}
		}
		c.addReferrer(t, nw)
	}
}

func (c *Catalog) renameColumn(stmt *sqlast.Stmt, t *Table, old, nw string) {
	col := t.Column(old)
	if col == nil {
		if t.Partial {
			nc := &Column{Name: nw, Origin: Existing}
			t.Columns = append(t.Columns, nc)
			c.ev(Event{Op: OpRename, Kind: sqlast.ObjColumn, Table: t, Column: nc, Name: t.Name, Sub: old, NewName: nw, Missing: true})
			return
		}
		c.note(stmt, "column "+t.Name.String()+"."+old+" is not in the catalog")
		return
	}
	c.ev(Event{Op: OpRename, Kind: sqlast.ObjColumn, Table: t, Column: col, Name: t.Name, Sub: old, NewName: nw})
	col.Name = nw
	rep := func(s []string) {
		for i, v := range s {
			if v == old {
				s[i] = nw
			}
		}
	}
	for _, con := range t.Constraints {
		rep(con.Columns)
		if con.Check != nil {
			chk := *con.Check
			chk.Columns = append([]string(nil), chk.Columns...)
			rep(chk.Columns)
			con.Check = &chk
		}
	}
	for _, e := range c.indexEntriesOn(t.Name) {
		rep(e.ix.Columns)
	}
	for _, other := range c.referrersOf(t.Name) {
		if !c.hasFK(other, func(con *Constraint) bool { return *con.RefTable == t.Name }) {
			continue
		}
		for _, con := range other.Constraints {
			if con.RefTable != nil && *con.RefTable == t.Name {
				rep(con.RefColumns)
			}
		}
	}
}

func (c *Catalog) renameSchema(old, nw string) {
	if old == "" || nw == "" {
		return
	}
	if o, ok := c.Schemas[old]; ok {
		delete(c.Schemas, old)
		c.setOrigin(c.Schemas, nw, o)
	} else {
		c.Schemas[nw] = Existing
	}
	move := func(k string) (string, bool) {
		if strings.HasPrefix(k, old+".") {
			return nw + "." + k[len(old)+1:], true
		}
		return k, false
	}
	for k, t := range c.Tables {
		if nk, ok := move(k); ok {
			delete(c.Tables, k)
			oldName := t.Name
			t.Name.Schema = nw
			c.Tables[nk] = t
			c.named(t)
			c.retarget(oldName, t.Name)
		}
	}
	for k, v := range c.Views {
		if nk, ok := move(k); ok {
			delete(c.Views, k)
			v.Name.Schema = nw
			c.Views[nk] = v
			c.named(v)
		}
	}
	for k, idx := range c.Indexes {
		if nk, ok := move(k); ok {
			delete(c.Indexes, k)
			idx.Schema = nw
			c.Indexes[nk] = idx
			c.indexed(nk, idx)
		}
	}
	for k, e := range c.Enums {
		if nk, ok := move(k); ok {
			delete(c.Enums, k)
			e.Name.Schema = nw
			c.Enums[nk] = e
		}
	}
	for _, m := range []map[string]Origin{c.Sequences, c.Functions, c.Types} {
		for k, o := range m {
			if nk, ok := move(k); ok {
				delete(m, k)
				c.setOrigin(m, nk, o)
			}
		}
	}
}

// ---- drops ---------------------------------------------------------------------

func (c *Catalog) drop(stmt *sqlast.Stmt, n *sqlast.Drop) {
	for _, obj := range n.Objects {
		switch n.ObjType {
		case sqlast.ObjTable, sqlast.ObjForeignTable:
			c.dropRelation(stmt, c.Tables, n.ObjType, obj, n.IfExists)
		case sqlast.ObjView, sqlast.ObjMatView:
			c.dropRelation(stmt, c.Views, n.ObjType, obj, n.IfExists)
		case sqlast.ObjIndex:
			if ix, k, ok := lookup(c, c.Indexes, obj); ok {
				delete(c.Indexes, k)
				c.ev(Event{Op: OpDrop, Kind: sqlast.ObjIndex, Table: c.Relation(ix.Table), Index: ix, Name: sqlast.Name{Schema: ix.Schema, Name: ix.Name}, Sub: ix.Name})
			} else if !n.IfExists {
				c.note(stmt, "index "+obj.String()+" is not in the catalog")
				c.ev(Event{Op: OpDrop, Kind: sqlast.ObjIndex, Name: obj, Sub: obj.Name, Missing: true})
			}
		case sqlast.ObjSequence:
			dropIn(c, c.Sequences, obj, sqlast.ObjSequence, n.IfExists)
		case sqlast.ObjType_, sqlast.ObjDomain:
			if e, k, ok := lookup(c, c.Enums, obj); ok {
				delete(c.Enums, k)
				c.ev(Event{Op: OpDrop, Kind: sqlast.ObjType_, Enum: e, Name: e.Name})
				continue
			}
			dropIn(c, c.Types, obj, sqlast.ObjType_, n.IfExists)
		case sqlast.ObjFunction, sqlast.ObjProcedure:
			dropIn(c, c.Functions, obj, sqlast.ObjFunction, n.IfExists)
		case sqlast.ObjSchema:
			o, known := c.Schemas[obj.Name]
			if known || !n.IfExists {
				c.ev(Event{Op: OpDrop, Kind: sqlast.ObjSchema, Name: sqlast.Name{Schema: obj.Name, Name: obj.Name}, Missing: !known, Origin: o})
			}
			c.dropSchema(obj.Name)
		case sqlast.ObjConstraint:
			if t := c.Table(n.Table); t != nil {
				c.removeConstraint(t, obj.Name)
			}
		case sqlast.ObjTrigger:
			if c.journal != nil && n.Table.Name != "" {
				c.ev(Event{Op: OpDrop, Kind: sqlast.ObjTrigger, Table: c.Relation(n.Table), Name: c.qualify(n.Table), Sub: obj.Name})
			}
		case sqlast.ObjExtension, sqlast.ObjOther, sqlast.ObjDatabase:
		default:
			c.note(stmt, "drop of "+string(n.ObjType)+" not modelled by the catalog")
		}
	}
}

func dropIn(c *Catalog, m map[string]Origin, n sqlast.Name, kind sqlast.ObjType, ifExists bool) {
	if o, k, ok := lookup(c, m, n); ok {
		delete(m, k)
		if i := strings.IndexByte(k, '.'); i >= 0 {
			n = sqlast.Name{Schema: k[:i], Name: k[i+1:]}
		}
		c.ev(Event{Op: OpDrop, Kind: kind, Name: n, Origin: o})
	} else if !ifExists {
		c.ev(Event{Op: OpDrop, Kind: kind, Name: n, Missing: true})
	}
}

func (c *Catalog) dropRelation(stmt *sqlast.Stmt, m map[string]*Table, kind sqlast.ObjType, n sqlast.Name, ifExists bool) {
	t, k, ok := lookup(c, m, n)
	if !ok {
		if !ifExists {
			c.note(stmt, "relation "+n.String()+" is not in the catalog")
			c.ev(Event{Op: OpDrop, Kind: kind, Name: n, Missing: true})
		}
		return
	}
	delete(m, k)
	c.ev(Event{Op: OpDrop, Kind: relKind(t), Table: t, Name: t.Name})
	c.forgetTable(t.Name)
	// serial and identity sequences are owned by their column and go with
	// the table.
	for _, col := range t.Columns {
		seq := t.Name.Schema + "." + truncate(t.Name.Name+"_"+col.Name+"_seq")
		owned := col.Identity
		if col.Default != nil && strings.Contains(col.Default.Text, "nextval(") && strings.Contains(col.Default.Text, t.Name.Name+"_"+col.Name+"_seq") {
			owned = true
		}
		if owned {
			delete(c.Sequences, seq)
		}
	}
}

// forgetTable removes what depends on a dropped table: its indexes and the
// foreign keys that reference it (the DROP succeeded, so there were none or
// CASCADE removed them).
func (c *Catalog) forgetTable(name sqlast.Name) {
	for _, e := range c.indexEntriesOn(name) {
		delete(c.Indexes, e.key)
	}
	for _, t := range c.referrersOf(name) {
		if !c.hasFK(t, func(con *Constraint) bool { return con.Kind == sqlast.ConForeignKey && *con.RefTable == name }) {
			continue
		}
		var keep []*Constraint
		for _, con := range t.Constraints {
			if con.Kind == sqlast.ConForeignKey && con.RefTable != nil && *con.RefTable == name {
				continue
			}
			keep = append(keep, con)
		}
		t.Constraints = keep
	}
}

func (c *Catalog) dropSchema(s string) {
	if s == "" {
		return
	}
	delete(c.Schemas, s)
	p := s + "."
	for k, t := range c.Tables {
		if strings.HasPrefix(k, p) {
			delete(c.Tables, k)
			c.forgetTable(t.Name)
		}
	}
	for k := range c.Views {
		if strings.HasPrefix(k, p) {
			delete(c.Views, k)
		}
	}
	for k := range c.Indexes {
		if strings.HasPrefix(k, p) {
			delete(c.Indexes, k)
		}
	}
	for k := range c.Enums {
		if strings.HasPrefix(k, p) {
			delete(c.Enums, k)
		}
	}
	for _, m := range []map[string]Origin{c.Sequences, c.Functions, c.Types} {
		for k := range m {
			if strings.HasPrefix(k, p) {
				delete(m, k)
			}
		}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sameRef(c *Catalog, a, b *sqlast.Name) bool {
	if a == nil || b == nil {
		return a == b
	}
	return c.qualify(*a) == c.qualify(*b)
}

// reSetSchema reads ALTER TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|DOMAIN
// [IF EXISTS] name SET SCHEMA schema, which the statement model does not
// carry.
var reSetSchema = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)^\s*alter\s+(table|view|materialized\s+view|sequence|type|domain|foreign\s+table)\s+(?:if\s+exists\s+)?(?:only\s+)?` + identPat + `(?:\s*\.\s*` + identPat + `)?\s+set\s+schema\s+` + identPat + `\s*;?\s*$`)
})

const identPat = `("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`

func unquoteIdent(s string) string {
	if strings.HasPrefix(s, `"`) {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToLower(s)
}

// setSchema moves an object to another schema; false when the statement is
// not understood.
func (c *Catalog) setSchema(stmt *sqlast.Stmt) bool {
	m := reSetSchema().FindStringSubmatch(stmt.Text)
	if m == nil {
		return false
	}
	name := sqlast.Name{Name: unquoteIdent(m[2])}
	if m[3] != "" {
		name = sqlast.Name{Schema: unquoteIdent(m[2]), Name: unquoteIdent(m[3])}
	}
	to := unquoteIdent(m[4])
	c.ensureSchema(to)
	kind := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
	switch kind {
	case "table", "foreign table", "view", "materialized view":
		mp := c.Tables
		if kind == "view" || kind == "materialized view" {
			mp = c.Views
		}
		t, k, ok := lookup(c, mp, name)
		if !ok {
			return true
		}
		old := t.Name
		c.ev(Event{Op: OpSetSchema, Kind: relKind(t), Table: t, Name: old, NewName: to})
		delete(mp, k)
		t.Name.Schema = to
		mp[key(t.Name)] = t
		c.named(t)
		// Indexes move with their table.
		for ik, idx := range c.Indexes {
			if idx.Table == old {
				delete(c.Indexes, ik)
				idx.Schema = to
				c.Indexes[to+"."+idx.Name] = idx
				c.indexed(to+"."+idx.Name, idx)
			}
		}
		c.retarget(old, t.Name)
	case "sequence":
		moveIn(c, c.Sequences, name, to)
	default:
		if e, k, ok := lookup(c, c.Enums, name); ok {
			delete(c.Enums, k)
			e.Name.Schema = to
			c.Enums[key(e.Name)] = e
		} else {
			moveIn(c, c.Types, name, to)
		}
	}
	return true
}

func moveIn(c *Catalog, m map[string]Origin, n sqlast.Name, to string) {
	if o, k, ok := lookup(c, m, n); ok {
		delete(m, k)
		c.setOrigin(m, to+"."+n.Name, o)
	}
}

// reLeadingCall matches an expression that is a function call: name(…).
var reLeadingCall = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:[a-z_][a-z0-9_$]*\s*\.\s*)?([a-z_][a-z0-9_$]*)\s*\(`)
})

// exprColname is the name Postgres's FigureColname gives an index
// expression: the function name of a call, else "expr".
func exprColname(text string) string {
	t := strings.TrimSpace(text)
	// Index expressions are written in parentheses: (lower(email)).
	for strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") && balanced(t[1:len(t)-1]) {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if m := reLeadingCall().FindStringSubmatch(strings.ToLower(t)); m != nil && balanced(t[strings.Index(t, "(")+1:len(t)-1]) && strings.HasSuffix(t, ")") {
		return m[1]
	}
	return "expr"
}

// balanced reports whether the parentheses of s pair up (ignoring quotes,
// which index expressions on names rarely hold).
func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

func sameExprs(have []string, exprs []sqlast.Expr) bool {
	if len(have) != len(exprs) {
		return false
	}
	for i, e := range exprs {
		if strings.Join(strings.Fields(have[i]), " ") != strings.Join(strings.Fields(e.Text), " ") {
			return false
		}
	}
	return true
}

// reSeqName reads the SEQUENCE NAME option of an identity column, which the
// statement model does not carry (pg_dump writes it).
var reSeqName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bsequence\s+name\s+` + identPat + `(?:\s*\.\s*` + identPat + `)?`)
})

// identitySeq is the key of an identity column's sequence: the one the
// statement names, else Postgres's default <table>_<column>_seq. For a
// statement with several identity sub-commands only the default is used.
func (c *Catalog) identitySeq(stmt *sqlast.Stmt, t *Table, col string) string {
	if m := reSeqName().FindStringSubmatch(stmt.Text); m != nil {
		if m[2] != "" {
			return unquoteIdent(m[1]) + "." + unquoteIdent(m[2])
		}
		return t.Name.Schema + "." + unquoteIdent(m[1])
	}
	return t.Name.Schema + "." + truncate(t.Name.Name+"_"+col+"_seq")
}

// relKind is the object kind of a table or view.
func relKind(t *Table) sqlast.ObjType {
	switch {
	case t.Materialized:
		return sqlast.ObjMatView
	case t.View:
		return sqlast.ObjView
	}
	return sqlast.ObjTable
}
