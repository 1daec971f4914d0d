#!/usr/bin/env bash
# End-to-end checks of `sctwin import willems`, one case per CTest test.
# The chains are the small synthetic files of tests/data/willems/ (both
# formats); the expected figures are worked out by hand in the comments.
# usage: import_test.sh CASE SCTWIN_BINARY REPO_ROOT
set -u
case_name=$1
sctwin=$2
root=$3
data=$root/tests/data/willems
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

run() {
  "$sctwin" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

# field FILE KEY_COLUMNS... : prints column COL of the row whose first
# columns equal the keys, e.g. field nodes.csv kind Part_0001.
field() {
  local file=$1 col=$2; shift 2
  awk -F, -v col="$col" -v keys="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; n = split(keys, k, " "); next }
    { ok = 1; for (i = 1; i <= n; i++) if ($i != k[i]) ok = 0; if (ok) { print $idx[col]; exit } }' "$file"
}

# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

expect_field() { # FILE COL KEYS... VALUE (exact)
  local file=$1 col=$2 want=${*: -1}; shift 2
  local got; got=$(field "$file" "$col" "${@:1:$#-1}")
  [ "$got" = "$want" ] || fail "$(basename "$file") ${*:1:$#-1} $col: '$got', expected '$want'"
}

expect_near() { # FILE COL KEYS... VALUE (within 1e-3)
  local file=$1 col=$2 want=${*: -1}; shift 2
  local got; got=$(field "$file" "$col" "${@:1:$#-1}")
  near "$got" "$want" 1e-3 || fail "$(basename "$file") ${*:1:$#-1} $col: '$got', expected $want"
}

# A bundle that validates and runs: 2 replications, both arms in the results.
validate_and_run() {
  run validate "$1"; [ "$status" -eq 0 ] || fail "validate $1: $(cat "$tmp/err")"
  run run "$1" -r 2 -q -o "$tmp/run.h5"; [ "$status" -eq 0 ] || fail "run $1: $(cat "$tmp/err")"
  h5ls "$tmp/run.h5/arms" | grep -q outage || fail "no outage arm in the results"
}

# Each stage's kind: Part suppliers, the Manuf plant, the Trans stage folded
# into a lane (no node), the Dist warehouse with its own market node.
check_kinds() {
  local b=$1
  expect_field "$b/nodes.csv" kind Part_0001 supplier
  expect_field "$b/nodes.csv" kind Part_0002 supplier
  expect_field "$b/nodes.csv" kind Manuf_0001 plant
  expect_field "$b/nodes.csv" kind Dist_0001 warehouse
  expect_field "$b/nodes.csv" kind Dist_0001_market market
  expect_field "$b/nodes.csv" kind Retail_0001 market
  expect_field "$b/nodes.csv" kind Retail_0002 market
  [ -z "$(field "$b/nodes.csv" kind Trans_0001)" ] || fail "Trans_0001 should be a lane, not a node"
  [ "$(($(wc -l <"$b/nodes.csv") - 1))" -eq 7 ] || fail "nodes.csv: $(($(wc -l <"$b/nodes.csv") - 1)) nodes, expected 7"
}

case $case_name in
import_simple)
  run import willems "$data/chain_bom.csv" -o "$tmp/b"
  [ "$status" -eq 0 ] || fail "import exited $status: $(cat "$tmp/err")"
  check_kinds "$tmp/b"
  # The BOM join: 2 of Part_0001 and 1 of Part_0002 per Manuf_0001.
  expect_field "$tmp/b/bom.csv" qty Manuf_0001 Manuf_0001 Part_0001 2
  expect_field "$tmp/b/bom.csv" qty Manuf_0001 Manuf_0001 Part_0002 1
  # Lead times: Part_0001 makes in its stage time, 8 days; the lane into
  # Dist_0001 carries Trans_0001's 3 days plus Dist_0001's own 1 day.
  expect_field "$tmp/b/nodes.csv" prod_days Part_0001 8
  expect_field "$tmp/b/lanes.csv" transit_days 'Manuf_0001>Dist_0001' 4
  expect_field "$tmp/b/lanes.csv" transit_days 'Dist_0001>Retail_0001' 2
  # Demand: each market's own mean; Dist_0001's demand at its market node.
  expect_field "$tmp/b/demand.csv" mean_per_day Dist_0001_market Manuf_0001 40
  expect_field "$tmp/b/demand.csv" mean_per_day Retail_0001 Manuf_0001 30
  expect_field "$tmp/b/demand.csv" cv Retail_0002 Manuf_0001 0.4
  # Base stock S = mu (L + 1) + z sigma sqrt(L + 1):
  #  Dist_0001: mu = 40 + 30, sigma = sqrt(12^2 + 9^2) = 15, L = 4, z = 1.645
  #             S = 70 * 5 + 1.645 * 15 * sqrt(5) = 405.17498
  #  Manuf_0001: mu = 70 + 20, sigma = sqrt(15^2 + 8^2) = 17, L = 6, z = max(1.645, 1.282)
  #             S = 90 * 7 + 1.645 * 17 * sqrt(7) = 703.98844
  #  Part_0001: two per unit: mu = 180, sigma = 34, L = 8
  #             S = 180 * 9 + 1.645 * 34 * 3 = 1787.79
  expect_near "$tmp/b/inventory.csv" S Dist_0001 Manuf_0001 405.17498
  expect_near "$tmp/b/inventory.csv" S Manuf_0001 Manuf_0001 703.98844
  expect_near "$tmp/b/inventory.csv" S Part_0001 Part_0001 1787.79
  # A plant's inputs pass through: no stock of their own.
  expect_field "$tmp/b/inventory.csv" S Manuf_0001 Part_0001 0
  expect_field "$tmp/b/inventory.csv" source Dist_0001 Manuf_0001 Manuf_0001
  # Value: Manuf_0001's cost 20 + 2 x 10 + 1 x 4.
  expect_field "$tmp/b/items.csv" unit_value Manuf_0001 44
  ! grep -q warning "$tmp/err" || fail "warnings for a connected chain: $(cat "$tmp/err")"
  validate_and_run "$tmp/b" ;;
