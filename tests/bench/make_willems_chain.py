#!/usr/bin/env python3
"""Writes a synthetic chain in the simplified Willems format (willems_NN.csv).

The shape of chain 38 of Willems (2008), the data set's largest (2,025
stages, 16,225 arcs: 820 Part, 87 Manuf, 559 Trans, 559 Retail, depth 3), by
default: every Retail stage is fed by one Trans stage, every Trans stage by
one Manuf stage, and the remaining arcs join Part stages to Manuf stages.
Deterministic from --seed.

usage: make_willems_chain.py [--parts N] [--manuf N] [--trans N] [--arcs N] [--seed S] OUT.csv
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", type=int, default=820)
    ap.add_argument("--manuf", type=int, default=87)
    ap.add_argument("--trans", type=int, default=559, help="also the number of Retail stages")
    ap.add_argument("--arcs", type=int, default=16225)
    ap.add_argument("--seed", type=int, default=38)
    ap.add_argument("out")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    bom_arcs = a.arcs - 2 * a.trans
    if bom_arcs < a.manuf or bom_arcs > a.parts * a.manuf:
        ap.error("--arcs leaves %d Part->Manuf arcs for %d Manuf stages" % (bom_arcs, a.manuf))
    parts = ["Part_%04d" % (k + 1) for k in range(a.parts)]
    manuf = ["Manuf_%04d" % (k + 1) for k in range(a.manuf)]
    # Spread the Part->Manuf arcs evenly, each Manuf with distinct parts.
    ups = {m: [] for m in manuf}
    per = [bom_arcs // a.manuf + (1 if k < bom_arcs % a.manuf else 0) for k in range(a.manuf)]
    for m, n in zip(manuf, per):
        ups[m] = rng.sample(parts, n)
    rows = []
    for p in parts:
        rows.append("%s,%g,,%g,2,,," % (p, rng.choice([2, 4, 6, 8, 10]), round(rng.uniform(1, 150), 2)))
    for m in manuf:
        pairs = ",".join("%s,1" % p for p in ups[m])
        rows.append("%s,%g,,%g,2,,,,%s" % (m, rng.choice([4, 6, 8, 10]), round(rng.uniform(1, 150), 2), pairs))
    for k in range(a.trans):
        t = "Trans_%04d" % (k + 1)
        rows.append("%s,%g,,0.5,2,,,,%s,1" % (t, rng.choice([1, 2, 3]), manuf[k % a.manuf]))
    for k in range(a.trans):
        mean = round(rng.uniform(1, 50), 1)
        rows.append("Retail_%04d,0,0,0,,%g,%g,1.645,Trans_%04d,1" % (k + 1, mean, round(mean * rng.uniform(0.1, 1), 2), k + 1))
    with open(a.out, "w") as f:
        f.write("stage_id,lead_time,max_s_time,cost_rate,risk_pool,ext_demand_mean,ext_demand_std,ext_demand_thres,up_stages\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
