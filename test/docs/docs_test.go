// Package docs runs every example command of README.md and docs/*.md as
// written, and compares the outputs the documents show with what rbcheck
// prints.
//
// Every fenced block of shell (sh, bash, shell, console) and every block
// that starts with "$ " (a terminal session) is run, unless it says why not.
// Markers are HTML comments on the lines right above the fence, any number
// of them:
//
//	<!-- docs-test in=example -->       run in the example repository (default in=rbcheck)
//	<!-- docs-test expect=next -->      the first command's stdout is the next fenced block
//	<!-- docs-test exit=1 -->           every command exits 1 (default: 0 or 1, the verdicts)
//	<!-- docs-test needs=postgres -->   needs initdb (not run without it, failed without it in CI)
//	<!-- docs-test session -->          "$ command" lines, each followed by its exact output
//	<!-- docs-test skip: REASON -->     the block is not runnable here, and why
//	<!-- docs-test skip-line "PREFIX" REASON -->   lines starting with PREFIX are not run, and why
//	<!-- docs-test ci-recipe=NAME -->   a CI recipe test/integrations runs (not run here)
//	<!-- docs-test config=NAME -->      a configuration file, not commands
//
// in=rbcheck is a copy of this repository's files (the bundled example is
// testdata/checkout); in=example is a git repository of the bundled
// example's three releases committed and tagged in order (v2.3.0, v2.4.0,
// v2.4.1, HEAD at v2.4.1, the same commits on every machine), with each
// release also unpacked next to it in ../v2.3.0, ../v2.4.0 and ../v2.4.1
// (release tarballs). Commands run with bash -o pipefail, a freshly built
// rbcheck first on PATH and GOBIN in a temporary directory. A command that
// exits 2 (usage, configuration, git or internal error) fails the test.
package docs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rbcheck/rbcheck/internal/pgtest"
	"github.com/rbcheck/rbcheck/internal/scenario"
)

var root = filepath.Join("..", "..")

// commandTimeout bounds one documented command (verify starts a cluster).
const commandTimeout = 2 * time.Minute

// block is one fenced code block of a document.
type block struct {
	file    string
	line    int // of the opening fence
	lang    string
	body    []string
	markers []string // the docs-test markers above it
	next    *block   // the block after it in the file
}

var markerRE = regexp.MustCompile(`^<!-- docs-test (.*) -->$`)

// parseBlocks returns the fenced blocks of a markdown file.
func parseBlocks(file string, data []byte) []*block {
	var out []*block
	var pending []string
	var cur *block
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if cur != nil {
			if strings.HasPrefix(l, "```") {
				out = append(out, cur)
				cur = nil
				continue
			}
			cur.body = append(cur.body, l)
			continue
		}
		switch {
		case strings.HasPrefix(l, "```"):
			cur = &block{file: file, line: n, lang: strings.TrimSpace(strings.TrimPrefix(l, "```")), markers: pending}
			pending = nil
		case markerRE.MatchString(l):
			m := markerRE.FindStringSubmatch(l)[1]
			if strings.HasPrefix(m, "skip") {
				pending = append(pending, m) // a reason is free text
			} else {
				pending = append(pending, strings.Fields(m)...)
			}
		case strings.TrimSpace(l) != "":
			pending = nil
		}
	}
	for i := 0; i+1 < len(out); i++ {
		out[i].next = out[i+1]
	}
	return out
}

func (b *block) where() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// marker returns the value of key=VALUE or "key: VALUE" among the markers.
func (b *block) marker(key string) (string, bool) {
	for _, m := range b.markers {
		if v, ok := strings.CutPrefix(m, key+"="); ok {
			return v, true
		}
		if v, ok := strings.CutPrefix(m, key+":"); ok {
			return strings.TrimSpace(v), true
		}
		if m == key {
			return "", true
		}
	}
	return "", false
}

var skipLineRE = regexp.MustCompile(`^skip-line "([^"]+)" (.+)$`)

// skipLine returns the reason a command is not run, if a marker says so.
func (b *block) skipLine(cmd string) (string, bool) {
	for _, m := range b.markers {
		if s := skipLineRE.FindStringSubmatch(m); s != nil && strings.HasPrefix(cmd, s[1]) {
			return s[2], true
		}
	}
	return "", false
}

