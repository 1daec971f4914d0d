#!/usr/bin/env bash
# bench_size.sh: cost of one replication against network size (results in
# docs/performance.md, "Network size").
#
# usage: tests/bench/bench_size.sh
#
# Generates networks of 1,000, 10,000 and 100,000 nodes (`sctwin generate`,
# seed 1) and one of the size of the largest Willems (2008) chain, 2,025
# nodes with 16,225 lanes (--lanes), each with a horizon of DAYS days
# (default 20, no warm-up), and runs arm baseline (no shocks, so no
# counterfactual twin is run) on one thread.  Reports per size: load and check time (`sctwin
# validate`), events, run time, events/s, wall time and peak RSS of the run
# (/usr/bin/time -v), events per node per simulated day, and microseconds
# per node per simulated day.  Replications are chosen so each run simulates
# about the same number of node-days (REPS_1K, REPS_WILLEMS, REPS_10K,
# REPS_100K; defaults 20, 10, 2, 1).
#
# Builds nothing: the binary is $SCTWIN, else ./build/sctwin.  Run it from the
# repository root.  Environment: SCTWIN, DAYS, REPS_*, KEEP=1 (keep the work
# folder with the bundles and outputs).

set -euo pipefail

SCTWIN=${SCTWIN:-./build/sctwin}
DAYS=${DAYS:-20}
TIME=/usr/bin/time
[[ -x $SCTWIN ]] || { echo "bench_size: no binary $SCTWIN (build first)" >&2; exit 2; }
[[ -x $TIME ]] || { echo "bench_size: $TIME missing (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_size.XXXXXX")
if [[ ${KEEP:-0} != 1 ]]; then trap 'rm -rf "$WORK"' EXIT; fi

printf '| network | nodes | lanes | replications | load s | events | run s | events/s | wall s | peak RSS MB | events / node / day | us / node / day |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'

# size LABEL NODES REPS [--lanes L]
size() {
    local label=$1 nodes=$2 reps=$3
    shift 3
    local dir=$WORK/$label
    "$SCTWIN" generate --nodes "$nodes" --seed 1 --days "$DAYS" "$@" -o "$dir" -q
    sed -i 's/^warmup_days,.*/warmup_days,0/' "$dir/experiment.csv"
    local lanes=$(($(wc -l <"$dir/lanes.csv") - 1))
    local t0 t1
    t0=$(date +%s.%N)
    "$SCTWIN" validate "$dir" >/dev/null
    t1=$(date +%s.%N)
    echo "  [$(date +%T)] $label: $nodes nodes, $lanes lanes, -r $reps (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$TIME" -v -o "$WORK/$label.time" "$SCTWIN" run "$dir" --arms baseline -r "$reps" -t 1 \
        -o "$WORK/$label.h5" >"$WORK/$label.out"
    local ev run_s wall rss
    read -r ev run_s < <(sed -n 's/^events: \([0-9]*\) in \([0-9.]*\) s.*/\1 \2/p' "$WORK/$label.out")
    wall=$(awk -F': ' '/Elapsed/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/$label.time")
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/$label.time")
    # Arm baseline has no shocks, so it needs no counterfactual twin: one run
    # of nodes x DAYS node-days per replication.
    awk -v l="$label" -v n="$nodes" -v la="$lanes" -v r="$reps" -v t0="$t0" -v t1="$t1" \
        -v ev="$ev" -v s="$run_s" -v w="$wall" -v rss="$rss" -v d="$DAYS" 'BEGIN {
        nd = n * d * r
        printf "| %s | %d | %d | %d | %.2f | %d | %.2f | %.2f M | %.2f | %.0f | %.2f | %.2f |\n",
            l, n, la, r, t1 - t0, ev, s, ev / s / 1e6, w, rss / 1024, ev / nd, s / nd * 1e6 }'
}

size generated-1k 1000 "${REPS_1K:-20}"
size willems-size 2025 "${REPS_WILLEMS:-10}" --lanes 16225
size generated-10k 10000 "${REPS_10K:-2}"
size generated-100k 100000 "${REPS_100K:-1}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg); days $DAYS" >&2
