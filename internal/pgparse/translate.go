package pgparse

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// translator converts one parsed statement. src is the string the parser
// saw (node locations index it) and base its offset in the file.
type translator struct {
	fp      *fileParser
	src     string
	base    int
	stmtPos sqlast.Pos
	stmtEnd int // offset in the file just after the statement
}

func (tr *translator) translate(n *pgnode.Node) sqlast.Node {
	switch v := n.Node.(type) {
	case *pgnode.Node_CreateStmt:
		return tr.createTable(v.CreateStmt)
	case *pgnode.Node_CreateTableAsStmt:
		return tr.createTableAs(v.CreateTableAsStmt)
	case *pgnode.Node_AlterTableStmt:
		return tr.alterTable(v.AlterTableStmt)
	case *pgnode.Node_RenameStmt:
		return tr.rename(v.RenameStmt)
	case *pgnode.Node_AlterEnumStmt:
		return alterEnum(v.AlterEnumStmt)
	case *pgnode.Node_DropStmt:
		return dropStmt(v.DropStmt)
	case *pgnode.Node_DropdbStmt:
		return &sqlast.DropDatabase{Name: v.DropdbStmt.Dbname, IfExists: v.DropdbStmt.MissingOk}
	case *pgnode.Node_IndexStmt:
		return tr.createIndex(v.IndexStmt)
	case *pgnode.Node_ViewStmt:
		return createView(v.ViewStmt)
	case *pgnode.Node_CreateEnumStmt:
		e := &sqlast.CreateEnum{Name: listName(v.CreateEnumStmt.TypeName)}
		e.Values = strList(v.CreateEnumStmt.Vals)
		return e
	case *pgnode.Node_CreateDomainStmt:
		return tr.createDomain(v.CreateDomainStmt)
	case *pgnode.Node_CompositeTypeStmt:
		return &sqlast.CreateType{Name: rangeVarName(v.CompositeTypeStmt.Typevar)}
	case *pgnode.Node_CreateRangeStmt:
		return &sqlast.CreateType{Name: listName(v.CreateRangeStmt.TypeName)}
	case *pgnode.Node_DefineStmt:
		if v.DefineStmt.Kind == pgnode.ObjectType_OBJECT_TYPE {
			return &sqlast.CreateType{Name: listName(v.DefineStmt.Defnames)}
		}
	case *pgnode.Node_AlterDomainStmt:
		return tr.alterDomain(v.AlterDomainStmt)
	case *pgnode.Node_CreateSeqStmt:
		return createSequence(v.CreateSeqStmt)
	case *pgnode.Node_AlterSeqStmt:
		return &sqlast.AlterSequence{Name: rangeVarName(v.AlterSeqStmt.Sequence), IfExists: v.AlterSeqStmt.MissingOk}
	case *pgnode.Node_CreateFunctionStmt:
		return createFunction(v.CreateFunctionStmt)
	case *pgnode.Node_CreateSchemaStmt:
		return &sqlast.CreateSchema{Name: v.CreateSchemaStmt.Schemaname, IfNotExists: v.CreateSchemaStmt.IfNotExists}
	case *pgnode.Node_CreateExtensionStmt:
		return &sqlast.CreateExtension{Name: v.CreateExtensionStmt.Extname}
	case *pgnode.Node_CreateTrigStmt:
		return &sqlast.CreateTrigger{Name: v.CreateTrigStmt.Trigname, Table: rangeVarName(v.CreateTrigStmt.Relation)}
	case *pgnode.Node_TruncateStmt:
		t := &sqlast.Truncate{Cascade: v.TruncateStmt.Behavior == pgnode.DropBehavior_DROP_CASCADE}
		for _, r := range v.TruncateStmt.Relations {
			if rv := r.GetRangeVar(); rv != nil {
				t.Tables = append(t.Tables, rangeVarName(rv))
			}
		}
		return t
	case *pgnode.Node_InsertStmt:
		ins := &sqlast.Insert{Table: rangeVarName(v.InsertStmt.Relation)}
		for _, c := range v.InsertStmt.Cols {
			if rt := c.GetResTarget(); rt != nil {
				ins.Columns = append(ins.Columns, rt.Name)
				ins.Targets = append(ins.Targets, tr.target(rt))
			}
		}
		return ins
	case *pgnode.Node_UpdateStmt:
		up := &sqlast.Update{Table: rangeVarName(v.UpdateStmt.Relation), HasWhere: v.UpdateStmt.WhereClause != nil}
		ut := newUpdateTarget(v.UpdateStmt)
		for _, c := range v.UpdateStmt.TargetList {
			if rt := c.GetResTarget(); rt != nil {
				up.Columns = append(up.Columns, rt.Name)
				t := tr.target(rt)
				if !t.Sub && rt.Val.GetMultiAssignRef() == nil {
					t.Const = setConst(rt.Val)
					t.Keys = ut.keyMoves(rt.Val, rt.Name)
				}
				up.Targets = append(up.Targets, t)
			}
		}
		up.Where = ut.where(v.UpdateStmt.WhereClause)
		return up
	case *pgnode.Node_DeleteStmt:
		return &sqlast.Delete{Table: rangeVarName(v.DeleteStmt.Relation), HasWhere: v.DeleteStmt.WhereClause != nil}
	case *pgnode.Node_TransactionStmt:
		return transaction(v.TransactionStmt)
	case *pgnode.Node_VariableSetStmt:
		return variableSet(v.VariableSetStmt)
	case *pgnode.Node_VacuumStmt:
		return vacuum(v.VacuumStmt)
	case *pgnode.Node_ClusterStmt:
		return &sqlast.Cluster{Table: rangeVarName(v.ClusterStmt.Relation)}
	case *pgnode.Node_ReindexStmt:
		return reindex(v.ReindexStmt)
	case *pgnode.Node_SelectStmt:
		if ic := v.SelectStmt.IntoClause; ic != nil {
			return &sqlast.CreateTable{Table: rangeVarName(ic.Rel), AsQuery: true, Temp: ic.Rel != nil && ic.Rel.Relpersistence == "t", Unlogged: ic.Rel != nil && ic.Rel.Relpersistence == "u"}
		}
		return &sqlast.Select{}
	}
	return &sqlast.Other{}
}

