#!/usr/bin/env bash
# sctwin-view --screenshot without a display: a PNG of the asked size; bad input exits 2.
# Given the scenario folder the trace was made of, the viewer records the same
# trace itself (with the sctwin beside it in the build tree): the same frame.
set -euo pipefail
view=$1 trace=$2 scenario=$3
unset SCTWIN
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=offscreen \
  "$view" "$trace" --screenshot "$tmp/a.png" --at 295 --size 800x500 --select wh_venlo
size=$(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$tmp/a.png")
[ "$size" = 800x500 ] || fail "size $size"
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=offscreen TMPDIR="$tmp" \
  "$view" "$scenario" --arm none --rep 0 --screenshot "$tmp/c.png" --at 295 --size 800x500 --select wh_venlo
cmp -s "$tmp/a.png" "$tmp/c.png" || fail "the frame of the scenario differs from the frame of its trace"
[ -z "$(find "$tmp" -name 'sctwin-view-*')" ] || fail "temporary trace left behind"
set +e
"$view" "$tmp/none.h5" --screenshot "$tmp/b.png" 2>"$tmp/err"; [ $? -eq 2 ] || fail "missing file"
grep -q "none.h5: cannot open as HDF5" "$tmp/err" || fail "message: $(cat "$tmp/err")"
"$view" "$trace" --screenshot "$tmp/b.png" --size 10x10 2>/dev/null; [ $? -eq 2 ] || fail "bad size"
"$view" "$trace" --screenshot "$tmp/b.png" --select nosuch 2>/dev/null; [ $? -eq 2 ] || fail "bad node"
"$view" "$scenario" --arm nosuch --screenshot "$tmp/b.png" 2>"$tmp/err"; [ $? -eq 2 ] || fail "bad arm"
grep -q "has no arm 'nosuch'" "$tmp/err" || fail "bad arm message: $(cat "$tmp/err")"
"$view" "$trace" --rep 1 --screenshot "$tmp/b.png" 2>/dev/null; [ $? -eq 2 ] || fail "--rep with a trace"
SCTWIN=$tmp/nosuch "$view" "$scenario" --screenshot "$tmp/b.png" 2>"$tmp/err"; [ $? -eq 1 ] || fail "no sctwin"
grep -q "cannot run" "$tmp/err" || fail "no sctwin message: $(cat "$tmp/err")"
[ ! -e "$tmp/b.png" ] || fail "bad input wrote a PNG"
echo ok
