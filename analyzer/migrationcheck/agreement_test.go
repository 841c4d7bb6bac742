package migrationcheck_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/analyzer/migrationcheck"
	"github.com/rbcheck/rbcheck/internal/cli"
	"github.com/rbcheck/rbcheck/internal/scenario"
	"github.com/rbcheck/rbcheck/rules"
)

// verdictJSON is the part of `rbcheck --format json` the agreement needs.
type verdictJSON struct {
	Verdict    string `json:"verdict"`
	Migrations []struct {
		Path string `json:"path"`
		New  bool   `json:"new"`
	} `json:"migrations"`
	Findings []struct {
		Rule     string `json:"rule"`
		Effect   string `json:"effect"`
		File     string `json:"file"`
		Refs     []site `json:"references"`
		Possible []site `json:"possible_references"`
	} `json:"findings"`
}

type site struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// TestAgreesWithVerdict holds the two drivers in agreement on the release
// scenarios (testdata/scenarios, and testdata/scenarios here, which
// rbcheck verify cannot check against Postgres): the Go-side checks, run on the old
// release's Go code with the new release's migrations (the old release's
// tagged v1.0.0, so the new ones are unreleased), report at a Go line,
// citing a new migration, exactly where `rbcheck --old OLD --new NEW`
// confirms a use of that migration's change (its blocking evidence); and
// nothing where the verdict only warns (a possible use).
func TestAgreesWithVerdict(t *testing.T) {
	scs := scenario.Load(t, filepath.Join("..", "..", "testdata", "scenarios"))
	scs = append(scs, scenario.Load(t, filepath.Join("testdata", "scenarios"))...)
	reported := map[rules.Use][]string{} // use kind → scenarios where both report it
	warned := map[rules.Use][]string{}   // possible-only use kind → scenarios where the verdict warns
	agreed := 0
	for _, s := range scs {
		t.Run(s.Name, func(t *testing.T) {
			oldDir, newDir := s.Trees(t)
			var stdout, stderr bytes.Buffer
			code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, append([]string{"--old", oldDir, "--new", newDir, "--format", "json"}, s.Args...))
			if code != 0 && code != 1 {
				t.Fatalf("rbcheck exit %d: %s", code, stderr.String())
			}
			var v verdictJSON
			if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
				t.Fatalf("verdict JSON: %v\n%s", err, stdout.String())
			}
			if v.Verdict != s.Verdict {
				t.Errorf("verdict %s, the scenario expects %s", v.Verdict, s.Verdict)
			}
			newMig := map[string]bool{}
			for _, m := range v.Migrations {
				if m.New {
					newMig[m.Path] = true
				}
			}
			want := map[string]bool{}     // "go-file:line <- migration-file"
			possible := map[string]bool{} // go-file:line
			for _, f := range v.Findings {
				if f.Effect != string(rules.BreaksOldCode) {
					continue
				}
				if strings.HasSuffix(f.File, ".go") {
					// a schema change made from Go code (a Go migration's
					// constant SQL): the verdict reads it, the Go-side
					// checks replay migration files only
					continue
				}
				for _, r := range f.Refs {
					want[fmt.Sprintf("%s:%d <- %s", r.File, r.Line, f.File)] = true
				}
				for _, r := range f.Possible {
					possible[fmt.Sprintf("%s:%d", r.File, r.Line)] = true
				}
				if len(f.Possible) > 0 {
					// a kind the verdict only ever warns about, of the rule
					if rl := rules.Get(f.Rule); rl != nil {
						for _, b := range rl.Breaks {
							for _, u := range b.Uses {
								if possibleOnly[u] {
									warned[u] = append(warned[u], s.Name)
								}
							}
						}
					}
				}
			}

			dir, settings := pluginTree(t, s, oldDir, newDir)
			inv, err := analyzer.ScanDir(dir, analyzer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			diags, err := migrationcheck.CheckInventory(dir, settings, inv)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, d := range diags {
				mig := ""
				for m := range newMig {
					if strings.Contains(d.Msg, m+":") {
						mig = m
					}
				}
				if mig == "" {
					continue // about a released migration, or none (retiring, not read)
				}
				at := fmt.Sprintf("%s:%d", d.Pos.File, d.Pos.Line)
				got[at+" <- "+mig] = true
				if want[at+" <- "+mig] {
					reported[d.Use] = append(reported[d.Use], s.Name)
				}
				if possible[at] && !want[at+" <- "+mig] {
					t.Errorf("%s (%s): the verdict only warns about this use, the Go-side check reports it: %s", at, d.Rule, d.Msg)
				}
			}
			for k := range want {
				if !got[k] {
					t.Errorf("the verdict confirms %s, the Go-side checks do not report it", k)
				}
			}
			for k := range got {
				if !want[k] {
					t.Errorf("the Go-side checks report %s, the verdict does not confirm it", k)
				}
			}
			if !t.Failed() {
				agreed++
			}
		})
	}
	// Every use kind is exercised: the ones the verdict confirms by a
	// finding both drivers report, the ones it only warns about by a
	// warning the Go-side checks stay quiet on.
	var ks []string
	for _, u := range allUses {
		switch {
		case possibleOnly[u]:
			if len(warned[u]) == 0 {
				t.Errorf("use kind %s: no scenario where the verdict warns about it", u)
			}
			ks = append(ks, fmt.Sprintf("%s (warning) %d", u, len(uniq(warned[u]))))
		default:
			if len(reported[u]) == 0 {
				t.Errorf("use kind %s: no scenario where both drivers report it", u)
			}
			ks = append(ks, fmt.Sprintf("%s %d", u, len(uniq(reported[u]))))
		}
	}
	t.Logf("%d of %d scenarios agree; scenarios per use kind: %s", agreed, len(scs), strings.Join(ks, ", "))
}

