package scenario

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CheckoutReleases are the bundled example's releases, oldest first.
var CheckoutReleases = []string{"v2.3.0", "v2.4.0", "v2.4.1"}

// CheckoutRepo makes a git repository of the bundled example
// (testdata/checkout, given as root): each release committed over the
// previous one and tagged, oldest first, with a fixed identity and fixed
// dates, so that the commits are the same on every machine (the docs show
// their hashes).
func CheckoutRepo(t testing.TB, root string) string {
	t.Helper()
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=rbcheck", "GIT_AUTHOR_EMAIL=rbcheck@example.com",
			"GIT_COMMITTER_NAME=rbcheck", "GIT_COMMITTER_EMAIL=rbcheck@example.com", "GIT_CONFIG_GLOBAL=/dev/null",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2026-01-01T00:00:00Z", "init", "-q", "-b", "main")
	for i, rel := range CheckoutReleases {
		// the release's files replace the previous release's
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != ".git" {
				if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
					t.Fatal(err)
				}
			}
		}
		files := map[string]string{}
		src := filepath.Join(root, rel)
		err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			r, _ := filepath.Rel(src, p)
			files[filepath.ToSlash(r)] = string(data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		WriteFiles(t, dir, files)
		date := "2026-0" + string(rune('1'+i)) + "-01T12:00:00Z"
		git(date, "add", "-A")
		git(date, "commit", "-qm", "release "+rel)
		git(date, "tag", rel)
	}
	return dir
}
