package analyzer

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzScanDir: any Go source (valid or not) is scanned without an error
// (ScanDir turns a panic into one) and without losing the scan.
func FuzzScanDir(f *testing.F) {
	seeds := []string{
		"package p\nimport \"database/sql\"\nfunc f(db *sql.DB) { db.Query(\"SELECT a FROM t\") }\n",
		"package p\nimport (\"database/sql\"; \"fmt\"; \"strings\")\nconst c = \"SELECT \" + \"x FROM y\"\nfunc f(db *sql.DB, s string) { var b strings.Builder; b.WriteString(c); for { b.WriteString(s) }; db.Exec(fmt.Sprintf(\"%s %[1]s %d\", b.String())) }\n",
		"package p\nfunc (\n",
		"package p\nvar q = map[string]string{\"a\": \"DELETE FROM x\"}\nfunc f() string { return q[\"a\"] }\n",
		"package p\nimport \"database/sql\"\nfunc f(db *sql.DB, q string) { q += q; db.Exec(q + `COPY t FROM STDIN`) }\n",
		"package p\n//go:embed ../../etc/passwd *.sql\nvar s string\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/f\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		inv, err := ScanDir(dir, Options{})
		if err != nil {
			t.Fatalf("ScanDir: %v", err)
		}
		for _, e := range inv.Errors {
			if e.Kind == ErrInternal {
				t.Fatalf("%s: %s", e.Pos, e.Reason)
			}
		}
	})
}
