// Command floor is the lint benchmark's floor: it reads every .sql file of
// a directory and parses it with libpg_query's raw parser alone (no output
// tree, no translation, no rules), one file after another on one thread.
// bench/lint/run.sh compares rbcheck lint's time with it.
//
//	go run ./bench/lint/floor DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/rbcheck/rbcheck/internal/pgparse"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor DIR")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(1)
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.sql"))
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "floor: no .sql files in", os.Args[1])
		os.Exit(2)
	}
	sort.Strings(files)
	stmts, bytes := 0, 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(2)
		}
		n, _ := pgparse.RawParse(string(src))
		stmts += n
		bytes += len(src)
	}
	fmt.Printf("%d files, %d bytes, %d statements\n", len(files), bytes, stmts)
}