import_dead_end)
  # Part_0002 (line 3) supplies nothing and has no demand: imported, warned
  # of at its line; Retail_0001 has no downstream stage but has demand.
  cat >"$tmp/dead.csv" <<'CSV'
stage_id,lead_time,max_s_time,cost_rate,risk_pool,ext_demand_mean,ext_demand_std,ext_demand_thres,up_stages
Part_0001,2,,1,2,,,
Part_0002,3,,1,2,,,
Retail_0001,1,0,0,,10,2,1.645,Part_0001,1
CSV
  run import willems "$tmp/dead.csv" -o "$tmp/b"
  [ "$status" -eq 0 ] || fail "import exited $status: $(cat "$tmp/err")"
  want="$tmp/dead.csv:3:1: warning: stage 'Part_0002' supplies no other stage and has no demand of its own: imported as a supplier whose goods go nowhere"
  [ "$(grep warning "$tmp/err")" = "$want" ] || fail "warnings: $(cat "$tmp/err")"
  expect_field "$tmp/b/nodes.csv" kind Part_0002 supplier
  run validate "$tmp/b"; [ "$status" -eq 0 ] || fail "validate: $(cat "$tmp/err")" ;;
import_flat)
  run import willems "$data/chain_bom_flat.csv" -o "$tmp/b"
  [ "$status" -eq 0 ] || fail "import exited $status: $(cat "$tmp/err")"
  check_kinds "$tmp/b"
  run import willems "$data/chain_bom.csv" -o "$tmp/simple"
  cmp -s "$tmp/b/nodes.csv" "$tmp/simple/nodes.csv" || fail "the two formats of one chain give different nodes"
  # Arcs carry no quantity in the flat format: 1 each.
  expect_field "$tmp/b/bom.csv" qty Manuf_0001 Manuf_0001 Part_0001 1
  # The spread: Trans_0001's sd 0.6 and Dist_0001's discrete time (1 day
  # +- 0.5 with p = 0.5 each, sd 0.5) on the 4-day lane: cv = sqrt(0.36 + 0.25) / 4.
  expect_near "$tmp/b/lanes.csv" transit_cv 'Manuf_0001>Dist_0001' 0.195256
  # Service level 0.95: z = 1.6448536; S = 350 + 1.6448536 * 15 * sqrt(5).
  expect_near "$tmp/b/inventory.csv" S Dist_0001 Manuf_0001 405.17007
  validate_and_run "$tmp/b"
  # --format must match the file.
  run import willems "$data/chain_bom_flat.csv" --format willems -o "$tmp/c"
  [ "$status" -eq 2 ] || fail "--format willems on a flat file exited $status"
  grep -q "chain_bom_flat.csv:1:1: not a willems (simplified) file" "$tmp/err" || fail "message: $(cat "$tmp/err")"
  [ ! -e "$tmp/c" ] && [ ! -e "$tmp/c.partial" ] || fail "output written" ;;
