#!/usr/bin/env python3
"""Builds the `asia_eu` scenario bundle: an electronics supply network from
component suppliers in East Asia, through assembly plants in China and
Vietnam, by sea to North-European ports, warehouses and markets.

This script is the record of how the bundle's CSV files were derived.  The
CSV files it writes are committed; a user of sctwin never needs to run it.

Inputs (a research data folder that is *not* part of the repository; see
docs/data-sources.md for what each file is and where it comes from):

    DATA/ports/major_ports.csv            port coordinates (NGA World Port Index)
    DATA/ports/wpi_ports.csv              the same index, all ports (for Hai Phong)
    DATA/sea_lanes/lane_distances_20km.csv precomputed sea distances
    DATA/sea_lanes/marnet_dist.py         shortest sea routes on Eurostat's marnet
    DATA/sea_lanes/marnet_plus_50km.gpkg  the marnet network itself

Usage:
    python3 make_bundle.py [--data DATA] [--out DIR] [--no-paths] [--check-only]

DATA defaults to /work/shared/data, DIR to the folder holding this script.
Python 3 standard library only.  After writing, the script reads the files
back and checks them (every id resolves, every market and plant can be
reached, no unknown columns, numbers parse); it exits 1 if a check fails.

Everything that is not read from the data folder is an assumption of the
authors and is written down below as a named constant, with its reason.
"""
import argparse
import csv
import heapq
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------
# Assumptions: conversion factors
# ----------------------------------------------------------------------------
KNOTS = 16.0                 # service speed; nautical miles per day = 384
NM_PER_DAY = KNOTS * 24.0
PORT_CALL_DAYS = {"feeder": 1.0, "mainline": 2.0}   # pilotage, berthing windows, intermediate calls
SUEZ_CANAL_DAYS = 1.0        # convoy wait and canal transit for lanes via Suez
CAPE_EXTRA_DAYS = 1.0        # bunkering stop / weather margin on the long Cape passage
SEA_CV = {"suez": 0.10, "cape": 0.12, "direct": 0.10}

# Per-unit freight (EUR/unit).  One blended unit cost for every item on a lane
# (the model prices lanes per unit, not per kilogram or per container).
SEA_BASE = {"feeder": 0.12, "mainline": 0.40}       # terminal handling, documentation
SEA_PER_NM = {"feeder": 0.00008, "mainline": 0.00006}
SUEZ_TOLL = 0.05             # canal dues, spread over the units on board
CAPE_PREMIUM = 0.25          # extra fuel and vessel-days beyond the distance term
ROAD_CIRCUITY = 1.3          # road km / great-circle km
RAIL_CIRCUITY = 1.25
ROAD_BASE, ROAD_PER_KM = 0.10, 0.0008
RAIL_BASE, RAIL_PER_KM = 0.08, 0.0004
ROAD_KM_PER_DAY, ROAD_FIXED_DAYS = 550.0, 0.3       # one driver, loading and unloading
RAIL_KM_PER_DAY, RAIL_FIXED_DAYS = 500.0, 0.5
FINAL_MILE_COST = 0.50       # store delivery / parcel hand-over on warehouse -> market lanes
AIR_COST = 9.0               # door-to-door air freight, blended over phones and laptops
AIR_DAYS = {"CN": 4.0, "VN": 4.5}                   # truck to airport, flight, handling, customs, truck
AIR_CV, AIR_CAPACITY = 0.20, 800
SAFETY_FACTOR = 1.2          # S = demand x (lead time + review) x 1.2
ORDER_BATCH_DAYS = 7.0       # plants see weekly batched orders from the warehouses

# ----------------------------------------------------------------------------
# Actors (fictional firms)
# ----------------------------------------------------------------------------
ACTORS = [
    ("formosa_semi", "Formosa Semiconductor (application processors, Hsinchu)", "supplier"),
    ("hanbit_memory", "Hanbit Memory (DRAM, Icheon and Wuxi)", "supplier"),
    ("kanto_components", "Kanto Components (passive components, Takasaki)", "supplier"),
    ("huaxia_group", "Huaxia Display & Energy (panels, Hefei; batteries, Huizhou)", "supplier"),
    ("orion_devices", "Orion Devices (OEM: brand owner and assembly plants)", "oem"),
    ("oceanic_lines", "Oceanic Container Lines (ocean carrier)", "carrier"),
    ("global_terminals", "Global Terminals Group (port operator)", "port_operator"),
    ("euro_retail", "EuroTech Retail (European warehouses and stores)", "retailer"),
    ("swift_logistics", "Swift Logistics (road, rail and air freight)", "logistics"),
]

# ----------------------------------------------------------------------------
# Items and bills of materials
# ----------------------------------------------------------------------------
# id, unit_value (EUR transfer value), name, holding rate per year, retail price
ITEMS = [
    ("soc", 85, "Application processor (SoC/CPU)", 0.20, None),
    ("dram", 18, "DRAM package (8 GB LPDDR)", 0.20, None),
    ("display", 55, "Display panel", 0.20, None),
    ("battery", 16, "Li-ion battery pack", 0.20, None),
    ("passives", 9, "Passive components kit (MLCC, inductors, resistors)", 0.20, None),
    ("smartphone", 280, "Smartphone (mid-range)", 0.25, 449),
    ("laptop", 520, "Laptop (14-inch, mainstream)", 0.25, 849),
]
BOM_OF = {
    "smartphone": [("soc", 1), ("dram", 1), ("display", 1), ("battery", 1), ("passives", 1)],
    "laptop": [("soc", 1), ("dram", 2), ("display", 1), ("battery", 1), ("passives", 2)],
}