// commands returns the command lines of a shell block: comments and blank
// lines dropped, lines ending in \ joined.
func commands(body []string) []string {
	var out []string
	cur := ""
	for _, l := range body {
		t := strings.TrimSpace(l)
		if cur == "" && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		if strings.HasSuffix(t, `\`) {
			cur += strings.TrimSuffix(t, `\`) + " "
			continue
		}
		out = append(out, cur+t)
		cur = ""
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

type env struct {
	rbcheck, example, bin, gobin string
	postgres                     bool
}

func setup(t *testing.T) *env {
	t.Helper()
	e := &env{}
	tmp := t.TempDir()
	// a copy of the repository's files: commands that write (> rbcheck.sarif,
	// go install) never touch the work tree
	e.rbcheck = filepath.Join(tmp, "rbcheck")
	files, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		src := filepath.Join(root, f)
		st, err := os.Lstat(src)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(e.rbcheck, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	// the example repository, and the releases unpacked next to it
	repo := scenario.CheckoutRepo(t, filepath.Join(root, "testdata", "checkout"))
	e.example = filepath.Join(tmp, "checkout")
	if out, err := exec.Command("git", "clone", "-q", repo, e.example).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	for _, rel := range scenario.CheckoutReleases {
		cmd := exec.Command("cp", "-r", filepath.Join(root, "testdata", "checkout", rel), filepath.Join(tmp, rel))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
	}
	e.bin = filepath.Join(tmp, "bin")
	e.gobin = filepath.Join(tmp, "gobin")
	if err := scenario.BuildRbcheck(root, filepath.Join(e.bin, "rbcheck")); err != nil {
		t.Fatal(err)
	}
	_, err = pgtest.FindBin()
	e.postgres = err == nil
	return e
}

// run runs one command line in dir.
func (e *env) run(t *testing.T, dir, cmdline string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", cmdline)
	cmd.WaitDelay = time.Second
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+e.bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GOBIN="+e.gobin,
		"GIT_CONFIG_GLOBAL=/dev/null", "NO_COLOR=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("%s: still running after %s: killed", cmdline, commandTimeout)
		return out.String(), errb.String(), -1
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", cmdline, err)
	}
	return out.String(), errb.String(), code
}

// trimLines drops trailing spaces of each line and trailing blank lines, as
// a terminal capture does.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// TestDocumentedCommands runs every example command of README.md and
// docs/*.md as written (see the package comment).
func TestDocumentedCommands(t *testing.T) {
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	docs = append([]string{filepath.Join(root, "README.md")}, docs...)
	var blocks []*block
	for _, d := range docs {
		data, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, d)
		blocks = append(blocks, parseBlocks(filepath.ToSlash(rel), data)...)
	}
	e := setup(t)
	var ran, notRun []string
	for _, b := range blocks {
		shell := b.lang == "sh" || b.lang == "bash" || b.lang == "shell" || b.lang == "console"
		_, session := b.marker("session")
		startsLikeSession := len(b.body) > 0 && strings.HasPrefix(b.body[0], "$ ")
		if !shell && !session && !startsLikeSession {
			continue // SQL, Go, YAML configuration, output
		}
		if startsLikeSession && !session {
			t.Errorf("%s: a block that starts with \"$ \" needs <!-- docs-test session --> (or another marker)", b.where())
			continue
		}
		if reason, ok := b.marker("skip"); ok {
			if reason == "" {
				t.Errorf("%s: skip needs a reason", b.where())
			}
			notRun = append(notRun, fmt.Sprintf("%s (%d lines): %s", b.where(), len(commands(b.body)), reason))
			continue
		}
		if name, ok := b.marker("ci-recipe"); ok {
			notRun = append(notRun, fmt.Sprintf("%s: CI recipe %s, run by go test ./test/integrations -run TestCIRecipes", b.where(), name))
			continue
		}
		dir := e.rbcheck
		if in, ok := b.marker("in"); ok {
			switch in {
			case "example":
				dir = e.example
			case "rbcheck":
			default:
				t.Errorf("%s: in=%s: want in=rbcheck or in=example", b.where(), in)
				continue
			}
		}
		if hasMarker(b, "needs", "postgres") {
			if !e.postgres {
				if os.Getenv("CI") == "true" {
					t.Errorf("%s: needs PostgreSQL, and CI has none", b.where())
				}
				notRun = append(notRun, fmt.Sprintf("%s: no PostgreSQL here (initdb not found)", b.where()))
				continue
			}
		}
		allowed := map[int]bool{0: true, 1: true}
		if x, ok := b.marker("exit"); ok {
			n, err := strconv.Atoi(x)
			if err != nil {
				t.Errorf("%s: exit=%s", b.where(), x)
			}
			allowed = map[int]bool{n: true}
		}

		if session {
			runSession(t, e, b, dir, allowed, &ran)
			continue
		}
		cmds := commands(b.body)
		if len(cmds) == 0 {
			t.Errorf("%s: a shell block without commands", b.where())
		}
		_, expectNext := b.marker("expect")
		for i, c := range cmds {
			if reason, ok := b.skipLine(c); ok {
				notRun = append(notRun, fmt.Sprintf("%s: %q: %s", b.where(), c, reason))
				continue
			}
			out, errOut, code := e.run(t, dir, c)
			ran = append(ran, fmt.Sprintf("%s: %s (exit %d)", b.where(), c, code))
			if !allowed[code] {
				t.Errorf("%s: %q exits %d:\n%s%s", b.where(), c, code, out, errOut)
			}
			if i == 0 && expectNext {
				if b.next == nil {
					t.Errorf("%s: expect=next, and no block follows", b.where())
				} else if want := strings.Join(b.next.body, "\n"); trimLines(out) != trimLines(want) {
					t.Errorf("%s: the output of %q differs from %s:\n--- printed\n%s\n--- documented\n%s", b.where(), c, b.next.where(), out, want)
				}
			}
		}
	}
	if len(ran) < 20 {
		t.Errorf("only %d commands ran: the extraction is broken", len(ran))
	}
	t.Logf("%d commands ran:\n  %s", len(ran), strings.Join(ran, "\n  "))
	t.Logf("%d not run, each with its reason:\n  %s", len(notRun), strings.Join(notRun, "\n  "))
}

func hasMarker(b *block, key, val string) bool {
	v, ok := b.marker(key)
	return ok && v == val
}

// runSession runs each "$ command" of a session block and compares its
// output with the lines that follow it.
func runSession(t *testing.T, e *env, b *block, dir string, allowed map[int]bool, ran *[]string) {
	t.Helper()
	type step struct {
		cmd  string
		want []string
	}
	var steps []step
	for _, l := range b.body {
		if c, ok := strings.CutPrefix(l, "$ "); ok {
			steps = append(steps, step{cmd: c})
			continue
		}
		if len(steps) == 0 {
			t.Errorf("%s: a session starts with \"$ command\"", b.where())
			return
		}
		steps[len(steps)-1].want = append(steps[len(steps)-1].want, l)
	}
	for _, s := range steps {
		out, errOut, code := e.run(t, dir, s.cmd)
		*ran = append(*ran, fmt.Sprintf("%s: $ %s (exit %d)", b.where(), s.cmd, code))
		if !allowed[code] {
			t.Errorf("%s: %q exits %d:\n%s%s", b.where(), s.cmd, code, out, errOut)
		}
		if got, want := trimLines(out), trimLines(strings.Join(s.want, "\n")); got != want {
			t.Errorf("%s: the output of %q differs from the session:\n--- printed\n%s\n--- documented\n%s", b.where(), s.cmd, got, want)
		}
	}
}

// TestMarkersCatchMistakes: the extraction sees a wrong command, a wrong
// output and an unmarked session, so TestDocumentedCommands can fail.
func TestMarkersCatchMistakes(t *testing.T) {
	doc := "<!-- docs-test in=example -->\n```sh\nrbcheck v2.3.0..v2.4.0   # ok\n" +
		"rbcheck lint \\\n  --format json db/migrations\n```\n\n" +
		"```\n$ rbcheck history\nsomething else\n```\n\n" +
		"<!-- docs-test skip-line \"rbcheck nope\" not a command -->\n<!-- docs-test skip: nothing -->\n```bash\nrbcheck nope\n```\n"
	bs := parseBlocks("x.md", []byte(doc))
	if len(bs) != 3 {
		t.Fatalf("%d blocks", len(bs))
	}
	if v, _ := bs[0].marker("in"); v != "example" {
		t.Errorf("in = %q", v)
	}
	if got := commands(bs[0].body); len(got) != 2 || got[1] != "rbcheck lint  --format json db/migrations" {
		t.Errorf("commands = %q", got)
	}
	if _, ok := bs[1].marker("session"); ok || !strings.HasPrefix(bs[1].body[0], "$ ") {
		t.Errorf("the unmarked session is not seen as one")
	}
	if r, ok := bs[2].skipLine("rbcheck nope"); !ok || r != "not a command" {
		t.Errorf("skip-line: %q %v", r, ok)
	}
	if r, ok := bs[2].marker("skip"); !ok || r != "nothing" {
		t.Errorf("skip: %q", r)
	}
}

// TestTerminal runs rbcheck on a real pseudo-terminal (script(1)): the
// verdict is coloured there and plain through a pipe, with NO_COLOR and
// with --color=never, as docs/terminal.md says.
func TestTerminal(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("script(1) (util-linux) is missing")
		}
		t.Skip("not run: script(1) is not installed, so there is no pseudo-terminal to run rbcheck on")
	}
	e := setup(t)
	for _, c := range []struct {
		cmd   string
		color bool
	}{
		{"rbcheck v2.3.0..v2.4.0", true},
		{"rbcheck history", true},
		{"rbcheck v2.3.0..v2.4.0 | cat", false},
		{"NO_COLOR=1 rbcheck v2.3.0..v2.4.0", false},
		{"rbcheck v2.3.0..v2.4.0 --color=never", false},
		{"TERM=dumb rbcheck history", false},
	} {
		out, errOut, code := e.run(t, e.example, "script -qec "+strconv.Quote(c.cmd)+" /dev/null")
		if code != 0 && code != 1 {
			t.Errorf("%s on a terminal: exit %d: %s%s", c.cmd, code, out, errOut)
		}
		if got := strings.Contains(out, "\x1b["); got != c.color || !strings.Contains(out, "v2.") {
			t.Errorf("%s on a terminal: colour %v, want %v:\n%q", c.cmd, got, c.color, out)
		}
	}
}

