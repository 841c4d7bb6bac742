// Package gitrev reads revisions of a git repository without touching the
// user's work tree, index, refs or stash: it resolves revisions, lists
// release tags, and reads a revision's files from the object database
// (Snapshot: git ls-tree and git cat-file --batch), writing nothing. It
// runs only the git command line, never anything from the repository.
package gitrev

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/interrupt"
)

// Repo is a git repository (with a work tree or bare).
type Repo struct {
	Dir     string // directory git runs in (the top level, or the git dir when bare)
	Top     string // top level of the work tree; "" for a bare repository
	Prefix  string // the caller's directory relative to Top ("" at top level)
	Bare    bool
	Shallow bool

	catOnce sync.Once
	catProc *catFile
	catErr  error
	subMu   sync.Mutex
	subs    map[string]*Repo // submodule clones read by snapshots, by git dir
}

// Error is a git failure turned into one clear line.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func gitEnv() []string {
	env := os.Environ()
	// GIT_NO_LAZY_FETCH: a partial clone never fetches a missing object
	// from its promisor remote (git 2.44+; older gits are kept off the
	// network by never asking for an object listed as missing).
	return append(env, "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C", "GIT_PAGER=cat", "GIT_NO_LAZY_FETCH=1")
}

func run(ctx context.Context, dir string, stdout io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	var stderr bytes.Buffer
	cmd.Stdout = stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg := strings.TrimSpace(stderr.String())
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			msg = strings.TrimPrefix(msg, "fatal: ")
			if msg == "" {
				msg = err.Error()
			}
			return &Error{Msg: "git " + args[0] + ": " + msg}
		}
		if errors.Is(err, exec.ErrNotFound) {
			return &Error{Msg: "git is not installed or not on PATH"}
		}
		return &Error{Msg: "git " + args[0] + ": " + err.Error()}
	}
	return nil
}

func output(ctx context.Context, dir string, args ...string) (string, error) {
	var out bytes.Buffer
	if err := run(ctx, dir, &out, args...); err != nil {
		return "", err
	}
	return strings.TrimSpace(out.String()), nil
}

// Open finds the repository that contains dir (a work tree, one of its
// subdirectories, or a bare repository).
func Open(dir string) (*Repo, error) {
	ctx := context.Background()
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	bare, err := output(ctx, abs, "rev-parse", "--is-bare-repository")
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("%s is not inside a git repository", dir)}
	}
	r := &Repo{Dir: abs}
	if bare == "true" {
		r.Bare = true
		gd, err := output(ctx, abs, "rev-parse", "--absolute-git-dir")
		if err == nil {
			r.Dir = gd
		}
	} else {
		top, err := output(ctx, abs, "rev-parse", "--show-toplevel")
		if err != nil {
			return nil, err
		}
		r.Top, r.Dir = top, top
		if rel, err := filepath.Rel(top, abs); err == nil && rel != "." {
			r.Prefix = filepath.ToSlash(rel)
		}
	}
	if s, err := output(ctx, r.Dir, "rev-parse", "--is-shallow-repository"); err == nil && s == "true" {
		r.Shallow = true
	}
	return r, nil
}

// Resolve turns a revision (tag, branch, SHA, HEAD~2) into a commit id.
func (r *Repo) Resolve(rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", &Error{Msg: fmt.Sprintf("invalid revision %q", rev)}
	}
	out, err := output(context.Background(), r.Dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil || out == "" {
		msg := fmt.Sprintf("unknown revision %q", rev)
		if r.Shallow {
			msg += " in this shallow clone: fetch the full history and tags (actions/checkout: fetch-depth: 0; or git fetch --unshallow --tags)"
		} else {
			msg += ": check the name with git tag / git branch, or fetch it (git fetch --tags)"
		}
		return "", &Error{Msg: msg}
	}
	return out, nil
}

// Tag is a release tag.
type Tag struct {
	Name   string
	Commit string
}

// Tags lists the tags matching pattern (a glob such as "v*") reachable from
// rev ("" for all tags), newest version first (semantic version order; tags
// that are not versions sort after, by name).
func (r *Repo) Tags(pattern, rev string) ([]Tag, error) {
	if pattern == "" {
		pattern = "v*"
	}
	args := []string{"tag", "--list", pattern, "--format=%(refname:strip=2) %(objectname) %(*objectname)"}
	if rev != "" {
		args = append(args, "--merged", rev)
	}
	out, err := output(context.Background(), r.Dir, args...)
	if err != nil {
		return nil, err
	}
	return parseTags(out), nil
}