// createTable translates CREATE TABLE (with PARTITION OF, LIKE, OF type).
func (tr *translator) createTable(cs *pgnode.CreateStmt) *sqlast.CreateTable {
	ct := &sqlast.CreateTable{Table: rangeVarName(cs.Relation), IfNotExists: cs.IfNotExists}
	if rv := cs.Relation; rv != nil {
		ct.Temp = rv.Relpersistence == "t"
		ct.Unlogged = rv.Relpersistence == "u"
	}
	if cs.Partbound != nil && len(cs.InhRelations) > 0 {
		if rv := cs.InhRelations[0].GetRangeVar(); rv != nil {
			n := rangeVarName(rv)
			ct.PartitionOf = &n
		}
	}
	for _, e := range cs.TableElts {
		switch v := e.Node.(type) {
		case *pgnode.Node_ColumnDef:
			ct.Columns = append(ct.Columns, *tr.columnDef(v.ColumnDef))
		case *pgnode.Node_Constraint:
			ct.Constraints = append(ct.Constraints, tr.constraint(v.Constraint, ""))
		case *pgnode.Node_TableLikeClause:
			ct.Like = append(ct.Like, rangeVarName(v.TableLikeClause.Relation))
		}
	}
	for _, c := range cs.Constraints {
		if con := c.GetConstraint(); con != nil {
			ct.Constraints = append(ct.Constraints, tr.constraint(con, ""))
		}
	}
	return ct
}

func (tr *translator) createTableAs(cs *pgnode.CreateTableAsStmt) sqlast.Node {
	var rel *pgnode.RangeVar
	if cs.Into != nil {
		rel = cs.Into.Rel
	}
	if cs.Objtype == pgnode.ObjectType_OBJECT_MATVIEW {
		v := &sqlast.CreateView{Name: rangeVarName(rel), Materialized: true, IfNotExists: cs.IfNotExists}
		if cs.Into != nil {
			v.Columns = strList(cs.Into.ColNames)
		}
		return v
	}
	ct := &sqlast.CreateTable{Table: rangeVarName(rel), IfNotExists: cs.IfNotExists, AsQuery: true}
	if rel != nil {
		ct.Temp = rel.Relpersistence == "t"
		ct.Unlogged = rel.Relpersistence == "u"
	}
	return ct
}