// TestDocumentedJSONKeys: where README.md or docs/*.md links a schema of
// docs/schema and lists keys, `{"a","b"}` for the document and `name[]`
// `{"a","b"}` for the items of name, the lists are exactly the schema's.
func TestDocumentedJSONKeys(t *testing.T) {
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	docs = append([]string{filepath.Join(root, "README.md")}, docs...)
	linkRE := regexp.MustCompile(`schema/(\w+\.schema\.json)\)`)
	listRE := regexp.MustCompile("(?:`(\\w+)\\[\\]`\\s*)?`(\\{\"[^`]*\\})`")
	keyRE := regexp.MustCompile(`"(\w+)"`)
	checked := 0
	for _, d := range docs {
		data, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, para := range strings.Split(string(data), "\n\n") {
			link := linkRE.FindStringSubmatch(para)
			if link == nil {
				continue
			}
			schema := loadSchemaProps(t, link[1])
			text := strings.ReplaceAll(para, "\n", "")
			for _, m := range listRE.FindAllStringSubmatch(text, -1) {
				if strings.Contains(m[2], ":") {
					continue // an example value, not a key list
				}
				var doc []string
				for _, k := range keyRE.FindAllStringSubmatch(m[2], -1) {
					doc = append(doc, k[1])
				}
				want, ok := schema[m[1]]
				if !ok {
					t.Errorf("%s: %s lists keys of %q, which %s does not describe", d, m[2], m[1], link[1])
					continue
				}
				if strings.Join(doc, ",") != strings.Join(want, ",") {
					t.Errorf("%s: %s[] documented as %v, the schema %s says %v", d, m[1], doc, link[1], want)
				}
				checked++
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d key lists checked: the extraction is broken", checked)
	}
}

// loadSchemaProps returns the required keys of a schema's document ("")
// and of the items of each array property, in the schema's order.
func loadSchemaProps(t *testing.T, name string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "docs", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	resolve := func(x map[string]any) map[string]any {
		if ref, ok := x["$ref"].(string); ok && strings.HasPrefix(ref, "#/definitions/") {
			defs, _ := s["definitions"].(map[string]any)
			x, _ = defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
		}
		return x
	}
	required := func(x map[string]any) []string {
		var out []string
		for _, r := range x["required"].([]any) {
			out = append(out, r.(string))
		}
		return out
	}
	out := map[string][]string{"": required(s)}
	props, _ := s["properties"].(map[string]any)
	for k, v := range props {
		p, _ := v.(map[string]any)
		if items, ok := p["items"].(map[string]any); ok {
			if it := resolve(items); it != nil && it["required"] != nil {
				out[k] = required(it)
			}
		}
	}
	return out
}
