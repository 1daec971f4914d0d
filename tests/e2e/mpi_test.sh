#!/usr/bin/env bash
# End-to-end checks of `mpirun -np K sctwin ...` (docs/cluster.md), one case
# per CTest test: every dataset of the results file is bit-identical to a
# single-process run's, for an even and an uneven split of the replications.
# usage: mpi_test.sh CASE SCTWIN_BINARY REPO_ROOT MPIEXEC
set -u
case_name=$1
sctwin=$2
root=$3
mpiexec=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# Two cores may run three ranks; CI runs as root, which Open MPI refuses
# unless told.  Inside containers the shared-memory transport's single-copy
# mechanism (CMA) is often forbidden: copy through the shared segment.
launcher=("$mpiexec" --oversubscribe --bind-to none)
[ "$(id -u)" -eq 0 ] && launcher+=(--allow-run-as-root)
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export HDF5_USE_FILE_LOCKING=FALSE # h5dump peeks at the partial file of a running run

# Runs sctwin alone (-np 0) or under mpirun -np K, capturing stdout, stderr
# and the exit status in $status.
run_np() {
  local np=$1
  shift
  if [ "$np" -eq 0 ]; then
    "$sctwin" "$@" >"$tmp/out" 2>"$tmp/err"
  else
    "${launcher[@]}" -np "$np" "$sctwin" "$@" >"$tmp/out" 2>"$tmp/err"
  fi
  status=$?
}

datasets() { h5ls -r "$1" | awk '$2 == "Dataset" { print $1 }'; }
# The root attributes but the two that name the moment and the command line.
root_attrs() { h5dump -A -g / "$1" | sed 1d | awk '/ATTRIBUTE "(created_utc|command)"/ { skip = 1 } skip && /^   }/ { skip = 0; next } !skip'; }

# Fails unless files $1 and $2 hold the same datasets with equal values
# (h5diff without a tolerance: exact) and the same root attributes.
same_file() {
  [ "$(datasets "$1")" = "$(datasets "$2")" ] || fail "$3: not the same datasets"
  [ -n "$(datasets "$1")" ] || fail "$3: no dataset in $1"
  for d in $(datasets "$1"); do
    h5diff "$1" "$2" "$d" "$d" >/dev/null || fail "$3: $d differs: $(h5diff "$1" "$2" "$d" "$d" | head -5)"
  done
  cmp -s <(root_attrs "$1") <(root_attrs "$2") || fail "$3: root attributes differ"
}

# Runs `sctwin ARGS -o FILE` alone and under -np 2 and -np 3 (3 does not
# divide a batch evenly) and compares the files; stdout must match too.
compare_np() {
  local base=$1
  shift
  run_np 0 "$@" -o "$tmp/$base-1.h5"
  [ "$status" -eq 0 ] || fail "single process: exit $status: $(cat "$tmp/err")"
  cp "$tmp/out" "$tmp/$base-1.out"
  for np in 2 3; do
    run_np "$np" "$@" -o "$tmp/$base-$np.h5"
    [ "$status" -eq 0 ] || fail "-np $np: exit $status: $(cat "$tmp/err")"
    same_file "$tmp/$base-1.h5" "$tmp/$base-$np.h5" "-np $np"
    cp "$tmp/out" "$tmp/$base-$np.out"
  done
}

cd "$root" || exit 1
case $case_name in
mpi_run_toy)
  run_np 0 run scenarios/toy -r 32 --seed 7 -t 1 -o "$tmp/one.h5"
  [ "$status" -eq 0 ] || fail "single process: exit $status: $(cat "$tmp/err")"
  grep -q "seed 7, 1 thread$" "$tmp/out" || fail "single process header changed: $(head -1 "$tmp/out")"
  cp "$tmp/out" "$tmp/one.out"
  # Two threads per rank: one summary, from rank 0, whose header gives the
  # layout, with the same figures (the timing line and file name aside).
  run_np 2 run scenarios/toy -r 32 --seed 7 -t 2 -o "$tmp/two.h5"
  [ "$status" -eq 0 ] || fail "-np 2 -t 2: exit $status: $(cat "$tmp/err")"
  same_file "$tmp/one.h5" "$tmp/two.h5" "-np 2 -t 2"
  grep -q "seed 7, 2 MPI ranks x 2 threads$" "$tmp/out" || fail "no layout in the header: $(head -1 "$tmp/out")"
  [ "$(grep -c '^results: ' "$tmp/out")" -eq 1 ] || fail "the summary is not printed once"
  cmp -s <(sed '1,2d;$d' "$tmp/one.out") <(sed '1,2d;$d' "$tmp/out") || fail "the summaries differ"
  run_np 3 run scenarios/toy -r 32 --seed 7 -t 1 -q -o "$tmp/three.h5"
  [ "$status" -eq 0 ] || fail "-np 3: exit $status: $(cat "$tmp/err")"
  same_file "$tmp/one.h5" "$tmp/three.h5" "-np 3"
  # The comparison can fail: another seed gives another file.
  run_np 0 run scenarios/toy -r 32 --seed 8 -t 1 -q -o "$tmp/other.h5"
  ! h5diff "$tmp/one.h5" "$tmp/other.h5" /arms/disrupted/metrics /arms/disrupted/metrics >/dev/null ||
    fail "seeds 7 and 8 gave the same metrics" ;;
