// Command squawkcmp compares rbcheck's rules with squawk's on the snippets
// of snippets.sql: for each snippet, does squawk's rule fire, does one of
// the rbcheck rules that catch the same hazard fire, and which of the two
// is right about the snippet (its `hazard:` header).
//
//	npm install squawk-cli@2.66.0          # anywhere; pass the binary with -squawk
//	go run ./bench/squawkcmp -squawk node_modules/.bin/squawk
//	go run ./bench/squawkcmp -squawk … -rbcheck-rules all   # every rbcheck rule, opt-in ones too
//
// Both tools run with their default rule sets (squawk without a config
// file) and the same Postgres version (15 unless a snippet says `pg:`).
// rbcheck lints each snippet in-process as one migration file (plain
// format unless the snippet says `format:`); statements above a
// `-- migration` line are rbcheck's baseline schema and are not shown to
// squawk.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/rules"
)

type snippet struct {
	name, squawk, why string
	rbcheck           []string
	hazard            bool
	pg                int
	format            migrations.Format
	baseline, sql     string
}

func main() {
	sq := flag.String("squawk", "squawk", "squawk 2.66.0 binary")
	path := flag.String("snippets", filepath.Join("bench", "squawkcmp", "snippets.sql"), "snippet file")
	ruleSet := flag.String("rbcheck-rules", "default", `"default" (rbcheck's default rule set) or "all"`)
	flag.Parse()
	snips, err := parse(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "squawkcmp:", err)
		os.Exit(2)
	}
	tmp, err := os.MkdirTemp("", "squawkcmp-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "squawkcmp:", err)
		os.Exit(2)
	}
	defer os.RemoveAll(tmp)
	var agree, sqOnly, rbOnly, sqRight, rbRight int
	fmt.Printf("%-36s %-7s %-7s %-7s %s\n", "snippet", "hazard", "squawk", "rbcheck", "note")
	for i, s := range snips {
		sqFired, err := runSquawk(*sq, tmp, i, s)
		if err != nil {
			fmt.Fprintf(os.Stderr, "squawkcmp: %s: %v\n", s.name, err)
			os.Exit(2)
		}
		rbFired, err := runRbcheck(s, *ruleSet == "all")
		if err != nil {
			fmt.Fprintf(os.Stderr, "squawkcmp: %s: %v\n", s.name, err)
			os.Exit(2)
		}
		note := ""
		switch {
		case sqFired == rbFired:
			agree++
		case sqFired:
			sqOnly++
			note = "only squawk fires"
		default:
			rbOnly++
			note = "only rbcheck fires"
		}
		if sqFired == s.hazard {
			sqRight++
		}
		if rbFired == s.hazard {
			rbRight++
		}
		if note != "" && s.why != "" {
			note += ": " + s.why
		}
		fmt.Printf("%-36s %-7s %-7s %-7s %s\n", s.name, yes(s.hazard), yes(sqFired), yes(rbFired), note)
	}
	n := len(snips)
	fmt.Printf("\n%d snippets: the tools agree on %d (only squawk fires on %d, only rbcheck on %d); "+
		"right about the hazard: squawk %d, rbcheck %d (rbcheck rules: %s)\n", n, agree, sqOnly, rbOnly, sqRight, rbRight, *ruleSet)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// parse reads the snippet file.
