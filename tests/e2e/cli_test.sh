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

# Sends signal SIG to run PID once its partial file PARTIAL keeps at least
# one replication (polling for up to 60 s: sanitizer builds start slowly, and
# a signal before the first replication is kept leaves nothing to resume);
# waits for it and leaves its exit status in $status.
stop_once_kept() {
  local pid=$1 sig=$2 partial=$3 d
  for _ in $(seq 1200); do
    d=$(h5dump -a /replications_done "$partial" 2>/dev/null | sed -n 's/^ *(0): //p')
    [ -n "$d" ] && [ "$d" -gt 0 ] && break
    sleep 0.05
  done
  kill -"$sig" "$pid"
  wait "$pid"
  status=$?
}

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
  for ds in /arms/calm/metrics /arms/disrupted/metrics /arms/disrupted/curve /arms/disrupted/shocks \
            /arms/disrupted/nodes /arms/disrupted/ledger /arms/disrupted/actors /summary /paired; do
    cmp -s <(dump "$tmp/a.h5" $ds) <(dump "$tmp/b.h5" $ds) || fail "$ds differs between 1 and 2 threads"
    cmp -s <(dump "$tmp/a.h5" $ds) <(dump "$tmp/c.h5" $ds) || fail "$ds differs between two runs"
  done
  cmp -s <(dump "$tmp/a.h5" /arms/disrupted/metrics) <(dump "$tmp/d.h5" /arms/disrupted/metrics) &&
    fail "a different seed gave identical metrics"
  # Prefix property: replication k does not depend on how many were run.
  run run "$root/scenarios/toy" -r 3 --seed 5 -t 2 -q -o "$tmp/e.h5"
  first3=$(h5dump -d /arms/disrupted/metrics -c 3 "$tmp/a.h5" | sed -n '/DATA {/,$p' | tr -d ' \n{}')
  all3=$(h5dump -d /arms/disrupted/metrics "$tmp/e.h5" | sed -n '/DATA {/,$p' | tr -d ' \n{}')
  [ -n "$first3" ] && [ "$first3" = "$all3" ] ||
    fail "replications 0-2 differ between -r 6 and -r 3" ;;
