package gitrev

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newRepo makes a repository with three tagged releases.
func newRepo(t *testing.T) string {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "db/migrations/0001_a.up.sql", "create table a (id int);\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "one")
	git(t, dir, "tag", "v1.9.0")
	write(t, dir, "db/migrations/0002_b.up.sql", "create table b (id int);\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "two")
	git(t, dir, "tag", "-a", "v1.10.0", "-m", "annotated")
	write(t, dir, "sub/x.go", "package sub\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "three")
	git(t, dir, "tag", "v1.10.1-rc.1")
	return dir
}

func TestResolveTagsExtract(t *testing.T) {
	dir := newRepo(t)
	// an uncommitted change that must survive untouched
	write(t, dir, "db/migrations/0003_c.up.sql", "drop table a;\n")
	statusBefore := git(t, dir, "status", "--porcelain")
	idx := filepath.Join(dir, ".git", "index")
	st0, _ := os.Stat(idx)

	r, err := Open(filepath.Join(dir, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Prefix != "sub" || r.Bare {
		t.Fatalf("prefix %q bare %v", r.Prefix, r.Bare)
	}
	tags, err := r.Tags("v*", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range tags {
		names = append(names, tg.Name)
	}
	if got := strings.Join(names, " "); got != "v1.10.1-rc.1 v1.10.0 v1.9.0" {
		t.Fatalf("tags in version order: %s", got)
	}
	c, err := r.Resolve("v1.10.0")
	if err != nil {
		t.Fatal(err)
	}
	if c != tags[1].Commit {
		t.Fatalf("annotated tag commit %s != %s", tags[1].Commit, c)
	}
	latest, err := r.LatestTag("v*", "v1.10.0")
	if err != nil || latest.Name != "v1.10.0" {
		t.Fatalf("latest from v1.10.0: %v %v", latest, err)
	}
	snap, err := r.Snapshot(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if b, err := fs.ReadFile(snap, "db/migrations/0002_b.up.sql"); err != nil || string(b) != "create table b (id int);\n" {
		t.Fatal("file of the revision:", string(b), err)
	}
	if _, err := fs.Stat(snap, "db/migrations/0003_c.up.sql"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("work-tree file leaked into the revision:", err)
	}
	if _, err := fs.Stat(snap, "sub/x.go"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a later commit's file is in the revision:", err)
	}
	st1, _ := os.Stat(idx)
	if !st0.ModTime().Equal(st1.ModTime()) {
		t.Fatal("index was rewritten")
	}
	if after := git(t, dir, "status", "--porcelain"); after != statusBefore {
		t.Fatalf("work tree changed: %q -> %q", statusBefore, after)
	}
}

func TestErrors(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not inside a git repository") {
		t.Fatalf("want not-a-repo error, got %v", err)
	}
	dir := newRepo(t)
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve("v9.9.9"); err == nil || !strings.Contains(err.Error(), `unknown revision "v9.9.9"`) {
		t.Fatalf("got %v", err)
	}
	if _, err := r.Resolve("--output=x"); err == nil {
		t.Fatal("option-looking revision accepted")
	}
}

func TestBareAndShallow(t *testing.T) {
	dir := newRepo(t)
	bare := filepath.Join(t.TempDir(), "bare.git")
	git(t, filepath.Dir(bare), "clone", "-q", "--bare", dir, bare)
	r, err := Open(bare)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Bare {
		t.Fatal("bare not detected")
	}
	c, err := r.Resolve("v1.9.0")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := r.Snapshot(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(snap, "db/migrations/0001_a.up.sql"); err != nil {
		t.Fatal(err)
	}
	r.Close()

	shallow := filepath.Join(t.TempDir(), "shallow")
	git(t, filepath.Dir(shallow), "clone", "-q", "--depth", "1", "--no-tags", "file://"+dir, shallow)
	r, err = Open(shallow)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Shallow {
		t.Fatal("shallow not detected")
	}
	if _, err := r.Resolve("v1.9.0"); err == nil || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Fatalf("want a fetch-depth hint, got %v", err)
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"v2.10.0", "v2.9.1", 1}, {"v1.0.0", "v1.0.0-rc.1", 1}, {"v1.0.0-rc.2", "v1.0.0-rc.10", -1},
		{"v1.2", "v1.2.0", 0}, {"nightly", "v0.0.1", -1}, {"release-3.0", "release-2.9", 1},
	} {
		if got := CompareVersions(c.a, c.b); (got > 0) != (c.want > 0) || (got < 0) != (c.want < 0) {
			t.Errorf("CompareVersions(%q, %q) = %d, want sign %d", c.a, c.b, got, c.want)
		}
	}
}

func TestParseRange(t *testing.T) {
	o, n, ok := ParseRange("v2.3.0..v2.4.0")
	if !ok || o != "v2.3.0" || n != "v2.4.0" {
		t.Fatal(o, n, ok)
	}
	o, n, ok = ParseRange("v2.3.0..")
	if !ok || o != "v2.3.0" || n != "" {
		t.Fatal(o, n, ok)
	}
	if _, _, ok := ParseRange("v2.3.0"); ok {
		t.Fatal("not a range")
	}
}

// A snapshot reads a revision's files from the object database: listing,
// contents, links inside the repository; links leaving it are refused.
func TestSnapshotFS(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "db/migrations/0001_a.up.sql", "create table a (id int);\n")
	write(t, dir, "db/other/0002_b.up.sql", "create table b (id int);\n")
	write(t, dir, "main.go", "package main\n")
	for name, target := range map[string]string{
		"db/migrations/0002_b.up.sql": "../other/0002_b.up.sql", // inside: followed
		"linked":                      "db/migrations",          // a directory link
		"db/escape.sql":               "../../etc/passwd",       // leaves the repository
		"db/abs.sql":                  "/etc/passwd",
		"db/loop1":                    "loop2",
		"db/loop2":                    "loop1",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "one")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, _ := r.Resolve("HEAD")
	s, err := r.Snapshot(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(s, "db/migrations/0002_b.up.sql")
	if err != nil || string(b) != "create table b (id int);\n" {
		t.Fatalf("link inside the repository: %q %v", b, err)
	}
	ents, err := fs.ReadDir(s, "linked")
	if err != nil || len(ents) != 2 || ents[0].Name() != "0001_a.up.sql" || ents[1].Type() != fs.ModeSymlink {
		t.Fatalf("directory link: %v %v", ents, err)
	}
	for _, name := range []string{"db/escape.sql", "db/abs.sql"} {
		_, err := fs.ReadFile(s, name)
		var le *LinkError
		if !errors.As(err, &le) || !strings.HasSuffix(err.Error(), ": refused") || le.Path != name || strings.Contains(err.Error(), "root:") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := fs.ReadFile(s, "db/loop1"); err == nil || !strings.Contains(err.Error(), "loop") {
		t.Errorf("loop: %v", err)
	}
	if _, err := fs.ReadFile(s, "nope.sql"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// A snapshot is a well-behaved fs.FS: listings, stats, opens and reads agree.
func TestSnapshotConformance(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "store/store.go", "package store\n")
	write(t, dir, "store/queries/users.sql", "select 1;\n")
	write(t, dir, "store/more/deep/x.sql", "select 3;\n")
	write(t, dir, "web/app.js", "x\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "one")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := r.Snapshot(context.Background(), git(t, dir, "rev-parse", "HEAD"))
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(s, "store/store.go", "store/queries/users.sql", "store/more/deep/x.sql", "web/app.js"); err != nil {
		t.Fatal(err)
	}
}

// A partial clone without the blob of an unrelated large file, and with no
// way to fetch it, still lists and reads the files the check needs; git
// archive of the same revision fails. The missing file's own read says
// what is missing, without reaching for the network.
func TestSnapshotPartialClone(t *testing.T) {
	src := t.TempDir()
	git(t, src, "init", "-q", "-b", "main")
	write(t, src, "db/migrations/0001_a.up.sql", "create table a (id int);\n")
	write(t, src, "big.bin", strings.Repeat("0123456789abcdef", 4096))
	git(t, src, "add", "-A")
	git(t, src, "commit", "-qm", "one")
	git(t, src, "tag", "v1")
	git(t, src, "rm", "-q", "big.bin")
	git(t, src, "commit", "-qm", "two")
	git(t, src, "config", "uploadpack.allowFilter", "true")
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, filepath.Dir(clone), "clone", "-q", "--filter=blob:limit=1k", "file://"+src, clone)
	if err := os.RemoveAll(src); err != nil { // no promisor access
		t.Fatal(err)
	}
	r, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, err := r.Resolve("v1")
	if err != nil {
		t.Fatal(err)
	}
	archive := exec.Command("git", "archive", c)
	archive.Dir = clone
	archive.Env = append(os.Environ(), "GIT_NO_LAZY_FETCH=1")
	if err := archive.Run(); err == nil {
		t.Fatal("git archive of a revision with a missing blob worked: the test does not build a partial clone")
	}
	s, err := r.Snapshot(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(s, "db/migrations/0001_a.up.sql"); err != nil || !strings.HasPrefix(string(b), "create table a") {
		t.Fatalf("%q %v", b, err)
	}
	var me *MissingError
	if _, err := fs.ReadFile(s, "big.bin"); !errors.As(err, &me) || me.Path != "big.bin" {
		t.Fatalf("missing blob: %v", err)
	}
	// the cat-file process survived the question
	if _, err := fs.ReadFile(s, "db/migrations/0001_a.up.sql"); err != nil {
		t.Fatal(err)
	}
}

// A Git LFS pointer is not read as the file.
func TestSnapshotLFSPointer(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "db/0001_a.up.sql", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "one")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, _ := r.Resolve("HEAD")
	s, err := r.Snapshot(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	var le *LFSError
	if _, err := fs.ReadFile(s, "db/0001_a.up.sql"); !errors.As(err, &le) {
		t.Fatalf("LFS pointer read as a file: %v", err)
	}
}

// TagsAt names a commit's tags (annotated ones by the commit they name),
// TagsContaining the tags at or after a commit, and IsPrerelease tells a
// semver pre-release from a release.
func TestTagsAtContainingPrerelease(t *testing.T) {
	dir := newRepo(t)
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c10, err := r.Resolve("v1.10.0")
	if err != nil {
		t.Fatal(err)
	}
	names := func(tags []Tag, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, tg := range tags {
			n = append(n, tg.Name)
		}
		return strings.Join(n, ",")
	}
	if got := names(r.TagsAt("v*", c10)); got != "v1.10.0" {
		t.Errorf("TagsAt(v1.10.0) = %s", got)
	}
	if got := names(r.TagsContaining("v*", c10)); got != "v1.10.1-rc.1,v1.10.0" {
		t.Errorf("TagsContaining(v1.10.0) = %s", got)
	}
	if got := names(r.TagsAt("release-*", c10)); got != "" {
		t.Errorf("TagsAt(release-*) = %s", got)
	}
	if _, err := r.TagsAt("v*", "--all"); err == nil {
		t.Error("an option as commit was accepted")
	}
	for name, want := range map[string]bool{"v2.2.0-rc.1": true, "v2.3.0-pre.0": true, "v1.0.0-beta": true, "v1.28.0-134.4": true,
		"v2.2.0": false, "v1.0.0+build.5": false, "release-3": false, "latest": false} {
		if got := IsPrerelease(name); got != want {
			t.Errorf("IsPrerelease(%q) = %v, want %v", name, got, want)
		}
	}
	if IsVersion("latest") || !IsVersion("v1.2") {
		t.Error("IsVersion")
	}
}

func TestReleaseSeries(t *testing.T) {
	for _, c := range []struct {
		name, prefix string
		ok           bool
	}{
		{"v1.2.3", "", true},
		{"3.20.1", "", true},
		{"v1.2.0-rc.1", "", true},
		{"photos-v1.2.22", "photos", true},
		{"photos-1.2.22", "photos", true},
		{"auth-v3.0.0-beta.1", "auth", true},
		{"cli/v0.1.5", "cli", true},
		{"release-2.0", "", false},
		{"v1.2", "", false},
		{"latest", "", false},
		{"photos-v1.2.x", "", false},
	} {
		p, ok := ReleaseSeries(c.name)
		if p != c.prefix || ok != c.ok {
			t.Errorf("ReleaseSeries(%q) = %q, %v; want %q, %v", c.name, p, ok, c.prefix, c.ok)
		}
	}
}

func TestCompareVersionsSeries(t *testing.T) {
	if c := CompareVersions("s3-v1.2.10", "s3-v1.2.9"); c <= 0 {
		t.Errorf("s3-v1.2.10 vs s3-v1.2.9 = %d, want > 0 (the prefix's digit is not the version)", c)
	}
	if c := CompareVersions("3.20.1", "3.9.0"); c <= 0 {
		t.Errorf("3.20.1 vs 3.9.0 = %d, want > 0", c)
	}
}
