// Command gen writes the lint benchmark corpus: realistic golang-migrate up
// files (default at least 3 MB) into a directory.
//
//	go run ./bench/lint/gen -out /tmp/corpus/db/migrations -mb 3 -seed 1
//	go run ./bench/lint/gen -single /tmp/one/db/migrations/000001_big.up.sql -mb 100
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/rbcheck/rbcheck/bench/lint/corpus"
)

func main() {
	out := flag.String("out", "", "directory to write the migrations into (required)")
	mb := flag.Float64("mb", 3, "minimum corpus size in megabytes")
	seed := flag.Int64("seed", 1, "random seed; the same seed writes the same corpus")
	hostile := flag.Bool("hostile", false, "write the hostile robustness corpus instead")
	single := flag.String("single", "", "write one migration file of -mb megabytes at this path instead (-out is then not needed)")
	flag.Parse()
	if *single != "" {
		size, err := corpus.RealisticFile(*single, *seed, int(*mb*1e6))
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Printf("%d bytes in %s\n", size, *single)
		return
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	if *hostile {
		files, err := corpus.WriteHostile(*out, int(*mb*1e6))
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Printf("%d hostile files in %s\n", len(files), *out)
		return
	}
	n, size, err := corpus.Realistic(*out, *seed, int(*mb*1e6))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d bytes in %s\n", n, size, *out)
}
