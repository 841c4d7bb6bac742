// Package cli implements rbcheck's command line. Each sub-command lives in
// its own file and registers itself from init; cmd/rbcheck is a thin main.
//
// Every command behaves like the Go tools: -h, --help and `rbcheck help
// COMMAND` print its help (a one-line synopsis, what it does, its
// arguments, examples, then its flags) to stdout and exit 0; a usage error
// prints the error, the synopsis and a one-line hint to stderr and exits 2.
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/rbcheck/rbcheck/internal/buildinfo"
	"github.com/rbcheck/rbcheck/internal/config"
	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/interrupt"
	"github.com/rbcheck/rbcheck/internal/report"
)

// Exit codes, documented in the README.
const (
	ExitOK       = 0 // clean, or rollback-safe (or acknowledged roll-forward)
	ExitFindings = 1 // findings at the failing severity, or roll-forward-only
	ExitError    = 2 // usage, config, git or internal error
)

// Env is what a command runs with: its output streams and working directory.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader // `rbcheck lint -` reads it (nil means the process's)
	Dir    string    // working directory ("" means the process's)
	// StdoutTTY and StderrTTY say whether the streams are terminals:
	// colour needs the first (unless --color=always), progress the second.
	StdoutTTY, StderrTTY bool
	// Getenv reads the environment (NO_COLOR, TERM, CI); nil reads nothing.
	Getenv func(string) string

	color bool        // set by flagSet.parse from --color, NO_COLOR and StdoutTTY
	term  *stderrTerm // Stderr as Main wraps it: escaped, with the progress line
}

func (e *Env) getenv(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

// style is how the text formats decorate their output for this run.
func (e *Env) style() report.Style { return report.Style{Color: e.color} }

// Command is one sub-command.
type Command struct {
	Name  string
	Short string // one line for the command list
	// Usage is the one-line synopsis without "usage: ", e.g.
	// "rbcheck lint [flags] [PATH...]".
	Usage string
	// Long says what the command does, a short paragraph.
	Long string
	// Args documents the arguments: {"PATH", "a migration file or directory"}.
	Args [][2]string
	// Examples are command lines, each with an optional "# comment".
	Examples []string
	// Formats are the accepted --format values, the default first; nil
	// means the command has no --format flag.
	Formats []string
	// Color says the command takes --color (its text output is coloured).
	Color bool
	Run   func(env *Env, args []string) int
}

var commands = map[string]*Command{}

// defaultCommand runs when the first argument is not a sub-command name
// (e.g. `rbcheck v2.3.0..v2.4.0` or `rbcheck --old A --new B`).
var defaultCommand = "check"

func register(c *Command) { commands[c.Name] = c }

func init() {
	register(&Command{
		Name:     "help",
		Short:    "print the help of rbcheck or of one command",
		Usage:    "rbcheck help [COMMAND]",
		Long:     "Help prints what a command does, its arguments, examples and flags (the same as rbcheck COMMAND -h); without a command, the list of commands.",
		Args:     [][2]string{{"COMMAND", "one of the commands rbcheck help lists"}},
		Examples: []string{"rbcheck help lint"},
		Run:      runHelp,
	})
	register(&Command{
		Name:  "version",
		Short: "print rbcheck's version, commit, Go version and Postgres parser version",
		Usage: "rbcheck version [--format text|json]",
		Long: "Version prints the module version (a release tag, or the pseudo-version go build stamps in a checkout), " +
			"the commit and its time, the Go version that built the binary and the version of the Postgres parser " +
			"compiled in. The same version is in SARIF's tool.driver.version and the JSON outputs' rbcheck_version. " +
			"rbcheck --version is the same command.",
		Examples: []string{"rbcheck version", "rbcheck version --format json"},
		Formats:  []string{"text", "json"},
		Run:      runVersion,
	})
	report.Version = buildinfo.Short()
}

// Main runs rbcheck with args (without the program name) and returns the exit code.
func Main(env *Env, args []string) (code int) {
	// SIGINT, SIGTERM and SIGHUP remove every temporary directory,
	// throwaway cluster and scratch database made so far and exit with
	// 130, 143 or 129 (see internal/interrupt), whatever the command.
	defer interrupt.Listen()()
	defer interrupt.Settle()
	// whatever a command prints on stderr (file names, identifiers in
	// messages) reaches the terminal with its control characters escaped
	e := *env
	e.term = &stderrTerm{raw: env.Stderr}
	e.Stderr = e.term
	env = &e
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "rbcheck: internal error: %v\n", r)
			code = ExitError
		}
	}()
	if len(args) > 0 {
		switch args[0] {
		case "-h", "--help":
			topUsage(env.Stdout)
			return ExitOK
		case "--version":
			return commands["version"].Run(env, args[1:])
		}
		if c, ok := commands[args[0]]; ok {
			return c.Run(env, args[1:])
		}
	}
	return commands[defaultCommand].Run(env, args)
}

