#!/usr/bin/env python3
"""Converts Natural Earth's 1:50m land outlines (world-atlas TopoJSON,
../shared/data/map/land-50m.json) once into viz/land-50m.bin, the compact
file the viewer embeds at build time.

Format (little-endian): b"SCLAND01", uint32 n_rings, uint32 n_points,
uint32 ring_length[n_rings], then int16 (lon, lat) pairs in hundredths of a
degree.  Rings are closed implicitly; outer rings and holes (lakes) are
filled by the even-odd rule.  Points closer than MIN_STEP degrees to the last
kept point are dropped (the 1:50m data has ~1 km detail; the map needs less).

Usage: python3 viz/make_land.py [SRC.json] [OUT.bin]
"""
import json
import os
import struct
import sys

MIN_STEP = 0.03  # degrees


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(arcs, ring):
    pts = []
    for a in ring:
        seq = arcs[a] if a >= 0 else list(reversed(arcs[~a]))
        pts.extend(seq if not pts else seq[1:])
    return pts


def thin(pts):
    out = [pts[0]]
    for p in pts[1:]:
        q = out[-1]
        if abs(p[0] - q[0]) >= MIN_STEP or abs(p[1] - q[1]) >= MIN_STEP:
            out.append(p)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../shared/data/map/land-50m.json")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "land-50m.bin")
    topo = json.load(open(src))
    arcs = decode_arcs(topo)
    rings = []
    for geom in topo["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for ring in poly:
                pts = thin(ring_points(arcs, ring))
                if len(pts) >= 3:
                    rings.append(pts)
    jumps = sum(1 for r in rings for a, b in zip(r, r[1:]) if abs(a[0] - b[0]) > 180)
    n = sum(len(r) for r in rings)
    with open(dst, "wb") as f:
        f.write(b"SCLAND01")
        f.write(struct.pack("<II", len(rings), n))
        f.write(struct.pack("<%dI" % len(rings), *[len(r) for r in rings]))
        for r in rings:
            for lon, lat in r:
                f.write(struct.pack("<hh", round(lon * 100), round(lat * 100)))
    print("%s: %d rings, %d points, %d antimeridian jumps" % (dst, len(rings), n, jumps))


if __name__ == "__main__":
    main()