// target is a column of an INSERT column list or an UPDATE SET clause.
func (tr *translator) target(rt *pgnode.ResTarget) sqlast.Target {
	t := sqlast.Target{Name: rt.Name, Sub: len(rt.Indirection) > 0, Pos: tr.stmtPos}
	if rt.Location >= 0 {
		t.Pos = tr.fp.pos(tr.base + int(rt.Location))
	}
	return t
}

// columnDef translates a column definition with its inline constraints.
func (tr *translator) columnDef(cd *pgnode.ColumnDef) *sqlast.ColumnDef {
	d := &sqlast.ColumnDef{Name: cd.Colname}
	if cd.Location >= 0 {
		d.Pos = tr.fp.pos(tr.base + int(cd.Location))
	}
	d.Type, d.Serial = convTypeName(cd.TypeName, tr.src)
	d.NotNull = cd.IsNotNull
	if cd.RawDefault != nil {
		d.Default = convExpr(cd.RawDefault)
	}
	if cd.Identity != "" {
		d.Identity = true
	}
	for _, c := range cd.Constraints {
		con := c.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pgnode.ConstrType_CONSTR_NOTNULL:
			d.NotNull = true
			d.Constraints = append(d.Constraints, sqlast.Constraint{Kind: sqlast.ConNotNull, Name: con.Conname, Columns: []string{cd.Colname}})
		case pgnode.ConstrType_CONSTR_NULL:
			d.NotNull = false
		case pgnode.ConstrType_CONSTR_DEFAULT:
			d.Default = convExpr(con.RawExpr)
		case pgnode.ConstrType_CONSTR_IDENTITY:
			d.Identity = true
			d.NotNull = true
		case pgnode.ConstrType_CONSTR_GENERATED:
			d.Generated = convExpr(con.RawExpr)
		case pgnode.ConstrType_CONSTR_PRIMARY:
			d.NotNull = true
			d.Constraints = append(d.Constraints, tr.constraint(con, cd.Colname))
		case pgnode.ConstrType_CONSTR_UNIQUE, pgnode.ConstrType_CONSTR_CHECK,
			pgnode.ConstrType_CONSTR_FOREIGN, pgnode.ConstrType_CONSTR_EXCLUSION:
			d.Constraints = append(d.Constraints, tr.constraint(con, cd.Colname))
		}
	}
	return d
}

// constraint translates a table constraint, or a column constraint of
// column col.
func (tr *translator) constraint(con *pgnode.Constraint, col string) sqlast.Constraint {
	c := sqlast.Constraint{Name: con.Conname, NotValid: con.SkipValidation, UsingIndex: con.Indexname}
	switch con.Contype {
	case pgnode.ConstrType_CONSTR_PRIMARY:
		c.Kind = sqlast.ConPrimaryKey
		c.Columns = strList(con.Keys)
	case pgnode.ConstrType_CONSTR_UNIQUE:
		c.Kind = sqlast.ConUnique
		c.Columns = strList(con.Keys)
	case pgnode.ConstrType_CONSTR_CHECK:
		c.Kind = sqlast.ConCheck
		c.Check = convExpr(con.RawExpr)
		if c.Check != nil {
			c.Check.Tree = convTerm(con.RawExpr)
			c.Columns = append([]string(nil), c.Check.Columns...)
		}
	case pgnode.ConstrType_CONSTR_FOREIGN:
		c.Kind = sqlast.ConForeignKey
		c.Columns = strList(con.FkAttrs)
		if con.Pktable != nil {
			n := rangeVarName(con.Pktable)
			c.RefTable = &n
		}
		c.RefColumns = strList(con.PkAttrs)
		c.OnDelete, c.OnUpdate = sqlast.FKAction(con.FkDelAction), sqlast.FKAction(con.FkUpdAction)
	case pgnode.ConstrType_CONSTR_EXCLUSION:
		c.Kind = sqlast.ConExclusion
		for _, ex := range con.Exclusions {
			if l := ex.GetList(); l != nil && len(l.Items) > 0 {
				if ie := l.Items[0].GetIndexElem(); ie != nil && ie.Name != "" {
					c.Columns = append(c.Columns, ie.Name)
				}
			}
		}
	case pgnode.ConstrType_CONSTR_NOTNULL:
		c.Kind = sqlast.ConNotNull
	default:
		c.Kind = sqlast.ConstraintKind(strings.ToLower(strings.TrimPrefix(con.Contype.String(), "CONSTR_")))
	}
	if col != "" && len(c.Columns) == 0 && c.Kind != sqlast.ConCheck {
		c.Columns = []string{col}
	}
	if col != "" && c.Kind == sqlast.ConCheck && len(c.Columns) == 0 {
		c.Columns = []string{col}
	}
	return c
}

