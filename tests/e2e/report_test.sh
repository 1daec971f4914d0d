#!/usr/bin/env bash
# End-to-end tests of `sctwin report` (CASE SCTWIN REPO).
set -euo pipefail
case_=$1 sctwin=$2 repo=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { python3 "$repo/tests/e2e/report_check.py" "$@" || fail "figures of $1"; }
export HDF5_USE_FILE_LOCKING=FALSE

case $case_ in
report_run)
  "$sctwin" run "$repo/scenarios/toy" -r 7 -t 1 -o "$tmp/r.h5" >"$tmp/run.out"
  "$sctwin" report "$tmp/r.h5" -o "$tmp/rep" >"$tmp/out" || fail "report failed"
  [ ! -e "$tmp/rep.partial" ] || fail "partial folder left"
  check "$tmp/rep" qt ttr loss
  [ ! -e "$tmp/rep/stress.png" ] && [ ! -e "$tmp/rep/allocation.png" ] || fail "figures of another kind of file"
  html=$tmp/rep/index.html
  for arm in calm disrupted; do grep -q "<th>$arm</th>" "$html" || fail "no row of arm $arm"; done
  grep -q 'href="qt_band.csv"' "$html" || fail "qt_band.csv not referenced"
  grep -q "<h2>Paired differences against calm</h2>" "$html" || fail "no paired table"
  [ "$(grep -c '<tr><th>disrupted</th>' "$html")" -eq 2 ] || fail "disrupted not in both tables"
  # The page shows the same fill rate as the run's summary (first arm, 4 decimals).
  fr=$(awk '/^  fill rate/ { print $3; exit }' "$tmp/run.out")
  grep -q "<td>$fr <span" "$html" || fail "fill rate $fr of the run not on the page"
  # qt_band.csv is the mean and 5/95 percentiles of /arms/ARM/curve per day.
  for arm in calm disrupted; do
    h5dump -m '%.9g' -y -w0 -d "/arms/$arm/curve" "$tmp/r.h5" | sed -n '/DATA {/,/}/p' |
      tr -s ' ,' '\n' | grep -E '^-?[0-9.e+-]+$' >"$tmp/$arm.values"
  done
  python3 - "$tmp" <<'PY' || fail "qt_band.csv does not match the curves"
import csv, sys
tmp = sys.argv[1]
def pct(s, p):
    pos = p * (len(s) - 1); lo = int(pos)
    return s[-1] if lo + 1 >= len(s) else s[lo] + (pos - lo) * (s[lo + 1] - s[lo])
band = {(r["arm"], int(r["day"])): r for r in csv.DictReader(open(f"{tmp}/rep/qt_band.csv"))}
checked, moving = 0, 0
for arm in ("calm", "disrupted"):
    v = [float(x) for x in open(f"{tmp}/{arm}.values")]
    reps, days = 7, 365
    assert len(v) == reps * days, len(v)
    for d in range(days):
        col = sorted(v[r * days + d] for r in range(reps))
        want = (sum(col) / reps, pct(col, 0.05), pct(col, 0.95))
        got = band[(arm, d)]
        for w, key in zip(want, ("mean", "p05", "p95")):
            assert abs(float(got[key]) - w) < 1e-6, (arm, d, key, got[key], w)
        checked += 1
        moving += col[0] < col[-1]
assert checked == 730 and moving > 10, (checked, moving)
print(f"qt_band.csv: {checked} days match, {moving} with spread")
PY
  ;;
report_stress)
  "$sctwin" stress "$repo/scenarios/toy" -r 2 -t 1 -q -o "$tmp/s.h5"
  "$sctwin" report "$tmp/s.h5" -o "$tmp/rep" >/dev/null || fail "report failed"
  check "$tmp/rep" qt ttr loss stress
  grep -q "Stress test ranking" "$tmp/rep/index.html" || fail "no ranking table"
  first=$(h5dump -d /stress "$tmp/s.h5" | sed -n '/DATA {/,$p' | grep -m1 -o '"[a-z_]*"' | tr -d '"')
  [ -n "$first" ] || fail "no element in /stress"
  grep -q "<td>1</td><td>$first</td>" "$tmp/rep/index.html" || fail "rank 1 is not $first"
  ;;
