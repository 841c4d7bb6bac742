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

# best wall seconds of RUNS (default 3) runs of a shell snippet
best3() { # best of $RUNS (default 3)
	best=
	for i in $(seq 1 "${RUNS:-3}"); do
		t0=$(now)
		sh -c "$1" > "$WORK/last.out" 2> "$WORK/last.err" || {
			rc=$?
			# rbcheck exits 1 for roll-forward-only: that is a result, not a failure
			if [ "$rc" -ne 1 ]; then echo "failed ($rc): $1" >&2; cat "$WORK/last.err" >&2; exit 1; fi
		}
		t1=$(now)
		best=$(awk -v a="$t0" -v b="$t1" -v c="$best" 'BEGIN { d = b - a; if (c == "" || d < c) printf "%.3f", d; else printf "%s", c }')
	done
	echo "$best"
}

# each floor run extracts into a fresh directory (removing the last one is
# not timed; rbcheck's timings include removing its temporary trees)
floor=$(best3 "d=\$(mktemp -d '$WORK/floor.XXXXXX') && git -C '$REPO' archive v1.18.0 | tar -x -C \"\$d\" && gofmt -l \"\$d\" > /dev/null")
rm -rf "$WORK"/floor.*
check=$(best3 "cd '$REPO' && '$RB' v1.18.0..v1.19.0")
cp "$WORK/last.out" "$WORK/check.out"
history=$(best3 "cd '$REPO' && '$RB' history --from v1.19.0 -n 19")
cp "$WORK/last.out" "$WORK/history.out"

echo "floor (git archive v1.18.0 | tar -x; gofmt -l)   wall ${floor}s"
echo "rbcheck v1.18.0..v1.19.0                          wall ${check}s"
echo "rbcheck history --from v1.19.0 -n 19              wall ${history}s"
awk -v c="$check" -v h="$history" -v f="$floor" 'BEGIN {
	printf "ratio check/floor:   %.2f (target <= 2.00)\n", c / f
	printf "ratio history/floor: %.2f (19 releases)\n", h / f
}'

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
sed 's/^/  /' "$WORK/history.out"
for k in $(seq 0 18); do
	tag="v1.$k.0"
	want=$(awk -v t="$tag" '$1 == "history" && $2 == t { print $3 }' "$WORK/plan")
	got=$(awk -v t="$tag" '$1 == t { print $2 }' "$WORK/history.out")
	[ "$want" = "$got" ] || { echo "  history $tag: designed $want, rbcheck says $got: MISMATCH"; bad=$((bad + 1)); }
done
if [ "$bad" -eq 0 ]; then
	echo "all verdicts match the design"
else
	echo "$bad verdicts differ from the design"
	exit 1
fi
