// Package scenario loads the release scenarios of testdata/scenarios (see
// its README) and builds them as git repositories or as two directories, for
// the tests of the check and verify commands.
package scenario

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Scenario is one release scenario from testdata/scenarios (see its README).
type Scenario struct {
	Name    string
	Verdict string
	Exit    int
	Args    []string
	Want    []string
	NotWant []string
	Delete  []string
	Move    [][2]string
	Old     map[string]string
	New     map[string]string
}

// ByName returns the scenario of dir with that name, failing the test
// when there is none.
func ByName(t testing.TB, dir, name string) *Scenario {
	t.Helper()
	for _, s := range Load(t, dir) {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scenario %s in %s", name, dir)
	return nil
}

// Load reads every scenario file in dir.
func Load(t testing.TB, dir string) []*Scenario {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios in %s: %v", dir, err)
	}
	var out []*Scenario
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := &Scenario{Name: strings.TrimSuffix(filepath.Base(p), ".txtar"), Exit: -1, Old: map[string]string{}, New: map[string]string{}}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			v = strings.TrimSpace(v)
			switch strings.TrimSpace(k) {
			case "verdict":
				s.Verdict = v
			case "exit":
				s.Exit, _ = strconv.Atoi(v)
			case "args":
				s.Args = strings.Fields(v)
			case "want":
				s.Want = append(s.Want, v)
			case "!want":
				s.NotWant = append(s.NotWant, v)
			case "delete":
				s.Delete = append(s.Delete, v)
			case "move":
				f := strings.Fields(v)
				if len(f) == 2 {
					s.Move = append(s.Move, [2]string{f[0], f[1]})
				}
			}
		}
		for _, f := range a.Files {
			switch {
			case strings.HasPrefix(f.Name, "old/"):
				s.Old[strings.TrimPrefix(f.Name, "old/")] = string(f.Data)
			case strings.HasPrefix(f.Name, "new/"):
				s.New[strings.TrimPrefix(f.Name, "new/")] = string(f.Data)
			default:
				t.Fatalf("%s: file %s is neither under old/ nor new/", p, f.Name)
			}
		}
		if s.Verdict == "" || s.Exit < 0 {
			t.Fatalf("%s: the comment needs verdict: and exit:", p)
		}
		out = append(out, s)
	}
	return out
}

// Git runs git in dir with a fixed identity and no global configuration.
func Git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// WriteFiles writes files (slash-separated paths relative to root) into root.
func WriteFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BuildRepo makes a git repository with the scenario's old release tagged
// v1.0.0 and the new one tagged v1.1.0.
func (s *Scenario) BuildRepo(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	Git(t, dir, "init", "-q", "-b", "main")
	WriteFiles(t, dir, s.Old)
	Git(t, dir, "add", "-A")
	Git(t, dir, "commit", "-qm", "old release")
	Git(t, dir, "tag", "v1.0.0")
	for _, m := range s.Move {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(m[1])), 0o755); err != nil {
			t.Fatal(err)
		}
		Git(t, dir, "mv", m[0], m[1])
	}
	for _, d := range s.Delete {
		Git(t, dir, "rm", "-q", d)
	}
	WriteFiles(t, dir, s.New)
	Git(t, dir, "add", "-A")
	Git(t, dir, "commit", "-qm", "new release", "--allow-empty")
	Git(t, dir, "tag", "v1.1.0")
	return dir
}

// CheckOutput matches want / !want against the output lines.
func (s *Scenario) CheckOutput(t testing.TB, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	for _, w := range s.Want {
		re, err := regexp.Compile(w)
		if err != nil {
			t.Fatalf("bad want %q: %v", w, err)
		}
		found := false
		for _, l := range lines {
			if re.MatchString(l) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no output line matches %q", w)
		}
	}
	for _, w := range s.NotWant {
		re := regexp.MustCompile(w)
		for _, l := range lines {
			if re.MatchString(l) {
				t.Errorf("output line %q matches !want %q", l, w)
			}
		}
	}
}

// Trees writes the scenario's old release and its new release (old files,
// then moves, deletions and new files) into two directories under a
// temporary directory, for `--old DIR --new DIR`.
func (s *Scenario) Trees(t testing.TB) (oldDir, newDir string) {
	t.Helper()
	dir := t.TempDir()
	oldDir, newDir = filepath.Join(dir, "old"), filepath.Join(dir, "new")
	WriteFiles(t, oldDir, s.Old)
	files := map[string]string{}
	for k, v := range s.Old {
		files[k] = v
	}
	for _, m := range s.Move {
		files[m[1]] = files[m[0]]
		delete(files, m[0])
	}
	for _, d := range s.Delete {
		delete(files, d)
	}
	for k, v := range s.New {
		files[k] = v
	}
	if err := os.MkdirAll(newDir, 0o755); err != nil {
		t.Fatal(err)
	}
	WriteFiles(t, newDir, files)
	return oldDir, newDir
}

// BuildRbcheck builds the rbcheck command of the repository at root into
// the file out, for tests that run it as a process.
func BuildRbcheck(root, out string) error {
	cmd := exec.Command("go", "build", "-o", out, "./cmd/rbcheck")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/rbcheck: %v\n%s", err, b)
	}
	return nil
}

// PrivateTmp points TMPDIR at a fresh directory under /tmp named prefix…
// that every user can traverse (as root a throwaway cluster's server user
// must reach it), so that the test sees only its own clusters; the
// directory is removed when the test ends.
func PrivateTmp(t testing.TB, prefix string) string {
	t.Helper()
	tmp, err := os.MkdirTemp("/tmp", prefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	return tmp
}

// SplitArgs splits like a shell without expansion: whitespace separates,
// '…' and "…" quote.
func SplitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote in %q", s)
	}
	if in {
		out = append(out, cur.String())
	}
	return out, nil
}