// alterTable translates ALTER TABLE and the ALTER INDEX / VIEW / SEQUENCE /
// MATERIALIZED VIEW / FOREIGN TABLE forms that share its node.
func (tr *translator) alterTable(at *pgnode.AlterTableStmt) *sqlast.AlterTable {
	a := &sqlast.AlterTable{Table: rangeVarName(at.Relation), ObjType: objType(at.Objtype), IfExists: at.MissingOk}
	if at.Relation != nil {
		a.Only = !at.Relation.Inh
	}
	starts := tr.cmdStarts(at, len(at.Cmds))
	for i, cn := range at.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		c := tr.alterCmd(cmd)
		c.Pos = tr.stmtPos
		if starts != nil {
			c.Pos = tr.fp.pos(starts[i])
		}
		a.Cmds = append(a.Cmds, c)
	}
	return a
}

func (tr *translator) alterCmd(cmd *pgnode.AlterTableCmd) sqlast.AlterCmd {
	c := sqlast.AlterCmd{Column: cmd.Name, IfExists: cmd.MissingOk, Cascade: cmd.Behavior == pgnode.DropBehavior_DROP_CASCADE}
	switch cmd.Subtype {
	case pgnode.AlterTableType_AT_AddColumn, pgnode.AlterTableType_AT_AddColumnToView:
		c.Kind = sqlast.AddColumn
		c.IfNotExists = cmd.MissingOk
		c.IfExists = false
		if cd := cmd.Def.GetColumnDef(); cd != nil {
			c.Def = tr.columnDef(cd)
			c.Column = cd.Colname
		}
	case pgnode.AlterTableType_AT_DropColumn:
		c.Kind = sqlast.DropColumn
	case pgnode.AlterTableType_AT_AlterColumnType:
		c.Kind = sqlast.AlterColumnType
		if cd := cmd.Def.GetColumnDef(); cd != nil {
			t, serial := convTypeName(cd.TypeName, tr.src)
			if serial {
				// ALTER COLUMN TYPE serial is an error in Postgres; keep the name.
				t.Name = strings.ToLower(lastPart(cd.TypeName))
			}
			c.Type = &t
			if cd.RawDefault != nil {
				c.Using = convExpr(cd.RawDefault)
			}
		}
	case pgnode.AlterTableType_AT_ColumnDefault:
		if cmd.Def != nil {
			c.Kind = sqlast.SetDefault
			c.Default = convExpr(cmd.Def)
		} else {
			c.Kind = sqlast.DropDefault
		}
	case pgnode.AlterTableType_AT_SetNotNull:
		c.Kind = sqlast.SetNotNull
	case pgnode.AlterTableType_AT_DropNotNull:
		c.Kind = sqlast.DropNotNull
	case pgnode.AlterTableType_AT_AddConstraint:
		c.Kind = sqlast.AddConstraint
		c.Column = ""
		if con := cmd.Def.GetConstraint(); con != nil {
			k := tr.constraint(con, "")
			c.Constraint = &k
			c.Name = k.Name
		}
	case pgnode.AlterTableType_AT_DropConstraint:
		c.Kind = sqlast.DropConstraint
		c.Column = ""
		c.Name = cmd.Name
	case pgnode.AlterTableType_AT_ValidateConstraint:
		c.Kind = sqlast.ValidateConstraint
		c.Column = ""
		c.Name = cmd.Name
	case pgnode.AlterTableType_AT_AddIdentity:
		c.Kind = sqlast.AddIdentity
	case pgnode.AlterTableType_AT_DropIdentity:
		c.Kind = sqlast.DropIdentity
	case pgnode.AlterTableType_AT_AttachPartition, pgnode.AlterTableType_AT_DetachPartition,
		pgnode.AlterTableType_AT_DetachPartitionFinalize:
		c.Kind = sqlast.AttachPartition
		if cmd.Subtype != pgnode.AlterTableType_AT_AttachPartition {
			c.Kind = sqlast.DetachPartition
		}
		c.Column = ""
		if pc := cmd.Def.GetPartitionCmd(); pc != nil {
			c.Name = rangeVarName(pc.Name).String()
			c.Concurrent = pc.Concurrent
		}
		c.Finalize = cmd.Subtype == pgnode.AlterTableType_AT_DetachPartitionFinalize
	case pgnode.AlterTableType_AT_SetTableSpace:
		c.Kind = sqlast.SetTablespace
		c.Column = ""
		c.Name = cmd.Name
	case pgnode.AlterTableType_AT_SetLogged:
		c.Kind = sqlast.SetLogged
	case pgnode.AlterTableType_AT_SetUnLogged:
		c.Kind = sqlast.SetUnlogged
	default:
		c.Kind = sqlast.AlterOther
		c.Raw = strings.TrimPrefix(cmd.Subtype.String(), "AT_")
	}
	return c
}

