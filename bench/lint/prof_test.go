package lint

import (
	"io"
	"os"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
)

// BenchmarkLint runs `rbcheck lint --format json db/migrations` in the corpus
// directory named by RBCHECK_LINT_CORPUS (bench/lint/run.sh prints it), for
// profiling:
//
//	RBCHECK_LINT_CORPUS=/tmp/rbcheck-bench/corpus-3-1 go test -run '^$' -bench Lint \
//	    -benchtime 5x -cpuprofile cpu.prof ./bench/lint && go tool pprof -top cpu.prof
func BenchmarkLint(b *testing.B) {
	dir := os.Getenv("RBCHECK_LINT_CORPUS")
	if dir == "" {
		b.Skip("RBCHECK_LINT_CORPUS is not set")
	}
	for i := 0; i < b.N; i++ {
		code := cli.Main(&cli.Env{Stdout: io.Discard, Stderr: io.Discard, Dir: dir}, []string{"lint", "--format", "json", "db/migrations"})
		if code != cli.ExitOK && code != cli.ExitFindings {
			b.Fatalf("exit %d", code)
		}
	}
}
