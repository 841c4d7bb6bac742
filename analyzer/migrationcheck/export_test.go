package migrationcheck

import (
	"path"

	"github.com/rbcheck/rbcheck/analyzer"
)

// Diag is a finding of CheckInventory, for the tests of package
// migrationcheck_test.
type Diag struct {
	Pos  analyzer.Pos
	Rule string
	Msg  string
}

// CheckInventory runs the checks the analyzer runs on each package (the
// uses of inv in one directory) for the module at dir, with settings s:
// the same check function the pass calls, on the fast driver's inventory
// instead of the pass's.
func CheckInventory(dir string, s Settings, inv *analyzer.Inventory) ([]Diag, error) {
	r, err := s.resolve(dir)
	if err != nil {
		return nil, err
	}
	st, err := loadState(r)
	if err != nil {
		return nil, err
	}
	pkgs := map[string]*analyzer.Result{}
	pkg := func(p analyzer.Pos) *analyzer.Result {
		d := path.Dir(p.File)
		if pkgs[d] == nil {
			pkgs[d] = &analyzer.Result{}
		}
		return pkgs[d]
	}
	for _, ref := range inv.Refs {
		res := pkg(ref.Pos)
		res.Refs = append(res.Refs, ref)
	}
	for _, q := range inv.Queries {
		res := pkg(q.Pos)
		res.Queries = append(res.Queries, q)
	}
	for _, d := range inv.Dynamic {
		res := pkg(d.Pos)
		res.Dynamic = append(res.Dynamic, d)
	}
	var out []Diag
	for _, res := range pkgs {
		for _, f := range check(st, r, res) {
			out = append(out, Diag{Pos: f.pos, Rule: f.rule.Name, Msg: f.msg})
		}
	}
	return out, nil
}
