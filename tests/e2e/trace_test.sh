#!/usr/bin/env bash
# End-to-end tests of `sctwin trace` (CASE SCTWIN REPO).
set -euo pipefail
case_=$1 sctwin=$2 repo=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# The values of a dataset, one per line, at 4 decimals.
values() { h5dump -m '%.4f' -y -w0 -d "$2" "$1" | sed -n '/DATA {/,/}/p' | tr -s ' ,' '\n' | grep -E '^-?[0-9.]+$' || true; }

case $case_ in
trace_matches_run)
  # Tracing only observes: q(t) of the traced replication is the run's curve.
  "$sctwin" trace "$repo/scenarios/asia_eu" --arm none --rep 1 -o "$tmp/t.h5" -q
  "$sctwin" run "$repo/scenarios/asia_eu" --arms none -r 2 -q -o "$tmp/r.h5"
  [ -f "$tmp/t.h5" ] && [ ! -e "$tmp/t.h5.partial" ] || fail "no trace file, or a partial left"
  diff <(values "$tmp/t.h5" /trace/q) <(values "$tmp/r.h5" "/arms/none/curve[1,0;;1,365]") >/dev/null ||
    fail "trace q(t) differs from run's curve"
  [ "$(values "$tmp/t.h5" /trace/q | sort -n | head -1 | cut -c1-3)" != "1.0" ] || fail "q never drops"
  ;;
trace_contents)
  "$sctwin" trace "$repo/scenarios/asia_eu" --arm warning -o "$tmp/t.h5" -q
  n=$(h5ls "$tmp/t.h5/trace/shipments" | grep -o '{[0-9]*}' | tr -d '{}')
  [ "$n" -gt 1000 ] || fail "only $n shipments"
  h5ls "$tmp/t.h5/trace/node_days" | grep -q '{365, 32}' || fail "node_days not days x nodes"
  h5dump -d /trace/shocks "$tmp/t.h5" | grep -q '"chokepoint:suez"' || fail "no suez shock"
  # Ships held at Suez (chokepoint index of suez) while it is closed, days 290-304.
  h5ls "$tmp/t.h5/trace/holds" | grep -q '{0}' && fail "no holds"
  values "$tmp/t.h5" /trace/holds | awk 'NR%5==4 && ($1 < 289 || $1 > 305) {bad=1} END {exit bad}' ||
    fail "a hold starts outside the closure"
  h5ls "$tmp/t.h5/trace/warnings" | grep -q '{0}' && fail "no warning on the warning arm"
  h5dump -d /trace/warnings "$tmp/t.h5" | grep -q '"suez_14"' || fail "suez_14 not announced"
  ;;
trace_bad_input)
  set +e
  "$sctwin" trace "$repo/scenarios/toy" --arm nosuch -o "$tmp/t.h5" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "no arm 'nosuch'" "$tmp/err" || fail "bad arm: rc $rc"
  cp -r "$repo/scenarios/toy" "$tmp/b"
  printf 'lane,seq,lat,lon\nnope,0,1,2\n' > "$tmp/b/lane_paths.csv"
  "$sctwin" trace "$tmp/b" -o "$tmp/t.h5" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "lane_paths.csv:2:1: unknown lane 'nope'" "$tmp/err" || fail "bad path: rc $rc"
  "$sctwin" trace 2>/dev/null; [ $? -eq 2 ] || fail "no scenario"
  "$sctwin" trace "$repo/scenarios/toy" -o "$tmp/nosuch/t.h5" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] || fail "missing output folder: rc $rc"
  "$sctwin" trace "$repo/scenarios/toy" -r 5 -o "$tmp/t.h5" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q -- "-r does not apply" "$tmp/err" || fail "-r accepted: rc $rc"
  [ ! -e "$tmp/t.h5" ] || fail "bad input wrote a file"
  ;;
*) fail "unknown case $case_" ;;
esac
echo "ok $case_"