// TagsAt lists the tags matching pattern that point at commit (an annotated
// tag by the commit it names), newest version first.
func (r *Repo) TagsAt(pattern, commit string) ([]Tag, error) {
	return r.tagList(pattern, "--points-at", commit)
}

// TagsContaining lists the tags matching pattern whose commit contains
// commit (commit itself or a descendant of it).
func (r *Repo) TagsContaining(pattern, commit string) ([]Tag, error) {
	return r.tagList(pattern, "--contains", commit)
}

func (r *Repo) tagList(pattern, filter, commit string) ([]Tag, error) {
	if commit == "" || strings.HasPrefix(commit, "-") {
		return nil, &Error{Msg: fmt.Sprintf("invalid commit %q", commit)}
	}
	if pattern == "" {
		pattern = "v*"
	}
	out, err := output(context.Background(), r.Dir, "tag", "--list", pattern, filter, commit,
		"--format=%(refname:strip=2) %(objectname) %(*objectname)")
	if err != nil {
		return nil, err
	}
	return parseTags(out), nil
}

func parseTags(out string) []Tag {
	var tags []Tag
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		t := Tag{Name: f[0], Commit: f[1]}
		if len(f) == 3 { // annotated tag: the peeled commit
			t.Commit = f[2]
		}
		tags = append(tags, t)
	}
	sort.SliceStable(tags, func(i, j int) bool { return CompareVersions(tags[i].Name, tags[j].Name) > 0 })
	return tags
}

// IsVersion reports whether a tag name reads as a version ("v1.2.3",
// "release-2.0", "1.4.0-rc.1").
func IsVersion(name string) bool {
	_, ok := parseVersion(name)
	return ok
}

// IsPrerelease reports whether a tag name is a version with a pre-release
// part (semver: "v1.2.0-rc.1", "v2.3.0-pre.0", "v1.0.0-beta"); build
// metadata ("+build.5") is not one.
func IsPrerelease(name string) bool {
	v, ok := parseVersion(name)
	return ok && v.pre != ""
}

// LatestTag is the newest tag matching pattern reachable from rev.
func (r *Repo) LatestTag(pattern, rev string) (Tag, error) {
	if rev == "" {
		rev = "HEAD"
	}
	tags, err := r.Tags(pattern, rev)
	if err != nil {
		return Tag{}, err
	}
	if len(tags) == 0 {
		msg := fmt.Sprintf("no tag matching %q is reachable from %s: name a range (rbcheck OLD..NEW) or set release.tag-pattern", pattern, rev)
		if r.Shallow {
			msg += "; this is a shallow clone without tags (actions/checkout: fetch-depth: 0)"
		}
		return Tag{}, &Error{Msg: msg}
	}
	return tags[0], nil
}

// CompareVersions orders tag names as semantic versions ("v2.10.0" > "v2.9.1",
// "v1.0.0" > "v1.0.0-rc.1"); names that are not versions compare by string
// and after versions.
func CompareVersions(a, b string) int {
	va, oka := parseVersion(a)
	vb, okb := parseVersion(b)
	switch {
	case oka && !okb:
		return 1
	case !oka && okb:
		return -1
	case !oka && !okb:
		return strings.Compare(a, b)
	}
	for i := 0; i < len(va.nums) || i < len(vb.nums); i++ {
		var x, y int
		if i < len(va.nums) {
			x = va.nums[i]
		}
		if i < len(vb.nums) {
			y = vb.nums[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case va.pre == "" && vb.pre != "":
		return 1
	case va.pre != "" && vb.pre == "":
		return -1
	}
	return comparePre(va.pre, vb.pre)
}

type version struct {
	nums []int
	pre  string
}

func parseVersion(s string) (version, bool) {
	// a series prefix may hold digits ("s3-v1.2.3")
	if p, ok := ReleaseSeries(s); ok && p != "" {
		s = s[len(p)+1:]
	}
	// strip a leading non-digit prefix such as "v" or "release-"
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 || i > 16 {
		return version{}, false
	}
	s = s[i:]
	if j := strings.IndexByte(s, '+'); j >= 0 {
		s = s[:j]
	}
	var v version
	if j := strings.IndexByte(s, '-'); j >= 0 {
		v.pre = s[j+1:]
		s = s[:j]
	}
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return version{}, false
		}
		v.nums = append(v.nums, n)
	}
	return v, true
}

func comparePre(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			if na < nb {
				return -1
			}
			return 1
		case ea == nil && eb != nil:
			return -1
		case ea != nil && eb == nil:
			return 1
		case pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}