// allUses are the use kinds the rules declare (rules.Use).
var allUses = []rules.Use{rules.UseRelation, rules.UseColumn, rules.UseInsertOmits, rules.UseConflictKey, rules.UseConflictName,
	rules.UseStarScan, rules.UseNarrowScan, rules.UseNullScan, rules.UseEnumValue, rules.UseSchema, rules.UseFunctionCall,
	rules.UseSequence, rules.UseTableWrite, rules.UseParentDelete, rules.UseParentUpdate, rules.UseRejectedWrite,
	rules.UseNullWrite, rules.UseCheckWrite, rules.UseOldValue, rules.UseJSONKey}

// possibleOnly are the use kinds the verdict never confirms (rules.Use's
// documentation): a warning, never a Go-side finding.
var possibleOnly = map[rules.Use]bool{rules.UseNullScan: true, rules.UseRejectedWrite: true}

func uniq(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// pluginTree is what the Go-side checks see in a developer's checkout
// while the release is prepared: the new release's files with the old
// release's Go code, in a git repository whose tag v1.0.0 holds the old
// release's migrations; the scenario's flags become settings.
func pluginTree(t *testing.T, s *scenario.Scenario, oldDir, newDir string) (string, migrationcheck.Settings) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range s.Old {
		if !strings.HasSuffix(k, ".go") {
			files[k] = v
		}
	}
	scenario.WriteFiles(t, dir, files)
	scenario.Git(t, dir, "init", "-q")
	scenario.Git(t, dir, "add", "-A")
	scenario.Git(t, dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "old")
	scenario.Git(t, dir, "-c", "tag.gpgsign=false", "tag", "v1.0.0")
	// the new release's files replace the old ones, Go code excepted
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != ".git" {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = filepath.WalkDir(newDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		rel, _ := filepath.Rel(newDir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range s.Old {
		if strings.HasSuffix(k, ".go") {
			scenario.WriteFiles(t, dir, map[string]string{k: v})
		}
	}
	var st migrationcheck.Settings
	var exclude []string
	for i := 0; i+1 < len(s.Args); i++ {
		switch s.Args[i] {
		case "--migrations":
			st.Migrations = append(st.Migrations, s.Args[i+1])
		case "--exclude":
			exclude = append(exclude, s.Args[i+1])
		}
	}
	if len(exclude) > 0 {
		cfg := filepath.Join(dir, ".rbcheck.yaml")
		if _, err := os.Stat(cfg); err == nil {
			t.Fatalf("scenario has both --exclude and .rbcheck.yaml")
		}
		if err := os.WriteFile(cfg, []byte("exclude: ['"+strings.Join(exclude, "', '")+"']\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, st
}
