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
  run share "$root/scenarios/toy"
  [ "$status" -eq 2 ] || fail "scenario folder: exit status $status"
  grep -qx "sctwin share SCENARIO: coalition values by simulation are not implemented yet; use --game VALUES.csv" \
    "$tmp/err" || fail "scenario folder message: $(cat "$tmp/err")"
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
*) fail "unknown case" ;;
esac
exit 0
