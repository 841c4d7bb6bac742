package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/internal/verdict"
)

func init() {
	register(&Command{
		Name:  "history",
		Short: "for each older release tag: can REV be rolled back to it? names the last known-good target",
		Usage: "rbcheck history [--from REV] [-n N] [flags]",
		Long: "History runs the release verdict from REV back to each of the N release tags before it, newest " +
			"version first, and names the last known-good rollback target: the oldest release you can roll back to " +
			"without passing a release that breaks. The releases are the tags in REV's history and, since minor " +
			"releases are often tagged on release branches, the version tags on other branches that are older " +
			"than REV's release (marked *, compared tree to tree). Pre-release tags (-rc.1, -pre.0, -beta) are " +
			"skipped unless --include-prereleases. Keep its answer with the release notes.",
		Examples: []string{
			"rbcheck history # HEAD against the 10 release tags before it",
			"rbcheck history --from v2.4.1 -n 3",
			"rbcheck history --include-prereleases # release candidates too",
			"rbcheck history --format json",
		},
		Formats: []string{"text", "json"},
		Color:   true,
		Run:     runHistory,
	})
}

// historyRelease is one row of `rbcheck history`.
type historyRelease struct {
	Tag    string `json:"tag"`
	Commit string `json:"commit"`
	// OtherBranch: the tag is not in REV's history (a release branch's
	// tag, older by version): its tree is compared with REV's.
	OtherBranch bool                `json:"other_branch"`
	Rollback    string              `json:"rollback"` // safe | unsafe | unknown | error
	Blocking    []historyBlocking   `json:"blocking"`
	Unread      []report.JSONUnread `json:"unread"`
	Error       string              `json:"error"`
}

type historyBlocking struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	OldCode string `json:"old_code"` // file:line of the first old-code site, "" when none
}

type historyJSON struct {
	RbcheckVersion string           `json:"rbcheck_version"`
	From           string           `json:"from"`
	Commit         string           `json:"commit"`
	Releases       []historyRelease `json:"releases"`
	LastKnownGood  string           `json:"last_known_good"`
	FirstUnsafe    string           `json:"first_unsafe"`
	// FirstUnchecked is the first older release rbcheck could not decide
	// (unknown or error) before any unsafe one: nothing past it is known-good.
	FirstUnchecked string `json:"first_unchecked"`
	// SkippedPrereleases are the pre-release tags passed over among the
	// releases listed (--include-prereleases checks them).
	SkippedPrereleases []string `json:"skipped_prereleases"`
}

