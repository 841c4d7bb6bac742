// Command gen writes the release-verdict benchmark repository (see package
// bench/release) and prints, for every release, what it changes and the
// verdict the generator's model expects:
//
//	expect v1.1.0 rollback-safe
//	history v1.0.0 unsafe          (rolling back from the last release)
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/rbcheck/rbcheck/bench/release"
)

func main() {
	out := flag.String("out", "", "directory to create the git repository in")
	small := flag.Bool("small", false, "the test's size (about 40 Go files, 3 releases)")
	releases := flag.Int("releases", 0, "number of releases (default 20, or 3 with -small)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	cfg := release.Big()
	if *small {
		cfg = release.Small()
	}
	if *releases > 0 {
		cfg.Releases = *releases
	}
	plan, err := release.Generate(*out, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	last := len(plan.Releases) - 1
	for k, r := range plan.Releases {
		fmt.Printf("# %s: %d Go files, %d migrations (%d new)\n", r.Tag, r.GoFiles, r.Migrations, r.NewUps)
		for _, c := range r.Changes {
			fmt.Printf("#   %s\n", c)
		}
		if k > 0 {
			e := plan.Expect(k-1, k)
			fmt.Printf("expect %s %s\n", r.Tag, e.Verdict())
		}
	}
	for k := last - 1; k >= 0; k-- {
		e := plan.Expect(k, last)
		v := "safe"
		if e.Unsafe {
			v = "unsafe"
		}
		fmt.Printf("history %s %s\n", plan.Releases[k].Tag, v)
	}
}