layout)
  # Every dataset of the documented layout is there, readable, and sized right.
  run run "$root/scenarios/asia_eu" --arms baseline,ever_given,yantian,red_sea -r 2 -q -o "$tmp/r.h5"
  [ "$status" -eq 0 ] || fail "run failed: $(cat "$tmp/err")"
  listing=$(h5ls -r "$tmp/r.h5")
  n_nodes=$(($(wc -l < "$root/scenarios/asia_eu/nodes.csv") - 1))
  n_actors=$(($(wc -l < "$root/scenarios/asia_eu/actors.csv") - 1))
  for t in actors nodes items bom lanes demand inventory shocks experiment; do
    grep -q "^/scenario/$t " <<<"$listing" || fail "missing /scenario/$t"
  done
  for arm in baseline ever_given yantian red_sea; do
    g=/arms/$arm
    grep -q "^$g/metrics .*{2}" <<<"$listing" || fail "$g/metrics is not {2}"
    grep -q "^$g/curve .*{2, 365}" <<<"$listing" || fail "$g/curve is not {2, 365}"
    grep -q "^$g/nodes .*{2, $n_nodes}" <<<"$listing" || fail "$g/nodes is not {2, $n_nodes}"
    grep -q "^$g/actors .*{2, $n_actors}" <<<"$listing" || fail "$g/actors is not {2, $n_actors}"
    grep -q "^$g/ledger .*{2, $n_actors, 12}" <<<"$listing" || fail "$g/ledger is not {2, $n_actors, 12}"
    grep -q "^$g/shocks " <<<"$listing" || fail "missing $g/shocks"
    for ds in metrics curve nodes actors ledger shocks; do
      h5dump -d "$g/$ds" "$tmp/r.h5" >/dev/null || fail "cannot read $g/$ds"
    done
    # q(t) is a share: every value in [0, 1].
    h5dump -d "$g/curve" -y -w 0 "$tmp/r.h5" | sed -n '/DATA {/,/}/p' | tr -s ' ,' '\n' |
      grep -E '^[-0-9.e+]+$' | awk '$1 < 0 || $1 > 1 {bad=1} END {exit bad}' || fail "$g/curve outside [0, 1]"
  done
  # Shock rows: ever_given has its two shocks in each replication, baseline none.
  grep -q "^/arms/ever_given/shocks .*{4/Inf}" <<<"$listing" || fail "ever_given should have 4 shock rows"
  grep -q "^/arms/baseline/shocks .*{0/Inf}" <<<"$listing" || fail "baseline should have no shock rows"
  grep -q "^/summary .*{60}" <<<"$listing" || fail "/summary is not 4 arms x 15 metrics"
  grep -q "^/paired .*{45}" <<<"$listing" || fail "/paired is not 3 arms x 15 metrics"
  for attr in sctwin_version scenario seed replications horizon_days warmup_days arms created_utc \
              command complete replications_done scenario_digest; do
    h5dump -a "/$attr" "$tmp/r.h5" >/dev/null 2>&1 || fail "missing root attribute $attr"
  done
  # Every dataset reads back whole, and the compound ones carry exactly the
  # fields docs/hdf5-layout.md lists.
  for ds in $(awk '$2 == "Dataset" { print $1 }' <<<"$listing"); do
    h5dump -d "$ds" "$tmp/r.h5" >/dev/null || fail "cannot read $ds"
  done
  fields() { h5dump -H -d "$2" "$1" | sed -n 's/^ *H5T_[A-Z0-9_]* "\([a-z_0-9]*\)";$/\1/p; s/^ *H5T_STRING {//p' |
               sed -n 's/^ *"\{0,1\}\([a-z_0-9]*\)"\{0,1\};\{0,1\}$/\1/p' | tr '\n' ' '; }
  want_metrics="rep seed fill_rate resistance tts ttr recovery_level loss adaptation revenue cost profit lost_units bullwhip mitigation_cost profit_impact backlog_days events "
  [ "$(fields "$tmp/r.h5" /arms/ever_given/metrics)" = "$want_metrics" ] ||
    fail "metrics fields: $(fields "$tmp/r.h5" /arms/ever_given/metrics)"
  want_shocks="rep shock_index onset end resistance tts ttr loss recovery_level "
  got=$(fields "$tmp/r.h5" /arms/ever_given/shocks | tr -s " " | sed "s/ shock / /")
  [ "$got" = "$want_shocks" ] || fail "shocks fields: $got"
  # The summary's rows agree with the metrics they summarise: the mean loss
  # of ever_given over its two replications.
  mean_file=$(h5dump -m %.17g -d /summary "$tmp/r.h5" | tr -d '\n' |
    grep -o '"ever_given", *"loss", *[0-9]*, *[-0-9.e+]*' | awk -F, '{ print $4 }' | tr -d ' ')
  mean_rows=$(h5dump -m %.17g -d /arms/ever_given/metrics "$tmp/r.h5" | tr -d '\n' |
    grep -o '{[^{}]*}' | awk -F, '{ s += $8 } END { printf "%.12g", s / NR }')
  awk -v a="$mean_file" -v b="$mean_rows" 'BEGIN { d = a - b; exit !(d < 1e-9 && d > -1e-9) }' ||
    fail "summary mean loss $mean_file != mean of rows $mean_rows"
  h5dump -a /scenario "$tmp/r.h5" | grep -q asia_eu || fail "scenario attribute is not asia_eu"
  h5dump -d /arms/ever_given/shocks "$tmp/r.h5" | grep -q '"suez_blockage"' || fail "shock ids not stored"
  [ "$(ls "$tmp" | grep -c tmp)" -eq 0 ] || fail "temporary file left: $(ls "$tmp")" ;;
