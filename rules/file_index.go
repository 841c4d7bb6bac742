package rules

// The file index: what rules that look at the other statements of the
// same file (Context.Prev and Context.Next) need, computed once per file.
//
// Rules run on every statement, so a rule that scans every earlier or later
// statement costs the square of the file's length: a data migration of
// 100,000 statements took minutes (issue 13). The index answers the same
// questions in constant or logarithmic time per statement: the transaction
// state before a statement, whether a setting is in effect, whether the
// file holds other schema statements, and which statements create, rename
// to or alter an object of a given name (the rules filter those few
// candidates exactly as they filtered the whole file before).

import (
	"sort"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// StartFile tells c that the statements it is given next belong to
// another file; the engine calls it before each file.
func (c *Context) StartFile() { c.file = nil }

type fileIndex struct {
	all []*sqlast.Stmt
	// byName lists, in file order, the statements that create or rename
	// to an object with the key as its bare name (see indexName).
	// byConstraint lists the ALTER TABLE statements that add or drop a
	// constraint of the key's name; byIndexOn those that create an index,
	// a primary key or a unique constraint on the table of the key's name.
	// Built on first use (names, alters), as few files need them.
	byName, byConstraint, byIndexOn map[string][]int32
	hasNames, hasAlters             bool
	// txCtl lists BEGIN, COMMIT and ROLLBACK statements; txBegin only
	// BEGIN, txEnd only COMMIT and ROLLBACK.
	txCtl, txBegin, txEnd []int32
	// firstOther and lastOther are the first and last statements other
	// than SET and transaction control (-1 when there is none).
	firstOther, lastOther int
	// sets folds SET statements forward, per parameter (setBefore).
	sets map[string]*setFold
	// state holds rules' own per-file state (fileState), so that nothing
	// of a file outlives it.
	state map[any]any
	// stretch holds the lkStretchMemo of each rule that asked (two).
	stretch []stretchSeen
}

type stretchSeen struct {
	memo *lkStretchMemo
	seen []byte
}

// fileState returns the per-file state of c's file under key, made by
// make the first time.
func fileState[T any](c *Context, key any, make func() *T) *T {
	fi, _ := fileOf(c)
	if v, ok := fi.state[key]; ok {
		return v.(*T)
	}
	if fi.state == nil {
		fi.state = map[any]any{}
	}
	v := make()
	fi.state[key] = v
	return v
}

// fileOf returns the index of c's file and the position of c.Stmt in it.
func fileOf(c *Context) (*fileIndex, int) {
	i := len(c.Prev)
	if fi := c.file; fi != nil && fi.matches(c, i) {
		return fi, i
	}
	fi := buildFileIndex(c)
	c.file = fi
	return fi, i
}

// matches checks that the index is c's file, cheaply (the engine calls
// StartFile between files; this guards other callers).
func (fi *fileIndex) matches(c *Context, i int) bool {
	n := len(fi.all)
	if n != i+1+len(c.Next) || fi.all[i] != c.Stmt {
		return false
	}
	if i > 0 && (fi.all[0] != c.Prev[0] || fi.all[i-1] != c.Prev[i-1]) {
		return false
	}
	if m := len(c.Next); m > 0 && (fi.all[i+1] != c.Next[0] || fi.all[n-1] != c.Next[m-1]) {
		return false
	}
	return true
}

func buildFileIndex(c *Context) *fileIndex {
	all := make([]*sqlast.Stmt, 0, len(c.Prev)+1+len(c.Next))
	all = append(append(append(all, c.Prev...), c.Stmt), c.Next...)
	fi := &fileIndex{all: all, firstOther: -1, lastOther: -1}
	for i, st := range all {
		if st == nil {
			continue
		}
		switch n := st.Node.(type) {
		case *sqlast.Transaction:
			switch n.Kind {
			case sqlast.TxBegin:
				fi.txCtl = append(fi.txCtl, int32(i))
				fi.txBegin = append(fi.txBegin, int32(i))
			case sqlast.TxCommit, sqlast.TxRollback:
				fi.txCtl = append(fi.txCtl, int32(i))
				fi.txEnd = append(fi.txEnd, int32(i))
			}
			continue
		case *sqlast.Set:
			continue
		}
		if fi.firstOther < 0 {
			fi.firstOther = i
		}
		fi.lastOther = i
	}
	return fi
}

// names fills byName the first time and returns fi.
func (fi *fileIndex) names() *fileIndex {
	if fi.hasNames {
		return fi
	}
	fi.hasNames = true
	fi.byName = map[string][]int32{}
	for i, st := range fi.all {
		if st == nil {
			continue
		}
		switch n := st.Node.(type) {
		case *sqlast.Transaction, *sqlast.Set, *sqlast.CreateIndex, *sqlast.AlterTable:
		case *sqlast.Rename:
			if n.NewName != "" {
				indexAdd(fi.byName, n.NewName, i)
			}
		default:
			if name := indexName(st); name != "" {
				indexAdd(fi.byName, name, i)
			}
		}
	}
	return fi
}

// alters fills byConstraint and byIndexOn the first time and returns fi.
func (fi *fileIndex) alters() *fileIndex {
	if fi.hasAlters {
		return fi
	}
	fi.hasAlters = true
	fi.byConstraint, fi.byIndexOn = map[string][]int32{}, map[string][]int32{}
	for i, st := range fi.all {
		if st == nil {
			continue
		}
		switch n := st.Node.(type) {
		case *sqlast.CreateIndex:
			indexAdd(fi.byIndexOn, n.Table.Name, i)
		case *sqlast.AlterTable:
			for k := range n.Cmds {
				cmd := &n.Cmds[k]
				switch {
				case cmd.Kind == sqlast.DropConstraint:
					indexAdd(fi.byConstraint, cmd.Name, i)
				case cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil:
					indexAdd(fi.byConstraint, cmd.Constraint.Name, i)
					if kind := cmd.Constraint.Kind; kind == sqlast.ConPrimaryKey || kind == sqlast.ConUnique {
						indexAdd(fi.byIndexOn, n.Table.Name, i)
					}
				}
			}
		}
	}
	return fi
}

// indexAdd lists statement i under key in m, once.
func indexAdd(m map[string][]int32, key string, i int) {
	if l := m[key]; len(l) == 0 || int(l[len(l)-1]) != i {
		m[key] = append(l, int32(i))
	}
}

// indexName is the bare name of the object a statement creates. Every
// lookup compares names exactly, so the candidates an index yields are a
// superset of the statements that can match.
func indexName(st *sqlast.Stmt) string {
	switch n := st.Node.(type) {
	case *sqlast.CreateType:
		return n.Name.Name
	case *sqlast.CreateEnum:
		return n.Name.Name
	case *sqlast.CreateTrigger:
		return n.Name
	case *sqlast.CreateExtension:
		return n.Name
	case *sqlast.CreateTable:
		return n.Table.Name
	case *sqlast.CreateView:
		return n.Name.Name
	case *sqlast.CreateFunction:
		return n.Name.Name
	case *sqlast.CreateSequence:
		return n.Name.Name
	}
	return ""
}

// in returns the statements listed under key in m in [from, to).
func in(m map[string][]int32, key string, from, to int) []int32 {
	l := m[key]
	lo := sort.Search(len(l), func(k int) bool { return int(l[k]) >= from })
	hi := sort.Search(len(l), func(k int) bool { return int(l[k]) >= to })
	if lo >= hi {
		return nil
	}
	return l[lo:hi]
}

// earlier and later list the statements creating an object named name
// before and after c.Stmt.
func earlier(c *Context, name string) (*fileIndex, []int32) {
	fi, i := fileOf(c)
	return fi, in(fi.names().byName, name, 0, i)
}

func later(c *Context, name string) (*fileIndex, []int32) {
	fi, i := fileOf(c)
	return fi, in(fi.names().byName, name, i+1, len(fi.all))
}

// lastBefore returns the last element of the sorted list l below i, or -1.
func lastBefore(l []int32, i int) int {
	k := sort.Search(len(l), func(k int) bool { return int(l[k]) >= i })
	if k == 0 {
		return -1
	}
	return int(l[k-1])
}

// firstAfter returns the first element of the sorted list l above i, or -1.
func firstAfter(l []int32, i int) int {
	k := sort.Search(len(l), func(k int) bool { return int(l[k]) > i })
	if k == len(l) {
		return -1
	}
	return int(l[k])
}

// txBefore is the explicit transaction state just before c.Stmt, from the
// file's BEGIN, COMMIT and ROLLBACK statements: whether a BEGIN is open,
// the last BEGIN (nil when none), whether a COMMIT or ROLLBACK came
// earlier, and where the current transaction block started (just after the
// last of them).
func txBefore(c *Context) (open bool, begin *sqlast.Stmt, ended bool, start int) {
	fi, i := fileOf(c)
	last := lastBefore(fi.txCtl, i)
	if last < 0 {
		return false, nil, false, 0
	}
	if b := lastBefore(fi.txBegin, i); b >= 0 {
		begin = fi.all[b]
	}
	ended = len(fi.txEnd) > 0 && int(fi.txEnd[0]) < i
	open = fi.all[last].Node.(*sqlast.Transaction).Kind == sqlast.TxBegin
	return open, begin, ended, last + 1
}

// txEndsLater reports whether a COMMIT or ROLLBACK follows c.Stmt.
func txEndsLater(c *Context) bool {
	fi, i := fileOf(c)
	return firstAfter(fi.txEnd, i) >= 0
}

// otherBefore and otherAfter report whether the file holds a statement
// other than SET and transaction control before or after c.Stmt.
func otherBefore(c *Context) bool {
	fi, i := fileOf(c)
	return fi.firstOther >= 0 && fi.firstOther < i
}

func otherAfter(c *Context) bool {
	fi, i := fileOf(c)
	return fi.lastOther > i
}

// setFold is the state of one setting after the first n statements.
type setFold struct {
	n              int
	session, local bool
}

// setBefore reports whether a non-zero SET of param is in effect for
// c.Stmt: a session-level SET earlier in the file not reset or set to 0
// since, or a SET LOCAL earlier in the same transaction block (SET LOCAL
// outside a transaction has no effect). It folds the file forward:
// statements come in order, so each is folded once.
func setBefore(c *Context, param string) bool {
	fi, i := fileOf(c)
	if fi.sets == nil {
		fi.sets = map[string]*setFold{}
	}
	f := fi.sets[param]
	if f == nil || f.n > i {
		f = &setFold{}
		fi.sets[param] = f
	}
	for ; f.n < i; f.n++ {
		p := fi.all[f.n]
		if p == nil {
			continue
		}
		switch n := p.Node.(type) {
		case *sqlast.Transaction:
			if n.Kind == sqlast.TxCommit || n.Kind == sqlast.TxRollback {
				f.local = false
			}
		case *sqlast.Set:
			if n.Name != param {
				continue
			}
			on := !n.Reset && !lkZeroSetting(n.Value)
			if n.Local {
				if p.InTx {
					f.local = on
				}
				continue
			}
			f.session = on
			if !on {
				f.local = false
			}
		}
	}
	return f.session || f.local
}
