#!/usr/bin/env bash
# End-to-end checks of the `sctwin` command, one case per CTest test.
# usage: cli_test.sh CASE SCTWIN_BINARY REPO_ROOT
set -u
case_name=$1
sctwin=$2
root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# Runs sctwin, capturing stdout/stderr and the exit status in $status.
run() {
  "$sctwin" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

dump() { h5dump -d "$2" "$1" | sed 1d; } # dataset contents without the file name line

case $case_name in
validate_ok)
  for s in toy asia_eu; do
    run validate "$root/scenarios/$s"
    [ "$status" -eq 0 ] || fail "validate $s exited $status: $(cat "$tmp/err")"
    grep -q "valid:" "$tmp/out" || fail "no 'valid:' line for $s"
  done ;;
validate_errors)
  cd "$root" || exit 1
  run validate tests/data/bad_bundle
  [ "$status" -eq 2 ] || fail "exit status $status, expected 2"
  diff -u tests/data/bad_bundle/expected.txt "$tmp/err" || fail "diagnostics differ from expected.txt" ;;
bad_input_writes_nothing)
  cd "$root" || exit 1
  run run tests/data/bad_bundle -o "$tmp/out.h5"
  [ "$status" -eq 2 ] || fail "exit status $status, expected 2"
  [ -z "$(ls -A "$tmp" | grep -v '^out$\|^err$')" ] || fail "files written: $(ls "$tmp")" ;;
usage)
  for c in "" "--help" "validate --help" "run --help" "run" "bogus" "run x --nope" "run x -r 0" "run x -r abc" "run x --seed -1"; do
    # shellcheck disable=SC2086
    run $c
    case "$c" in
      --help|"validate --help"|"run --help") want=0 ;;
      *) want=2 ;;
    esac
    [ "$status" -eq "$want" ] || fail "'sctwin $c' exited $status, expected $want"
  done
  run run --help
  grep -q -- "--seed" "$tmp/out" || fail "run --help does not document --seed" ;;
determinism)
  # Same seed: identical metrics and node datasets, whatever the thread count.
  run run "$root/scenarios/toy" -r 6 --seed 5 -t 1 -q -o "$tmp/a.h5"; [ "$status" -eq 0 ] || fail "run a: $(cat "$tmp/err")"
  run run "$root/scenarios/toy" -r 6 --seed 5 -t 2 -q -o "$tmp/b.h5"; [ "$status" -eq 0 ] || fail "run b"
  run run "$root/scenarios/toy" -r 6 --seed 5 -t 1 -q -o "$tmp/c.h5"; [ "$status" -eq 0 ] || fail "run c"
  run run "$root/scenarios/toy" -r 6 --seed 6 -t 1 -q -o "$tmp/d.h5"; [ "$status" -eq 0 ] || fail "run d"
  for ds in /arms/baseline/metrics /arms/baseline/nodes /arms/baseline/ledger /summary; do
    cmp -s <(dump "$tmp/a.h5" $ds) <(dump "$tmp/b.h5" $ds) || fail "$ds differs between 1 and 2 threads"
    cmp -s <(dump "$tmp/a.h5" $ds) <(dump "$tmp/c.h5" $ds) || fail "$ds differs between two runs"
  done
  cmp -s <(dump "$tmp/a.h5" /arms/baseline/metrics) <(dump "$tmp/d.h5" /arms/baseline/metrics) &&
    fail "a different seed gave identical metrics"
  # Prefix property: replication k does not depend on how many were run.
  run run "$root/scenarios/toy" -r 3 --seed 5 -t 2 -q -o "$tmp/e.h5"
  first3=$(h5dump -d /arms/baseline/metrics -c 3 "$tmp/a.h5" | sed -n '/DATA {/,$p' | tr -d ' \n{}')
  all3=$(h5dump -d /arms/baseline/metrics "$tmp/e.h5" | sed -n '/DATA {/,$p' | tr -d ' \n{}')
  [ -n "$first3" ] && [ "$first3" = "$all3" ] ||
    fail "replications 0-2 differ between -r 6 and -r 3" ;;
layout)
  run run "$root/scenarios/asia_eu" -r 2 -q -o "$tmp/r.h5"
  [ "$status" -eq 0 ] || fail "run failed: $(cat "$tmp/err")"
  listing=$(h5ls -r "$tmp/r.h5")
  for path in /scenario/actors /scenario/nodes /scenario/items /scenario/bom /scenario/lanes \
              /scenario/demand /scenario/inventory /scenario/experiment \
              /arms/baseline/metrics /arms/baseline/nodes /arms/baseline/actors /arms/baseline/ledger /summary; do
    grep -q "^$path " <<<"$listing" || fail "missing $path"
  done
  for attr in sctwin_version scenario seed replications horizon_days created_utc command; do
    h5dump -a "/$attr" "$tmp/r.h5" >/dev/null 2>&1 || fail "missing root attribute $attr"
  done
  h5dump -a /scenario "$tmp/r.h5" | grep -q asia_eu || fail "scenario attribute is not asia_eu"
  # Every node of the bundle has a row in each replication.
  n_nodes=$(($(wc -l < "$root/scenarios/asia_eu/nodes.csv") - 1))
  h5ls "$tmp/r.h5/arms/baseline/nodes" | grep -q "{2, $n_nodes}" || fail "nodes dataset is not 2 x $n_nodes"
  # No temporary file left beside the result.
  [ "$(ls "$tmp" | grep -c tmp)" -eq 0 ] || fail "temporary file left: $(ls "$tmp")" ;;
summary)
  run run "$root/scenarios/toy" -r 4 -o "$tmp/s.h5"
  [ "$status" -eq 0 ] || fail "run failed"
  for word in "fill rate" "resistance" "TTS days" "TTR days" "loss days" "lost units" "profit impact" "events:" "million events/s" partsco maker shipco shop; do
    grep -q "$word" "$tmp/out" || fail "summary lacks '$word'"
  done
  fr=$(awk '/fill rate/ {print $3}' "$tmp/out")
  awk -v f="$fr" 'BEGIN { exit !(f > 0.5 && f <= 1) }' || fail "fill rate $fr not in (0.5, 1]" ;;
valgrind)
  command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 77; }
  valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
    "$sctwin" run "$root/scenarios/toy" -r 2 -t 1 -q -o "$tmp/v.h5" 2>"$tmp/vg"
  status=$?
  [ "$status" -eq 0 ] || { cat "$tmp/vg" >&2; fail "valgrind reported errors (status $status)"; } ;;
*)
  fail "unknown case" ;;
esac
echo "ok [$case_name]"