interrupt_midrep)
  # A replication of a million days (about 30 s) is stopped within two
  # seconds of SIGTERM, not at its end: the engine polls the interrupt flag.
  cp -r "$root/scenarios/toy" "$tmp/long"
  sed -i 's/^horizon_days,.*/horizon_days,1000000/' "$tmp/long/experiment.csv"
  "$sctwin" run "$tmp/long" -r 1 -t 1 -q -o "$tmp/l.h5" >/dev/null 2>"$tmp/err" &
  pid=$!
  # Once the partial file is there the signal handlers are set (slow
  # sanitizer builds can take over a second to get that far).
  for _ in $(seq 600); do [ -e "$tmp/l.h5.partial" ] && break; sleep 0.1; done
  sleep 0.5
  kill -TERM "$pid"
  start=$(date +%s%N)
  wait "$pid"
  status=$?
  waited_ms=$((($(date +%s%N) - start) / 1000000))
  [ "$status" -eq 130 ] || fail "exit status $status, expected 130: $(cat "$tmp/err")"
  [ "$waited_ms" -lt 2000 ] || fail "took $waited_ms ms to stop after SIGTERM"
  [ -e "$tmp/l.h5" ] && fail "left $tmp/l.h5"
  grep -q "interrupted: 0 of 1 replications kept in $tmp/l.h5.partial" "$tmp/err" ||
    fail "message: $(cat "$tmp/err")"
  ;;
interrupt)
  # SIGINT, SIGTERM and SIGKILL midway: no file under the output name; the
  # finished replications stay in OUT.partial, marked incomplete; --resume
  # completes it into a file whose every dataset equals an uninterrupted
  # run's (root attributes differ only in created_utc and command).
  export HDF5_USE_FILE_LOCKING=FALSE # h5dump peeks at the partial file of a running run
  run run "$root/scenarios/toy" -r 800 -t 2 -q -o "$tmp/full.h5"
  [ "$status" -eq 0 ] || fail "uninterrupted run: $(cat "$tmp/err")"
  datasets=$(h5ls -r "$tmp/full.h5" | awk '$2 == "Dataset" { print $1 }')
  for sig in INT TERM KILL; do
    rm -f "$tmp"/k.h5*
    "$sctwin" run "$root/scenarios/toy" -r 800 -t 2 -q -o "$tmp/k.h5" >/dev/null 2>"$tmp/err" &
    stop_once_kept $! "$sig" "$tmp/k.h5.partial"
    [ -e "$tmp/k.h5" ] && fail "SIG$sig left $tmp/k.h5"
    [ -e "$tmp/k.h5.partial" ] || fail "SIG$sig left no partial file"
    done=$(h5dump -a /replications_done "$tmp/k.h5.partial" | sed -n 's/^ *(0): //p')
    complete=$(h5dump -a /complete "$tmp/k.h5.partial" | sed -n 's/^ *(0): //p')
    [ "$complete" = 0 ] || fail "SIG$sig: partial file not marked incomplete"
    [ "$done" -gt 0 ] && [ "$done" -lt 800 ] || fail "SIG$sig: $done replications kept"
    if [ "$sig" != KILL ]; then
      [ "$status" -eq 130 ] || fail "SIG$sig: exit status $status, expected 130"
      grep -q "interrupted: $done of 800 replications kept in $tmp/k.h5.partial" "$tmp/err" ||
        fail "SIG$sig: message: $(cat "$tmp/err")"
    fi
    run run "$root/scenarios/toy" -r 800 -t 1 -q -o "$tmp/k.h5" --resume
    [ "$status" -eq 0 ] || fail "SIG$sig: resume failed: $(cat "$tmp/err")"
    [ -e "$tmp/k.h5.partial" ] && fail "SIG$sig: partial file left after resuming"
    for ds in $datasets; do
      cmp -s <(dump "$tmp/full.h5" "$ds") <(dump "$tmp/k.h5" "$ds") ||
        fail "SIG$sig: $ds differs from the uninterrupted run after resuming from $done"
    done
    [ "$(h5dump -a /complete "$tmp/k.h5" | sed -n 's/^ *(0): //p')" = 1 ] || fail "not marked complete"
  done
  # A partial file of another experiment is refused, and kept.
  "$sctwin" run "$root/scenarios/toy" -r 400 -t 2 -q -o "$tmp/m.h5" >/dev/null 2>&1 &
  stop_once_kept $! INT "$tmp/m.h5.partial"
  [ -e "$tmp/m.h5.partial" ] || fail "SIGINT left no partial file of the 400-replication run"
  run run "$root/scenarios/toy" -r 300 -q -o "$tmp/m.h5" --resume
  [ "$status" -eq 2 ] || fail "resume with other replications: exit $status, expected 2"
  grep -q "cannot resume from $tmp/m.h5.partial: it was run for another number of replications" "$tmp/err" ||
    fail "mismatch message: $(cat "$tmp/err")"
  [ -e "$tmp/m.h5.partial" ] || fail "a refused partial file was removed"
  run run "$root/scenarios/toy" -r 10 -q -o "$tmp/none.h5" --resume
  [ "$status" -eq 2 ] && grep -q "cannot resume: no partial file $tmp/none.h5.partial" "$tmp/err" ||
    fail "resume without a partial file: exit $status: $(cat "$tmp/err")"
  echo "not HDF5" >"$tmp/bad.h5.partial"
  run run "$root/scenarios/toy" -r 10 -q -o "$tmp/bad.h5" --resume
  [ "$status" -eq 2 ] && grep -q "cannot resume from $tmp/bad.h5.partial: not a readable HDF5 file" "$tmp/err" ||
    fail "resume from a damaged partial file: exit $status: $(cat "$tmp/err")"
  [ ! -e "$tmp/bad.h5" ] || fail "a refused resume wrote the results file" ;;
