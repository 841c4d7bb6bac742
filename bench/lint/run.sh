#!/usr/bin/env bash
# Lint benchmark: rbcheck against squawk 2.66.0 on the same generated corpus.
#
#   bash bench/lint/run.sh            # 3 MB corpus, 3 timed runs of each
#   MB=10 RUNS=5 bash bench/lint/run.sh
#
# Needs go and npm. squawk is installed with npm into $BENCH_DIR/squawk when
# absent. Prints the corpus size, the best-of-RUNS wall and CPU time of each tool and
# the ratio rbcheck/squawk (below 1 means rbcheck is faster), for wall time
# and for CPU time (user+sys; rbcheck may use several cores, squawk one).
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

# best_of prints the best wall time and the best CPU time (user+sys) in
# seconds of RUNS runs of "$@" (exit codes 0 and 1 are both fine: 1 means
# findings). CPU time is the steadier number on a busy machine.
best_of() {
	local best_r="" best_c=""
	for _ in $(seq "$RUNS"); do
		local out rc=0 r u s c
		out=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1 || echo "rc=$?" >&2; } 2>&1 )
		case "$out" in
		*rc=*)
			rc=${out#*rc=}
			rc=${rc%%[!0-9]*}
			if [ "$rc" -gt 1 ]; then
				echo "command failed with exit $rc: $*" >&2
				"$@" 2>&1 >/dev/null | tail -5 >&2 || true
				exit 1
			fi
			out=$(printf '%s\n' "$out" | grep -v '^rc=')
			;;
		esac
		read -r r u s <<<"$out"
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
		if [ -z "$best_r" ] || awk -v a="$r" -v b="$best_r" 'BEGIN { exit !(a < b) }'; then best_r=$r; fi
		if [ -z "$best_c" ] || awk -v a="$c" -v b="$best_c" 'BEGIN { exit !(a < b) }'; then best_c=$c; fi
	done
	echo "$best_r $best_c"
}

cd "$CORPUS"
read -r rb rb_cpu <<<"$(best_of "$BENCH_DIR/rbcheck" lint --format json db/migrations)"
read -r sq sq_cpu <<<"$(best_of "$SQUAWK" --reporter json db/migrations/*.sql)"
rb_findings=$("$BENCH_DIR/rbcheck" lint --format text db/migrations 2>/dev/null | tail -1 || true)

echo "corpus:  $files files, $bytes bytes ($CORPUS)"
echo "cores:   $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "rbcheck: wall ${rb}s, cpu ${rb_cpu}s  ($rb_findings)"
echo "squawk:  wall ${sq}s, cpu ${sq_cpu}s  (squawk-cli@$SQUAWK_VERSION)"
echo "ratio rbcheck/squawk: wall $(awk -v a="$rb" -v b="$sq" 'BEGIN { printf "%.2f", a / b }'), cpu $(awk -v a="$rb_cpu" -v b="$sq_cpu" 'BEGIN { printf "%.2f", a / b }')"

# Robustness: every file of the hostile corpus (bench/lint/corpus/hostile.go:
# 70,000 chained operators, NUL bytes, unterminated literals, a huge file, …)
# linted by its own process; a crash is an exit other than 0 or 1 (a signal
# shows as 128+n).
HOSTILE="$BENCH_DIR/hostile"
rm -rf "$HOSTILE"
(cd "$ROOT" && go run ./bench/lint/gen -hostile -mb 1 -out "$HOSTILE/db/migrations") >/dev/null
crashes=0 hostile_files=0
cd "$HOSTILE"
for f in db/migrations/*.sql; do
	hostile_files=$((hostile_files + 1))
	rc=0
	"$BENCH_DIR/rbcheck" lint --format json "$f" >/dev/null 2>"$HOSTILE/stderr" || rc=$?
	if [ "$rc" -gt 1 ]; then
		crashes=$((crashes + 1))
		echo "crash: exit $rc on $f: $(head -c 300 "$HOSTILE/stderr")" >&2
	fi
done
echo "hostile: $hostile_files files, $crashes crashes"