# ----------------------------------------------------------------------------
# Nodes.  Coordinates of suppliers, plants, warehouses and markets are
# approximate city coordinates chosen by the authors; ports come from the WPI.
# ----------------------------------------------------------------------------
# id, actor, lat, lon, name, region, item made, capacity/day, prod_days, export port
SUPPLIERS = [
    ("sup_hsinchu", "formosa_semi", 24.7800, 121.0000, "Hsinchu SoC fab and test", "TW", "soc", 1000, 5, "TWKHH"),
    ("sup_icheon", "hanbit_memory", 37.2720, 127.4350, "Icheon DRAM fab", "KR", "dram", 1300, 4, "KRPUS"),
    ("sup_wuxi", "hanbit_memory", 31.4900, 120.3100, "Wuxi DRAM fab (second source)", "CN", "dram", 700, 4, "CNSGH"),
    ("sup_takasaki", "kanto_components", 36.3220, 139.0030, "Takasaki passive components plant", "JP", "passives", 1400, 3, "JPTYO"),
    ("sup_hefei", "huaxia_group", 31.8200, 117.2300, "Hefei display panel fab", "CN", "display", 1000, 4, "CNNBO"),
    ("sup_huizhou", "huaxia_group", 23.1100, 114.4200, "Huizhou battery pack plant", "CN", "battery", 1000, 3, "CNYTN"),
]
# id, lat, lon, name, region, output, capacity/day, prod_days, fixed cost/day,
# own port (inbound components arrive here, finished goods leave here),
# alternative export ports
PLANTS = [
    ("plant_kunshan", 31.3900, 120.9800, "Kunshan laptop assembly", "CN", "laptop", 260, 2, 18000, "CNSGH", ["CNNBO"]),
    ("plant_shenzhen", 22.6600, 114.0300, "Shenzhen (Longhua) smartphone assembly", "CN", "smartphone", 350, 1.5, 20000, "CNYTN", ["HKHKG"]),
    ("plant_bacninh", 21.1860, 106.0760, "Bac Ninh smartphone assembly", "VN", "smartphone", 380, 2, 15000, "VNHPH", []),
    ("plant_bacgiang", 21.2730, 106.1940, "Bac Giang laptop assembly", "VN", "laptop", 180, 2, 9000, "VNHPH", []),
]
# port id -> berths, handle_days, handle_dist, handle_cv, customs_days, customs_cv
PORTS = {
    "TWKHH": (3, 0.7, "exponential", None, 0, None),
    "KRPUS": (4, 0.7, "lognormal", 0.4, 0, None),
    "JPTYO": (3, 0.8, "lognormal", 0.4, 0, None),
    "CNNBO": (4, 0.8, "lognormal", 0.5, 0, None),
    "HKHKG": (4, 0.7, "lognormal", 0.4, 0, None),
    "CNSGH": (6, 0.8, "lognormal", 0.5, 0.5, 0.5),   # imports components for Kunshan
    "CNYTN": (5, 0.8, "lognormal", 0.5, 0.5, 0.5),   # imports components for Shenzhen
    "VNHPH": (3, 1.2, "exponential", None, 1.0, 0.6),  # imports components for the Vietnamese plants
    "SGKEP": (6, 0.6, "lognormal", 0.4, 0, None),     # transshipment hub: no customs
    "NLRTM": (6, 1.0, "lognormal", 0.5, 1.0, 0.5),
    "BEANR": (5, 1.2, "lognormal", 0.5, 1.2, 0.5),
    "DEHAM": (4, 1.2, "lognormal", 0.5, 1.0, 0.5),
}
PORT_REGION = {"TWKHH": "TW", "KRPUS": "KR", "JPTYO": "JP", "CNNBO": "CN", "HKHKG": "HK",
               "CNSGH": "CN", "CNYTN": "CN", "VNHPH": "VN", "SGKEP": "SG", "NLRTM": "NL",
               "BEANR": "BE", "DEHAM": "DE"}
PORT_NAME = {"TWKHH": "Kaohsiung", "KRPUS": "Busan", "JPTYO": "Tokyo", "CNNBO": "Ningbo",
             "HKHKG": "Hong Kong", "CNSGH": "Shanghai", "CNYTN": "Shenzhen Yantian",
             "VNHPH": "Hai Phong", "SGKEP": "Singapore (Keppel)", "NLRTM": "Rotterdam",
             "BEANR": "Antwerp", "DEHAM": "Hamburg"}
# id, lat, lon, name, region, fixed cost/day
WAREHOUSES = [
    ("wh_venlo", 51.3700, 6.1700, "Venlo distribution centre", "NL", 4500),
    ("wh_hamburg", 53.5000, 10.1300, "Hamburg (Allermoehe) distribution centre", "DE", 3500),
    ("wh_antwerp", 51.0600, 4.3600, "Antwerp region distribution centre (Willebroek)", "BE", 5000),
]
# id, lat, lon, name, region, smartphone/day, laptop/day, dist, cv,
# season amplitude, peak day, price factor, patience (phone, laptop)
MARKETS = [
    ("mkt_de_s", 50.1109, 8.6821, "Germany south and west (Frankfurt am Main)", "DE", 65, 33, "negbin", 0.30, 0.20, 330, 1.00, (3, 7)),
    ("mkt_de_n", 52.5200, 13.4050, "Germany north and east (Berlin)", "DE", 45, 22, "poisson", None, 0.20, 330, 1.00, (3, 7)),
    ("mkt_fr", 48.8566, 2.3522, "France (Paris)", "FR", 80, 40, "normal", 0.25, 0.20, 332, 1.00, (3, 6)),
    ("mkt_benelux", 50.8503, 4.3517, "Benelux (Brussels)", "BE", 40, 20, "poisson", None, 0.15, 330, 1.00, (4, 7)),
    ("mkt_uk", 51.5074, -0.1278, "United Kingdom (London)", "GB", 75, 40, "poisson", None, 0.30, 328, 1.04, (3, 5)),
    ("mkt_it", 45.4642, 9.1900, "Italy (Milan)", "IT", 60, 30, "poisson", None, 0.20, 335, 1.00, (4, 7)),
    ("mkt_pl", 52.2297, 21.0122, "Poland (Warsaw)", "PL", 40, 20, "poisson", None, 0.15, 330, 0.96, (5, 7)),
]
LAPTOP_CV_EXTRA = 0.05       # laptop batches vary a little more than phone batches