// Temp directories created for extracted revisions, removed by Cleanup and,
// on SIGINT, SIGTERM or SIGHUP, by the interrupt package's handler.
var (
	tempMu   sync.Mutex
	tempDirs = map[string]*interrupt.Handle{}
)

// TempDir creates a temporary directory that Cleanup removes. It is
// registered with the interrupt package as it is made, so SIGINT, SIGTERM
// and SIGHUP never leave it behind, and it sits in a directory named
// pattern* holding a lock file, so that SweepStale(pattern) removes it after
// its rbcheck was killed (SIGKILL).
func TempDir(pattern string) (string, error) {
	var d string
	h, err := interrupt.Create("a temporary directory", func() (func() error, error) {
		parent, lock, err := interrupt.LockedDir(pattern)
		if err != nil {
			return nil, err
		}
		undo := func() error {
			err := interrupt.RemoveAll(parent)
			lock.Close()
			return err
		}
		d = filepath.Join(parent, "tree")
		if err := os.Mkdir(d, 0o755); err != nil {
			_ = undo()
			return nil, err
		}
		return undo, nil
	})
	if err != nil {
		return "", err
	}
	tempMu.Lock()
	tempDirs[d] = h
	tempMu.Unlock()
	return d, nil
}

// SweepStale removes the directories TempDir made with prefix pattern whose
// rbcheck was killed, and returns them.
func SweepStale(pattern string) ([]string, error) {
	return interrupt.SweepStale(pattern, nil)
}

// RemoveTemp removes one directory made by TempDir.
func RemoveTemp(d string) {
	tempMu.Lock()
	h := tempDirs[d]
	delete(tempDirs, d)
	tempMu.Unlock()
	if h != nil {
		_ = h.Remove()
		return
	}
	_ = os.RemoveAll(d)
}

// Cleanup removes every temporary directory still registered and stops the
// git helper processes still running; a signal handler may call it.
func Cleanup() {
	stopProcs()
	tempMu.Lock()
	hs := make([]*interrupt.Handle, 0, len(tempDirs))
	for _, h := range tempDirs {
		hs = append(hs, h)
	}
	tempDirs = map[string]*interrupt.Handle{}
	tempMu.Unlock()
	for _, h := range hs {
		_ = h.Remove()
	}
}

// ParseRange splits "OLD..NEW" ("OLD.." means OLD against the work tree).
// ok is false when s is not a range.
func ParseRange(s string) (oldRev, newRev string, ok bool) {
	i := strings.Index(s, "..")
	if i < 0 || strings.Contains(s, "...") {
		return "", "", false
	}
	return s[:i], s[i+2:], true
}

// RangeError is a range whose NEW does not contain OLD.
type RangeError struct {
	Old, New   string // as the user named them
	MergeBase  string // their merge-base commit ("" when none)
	BaseName   string // a name for it (git describe), or its short id
	Reversed   bool   // NEW is an ancestor of OLD
	Unrelated  bool   // no common history (or not enough of it in a shallow clone)
	ShallowMsg string
	// OldVersion and NewVersion are the release tags that name the two
	// sides of a diverged range ("" when a side has none); VersionReversed
	// means NEW's version is not newer than OLD's.
	OldVersion, NewVersion string
	NewAfter               bool // NEW is no release tag: NewVersion is the newest release it contains
	VersionReversed        bool
	// OtherSeries: the two release tags are of different series ("photos-v1.2.0"
	// and "auth-v1.3.0"), whose versions do not order them.
	OtherSeries bool
}

// Diverged reports whether the range's sides are on different branches:
// they have a merge-base, and neither contains the other.
func (e *RangeError) Diverged() bool {
	return !e.Reversed && !e.Unrelated && e.MergeBase != ""
}

