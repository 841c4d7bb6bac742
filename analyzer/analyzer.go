package analyzer

import (
	_ "embed"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

//go:embed doc.go
var docSource string

// Analyzer is rbcheck's go/analysis pass. Its result is a *Result with the
// package's SQL inventory; it exports a *SinkFact for every function that
// forwards a string parameter to a SQL sink. It reports diagnostics only
// with -rbcheck.report-refs.
var Analyzer = &analysis.Analyzer{
	Name:             "rbcheck",
	Doc:              packageDoc(docSource),
	URL:              "https://github.com/rbcheck/rbcheck/blob/main/docs/go-analysis.md",
	Run:              run,
	RunDespiteErrors: true,
	FactTypes:        []analysis.Fact{new(SinkFact), new(ValueFact), new(FieldFact), new(ReturnFact), new(TolerantFact), new(FragmentFact), new(ModelWriteFact)},
	ResultType:       reflect.TypeOf((*Result)(nil)),
}

var (
	flagReportRefs  bool
	flagReportScans bool
	flagReportJSON  bool
	flagReportDests bool
	flagReportArgs  bool
	flagSinks       sinkList
)

func init() {
	Analyzer.Flags.BoolVar(&flagReportRefs, "report-refs", false, "report every table and column use (and dynamic statement) as a diagnostic")
	Analyzer.Flags.BoolVar(&flagReportJSON, "report-json", false, "report which result columns the code decodes as JSON (encoding/json, protojson), into which types and their keys, as a diagnostic")
	Analyzer.Flags.BoolVar(&flagReportScans, "report-scans", false, "report how the code consumes each statement's result rows (positional scan, by-name mapper, strict or not) as a diagnostic")
	Analyzer.Flags.BoolVar(&flagReportDests, "report-dests", false, "report the Go field and type each result column is scanned into (the struct a by-name mapper fills, an ORM model's fields) and whether it accepts NULL, as diagnostics")
	Analyzer.Flags.BoolVar(&flagReportArgs, "report-args", false, "report the Go argument each placeholder of a statement is bound to, its type and whether it can be NULL, as diagnostics")
	Analyzer.Flags.Var(&flagSinks, "sinks", "extra SQL sinks, comma-separated pkg/path.Func:ARG or pkg/path.Type.Method:ARG (ARG is the 0-based SQL argument)")
}

// sinkList is the -sinks flag.
type sinkList []ExtraSink

func (s *sinkList) String() string {
	var parts []string
	for _, e := range *s {
		parts = append(parts, e.Func+":"+strconv.Itoa(e.Arg))
	}
	return strings.Join(parts, ",")
}

func (s *sinkList) Set(v string) error {
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		i := strings.LastIndexByte(item, ':')
		if i < 0 {
			return errSinkSyntax(item)
		}
		n, err := strconv.Atoi(item[i+1:])
		if err != nil || n < 0 {
			return errSinkSyntax(item)
		}
		*s = append(*s, ExtraSink{Func: NormalizeSinkFunc(item[:i]), Arg: n})
	}
	return nil
}

type errSinkSyntax string

func (e errSinkSyntax) Error() string {
	return "sink " + strconv.Quote(string(e)) + " is not pkg/path.Func:ARG"
}

var _ flag.Value = (*sinkList)(nil)

// packageDoc extracts the package comment of doc.go.
func packageDoc(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return "rbcheck finds the SQL a Go package runs and the tables and columns it uses"
	}
	return strings.TrimSpace(f.Doc.Text())
}

// passFacts stores wrapper facts as analysis facts.
type passFacts struct{ pass *analysis.Pass }

func (p passFacts) get(fn *types.Func) (*SinkFact, bool) {
	fn = fn.Origin()
	if fn.Pkg() == p.pass.Pkg {
		return nil, false
	}
	var f SinkFact
	if p.pass.ImportObjectFact(fn, &f) {
		return &f, true
	}
	return nil, false
}

func (p passFacts) getVar(v *types.Var) (string, bool) {
	if v.Pkg() == p.pass.Pkg {
		return "", false
	}
	var f ValueFact
	if p.pass.ImportObjectFact(v.Origin(), &f) {
		return f.Value, true
	}
	return "", false
}

func (p passFacts) setVar(v *types.Var, value string) {
	if v.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(v, &ValueFact{Value: value})
	}
}

func (p passFacts) getModelWrite(fn *types.Func) (*ModelWriteFact, bool) {
	fn = fn.Origin()
	if fn.Pkg() == p.pass.Pkg {
		return nil, false
	}
	var f ModelWriteFact
	if p.pass.ImportObjectFact(fn, &f) {
		return &f, true
	}
	return nil, false
}

func (p passFacts) setModelWrite(fn *types.Func, f *ModelWriteFact) {
	if fn.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(fn, f)
	}
}

func (p passFacts) getTolerant(v *types.Var) (*TolerantFact, bool) {
	if v.Pkg() == p.pass.Pkg {
		return nil, false
	}
	var f TolerantFact
	if p.pass.ImportObjectFact(v.Origin(), &f) {
		return &f, true
	}
	return nil, false
}

func (p passFacts) setTolerant(v *types.Var, f *TolerantFact) {
	if v.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(v, f)
	}
}

func (p passFacts) getField(v *types.Var) (*FieldFact, bool) {
	if v.Pkg() == p.pass.Pkg {
		return nil, false
	}
	var f FieldFact
	if p.pass.ImportObjectFact(v.Origin(), &f) {
		return &f, true
	}
	return nil, false
}

