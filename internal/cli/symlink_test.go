package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

// linkRepo makes a release whose new migration is a symbolic link to
// target (relative to the migration's folder, or absolute). v1.0.0's code
// reads users.nickname; the linked SQL drops it.
func linkRepo(t *testing.T, target string) string {
	t.Helper()
	dir := t.TempDir()
	scenario.Git(t, dir, "init", "-q", "-b", "main")
	scenario.WriteFiles(t, dir, map[string]string{
		"go.mod":                         "module example.com/app\n\ngo 1.22\n",
		"db/migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n",
		"store/users.go":                 "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT nickname FROM users\") }\n",
	})
	scenario.Git(t, dir, "add", "-A")
	scenario.Git(t, dir, "commit", "-qm", "old")
	scenario.Git(t, dir, "tag", "v1.0.0")
	scenario.WriteFiles(t, dir, map[string]string{"sql/drop.sql": "ALTER TABLE users DROP COLUMN nickname;\n"})
	if err := os.Symlink(target, filepath.Join(dir, "db", "migrations", "0002_drop.up.sql")); err != nil {
		t.Fatal(err)
	}
	scenario.Git(t, dir, "add", "-A")
	scenario.Git(t, dir, "commit", "-qm", "new")
	scenario.Git(t, dir, "tag", "v1.1.0")
	return dir
}

// A migration that is a link inside the repository is read in every mode
// (before, revision mode skipped it silently and said rollback-safe); one
// that leaves the repository is refused in every mode, the verdict is
// unknown, and the target's content is never printed.
func TestSymlinkedMigrationSameInEveryMode(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.sql")
	if err := os.WriteFile(outside, []byte("ALTER TABLE users DROP COLUMN nickname; -- s3cr3t\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, target, verdict, want string
		code                        int
	}{
		{"inside", "../../sql/drop.sql", "roll-forward-only", "db/migrations/0002_drop.up.sql:1:", ExitFindings},
		{"outside", outside, "unknown", `db/migrations/0002_drop.up.sql: not read: cannot read migration file: db/migrations/0002_drop.up.sql is a symbolic link to "` + outside + `", which is absolute (only links inside the repository are followed): refused (unreadable)`, ExitFindings},
		{"outside-relative", "../../../../../../../../.." + outside, "unknown", `which leaves the repository: refused (unreadable)`, ExitFindings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := linkRepo(t, tc.target)
			check := func(mode, out, errOut string, code int) {
				t.Helper()
				if code != tc.code || !strings.HasPrefix(out, tc.verdict) || !strings.Contains(out, tc.want) || strings.Contains(out+errOut, "s3cr3t") {
					t.Errorf("%s: exit %d\n%s\n%s", mode, code, out, errOut)
				}
			}
			out, errOut, code := runIn(dir, "v1.0.0..v1.1.0")
			check("revision", out, errOut, code)
			rev := out
			scenario.Git(t, dir, "checkout", "-q", "v1.1.0")
			out, errOut, code = runIn(dir, "v1.0.0..")
			check("work tree", out, errOut, code)
			if strings.ReplaceAll(out, "work tree", "v1.1.0") != rev {
				t.Errorf("work tree and revision differ:\n%s\n---\n%s", out, rev)
			}
			// lint sees the same file the same way
			out, errOut, code = runIn(dir, "lint", "db/migrations")
			if tc.verdict == "unknown" && (code != ExitError || !strings.Contains(out+errOut, "refused") || strings.Contains(out+errOut, "s3cr3t")) {
				t.Errorf("lint: exit %d\n%s\n%s", code, out, errOut)
			}
			if tc.verdict != "unknown" && (code == ExitError || !strings.Contains(out, "drop")) {
				t.Errorf("lint: exit %d\n%s\n%s", code, out, errOut)
			}
		})
	}
}