func parse(path string) ([]snippet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []snippet
	var cur *snippet
	var body []string
	flush := func() error {
		if cur == nil {
			return nil
		}
		text := strings.Join(body, "\n")
		if base, mig, ok := strings.Cut(text, "\n-- migration\n"); ok {
			// Keep line numbers: the baseline's lines are blank in the
			// migration and the other way round.
			cur.baseline = base
			cur.sql = strings.Repeat("\n", strings.Count(base, "\n")+1) + mig
		} else {
			cur.sql = text
		}
		if cur.squawk == "" || len(cur.rbcheck) == 0 {
			return fmt.Errorf("%s: snippet %s lacks squawk: or rbcheck:", path, cur.name)
		}
		out = append(out, *cur)
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "-- name: "); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			cur, body = &snippet{name: strings.TrimSpace(v), pg: 15, format: migrations.FormatPlain}, nil
			continue
		}
		if cur == nil {
			continue
		}
		if len(body) == 0 {
			if v, ok := strings.CutPrefix(line, "-- squawk: "); ok {
				cur.squawk = strings.TrimSpace(v)
				continue
			}
			if v, ok := strings.CutPrefix(line, "-- rbcheck: "); ok {
				for _, r := range strings.Split(v, ",") {
					cur.rbcheck = append(cur.rbcheck, strings.TrimSpace(r))
				}
				continue
			}
			if v, ok := strings.CutPrefix(line, "-- hazard: "); ok {
				cur.hazard = strings.TrimSpace(v) == "yes"
				continue
			}
			if v, ok := strings.CutPrefix(line, "-- why: "); ok {
				cur.why = strings.TrimSpace(v)
				continue
			}
			if v, ok := strings.CutPrefix(line, "-- pg: "); ok {
				cur.pg, _ = strconv.Atoi(strings.TrimSpace(v))
				continue
			}
			if v, ok := strings.CutPrefix(line, "-- format: "); ok {
				cur.format = migrations.ParseFormat(strings.TrimSpace(v))
				continue
			}
		}
		if strings.TrimSpace(line) == "" && len(body) == 0 {
			continue
		}
		body = append(body, line)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, sc.Err()
}

// runSquawk reports whether squawk's rule fires on the snippet.
func runSquawk(bin, dir string, i int, s snippet) (bool, error) {
	p := filepath.Join(dir, fmt.Sprintf("%03d_%s.sql", i, s.name))
	if err := os.WriteFile(p, []byte(s.sql+"\n"), 0o644); err != nil {
		return false, err
	}
	cmd := exec.Command(bin, "--reporter", "json", "--pg-version", strconv.Itoa(s.pg)+".0", p)
	out, err := cmd.Output()
	if err != nil {
		// squawk exits 1 when it reports something.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			return false, fmt.Errorf("squawk: %v", err)
		}
	}
	var vs []struct {
		RuleName string `json:"rule_name"`
	}
	if err := json.Unmarshal(out, &vs); err != nil {
		return false, fmt.Errorf("squawk output: %v: %s", err, out)
	}
	for _, v := range vs {
		if v.RuleName == "syntax-error" {
			return false, fmt.Errorf("squawk cannot parse the snippet")
		}
		if v.RuleName == s.squawk {
			return true, nil
		}
	}
	return false, nil
}

var fileNames = map[migrations.Format]string{
	migrations.FormatGoose: "00001_snippet.sql",
	migrations.FormatPlain: "0001_snippet.sql",
}

// runRbcheck reports whether one of the snippet's rbcheck rules fires.
func runRbcheck(s snippet, all bool) (bool, error) {
	base := catalog.NewCatalog()
	if strings.TrimSpace(s.baseline) != "" {
		stmts, errs := pgparse.Parse("baseline.sql", s.baseline)
		if len(errs) > 0 {
			return false, fmt.Errorf("baseline: %v", errs[0])
		}
		for _, st := range stmts {
			base.Apply(st, catalog.Existing)
		}
	}
	name := fileNames[s.format]
	if name == "" {
		return false, fmt.Errorf("format %q is not supported here", s.format)
	}
	fsys := fstest.MapFS{"m/" + name: {Data: []byte(s.sql)}}
	set := migrations.LoadFiles(fsys, []string{"m/" + name}, migrations.Options{Format: s.format})
	if len(set.Files) != 1 {
		return false, fmt.Errorf("the loader found %d files", len(set.Files))
	}
	opts := lint.Options{PGVersion: s.pg}
	if all {
		for _, r := range rules.All() {
			opts.Enable = append(opts.Enable, r.Name)
		}
	}
	res := lint.Run(base, set.Files, opts)
	if len(res.Errors) > 0 {
		return false, fmt.Errorf("rbcheck: %v", res.Errors[0])
	}
	for _, f := range res.Findings {
		for _, r := range s.rbcheck {
			if f.Rule == r {
				return true, nil
			}
		}
	}
	return false, nil
}
