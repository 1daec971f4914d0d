#!/usr/bin/env bash
# bench_experiment.sh: throughput, parallel speed-up, peak memory and HDF5
# share of a Monte Carlo experiment (results in docs/performance.md,
# "Monte Carlo experiments").
#
# usage: tests/bench/bench_experiment.sh [REPLICATIONS]
#
#   REPLICATIONS  replications of scenarios/asia_eu, arm ever_given (each with
#                 its counterfactual twin), 365 days (default 10000)
#
# Builds nothing: the binary is $SCTWIN, else ./build-rel/sctwin (a Release
# build). Run it from the repository root on an otherwise idle machine.
#
# 1. Throughput: asia_eu with REPLICATIONS replications on 1 thread, then at
#    once on 2 threads (back to back, so both see the same machine); the
#    speed-up is the ratio of the two runs' wall times from this invocation.
# 2. Peak memory (/usr/bin/time -v, maximum resident set size): the two runs
#    above, asia_eu with MEM_ASIA_REPS (default 1000) replications, and
#    scenarios/toy (arm disrupted) with each of TOY_REPS (default
#    "1000 10000 100000") replications, all memory runs on MEM_THREADS
#    (default 2) threads; the growth per replication is the slope between
#    consecutive sizes of one scenario at one thread count.
# 3. HDF5 share: the time inside the results sink (the HDF5 writer) over the
#    wall time of the run, as `sctwin run` reports it.
#
# Environment: SCTWIN, MEM_ASIA_REPS, TOY_REPS, MEM_THREADS, KEEP=1 (keep the
# work folder with the .h5 files and the raw outputs).

set -euo pipefail

REPS=${1:-10000}
SCTWIN=${SCTWIN:-./build-rel/sctwin}
MEM_ASIA_REPS=${MEM_ASIA_REPS:-1000}
TOY_REPS=${TOY_REPS-"1000 10000 100000"}  # set but empty: no toy runs
MEM_THREADS=${MEM_THREADS:-2}
TIME=/usr/bin/time

