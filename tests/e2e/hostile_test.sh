#!/usr/bin/env bash
# Hostile input for `sctwin validate`, one case per CTest test; the table in
# docs/robustness.md lists the same cases.  Each case copies scenarios/toy to
# a temporary folder, spoils it, and checks that sctwin either rejects it
# (exit 2, with the exact FILE:LINE:COLUMN message) or accepts it and reads
# the same values - never a crash, a hang or a silent misread.
# usage: hostile_test.sh CASE SCTWIN_BINARY REPO_ROOT
set -u
case_name=$1
sctwin=$2
root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }
cd "$tmp" || exit 1
cp -r "$root/scenarios/toy" b

# Runs sctwin with a time limit; a crash or a hang fails the case.
run() {
  timeout "${limit:-20}" "$sctwin" "$@" >out 2>err
  status=$?
  [ "$status" -eq 124 ] && fail "sctwin $* took more than ${limit:-20} s"
  [ "$status" -ge 126 ] && fail "sctwin $* crashed (status $status): $(tail -3 err)"
  return 0
}

# validate must fail with exactly these diagnostics (one per argument).
rejects() {
  run validate b
  [ "$status" -eq 2 ] || fail "exit status $status, expected 2; stdout: $(head -c 300 out)"
  for want in "$@"; do
    grep -qxF -- "$want" err || fail "missing diagnostic '$want'; got: $(head -c 600 err)"
  done
  n=$(grep -c '^b/' err)
  [ "$n" -eq $# ] || fail "$n diagnostics, expected $#: $(head -c 600 err)"
}

# validate must accept the bundle with this summary line.
accepts() {
  run validate b
  [ "$status" -eq 0 ] || fail "exit status $status, expected 0: $(head -c 600 err)"
  [ "$(cat out)" = "b: valid: $1" ] || fail "summary '$(cat out)', expected 'b: valid: $1'"
}

# The tables stored by `run` are those of the untouched toy bundle: every
# value was read as in a plain file.
same_tables() {
  run run b -r 1 -q -o b.h5
  [ "$status" -eq 0 ] || fail "run failed: $(head -c 600 err)"
  run run "$root/scenarios/toy" -r 1 -q -o toy.h5
  [ "$status" -eq 0 ] || fail "run of toy failed: $(head -c 600 err)"
  for t in actors nodes items bom lanes demand inventory shocks experiment; do
    cmp -s <(h5dump -d /scenario/$t b.h5 | sed 1d) <(h5dump -d /scenario/$t toy.h5 | sed 1d) ||
      fail "/scenario/$t differs from the toy bundle's"
  done
}


toy="4 actors, 7 nodes, 8 lanes, 2 items"
case $case_name in
huge_file)
  truncate -s 300M b/nodes.csv # sparse: costs no disk
  rejects "b/nodes.csv:0:0: file is 314572800 bytes, over the limit of 268435456 bytes (256 MiB)" ;;
endless_file)
  # A device has no size: the byte stream itself is checked.
  rm b/nodes.csv && ln -s /dev/zero b/nodes.csv
  rejects "b/nodes.csv:1:1: NUL byte: this is not a UTF-8 text file (UTF-16 or binary?) (byte 0x00): save the file as UTF-8 (\"CSV UTF-8\")" ;;
huge_field)
  { printf 'big,'; head -c 10000000 /dev/zero | tr '\0' x; printf ',carrier\n'; } >>b/actors.csv
  rejects "b/actors.csv:6:5: field longer than 1048576 bytes (the limit of one cell)" ;;
million_rows)
  seq 0 999999 | awk '{print "a" $1 ",Actor " $1 ",other"}' >>b/actors.csv
  accepts "1000004 actors, 7 nodes, 8 lanes, 2 items" ;;