# Which warehouse serves which market.  The first warehouse in inventory.csv
# with a lane into a market is its primary; the order of WAREHOUSES is the
# order of the rows, so a market's backup must come later in that list.
SERVES = {
    "wh_venlo": ["mkt_de_s", "mkt_it"],
    "wh_hamburg": ["mkt_de_n", "mkt_pl", "mkt_de_s"],            # backup for de_s
    "wh_antwerp": ["mkt_fr", "mkt_uk", "mkt_benelux", "mkt_it", "mkt_de_n"],  # backups for it, de_n
}
CHANNEL_CROSSING = {("wh_antwerp", "mkt_uk"): (0.5, 0.15)}   # extra days, extra EUR/unit

# Warehouse sourcing: (warehouse, item) -> primary plant, backup plant, policy
WAREHOUSE_STOCK = [
    ("wh_venlo", "smartphone", "plant_bacninh", "plant_shenzhen", "base_stock"),
    ("wh_venlo", "laptop", "plant_bacgiang", "plant_kunshan", "base_stock"),
    ("wh_hamburg", "smartphone", "plant_bacninh", "plant_shenzhen", "sS"),
    ("wh_hamburg", "laptop", "plant_kunshan", "plant_bacgiang", "sS"),
    ("wh_antwerp", "smartphone", "plant_shenzhen", "plant_bacninh", "forecast_out"),
    ("wh_antwerp", "laptop", "plant_kunshan", "plant_bacgiang", "forecast_out"),
]
WAREHOUSE_REVIEW = 7.0
PLANT_INPUT_REVIEW = {"plant_kunshan": 3.0, "plant_shenzhen": 3.0, "plant_bacninh": 7.0, "plant_bacgiang": 7.0}
PLANT_OUTPUT_REVIEW = 1.0
COMPONENT_BACKUPS = {"dram": ["sup_wuxi"]}   # Icheon is primary everywhere, Wuxi the second source

# ----------------------------------------------------------------------------
# Sea services.  (from, to, class, route, departure_every_days, capacity)
# route: 'direct' (intra-Asia), 'suez', or 'cape' (Suez, Bab-el-Mandeb and
# Panama banned when the distance is computed).
# ----------------------------------------------------------------------------
EU_PORTS = ["NLRTM", "BEANR", "DEHAM"]
SEA = []
for o, dests, every in [("TWKHH", ["CNSGH", "CNYTN", "VNHPH"], 3.5),
                        ("KRPUS", ["CNSGH", "CNYTN", "VNHPH"], 3.5),
                        ("JPTYO", ["CNSGH", "CNYTN"], 3.5),
                        ("JPTYO", ["VNHPH"], 7.0),
                        ("CNNBO", ["VNHPH"], 3.5),
                        ("CNYTN", ["VNHPH"], 3.5),
                        ("CNSGH", ["VNHPH"], 3.5),
                        ("VNHPH", ["SGKEP"], 3.5)]:
    for d in dests:
        SEA.append((o, d, "feeder", "direct", every, 4000))
for o in ["CNSGH", "CNYTN", "SGKEP"]:
    for d in EU_PORTS:
        SEA.append((o, d, "mainline", "suez", 7.0, 5000))
        SEA.append((o, d, "mainline", "cape", 7.0, 5000))
for o in ["CNNBO", "HKHKG"]:                  # alternative export ports, Rotterdam only
    SEA.append((o, "NLRTM", "mainline", "suez", 7.0, 5000))
BANNED = {"direct": "", "suez": "", "cape": "suez+babelmandeb+panama"}
CHOKEPOINT_ORDER = ["malacca", "cape", "babelmandeb", "suez", "gibraltar", "dover"]

# Land lanes: (from, to, mode)
LAND = []
for sid, *_rest in SUPPLIERS:
    LAND.append((sid, _rest[-1], "road"))                     # supplier -> its export port
LAND += [("sup_hefei", "plant_kunshan", "road"), ("sup_hefei", "plant_shenzhen", "road"),
         ("sup_huizhou", "plant_shenzhen", "road"), ("sup_huizhou", "plant_kunshan", "road"),
         ("sup_wuxi", "plant_kunshan", "road"), ("sup_wuxi", "plant_shenzhen", "road")]
for pid, *r in PLANTS:
    own, alts = r[-2], r[-1]
    LAND.append((own, pid, "road"))                            # port -> plant (components)
    for p in [own] + alts:
        LAND.append((pid, p, "road"))                          # plant -> export port
for p in EU_PORTS:
    for w, *_ in WAREHOUSES:
        LAND.append((p, w, "rail" if (p, w) == ("NLRTM", "wh_venlo") else "road"))
for w, mkts in SERVES.items():
    for m in mkts:
        LAND.append((w, m, "road"))


# ----------------------------------------------------------------------------
def hav_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def fmt(x):
    """Numbers as short decimal strings; None as an empty cell."""
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    if isinstance(x, int) or float(x).is_integer():
        return str(int(round(x)))
    return ("%.4f" % x).rstrip("0").rstrip(".")


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(v) for v in r])


