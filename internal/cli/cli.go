// Package cli implements rbcheck's command line. Each sub-command lives in
// its own file and registers itself from init; cmd/rbcheck is a thin main.
package cli

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
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
}

// Command is one sub-command.
type Command struct {
	Name  string
	Short string // one line for the usage list
	Run   func(env *Env, args []string) int
}

var commands = map[string]*Command{}

// defaultCommand runs when the first argument is not a sub-command name
// (e.g. `rbcheck v2.3.0..v2.4.0` or `rbcheck --old A --new B`).
var defaultCommand = "check"

func register(c *Command) { commands[c.Name] = c }

// Main runs rbcheck with args (without the program name) and returns the exit code.
func Main(env *Env, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "rbcheck: internal error: %v\n", r)
			code = ExitError
		}
	}()
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "--help":
			usage(env.Stderr)
			return ExitOK
		}
		if c, ok := commands[args[0]]; ok {
			return c.Run(env, args[1:])
		}
	}
	if c, ok := commands[defaultCommand]; ok {
		return c.Run(env, args)
	}
	usage(env.Stderr)
	return ExitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: rbcheck [OLD..NEW | --old DIR --new DIR] [flags]")
	fmt.Fprintln(w, "       rbcheck COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Short)
	}
	fmt.Fprintln(w, "\nexit codes: 0 clean or rollback-safe, 1 findings or roll-forward-only, 2 usage, config, git or internal error")
}

// Errorf prints one error line to stderr, prefixed with "rbcheck: ".
func (e *Env) Errorf(format string, args ...any) {
	fmt.Fprintf(e.Stderr, "rbcheck: "+strings.TrimSuffix(format, "\n")+"\n", args...)
}

// DefaultEnv is the process environment.
func DefaultEnv() *Env { return &Env{Stdout: os.Stdout, Stderr: os.Stderr} }
