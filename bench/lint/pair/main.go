// Command pair measures rbcheck lint against squawk on one corpus, in
// paired runs (each run times both tools one right after the other, in
// alternating order, so a busy machine slows both alike), and prints the
// medians and the median of the per-run ratios (below 1: rbcheck is
// faster or smaller). bench/lint/run.sh builds the tools and calls it.
//
//	pair -rbcheck BIN -squawk BIN [-floor BIN] [-runs N] [-per-file] [-x16 DIR] [-rt] CORPUS
//
// CORPUS holds db/migrations/*.sql. Measured:
//   - whole directory: `rbcheck lint --format json db/migrations` against
//     `squawk --reporter json db/migrations/*.sql`: wall, CPU (user+sys),
//     peak RSS;
//   - with -per-file, one process per file, as pre-commit hooks and
//     editors call a linter: the summed wall time over all files;
//   - with -floor, the raw-parse floor (bench/lint/floor: libpg_query's
//     parser alone, one thread) against rbcheck's whole-directory wall;
//   - with -x16, the same corpus 16 times over (DIR): rbcheck's and
//     squawk's peak RSS, and rbcheck's growth from 1x to 16x.
//
// With -rt (Linux, as root) every measured process runs under the
// real-time policy SCHED_RR, ahead of every ordinary process: on a machine
// shared with other work this measures what a quiet machine would show
// (the other processes wait for the fraction of a second a run takes;
// the kernel's real-time throttling still leaves them 5 % of each second).
// Without it, load slows squawk more than rbcheck, and idle cores of one
// tool are filled by other processes and hidden.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

type sample struct {
	wall, cpu float64 // seconds
	rss       float64 // MiB
}

// run runs argv in dir, discarding its output; exit codes 0 and 1 are
// success (1 means findings).
func run(dir string, argv ...string) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	var errb strings.Builder
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v\n%.500s", strings.Join(argv, " "), err, errb.String())
	}
	s := sample{wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.cpu = tv(ru.Utime) + tv(ru.Stime)
		s.rss = float64(ru.Maxrss) / 1024
	}
	return s, nil
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// pairs runs a and b runs times, alternating which goes first, and returns
// their samples.
func pairs(runs int, a, b func() (sample, error)) (as, bs []sample, err error) {
	for r := 0; r < runs; r++ {
		first, second := a, b
		if r%2 == 1 {
			first, second = b, a
		}
		x, err := first()
		if err != nil {
			return nil, nil, err
		}
		y, err := second()
		if err != nil {
			return nil, nil, err
		}
		if r%2 == 1 {
			x, y = y, x
		}
		as, bs = append(as, x), append(bs, y)
	}
	return as, bs, nil
}

// row prints a metric of both tools and the median of the per-run ratios.
func row(name, unit string, as, bs []sample, get func(sample) float64) {
	var av, bv, ratios []float64
	for i := range as {
		av, bv = append(av, get(as[i])), append(bv, get(bs[i]))
		if get(bs[i]) > 0 {
			ratios = append(ratios, get(as[i])/get(bs[i]))
		}
	}
	fmt.Printf("  %-34s rbcheck %8.3f %-3s  squawk %8.3f %-3s  ratio %.2f\n", name, median(av), unit, median(bv), unit, median(ratios))
}

func main() {
	rb := flag.String("rbcheck", "", "rbcheck binary")
	sq := flag.String("squawk", "", "squawk binary (the native one, not the node wrapper)")
	floor := flag.String("floor", "", "raw-parse floor binary (bench/lint/floor)")
	runs := flag.Int("runs", 3, "paired runs of each measurement")
	perFile := flag.Bool("per-file", false, "also time one process per file")
	x16 := flag.String("x16", "", "corpus directory holding the same files 16 times over")
	rt := flag.Bool("rt", false, "run the measured processes under SCHED_RR (Linux, root): quiet-machine numbers on a shared machine")
	flag.Parse()
	if *rt {
		if err := realTime(); err != nil {
			fmt.Fprintln(os.Stderr, "pair: -rt:", err)
			os.Exit(1)
		}
		fmt.Println("processes run under SCHED_RR (-rt)")
	}
	if flag.NArg() != 1 || *rb == "" || *sq == "" {
		fmt.Fprintln(os.Stderr, "usage: pair -rbcheck BIN -squawk BIN [-floor BIN] [-runs N] [-per-file] [-x16 DIR] [-rt] CORPUS")
		os.Exit(2)
	}
	if err := measure(flag.Arg(0), *rb, *sq, *floor, *x16, *runs, *perFile); err != nil {
		fmt.Fprintln(os.Stderr, "pair:", err)
		os.Exit(1)
	}
}

