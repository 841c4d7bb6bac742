package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/rbcheck/rbcheck/internal/report/sarifschema"
	"github.com/rbcheck/rbcheck/internal/scenario"
)

var update = flag.Bool("update", false, "rewrite the expected stdout, stderr and exit code of the txtar scenarios")

// TestScripts runs every testdata/scripts/*.txtar scenario.
//
// The archive comment holds one directive per line ('#' starts a comment):
//
//	args: lint db/migrations --format json   (required; split like a shell: '…' and "…" quote)
//	exit: 1                                   (expected exit code; default 0)
//	dir: services/api                         (working directory inside the temp dir)
//	run: git init -q                          (a shell command run in the temp dir first; repeatable)
//	golden: off                               (do not compare stdout; for outputs that embed text owned
//	                                           elsewhere, e.g. SARIF with every rule's documentation)
//
// Every file of the archive except "stdout", "stderr" and "stdin" (the
// command's standard input) is written to a fresh temp dir. cli.Main runs with Env{Dir: tmp/dir}; its stdout must
// equal the "stdout" file exactly, and its stderr the "stderr" file when
// the archive has one (stderr is otherwise not checked). Output of
// --format sarif must validate against the SARIF 2.1.0 schema and output of
// --format json must be JSON, golden or not. The temp dir's
// path is replaced by $WORK in both. `go test ./internal/cli -update`
// rewrites stdout, stderr (when present or non-empty) and exit of the
// scenarios whose output changed; add -run 'TestScripts/NAME' to rewrite
// only your own.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios in testdata/scripts")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) { runScript(t, file) })
	}
}

type script struct {
	noGolden bool
	args     []string
	exit     int
	dir      string
	run      []string
}

func parseComment(comment string) (*script, error) {
	s := &script{}
	hasArgs := false
	for i, line := range strings.Split(comment, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("comment line %d: want key: value, got %q", i+1, line)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "args":
			a, err := scenario.SplitArgs(val)
			if err != nil {
				return nil, fmt.Errorf("comment line %d: %v", i+1, err)
			}
			s.args, hasArgs = a, true
		case "exit":
			n, err := strconv.Atoi(val)
			if err != nil {
				return nil, fmt.Errorf("comment line %d: exit %q is not a number", i+1, val)
			}
			s.exit = n
		case "dir":
			s.dir = val
		case "run":
			s.run = append(s.run, val)
		case "golden":
			if val != "off" {
				return nil, fmt.Errorf("comment line %d: golden: takes only off", i+1)
			}
			s.noGolden = true
		default:
			return nil, fmt.Errorf("comment line %d: unknown directive %q", i+1, key)
		}
	}
	if !hasArgs {
		return nil, fmt.Errorf("no args: line in the archive comment")
	}
	return s, nil
}

func runScript(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseComment(string(ar.Comment))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	tmp := t.TempDir()
	outIdx, errIdx := -1, -1
	var stdin []byte
	for i := range ar.Files {
		f := &ar.Files[i]
		switch f.Name {
		case "stdout":
			outIdx = i
			continue
		case "stderr":
			errIdx = i
			continue
		case "stdin":
			stdin = f.Data
			continue
		}
		p := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range s.run {
		c := exec.Command("sh", "-c", cmd)
		c.Dir = tmp
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("run: %s: %v\n%s", cmd, err, out)
		}
	}
	var stdout, stderr bytes.Buffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Stdin: bytes.NewReader(stdin), Dir: filepath.Join(tmp, filepath.FromSlash(s.dir))}
	code := Main(env, s.args)
	gotOut := strings.ReplaceAll(stdout.String(), tmp, "$WORK")
	gotErr := strings.ReplaceAll(stderr.String(), tmp, "$WORK")

	if *update && !s.noGolden {
		if outIdx < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: "stdout"})
			outIdx = len(ar.Files) - 1
		}
		ar.Files[outIdx].Data = []byte(gotOut)
		if errIdx >= 0 {
			ar.Files[errIdx].Data = []byte(gotErr)
		} else if gotErr != "" {
			ar.Files = append(ar.Files, txtar.File{Name: "stderr", Data: []byte(gotErr)})
		}
		ar.Comment = []byte(setExit(string(ar.Comment), code))
		if old, _ := os.ReadFile(file); !bytes.Equal(old, txtar.Format(ar)) {
			t.Logf("updated %s", file)
			if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	// whatever the golden says, machine formats must stay machine-readable
	// (unless the command failed as a usage or internal error)
	switch f := formatArg(s.args); {
	case code == ExitError:
	case f == "sarif":
		if errs := sarifschema.Validate([]byte(gotOut)); len(errs) > 0 {
			t.Errorf("SARIF output does not validate against the 2.1.0 schema:\n%s", strings.Join(errs, "\n"))
		}
	case f == "json":
		if !json.Valid([]byte(gotOut)) {
			t.Errorf("JSON output is not valid JSON")
		}
	}
	if code != s.exit {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, s.exit, gotOut, gotErr)
	}
	if s.noGolden {
		if strings.TrimSpace(gotOut) == "" {
			t.Errorf("no output")
		}
	} else if outIdx < 0 {
		t.Errorf("the archive has no stdout file (run with -update to create it); stdout was:\n%s", gotOut)
	} else if want := string(ar.Files[outIdx].Data); gotOut != want {
		t.Errorf("stdout differs\n--- got\n%s--- want\n%s", gotOut, want)
	}
	if errIdx >= 0 && gotErr != string(ar.Files[errIdx].Data) {
		t.Errorf("stderr differs\n--- got\n%s--- want\n%s", gotErr, ar.Files[errIdx].Data)
	}
}

// formatArg returns the --format value in args, or "".
func formatArg(args []string) string {
	for i, a := range args {
		if a == "--format" && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "--format="); ok {
			return v
		}
	}
	return ""
}

// setExit rewrites (or adds, or drops for 0) the exit: line of a comment.
func setExit(comment string, code int) string {
	lines := strings.Split(strings.TrimRight(comment, "\n"), "\n")
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "exit:") {
			continue
		}
		out = append(out, l)
		if strings.HasPrefix(strings.TrimSpace(l), "args:") && code != 0 {
			out = append(out, fmt.Sprintf("exit: %d", code))
		}
	}
	return strings.Join(out, "\n") + "\n"
}