func (p passFacts) setField(v *types.Var, f *FieldFact) {
	if v.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(v, f)
	}
}

func (p passFacts) getReturns(fn *types.Func) (*ReturnFact, bool) {
	fn = fn.Origin()
	if fn.Pkg() == p.pass.Pkg {
		return nil, false
	}
	var f ReturnFact
	if p.pass.ImportObjectFact(fn, &f) {
		return &f, true
	}
	return nil, false
}

func (p passFacts) setReturns(fn *types.Func, f *ReturnFact) {
	if fn.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(fn, f)
	}
}

func (p passFacts) getFragment(fn *types.Func) (*FragmentFact, bool) {
	fn = fn.Origin()
	if fn.Pkg() == p.pass.Pkg {
		return nil, false
	}
	var f FragmentFact
	if p.pass.ImportObjectFact(fn, &f) {
		return &f, true
	}
	return nil, false
}

func (p passFacts) setFragment(fn *types.Func, f *FragmentFact) {
	if fn.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(fn, f)
	}
}

func (p passFacts) set(fn *types.Func, f *SinkFact) {
	if fn.Pkg() == p.pass.Pkg {
		p.pass.ExportObjectFact(fn, f)
	}
}

func run(pass *analysis.Pass) (any, error) {
	var files []*ast.File
	dir := ""
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		files = append(files, f)
		if dir == "" {
			dir = filepath.Dir(name)
		}
	}
	opts := &Options{ExtraSinks: flagSinks}
	c := newPkgCore(pass.Fset, pass.TypesInfo, pass.Pkg, files, dir, ModuleRel, opts, passFacts{pass})
	c.run()
	c.emitConsts(nil)
	// one package at a time: unexported functions only (reach.go)
	c.guard(nil, "reading which functions are called", func() {
		rp := c.reachIndex()
		markUnreachable(&c.inv, rp, decideReach([]*reachPkg{rp}, false, nil)[rp])
	})
	c.inv.Sort()
	if flagReportRefs {
		for _, r := range c.inv.Refs {
			if !r.at.IsValid() {
				continue
			}
			pass.Reportf(r.at, "%s", refMessage(r))
		}
		for _, d := range c.inv.Dynamic {
			if !d.at.IsValid() {
				continue
			}
			if d.Unreachable != "" {
				pass.Reportf(d.at, "dynamic sql: %s; unreachable in %s", d.Reason, d.Unreachable)
				continue
			}
			pass.Reportf(d.at, "dynamic sql: %s", d.Reason)
		}
		for _, e := range c.inv.Errors {
			if !e.at.IsValid() {
				continue
			}
			pass.Reportf(e.at, "not read (%s): %s", e.Kind, e.Reason)
		}
		for _, u := range c.inv.LibUses {
			if u.at.IsValid() {
				pass.Reportf(u.at, "not read (%s): %s", u.Lib, u.Call)
			}
		}
	}
	if flagReportScans {
		for _, q := range c.inv.Queries {
			if q.at.IsValid() && q.Scan != nil {
				pass.Reportf(q.at, "result: %s", q.Scan)
			}
		}
	}
	if flagReportJSON {
		for _, q := range c.inv.Queries {
			if q.at.IsValid() && q.Scan != nil {
				for _, d := range q.Scan.Decodes {
					pass.Reportf(q.at, "decodes: %s", d)
				}
			}
		}
	}
	if flagReportDests {
		for _, q := range c.inv.Queries {
			if q.at.IsValid() && len(q.Dests) > 0 {
				var ds []string
				for _, d := range q.Dests {
					ds = append(ds, d.String())
				}
				pass.Reportf(q.at, "into: %s", strings.Join(ds, "; "))
			}
		}
		for _, r := range c.inv.Refs {
			if r.Dest != nil && r.Dest.at.IsValid() {
				pass.Reportf(r.Dest.at, "column %s", r.Dest)
			}
		}
	}
	if flagReportArgs {
		for _, q := range c.inv.Queries {
			for i, a := range q.Args {
				if a.at.IsValid() {
					pass.Reportf(a.at, "arg $%d: %s", i+1, a)
				}
			}
		}
	}
	return &Result{Inventory: c.inv}, nil
}

// refMessage is the diagnostic text of a use: "users.email select exact
// (database/sql)".
func refMessage(r Ref) string {
	name := r.Table.String()
	if name == "" {
		var cs []string
		for _, c := range r.Candidates {
			cs = append(cs, c.String())
		}
		name = "{" + strings.Join(cs, "|") + "}"
	}
	if r.Column != "" {
		name += "." + r.Column
	}
	msg := name + " " + string(r.Kind) + " " + string(r.Confidence)
	if r.Confidence == Partial && r.Certain {
		msg += " certain"
	}
	msg += " (" + r.Via + ")"
	if r.Unreachable != "" {
		msg += " unreachable in " + r.Unreachable
	}
	return msg
}

var modRoots sync.Map // dir → module root ("" when none)

// ModuleRel names a file as the analyzer's findings do: relative to the
// nearest directory above holding go.mod, slash-separated; absolute without
// one. migrationcheck matches findings to files with it.
func ModuleRel(abs string) string {
	dir := filepath.Dir(abs)
	root := ""
	if v, ok := modRoots.Load(dir); ok {
		root = v.(string)
	} else {
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				root = d
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		modRoots.Store(dir, root)
	}
	if root == "" {
		return filepath.ToSlash(abs)
	}
	r, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}