def read_ports(data):
    ports = {}
    for r in csv.DictReader(open(os.path.join(data, "ports", "major_ports.csv"))):
        ports[r["code"]] = (float(r["lat"]), float(r["lon"]), "major_ports.csv")
    for r in csv.DictReader(open(os.path.join(data, "ports", "wpi_ports.csv"))):
        if r["locode"] in PORTS and r["locode"] not in ports:
            ports[r["locode"]] = (float(r["lat"]), float(r["lon"]), "wpi_ports.csv")
    missing = [p for p in PORTS if p not in ports]
    if missing:
        sys.exit("make_bundle: ports not in the World Port Index files: %s" % missing)
    return ports


def sea_distances(data, ports, want_paths):
    """Returns {(o, d, banned): (nm, passages)}, source per key, and polylines."""
    pre = {}
    for r in csv.DictReader(open(os.path.join(data, "sea_lanes", "lane_distances_20km.csv"))):
        ban = "" if r["banned"] == "-" else r["banned"]
        pas = "" if r["passages_used"] == "-" else r["passages_used"]
        pre[(r["origin"], r["dest"], ban)] = (float(r["nm"]), pas)
    keys = []
    for o, d, _cls, route, _e, _c in SEA:
        k = (o, d, BANNED[route])
        if k not in keys:
            keys.append(k)
    result, source, paths = {}, {}, {}
    for k in keys:
        if k in pre:
            result[k], source[k] = pre[k], "lane_distances_20km.csv"
    todo = [k for k in keys if k not in result or want_paths]
    if todo:
        script = os.path.join(data, "sea_lanes", "marnet_dist.py")
        gpkg = os.path.join(data, "sea_lanes", "marnet_plus_50km.gpkg")
        with tempfile.TemporaryDirectory() as tmp:
            pcsv = os.path.join(tmp, "ports.csv")
            with open(pcsv, "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["code", "lat", "lon"])
                for p, (lat, lon, _s) in sorted(ports.items()):
                    w.writerow([p, lat, lon])
            specs = ["%s,%s,%s" % k for k in todo]
            ppath = os.path.join(tmp, "paths.csv")
            out = None
            for extra in ([["--paths", ppath]] if want_paths else []) + [[]]:
                try:
                    out = subprocess.run([sys.executable, script, gpkg, pcsv] + specs + extra,
                                         check=True, capture_output=True, text=True).stdout
                    if extra:
                        for r in csv.DictReader(open(ppath)):
                            paths.setdefault(r["lane"], []).append((int(r["seq"]), r["lat"], r["lon"]))
                    break
                except (subprocess.CalledProcessError, OSError) as e:
                    print("make_bundle: marnet_dist.py failed (%s)%s" %
                          (e, "; retrying without paths" if extra else ""), file=sys.stderr)
            if out is None:
                if any(k not in result for k in keys):
                    sys.exit("make_bundle: cannot compute sea distances for %s" %
                             [k for k in keys if k not in result])
            else:
                for r in csv.DictReader(out.splitlines()):
                    if r["km"] == "unreachable":
                        sys.exit("make_bundle: no sea route %s -> %s (banned %s)" % (r["origin"], r["dest"], r["banned"]))
                    k = (r["origin"], r["dest"], "" if r["banned"] == "-" else r["banned"])
                    if k not in result:
                        pas = "" if r["passages_used"] == "-" else r["passages_used"]
                        result[k], source[k] = (float(r["nm"]), pas), "marnet_dist.py"
    return result, source, paths


def build(data, want_paths):
    ports = read_ports(data)
    coord = {p: (ports[p][0], ports[p][1]) for p in PORTS}
    for s in SUPPLIERS:
        coord[s[0]] = (s[2], s[3])
    for p in PLANTS:
        coord[p[0]] = (p[1], p[2])
    for w in WAREHOUSES:
        coord[w[0]] = (w[1], w[2])
    for m in MARKETS:
        coord[m[0]] = (m[1], m[2])
    region = {p: PORT_REGION[p] for p in PORTS}
    region.update({s[0]: s[5] for s in SUPPLIERS})
    region.update({p[0]: p[4] for p in PLANTS})

    def short(n):
        return n.split("_", 1)[1] if n.startswith(("sup_", "plant_", "wh_", "mkt_")) else n.lower()

    # ---- nodes -------------------------------------------------------------
    nodes = []
    for sid, actor, lat, lon, name, reg, _item, cap, prod, _port in SUPPLIERS:
        nodes.append([sid, "supplier", actor, lat, lon, name, reg, cap, prod] + [None] * 7)
    for pid, lat, lon, name, reg, _out, cap, prod, fixed, _own, _alts in PLANTS:
        nodes.append([pid, "plant", "orion_devices", lat, lon, name, reg, cap, prod] + [None] * 6 + [fixed])
    for p, (berths, hd, dist, hcv, cd, ccv) in PORTS.items():
        lat, lon = coord[p]
        nodes.append([p, "port", "global_terminals", lat, lon, PORT_NAME[p], PORT_REGION[p], None, None,
                      berths, hd, dist, hcv, cd, ccv, None])
    for wid, lat, lon, name, reg, fixed in WAREHOUSES:
        nodes.append([wid, "warehouse", "euro_retail", lat, lon, name, reg] + [None] * 8 + [fixed])
    for m in MARKETS:
        nodes.append([m[0], "market", "euro_retail", m[1], m[2], m[3], m[4]] + [None] * 9)

    # ---- lanes -------------------------------------------------------------
    dist, dsource, polylines = sea_distances(data, ports, want_paths)
    lanes, lane_paths, distance_log = [], [], []
    for o, d, cls, route, every, cap in SEA:
        ban = BANNED[route]
        nm, passages = dist[(o, d, ban)]
        via = set(p for p in passages.split("+") if p)
        unknown = via - set(CHOKEPOINT_ORDER)
        if unknown:
            print("make_bundle: ignoring passages %s on %s-%s" % (sorted(unknown), o, d), file=sys.stderr)
        if route == "cape":
            via.add("cape")
        via_s = ";".join(c for c in CHOKEPOINT_ORDER if c in via)
        days = nm / NM_PER_DAY + PORT_CALL_DAYS[cls]
        cost = SEA_BASE[cls] + SEA_PER_NM[cls] * nm
        if "suez" in via:
            days += SUEZ_CANAL_DAYS
            cost += SUEZ_TOLL
        if route == "cape":
            days += CAPE_EXTRA_DAYS
            cost += CAPE_PREMIUM
        lid = "sea_%s_%s%s" % (o.lower(), d.lower(), "_cape" if route == "cape" else "")
        lanes.append([lid, o, d, "sea", "oceanic_lines", round(days, 1), SEA_CV[route], every, cap,
                      round(cost, 2), via_s])
        distance_log.append((lid, o, d, ban or "-", nm, via_s, dsource[(o, d, ban)]))
        pname = "%s-%s" % (o, d) + ("-" + ban if ban else "")
        for seq, lat, lon in sorted(polylines.get(pname, [])):
            lane_paths.append((lid, seq, lat, lon))
    for a, b, mode in LAND:
        gc = hav_km(*coord[a], *coord[b])
        if mode == "rail":
            km = gc * RAIL_CIRCUITY
            days, cost, cv, every, cap = RAIL_FIXED_DAYS + km / RAIL_KM_PER_DAY, RAIL_BASE + RAIL_PER_KM * km, 0.08, 1, 3000
        else:
            km = gc * ROAD_CIRCUITY
            days, cost = ROAD_FIXED_DAYS + km / ROAD_KM_PER_DAY, ROAD_BASE + ROAD_PER_KM * km
            cv = 0.10 if km > 500 else 0.05
            every, cap = (0, None) if b.startswith("mkt_") else (1, None)
            if b.startswith("mkt_"):
                cost += FINAL_MILE_COST
            extra = CHANNEL_CROSSING.get((a, b))
            if extra:
                days, cost = days + extra[0], cost + extra[1]
        lid = "%s_%s_%s" % ("rail" if mode == "rail" else "road", short(a), short(b))
        lanes.append([lid, a, b, mode, "swift_logistics", round(days, 1), cv, every, cap, round(cost, 2), None])
    for pid, *r in PLANTS:
        for w, *_ in WAREHOUSES:
            lanes.append(["air_%s_%s" % (short(pid), short(w)), pid, w, "air", "swift_logistics",
                          AIR_DAYS[r[3]], AIR_CV, 1, AIR_CAPACITY, AIR_COST, None])

    # ---- demand ------------------------------------------------------------
    price = {i[0]: i[4] for i in ITEMS}
    demand = []
    for (mid, _la, _lo, _n, _r, phone, laptop, dist_, cv, amp, peak, pf, (pat_p, pat_l)) in MARKETS:
        for item, mean, pat in (("smartphone", phone, pat_p), ("laptop", laptop, pat_l)):
            c = None if cv is None else round(cv + (LAPTOP_CV_EXTRA if item == "laptop" else 0), 2)
            demand.append([mid, item, mean, c, dist_, amp, peak, round(price[item] * pf), pat])

    # ---- inventory, sized from nominal lead times on the cheapest paths ----
    node_of = {n[0]: n for n in nodes}
    adj = {}
    for l in lanes:
        adj.setdefault(l[1], []).append(l)

    def path(src, dst):
        best = {src: (0.0, 0.0)}
        prev = {}
        pq = [(0.0, 0.0, src)]
        while pq:
            c, t, u = heapq.heappop(pq)
            if (c, t) > best.get(u, (1e18, 1e18)):
                continue
            for l in adj.get(u, []):
                nd = (c + l[9], t + l[5])
                if nd < best.get(l[2], (1e18, 1e18)):
                    best[l[2]], prev[l[2]] = nd, l
                    heapq.heappush(pq, (nd[0], nd[1], l[2]))
        out, v = [], dst
        while v != src:
            out.append(prev[v])
            v = prev[v][1]
        return out[::-1]

    def lead_time(src, dst):
        L = node_of[src][8] or 0.0                      # production days at the source
        for l in path(src, dst):
            L += l[5] + l[7] / 2.0                      # transit + mean wait for a departure
            if l[3] == "sea":
                n = node_of[l[2]]
                L += n[10] + (n[13] or 0.0)              # handling + customs at the arrival port
        return L

    wh_rate = {}
    for w, mkts in SERVES.items():
        for m in mkts:
            if primary_wh(m) == w:
                for row in demand:
                    if row[0] == m:
                        wh_rate[(w, row[1])] = wh_rate.get((w, row[1]), 0) + row[2]
    plant_rate = {}
    for w, item, src, _b, _pol in WAREHOUSE_STOCK:
        plant_rate[src] = plant_rate.get(src, 0) + wh_rate[(w, item)]

    def up10(x):
        return int(math.ceil(x / 10.0) * 10)

    inventory, sizing_log = [], []
    for w, item, src, backup, pol in WAREHOUSE_STOCK:
        d, R = wh_rate[(w, item)], WAREHOUSE_REVIEW
        L = lead_time(src, w)
        cover = d * (L + R)
        row = [w, item, pol, src, R] + [None] * 9
        row[12] = backup
        if pol == "base_stock":
            row[6] = up10(cover * SAFETY_FACTOR)
        elif pol == "sS":
            S = up10(cover * 1.25)
            row[5], row[6] = S - up10(5 * d), S
        else:  # forecast_out
            # Nominal lead time omits sailing waits, handling and customs:
            # cover them with safety days (16 measured to give ~0.8 fill).
            row[8] = round(0.35 * (L + R))
            if item == "smartphone":
                row[9], row[11] = "es", 0.1
            else:
                row[9], row[10] = "ma", 28
            row[13] = up10(cover * SAFETY_FACTOR)
        inventory.append(row)
        sizing_log.append((w, item, src, d, L, R))
    for pid, _la, _lo, _n, _r, out, _cap, prod, _f, _own, _alts in PLANTS:
        rate, R = plant_rate[pid], PLANT_INPUT_REVIEW[pid]
        for inp, q in BOM_OF[out]:
            sup = next(s[0] for s in SUPPLIERS if s[6] == inp and s[0] not in sum(COMPONENT_BACKUPS.values(), []))
            d = rate * q
            L = lead_time(sup, pid)
            row = [pid, inp, "base_stock", sup, R] + [None] * 9
            if pid == "plant_kunshan" and inp == "passives":
                # cheap, bulky kit: reorder a fixed lot of two weeks when short
                Q = up10(d * 14)
                row[2], row[5], row[7] = "sQ", up10(d * (L + R) * SAFETY_FACTOR), Q
            else:
                row[6] = up10(d * (L + R) * SAFETY_FACTOR)
            row[12] = ";".join(COMPONENT_BACKUPS.get(inp, [])) or None
            inventory.append(row)
            sizing_log.append((pid, inp, sup, d, L, R))
        R = PLANT_OUTPUT_REVIEW
        inventory.append([pid, out, "base_stock", pid, R, None,
                          up10(rate * (prod + R + ORDER_BATCH_DAYS) * SAFETY_FACTOR)] + [None] * 7)
        sizing_log.append((pid, out, pid, rate, prod, R))

    return dict(nodes=nodes, lanes=lanes, demand=demand, inventory=inventory,
                lane_paths=lane_paths, distance_log=distance_log, sizing_log=sizing_log)


def primary_wh(market):
    for w, _item, *_ in WAREHOUSE_STOCK:
        if market in SERVES[w]:
            return w
    return None


HEADERS = {
    "actors": ["id", "name", "kind"],
    "nodes": ["id", "kind", "actor", "lat", "lon", "name", "region", "capacity_per_day", "prod_days",
              "berths", "handle_days", "handle_dist", "handle_cv", "customs_days", "customs_cv",
              "fixed_cost_per_day"],
    "items": ["id", "unit_value", "name", "holding_rate_per_year", "price"],
    "bom": ["plant", "output", "input", "qty"],
    "lanes": ["id", "from", "to", "mode", "carrier", "transit_days", "transit_cv",
              "departure_every_days", "capacity", "cost_per_unit", "via"],
    "demand": ["market", "item", "mean_per_day", "cv", "dist", "season_amplitude", "season_peak_day",
               "price", "patience_days"],
    "inventory": ["node", "item", "policy", "source", "review_days", "s", "S", "Q", "safety_days",
                  "forecast", "window", "alpha", "backups", "initial"],
    "experiment": ["key", "value"],
}


def write_bundle(out, b):
    os.makedirs(out, exist_ok=True)
    write_csv(os.path.join(out, "actors.csv"), HEADERS["actors"], ACTORS)
    write_csv(os.path.join(out, "nodes.csv"), HEADERS["nodes"], b["nodes"])
    write_csv(os.path.join(out, "items.csv"), HEADERS["items"], ITEMS)
    bom = [(p[0], p[5], i, q) for p in PLANTS for i, q in BOM_OF[p[5]]]
    write_csv(os.path.join(out, "bom.csv"), HEADERS["bom"], bom)
    write_csv(os.path.join(out, "lanes.csv"), HEADERS["lanes"], b["lanes"])
    write_csv(os.path.join(out, "demand.csv"), HEADERS["demand"], b["demand"])
    write_csv(os.path.join(out, "inventory.csv"), HEADERS["inventory"], b["inventory"])
    write_csv(os.path.join(out, "experiment.csv"), HEADERS["experiment"],
              [("horizon_days", 365), ("warmup_days", 60), ("replications", 20),
               ("seed", 20261122), ("routing", "cheapest")])
    lp = os.path.join(out, "lane_paths.csv")
    if b["lane_paths"]:
        write_csv(lp, ["lane", "seq", "lat", "lon"], b["lane_paths"])


# ----------------------------------------------------------------------------
# Check: reads the files back with nothing but csv, independent of build().
# ----------------------------------------------------------------------------
def check(out):
    errs = []
    T = {}
    for name, header in HEADERS.items():
        p = os.path.join(out, name + ".csv")
        with open(p, newline="") as f:
            rows = list(csv.reader(f))
        if rows[0] != header:
            errs.append("%s: header %s, expected %s" % (name, rows[0], header))
        for k, r in enumerate(rows[1:], 2):
            if len(r) != len(rows[0]):
                errs.append("%s:%d: %d cells for %d columns" % (name, k, len(r), len(rows[0])))
        T[name] = [dict(zip(rows[0], r)) for r in rows[1:]]

    def num(table, r, col, required=False, lo=0.0, integer=False):
        v = r.get(col, "")
        if v == "":
            if required:
                errs.append("%s: %s missing in %s" % (table, col, r))
            return None
        try:
            x = float(v)
        except ValueError:
            errs.append("%s: %s=%r is not a number" % (table, col, v))
            return None
        if not math.isfinite(x) or x < lo or (integer and x != int(x)):
            errs.append("%s: %s=%r out of range" % (table, col, v))
        return x

    def unique(table):
        ids = [r["id"] for r in T[table]]
        for i in set(ids):
            if ids.count(i) > 1:
                errs.append("%s: duplicate id %s" % (table, i))
        return set(ids)

    actors, items = unique("actors"), unique("items")
    node_ids = unique("nodes")
    unique("lanes")
    kind = {r["id"]: r["kind"] for r in T["nodes"]}
    for r in T["nodes"]:
        if r["kind"] not in ("supplier", "plant", "port", "warehouse", "market"):
            errs.append("nodes: bad kind %s" % r)
        if r["actor"] not in actors:
            errs.append("nodes: unknown actor %s" % r["actor"])
        lat, lon = num("nodes", r, "lat", True, -90), num("nodes", r, "lon", True, -180)
        if lat is not None and lat > 90 or lon is not None and lon > 180:
            errs.append("nodes: bad coordinates %s" % r)
        for c in ("capacity_per_day", "prod_days", "handle_days", "handle_cv", "customs_days", "customs_cv",
                  "fixed_cost_per_day"):
            num("nodes", r, c)
        num("nodes", r, "berths", integer=True)
        if r["kind"] == "port":
            num("nodes", r, "berths", True, 1, True)
            num("nodes", r, "handle_days", True)
            if r["handle_dist"] not in ("exponential", "lognormal", "deterministic"):
                errs.append("nodes: bad handle_dist %s" % r)
        if r["kind"] in ("supplier", "plant") and r["capacity_per_day"] and float(r["capacity_per_day"]) <= 0:
            errs.append("nodes: capacity must be positive %s" % r)
    for r in T["items"]:
        num("items", r, "unit_value", True)
        num("items", r, "holding_rate_per_year")
        num("items", r, "price")
    bom = {}
    for r in T["bom"]:
        if kind.get(r["plant"]) != "plant":
            errs.append("bom: %s is not a plant" % r["plant"])
        if r["output"] not in items or r["input"] not in items:
            errs.append("bom: unknown item in %s" % r)
        if (num("bom", r, "qty", True) or 0) <= 0:
            errs.append("bom: qty must be positive %s" % r)
        bom.setdefault(r["plant"], (r["output"], []))[1].append(r["input"])
    chokepoints = {"malacca", "suez", "babelmandeb", "gibraltar", "dover", "cape", "panama"}
    adj = {}
    for r in T["lanes"]:
        for c in ("from", "to"):
            if r[c] not in node_ids:
                errs.append("lanes: unknown node %s in %s" % (r[c], r["id"]))
        if r["from"] == r["to"]:
            errs.append("lanes: loop %s" % r["id"])
        if r["mode"] not in ("sea", "air", "rail", "road"):
            errs.append("lanes: bad mode %s" % r["id"])
        if r["carrier"] not in actors:
            errs.append("lanes: unknown carrier %s" % r["id"])
        for c in ("transit_cv", "departure_every_days", "capacity"):
            num("lanes", r, c)
        if r["capacity"] and float(r["capacity"]) <= 0:
            errs.append("lanes: capacity must be positive %s" % r["id"])
        t = num("lanes", r, "transit_days", True)
        c = num("lanes", r, "cost_per_unit", True)
        for v in filter(None, r["via"].split(";")):
            if v not in chokepoints:
                errs.append("lanes: unknown chokepoint %s in %s" % (v, r["id"]))
        if r["mode"] == "sea" and (kind.get(r["from"]) != "port" or kind.get(r["to"]) != "port"):
            errs.append("lanes: sea lane %s does not join two ports" % r["id"])
        adj.setdefault(r["from"], []).append((c or 0.0, t or 0.0, r["to"], r))

    def route(src, dst):
        best, prev, pq = {src: (0.0, 0.0)}, {}, [(0.0, 0.0, src)]
        done = set()
        while pq:
            c, t, u = heapq.heappop(pq)
            if u in done:
                continue
            done.add(u)
            for lc, lt, v, lane in adj.get(u, []):
                nd = (c + lc, t + lt)
                if v not in done and nd < best.get(v, (math.inf, math.inf)):
                    best[v], prev[v] = nd, lane
                    heapq.heappush(pq, (nd[0], nd[1], v))
        if dst not in best:
            return None
        out, v = [], dst
        while v != src:
            out.append(prev[v])
            v = prev[v]["from"]
        return out[::-1]

    def describe(p):
        return " > ".join([p[0]["from"]] + ["%s[%s]" % (l["to"], l["mode"]) for l in p])

    # inventory rows
    stock = {}
    routes = []
    for k, r in enumerate(T["inventory"], 2):
        n, it = r["node"], r["item"]
        if kind.get(n) not in ("supplier", "plant", "warehouse"):
            errs.append("inventory:%d: %s cannot stock" % (k, n))
        if it not in items:
            errs.append("inventory:%d: unknown item %s" % (k, it))
        if (n, it) in stock:
            errs.append("inventory:%d: duplicate row for %s %s" % (k, n, it))
        stock[(n, it)] = r
        pol = r["policy"]
        s, S, Q = num("inventory", r, "s"), num("inventory", r, "S"), num("inventory", r, "Q")
        for c in ("review_days", "safety_days", "window", "alpha", "initial"):
            num("inventory", r, c)
        if pol == "base_stock" and S is None or pol == "sS" and (s is None or S is None or S < s) \
                or pol == "sQ" and (s is None or not Q) \
                or pol == "forecast_out" and (r["safety_days"] == "" or r["forecast"] not in ("ma", "es")):
            errs.append("inventory:%d: incomplete %s policy" % (k, pol))
        if pol not in ("base_stock", "sS", "sQ", "forecast_out"):
            errs.append("inventory:%d: bad policy %s" % (k, pol))
        for src in [r["source"]] + list(filter(None, r["backups"].split(";"))):
            if src not in node_ids:
                errs.append("inventory:%d: unknown source %s" % (k, src))
                continue
            if src == n:
                if kind[n] != "plant" or bom.get(n, (None,))[0] != it:
                    errs.append("inventory:%d: %s does not make %s" % (k, n, it))
                continue
            if kind[src] not in ("supplier", "plant"):
                errs.append("inventory:%d: source %s is a %s" % (k, src, kind[src]))
            p = route(src, n)
            if p is None:
                errs.append("inventory:%d: no lanes from %s to %s" % (k, src, n))
                continue
            mids = [l["to"] for l in p[:-1]]
            if any(kind[m] != "port" for m in mids):
                errs.append("inventory:%d: route %s passes through a non-port node" % (k, describe(p)))
            modes = [l["mode"] for l in p]
            vias = [l["via"] for l in p if l["via"]]
            if "air" in modes or any("cape" in v for v in vias):
                errs.append("inventory:%d: cheapest route %s is by air or via the Cape" % (k, describe(p)))
            routes.append((n, it, src, "%.2f" % sum(float(l["cost_per_unit"]) for l in p),
                           "%.1f" % sum(float(l["transit_days"]) for l in p), describe(p)))
    for plant, (out_item, inputs) in bom.items():
        if (plant, out_item) not in stock or stock[(plant, out_item)]["source"] != plant:
            errs.append("inventory: plant %s lacks its output row for %s" % (plant, out_item))
        for i in inputs:
            if (plant, i) not in stock:
                errs.append("inventory: plant %s lacks a row for input %s" % (plant, i))
    for n in node_ids:
        if kind[n] == "warehouse" and not any(k[0] == n for k in stock):
            errs.append("inventory: warehouse %s stocks nothing" % n)
    # demand: every market served, by a warehouse with a lane into it
    total = 0.0
    order = [(r["node"], r["item"]) for r in T["inventory"]]
    serving = {}
    for r in T["demand"]:
        m, it = r["market"], r["item"]
        if kind.get(m) != "market":
            errs.append("demand: %s is not a market" % m)
        mean = num("demand", r, "mean_per_day", True) or 0.0
        total += mean
        cv = num("demand", r, "cv")
        if r["dist"] not in ("poisson", "normal", "negbin"):
            errs.append("demand: bad dist %s" % r)
        if r["dist"] in ("normal", "negbin") and cv is None:
            errs.append("demand: %s needs cv" % r)
        if r["dist"] == "negbin" and cv is not None and cv * cv * mean <= 1:
            errs.append("demand: negbin needs cv^2*mean > 1: %s" % r)
        amp = num("demand", r, "season_amplitude")
        if amp is not None and amp > 1:
            errs.append("demand: amplitude above 1 %s" % r)
        num("demand", r, "season_peak_day")
        num("demand", r, "price")
        num("demand", r, "patience_days")
        servers = [n for (n, i) in order if i == it and any(l[2] == m for l in adj.get(n, []))]
        if not servers:
            errs.append("demand: market %s item %s has no stocking node with a lane into it" % (m, it))
        serving[(m, it)] = servers
    for r in T["experiment"]:
        if r["key"] not in ("horizon_days", "warmup_days", "replications", "seed", "routing"):
            errs.append("experiment: unexpected key %s" % r["key"])
    if os.path.exists(os.path.join(out, "lane_paths.csv")):
        lane_ids = {r["id"] for r in T["lanes"]}
        with open(os.path.join(out, "lane_paths.csv"), newline="") as f:
            rows = list(csv.reader(f))
        if rows[0] != ["lane", "seq", "lat", "lon"]:
            errs.append("lane_paths: bad header")
        for r in rows[1:]:
            if r[0] not in lane_ids:
                errs.append("lane_paths: unknown lane %s" % r[0])
                break
        sea = {r["id"] for r in T["lanes"] if r["mode"] == "sea"}
        if sea - {r[0] for r in rows[1:]}:
            errs.append("lane_paths: sea lanes without a path: %s" % sorted(sea - {r[0] for r in rows[1:]}))
    for extra in ("shocks.csv", "mitigations.csv"):
        if os.path.exists(os.path.join(out, extra)):
            errs.append("%s should not be in this bundle" % extra)
    summary = dict(nodes=len(node_ids), lanes=len(T["lanes"]), items=len(items), actors=len(actors),
                   total_demand=total, routes=routes, serving=serving,
                   by_kind={k: sum(1 for v in kind.values() if v == k) for k in set(kind.values())},
                   by_mode={m: sum(1 for r in T["lanes"] if r["mode"] == m) for m in ("sea", "air", "rail", "road")})
    return errs, summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--no-paths", action="store_true", help="do not write lane_paths.csv")
    ap.add_argument("--check-only", action="store_true", help="check the existing files, write nothing")
    ap.add_argument("-v", "--verbose", action="store_true", help="print distances, routes and stock sizing")
    a = ap.parse_args()
    if not a.check_only:
        b = build(a.data, not a.no_paths)
        write_bundle(a.out, b)
        if a.verbose:
            print("sea distances (lane, origin, dest, banned, nm, via, source):")
            for r in b["distance_log"]:
                print("  %-24s %s %s %-24s %6.0f %-40s %s" % r)
            print("stock sizing (node, item, source, demand/day, lead time, review):")
            for r in b["sizing_log"]:
                print("  %-15s %-10s %-15s %6.1f %5.1f %4.1f" % r)
    errs, s = check(a.out)
    if a.verbose:
        print("cheapest routes (node, item, source, cost, transit, path):")
        for r in s["routes"]:
            print("  %-15s %-10s %-15s %5s %5s  %s" % r)
        print("market servers (primary first):")
        for k, v in sorted(s["serving"].items()):
            print("  %-12s %-10s %s" % (k[0], k[1], ", ".join(v)))
    print("asia_eu: %d actors, %d nodes %s, %d lanes %s, %d items, end demand %.0f units/day"
          % (s["actors"], s["nodes"], dict(sorted(s["by_kind"].items())), s["lanes"],
             s["by_mode"], s["items"], s["total_demand"]))
    for e in errs:
        print("CHECK FAILED: " + e, file=sys.stderr)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