disk_full)
  # A file size limit stands in for a full disk: a clear error, exit 1, and
  # neither the results file nor a partial one left behind.
  (ulimit -f 64; "$sctwin" run "$root/scenarios/toy" -r 200 -q -o "$tmp/f.h5" >"$tmp/out" 2>"$tmp/err")
  status=$?
  [ "$status" -eq 1 ] || fail "exit status $status, expected 1: $(cat "$tmp/err")"
  grep -q "HDF5: cannot write" "$tmp/err" || fail "no clear error: $(cat "$tmp/err")"
  [ -e "$tmp/f.h5" ] && fail "a results file was left"
  [ -e "$tmp/f.h5.partial" ] && fail "a partial file was left"
  # An output folder that cannot be written: exit 2, nothing written.
  mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
  if [ "$(id -u)" -ne 0 ]; then
    run run "$root/scenarios/toy" -r 2 -q -o "$tmp/ro/x.h5"
    [ "$status" -eq 2 ] && grep -q "cannot write to folder" "$tmp/err" || fail "read-only folder: $status"
  fi
  run run "$root/scenarios/toy" -r 2 -q -o "$tmp/missing/x.h5"
  [ "$status" -eq 2 ] && grep -q "cannot write to folder '$tmp/missing'" "$tmp/err" ||
    fail "missing folder: exit $status: $(cat "$tmp/err")" ;;
stress)
  run stress "$root/scenarios/toy" -r 4 --days 14 -o "$tmp/s.h5"
  [ "$status" -eq 0 ] || fail "stress failed: $(cat "$tmp/err")"
  # Every node and chokepoint is ranked once.
  n_nodes=$(($(wc -l < "$root/scenarios/toy/nodes.csv") - 1))
  n_rows=$(grep -cE '^ +[0-9]+  ' "$tmp/out")
  [ "$n_rows" -eq $((n_nodes + 3)) ] || fail "ranked $n_rows elements, expected $((n_nodes + 3))"
  # The distribution centre, through which everything passes, ranks first.
  first=$(grep -E '^ +1  ' "$tmp/out" | awk '{print $2}')
  [ "$first" = dc ] || fail "weakest point is '$first', expected dc"
  h5ls "$tmp/s.h5/stress" | grep -q "{$((n_nodes + 3))}" || fail "/stress table missing or wrong size"
  h5dump -d /stress "$tmp/s.h5" | grep -q '"dc"' || fail "/stress lacks dc" ;;