func lastPart(tn *pgnode.TypeName) string {
	if tn == nil || len(tn.Names) == 0 {
		return ""
	}
	return strVal(tn.Names[len(tn.Names)-1])
}

// cmdStarts finds where each sub-command of an ALTER TABLE starts: after the
// relation name, then after each top-level comma. nil when that does not
// give one start per command.
func (tr *translator) cmdStarts(at *pgnode.AlterTableStmt, n int) []int {
	if at.Relation == nil || n == 0 {
		return nil
	}
	s := tr.fp.text[:tr.stmtEnd]
	i := tr.base + int(at.Relation.Location)
	// Skip the relation name: name ( . name )*
	t, ok := nextToken(s, i)
	if !ok {
		return nil
	}
	i = t.end
	for {
		dot, ok := nextToken(s, i)
		if !ok || dot.kind != '.' {
			break
		}
		part, ok := nextToken(s, dot.end)
		if !ok {
			break
		}
		i = part.end
	}
	var out []int
	depth := 0
	want := true
	for {
		t, ok := nextToken(s, i)
		if !ok {
			break
		}
		i = t.end
		if want {
			out = append(out, t.start)
			want = false
		}
		switch t.kind {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				want = true
			}
		}
	}
	if len(out) != n {
		return nil
	}
	return out
}

// rename translates ALTER … RENAME for every object kind.
func (tr *translator) rename(rs *pgnode.RenameStmt) *sqlast.Rename {
	r := &sqlast.Rename{ObjType: objType(rs.RenameType), NewName: rs.Newname, IfExists: rs.MissingOk}
	if rs.Relation != nil {
		r.Object = rangeVarName(rs.Relation)
	} else {
		r.Object = nodeName(rs.Object)
	}
	switch rs.RenameType {
	case pgnode.ObjectType_OBJECT_COLUMN, pgnode.ObjectType_OBJECT_ATTRIBUTE:
		r.ObjType = sqlast.ObjColumn
		r.Sub = rs.Subname
	case pgnode.ObjectType_OBJECT_TABCONSTRAINT, pgnode.ObjectType_OBJECT_DOMCONSTRAINT:
		r.ObjType = sqlast.ObjConstraint
		r.Sub = rs.Subname
	case pgnode.ObjectType_OBJECT_TRIGGER, pgnode.ObjectType_OBJECT_RULE, pgnode.ObjectType_OBJECT_POLICY:
		r.Sub = rs.Subname
	default:
		// Schemas, databases, roles, … name the old object in Subname.
		if r.Object.Name == "" && rs.Subname != "" {
			r.Object = sqlast.Name{Name: rs.Subname}
		}
	}
	return r
}

func alterEnum(ae *pgnode.AlterEnumStmt) *sqlast.AlterEnum {
	e := &sqlast.AlterEnum{Type: listName(ae.TypeName)}
	if ae.OldVal != "" {
		e.OldValue, e.NewValue = ae.OldVal, ae.NewVal
		return e
	}
	e.AddValue = ae.NewVal
	e.IfNotExists = ae.SkipIfNewValExists
	if ae.NewValNeighbor != "" {
		if ae.NewValIsAfter {
			e.After = ae.NewValNeighbor
		} else {
			e.Before = ae.NewValNeighbor
		}
	}
	return e
}

