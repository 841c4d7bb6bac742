package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/verdict"
)

func init() {
	register(&Command{Name: "history", Short: "for each older release tag: can REV be rolled back to it? names the last known-good target", Run: runHistory})
}

// historyRelease is one row of `rbcheck history`.
type historyRelease struct {
	Tag      string            `json:"tag"`
	Commit   string            `json:"commit"`
	Rollback string            `json:"rollback"` // safe | unsafe | unknown | error
	Blocking []historyBlocking `json:"blocking"`
	Unread   []verdict.Unread  `json:"unread,omitempty"`
	Error    string            `json:"error,omitempty"`
}

type historyBlocking struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	OldCode string `json:"old_code,omitempty"` // file:line of the first old-code site
}

type historyJSON struct {
	From          string           `json:"from"`
	Commit        string           `json:"commit"`
	Releases      []historyRelease `json:"releases"`
	LastKnownGood string           `json:"last_known_good"`
	FirstUnsafe   string           `json:"first_unsafe,omitempty"`
	// FirstUnchecked is the first older release rbcheck could not decide
	// (unknown or error) before any unsafe one: nothing past it is known-good.
	FirstUnchecked string `json:"first_unchecked,omitempty"`
}

func runHistory(env *Env, args []string) int {
	f := newCheckFlags("rbcheck history", env)
	from := f.fs.String("from", "HEAD", "the release to roll back from")
	n := f.fs.IntP("n", "n", 10, "how many older releases to check")
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		env.Errorf("%v", err)
		return ExitError
	}
	if f.format != "text" && f.format != "json" {
		env.Errorf("unknown --format %q for history: use text or json", f.format)
		return ExitError
	}
	if f.fs.NArg() > 0 {
		env.Errorf("history takes no arguments: use --from REV and -n N")
		return ExitError
	}
	stop := onInterrupt()
	defer stop()
	defer gitrev.Cleanup()

	repo, err := gitrev.Open(checkDir(env))
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	newT, cleanNew, err := revTreeKeep(repo, *from, keepNewFile) // only the old releases' Go code is read
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	defer cleanNew()
	cfg, err := f.treeConfig(env, newT.Root)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	tags, err := repo.Tags(cfg.Release.TagPattern, newT.Commit)
	if err != nil {
		env.Errorf("%v", err)
		return ExitError
	}
	out := historyJSON{From: *from, Commit: newT.Commit, Releases: []historyRelease{}}
	opts := verdictOptions(cfg)
	var olds oldTrees
	defer olds.clean()
	stillGood := true
	for _, tg := range tags {
		if len(out.Releases) >= *n {
			break
		}
		if tg.Commit == newT.Commit {
			continue // the release itself
		}
		rel := historyRelease{Tag: tg.Name, Commit: tg.Commit, Blocking: []historyBlocking{}}
		oldT, err := olds.next(repo, tg.Name, tg.Commit)
		if err != nil {
			rel.Rollback, rel.Error = "error", err.Error()
			out.Releases = append(out.Releases, rel)
			if stillGood {
				stillGood = false
				out.FirstUnchecked = tg.Name
			}
			continue
		}
		res, err := verdict.Check(oldT, newT, opts)
		switch {
		case err != nil:
			rel.Rollback, rel.Error = "error", err.Error()
		case res.Verdict == verdict.RollbackSafe:
			rel.Rollback = "safe"
		case res.Verdict == verdict.Unknown:
			rel.Rollback = "unknown"
			rel.Unread = res.Unread
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
	if f.format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			env.Errorf("%v", err)
			return ExitError
		}
		return ExitOK
	}
	fmt.Fprintf(env.Stdout, "rolling back from %s (%s):\n\n", *from, short(newT.Commit))
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RELEASE\tROLLBACK\tWHY NOT")
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
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Tag, r.Rollback, why)
	}
	_ = tw.Flush()
	fmt.Fprintln(env.Stdout)
	switch {
	case len(out.Releases) == 0:
		fmt.Fprintf(env.Stdout, "no older release tag matching %q before %s\n", cfg.Release.TagPattern, *from)
	case out.LastKnownGood == "" && out.FirstUnchecked != "":
		fmt.Fprintf(env.Stdout, "no known-good rollback target: rbcheck could not check rolling back to %s (see above)\n", out.FirstUnchecked)
	case out.LastKnownGood == "":
		fmt.Fprintf(env.Stdout, "no safe rollback target: %s cannot be rolled back past itself (first unsafe: %s)\n", *from, out.FirstUnsafe)
	default:
		fmt.Fprintf(env.Stdout, "last known-good rollback target: %s\n", out.LastKnownGood)
		if out.FirstUnsafe != "" {
			fmt.Fprintf(env.Stdout, "you cannot go back past %s: rolling back to %s breaks (see above)\n", out.LastKnownGood, out.FirstUnsafe)
		}
		if out.FirstUnchecked != "" {
			fmt.Fprintf(env.Stdout, "rbcheck could not check rolling back past %s to %s (see above): until it can, treat %s as the limit\n", out.LastKnownGood, out.FirstUnchecked, out.LastKnownGood)
		}
	}
	return ExitOK
}

func position(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// oldTrees extracts the older releases one after another into one
// directory: the first in full, each next one by rewriting only the files
// that differ from the previous release (gitrev.Update), which is most of
// the cost of a history otherwise.
type oldTrees struct {
	tree    verdict.Tree
	cleanup func()
}

func (o *oldTrees) next(repo *gitrev.Repo, tag, commit string) (verdict.Tree, error) {
	if o.cleanup != nil {
		err := repo.Update(context.Background(), o.tree.Commit, commit, o.tree.Root, keepFile)
		if err == nil {
			verdict.ForgetTree(o.tree.Root) // same directory, other files
			o.tree.Label, o.tree.Commit = tag, commit
			return o.tree, nil
		}
		o.clean() // start again from a full extraction
	}
	t, cleanup, err := revTree(repo, tag)
	if err != nil {
		return verdict.Tree{}, err
	}
	o.tree, o.cleanup = t, cleanup
	return t, nil
}

func (o *oldTrees) clean() {
	if o.cleanup != nil {
		o.cleanup()
		o.cleanup = nil
	}
}
