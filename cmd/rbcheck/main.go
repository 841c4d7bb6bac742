// Command rbcheck tells whether a release can be rolled back. See the README.
package main

import (
	"os"

	"github.com/rbcheck/rbcheck/internal/cli"
)

func main() {
	os.Exit(cli.Main(cli.DefaultEnv(), os.Args[1:]))
}
