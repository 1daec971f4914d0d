#!/usr/bin/env bash
# End-to-end checks of `sctwin share`, one case per CTest test.
# usage: share_test.sh CASE SCTWIN_BINARY REPO_ROOT
set -u
case_name=$1
sctwin=$2
root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

run() {
  "$sctwin" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

cd "$root" || exit 1
games=tests/data/games
case $case_name in
share_golden)
  # The airport game (runway costs 12, 18, 30, 30): every rule's allocation.
  run share --game $games/airport.csv --csv
  [ "$status" -eq 0 ] || fail "exit status $status: $(cat "$tmp/err")"
  diff -u $games/airport.expected.csv "$tmp/out" || fail "output differs from airport.expected.csv"
  [ -s "$tmp/err" ] && fail "unexpected stderr: $(cat "$tmp/err")"
  # The readable table says the same and reports the properties.
  run share --game $games/airport.csv
  [ "$status" -eq 0 ] || fail "table: exit status $status"
  grep -q "^shapley (exact)" "$tmp/out" || fail "no exact Shapley block"
  grep -q "B;C;D gets 3 less than its value" "$tmp/out" || fail "blocking coalition not listed"
  grep -q "^core: not empty" "$tmp/out" || fail "core emptiness not reported" ;;
share_bad_input)
  run share --game $games/bad_value.csv
  [ "$status" -eq 2 ] || fail "exit status $status, expected 2"
  diff -u $games/bad_value.expected.txt "$tmp/err" || fail "diagnostics differ from bad_value.expected.txt"
  [ -s "$tmp/out" ] && fail "output written on bad input" ;;
share_missing)
  # Default rules: the ones that need missing coalitions are skipped, saying so.
  run share --game $games/partial.csv --csv
  [ "$status" -eq 0 ] || fail "default rules: exit status $status"
  grep -q "skipped rule shapley: needs every coalition: coalition 'A;B' and 2 others are missing" \
    "$tmp/err" || fail "no note on the skipped Shapley value: $(cat "$tmp/err")"
  [ "$(cut -d, -f1 "$tmp/out" | sort -u | tr '\n' ' ')" = "equal rule standalone " ] ||
    fail "rules run: $(cut -d, -f1 "$tmp/out" | sort -u | tr '\n' ' ')"
  # Named: an error naming the missing coalition.
  run share --game $games/partial.csv --rules shapley
  [ "$status" -eq 2 ] || fail "named rule: exit status $status, expected 2"
  grep -qx "$games/partial.csv:0:0: rule shapley: needs every coalition: coalition 'A;B' and 2 others are missing" \
    "$tmp/err" || fail "missing coalition not named: $(cat "$tmp/err")" ;;
share_usage)
  run share "$root/scenarios/toy" -o "$tmp/toy.h5"
  [ "$status" -eq 2 ] || fail "scenario without mitigations: exit status $status"
  grep -qx "sctwin share: no arm of toy runs a mitigation: nothing to share" \
    "$tmp/err" || fail "scenario without mitigations, message: $(cat "$tmp/err")"
  [ -e "$tmp/toy.h5" ] && fail "a file was written for a scenario without mitigations"
  run share --help
  [ "$status" -eq 0 ] && grep -q -- "--samples" "$tmp/out" || fail "--help"
  for c in "" "--game" "--game $games/airport.csv --rules bogus" "--game $games/airport.csv --samples 1" \
           "--game $games/airport.csv --rules revenue_sharing" "--game $tmp/none.csv" "--game $games/airport.csv --nope"; do
    # shellcheck disable=SC2086
    run share $c
    [ "$status" -eq 2 ] || fail "'sctwin share $c' exited $status, expected 2"
  done
  # Sampling is reproducible by seed.
  run share --game $games/airport.csv --rules shapley --samples 500 --seed 9 --csv; cp "$tmp/out" "$tmp/a"
  run share --game $games/airport.csv --rules shapley --samples 500 --seed 9 --csv
  cmp -s "$tmp/a" "$tmp/out" || fail "same seed, different estimates" ;;
share_scenario)
  # Coalition values by simulation on a five-actor chain; 'observer' owns
  # nothing and trades nothing, so it is a null player.
  chain=tests/data/share_chain
  run share $chain -r 4 -t 1 --csv -o "$tmp/a.h5"
  [ "$status" -eq 0 ] || fail "exit status $status: $(cat "$tmp/err")"
  cp "$tmp/out" "$tmp/a.csv"
  [ "$(cut -d, -f1 "$tmp/a.csv" | sed 1d | sort -u | wc -l)" -eq 7 ] || fail "not 7 rules: $(cat "$tmp/a.csv")"
  [ "$(grep -c '' "$tmp/a.csv")" -eq 36 ] || fail "expected 1 + 7 x 5 rows"
  grep -qx "shapley,observer,0" "$tmp/a.csv" || fail "the null player's Shapley value is not 0"
  # Same seed, other thread count: the same bits.
  run share $chain -r 4 -t 2 --csv -o "$tmp/b.h5"
  cmp -s "$tmp/a.csv" "$tmp/out" || fail "1 and 2 threads differ"
  # The file: every efficient rule's allocations add up to v(N).
  command -v h5dump >/dev/null || fail "h5dump missing"
  for d in /allocation/coalitions /allocation/shapley /allocation/rules /arms/none/metrics; do
    h5dump -H -d "$d" "$tmp/a.h5" >/dev/null 2>&1 || fail "dataset $d missing"
  done
  vn=$(h5dump -m %.17g -d /allocation/coalitions -s 31 -c 1 "$tmp/a.h5" | sed -n 's/^ *\(-\{0,1\}[0-9][0-9.e+-]*\),$/\1/p' | head -1)
  [ -n "$vn" ] || fail "could not read v(N)"
  sum=$(awk -F, '$1 == "shapley" { s += $3 } END { printf "%.6f", s }' "$tmp/a.csv")
  awk -v a="$sum" -v b="$vn" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (1 + (b < 0 ? -b : b))) }' ||
    fail "Shapley sum $sum != v(N) $vn"
  # The readable report names the funding decisions and the participation.
  run share $chain -r 4 --years 5 -o "$tmp/c.h5"
  [ "$status" -eq 0 ] || fail "table: exit status $status"
  grep -q "^who funds under each rule" "$tmp/out" || fail "no funding table"
  grep -q "^participation after 5 years" "$tmp/out" || fail "no participation table"
  h5dump -H -d /allocation/participation/shapley "$tmp/c.h5" >/dev/null 2>&1 || fail "no participation dataset" ;;
share_scenario_errors)
  chain=tests/data/share_chain
  for c in "--arm nope" "--rules bogus" "--samples 10" "--phi 2" "--game $games/airport.csv"; do
    # shellcheck disable=SC2086
    run share $chain $c -o "$tmp/x.h5"
    [ "$status" -eq 2 ] || fail "'sctwin share CHAIN $c' exited $status, expected 2"
    [ -e "$tmp/x.h5" ] && fail "'$c' wrote a file"
  done
  run share --game $games/airport.csv --years 3
  [ "$status" -eq 2 ] || fail "--game with --years exited $status" ;;
*) fail "unknown case" ;;
esac
exit 0
