#!/bin/sh
# Benchmark: `rbcheck refs` (built binary) against `go vet ./...` on a
# generated module of ~2,100 Go files that uses only the standard library,
# so go vet runs offline. Prints wall time, peak RSS and the ratio.
#
#   bench/refs/run.sh [PKGS [FILES_PER_PKG]]     (default 100 x 20)
#
# go vet gets a fresh GOCACHE primed with the standard library packages the
# module imports (so it pays for the module's own code, not for compiling
# the standard library); it also vets _test.go files, which rbcheck skips.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PKGS=${1:-100}
FILES=${2:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

export GOWORK=off GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod
(cd "$ROOT" && go build -o "$WORK/rbcheck" ./cmd/rbcheck && go build -o "$WORK/rusage" ./bench/refs/rusage)
(cd "$ROOT" && go run ./bench/refs/gen -out "$WORK/mod" -pkgs "$PKGS" -files "$FILES")

export GOCACHE="$WORK/gocache"
mkdir -p "$WORK/prime"
cat > "$WORK/prime/go.mod" <<'MOD'
module prime

go 1.22
MOD
cat > "$WORK/prime/p.go" <<'SRC'
package prime

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"
)

var _ = context.Background
var _ *sql.DB
var _ = fmt.Sprintf
var _ = strings.Join
SRC
cat > "$WORK/prime/p_test.go" <<'SRC'
package prime

import "testing"

func TestP(t *testing.T) {}
SRC
(cd "$WORK/prime" && go vet ./...)

# read every file once so neither tool pays for a cold page cache
find "$WORK/mod" -type f -exec cat {} + > /dev/null

measure() { # label, command...
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %M" -o "$WORK/t.$label" "$@" > "$WORK/out.$label" 2> "$WORK/err.$label" || {
			echo "$label failed:"; cat "$WORK/err.$label"; exit 1; }
		tail -n 1 "$WORK/t.$label"
	else
		"$WORK/rusage" "$@" > "$WORK/out.$label" 2> "$WORK/err.$label" || {
			echo "$label failed:"; cat "$WORK/err.$label"; exit 1; }
		tail -n 1 "$WORK/err.$label"
	fi
}

cd "$WORK/mod"
vet=$(measure vet go vet ./...)
rb=$(measure rbcheck "$WORK/rbcheck" refs --format json .)
summary=$(tail -n 1 "$WORK/out.rbcheck" 2>/dev/null || true)
# RBCHECK_REFS_OUT=file keeps the JSON inventory, to compare two versions'
# output on the same module (bench/refs/sample compares with go vet's)
if [ -n "${RBCHECK_REFS_OUT:-}" ]; then
	cp "$WORK/out.rbcheck" "$RBCHECK_REFS_OUT"
fi
"$WORK/rbcheck" refs . | tail -n 1

set -- $vet
vet_wall=$1 vet_rss=$2
set -- $rb
rb_wall=$1 rb_rss=$2
echo "go vet ./...   wall ${vet_wall}s  peak RSS ${vet_rss} KB"
echo "rbcheck refs   wall ${rb_wall}s  peak RSS ${rb_rss} KB"
awk -v a="$rb_wall" -v b="$vet_wall" 'BEGIN { if (b > 0) printf "ratio rbcheck/vet: %.3f (target <= 0.200)\n", a / b }'
