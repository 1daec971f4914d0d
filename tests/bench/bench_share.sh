#!/usr/bin/env bash
# bench_share.sh: time of `sctwin share` on scenarios/asia_eu (coalition
# values by simulation) on 1 and 2 threads, back to back (results in
# docs/performance.md, "Coalition values").
#
# usage: tests/bench/bench_share.sh [REPLICATIONS]
#
#   REPLICATIONS  replications of every simulated set of mitigations of the
#                 share arm (each with its counterfactual twin), 365 days
#                 (default 200)
#
# Builds nothing: the binary is $SCTWIN, else ./build-rel/sctwin (a Release
# build).  Run it from the repository root on an otherwise idle machine.
# THREADS (default "1 2") lists the thread counts to run.
set -euo pipefail

REPS=${1:-200}
SCTWIN=${SCTWIN:-./build-rel/sctwin}
THREADS=${THREADS:-"1 2"}
TIME=/usr/bin/time
[[ -x $SCTWIN ]] || { echo "bench_share: no binary $SCTWIN (build Release first)" >&2; exit 2; }
[[ -x $TIME ]] || { echo "bench_share: $TIME missing (apt-get install time)" >&2; exit 2; }
[[ -d scenarios/asia_eu ]] || { echo "bench_share: run from the repository root" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_share.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "bench_share: $SCTWIN, asia_eu x $REPS replications per set" >&2
echo "  $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, Linux $(uname -r)" >&2
printf '%-8s %10s %8s %12s %12s\n' threads "wall s" "CPU %" "max RSS kB" "sets"
first=""
for t in $THREADS; do
    "$TIME" -v -o "$WORK/t$t.time" "$SCTWIN" share scenarios/asia_eu -r "$REPS" -t "$t" \
        -o "$WORK/t$t.h5" >"$WORK/t$t.out" 2>"$WORK/t$t.err" ||
        { echo "bench_share: $t threads failed:" >&2; cat "$WORK/t$t.err" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/t$t.time")
    cpu=$(awk -F': ' '/Percent of CPU this job got/ { sub("%", "", $2); print $2 }' "$WORK/t$t.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/t$t.time")
    sets=$(sed -n 's/.* coalitions from \([0-9]*\) simulated sets.*/\1/p' "$WORK/t$t.out")
    printf '%-8s %10.1f %8s %12s %12s\n' "$t" "$wall" "$cpu" "$rss" "$sets"
    [[ -z $first ]] && first=$wall
    last=$wall
    # The allocations must not depend on the thread count.
    sed -n '/^shapley/,/^$/p' "$WORK/t$t.out" >"$WORK/t$t.shapley"
    [[ $t == "${THREADS%% *}" ]] || cmp -s "$WORK/t${THREADS%% *}.shapley" "$WORK/t$t.shapley" ||
        { echo "bench_share: Shapley values differ between thread counts" >&2; exit 1; }
done
awk -v a="$first" -v b="$last" 'BEGIN { if (b > 0) printf "speed-up last vs first: %.2f x\n", a / b }'