// commandNames lists the commands in alphabetical order.
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func topUsage(w io.Writer) {
	fmt.Fprint(w, `usage: rbcheck [OLD..NEW | OLD.. | --old DIR --new DIR] [flags]
       rbcheck COMMAND [flags] [arguments]

rbcheck tells whether a release can be rolled back: it reads the release's SQL
migrations and the previous release's Go code, and prints one verdict,
rollback-safe or roll-forward-only, with the evidence. Without a command it
runs check, the release verdict.

commands:
`)
	for _, n := range commandNames() {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].Short)
	}
	fmt.Fprint(w, `
examples:
  rbcheck v2.3.0..v2.4.0           # can v2.4.0 be rolled back to v2.3.0?
  rbcheck                          # the latest release tag against the work tree
  rbcheck --old DIR --new DIR      # two source trees, no git
  rbcheck history                  # the last known-good rollback target
  rbcheck lint db/migrations       # the migrations on their own

exit codes: 0 clean or rollback-safe, 1 findings or roll-forward-only,
2 usage, configuration, git or internal error.

Run 'rbcheck help COMMAND' (or rbcheck COMMAND -h) for a command's arguments,
examples and flags.
`)
}

// help prints the command's help: synopsis, description, arguments,
// examples, then flags.
func (c *Command) help(w io.Writer, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n", c.Usage)
	if c.Long != "" {
		fmt.Fprintf(w, "\n%s\n", wrap(c.Long, 78))
	}
	if len(c.Args) > 0 {
		fmt.Fprintln(w, "\narguments:")
		width := 0
		for _, a := range c.Args {
			width = max(width, len(a[0]))
		}
		for _, a := range c.Args {
			fmt.Fprintf(w, "  %-*s  %s\n", width, a[0], a[1])
		}
	}
	if len(c.Examples) > 0 {
		fmt.Fprintln(w, "\nexamples:")
		width := 0
		for _, e := range c.Examples {
			if cmd, _, ok := strings.Cut(e, " # "); ok {
				width = max(width, len(strings.TrimSpace(cmd)))
			}
		}
		for _, e := range c.Examples {
			cmd, comment, ok := strings.Cut(e, " # ")
			if ok {
				fmt.Fprintf(w, "  %-*s  # %s\n", width, strings.TrimSpace(cmd), strings.TrimSpace(comment))
			} else {
				fmt.Fprintf(w, "  %s\n", e)
			}
		}
	}
	if fs != nil && fs.HasFlags() {
		fmt.Fprintln(w, "\nflags:")
		fmt.Fprint(w, fs.FlagUsages())
	}
}

// wrap breaks s into lines of at most width bytes at spaces.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		if i > 0 {
			if n+1+len(word) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// usageError prints a usage error: the message, the command's synopsis and
// where its help is, on stderr; it returns ExitError.
func (e *Env) usageError(c *Command, format string, args ...any) int {
	e.Errorf(format, args...)
	fmt.Fprintf(e.Stderr, "usage: %s\n", c.Usage)
	name := c.Name
	if name == defaultCommand {
		fmt.Fprintln(e.Stderr, "run 'rbcheck help' for the commands, or 'rbcheck help check' for the release verdict's flags")
		return ExitError
	}
	fmt.Fprintf(e.Stderr, "run 'rbcheck help %s' for the arguments, examples and flags\n", name)
	return ExitError
}

// flagSet is a command's flags with the shared ones: --format (with
// exactly the command's formats) and --color.
type flagSet struct {
	*pflag.FlagSet
	cmd    *Command
	env    *Env
	format *string
	color  string
}

// flags returns a flag set for one run of c. format receives --format's
// value (nil when c has no formats: a private variable is used then).
func (c *Command) flags(env *Env, format *string) *flagSet {
	fs := &flagSet{FlagSet: pflag.NewFlagSet(c.Name, pflag.ContinueOnError), cmd: c, env: env, format: format}
	fs.SetOutput(io.Discard) // parse prints help and errors itself
	fs.Usage = func() {}
	fs.SortFlags = true
	if len(c.Formats) > 0 {
		if fs.format == nil {
			fs.format = new(string)
		}
		fs.StringVar(fs.format, "format", c.Formats[0], "output format: "+orList(c.Formats))
	}
	if c.Color {
		fs.StringVar(&fs.color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	}
	return fs
}

// parse parses args. When ok is false the command must return code: the
// help was printed (0) or a usage error (2).
func (fs *flagSet) parse(args []string) (code int, ok bool) {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fs.cmd.help(fs.env.Stdout, fs.FlagSet)
		return ExitOK, false
	}
	if err != nil {
		return fs.env.usageError(fs.cmd, "%s", flagErrText(err)), false
	}
	if fs.format != nil && !contains(fs.cmd.Formats, *fs.format) {
		return fs.env.usageError(fs.cmd, "unknown --format %q for %s: use %s", *fs.format, fs.cmd.commandLine(), orList(fs.cmd.Formats)), false
	}
	if fs.cmd.Color {
		switch fs.color {
		case "always":
			fs.env.color = true
		case "never":
			fs.env.color = false
		case "auto":
			fs.env.color = fs.env.StdoutTTY && fs.env.getenv("NO_COLOR") == "" && fs.env.getenv("TERM") != "dumb"
		default:
			return fs.env.usageError(fs.cmd, "--color %q: use auto, always or never", fs.color), false
		}
	}
	return ExitOK, true
}

