// Command rusage runs a command and prints its wall time and peak resident
// set size (the largest of its process tree, from getrusage) as
// "wall_seconds max_rss_kb" on stderr; a stand-in for /usr/bin/time -f.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: rusage COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var maxRSS int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			maxRSS = ru.Maxrss
		}
	}
	// children of the child (go vet's vet processes) are accounted too
	var self syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &self) == nil && self.Maxrss > maxRSS {
		maxRSS = self.Maxrss
	}
	fmt.Fprintf(os.Stderr, "%.2f %d\n", wall.Seconds(), maxRSS)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		os.Exit(1)
	}
}
