package rules_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/rules"
)

// lintExample runs only rule r on one SQL example and returns its findings
// and the number of errors. As in fixtures, statements before a line
// `-- migration` are the existing schema; without one, unknown objects are
// assumed to exist.
func lintExample(r *rules.Rule, src string) ([]rules.Finding, int) {
	base := catalog.NewCatalog()
	errs := 0
	if before, after, ok := strings.Cut(src, "\n-- migration\n"); ok {
		errs += len(base.ApplySQL("schema.sql", before, catalog.Existing))
		src = strings.Repeat("\n", strings.Count(before, "\n")+2) + after
	}
	fsys := fstest.MapFS{"m/0001_example.sql": {Data: []byte(src)}}
	set := migrations.LoadFiles(fsys, []string{"m/0001_example.sql"}, migrations.Options{})
	opts := lint.Options{Enable: []string{r.Name}}
	for _, o := range rules.All() {
		if o.Name != r.Name {
			opts.Disable = append(opts.Disable, o.Name)
		}
	}
	res := lint.Run(base, set.Files, opts)
	var out []rules.Finding
	for _, f := range res.Findings {
		if f.Rule == r.Name {
			out = append(out, f)
		}
	}
	return out, errs + len(res.Errors)
}

// TestDocExamples: the Bad example of a breaks-old-code or data-loss rule
// fires it and the Good example does not, so the documentation shows what
// the rule really does. (Locking and style rules may opt in by effect once
// their examples run standalone; several depend on the migration tool.)
func TestDocExamples(t *testing.T) {
	for _, r := range rules.All() {
		if r.Effect != rules.BreaksOldCode && r.Effect != rules.DataLoss {
			continue
		}
		got, errs := lintExample(r, r.Bad)
		if errs > 0 {
			t.Errorf("%s: the Bad example does not parse", r.Name)
		}
		if len(got) == 0 {
			t.Errorf("%s: the Bad example does not fire the rule:\n%s", r.Name, r.Bad)
		}
		got, errs = lintExample(r, r.Good)
		if errs > 0 {
			t.Errorf("%s: the Good example does not parse", r.Name)
		}
		if len(got) > 0 {
			t.Errorf("%s: the Good example fires the rule (%s):\n%s", r.Name, got[0].Message, r.Good)
		}
	}
}
