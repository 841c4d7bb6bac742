package lint

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rbcheck/rbcheck/internal/migrations"
)

// TestCorpusProfile loads and lints db/migrations under the directory
// RBCHECK_CORPUS (e.g. the corpus bench/lint/run.sh generates) when set, as
// `rbcheck lint` does, and fails on internal errors; run it with
// -cpuprofile to see where the time goes.
func TestCorpusProfile(t *testing.T) {
	root := os.Getenv("RBCHECK_CORPUS")
	if root == "" {
		t.Skip("RBCHECK_CORPUS not set")
	}
	start := time.Now()
	set, err := migrations.LoadFS(os.DirFS(root), []string{"db/migrations"}, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	load := time.Since(start)
	start = time.Now()
	res := Run(nil, set.Files, Options{PerFile: true})
	t.Logf("%d files: load %v, lint %v, %d findings", len(set.Files), load, time.Since(start), len(res.Findings))
	for _, e := range res.Errors {
		if strings.Contains(e.Msg, "internal error") {
			t.Errorf("%v: %s", e.Pos, e.Msg)
		}
	}
}

// BenchmarkCorpusRun times the engine alone on the RBCHECK_CORPUS files.
func BenchmarkCorpusRun(b *testing.B) {
	root := os.Getenv("RBCHECK_CORPUS")
	if root == "" {
		b.Skip("RBCHECK_CORPUS not set")
	}
	set, err := migrations.LoadFS(os.DirFS(root), []string{"db/migrations"}, migrations.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Run(nil, set.Files, Options{PerFile: true})
	}
}