million_rows_error)
  seq 0 999999 | awk '{print "m" $1 ",market,shop,1,1,M,DE,,,,,,,,,"}' >>b/nodes.csv
  echo "last,market,shop,91,1,,,,,,,,,,," >>b/nodes.csv
  rejects "b/nodes.csv:1000009:18: lat: 91 is out of range [-90, 90]" ;;
bom_cycle)
  echo "factory,part,widget,1" >>b/bom.csv
  rejects "b/bom.csv:2:16: input: bill of materials cycle: 'part' is (indirectly) made from itself" ;;
network_cycle)
  # factory is restocked from dc and dc from factory: goods would circle.
  sed -i 's/^factory,widget,base_stock,factory,/factory,widget,base_stock,dc,/' b/inventory.csv
  echo "dc_factory,dc,factory,road,shipco,1,0.2,0,,0.8," >>b/lanes.csv
  rejects "b/inventory.csv:3:27: source: replenishment loop: 'factory' is (indirectly) its own source of 'widget'" \
          "b/inventory.csv:4:14: source: replenishment loop: 'dc' is (indirectly) its own source of 'widget'" ;;
lane_cycle)
  # A lane back upstream is a cycle of the graph, which routing handles.
  echo "dc_factory,dc,factory,road,shipco,1,0.2,0,,0.8," >>b/lanes.csv
  accepts "4 actors, 7 nodes, 9 lanes, 2 items" ;;
self_loop)
  echo "dc_dc,dc,dc,road,shipco,1,0.2,0,,0.8," >>b/lanes.csv
  rejects "b/lanes.csv:10:10: to: lane 'dc_dc' starts and ends at the same node" ;;
zero_values)
  sed -i 's/^export_import,export,import,sea,shipco,30,0.1,7,800,/export_import,export,import,sea,shipco,30,0.1,7,0,/' b/lanes.csv
  sed -i 's/^parts,supplier,partsco,25.0,121.5,Parts plant,TW,200,/parts,supplier,partsco,25.0,121.5,Parts plant,TW,0,/' b/nodes.csv
  sed -i 's/^factory,widget,part,2$/factory,widget,part,0/' b/bom.csv
  rejects "b/lanes.csv:4:49: capacity: must be positive (leave empty for unlimited)" \
          "b/nodes.csv:2:50: capacity_per_day: must be positive (leave empty for unlimited)" \
          "b/bom.csv:2:21: qty: must be positive" ;;
zero_allowed)
  # Zero transit time and zero demand are legitimate.
  sed -i 's/^dc_north,dc,north,road,shipco,1,/dc_north,dc,north,road,shipco,0,/' b/lanes.csv
  sed -i 's/^north,widget,20,/north,widget,0,/' b/demand.csv
  accepts "$toy" ;;
negative_values)
  sed -i 's/^parts_factory,parts,factory,road,shipco,2,/parts_factory,parts,factory,road,shipco,-2,/' b/lanes.csv
  sed -i 's/^part,10,/part,-10,/' b/items.csv
  rejects "b/lanes.csv:2:41: transit_days: -2 must not be negative" \
          "b/items.csv:2:6: unit_value: -10 must not be negative" ;;
nan_inf_values)
  sed -i 's/^parts_factory,parts,factory,road,shipco,2,/parts_factory,parts,factory,road,shipco,NaN,/' b/lanes.csv
  sed -i 's/^north,widget,20,/north,widget,inf,/; s/^south,widget,15,/south,widget,1e999,/' b/demand.csv
  rejects "b/lanes.csv:2:41: transit_days: 'NaN' is not a finite number" \
          "b/demand.csv:2:14: mean_per_day: 'inf' is not a finite number" \
          "b/demand.csv:3:14: mean_per_day: '1e999' is not a finite number" ;;
seed_overflow)
  # strtoull would clamp this to 2^64 - 1 without a word.
  sed -i 's/^seed,42$/seed,18446744073709551616/' b/experiment.csv
  rejects "b/experiment.csv:5:6: value: seed 18446744073709551616 is out of range [0, 18446744073709551615]" ;;