// commandLine names the command as typed: "rbcheck lint", or "rbcheck" for
// the default command.
func (c *Command) commandLine() string {
	if c.Name == defaultCommand {
		return "the release verdict"
	}
	return "rbcheck " + c.Name
}

var strconvErr = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`: strconv\.Parse(Int|Uint|Bool|Float): parsing "[^"]*": (invalid syntax|value out of range)$`)
})

// flagErrText rewrites pflag's errors for people: `invalid argument "abc"
// for "--n" flag: strconv.ParseInt: parsing "abc": invalid syntax` becomes
// `invalid argument "abc" for "--n": not a number`.
func flagErrText(err error) string {
	s := err.Error()
	if m := strconvErr().FindStringSubmatch(s); m != nil {
		what := "not a number"
		switch {
		case m[1] == "Bool":
			what = "not true or false"
		case m[2] == "value out of range":
			what = "out of range"
		}
		s = s[:len(s)-len(m[0])] + ": " + what
	}
	if strings.HasPrefix(s, "invalid argument ") {
		s = strings.Replace(s, `" flag:`, `":`, 1)
	}
	return s
}

// orList joins values as "a, b or c".
func orList(v []string) string {
	if len(v) <= 1 {
		return strings.Join(v, "")
	}
	return strings.Join(v[:len(v)-1], ", ") + " or " + v[len(v)-1]
}

// openRepo opens the git repository of the working directory; outside one,
// the error says how to compare directories instead.
func openRepo(env *Env) (*gitrev.Repo, error) {
	repo, err := gitrev.Open(checkDir(env))
	if err != nil && strings.Contains(err.Error(), "not inside a git repository") {
		return nil, fmt.Errorf("%w\nhelp: compare two release directories without git: rbcheck --old DIR --new DIR", err)
	}
	return repo, err
}

func runHelp(env *Env, args []string) int {
	c := commands["help"]
	fs := c.flags(env, nil)
	if code, ok := fs.parse(args); !ok {
		return code
	}
	switch fs.NArg() {
	case 0:
		topUsage(env.Stdout)
		return ExitOK
	case 1:
	default:
		return env.usageError(c, "help takes one command, got %d arguments", fs.NArg())
	}
	name := fs.Arg(0)
	target, ok := commands[name]
	if !ok {
		return env.usageError(c, "unknown command %q%s", name, suggestCommand(name))
	}
	// the target's flags, to list them: run it with -h
	return target.Run(env, []string{"-h"})
}

// suggestCommand returns "; did you mean …?" for a mistyped command name.
func suggestCommand(name string) string {
	s := config.Suggest(name, commandNames())
	if len(s) == 0 {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", s[0])
}

func runVersion(env *Env, args []string) int {
	c := commands["version"]
	var format string
	fs := c.flags(env, &format)
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return env.usageError(c, "version takes no arguments")
	}
	in := buildinfo.Read()
	if format == "json" {
		return writeJSON(env, struct {
			RbcheckVersion string `json:"rbcheck_version"`
			buildinfo.Info
		}{in.Short(), in})
	}
	fmt.Fprint(env.Stdout, in.String())
	return ExitOK
}

// writeJSON prints v as indented JSON on stdout.
func writeJSON(env *Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	return ExitOK
}

// Errorf prints one error to stderr, prefixed with "rbcheck: ". Control
// characters (from file names or SQL identifiers in the message) are
// escaped; line breaks stay.
func (e *Env) Errorf(format string, args ...any) {
	if interrupt.Stopping() {
		return // the failure is the removal the signal handler is doing; it reports that itself
	}
	msg := fmt.Sprintf(strings.TrimSuffix(format, "\n"), args...)
	fmt.Fprintf(e.Stderr, "rbcheck: %s\n", report.EscapeLines(msg))
}

// Notef prints one note to stderr, prefixed with "rbcheck: ", escaped like
// Errorf.
func (e *Env) Notef(format string, args ...any) {
	msg := fmt.Sprintf(strings.TrimSuffix(format, "\n"), args...)
	fmt.Fprintf(e.Stderr, "rbcheck: %s\n", report.EscapeLines(msg))
}

// DefaultEnv is the process environment.
func DefaultEnv() *Env {
	return &Env{
		Stdout: os.Stdout, Stderr: os.Stderr,
		StdoutTTY: isTerminal(os.Stdout), StderrTTY: isTerminal(os.Stderr),
		Getenv: os.Getenv,
	}
}

// isTerminal reports whether f is a terminal: a character device other
// than /dev/null. (A stricter isatty needs an ioctl per OS; this is what
// decides colour and progress, and a wrong "yes" for another character
// device costs only escape codes.)
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(st, null) {
		return false
	}
	return true
}
