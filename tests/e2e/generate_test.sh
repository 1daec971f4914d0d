#!/usr/bin/env bash
# End-to-end tests of `sctwin generate` (CASE SCTWIN REPO).
set -euo pipefail
case_=$1 sctwin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
rows() { echo $(($(wc -l <"$1") - 1)); }

case $case_ in
generate_counts)
  # Exactly N nodes, every kind present, and the bundle validates.
  for n in 10 37 250 1001; do
    "$sctwin" generate --nodes $n --seed 3 -o "$tmp/g$n" -q
    [ "$(rows "$tmp/g$n/nodes.csv")" -eq $n ] || fail "$n: $(rows "$tmp/g$n/nodes.csv") nodes"
    for kind in supplier plant port warehouse market; do
      grep -q ",$kind," "$tmp/g$n/nodes.csv" || fail "$n: no $kind"
    done
    out=$("$sctwin" validate "$tmp/g$n") || fail "$n does not validate"
    echo "$out" | grep -q " $n nodes, $(rows "$tmp/g$n/lanes.csv") lanes" || fail "$n: $out"
  done
  # Shares of the tiers at 1001 nodes: 200 suppliers, 80 plants, 30+30 ports.
  [ "$(grep -c ',supplier,' "$tmp/g1001/nodes.csv")" -eq 200 ] || fail "suppliers at 1001"
  [ "$(grep -c ',port,' "$tmp/g1001/nodes.csv")" -eq 60 ] || fail "ports at 1001"
  ;;
generate_deterministic)
  "$sctwin" generate --nodes 500 --seed 11 -o "$tmp/a" -q
  "$sctwin" generate --nodes 500 --seed 11 -o "$tmp/b" -q
  "$sctwin" generate --nodes 500 --seed 12 -o "$tmp/c" -q
  diff -r "$tmp/a" "$tmp/b" >/dev/null || fail "same seed, different files"
  diff -q "$tmp/a/nodes.csv" "$tmp/c/nodes.csv" >/dev/null && fail "different seeds, same nodes"
  diff -q "$tmp/a/demand.csv" "$tmp/c/demand.csv" >/dev/null && fail "different seeds, same demand"
  # --lanes adds lanes but leaves the network's own lanes and nodes as they were.
  "$sctwin" generate --nodes 500 --seed 11 --lanes 2000 -o "$tmp/d" -q
  diff "$tmp/a/nodes.csv" "$tmp/d/nodes.csv" >/dev/null || fail "--lanes moved nodes"
  diff <(cat "$tmp/a/lanes.csv") <(head -n "$(wc -l <"$tmp/a/lanes.csv")" "$tmp/d/lanes.csv") >/dev/null ||
    fail "--lanes changed the base lanes"
  ;;
generate_geography)
  "$sctwin" generate --nodes 400 --seed 5 -o "$tmp/g" -q
  # Sea lanes into Rotterdam, Antwerp, Hamburg, Bremerhaven (past Dover) pass
  # Suez and end at Dover; the Pacific lanes into Los Angeles pass nothing
  # from east Asia.
  awk -F, 'NR==FNR { region[$1]=$7; name[$1]=$6; next }
           FNR>1 && $4=="sea" {
             n++
             if (region[$3] ~ /^(NL|BE|DE)$/ && ($11 !~ /suez/ || $11 !~ /dover$/ || $6 < 20)) bad=bad " " $1
             if (name[$3] == "Los Angeles" && region[$2] ~ /^(CN|KR|JP|TW)$/ && $11 != "") bad=bad " " $1
           }
           END { if (n < 10 || bad != "") { print "bad sea lanes:" bad; exit 1 } }' \
      "$tmp/g/nodes.csv" "$tmp/g/lanes.csv" || fail "sea lanes"
  # Road transit = 0.3 + 1.3 * great-circle km / 550, from the coordinates.
  awk -F, 'function rad(x) { return x * 3.141592653589793 / 180 }
           NR==FNR { lat[$1]=$4; lon[$1]=$5; next }
           FNR>1 && $4=="road" {
             a = sin(rad(lat[$3]-lat[$2])/2)^2 + cos(rad(lat[$2]))*cos(rad(lat[$3]))*sin(rad(lon[$3]-lon[$2])/2)^2
             km = 2 * 6371 * atan2(sqrt(a), sqrt(1-a))
             d = 0.3 + 1.3 * km / 550 - $6; if (d < 0) d = -d
             if (d > 0.006) { print $1, $6, 0.3 + 1.3 * km / 550; bad=1 }
             n++
           }
           END { exit bad || n < 100 }' "$tmp/g/nodes.csv" "$tmp/g/lanes.csv" || fail "road transit"
  # Suppliers and plants in Asia, markets in Europe or North America.
  awk -F, 'FNR>1 && ($2=="supplier" || $2=="plant") && ($5 < 60 || $5 > 145) {bad=1}
           FNR>1 && $2=="market" && !(($5 > -130 && $5 < -55) || ($5 > -12 && $5 < 30)) {bad=1}
           END {exit bad}' "$tmp/g/nodes.csv" || fail "a node off its continent"
  # Base stock by hand for wh0: the stock row holds ceil(mu T + 1.645 sqrt(var T)).
  grep -q '^wh0,prod[0-9]*,base_stock,plant[0-9]*,7,[1-9][0-9]*$' "$tmp/g/inventory.csv" || fail "wh0 stock"
  ;;