func runHistory(env *Env, args []string) int {
	cmd := commands["history"]
	f := newCheckFlags(cmd, env)
	from := f.fs.String("from", "HEAD", "the release to roll back from")
	n := f.fs.IntP("n", "n", 10, "how many older releases to check")
	includePre := f.fs.Bool("include-prereleases", false, "also check pre-release tags (v2.2.0-rc.1, -pre.0, -beta: a semver pre-release part), which are skipped by default")
	if code, ok := f.fs.parse(args); !ok {
		return code
	}
	if f.fs.NArg() > 0 {
		return env.usageError(cmd, "history takes no arguments: use --from REV and -n N")
	}
	defer gitrev.Cleanup()
	prog := startProgress(env)
	defer prog.finish()

	repo, err := openRepo(env)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	prog.set("reading %s", *from)
	newT, err := gitTree(repo, *from) // only the old releases' Go code is read
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	cfg, err := f.treeConfig(env, newT)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	sel, err := olderReleases(repo, cfg.Release.TagPattern, *from, newT.Commit, *includePre)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	tags := sel.tags
	if repo.Shallow {
		older := 0
		for _, tg := range tags {
			if tg.Commit != newT.Commit {
				older++
			}
		}
		if older == 0 {
			// not "no older release": the history that holds them is not here
			env.Errorf("no older release tag matching %q is reachable from %s in this shallow clone: the older releases are not fetched\nhelp: fetch the full history and the tags (actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0; or git fetch --unshallow --tags)", cfg.Release.TagPattern, *from)
			return ExitError
		}
		fmt.Fprintf(env.Stderr, "rbcheck: this is a shallow clone: releases older than its history are not listed (git fetch --unshallow --tags)\n")
	}
	out := historyJSON{RbcheckVersion: report.Version, From: *from, Commit: newT.Commit, Releases: []historyRelease{}, SkippedPrereleases: []string{}}
	opts := verdictOptions(cfg)
	stillGood := true
	byCommit := map[string]historyRelease{}
	for _, tg := range tags {
		if len(out.Releases) >= *n {
			break
		}
		if tg.Commit == newT.Commit {
			continue // the release itself
		}
		if sel.pre[tg.Name] {
			out.SkippedPrereleases = append(out.SkippedPrereleases, tg.Name)
			continue
		}
		rel, ok := byCommit[tg.Commit]
		if ok {
			// another tag of a commit already checked: the same trees
			rel.Tag, rel.OtherBranch = tg.Name, sel.other[tg.Name]
		} else {
			prog.set("rolling back %s to %s (%d of at most %d): reading %s's Go code", *from, tg.Name, len(out.Releases)+1, *n, tg.Name)
			rel = checkRelease(repo, tg, sel.other[tg.Name], newT, opts)
			byCommit[tg.Commit] = rel
		}
		if rel.Rollback == "safe" && stillGood {
			out.LastKnownGood = tg.Name
		} else if stillGood {
			stillGood = false
			if rel.Rollback == "unsafe" {
				out.FirstUnsafe = tg.Name
			} else {
				out.FirstUnchecked = tg.Name
			}
		}
		out.Releases = append(out.Releases, rel)
	}
	prog.finish()
	if f.format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
		return ExitOK
	}
	st := env.style()
	esc := report.Escape
	fmt.Fprintf(env.Stdout, "rolling back from %s (%s):\n\n", esc(*from), short(newT.Commit))
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RELEASE\tROLLBACK\tWHY NOT")
	others := 0
	for _, r := range out.Releases {
		why := ""
		switch {
		case r.Error != "":
			why = r.Error
		case len(r.Unread) > 0:
			u := r.Unread[0]
			why = "not read: "
			if u.File != "" {
				why += fmt.Sprintf("%s (%s)", position(u.File, u.Line), u.Kind)
			} else {
				why += u.Kind
			}
			if len(r.Unread) > 1 {
				why += fmt.Sprintf(" and %d more", len(r.Unread)-1)
			}
			why += "; rbcheck " + r.Tag + ".." + *from + " says what and how to fix it"
		case len(r.Blocking) > 0:
			b := r.Blocking[0]
			why = fmt.Sprintf("%s:%d %s", b.File, b.Line, b.Rule)
			if b.OldCode != "" {
				why += " (used at " + b.OldCode + ")"
			}
			if len(r.Blocking) > 1 {
				why += fmt.Sprintf(" and %d more", len(r.Blocking)-1)
			}
		}
		tag := esc(r.Tag)
		if r.OtherBranch {
			tag += " *"
			others++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", tag, r.Rollback, esc(oneLineText(why)))
	}
	_ = tw.Flush()
	writeHistoryTable(env, table.String(), st)
	fmt.Fprintln(env.Stdout)
	if others > 0 {
		fmt.Fprintf(env.Stdout, "* not in %s's history (tagged on another branch), older by version: its tree is compared with %s's\n", esc(*from), esc(*from))
	}
	if k := len(out.SkippedPrereleases); k > 0 {
		names := strings.Join(out.SkippedPrereleases, ", ")
		if k > 3 {
			names = strings.Join(out.SkippedPrereleases[:3], ", ") + ", …"
		}
		fmt.Fprintf(env.Stdout, "%s skipped (%s): --include-prereleases checks them too\n", plural(k, "pre-release tag"), esc(names))
	}
	if others > 0 || len(out.SkippedPrereleases) > 0 {
		fmt.Fprintln(env.Stdout)
	}
	switch {
	case len(out.Releases) == 0:
		fmt.Fprintf(env.Stdout, "no older release tag matching %q before %s\n", cfg.Release.TagPattern, esc(*from))
	case out.LastKnownGood == "" && out.FirstUnchecked != "":
		fmt.Fprintf(env.Stdout, "%s: rbcheck could not check rolling back to %s (see above)\n", st.Warn("no known-good rollback target"), esc(out.FirstUnchecked))
	case out.LastKnownGood == "":
		fmt.Fprintf(env.Stdout, "%s: %s cannot be rolled back past itself (first unsafe: %s)\n", st.Bad("no safe rollback target"), esc(*from), esc(out.FirstUnsafe))
	default:
		fmt.Fprintf(env.Stdout, "last known-good rollback target: %s\n", st.Good(esc(out.LastKnownGood)))
		if out.FirstUnsafe != "" {
			fmt.Fprintf(env.Stdout, "you cannot go back past %s: rolling back to %s breaks (see above)\n", esc(out.LastKnownGood), st.Bad(esc(out.FirstUnsafe)))
		}
		if out.FirstUnchecked != "" {
			fmt.Fprintf(env.Stdout, "rbcheck could not check rolling back past %s to %s (see above): until it can, treat %s as the limit\n", esc(out.LastKnownGood), st.Warn(esc(out.FirstUnchecked)), esc(out.LastKnownGood))
		}
	}
	return ExitOK
}

// checkRelease is one row of history: can newT be rolled back to tag tg?
func checkRelease(repo *gitrev.Repo, tg gitrev.Tag, other bool, newT verdict.Tree, opts verdict.Options) historyRelease {
	rel := historyRelease{Tag: tg.Name, Commit: tg.Commit, OtherBranch: other, Blocking: []historyBlocking{}, Unread: []report.JSONUnread{}}
	oldT, err := gitTree(repo, tg.Name) // read from git: nothing written
	if err != nil {
		rel.Rollback, rel.Error = "error", err.Error()
		return rel
	}
	res, err := verdict.Check(oldT, newT, opts)
	switch {
	case err != nil:
		rel.Rollback, rel.Error = "error", err.Error()
	case res.Verdict == verdict.RollbackSafe:
		rel.Rollback = "safe"
	case res.Verdict == verdict.Unknown:
		rel.Rollback = "unknown"
		rel.Unread = report.VerdictJSON(res).Unread
	default:
		rel.Rollback = "unsafe"
		for _, it := range res.Findings {
			if !it.Blocking {
				continue
			}
			b := historyBlocking{Rule: it.Rule, File: it.Pos.File, Line: it.Pos.Line, Message: it.Message}
			if len(it.Evidence.Confirmed) > 0 {
				s := it.Evidence.Confirmed[0]
				b.OldCode = fmt.Sprintf("%s:%d", s.File, s.Line)
			}
			rel.Blocking = append(rel.Blocking, b)
		}
	}
	return rel
}

