package migrationcheck

import (
	"path"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/rules"
)

// Diag is a finding of CheckInventory, for the tests of package
// migrationcheck_test.
type Diag struct {
	Pos  analyzer.Pos
	Rule string
	Msg  string
	Use  rules.Use // the declared use the finding is (useOf)
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
			out = append(out, Diag{Pos: f.pos, Rule: f.rule.Name, Msg: f.msg, Use: useOf(f)})
		}
	}
	return out, nil
}

// useOf is the declared use a finding is: the one checkBroken looked up,
// else the one the rule's own check stands for.
func useOf(f found) rules.Use {
	switch {
	case f.use != "":
		return f.use
	case f.rule == RuleRequired:
		return rules.UseInsertOmits
	case f.rule == RuleCheck:
		return rules.UseCheckWrite
	case f.rule == RuleStar:
		return rules.UseColumn // a dropped, renamed or retyped column's star
	case f.rule == RuleRemoved && strings.HasPrefix(f.msg, "table "):
		return rules.UseRelation
	case f.rule == RuleRemoved && strings.HasPrefix(f.msg, "column "):
		return rules.UseColumn
	case f.rule == RuleRemoved && strings.HasPrefix(f.msg, "on conflict on constraint"):
		return rules.UseConflictName
	case f.rule == RuleRemoved && strings.HasPrefix(f.msg, "on conflict ("):
		return rules.UseConflictKey
	}
	return ""
}
