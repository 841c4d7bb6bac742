#!/usr/bin/env bash
# Lint benchmark: rbcheck against squawk 2.66.0, in paired runs (pair/), on
#   1. PostgreSQL's regression SQL (src/test/regress/sql, fetched with git,
#      or REGRESS_SQL=dir of .sql files), 1x and 16x over, and
#   2. the generated corpus (gen/, MB megabytes),
# with the raw-parse floor (floor/: libpg_query's parser alone, one thread),
# then lints every file of the hostile corpus in its own process and counts
# crashes.
#
#   bash bench/lint/run.sh                    # 3 paired runs of each
#   RUNS=5 MB=10 bash bench/lint/run.sh
#   REGRESS_SQL=~/postgres/src/test/regress/sql bash bench/lint/run.sh
#   SINGLE_MB="1 10 100 200" bash bench/lint/run.sh   # also single files
#
# Needs go, npm (squawk is installed into $BENCH_DIR/squawk when absent) and,
# without REGRESS_SQL, git and the network (a sparse, shallow clone of
# postgres at $PG_REF). Files squawk cannot read (it panics on a few
# regression files, and refuses non-UTF-8 ones) are left out of the
# regression corpus for both tools, and named. Prints medians and ratios
# rbcheck/squawk: below 1 means rbcheck is faster or smaller.
set -euo pipefail

MB=${MB:-3}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
PG_REF=${PG_REF:-REL_17_6}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/rbcheck-bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SQUAWK_VERSION=2.66.0

mkdir -p "$BENCH_DIR"
echo "building rbcheck and the benchmark tools" >&2
(cd "$ROOT" && go build -o "$BENCH_DIR/rbcheck" ./cmd/rbcheck &&
	go build -o "$BENCH_DIR/floor" ./bench/lint/floor &&
	go build -o "$BENCH_DIR/pair" ./bench/lint/pair)

# squawk's npm package runs the native binary through node; call the native
# one, as its users' editors and hooks effectively do
SQUAWK=$(ls "$BENCH_DIR"/squawk/node_modules/@squawk-cli/*/bin/squawk 2>/dev/null | head -1 || true)
if [ -z "$SQUAWK" ]; then
	echo "installing squawk-cli@$SQUAWK_VERSION into $BENCH_DIR/squawk" >&2
	mkdir -p "$BENCH_DIR/squawk"
	(cd "$BENCH_DIR/squawk" && npm install --silent --no-audit --no-fund "squawk-cli@$SQUAWK_VERSION" >&2)
	SQUAWK=$(ls "$BENCH_DIR"/squawk/node_modules/@squawk-cli/*/bin/squawk | head -1)
fi
echo "squawk: $("$SQUAWK" --version 2>&1)"
echo "cores: $(nproc)"

# numbered copies DIR TIMES SRC...: files renumbered 0001_name.sql, … so
# rbcheck reads them as one migration directory in order
numbered() {
	local dir=$1 times=$2
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir/db/migrations"
	local n=0 k f
	for k in $(seq "$times"); do
		for f in "$@"; do
			n=$((n + 1))
			cp "$f" "$dir/db/migrations/$(printf %05d "$n")_$(basename "$f")"
		done
	done
}

# 1. PostgreSQL's regression SQL
if [ -z "${REGRESS_SQL:-}" ]; then
	REGRESS_SQL="$BENCH_DIR/postgres-$PG_REF/src/test/regress/sql"
	if [ ! -d "$REGRESS_SQL" ]; then
		echo "fetching postgres $PG_REF src/test/regress/sql" >&2
		rm -rf "$BENCH_DIR/postgres-$PG_REF"
		if ! (git clone --quiet --depth 1 --branch "$PG_REF" --filter=blob:none --sparse \
			https://github.com/postgres/postgres.git "$BENCH_DIR/postgres-$PG_REF" &&
			git -C "$BENCH_DIR/postgres-$PG_REF" sparse-checkout set src/test/regress/sql) >&2; then
			rm -rf "$BENCH_DIR/postgres-$PG_REF"
		fi
	fi