report_share)
  "$sctwin" share "$repo/tests/data/share_chain" -r 2 -t 1 -q -o "$tmp/s.h5" >/dev/null
  "$sctwin" report "$tmp/s.h5" -o "$tmp/rep" >/dev/null || fail "report failed"
  check "$tmp/rep" qt ttr loss allocation
  for rule in standalone shapley cost_sharing; do
    grep -q "<th>$rule</th>" "$tmp/rep/index.html" || fail "no allocation column $rule"
  done
  ;;
report_bad_input)
  set +e
  "$sctwin" run "$repo/scenarios/toy" -r 2 -t 1 -q -o "$tmp/r.h5"
  expect2() { # DESCRIPTION PATTERN ARGS...: exit 2, message, nothing written
    local what=$1 pattern=$2; shift 2
    "$sctwin" report "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, want 2"
    grep -q "$pattern" "$tmp/err" || fail "$what: message '$(cat "$tmp/err")'"
  }
  expect2 "missing file" "no such file" "$tmp/none.h5" -o "$tmp/a"
  cp "$repo/scenarios/toy/nodes.csv" "$tmp/n.h5"
  expect2 "not HDF5" "not an HDF5 file" "$tmp/n.h5" -o "$tmp/a"
  "$sctwin" trace "$repo/scenarios/toy" -q -o "$tmp/t.h5"
  expect2 "trace file" "a trace file" "$tmp/t.h5" -o "$tmp/a"
  expect2 "no -o" "needs FILE.h5 and -o DIR" "$tmp/r.h5"
  expect2 "unwritable" "cannot write beside" "$tmp/r.h5" -o "$tmp/no/such/dir"
  [ ! -e "$tmp/a" ] && [ ! -e "$tmp/a.partial" ] || fail "a bad input wrote something"
  # An interrupted run's partial file.
  "$sctwin" run "$repo/scenarios/toy" -r 100000 -t 1 -q -o "$tmp/p.h5" & pid=$!
  for _ in $(seq 100); do [ -e "$tmp/p.h5.partial" ] && break; sleep 0.2; done
  sleep 1; kill -INT $pid; wait $pid
  [ -e "$tmp/p.h5.partial" ] || fail "no partial file to test with"
  expect2 "partial file" "incomplete" "$tmp/p.h5.partial" -o "$tmp/a"
  [ ! -e "$tmp/a" ] || fail "the partial file made a report"
  # A folder that is not a report is never touched, even with --force.
  mkdir "$tmp/mine" && echo keep >"$tmp/mine/notes.txt"
  expect2 "user's folder" "is not a report" "$tmp/r.h5" -o "$tmp/mine"
  expect2 "user's folder, --force" "is not a report" "$tmp/r.h5" -o "$tmp/mine" --force
  [ -f "$tmp/mine/notes.txt" ] || fail "a folder of the user's was touched"
  mkdir "$tmp/x.partial" && echo keep >"$tmp/x.partial/notes.txt"
  expect2 "user's folder as DIR.partial" "move it away" "$tmp/r.h5" -o "$tmp/x"
  [ -f "$tmp/x.partial/notes.txt" ] && [ ! -e "$tmp/x" ] || fail "DIR.partial of the user's touched"
  # An earlier report is kept unless --force, which replaces it whole.
  "$sctwin" report "$tmp/r.h5" -o "$tmp/old" >/dev/null 2>&1 || fail "first report failed"
  echo stale >"$tmp/old/stale.txt"
  expect2 "existing report" "pass --force" "$tmp/r.h5" -o "$tmp/old"
  [ -f "$tmp/old/stale.txt" ] || fail "existing report touched without --force"
  "$sctwin" report "$tmp/r.h5" -o "$tmp/old" --force >/dev/null 2>&1 || fail "--force failed"
  [ -f "$tmp/old/index.html" ] && [ ! -e "$tmp/old/stale.txt" ] && [ ! -e "$tmp/old.old" ] ||
    fail "--force did not replace the report"
  ;;
*) fail "unknown case $case_" ;;
esac
echo "ok: $case_"
