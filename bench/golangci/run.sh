#!/bin/sh
# Benchmark: what the rbcheck plugin adds to a golangci-lint run, compared
# with what govet costs, on the generated module of bench/refs (~2,100 Go
# files) plus migrations that create its 2,000+ tables and then drop,
# rename and tighten some of them (so every check has work to do).
#
#   bench/golangci/run.sh [PKGS [FILES_PER_PKG]]     (default 100 x 20)
#
# Three configurations of the custom golangci-lint (scripts/build-golangci.sh, cached),
# each with an empty golangci-lint cache and a Go build cache primed by a
# first untimed run, interleaved, best of RUNS (default 3):
#   base:   ineffassign only (loads and parses the packages)
#   govet:  govet only
#   both:   govet + rbcheck
# govet's own cost is govet - base; rbcheck's added cost is both - govet.
# Target: rbcheck adds less than govet costs (ratio < 1).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PKGS=${1:-100}
FILES=${2:-20}
RUNS=${RUNS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

"$ROOT/scripts/build-golangci.sh" "$WORK/golangci-lint"
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod
(cd "$ROOT" && GOPROXY=off go run ./bench/refs/gen -out "$WORK/mod" -pkgs "$PKGS" -files "$FILES")

# migrations for the generated tables
mkdir -p "$WORK/mod/db/migrations"
{
	echo "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, legacy_email text, name text);"
	echo "CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric);"
	echo "CREATE TABLE invoices (id bigserial PRIMARY KEY, amount numeric, paid bool);"
	echo "CREATE TABLE refunds (id bigserial PRIMARY KEY);"
	echo "CREATE TABLE accounts (id bigserial PRIMARY KEY, plan text, legacy_email text);"
	p=0
	while [ "$p" -lt "$PKGS" ]; do
		f=0
		while [ "$f" -lt "$FILES" ]; do
			printf 'CREATE TABLE t_%03d_%02d (id bigint PRIMARY KEY, name text, created_at timestamptz DEFAULT now(), deleted_at timestamptz);\n' "$p" "$f"
			f=$((f + 1))
		done
		p=$((p + 1))
	done
} > "$WORK/mod/db/migrations/0001_init.up.sql"
{
	echo "ALTER TABLE users DROP COLUMN legacy_email;"
	echo "ALTER TABLE accounts DROP COLUMN legacy_email;"
	p=0
	while [ "$p" -lt "$PKGS" ]; do
		printf 'ALTER TABLE t_%03d_00 RENAME COLUMN name TO title;\n' "$p"
		printf 'ALTER TABLE t_%03d_01 ADD COLUMN owner_id bigint NOT NULL;\n' "$p"
		p=$((p + 1))
	done
} > "$WORK/mod/db/migrations/0002_contract.up.sql"
printf 'migrations: [db/migrations]\nretiring: [orders]\nselect-star: always\n' > "$WORK/mod/.rbcheck.yaml"

cfg() { # name, enabled linters
	cat > "$WORK/$1.yml" <<YML
version: "2"
linters:
  default: none
  enable: [$2]
  settings:
    custom:
      rbcheck:
        type: module
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
YML
}
cfg base ineffassign
cfg govet govet
cfg both "govet, rbcheck"

cd "$WORK/mod"
find . -type f -exec cat {} + > /dev/null
lint() { # config; prints wall seconds
	cache="$WORK/lintcache.$1.$$"
	rm -rf "$cache"
	start=$(date +%s.%N)
	GOLANGCI_LINT_CACHE="$cache" "$WORK/golangci-lint" run -c "$WORK/$1.yml" --output.text.path="$WORK/out.$1" \
		--show-stats=false ./... 2> "$WORK/err.$1" || true
	end=$(date +%s.%N)
	if ! [ -s "$WORK/out.$1" ] && [ -s "$WORK/err.$1" ]; then
		echo "golangci-lint ($1) failed:" >&2
		cat "$WORK/err.$1" >&2
		exit 1
	fi
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
lint both > /dev/null # prime the Go build cache (export data of the standard library)
min() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
base= govet= both=
i=0
while [ "$i" -lt "$RUNS" ]; do # interleaved, best of RUNS: the machine is shared
	base=$(min "$base" "$(lint base)")
	govet=$(min "$govet" "$(lint govet)")
	both=$(min "$both" "$(lint both)")
	i=$((i + 1))
done
n=$(grep -c '(rbcheck)$' "$WORK/out.both" || true)
echo "best of $RUNS runs each"
echo "golangci-lint base (ineffassign)  wall ${base}s"
echo "golangci-lint govet               wall ${govet}s"
echo "golangci-lint govet + rbcheck     wall ${both}s  (${n} rbcheck issues)"
awk -v b="$base" -v g="$govet" -v r="$both" 'BEGIN {
	gc = g - b; rc = r - g
	printf "govet costs %.2fs, rbcheck adds %.2fs", gc, rc
	if (gc > 0) printf ": ratio rbcheck/govet %.2f (target < 1)", rc / gc
	printf "\n"
}'
