package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func run(t *testing.T, env *Env, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	if env == nil {
		env = &Env{}
	}
	e := *env
	e.Stdout, e.Stderr = &out, &errb
	code = Main(&e, args)
	return out.String(), errb.String(), code
}

// TestHelpEveryCommand: -h, --help and `rbcheck help CMD` print the same
// help to stdout and exit 0; it starts with the synopsis and has the
// sections in order.
func TestHelpEveryCommand(t *testing.T) {
	for _, name := range commandNames() {
		c := commands[name]
		if c.Usage == "" || c.Long == "" || len(c.Examples) == 0 {
			t.Errorf("%s: the help needs a synopsis, a description and examples", name)
		}
		var first string
		for i, args := range [][]string{{name, "-h"}, {name, "--help"}, {"help", name}} {
			out, errOut, code := run(t, nil, args...)
			if code != ExitOK || errOut != "" {
				t.Errorf("rbcheck %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
			}
			if i == 0 {
				first = out
			} else if out != first {
				t.Errorf("rbcheck %s prints other help than rbcheck %s -h:\n%s", strings.Join(args, " "), name, out)
			}
		}
		if !strings.HasPrefix(first, "usage: "+c.Usage+"\n\n") {
			t.Errorf("%s -h does not start with its synopsis:\n%s", name, first)
		}
		last := 0
		for _, sec := range []string{"\narguments:\n", "\nexamples:\n", "\nflags:\n"} {
			i := strings.Index(first, sec)
			if i < 0 {
				if sec == "\narguments:\n" && len(c.Args) == 0 {
					continue
				}
				if sec == "\nflags:\n" && len(c.Formats) == 0 && !c.Color && (name == "help" || name == "explain") {
					continue
				}
				t.Errorf("%s -h has no %q section:\n%s", name, strings.TrimSpace(sec), first)
				continue
			}
			if i < last {
				t.Errorf("%s -h: %q is out of order (synopsis, arguments, examples, flags)", name, strings.TrimSpace(sec))
			}
			last = i
		}
	}
}

func TestTopLevelHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		out, errOut, code := run(t, nil, args...)
		if code != ExitOK || errOut != "" || !strings.HasPrefix(out, "usage: rbcheck ") {
			t.Errorf("rbcheck %s: exit %d, stderr %q, stdout %.80q", args[0], code, errOut, out)
		}
		for _, n := range commandNames() {
			if !strings.Contains(out, "\n  "+n+" ") {
				t.Errorf("rbcheck %s does not list %s", args[0], n)
			}
		}
	}
	_, errOut, code := run(t, nil, "help", "lnt")
	if code != ExitError || !strings.Contains(errOut, `unknown command "lnt"; did you mean "lint"?`) {
		t.Errorf("help lnt: exit %d, %q", code, errOut)
	}
}

// TestUsageErrors: a bad flag or argument prints the error, the synopsis
// and a hint on stderr, nothing on stdout, and exits 2, on every command.
func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{"--bogus"},
		{"check", "--bogus"},
		{"lint", "--bogus"},
		{"lint", "--pg-version", "abc"},
		{"lint", "--format", "xml"},
		{"refs", "--bogus"},
		{"refs", "--format", "sarif"},
		{"rules", "--bogus"},
		{"rules", "drop-column"},
		{"explain", "--bogus"},
		{"explain"},
		{"explain", "a", "b"},
		{"history", "--bogus"},
		{"history", "-n", "x"},
		{"history", "--format", "sarif"},
		{"history", "extra"},
		{"verify", "--bogus"},
		{"verify", "--format", "markdown"},
		{"verify", "--dsn", "x", "--pg-bin", "y", "a..b"},
		{"version", "--bogus"},
		{"version", "extra"},
		{"help", "--bogus"},
		{"help", "a", "b"},
		{"--old", "a"},
		{"lint", "--color", "sometimes"},
		{"v1", "v2"},
	}
	for _, args := range cases {
		out, errOut, code := run(t, &Env{Dir: t.TempDir()}, args...)
		cmd := commands[defaultCommand]
		if c, ok := commands[args[0]]; ok {
			cmd = c
		}
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if code != ExitError || out != "" || len(lines) < 3 || !strings.HasPrefix(lines[0], "rbcheck: ") ||
			lines[len(lines)-2] != "usage: "+cmd.Usage || !strings.HasPrefix(lines[len(lines)-1], "run 'rbcheck help") {
			t.Errorf("rbcheck %s: exit %d, stdout %q, stderr:\n%s", strings.Join(args, " "), code, out, errOut)
		}
	}
}

// TestBogusOutsideGit: a mistyped command outside a repository points at
// --old DIR --new DIR.
func TestBogusOutsideGit(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {}, {"v1..v2"}} {
		_, errOut, code := run(t, &Env{Dir: t.TempDir()}, args...)
		if code != ExitError || !strings.Contains(errOut, "rbcheck --old DIR --new DIR") {
			t.Errorf("rbcheck %v outside git: exit %d, %q", args, code, errOut)
		}
	}
}