duplicate_ids)
  echo "shop,Another shop,retailer" >>b/actors.csv
  echo "dc,warehouse,shop,51.0,6.0,Second DC,NL,,,,,,,,," >>b/nodes.csv
  echo "dc,widget,sS,factory,7,1,2,,,,,,," >>b/inventory.csv
  rejects "b/actors.csv:6:1: id: duplicate actor id 'shop'" \
          "b/nodes.csv:9:1: id: duplicate node id 'dc'" \
          "b/inventory.csv:5:4: item: node 'dc' already has a row for item 'widget' (line 4)" ;;
duplicate_column)
  sed -i '1s/$/,name/; 2,$s/$/,x/' b/items.csv
  rejects "b/items.csv:1:48: duplicate column 'name'" ;;
quoted_ids)
  # An id with a comma, quotes and UTF-8: legal when quoted, RFC 4180 style.
  id='"Shop, ""Ünited"" Ltd"'
  sed -i "s/^shop,/$id,/; s/,shop,/,$id,/" b/actors.csv b/nodes.csv
  accepts "$toy"
  run run b -r 1 -q -o b.h5
  [ "$status" -eq 0 ] || fail "run failed: $(head -c 600 err)"
  # h5dump shows the bytes of Ü (C3 9C) as sign-extended octal escapes.
  want='"Shop, "\37777777703\37777777634nited" Ltd",'
  [ "$(h5dump -d /scenario/actors b.h5 | grep -cF "$want")" -eq 1 ] || fail "actor id misread"
  [ "$(h5dump -d /scenario/nodes b.h5 | grep -cF "$want")" -eq 3 ] || fail "node actor misread" ;;
crlf)
  sed -i 's/$/\r/' b/*.csv
  accepts "$toy"
  same_tables ;;
utf8_bom)
  for f in b/*.csv; do { printf '\357\273\277'; cat "$f"; } >x && mv x "$f"; done
  accepts "$toy"
  same_tables ;;
no_trailing_newline)
  for f in b/*.csv; do printf %s "$(cat "$f")" >x && mv x "$f"; done
  accepts "$toy"
  same_tables ;;
empty_files)
  : >b/lanes.csv
  : >b/bom.csv
  rejects "b/lanes.csv:1:1: empty file: a header row is required" \
          "b/bom.csv:1:1: empty file: a header row is required" ;;
missing_file)
  rm b/lanes.csv
  rejects "b/lanes.csv:0:0: cannot read required file" ;;
semicolons)
  sed -i 's/,/;/g' b/nodes.csv
  rejects "b/nodes.csv:1:3: the header is separated by semicolons, not commas: sctwin reads comma-separated files" ;;
tabs)
  sed -i 's/,/\t/g' b/lanes.csv
  rejects "b/lanes.csv:1:3: the header is separated by tabs, not commas: sctwin reads comma-separated files" ;;
utf16)
  iconv -f UTF-8 -t UTF-16 b/actors.csv >x && mv x b/actors.csv
  rejects "b/actors.csv:1:1: file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8 (\"CSV UTF-8\")" ;;
latin1)
  printf 'zurich,Z\374rich AG,other\n' >>b/actors.csv
  rejects "b/actors.csv:6:9: invalid UTF-8 (byte 0xFC): save the file as UTF-8 (\"CSV UTF-8\")" ;;
bad_quotes)
  printf 'x,"unterminated,other\n' >>b/actors.csv
  echo 'l,a"b,road,shipco,1,0,0,,1,' >>b/lanes.csv
  rejects "b/actors.csv:6:3: malformed CSV: unterminated quoted field (it runs to the end of the file)" \
          "b/lanes.csv:10:4: malformed CSV: error parsing data while strict checking enabled" ;;
*)
  fail "unknown case" ;;
esac
exit 0