func dropStmt(ds *pgnode.DropStmt) *sqlast.Drop {
	d := &sqlast.Drop{ObjType: objType(ds.RemoveType), IfExists: ds.MissingOk,
		Cascade: ds.Behavior == pgnode.DropBehavior_DROP_CASCADE, Concurrently: ds.Concurrent}
	switch ds.RemoveType {
	case pgnode.ObjectType_OBJECT_TRIGGER, pgnode.ObjectType_OBJECT_RULE, pgnode.ObjectType_OBJECT_POLICY:
		// The object list is table… name: the last part is the object.
		for _, o := range ds.Objects {
			parts := strList(o.GetList().GetItems())
			if len(parts) == 0 {
				continue
			}
			d.Objects = append(d.Objects, sqlast.Name{Name: parts[len(parts)-1]})
			d.Table = listName(o.GetList().GetItems()[:len(parts)-1])
		}
		return d
	}
	for _, o := range ds.Objects {
		d.Objects = append(d.Objects, nodeName(o))
	}
	return d
}

func (tr *translator) createIndex(is *pgnode.IndexStmt) *sqlast.CreateIndex {
	ci := &sqlast.CreateIndex{Name: is.Idxname, Table: rangeVarName(is.Relation), Unique: is.Unique,
		Concurrently: is.Concurrent, IfNotExists: is.IfNotExists, Method: is.AccessMethod}
	if is.Relation != nil {
		ci.Schema = is.Relation.Schemaname
		ci.Only = !is.Relation.Inh
	}
	for _, p := range is.IndexParams {
		ie := p.GetIndexElem()
		if ie == nil {
			continue
		}
		if ie.Name != "" {
			ci.Columns = append(ci.Columns, ie.Name)
		} else if ie.Expr != nil {
			ci.Exprs = append(ci.Exprs, *convExpr(ie.Expr))
		}
	}
	if is.WhereClause != nil {
		ci.Where = convExpr(is.WhereClause)
	}
	return ci
}

func createView(vs *pgnode.ViewStmt) *sqlast.CreateView {
	return &sqlast.CreateView{Name: rangeVarName(vs.View), Replace: vs.Replace, Columns: strList(vs.Aliases)}
}

func (tr *translator) createDomain(cd *pgnode.CreateDomainStmt) *sqlast.CreateType {
	t := &sqlast.CreateType{Name: listName(cd.Domainname), Domain: true}
	bt, _ := convTypeName(cd.TypeName, tr.src)
	t.BaseType = &bt
	for _, c := range cd.Constraints {
		if con := c.GetConstraint(); con != nil {
			switch con.Contype {
			case pgnode.ConstrType_CONSTR_CHECK, pgnode.ConstrType_CONSTR_NOTNULL:
				t.Constraint = true
			}
		}
	}
	return t
}

func (tr *translator) alterDomain(ad *pgnode.AlterDomainStmt) *sqlast.AlterDomain {
	d := &sqlast.AlterDomain{Name: listName(ad.TypeName)}
	switch ad.Subtype {
	case "C":
		d.AddConstraint = true
		d.Raw = "add constraint"
		if con := ad.Def.GetConstraint(); con != nil {
			k := tr.constraint(con, "")
			d.Constraint = &k
		}
	case "T":
		d.Raw = "set default"
		if ad.Def == nil {
			d.Raw = "drop default"
		}
	case "N":
		d.Raw = "drop not null"
	case "O":
		d.Raw = "set not null"
	case "X":
		d.Raw = "drop constraint"
		d.Constraint = &sqlast.Constraint{Name: ad.Name}
	case "V":
		d.Raw = "validate constraint"
		d.Constraint = &sqlast.Constraint{Name: ad.Name}
	default:
		d.Raw = ad.Subtype
	}
	return d
}

func createSequence(cs *pgnode.CreateSeqStmt) *sqlast.CreateSequence {
	s := &sqlast.CreateSequence{Name: rangeVarName(cs.Sequence), IfNotExists: cs.IfNotExists}
	for _, o := range cs.Options {
		if de := o.GetDefElem(); de != nil && de.Defname == "owned_by" {
			s.OwnedBy = strings.Join(strList(de.Arg.GetList().GetItems()), ".")
		}
	}
	return s
}

func createFunction(cf *pgnode.CreateFunctionStmt) *sqlast.CreateFunction {
	f := &sqlast.CreateFunction{Name: listName(cf.Funcname), Replace: cf.Replace, Procedure: cf.IsProcedure}
	for _, o := range cf.Options {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "language":
			f.Language = strings.ToLower(strVal(de.Arg))
		case "volatility":
			f.Volatility = strings.ToLower(strVal(de.Arg))
		}
	}
	if f.Language == "" && cf.SqlBody != nil {
		f.Language = "sql"
	}
	f.Inline = inlineBody(cf, f.Language)
	if rt := cf.ReturnType; rt != nil && len(rt.Names) > 0 && !rt.Setof {
		switch strings.ToLower(strVal(rt.Names[len(rt.Names)-1])) {
		case "trigger", "event_trigger":
			f.ReturnsTrigger = true
		}
	}
	return f
}

