#!/usr/bin/env bash
# sctwin-view --screenshot without a display: a PNG of the asked size; bad input exits 2.
set -euo pipefail
view=$1 trace=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=offscreen \
  "$view" "$trace" --screenshot "$tmp/a.png" --at 295 --size 800x500 --select wh_venlo
size=$(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$tmp/a.png")
[ "$size" = 800x500 ] || fail "size $size"
set +e
"$view" "$tmp/none.h5" --screenshot "$tmp/b.png" 2>"$tmp/err"; [ $? -eq 2 ] || fail "missing file"
grep -q "none.h5: cannot open as HDF5" "$tmp/err" || fail "message: $(cat "$tmp/err")"
"$view" "$trace" --screenshot "$tmp/b.png" --size 10x10 2>/dev/null; [ $? -eq 2 ] || fail "bad size"
"$view" "$trace" --screenshot "$tmp/b.png" --select nosuch 2>/dev/null; [ $? -eq 2 ] || fail "bad node"
[ ! -e "$tmp/b.png" ] || fail "bad input wrote a PNG"
echo ok