mpi_run_asia_eu)
  compare_np asia run scenarios/asia_eu --arms baseline,red_sea,reroute -r 4 --seed 3 -t 1 -q ;;
mpi_stress)
  compare_np stress stress scenarios/toy -r 5 --seed 2 -t 1 -q
  [ "$(h5dump -H -d /stress "$tmp/stress-3.h5" 2>/dev/null | grep -c DATASET)" -eq 1 ] || fail "no /stress table" ;;
mpi_share)
  # Coalition arms split too; the printed allocations (CSV) are the same.
  compare_np share share tests/data/share_chain -r 5 --seed 4 -t 1 --csv
  for np in 2 3; do
    cmp -s "$tmp/share-1.out" "$tmp/share-$np.out" || fail "-np $np: the CSV differs"
  done
  [ "$(grep -c '' "$tmp/share-2.out")" -eq 36 ] || fail "expected 1 + 7 x 5 CSV rows, got $(grep -c '' "$tmp/share-2.out")" ;;
mpi_bad_input)
  # Bad input: exit 2 on every rank (no deadlock), one message, nothing written.
  # (Each failing mpirun costs a second of Open MPI's clean-up: few cases.)
  mkdir "$tmp/w"
  for args in "stress tests/data/bad_bundle" "run scenarios/toy --arms nope" "trace scenarios/toy"; do
    # shellcheck disable=SC2086
    run_np 2 $args -o "$tmp/w/out.h5"
    [ "$status" -eq 2 ] || fail "'$args': exit status $status, expected 2: $(cat "$tmp/err")"
    [ -z "$(ls -A "$tmp/w")" ] || fail "'$args': files written: $(ls "$tmp/w")"
  done
  run_np 3 run tests/data/bad_bundle -o "$tmp/w/out.h5"
  [ "$status" -eq 2 ] || fail "bad bundle on 3 ranks: exit status $status, expected 2"
  [ -z "$(ls -A "$tmp/w")" ] || fail "bad bundle: files written: $(ls "$tmp/w")"
  [ "$(grep -c 'problems found' "$tmp/err")" -eq 1 ] || fail "diagnostics not printed once: $(cat "$tmp/err")"
  run_np 2 run scenarios/toy -r 2 -o "$tmp/nowhere/out.h5"
  [ "$status" -eq 2 ] || fail "unwritable folder: exit status $status, expected 2" ;;
mpi_interrupt)
  # SIGTERM to mpirun midway: rank 0 keeps the finished replications in the
  # partial file; --resume (on another number of ranks) finishes it into a
  # file equal to an uninterrupted run's.  1,000 replications leave seconds
  # between the first batch kept and the end, even on a loaded machine (300
  # once finished before the signal came).
  run_np 0 run scenarios/toy -r 1000 --seed 1 -t 2 -q -o "$tmp/full.h5"
  [ "$status" -eq 0 ] || fail "uninterrupted run: $(cat "$tmp/err")"
  "${launcher[@]}" -np 2 "$sctwin" run scenarios/toy -r 1000 --seed 1 -t 1 -q -o "$tmp/k.h5" >/dev/null 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 3000); do # up to a minute: sanitizer builds start slowly
    d=$(h5dump -a /replications_done "$tmp/k.h5.partial" 2>/dev/null | sed -n 's/^ *(0): //p')
    [ -n "$d" ] && [ "$d" -gt 0 ] && break
    sleep 0.02
  done
  kill -TERM "$pid"
  wait "$pid"
  [ -e "$tmp/k.h5" ] && fail "SIGTERM left $tmp/k.h5"
  [ -e "$tmp/k.h5.partial" ] || fail "no partial file: $(cat "$tmp/err")"
  done=$(h5dump -a /replications_done "$tmp/k.h5.partial" | sed -n 's/^ *(0): //p')
  [ "$done" -gt 0 ] && [ "$done" -lt 1000 ] || fail "$done replications kept"
  grep -q "interrupted: $done of 1000 replications kept" "$tmp/err" || fail "message: $(cat "$tmp/err")"
  run_np 3 run scenarios/toy -r 1000 --seed 1 -t 1 -q -o "$tmp/k.h5" --resume
  [ "$status" -eq 0 ] || fail "resume: exit $status: $(cat "$tmp/err")"
  [ -e "$tmp/k.h5.partial" ] && fail "partial file left after resuming"
  same_file "$tmp/full.h5" "$tmp/k.h5" "resumed from $done on 3 ranks" ;;
*)
  fail "unknown case" ;;
esac
exit 0