func position(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// writeHistoryTable prints the aligned table, with colours: the heading in
// bold, each ROLLBACK cell green (safe) or red. The table is aligned
// without colours first, so that escape codes do not count as width.
func writeHistoryTable(env *Env, table string, st report.Style) {
	lines := strings.SplitAfter(table, "\n")
	col := -1
	if len(lines) > 0 {
		col = strings.Index(lines[0], "ROLLBACK")
	}
	for i, l := range lines {
		switch {
		case !st.Color || l == "" || col < 0:
		case i == 0:
			l = st.Heading(strings.TrimSuffix(l, "\n")) + "\n"
		case len(l) > col:
			cell := strings.TrimSuffix(l[col:], "\n")
			word, rest, cut := strings.Cut(cell, " ")
			painted := st.Bad(word)
			if word == "safe" {
				painted = st.Good(word)
			}
			if cut {
				rest = " " + rest
			}
			l = l[:col] + painted + rest + l[col+len(cell):]
		}
		fmt.Fprint(env.Stdout, l)
	}
}

// oneLineText keeps an error message on one table line.
func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// releaseSelection is what `rbcheck history` rolls back to: the release
// tags older than REV, newest version first.
type releaseSelection struct {
	tags []gitrev.Tag
	// other marks the tags that are not in REV's history (on another
	// branch): compared tree to tree.
	other map[string]bool
	// pre marks the pre-release tags (skipped unless asked for).
	pre map[string]bool
	// version is the release REV is (its own tag, or "after" the newest
	// release it contains); "" when it contains none.
	version string
	after   bool
}

// olderReleases lists the release tags matching pattern that REV (commit)
// can be rolled back to, in version order, newest first: every tag in
// REV's history (as before), and the version tags on other branches whose
// version is older than REV's (its own release tag, or else the newest
// release it contains), since minor releases are often tagged on release
// branches. A tag whose commit contains REV is newer and left out.
// Pre-release tags are marked; includePre keeps them unmarked.
func olderReleases(repo *gitrev.Repo, pattern, from, commit string, includePre bool) (releaseSelection, error) {
	sel := releaseSelection{other: map[string]bool{}, pre: map[string]bool{}}
	// REV named by a release tag the pattern does not cover, of the form
	// [prefix-]v?MAJOR.MINOR.PATCH ("photos-v1.2.22" of a monorepo's
	// series, "3.20.1"): the releases are the tags of its series.
	inSeries := func(ts []gitrev.Tag) []gitrev.Tag { return ts }
	own, err := releaseTag(repo, pattern, from, commit)
	if err != nil {
		return sel, err
	}
	if own == "" {
		if own, err = seriesTag(repo, from, commit); err != nil {
			return sel, err
		}
		if own != "" {
			prefix, _ := gitrev.ReleaseSeries(own)
			pattern = "*"
			inSeries = func(ts []gitrev.Tag) []gitrev.Tag {
				var out []gitrev.Tag
				for _, t := range ts {
					if p, ok := gitrev.ReleaseSeries(t.Name); ok && p == prefix {
						out = append(out, t)
					}
				}
				return out
			}
		}
	}
	all, err := repo.Tags(pattern, "")
	if err != nil {
		return sel, err
	}
	merged, err := repo.Tags(pattern, commit)
	if err != nil {
		return sel, err
	}
	newer, err := repo.TagsContaining(pattern, commit)
	if err != nil {
		return sel, err
	}
	all, merged, newer = inSeries(all), inSeries(merged), inSeries(newer)
	inHistory, contains := map[string]bool{}, map[string]bool{}
	for _, t := range merged {
		inHistory[t.Name] = true
	}
	for _, t := range newer {
		contains[t.Name] = true
	}
	if sel.version = own; sel.version == "" {
		if sel.version, err = newestRelease(repo, pattern, commit); err != nil {
			return sel, err
		}
		sel.after = sel.version != ""
	}
	for _, t := range all {
		if t.Commit == commit {
			sel.tags = append(sel.tags, t) // REV itself: the caller skips it
			continue
		}
		if !inHistory[t.Name] {
			if contains[t.Name] || sel.version == "" || !gitrev.IsVersion(t.Name) || gitrev.CompareVersions(t.Name, sel.version) >= 0 {
				continue
			}
			sel.other[t.Name] = true
		}
		if !includePre && gitrev.IsPrerelease(t.Name) {
			sel.pre[t.Name] = true
		}
		sel.tags = append(sel.tags, t)
	}
	return sel, nil
}
