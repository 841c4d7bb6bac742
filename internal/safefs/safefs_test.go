package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

func tree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"db/migrations/0001_a.up.sql": "create table a (id int);\n",
		"db/other/0002_b.up.sql":      "create table b (id int);\n",
		"big.sql":                     strings.Repeat("x", 100),
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{
		"db/migrations/0002_b.up.sql": "../other/0002_b.up.sql",
		"linked":                      "db/migrations",
		"db/passwd.sql":               "../../../../../../../../etc/passwd",
		"db/abs.sql":                  "/etc/passwd",
		"db/zero.sql":                 "/dev/zero",
		"db/loop1":                    "loop2",
		"db/loop2":                    "loop1",
	} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFS(t *testing.T) {
	root := tree(t)
	f, err := New(root, 50)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(f, "db/migrations/0002_b.up.sql"); err != nil || string(b) != "create table b (id int);\n" {
		t.Fatalf("link inside: %q %v", b, err)
	}
	if ents, err := fs.ReadDir(f, "linked"); err != nil || len(ents) != 2 {
		t.Fatalf("directory link: %v %v", ents, err)
	}
	for _, name := range []string{"db/passwd.sql", "db/abs.sql", "db/zero.sql", "db/loop1"} {
		_, err := fs.ReadFile(f, name)
		var le *LinkError
		if !errors.As(err, &le) || le.Path != name || !strings.HasSuffix(err.Error(), ": refused") || strings.Contains(err.Error(), "root:") {
			t.Errorf("%s: %v", name, err)
		}
	}
	var se *Error
	if _, err := fs.ReadFile(f, "big.sql"); !errors.As(err, &se) || !strings.Contains(err.Error(), "big.sql is 100 bytes, over the limit of 50 bytes: refused") {
		t.Errorf("size limit: %v", err)
	}
	if _, err := fs.ReadFile(f, "nope.sql"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	// a FIFO is refused without blocking
	if err := syscall.Mkfifo(filepath.Join(root, "db", "fifo.sql"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := fs.ReadFile(f, "db/fifo.sql"); !errors.As(err, &se) || !strings.Contains(err.Error(), "is not a regular file (a FIFO): refused") {
		t.Errorf("fifo: %v", err)
	}
	// a sub-directory: names are relative to it, links may use the repository
	sub, err := New(filepath.Join(root, "db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(sub, "migrations/0002_b.up.sql"); err != nil || len(b) == 0 {
		t.Fatalf("from a sub-directory: %v", err)
	}
}

func TestFSConformance(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"a/x.sql", "a/b/y.sql", "z.txt"} {
		p := filepath.Join(root, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := New(root, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(f, "a/x.sql", "a/b/y.sql", "z.txt"); err != nil {
		t.Fatal(err)
	}
}

// A file the user names may be anywhere, but must be a regular file
// within the limit; a file found in a repository must stay inside it.
func TestReadFile(t *testing.T) {
	if _, err := ReadFile("/dev/zero", MaxConfigSize); err == nil || !strings.Contains(err.Error(), "/dev/zero is not a regular file (a character device): refused") {
		t.Errorf("/dev/zero: %v", err)
	}
	root := tree(t)
	cfg := filepath.Join(root, ".rbcheck.yaml")
	if err := os.Symlink("/etc/passwd", cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFileIn(cfg, MaxConfigSize); err == nil || !strings.Contains(err.Error(), "refused") || strings.Contains(err.Error(), "root:") {
		t.Errorf("config link out of the repository: %v", err)
	}
	ok := filepath.Join(root, "db", "ok.yaml")
	if err := os.WriteFile(ok, []byte("pg-version: 16\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFileIn(ok, MaxConfigSize); err != nil || string(b) != "pg-version: 16\n" {
		t.Errorf("config inside: %q %v", b, err)
	}
}

// An LFS pointer is refused on disk as in a revision.
func TestLFSPointer(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "0001_a.up.sql")
	if err := os.WriteFile(p, []byte("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _ := New(root, 0)
	var le *LFSError
	if _, err := fs.ReadFile(f, "0001_a.up.sql"); !errors.As(err, &le) {
		t.Fatalf("LFS pointer: %v", err)
	}
}
