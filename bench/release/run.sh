#!/bin/sh
# Benchmark: the release verdict (`rbcheck OLD..NEW` and `rbcheck history`)
# on a generated git repository of 20 tagged releases (v1.0.0 … v1.19.0) of
# a Go module with ~2,100 Go files using database/sql and 520 golang-migrate
# migrations (see bench/release/release.go), against a floor: extracting the
# old release with git archive and parsing its Go files with gofmt.
#
#   bench/release/run.sh            (prints wall times, best of 3, the ratios
#                                    and every release's verdict next to the
#                                    one the generator designed)
#
# Target: check/floor <= 2.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod
(cd "$ROOT" && go build -o "$WORK/rbcheck" ./cmd/rbcheck)
(cd "$ROOT" && go run ./bench/release/gen -out "$WORK/repo") > "$WORK/plan"
REPO=$WORK/repo
RB=$WORK/rbcheck
grep '^# v1.19.0:' "$WORK/plan" | sed 's/^# /repository at /'

# read every object once so no run pays for a cold page cache
git -C "$REPO" archive v1.18.0 > /dev/null
git -C "$REPO" archive v1.19.0 > /dev/null

now() { date +%s.%N; }

# once LABEL SNIPPET: runs a shell snippet, appends "wall cpu" (cpu = user +
# sys of the snippet and its children, from /usr/bin/time when present) to
# $WORK/t.LABEL and keeps its output in $WORK/LABEL.out
once() {
	t0=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%U %S" -o "$WORK/cpu" sh -c "$2" > "$WORK/$1.out" 2> "$WORK/$1.err" || rc=$?
	else
		sh -c "$2" > "$WORK/$1.out" 2> "$WORK/$1.err" || rc=$?
		echo "0 0" > "$WORK/cpu"
	fi
	t1=$(now)
	# rbcheck exits 1 for roll-forward-only: that is a result, not a failure
	if [ "${rc:-0}" -gt 1 ]; then echo "failed ($rc): $2" >&2; cat "$WORK/$1.err" >&2; exit 1; fi
	rc=0
	# after a non-zero exit, time's first line says so: the numbers are last
	tail -n 1 "$WORK/cpu" | awk -v a="$t0" -v b="$t1" '{ printf "%.3f %.3f\n", b - a, $1 + $2 }' >> "$WORK/t.$1"
}
best() { sort -n "$WORK/t.$1" | head -n 1; }     # "wall cpu" of the fastest run
bestcpu() { sort -n -k2 "$WORK/t.$1" | head -n 1 | cut -d' ' -f2; }

# The floor and check runs alternate so both see the same machine load. Each
# floor run extracts into a fresh directory (removing it is not timed;
# rbcheck's own timings include removing its temporary trees).
RUNS=${RUNS:-3}
for i in $(seq 1 "$RUNS"); do
	once floor "d=\$(mktemp -d '$WORK/floor.XXXXXX') && git -C '$REPO' archive v1.18.0 | tar -x -C \"\$d\" && gofmt -l \"\$d\" > /dev/null"
	rm -rf "$WORK"/floor.*
	once check "cd '$REPO' && '$RB' v1.18.0..v1.19.0"
done
for i in $(seq 1 "$RUNS"); do
	once history "cd '$REPO' && '$RB' history --from v1.19.0 -n 19"
done

set -- $(best floor) $(best check) $(best history)
fw=$1 cw=$3 hw=$5
fc=$(bestcpu floor) cc=$(bestcpu check) hc=$(bestcpu history)
echo "best of $RUNS             wall      cpu (user+sys)"
printf "floor                  %7.3fs  %7.3fs   git archive v1.18.0 | tar -x; gofmt -l\n" "$fw" "$fc"
printf "check                  %7.3fs  %7.3fs   rbcheck v1.18.0..v1.19.0\n" "$cw" "$cc"
printf "history                %7.3fs  %7.3fs   rbcheck history --from v1.19.0 -n 19\n" "$hw" "$hc"
awk -v c="$cw" -v h="$hw" -v f="$fw" -v cc="$cc" -v hc="$hc" -v fc="$fc" 'BEGIN {
	printf "ratio check/floor:   %.2f wall (target <= 2.00)", c / f
	if (fc > 0) printf ", %.2f cpu", cc / fc
	printf "\nratio history/floor: %.2f wall (19 releases)", h / f
	if (fc > 0) printf ", %.2f cpu", hc / fc
	printf "\n"
}'
cp "$WORK/history.out" "$WORK/history.txt"

echo
echo "verdicts, each release against the one before (designed | rbcheck):"
bad=0
for k in $(seq 1 19); do
	old="v1.$((k - 1)).0" new="v1.$k.0"
	want=$(awk -v t="$new" '$1 == "expect" && $2 == t { print $3 }' "$WORK/plan")
	got=$(cd "$REPO" && "$RB" "$old..$new" 2> /dev/null | head -n 1 | cut -d: -f1) || true
	mark=ok
	[ "$want" = "$got" ] || { mark=MISMATCH; bad=$((bad + 1)); }
	printf "  %-8s %-18s | %-18s %s\n" "$new" "$want" "$got" "$mark"
done

echo
echo "rbcheck history --from v1.19.0 -n 19:"
sed 's/^/  /' "$WORK/history.txt"
for k in $(seq 0 18); do
	tag="v1.$k.0"
	want=$(awk -v t="$tag" '$1 == "history" && $2 == t { print $3 }' "$WORK/plan")
	got=$(awk -v t="$tag" '$1 == t { print $2 }' "$WORK/history.txt")
	[ "$want" = "$got" ] || { echo "  history $tag: designed $want, rbcheck says $got: MISMATCH"; bad=$((bad + 1)); }
done
if [ "$bad" -eq 0 ]; then
	echo "all verdicts match the design"
else
	echo "$bad verdicts differ from the design"
	exit 1
fi