// .rbcheck.yaml linked to a file outside the repository is refused without
// printing it; --config /dev/zero and a FIFO are refused without reading.
func TestHostileConfigAndSpecialFiles(t *testing.T) {
	dir := scenarioByName(t, "drop-column-unused").BuildRepo(t)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, ".rbcheck.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"v1.0.0.."}, {"lint"}} {
		out, errOut, code := runIn(dir, args...)
		if code != ExitError || !strings.Contains(errOut, `.rbcheck.yaml is a symbolic link to "/etc/passwd", which is absolute`) || strings.Contains(out+errOut, "root:") {
			t.Errorf("%v: exit %d\n%s\n%s", args, code, out, errOut)
		}
	}
	if err := os.Remove(filepath.Join(dir, ".rbcheck.yaml")); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runIn(dir, "v1.0.0..", "--config", "/dev/zero")
	if code != ExitError || !strings.Contains(errOut, "/dev/zero is not a regular file (a character device): refused") {
		t.Errorf("--config /dev/zero: exit %d\n%s\n%s", code, out, errOut)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 2<<20)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runIn(dir, "v1.0.0..", "--config", big)
	if code != ExitError || !strings.Contains(errOut, "over the limit of 1048576 bytes: refused") {
		t.Errorf("big config: exit %d\n%s\n%s", code, out, errOut)
	}
	// /etc/passwd named on purpose: the message quotes the first line's start only
	out, errOut, code = runIn(dir, "v1.0.0..", "--config", "/etc/passwd")
	if code != ExitError || strings.Count(errOut, ":x:") > 1 || strings.Contains(errOut, "daemon") {
		t.Errorf("--config /etc/passwd: exit %d\n%s\n%s", code, out, errOut)
	}
	// a FIFO in the migrations folder of the work tree: refused, not a hang
	if err := syscall.Mkfifo(filepath.Join(dir, "db", "migrations", "0003_fifo.up.sql"), 0o644); err != nil {
		t.Skip("no FIFOs:", err)
	}
	out, errOut, code = runIn(dir, "v1.0.0..")
	if code != ExitFindings || !strings.HasPrefix(out, "unknown") || !strings.Contains(out, "0003_fifo.up.sql is not a regular file (a FIFO): refused") {
		t.Errorf("fifo: exit %d\n%s\n%s", code, out, errOut)
	}
}

// A Go file of the old release linked out of the repository is refused in
// revision and directory modes alike (what it uses is unknown); linked
// inside, it is read in both, and its query blocks the drop.
func TestSymlinkedGoFile(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.go")
	code := "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT nickname FROM users\") } // s3cr3t\n"
	if err := os.WriteFile(outside, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, target, verdict, want string
	}{
		{"inside", "../lib/users.go", "roll-forward-only", "old code: store/users.go:5:"},
		{"outside", outside, "unknown", "store/users.go: the old code's analysis did not read this file (unreadable)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			scenario.Git(t, dir, "init", "-q", "-b", "main")
			scenario.WriteFiles(t, dir, map[string]string{
				"go.mod":                         "module example.com/app\n\ngo 1.22\n",
				"db/migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n",
				"lib/users.go":                   code,
			})
			if err := os.MkdirAll(filepath.Join(dir, "store"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(tc.target, filepath.Join(dir, "store", "users.go")); err != nil {
				t.Fatal(err)
			}
			scenario.Git(t, dir, "add", "-A")
			scenario.Git(t, dir, "commit", "-qm", "old")
			scenario.Git(t, dir, "tag", "v1.0.0")
			scenario.WriteFiles(t, dir, map[string]string{"db/migrations/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nickname;\n"})
			scenario.Git(t, dir, "add", "-A")
			scenario.Git(t, dir, "commit", "-qm", "new")
			scenario.Git(t, dir, "tag", "v1.1.0")
			out, errOut, _ := runIn(dir, "v1.0.0..v1.1.0")
			if !strings.HasPrefix(out, tc.verdict) || !strings.Contains(out, tc.want) || strings.Contains(out+errOut, "s3cr3t") {
				t.Errorf("revision: %s\n%s", out, errOut)
			}
			// the old release as a directory: the work tree checked out at v1.0.0
			scenario.Git(t, dir, "checkout", "-q", "v1.0.0")
			newDir := t.TempDir()
			scenario.WriteFiles(t, newDir, map[string]string{
				"db/migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n",
				"db/migrations/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nickname;\n",
			})
			out, errOut, _ = runIn("", "--old", dir, "--new", newDir)
			if !strings.HasPrefix(out, tc.verdict) || !strings.Contains(out, tc.want) || strings.Contains(out+errOut, "s3cr3t") {
				t.Errorf("directories: %s\n%s", out, errOut)
			}
		})
	}
}