generate_lanes)
  "$sctwin" generate --nodes 200 --lanes 600 -o "$tmp/g" -q
  [ "$(rows "$tmp/g/lanes.csv")" -eq 600 ] || fail "$(rows "$tmp/g/lanes.csv") lanes, not 600"
  [ -z "$(cut -d, -f2,3 "$tmp/g/lanes.csv" | sort | uniq -d)" ] || fail "duplicate lanes"
  "$sctwin" validate "$tmp/g" >/dev/null || fail "denser network does not validate"
  # Stocks are sized for the markets they serve once the extra lanes are in
  # (a market goes to the first warehouse stocking its item with a lane to it).
  "$sctwin" generate --nodes 400 --lanes 1200 --days 120 -o "$tmp/d" -q
  "$sctwin" run "$tmp/d" --arms baseline -r 2 -o "$tmp/d.h5" >"$tmp/out"
  awk '/^  fill rate/ { exit !($3 > 0.85) }' "$tmp/out" || fail "dense network: $(grep 'fill rate' "$tmp/out")"
  set +e
  "$sctwin" generate --nodes 200 --lanes 100 -o "$tmp/h" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "below the 206 lanes" "$tmp/err" || fail "too few lanes: rc $rc $(cat "$tmp/err")"
  [ ! -e "$tmp/h" ] && [ ! -e "$tmp/h.partial" ] || fail "too few lanes wrote files"
  ;;
generate_run)
  # A 1000-node network runs; the strike and the closure hurt the shocked arm.
  "$sctwin" generate --nodes 1000 --seed 2 --days 120 -o "$tmp/g" -q
  "$sctwin" run "$tmp/g" -r 2 -o "$tmp/r.h5" >"$tmp/out"
  [ -s "$tmp/r.h5" ] || fail "no results"
  read -r fb fs < <(awk '/^  fill rate/ {print $3, $6; exit}' "$tmp/out")
  awk -v b="$fb" -v s="$fs" 'BEGIN { exit !(b > 0.85 && b <= 1 && s < b) }' ||
    fail "fill rates baseline $fb shocked $fs"
  grep -E '^  resistance +1\.000 .* 0\.[0-9]' "$tmp/out" >/dev/null || fail "no drop in resistance"
  ;;
generate_bad_input)
  set +e
  "$sctwin" generate --help | grep -q -- "--nodes N" || fail "help"
  for args in "--nodes 9" "--nodes abc" "--nodes 1000001" "--nodes 50 --lanes x" \
              "--nodes 50 --days 0" "--nodes 50 --bogus"; do
    "$sctwin" generate $args -o "$tmp/x" 2>/dev/null; rc=$?
    [ $rc -eq 2 ] || fail "'$args': rc $rc"
    [ ! -e "$tmp/x" ] && [ ! -e "$tmp/x.partial" ] || fail "'$args' wrote files"
  done
  rm -rf "$tmp/x"
  "$sctwin" generate --nodes 50 2>/dev/null; [ $? -eq 2 ] || fail "no -o"
  mkdir "$tmp/full" && echo keep >"$tmp/full/notes.txt"
  "$sctwin" generate --nodes 50 -o "$tmp/full" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "not a scenario bundle" "$tmp/err" || fail "non-empty dir: rc $rc"
  [ "$(cat "$tmp/full/notes.txt")" = keep ] && [ ! -e "$tmp/full/nodes.csv" ] || fail "non-empty dir touched"
  # --force replaces a bundle, never a folder of the user's.
  "$sctwin" generate --nodes 50 -o "$tmp/full" --force -q 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "not a scenario bundle" "$tmp/err" || fail "--force on a user's folder: rc $rc"
  [ "$(cat "$tmp/full/notes.txt")" = keep ] || fail "--force emptied a user's folder"
  "$sctwin" generate --nodes 50 -o "$tmp/bundle" -q || fail "first bundle"
  "$sctwin" generate --nodes 60 -o "$tmp/bundle" --force -q || fail "--force"
  [ "$(($(wc -l <"$tmp/bundle/nodes.csv") - 1))" -eq 60 ] && [ ! -e "$tmp/bundle.partial" ] ||
    fail "--force did not replace the bundle"
  mkdir "$tmp/empty"
  "$sctwin" generate --nodes 50 -o "$tmp/empty" -q || fail "empty dir"
  echo > "$tmp/file"
  "$sctwin" generate --nodes 50 -o "$tmp/file" --force 2>/dev/null; [ $? -eq 2 ] || fail "a file as DIR"
  ;;
*) fail "unknown case $case_" ;;
esac
echo "ok $case_"
