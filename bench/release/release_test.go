package release

import (
	"bytes"
	"encoding/json"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
)

func run(dir string, args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr, Dir: dir}, args)
	return stdout.String(), stderr.String(), code
}

// TestSmallRepositoryVerdicts generates the small repository and checks that
// rbcheck's verdict for every release, and its history from the last one,
// is the one the generator designed.
func TestSmallRepositoryVerdicts(t *testing.T) {
	dir := t.TempDir()
	cfg := Small()
	plan, err := Generate(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	last := plan.Releases[len(plan.Releases)-1]
	if last.GoFiles < 40 || last.Migrations < 30 || len(plan.Releases) != 3 {
		t.Fatalf("small repository too small: %d Go files, %d migrations, %d releases", last.GoFiles, last.Migrations, len(plan.Releases))
	}
	var safe, unsafe int
	for k := 1; k < len(plan.Releases); k++ {
		r := plan.Releases[k]
		e := plan.Expect(k-1, k)
		// the model's expectation is what the release was designed to be
		if e.Unsafe != r.Unsafe {
			t.Fatalf("%s: designed unsafe=%v, but the model expects %v (%v)", r.Tag, r.Unsafe, e.Unsafe, e.Why)
		}
		if e.Unsafe {
			unsafe++
		} else {
			safe++
		}
		out, errOut, code := run(dir, Tag(k-1)+".."+r.Tag)
		wantCode := cli.ExitOK
		if e.Unsafe {
			wantCode = cli.ExitFindings
		}
		if code != wantCode || !strings.HasPrefix(out, e.Verdict()+":") {
			t.Fatalf("%s..%s: exit %d (want %d), want %s\n%s\n%s", Tag(k-1), r.Tag, code, wantCode, e.Verdict(), out, errOut)
		}
		// each designed breaking change is named with its rule and its migration
		for _, ev := range r.events {
			if len(plan.Releases[k-1].refs[ev.obj]) == 0 {
				continue
			}
			if !strings.Contains(out, ev.migration) || !strings.Contains(out, "("+ev.rule+")") {
				t.Errorf("%s: output does not name %s in %s:\n%s", r.Tag, ev.rule, ev.migration, out)
			}
		}
	}
	if safe == 0 || unsafe == 0 {
		t.Fatalf("want safe and unsafe releases, got %d safe, %d unsafe", safe, unsafe)
	}

	n := len(plan.Releases) - 1
	out, errOut, code := run(dir, "history", "--from", Tag(n), "-n", "9", "--format", "json")
	if code != cli.ExitOK {
		t.Fatalf("history: exit %d\n%s\n%s", code, out, errOut)
	}
	var h struct {
		Releases []struct {
			Tag, Rollback string
		}
		LastKnownGood string `json:"last_known_good"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("history json: %v\n%s", err, out)
	}
	if len(h.Releases) != n {
		t.Fatalf("history lists %d releases, want %d:\n%s", len(h.Releases), n, out)
	}
	good := ""
	stillGood := true
	for i, rel := range h.Releases {
		k := n - 1 - i
		want := "safe"
		if plan.Expect(k, n).Unsafe {
			want = "unsafe"
		}
		if rel.Tag != Tag(k) || rel.Rollback != want {
			t.Errorf("history row %d: %s %s, want %s %s", i, rel.Tag, rel.Rollback, Tag(k), want)
		}
		if want == "safe" && stillGood {
			good = Tag(k)
		} else {
			stillGood = false
		}
	}
	if h.LastKnownGood != good {
		t.Errorf("last known good %q, want %q", h.LastKnownGood, good)
	}
}

// TestGenerateDeterministicAndFormatted checks that two runs write the same
// commits and that every Go file is gofmt-formatted.
func TestGenerateDeterministicAndFormatted(t *testing.T) {
	cfg := Small()
	cfg.Releases = 2
	a, b := t.TempDir(), t.TempDir()
	if _, err := Generate(a, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(b, cfg); err != nil {
		t.Fatal(err)
	}
	ha, _, _ := run(a, "history", "--from", Tag(1), "--format", "json")
	hb, _, _ := run(b, "history", "--from", Tag(1), "--format", "json")
	if ha == "" || ha != hb {
		t.Fatalf("two generations differ:\n%s\n%s", ha, hb)
	}
	n := 0
	err := filepath.Walk(a, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() && info.Name() == ".git" {
			if err == nil {
				err = filepath.SkipDir
			}
			return err
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		n++
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got, err := format.Source(src)
		if err != nil {
			t.Errorf("%s: %v", p, err)
		} else if !bytes.Equal(got, src) {
			t.Errorf("%s is not gofmt-formatted", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("only %d Go files", n)
	}
}