// inlineBody returns the expression Postgres would inline for a call of
// the SQL function cf (inline_function in its planner): a body that is a
// single SELECT of one expression with no FROM, WHERE, grouping, sorting,
// set operation or sub-query, or RETURN expr; the function must not be
// STRICT (inlining a strict function needs more proof), SECURITY DEFINER,
// carry SET options, or return SETOF. nil when any of that fails or is
// unknown.
func inlineBody(cf *pgnode.CreateFunctionStmt, lang string) *sqlast.Expr {
	if lang != "sql" || cf.IsProcedure || (cf.ReturnType != nil && cf.ReturnType.Setof) {
		return nil
	}
	body := ""
	for _, o := range cf.Options {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "strict", "security":
			if b := de.Arg.GetBoolean(); b == nil || b.Boolval {
				return nil
			}
		case "set":
			return nil
		case "as":
			if l := de.Arg.GetList(); l != nil && len(l.Items) == 1 {
				body = strVal(l.Items[0])
			}
		}
	}
	var target *pgnode.Node
	switch {
	case cf.SqlBody != nil:
		// RETURN expr.
		if rs := cf.SqlBody.GetReturnStmt(); rs != nil {
			target = rs.Returnval
		}
	case strings.TrimSpace(body) != "":
		tree, err := pgParseWhole(body)
		if err != nil || len(tree.Stmts) != 1 || tree.Stmts[0].Stmt == nil {
			return nil
		}
		sel := tree.Stmts[0].Stmt.GetSelectStmt()
		if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil ||
			len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.WindowClause) > 0 ||
			len(sel.ValuesLists) > 0 || len(sel.SortClause) > 0 || sel.LimitCount != nil || sel.LimitOffset != nil ||
			sel.WithClause != nil || sel.Op != pgnode.SetOperation_SET_OPERATION_UNDEFINED && sel.Op != pgnode.SetOperation_SETOP_NONE ||
			len(sel.DistinctClause) > 0 || sel.IntoClause != nil || len(sel.LockingClause) > 0 {
			return nil
		}
		if rt := sel.TargetList[0].GetResTarget(); rt != nil {
			target = rt.Val
		}
	}
	if target == nil {
		return nil
	}
	sub := false
	walk(target, func(x *pgnode.Node) bool {
		if x.GetSubLink() != nil {
			sub = true
		}
		return !sub
	})
	if sub {
		return nil
	}
	return convExpr(target)
}

func transaction(ts *pgnode.TransactionStmt) *sqlast.Transaction {
	switch ts.Kind {
	case pgnode.TransactionStmtKind_TRANS_STMT_BEGIN, pgnode.TransactionStmtKind_TRANS_STMT_START:
		return &sqlast.Transaction{Kind: sqlast.TxBegin}
	case pgnode.TransactionStmtKind_TRANS_STMT_COMMIT:
		return &sqlast.Transaction{Kind: sqlast.TxCommit}
	case pgnode.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return &sqlast.Transaction{Kind: sqlast.TxRollback}
	}
	return &sqlast.Transaction{Kind: sqlast.TxOther}
}

func variableSet(vs *pgnode.VariableSetStmt) *sqlast.Set {
	s := &sqlast.Set{Name: strings.ToLower(vs.Name), Local: vs.IsLocal}
	switch vs.Kind {
	case pgnode.VariableSetKind_VAR_RESET, pgnode.VariableSetKind_VAR_RESET_ALL:
		s.Reset = true
		if vs.Kind == pgnode.VariableSetKind_VAR_RESET_ALL {
			s.Name = "all"
		}
		return s
	case pgnode.VariableSetKind_VAR_SET_DEFAULT:
		return s
	}
	var vals []string
	for _, a := range vs.Args {
		if de := a.GetDefElem(); de != nil {
			// SET TRANSACTION ISOLATION LEVEL …: options.
			v := strings.TrimPrefix(de.Defname, "transaction_")
			if de.Arg != nil {
				v += " " + constText(de.Arg)
			}
			vals = append(vals, v)
			continue
		}
		vals = append(vals, constText(a))
	}
	s.Value = strings.Join(vals, ", ")
	return s
}