import_bad)
  cd "$data" || exit 1
  while IFS='|' read -r file want; do
    run import willems "$file" -o "$tmp/out_dir"
    [ "$status" -eq 2 ] || fail "$file: exit $status, expected 2"
    grep -qF -- "$want" "$tmp/err" || fail "$file: no '$want' in: $(cat "$tmp/err")"
    [ ! -e "$tmp/out_dir" ] && [ ! -e "$tmp/out_dir.partial" ] || fail "$file: output written"
  done <<'LIST'
bad_class.csv|bad_class.csv:3:1: stage_id: 'Factory_0001' has classification 'Factory', not one of Part, Manuf, Trans, Dist, Retail
bad_number.csv|bad_number.csv:3:12: lead_time: 'six' is not a number
bad_number.csv|bad_number.csv:4:20: ext_demand_mean: -30 must be at least 0
bad_arc.csv|bad_arc.csv:3:35: unknown stage 'Part_0009'
bad_cycle.csv|bad_cycle.csv:3:35: arc Manuf_0002 -> Manuf_0001 is on a cycle of stages
bad_nonfinite.csv|bad_nonfinite.csv:2:11: lead_time: 'nan' is not a number
bad_nonfinite.csv|bad_nonfinite.csv:4:20: ext_demand_mean: 'inf' is not a number
bad_duplicate.csv|bad_duplicate.csv:3:1: stage 'Part_0001' is defined twice (first on line 2)
bad_self.csv|bad_self.csv:3:35: stage 'Manuf_0001' supplies itself
bad_self.csv|bad_self.csv:4:42: up_stages quantity: 0 must be at least 1e-12
bad_flat_class.csv|bad_flat_class.csv:11:7: stageClassification: 'Factory' is not one of Part, Manuf, Trans, Dist, Retail
bad_flat_number.csv|bad_flat_number.csv:12:26: stageTime: '3 days' is not a number
bad_flat_repeat.csv|bad_flat_repeat.csv:4:3: arc Part_0001 -> Manuf_0001 is given twice (first on line 3)
bad_flat_repeat.csv|bad_flat_repeat.csv:13:8: serviceLevel: 'nan' is not a number
bad_flat_arc.csv|bad_flat_arc.csv:6:14: unknown stage 'Dist_0007'
missing.csv|missing.csv:0:0: cannot read file
LIST
  # Exactly one problem where there is one (no echoes of it).
  run import willems bad_class.csv -o "$tmp/out_dir"
  grep -q "1 problem found" "$tmp/err" || fail "bad_class.csv: $(cat "$tmp/err")" ;;
