#!/usr/bin/env bash
# Fuzzes one harness of tests/fuzz for a while with libFuzzer.
# usage: tests/fuzz/fuzz.sh HARNESS SECONDS [LIBFUZZER_OPTION...]
#   HARNESS: bundle, experiment, game or willems (docs/robustness.md says what each
#   reads).  Builds the clang fuzz build in $SCTWIN_FUZZ_BUILD (default
#   build-fz at the repository root) unless it is there already, starts from
#   the committed corpus plus what earlier runs found (kept in the build
#   folder), and leaves crash, leak and timeout inputs in
#   $SCTWIN_FUZZ_BUILD/artifacts/HARNESS/.  A hang is an input taking over
#   10 s, a leak or a blow-up one using over 2 GB.  SCTWIN_FUZZ_NO_BUILD=1
#   fuzzes the executable already built, as is.
# Needs clang and libomp-dev (apt-get install clang libomp-dev).
set -eu
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
harness=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${SCTWIN_FUZZ_BUILD:-$root/build-fz}
case $harness in bundle|experiment|game|willems) ;; *) echo "fuzz.sh: unknown harness '$harness'" >&2; exit 2 ;; esac
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCTWIN_FUZZ=ON >/dev/null
fi
[ -n "${SCTWIN_FUZZ_NO_BUILD:-}" ] || cmake --build "$build" --target "fuzz_$harness" -j "$(nproc)" >/dev/null
work=$build/corpus/$harness art=$build/artifacts/$harness
mkdir -p "$work" "$art"
# Leaks are checked at exit of each input; halt_on_error keeps UBSan fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
exec "$build/tests/fuzz/fuzz_$harness" "$work" "$here/corpus/$harness" "$here/crashers/$harness" \
  -dict="$here/$harness.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" "$@"
