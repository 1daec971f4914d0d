#!/usr/bin/env bash
# bench_simpy.sh: sctwin against SimPy on the same two models (results in
# docs/performance.md, "Against SimPy"):
#   mmc    the M/M/c port of the validation suite (lambda 18/day, 4 berths,
#          exponential handling of mean 0.2 days: rho = 0.9)
#   chain  a three-echelon base-stock chain (Poisson demand 20/day)
# Each as a bundle in tests/bench/models/NAME and a SimPy model in
# tests/bench/simpy_NAME.py; 3650 days, warm-up 365.
#
# usage: tests/bench/bench_simpy.sh [SIMPY_REPLICATIONS]
#
#   SIMPY_REPLICATIONS  replications SimPy runs of each model (default 10);
#                       sctwin runs the bundle's 100, on one thread
#
# Prints, per model, both programs' events, events/s and seconds per
# replication, the two ratios, and the statistics that show the models agree
# (mean wait for a berth, fill rate).  Builds nothing: the binary is $SCTWIN,
# else ./build-rel/sctwin (a Release build).  Needs python3-simpy and
# python3-h5py (sh .ci/install-deps.sh --bench).
set -euo pipefail

SIMPY_REPS=${1:-10}
SCTWIN=${SCTWIN:-./build-rel/sctwin}
PY=/usr/bin/python3 # Debian's, where python3-simpy lives
[[ -x $SCTWIN ]] || { echo "bench_simpy: no binary $SCTWIN (build Release first)" >&2; exit 2; }
$PY -c 'import SimPy.Simulation, h5py' 2>/dev/null ||
  { echo "bench_simpy: needs python3-simpy and python3-h5py (sh .ci/install-deps.sh --bench)" >&2; exit 2; }
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "sctwin: $SCTWIN ($("$SCTWIN" --version)); SimPy $($PY -c 'import SimPy; print(SimPy.__version__)')"
for model in mmc chain; do
  echo
  "$SCTWIN" run "$here/models/$model" -t 1 -o "$work/$model.h5" >"$work/$model.out"
  # The summary line: "events: N in S s (...)".
  read -r ev secs < <(sed -n 's/^events: \([0-9]*\) in \([0-9.]*\) s.*/\1 \2/p' "$work/$model.out")
  line=$($PY "$here/simpy_$model.py" "$SIMPY_REPS")
  echo "$line"
  $PY - "$work/$model.h5" "$ev" "$secs" "$line" <<'PYEOF'
import re, sys, h5py
f = h5py.File(sys.argv[1], "r")
ev, secs, line = int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
reps = int(f.attrs["replications"])
fill = f["/arms/baseline/metrics"]["fill_rate"].mean()
extra = ""
names = [n.decode() for n in f["/scenario/nodes"]["id"]]
if "port" in names:
    wait = f["/arms/baseline/nodes"]["wait_days"][:, names.index("port")].mean()
    extra = f"mean berth wait {wait:.4f} days, "
print(f"sctwin: {reps} replications: {ev} events in {secs:.2f} s, {ev / secs:.0f} events/s, "
      f"{secs / reps:.4f} s per replication; {extra}fill rate {fill:.4f}")
s_ev_rate = float(re.search(r"(\d+) events/s", line).group(1))
s_rep = float(re.search(r"([0-9.]+) s per replication", line).group(1))
print(f"ratio: events/s {ev / secs / s_ev_rate:.1f}x, time per replication {s_rep / (secs / reps):.1f}x")
PYEOF
done