fi
if [ -d "$REGRESS_SQL" ]; then
	readable=() left_out=()
	for f in "$REGRESS_SQL"/*.sql; do
		rc=0
		"$SQUAWK" --reporter json "$f" >/dev/null 2>"$BENCH_DIR/squawk.err" || rc=$?
		if [ "$rc" -gt 1 ] || grep -q '^Error' "$BENCH_DIR/squawk.err"; then
			left_out+=("$(basename "$f")")
		else
			readable+=("$f")
		fi
	done
	numbered "$BENCH_DIR/regress-1x" 1 "${readable[@]}"
	numbered "$BENCH_DIR/regress-16x" 16 "${readable[@]}"
	echo
	echo "== PostgreSQL regression SQL ($REGRESS_SQL)"
	echo "left out (squawk cannot read them): ${left_out[*]:-none}"
	"$BENCH_DIR/pair" -rbcheck "$BENCH_DIR/rbcheck" -squawk "$SQUAWK" -floor "$BENCH_DIR/floor" \
		-runs "$RUNS" -per-file -x16 "$BENCH_DIR/regress-16x" "$BENCH_DIR/regress-1x"
else
	echo "== PostgreSQL regression SQL: not available (no network for git, and REGRESS_SQL is not set)"
fi

# 2. the generated corpus
CORPUS="$BENCH_DIR/corpus-$MB-$SEED"
if [ ! -d "$CORPUS/db/migrations" ]; then
	echo "generating a ${MB} MB corpus in $CORPUS" >&2
	(cd "$ROOT" && go run ./bench/lint/gen -out "$CORPUS/db/migrations" -mb "$MB" -seed "$SEED") >&2
fi
echo
echo "== generated corpus"
"$BENCH_DIR/pair" -rbcheck "$BENCH_DIR/rbcheck" -squawk "$SQUAWK" -floor "$BENCH_DIR/floor" -runs "$RUNS" "$CORPUS"

# 3. Robustness: every file of the hostile corpus (bench/lint/corpus/hostile.go:
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
echo
echo "== hostile corpus: $hostile_files files, each in its own process: $crashes crashes"

# 4. With SINGLE_MB (e.g. "1 10 100 200"): one generated migration file of
# each size (gen -single: the generated corpus's statements in one file),
# linted alone: wall, CPU and peak RSS, to show lint stays linear in a
# file's length. Needs GNU time (/usr/bin/time) for the peak RSS.
if [ -n "${SINGLE_MB:-}" ]; then
	echo
	echo "== single files (rbcheck lint --format json, one run each; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
	printf '%8s %10s %10s %12s %10s %10s\n' MB wall_s cpu_s peak_rss_MiB MiB_per_MB findings
	for mb in $SINGLE_MB; do
		dir="$BENCH_DIR/single-$mb"
		f="$dir/db/migrations/000001_big.up.sql"
		if [ ! -f "$f" ]; then
			mkdir -p "$dir/db/migrations"
			(cd "$ROOT" && go run ./bench/lint/gen -single "$f" -mb "$mb" -seed "$SEED") >/dev/null
		fi
		rc=0
		(cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$BENCH_DIR/rbcheck" lint --format json db/migrations >"$dir/out.json" 2>"$dir/stderr") || rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "$mb MB: exit $rc: $(head -c 300 "$dir/stderr")"
			continue
		fi
		# (time writes "Command exited with non-zero status 1" first on findings)
		read -r wall user sys rss < <(tail -1 "$dir/time")
		awk -v mb="$mb" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" -v n="$(grep -c '"rule"' "$dir/out.json")" \
			'BEGIN { printf "%8s %10.2f %10.2f %12.0f %10.1f %10d\n", mb, wall, user + sys, rss/1024, rss/1024/mb, n }'
	done
fi
