// Command gendoc writes the library table of docs/go-analysis.md from the
// descriptors in analyzer/internal/libs (run by `go generate ./analyzer`).
package main

import (
	"fmt"
	"os"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendoc docs/go-analysis.md")
		os.Exit(2)
	}
	path := os.Args[1]
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := libs.ReplaceTable(string(data))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
		os.Exit(1)
	}
	if out == string(data) {
		return
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