[[ -x $SCTWIN ]] || { echo "bench_experiment: no binary $SCTWIN (build Release first)" >&2; exit 2; }
[[ -x $TIME ]] || { echo "bench_experiment: $TIME missing (apt-get install time)" >&2; exit 2; }
[[ -d scenarios/asia_eu && -d scenarios/toy ]] ||
    { echo "bench_experiment: run from the repository root" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_experiment.XXXXXX")
if [[ ${KEEP:-0} != 1 ]]; then trap 'rm -rf "$WORK"' EXIT; fi

# Rows of results: label scenario reps threads events run_s wall_s cpu_pct
# sink_pct rss_kb h5_bytes
ROWS=()

# run LABEL SCENARIO ARM REPS THREADS: one `sctwin run` under /usr/bin/time -v
run() {
    local label=$1 scen=$2 arm=$3 reps=$4 threads=$5
    local out=$WORK/$label.out tv=$WORK/$label.time h5=$WORK/$label.h5
    echo "  [$(date +%T)] $label: $scen --arms $arm -r $reps -t $threads (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$TIME" -v -o "$tv" "$SCTWIN" run "scenarios/$scen" --arms "$arm" -r "$reps" -t "$threads" \
        -o "$h5" >"$out" 2>"$WORK/$label.err" ||
        { echo "bench_experiment: $label failed:" >&2; cat "$WORK/$label.err" "$tv" >&2; exit 1; }
    local ev run_s sink wall cpu rss size
    read -r ev run_s sink < <(sed -n \
        's/^events: \([0-9]*\) in \([0-9.]*\) s (.*writing results \([0-9.]*\)% of it$/\1 \2 \3/p' "$out")
    [[ -n ${sink:-} ]] || { echo "bench_experiment: no events line in $out" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tv")
    cpu=$(awk -F': ' '/Percent of CPU this job got/ { sub("%", "", $2); print $2 }' "$tv")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
    size=$(stat -c %s "$h5")
    ROWS+=("$label $scen $reps $threads $ev $run_s $wall $cpu $sink $rss $size")
    echo "      $ev events in $run_s s (process $wall s, CPU $cpu%), sink $sink%, max RSS $rss kB" >&2
}

echo "bench_experiment: $SCTWIN, asia_eu x $REPS replications; work folder $WORK" >&2
echo "  $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, Linux $(uname -r)" >&2

# 1. Throughput, 1 then 2 threads, back to back.
run asia_t1 asia_eu ever_given "$REPS" 1
run asia_t2 asia_eu ever_given "$REPS" 2

# 2. Memory at smaller sizes.
MEM_ROWS=()
if [[ $MEM_ASIA_REPS != "$REPS" ]]; then
    run "asia_m$MEM_ASIA_REPS" asia_eu ever_given "$MEM_ASIA_REPS" "$MEM_THREADS"
    MEM_ROWS+=("asia_m$MEM_ASIA_REPS")
fi
# the throughput run at the same thread count is the larger asia_eu size
if [[ $MEM_THREADS == 2 ]]; then MEM_ROWS+=(asia_t2); elif [[ $MEM_THREADS == 1 ]]; then MEM_ROWS+=(asia_t1); fi
for n in $TOY_REPS; do
    run "toy_m$n" toy disrupted "$n" "$MEM_THREADS"
    MEM_ROWS+=("toy_m$n")
done

row() { # row LABEL: the stored row of that label
    local r
    for r in "${ROWS[@]}"; do [[ ${r%% *} == "$1" ]] && { echo "$r"; return; }; done
}

echo
echo "Throughput: asia_eu, arm ever_given + twin, $REPS replications, 365 days"
printf '%-8s %12s %10s %10s %12s %14s %8s %9s\n' threads events "run s" "process s" "reps/s" "events/s" "CPU %" "HDF5 %"
for l in asia_t1 asia_t2; do
    read -r _ _ reps th ev run_s wall cpu sink _ _ <<<"$(row $l)"
    awk -v th="$th" -v ev="$ev" -v s="$run_s" -v w="$wall" -v r="$reps" -v c="$cpu" -v k="$sink" \
        'BEGIN { printf "%-8d %12.0f %10.2f %10.2f %12.2f %14.0f %8s %9.2f\n", th, ev, s, w, r / s, ev / s, c, k }'
done
read -r _ _ _ _ ev1 s1 _ <<<"$(row asia_t1)"
read -r _ _ _ _ ev2 s2 _ <<<"$(row asia_t2)"
awk -v s1="$s1" -v s2="$s2" -v e1="$ev1" -v e2="$ev2" 'BEGIN {
    printf "speed-up 2 vs 1 thread: %.3f x (parallel efficiency %.1f %%); events equal: %s\n",
        s1 / s2, 50 * s1 / s2, (e1 == e2 ? "yes" : "NO") }'

echo
echo "Peak memory (maximum resident set size)"
printf '%-10s %8s %8s %12s %14s %22s\n' scenario reps threads "max RSS kB" "h5 bytes" "growth B/replication"
prev_scen="" prev_th="" prev_reps=0 prev_rss=0
for l in "${MEM_ROWS[@]}" asia_t1; do
    read -r _ scen reps th _ _ _ _ _ rss size <<<"$(row "$l")"
    growth="-"
    if [[ $scen == "$prev_scen" && $th == "$prev_th" && $reps != "$prev_reps" ]]; then
        growth=$(awk -v a="$prev_rss" -v b="$rss" -v m="$prev_reps" -v n="$reps" \
            'BEGIN { printf "%.1f", (b - a) * 1024 / (n - m) }')
    fi
    printf '%-10s %8d %8d %12d %14d %22s\n' "$scen" "$reps" "$th" "$rss" "$size" "$growth"
    prev_scen=$scen prev_th=$th prev_reps=$reps prev_rss=$rss
done
echo "(by design, per replication and arm: one 112-byte metrics row + 8 bytes of profit impact)"