// constText renders a SET argument: the string itself for strings and
// identifiers, the number as written for numbers.
func constText(n *pgnode.Node) string {
	if c := n.GetAConst(); c != nil {
		switch v := c.Val.(type) {
		case *pgnode.A_Const_Sval:
			return v.Sval.Sval
		case *pgnode.A_Const_Ival:
			return itoa(int(v.Ival.Ival))
		case *pgnode.A_Const_Fval:
			return v.Fval.Fval
		case *pgnode.A_Const_Boolval:
			if v.Boolval.Boolval {
				return "true"
			}
			return "false"
		}
	}
	if s := strVal(n); s != "" {
		return s
	}
	return deparseExpr(n)
}

func vacuum(vs *pgnode.VacuumStmt) *sqlast.Vacuum {
	v := &sqlast.Vacuum{Analyze: !vs.IsVacuumcmd}
	for _, o := range vs.Options {
		if de := o.GetDefElem(); de != nil {
			on := de.Arg == nil || !isFalse(de.Arg)
			switch de.Defname {
			case "full":
				v.Full = on
			case "analyze":
				v.Analyze = on || v.Analyze
			}
		}
	}
	for _, r := range vs.Rels {
		if vr := r.GetVacuumRelation(); vr != nil && vr.Relation != nil {
			v.Tables = append(v.Tables, rangeVarName(vr.Relation))
		}
	}
	return v
}

func isFalse(n *pgnode.Node) bool {
	switch strings.ToLower(constText(n)) {
	case "false", "off", "0", "no":
		return true
	}
	return false
}

func reindex(rs *pgnode.ReindexStmt) *sqlast.Reindex {
	r := &sqlast.Reindex{Kind: strings.ToLower(strings.TrimPrefix(rs.Kind.String(), "REINDEX_OBJECT_"))}
	if rs.Relation != nil {
		r.Name = rangeVarName(rs.Relation)
	} else {
		r.Name = sqlast.Name{Name: rs.Name}
	}
	for _, p := range rs.Params {
		if de := p.GetDefElem(); de != nil && de.Defname == "concurrently" {
			r.Concurrently = de.Arg == nil || !isFalse(de.Arg)
		}
	}
	return r
}

// objType maps the parser's object types.
func objType(t pgnode.ObjectType) sqlast.ObjType {
	switch t {
	case pgnode.ObjectType_OBJECT_TABLE:
		return sqlast.ObjTable
	case pgnode.ObjectType_OBJECT_COLUMN, pgnode.ObjectType_OBJECT_ATTRIBUTE:
		return sqlast.ObjColumn
	case pgnode.ObjectType_OBJECT_INDEX:
		return sqlast.ObjIndex
	case pgnode.ObjectType_OBJECT_TABCONSTRAINT, pgnode.ObjectType_OBJECT_DOMCONSTRAINT:
		return sqlast.ObjConstraint
	case pgnode.ObjectType_OBJECT_VIEW:
		return sqlast.ObjView
	case pgnode.ObjectType_OBJECT_MATVIEW:
		return sqlast.ObjMatView
	case pgnode.ObjectType_OBJECT_SEQUENCE:
		return sqlast.ObjSequence
	case pgnode.ObjectType_OBJECT_TYPE:
		return sqlast.ObjType_
	case pgnode.ObjectType_OBJECT_DOMAIN:
		return sqlast.ObjDomain
	case pgnode.ObjectType_OBJECT_FUNCTION, pgnode.ObjectType_OBJECT_ROUTINE, pgnode.ObjectType_OBJECT_AGGREGATE:
		return sqlast.ObjFunction
	case pgnode.ObjectType_OBJECT_PROCEDURE:
		return sqlast.ObjProcedure
	case pgnode.ObjectType_OBJECT_SCHEMA:
		return sqlast.ObjSchema
	case pgnode.ObjectType_OBJECT_DATABASE:
		return sqlast.ObjDatabase
	case pgnode.ObjectType_OBJECT_TRIGGER:
		return sqlast.ObjTrigger
	case pgnode.ObjectType_OBJECT_EXTENSION:
		return sqlast.ObjExtension
	case pgnode.ObjectType_OBJECT_FOREIGN_TABLE:
		return sqlast.ObjForeignTable
	}
	return sqlast.ObjOther
}