var formatHelp = regexp.MustCompile(`--format string +output format: ([a-z, ]+?)(?: \(default|\n)`)

// TestFormatsAsDocumented: each command accepts exactly the --format values
// its help lists.
func TestFormatsAsDocumented(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	// arguments that fail right after flag parsing, with a non-usage error
	after := map[string][]string{
		"check":   {"--old", missing, "--new", missing},
		"verify":  {"--old", missing, "--new", missing},
		"history": {},
		"lint":    {missing},
		"refs":    {missing},
		"rules":   {},
		"version": {},
	}
	all := []string{"text", "json", "markdown", "sarif", "github", "xml"}
	for _, name := range commandNames() {
		c := commands[name]
		help, _, _ := run(t, nil, name, "-h")
		m := formatHelp.FindStringSubmatch(help)
		if len(c.Formats) == 0 {
			if m != nil {
				t.Errorf("%s lists formats but has none", name)
			}
			if _, errOut, _ := run(t, nil, name, "--format", "text"); !strings.Contains(errOut, "unknown flag: --format") {
				t.Errorf("%s has no formats but accepts --format: %q", name, errOut)
			}
			continue
		}
		if m == nil {
			t.Errorf("%s -h does not list its formats:\n%s", name, help)
			continue
		}
		listed := strings.FieldsFunc(strings.ReplaceAll(m[1], " or ", ", "), func(r rune) bool { return r == ',' || r == ' ' })
		var accepted []string
		for _, f := range all {
			dir := t.TempDir()
			_, errOut, _ := run(t, &Env{Dir: dir}, append([]string{name, "--format", f}, after[name]...)...)
			if !strings.Contains(errOut, "unknown --format") {
				accepted = append(accepted, f)
			}
		}
		sort.Strings(listed)
		sort.Strings(accepted)
		if strings.Join(listed, ",") != strings.Join(accepted, ",") {
			t.Errorf("%s: help lists formats %v, the command accepts %v", name, listed, accepted)
		}
	}
}

func TestColor(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "db", "1_drop.up.sql"), []byte("ALTER TABLE users DROP COLUMN email;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(tty bool, vars ...string) *Env {
		m := map[string]string{}
		for i := 0; i+1 < len(vars); i += 2 {
			m[vars[i]] = vars[i+1]
		}
		return &Env{Dir: dir, StdoutTTY: tty, Getenv: func(k string) string { return m[k] }}
	}
	cases := []struct {
		env   *Env
		flag  string
		color bool
	}{
		{env(false), "", false},
		{env(true), "", true},
		{env(true, "NO_COLOR", "1"), "", false},
		{env(true, "TERM", "dumb"), "", false},
		{env(true), "--color=never", false},
		{env(false), "--color=always", true},
		{env(false, "NO_COLOR", "1"), "--color=always", true},
	}
	for _, c := range cases {
		args := []string{"lint", "db"}
		if c.flag != "" {
			args = append(args, c.flag)
		}
		out, errOut, code := run(t, c.env, args...)
		if code != ExitFindings {
			t.Fatalf("lint: exit %d: %s", code, errOut)
		}
		if got := strings.Contains(out, "\x1b["); got != c.color {
			t.Errorf("tty=%v %s %v: colour %v, want %v:\n%q", c.env.StdoutTTY, c.flag, c.env.Getenv("NO_COLOR"), got, c.color, out)
		}
		if c.color && !strings.Contains(out, "\x1b[01mdb/1_drop.up.sql:1:") {
			t.Errorf("the position is not bold: %q", out)
		}
		// colour changes nothing but the escape codes
		plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
		want, _, _ := run(t, env(false), "lint", "db")
		if plain != want {
			t.Errorf("coloured output differs from the plain one beyond escape codes:\n%s\n---\n%s", plain, want)
		}
	}
}

// TestControlCharactersEscaped: an identifier or a file name with control
// characters never reaches the terminal raw, in any text output.
func TestControlCharactersEscaped(t *testing.T) {
	dir := t.TempDir()
	name := "1_drop\x1b]0;pwned\x07.up.sql"
	if err := os.MkdirAll(filepath.Join(dir, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	sql := "ALTER TABLE \"users\x1b[2J\" DROP COLUMN \"e\u202email\";\nSELEC 1;\n"
	if err := os.WriteFile(filepath.Join(dir, "db", name), []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "markdown", "github"} {
		out, errOut, _ := run(t, &Env{Dir: dir}, "lint", "db", "--format", format)
		for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(out, bad) || strings.Contains(errOut, bad) {
				t.Errorf("lint --format %s prints %q raw:\n%q\n%q", format, bad, out, errOut)
			}
		}
		if format == "text" && !strings.Contains(out, `users\x1b[2J`) {
			t.Errorf("the escaped identifier is not shown: %q", out)
		}
	}
}
