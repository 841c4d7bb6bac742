package release

import (
	"io"
	"os"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
)

// BenchmarkCheck runs `rbcheck v1.18.0..v1.19.0` in the repository named by
// RBCHECK_RELEASE_REPO (made by `go run ./bench/release/gen -out DIR`), for
// profiling:
//
//	RBCHECK_RELEASE_REPO=/tmp/repo go test -run '^$' -bench Check -benchtime 3x \
//	    -cpuprofile cpu.prof ./bench/release && go tool pprof -top cpu.prof
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("RBCHECK_RELEASE_REPO")
	if dir == "" {
		b.Skip("RBCHECK_RELEASE_REPO is not set")
	}
	for i := 0; i < b.N; i++ {
		code := cli.Main(&cli.Env{Stdout: io.Discard, Stderr: io.Discard, Dir: dir}, []string{"v1.18.0..v1.19.0"})
		if code != cli.ExitOK && code != cli.ExitFindings {
			b.Fatalf("exit %d", code)
		}
	}
}