import_overwrite)
  mkdir "$tmp/b" && echo keep >"$tmp/b/mine.txt"
  run import willems "$data/chain_bom.csv" -o "$tmp/b"
  [ "$status" -eq 2 ] || fail "a non-empty folder was not refused (exit $status)"
  grep -q "is not a scenario bundle" "$tmp/err" || fail "message: $(cat "$tmp/err")"
  [ "$(ls "$tmp/b")" = mine.txt ] || fail "the folder was changed"
  # --force replaces a bundle only: a folder of the user's is never emptied.
  run import willems "$data/chain_bom.csv" -o "$tmp/b" --force
  [ "$status" -eq 2 ] && [ "$(ls "$tmp/b")" = mine.txt ] || fail "--force emptied a folder that is not a bundle"
  rm "$tmp/b/mine.txt"
  run import willems "$data/chain_bom_flat.csv" -o "$tmp/b"
  [ "$status" -eq 0 ] || fail "import into an empty folder: $(cat "$tmp/err")"
  run import willems "$data/chain_bom.csv" -o "$tmp/b"
  [ "$status" -eq 2 ] && grep -q "exists and is not empty (--force replaces it)" "$tmp/err" ||
    fail "a bundle replaced without --force"
  run import willems "$data/chain_bom.csv" -o "$tmp/b" --force
  [ "$status" -eq 0 ] || fail "--force: exit $status: $(cat "$tmp/err")"
  [ -f "$tmp/b/nodes.csv" ] && [ -f "$tmp/b/bom.csv" ] || fail "--force did not replace the bundle"
  mkdir "$tmp/empty"
  run import willems "$data/chain_bom.csv" -o "$tmp/empty"
  [ "$status" -eq 0 ] || fail "an empty folder was refused: $(cat "$tmp/err")"
  # DIR/ names DIR.
  run import willems "$data/chain_bom.csv" -o "$tmp/slash/"
  [ "$status" -eq 0 ] && [ -f "$tmp/slash/nodes.csv" ] && [ ! -e "$tmp/slash.partial" ] || fail "-o DIR/: $(cat "$tmp/err")"
  # Same chain, same bytes.
  diff -r "$tmp/b" "$tmp/empty" >/dev/null || fail "two imports of one chain differ" ;;
import_usage)
  for c in "import --help" "import willems --help"; do
    # shellcheck disable=SC2086
    run $c; [ "$status" -eq 0 ] || fail "'$c' exited $status"
    grep -q -- "--format" "$tmp/out" || fail "'$c' does not document --format"
  done
  for c in "import" "import willems" "import willems $data/chain_bom.csv" "import nope x -o y" \
           "import willems $data/chain_bom.csv -o $tmp/x --format xml" "import willems a b -o c"; do
    # shellcheck disable=SC2086
    run $c; [ "$status" -eq 2 ] || fail "'sctwin $c' exited $status, expected 2"
  done ;;
import_large)
  # A chain of the size of the data set's largest (chain 38: 2,025 stages,
  # 16,225 arcs) imports and validates; it runs on a short horizon.
  command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
  python3 "$root/tests/bench/make_willems_chain.py" "$tmp/big.csv" || fail "make_willems_chain.py"
  run import willems "$tmp/big.csv" -o "$tmp/big"
  [ "$status" -eq 0 ] || fail "import exited $status: $(cat "$tmp/err")"
  grep -q "2025 stages, 16225 arcs -> 820 suppliers, 87 plants, 0 warehouses, 559 markets, 15666 lanes (559 Trans stages folded" "$tmp/out" ||
    fail "summary: $(cat "$tmp/out")"
  sed -i 's/^horizon_days,.*/horizon_days,30/; s/^warmup_days,.*/warmup_days,5/' "$tmp/big/experiment.csv"
  validate_and_run "$tmp/big" ;;
*) fail "unknown case" ;;
esac
echo "ok [$case_name]"