func sqlFiles(dir string) ([]string, int64, error) {
	files, err := filepath.Glob(filepath.Join(dir, "db", "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		return nil, 0, fmt.Errorf("no db/migrations/*.sql in %s", dir)
	}
	sort.Strings(files)
	var size int64
	for i, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, 0, err
		}
		size += st.Size()
		files[i], _ = filepath.Rel(dir, f)
	}
	return files, size, nil
}

func measure(dir, rb, sq, floor, x16 string, runs int, perFile bool) error {
	files, size, err := sqlFiles(dir)
	if err != nil {
		return err
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("corpus %s: %d files, %.2f MB; %d paired runs; load average %s\n", dir, len(files), float64(size)/1e6, runs, strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " "))

	rbDir := func() (sample, error) { return run(dir, rb, "lint", "--format", "json", "db/migrations") }
	sqDir := func() (sample, error) {
		return run(dir, append([]string{sq, "--reporter", "json"}, files...)...)
	}
	// warm the page cache and the binaries
	if _, err := rbDir(); err != nil {
		return err
	}
	if _, err := sqDir(); err != nil {
		return err
	}
	as, bs, err := pairs(runs, rbDir, sqDir)
	if err != nil {
		return err
	}
	fmt.Println("whole directory:")
	row("wall", "s", as, bs, func(s sample) float64 { return s.wall })
	row("cpu (user+sys)", "s", as, bs, func(s sample) float64 { return s.cpu })
	row("peak RSS", "MiB", as, bs, func(s sample) float64 { return s.rss })
	row("cores busy (cpu / wall)", "", as, bs, func(s sample) float64 { return s.cpu / s.wall })

	if floor != "" {
		fl := func() (sample, error) { return run(dir, floor, "db/migrations") }
		fs, rs, err := pairs(runs, fl, rbDir)
		if err != nil {
			return err
		}
		var fw, rw, fc, rc, ratios []float64
		for i := range fs {
			fw, rw = append(fw, fs[i].wall), append(rw, rs[i].wall)
			fc, rc = append(fc, fs[i].cpu), append(rc, rs[i].cpu)
			ratios = append(ratios, rs[i].wall/fs[i].wall)
		}
		fmt.Printf("raw-parse floor (libpg_query's parser alone, one thread):\n")
		fmt.Printf("  %-34s lint %8.3f s    floor %8.3f s    ratio %.2f (cpu %.3f s vs %.3f s)\n", "wall", median(rw), median(fw), median(ratios), median(rc), median(fc))
	}

	if perFile {
		var ap, bp []sample
		for r := 0; r < runs; r++ {
			var a, b sample
			for i, f := range files {
				x, y := func() (sample, error) { return run(dir, rb, "lint", "--format", "json", f) },
					func() (sample, error) { return run(dir, sq, "--reporter", "json", f) }
				if (i+r)%2 == 1 {
					x, y = y, x
				}
				s1, err := x()
				if err != nil {
					return err
				}
				s2, err := y()
				if err != nil {
					return err
				}
				if (i+r)%2 == 1 {
					s1, s2 = s2, s1
				}
				a.wall, a.cpu = a.wall+s1.wall, a.cpu+s1.cpu
				b.wall, b.cpu = b.wall+s2.wall, b.cpu+s2.cpu
			}
			ap, bp = append(ap, a), append(bp, b)
		}
		fmt.Printf("one process per file (%d processes each):\n", len(files))
		row("wall (sum)", "s", ap, bp, func(s sample) float64 { return s.wall })
		row("cpu (sum)", "s", ap, bp, func(s sample) float64 { return s.cpu })
	}

	if x16 != "" {
		files16, size16, err := sqlFiles(x16)
		if err != nil {
			return err
		}
		r16 := func() (sample, error) { return run(x16, rb, "lint", "--format", "json", "db/migrations") }
		s16 := func() (sample, error) {
			return run(x16, append([]string{sq, "--reporter", "json"}, files16...)...)
		}
		as16, bs16, err := pairs(max(1, runs/2), r16, s16)
		if err != nil {
			return err
		}
		fmt.Printf("16x corpus (%d files, %.1f MB):\n", len(files16), float64(size16)/1e6)
		row("wall", "s", as16, bs16, func(s sample) float64 { return s.wall })
		row("peak RSS", "MiB", as16, bs16, func(s sample) float64 { return s.rss })
		var r1, r16v, q1, q16 []float64
		for _, s := range as {
			r1 = append(r1, s.rss)
		}
		for _, s := range bs {
			q1 = append(q1, s.rss)
		}
		for _, s := range as16 {
			r16v = append(r16v, s.rss)
		}
		for _, s := range bs16 {
			q16 = append(q16, s.rss)
		}
		fmt.Printf("  %-34s rbcheck %.2f   squawk %.2f\n", "peak RSS growth 1x -> 16x", median(r16v)/median(r1), median(q16)/median(q1))
	}
	return nil
}
