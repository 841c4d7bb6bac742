#!/usr/bin/env bash
# Lint benchmark: rbcheck against squawk 2.66.0 on the same generated corpus.
#
#   bash bench/lint/run.sh            # 3 MB corpus, 3 timed runs of each
#   MB=10 RUNS=5 bash bench/lint/run.sh
#
# Needs go and npm. squawk is installed with npm into $BENCH_DIR/squawk when
# absent. Prints the corpus size, the best-of-RUNS wall time of each tool and
# the ratio rbcheck/squawk (below 1 means rbcheck is faster).
set -euo pipefail

MB=${MB:-3}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/rbcheck-bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SQUAWK_VERSION=2.66.0

mkdir -p "$BENCH_DIR"
CORPUS="$BENCH_DIR/corpus-$MB-$SEED"
if [ ! -d "$CORPUS/db/migrations" ]; then
	echo "generating a ${MB} MB corpus in $CORPUS" >&2
	(cd "$ROOT" && go run ./bench/lint/gen -out "$CORPUS/db/migrations" -mb "$MB" -seed "$SEED") >&2
fi
files=$(find "$CORPUS/db/migrations" -name '*.sql' | wc -l)
bytes=$(cat "$CORPUS"/db/migrations/*.sql | wc -c)

echo "building rbcheck" >&2
(cd "$ROOT" && go build -o "$BENCH_DIR/rbcheck" ./cmd/rbcheck)

SQUAWK="$BENCH_DIR/squawk/node_modules/.bin/squawk"
if [ ! -x "$SQUAWK" ]; then
	echo "installing squawk-cli@$SQUAWK_VERSION into $BENCH_DIR/squawk" >&2
	mkdir -p "$BENCH_DIR/squawk"
	(cd "$BENCH_DIR/squawk" && npm install --silent --no-audit --no-fund "squawk-cli@$SQUAWK_VERSION" >&2)
fi

# best wall time in seconds of RUNS runs of "$@" (exit codes 0 and 1 are
# both fine: 1 means findings)
best() {
	local best_t=""
	for _ in $(seq "$RUNS"); do
		local s e t rc=0
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || rc=$?
		e=$(date +%s.%N)
		if [ "$rc" -gt 1 ]; then
			echo "command failed with exit $rc: $*" >&2
			"$@" 2>&1 >/dev/null | tail -5 >&2 || true
			exit 1
		fi
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
		if [ -z "$best_t" ] || awk -v t="$t" -v b="$best_t" 'BEGIN { exit !(t < b) }'; then best_t=$t; fi
	done
	printf '%.3f' "$best_t"
}

cd "$CORPUS"
rb=$(best "$BENCH_DIR/rbcheck" lint --format json db/migrations)
sq=$(best "$SQUAWK" --reporter json db/migrations/*.sql)
rb_findings=$("$BENCH_DIR/rbcheck" lint --format text db/migrations 2>/dev/null | tail -1 || true)

echo "corpus:  $files files, $bytes bytes ($CORPUS)"
echo "cores:   $(nproc)"
echo "rbcheck: ${rb}s  ($rb_findings)"
echo "squawk:  ${sq}s  (squawk-cli@$SQUAWK_VERSION)"
echo "ratio rbcheck/squawk: $(awk -v a="$rb" -v b="$sq" 'BEGIN { printf "%.2f", a / b }')"