zero_effect)
  # Every mitigation switched on with parameters that can have no effect
  # reproduces the arm without mitigations bit for bit.
  cp "$root"/scenarios/toy/*.csv "$tmp/"
  cat > "$tmp/mitigations.csv" <<'CSV'
id,kind,owner,cost_per_year,target,params
warn,early_warning,shop,0,,false_alarms_per_year=0;cover_days=0
reroute,reroute,shipco,0,,divert_cost_per_unit=0
backup,backup_sourcing,shop,0,,switch_days=0;premium=0
expedite,expedite_air,shop,0,,threshold_days=0
transship,transshipment,shop,0,,transit_days=2;cost_per_unit=0
share,info_sharing,shop,0,dc,delay_days=0
learn,learning,shop,0,,rate=0
pool,pooled_warehouse,shop,0,dc,
CSV
  cat > "$tmp/experiment.csv" <<'CSV'
key,value
horizon_days,365
warmup_days,30
replications,4
seed,9
arms,none;zero
arm:none,surge;storms
arm:zero,surge;storms;warn;reroute;backup;expedite;transship;share;learn;pool
CSV
  run run "$tmp" -q -o "$tmp/z.h5"
  [ "$status" -eq 0 ] || fail "run failed: $(cat "$tmp/err")"
  for ds in metrics curve nodes ledger actors shocks; do
    a=$(h5dump -d "/arms/none/$ds" "$tmp/z.h5" | sed -n '/DATA {/,$p')
    b=$(h5dump -d "/arms/zero/$ds" "$tmp/z.h5" | sed -n '/DATA {/,$p')
    [ -n "$a" ] && [ "$a" = "$b" ] || fail "/arms/zero/$ds differs from /arms/none/$ds"
  done ;;
summary)
  run run "$root/scenarios/toy" -r 4 -o "$tmp/s.h5"
  [ "$status" -eq 0 ] || fail "run failed"
  for word in "fill rate" "resistance" "TTS days" "TTR days" "loss days" "lost units" "profit impact" "events:" "million events/s" partsco maker shipco shop; do
    grep -q "$word" "$tmp/out" || fail "summary lacks '$word'"
  done
  fr=$(awk '/fill rate/ {print $3}' "$tmp/out")
  awk -v f="$fr" 'BEGIN { exit !(f > 0.5 && f <= 1) }' || fail "fill rate $fr not in (0.5, 1]"
  # Many arms print as blocks of four (160 columns when not a terminal).
  arms=baseline,ever_given,yantian,red_sea,none,warning,reroute,backup,expedite
  run run "$root/scenarios/asia_eu" --arms "$arms" -r 2 -o "$tmp/w.h5"
  [ "$status" -eq 0 ] || fail "asia_eu run failed"
  width=$(awk '{ if (length > m) m = length } END { print m }' "$tmp/out")
  [ "$width" -le 160 ] || fail "summary line of $width columns"
  [ "$(grep -c '^  metric ' "$tmp/out")" -eq 3 ] || fail "per-arm table not in 3 blocks of <= 4 arms"
  [ "$(grep -c '^  vs first arm ' "$tmp/out")" -eq 2 ] || fail "paired table not in 2 blocks"
  for arm in ${arms//,/ }; do
    grep -q "^  metric .* $arm\b" "$tmp/out" || fail "arm $arm not in a per-arm header"
  done
  grep -q ' $' "$tmp/out" && fail "trailing blanks in the summary"
  true ;;
valgrind)
  command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 77; }
  valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
    "$sctwin" run "$root/scenarios/toy" -r 2 -t 1 -q -o "$tmp/v.h5" 2>"$tmp/vg"
  status=$?
  [ "$status" -eq 0 ] || { cat "$tmp/vg" >&2; fail "valgrind reported errors (status $status)"; }
  valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
    "$sctwin" report "$tmp/v.h5" -o "$tmp/vrep" >/dev/null 2>"$tmp/vg"
  status=$?
  [ "$status" -eq 0 ] || { cat "$tmp/vg" >&2; fail "valgrind on report: errors (status $status)"; } ;;
*)
  fail "unknown case" ;;
esac
echo "ok [$case_name]"
