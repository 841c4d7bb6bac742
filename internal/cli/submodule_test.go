package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

// submoduleRepos makes a schema repository (its migrations) used as the
// git submodule "schema" of an app repository: v1.0.0 records the schema at
// its first commit, v1.1.0 at the second, which drops users.nickname, a
// column v1.0.0's code reads. It returns the app repository.
func submoduleRepos(t *testing.T) (app, schema string) {
	t.Helper()
	root := t.TempDir()
	schema = filepath.Join(root, "schema")
	scenario.Git(t, root, "init", "-q", "-b", "main", schema)
	scenario.WriteFiles(t, schema, map[string]string{"migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n"})
	scenario.Git(t, schema, "add", "-A")
	scenario.Git(t, schema, "commit", "-qm", "init")
	first := scenario.Git(t, schema, "rev-parse", "HEAD")
	scenario.WriteFiles(t, schema, map[string]string{"migrations/0002_drop_nickname.up.sql": "ALTER TABLE users DROP COLUMN nickname;\n"})
	scenario.Git(t, schema, "add", "-A")
	scenario.Git(t, schema, "commit", "-qm", "drop")

	app = filepath.Join(root, "app")
	scenario.Git(t, root, "init", "-q", "-b", "main", app)
	scenario.WriteFiles(t, app, map[string]string{
		"go.mod":         "module example.com/app\n\ngo 1.22\n",
		".rbcheck.yaml":  "migrations: [schema/migrations]\n",
		"store/users.go": "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT nickname FROM users\") }\n",
	})
	scenario.Git(t, app, "-c", "protocol.file.allow=always", "submodule", "add", "-q", schema, "schema")
	scenario.Git(t, filepath.Join(app, "schema"), "checkout", "-q", first)
	scenario.Git(t, app, "add", "-A")
	scenario.Git(t, app, "commit", "-qm", "v1.0.0")
	scenario.Git(t, app, "tag", "v1.0.0")
	scenario.Git(t, filepath.Join(app, "schema"), "checkout", "-q", "main")
	scenario.Git(t, app, "add", "-A")
	scenario.Git(t, app, "commit", "-qm", "v1.1.0")
	scenario.Git(t, app, "tag", "v1.1.0")
	return app, schema
}

// Migrations in a submodule are read at the commit each release records:
// the drop in the submodule blocks, as a revision range and in the work
// tree. In a clone whose submodule was never fetched, the release is
// unknown and says how to fetch it, not "0 new migrations, rollback-safe".
func TestSubmoduleMigrations(t *testing.T) {
	app, _ := submoduleRepos(t)
	out, errOut, code := runIn(app, "v1.0.0..v1.1.0")
	if code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") || !strings.Contains(out, "schema/migrations/0002_drop_nickname.up.sql:1:") {
		t.Fatalf("range: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runIn(app, "v1.0.0..")
	if code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") {
		t.Fatalf("work tree: exit %d\n%s\n%s", code, out, errOut)
	}

	clone := filepath.Join(t.TempDir(), "clone")
	scenario.Git(t, filepath.Dir(clone), "clone", "-q", app, clone) // no --recursive
	out, errOut, code = runIn(clone, "v1.0.0..v1.1.0")
	if code != ExitFindings || !strings.HasPrefix(out, "unknown") ||
		!strings.Contains(out, "the git submodule schema of v1.1.0 (commit ") ||
		!strings.Contains(out, "its clone is not in this repository (git submodule update --init schema); migrations in it are not known (submodule)") {
		t.Fatalf("clone without the submodule: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runIn(clone, "v1.0.0..")
	if code != ExitFindings || !strings.HasPrefix(out, "unknown") || !strings.Contains(out, "it is not checked out in the work tree") {
		t.Fatalf("work tree without the submodule: exit %d\n%s\n%s", code, out, errOut)
	}
	// fetched: read at the recorded commits again
	scenario.Git(t, clone, "-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init")
	out, errOut, code = runIn(clone, "v1.0.0..v1.1.0")
	if code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") {
		t.Fatalf("clone with the submodule: exit %d\n%s\n%s", code, out, errOut)
	}
}