func (e *RangeError) Error() string {
	switch {
	case e.Reversed:
		return fmt.Sprintf("%s..%s is reversed: %s is older than %s (%s is their merge-base)\nhelp: name the older release first: rbcheck %s..%s", e.Old, e.New, e.New, e.Old, e.BaseName, e.New, e.Old)
	case e.VersionReversed:
		newNamed := named(e.New, e.NewVersion)
		if e.NewAfter {
			newNamed = e.New + " (after " + e.NewVersion + ")"
		}
		return fmt.Sprintf("%s..%s is reversed: %s is not a newer release than %s; they are on different branches (diverged at %s)\nhelp: name the older release first: rbcheck %s..%s", e.Old, e.New, newNamed, named(e.Old, e.OldVersion), e.BaseName, e.New, e.Old)
	case e.OtherSeries:
		op, _ := ReleaseSeries(e.OldVersion)
		np, _ := ReleaseSeries(e.NewVersion)
		return fmt.Sprintf("%s does not contain %s: they diverged at %s (their merge-base), and %s and %s are releases of different series (%s, %s), so their versions do not tell which of the two is the older release\nhelp: name two releases of the same series (rbcheck %s..%s), or check the two trees as directories (--old DIR --new DIR)", e.New, e.Old, e.BaseName, named(e.Old, e.OldVersion), named(e.New, e.NewVersion), seriesLabel(op), seriesLabel(np), e.BaseName, e.New)
	case e.Unrelated && e.ShallowMsg != "":
		return fmt.Sprintf("cannot tell whether %s contains %s: %s\nhelp: fetch the full history (actions/checkout: fetch-depth: 0; or git fetch --unshallow --tags)", e.New, e.Old, e.ShallowMsg)
	case e.Unrelated:
		return fmt.Sprintf("%s and %s have no common history: %s is not a release of what %s came from\nhelp: name an older release of the same history as OLD", e.Old, e.New, e.Old, e.New)
	}
	notTag := e.Old
	if e.OldVersion != "" {
		notTag = e.New
	}
	return fmt.Sprintf("%s does not contain %s: they diverged at %s (their merge-base), and %s is not a release tag, so rbcheck cannot tell which of the two is the older release\nhelp: name release tags (two releases on different branches are compared tree to tree), compare with the release %s was built on (rbcheck %s..%s), or check the two trees as directories (--old DIR --new DIR)", e.New, e.Old, e.BaseName, notTag, e.New, e.BaseName, e.New)
}

// seriesLabel names a release series by its prefix.
func seriesLabel(prefix string) string {
	if prefix == "" {
		return "no prefix"
	}
	return fmt.Sprintf("prefix %q", prefix)
}

// named is a revision's label, with the release tag that names it when
// that is another name.
func named(label, tag string) string {
	if tag == "" || tag == label {
		return label
	}
	return label + " (" + tag + ")"
}

// CheckRange returns a *RangeError unless newCommit contains oldCommit
// (oldCommit is newCommit or one of its ancestors). The labels are what
// the user named.
func (r *Repo) CheckRange(oldLabel, oldCommit, newLabel, newCommit string) error {
	ctx := context.Background()
	if oldCommit == newCommit {
		return nil
	}
	for _, c := range []string{oldCommit, newCommit} {
		if c == "" || strings.HasPrefix(c, "-") {
			return &Error{Msg: "invalid commit " + c}
		}
	}
	cmd := exec.CommandContext(ctx, "git", "merge-base", "--is-ancestor", oldCommit, newCommit)
	cmd.Dir = r.Dir
	cmd.Env = gitEnv()
	err := cmd.Run()
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		return &Error{Msg: "git merge-base: " + err.Error()}
	}
	re := &RangeError{Old: oldLabel, New: newLabel}
	base, err := output(ctx, r.Dir, "merge-base", oldCommit, newCommit)
	if err != nil || base == "" {
		re.Unrelated = true
		if r.Shallow {
			re.ShallowMsg = "this is a shallow clone and the history that links them is not here"
		}
		return re
	}
	re.MergeBase = base
	re.BaseName = shortOID(base)
	if d, err := output(ctx, r.Dir, "describe", "--tags", "--always", base); err == nil && d != "" {
		re.BaseName = d
	}
	re.Reversed = base == newCommit
	if r.Shallow && !re.Reversed {
		// the boundary may hide the real ancestry
		re.Unrelated = true
		re.ShallowMsg = "this is a shallow clone, and its history does not show " + newLabel + " containing " + oldLabel
	}
	return re
}

// releaseSeries is a release tag of the form [prefix-]v?MAJOR.MINOR.PATCH
// with an optional pre-release and build part: "v1.2.3", "3.20.1" (no v),
// "photos-v1.2.22" (a monorepo's series, prefix "photos"), "cli/v0.1.5".
var releaseSeries = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:([A-Za-z][A-Za-z0-9_.-]*?)[-/])?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$`)
})

// ReleaseSeries reports whether name is a release tag of the form
// [prefix-]v?MAJOR.MINOR.PATCH[-pre], and its prefix ("" for "v1.2.3" and
// "3.20.1", "photos" for "photos-v1.2.22"): the versions of two tags order
// them only when the prefixes are the same.
func ReleaseSeries(name string) (prefix string, ok bool) {
	m := releaseSeries().FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	return m[1], true
}
