#!/bin/sh
# Installs the Debian 12 packages sctwin needs that are not installed yet
# (nothing when all are present).  --tests adds what the test suite uses,
# --bench what tests/bench uses as well.
# Uses sudo when not run as root.
set -eu
# SDL2, SDL2_ttf, DejaVu fonts and libpng: the viewer (sctwin-view) and its tests.
# Open MPI: mpirun -np K sctwin ... (docs/cluster.md); cairo: sctwin report.
pkgs="build-essential cmake pkg-config libgsl-dev libhdf5-dev libcsv-dev hdf5-tools libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core libpng-dev python3 libopenmpi-dev openmpi-bin libcairo2-dev"
if [ "${1:-}" = "--tests" ] || [ "${1:-}" = "--bench" ]; then
  # valgrind: memcheck of an end-to-end run; cppcheck: static analysis; clang, LLVM's OpenMP (with the
  # Archer tool) and its sanitizer runtimes: the ThreadSanitizer build.
  pkgs="$pkgs valgrind cppcheck clang libomp-14-dev libclang-rt-14-dev"
fi
if [ "${1:-}" = "--bench" ]; then
  # SimPy (the comparison of bench_simpy.sh), h5py to read results, GNU time for peak memory.
  pkgs="$pkgs python3-simpy python3-h5py time"
fi
missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "sctwin: installing missing packages:$missing" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
