/*
 * Unit tests of the Willems import (sim/import/): the ragged CSV reader it
 * needs, the mapping of stages to roles, folded Trans stages, demand
 * pooling and base-stock levels worked out by hand, and the agreement of the
 * two formats on one chain (tests/data/willems/).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csv_table.h"
#include "import/willems.h"

static const char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/sc_test_willems_%s",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
    return path;
}

/* Ragged rows are padded, and the strict reader still refuses them. */
static void test_ragged(void)
{
    const char *p = write_tmp("ragged.csv", "a,b\n1\n1,2,3\n");
    sc_diags d = {0};
    sc_table t;
    CHECK_INT(sc_table_read_ragged(p, &t, &d), SC_OK);
    CHECK_INT(t.ncols, 3);
    CHECK_INT(t.nrows, 2);
    CHECK_STR(t.header[2], "");
    CHECK_STR(sc_table_cell(&t, 0, 1), "");
    CHECK_INT(t.cell_line[0 * 3 + 1], 2);
    CHECK_INT(t.cell_col[0 * 3 + 1], 2); /* just after the row's last field */
    CHECK_STR(sc_table_cell(&t, 1, 2), "3");
    CHECK_INT(t.cell_col[1 * 3 + 2], 5);
    sc_table_free(&t);
    CHECK_INT(sc_table_read(p, &t, &d), SC_ERR_INPUT);
    CHECK(d.n >= 1);
    sc_diags_free(&d);
    remove(p);
}

static int find_stage(const sc_chain *c, const char *name)
{
    for (int s = 0; s < c->n_stages; s++)
        if (strcmp(c->stages[s].name, name) == 0) return s;
    return -1;
}

static bool load(const char *path, sc_chain *c, sc_plan *p)
{
    sc_diags d = {0};
    sc_status st = sc_willems_read(path, SC_WILLEMS_AUTO, c, &d);
    if (st == SC_OK) st = sc_willems_plan(c, path, p, &d);
    sc_diags_print(&d, stderr);
    sc_diags_free(&d);
    CHECK_INT(st, SC_OK);
    return st == SC_OK;
}

/* Two Trans stages in series fold into one lane; risk_pool 1 adds the
 * deviations of downstream demand instead of their squares. */
static void test_folded_trans_and_pooling(void)
{
    const char *p = write_tmp(
        "serial.csv",
        "stage_id,lead_time,max_s_time,cost_rate,risk_pool,ext_demand_mean,ext_demand_std,"
        "ext_demand_thres,up_stages\n"
        "Part_0001,4,,3,1,,,\n"
        "Trans_0001,2,,0.5,2,,,,Part_0001,1\n"
        "Trans_0002,3,,0.25,2,,,,Trans_0001,1\n"
        "Retail_0001,1,0,0,,10,3,2.0,Trans_0002,1\n"
        "Retail_0002,0,0,0,,5,4,1.0,Part_0001,3\n");
    sc_chain c;
    sc_plan pl;
    if (!load(p, &c, &pl)) return;
    int part = find_stage(&c, "Part_0001"), t1 = find_stage(&c, "Trans_0001"),
        t2 = find_stage(&c, "Trans_0002"), r1 = find_stage(&c, "Retail_0001");
    CHECK_INT(pl.stages[part].role, SC_ROLE_SUPPLIER);
    CHECK_INT(pl.stages[t1].role, SC_ROLE_LANE);
    CHECK_INT(pl.stages[t2].role, SC_ROLE_LANE);
    CHECK_INT(pl.stages[t2].origin, part);
    CHECK_INT(pl.stages[r1].role, SC_ROLE_MARKET);
    CHECK_INT(pl.stages[part].depth, 3);
    CHECK_INT(pl.n_lanes, 2);
    CHECK_INT(pl.lanes[0].from, part);
    CHECK_INT(pl.lanes[0].to, r1);
    CHECK_NEAR(pl.lanes[0].transit, 2 + 3 + 1, 1e-12); /* both Trans stages and Retail's own day */
    /* mu = 10 + 3 x 5; sigma (p = 1) = 3 + 3 x 4; z = max(2, 1); L = 4:
     * S = 25 x 5 + 2 x 15 x sqrt(5). */
    CHECK_NEAR(pl.stages[part].mu, 25, 1e-12);
    CHECK_NEAR(pl.stages[part].sigma, 15, 1e-12);
    CHECK_NEAR(pl.stages[part].base_stock, 125 + 30 * sqrt(5), 1e-9);
    CHECK_INT(pl.n_stocks, 1);
    CHECK_INT(pl.n_demands, 2);
    CHECK_NEAR(pl.demands[1].mean, 15, 1e-12); /* 3 per unit of Retail_0002's 5 */
    CHECK_NEAR(pl.demands[1].sd, 12, 1e-12);
    CHECK_INT(pl.outage_stage, part); /* no plant: the busiest supplier */
    sc_plan_free(&pl);
    sc_chain_free(&c);
    remove(p);
}

/* A Dist stage joining two items is a plant; a supplier with demand of its
 * own gets a market node. */
static void test_join_and_supplier_demand(void)
{
    const char *p = write_tmp(
        "join.csv",
        "stage_id,lead_time,max_s_time,cost_rate,risk_pool,ext_demand_mean,ext_demand_std,"
        "ext_demand_thres,up_stages\n"
        "Part_0001,1,,1,2,,,\n"
        "Part_0002,1,,2,2,7,1,1.645\n"
        "Dist_0001,2,,1,2,,,,Part_0001,1,Part_0002,2\n"
        "Retail_0001,0,0,0,,5,1,1.645,Dist_0001,1\n");
    sc_chain c;
    sc_plan pl;
    if (!load(p, &c, &pl)) return;
    int p2 = find_stage(&c, "Part_0002"), dist = find_stage(&c, "Dist_0001");
    CHECK_INT(pl.stages[dist].role, SC_ROLE_PLANT);
    CHECK(pl.stages[p2].extra_market);
    CHECK_INT(pl.n_bom, 2);
    CHECK_NEAR(pl.stages[dist].unit_value, 1 + 1 + 2 * 2, 1e-12);
    CHECK_NEAR(pl.stages[p2].mu, 7 + 2 * 5, 1e-12);
    int market_lanes = 0;
    for (int k = 0; k < pl.n_lanes; k++)
        market_lanes += pl.lanes[k].to_market && pl.lanes[k].from == p2;
    CHECK_INT(market_lanes, 1);
    int own_demand = 0;
    for (int k = 0; k < pl.n_demands; k++)
        own_demand += pl.demands[k].at_market_node && pl.demands[k].market == p2;
    CHECK_INT(own_demand, 1);
    CHECK_INT(pl.n_dead_ends, 0); /* Part_0002 has demand; Retail_0001 too */
    sc_plan_free(&pl);
    sc_chain_free(&c);
    remove(p);
}

/* A stage that supplies nothing and has no demand is a dead end; a Trans
 * stage at the end of the chain is no lane (it has no downstream stage). */
static void test_dead_ends(void)
{
    const char *p = write_tmp(
        "dead.csv",
        "stage_id,lead_time,max_s_time,cost_rate,risk_pool,ext_demand_mean,ext_demand_std,"
        "ext_demand_thres,up_stages\n"
        "Part_0001,1,,1,2,,,\n"
        "Part_0002,1,,1,2,,,\n"
        "Trans_0001,2,,1,2,,,,Part_0001,1\n"
        "Retail_0001,0,0,0,,5,1,1.645,Part_0001,1\n");
    sc_chain c;
    sc_plan pl;
    if (!load(p, &c, &pl)) return;
    CHECK_INT(pl.n_dead_ends, 2);
    if (pl.n_dead_ends == 2) {
        CHECK_INT(pl.dead_ends[0], find_stage(&c, "Part_0002"));
        CHECK_INT(pl.dead_ends[1], find_stage(&c, "Trans_0001"));
        CHECK_INT(pl.stages[pl.dead_ends[1]].role, SC_ROLE_WAREHOUSE);
    }
    sc_plan_free(&pl);
    sc_chain_free(&c);
    remove(p);
}

/* The two formats of one chain: same roles, lanes and stocks. */
static void test_formats_agree(void)
{
    sc_chain a, b;
    sc_plan pa, pb;
    if (!load("../data/willems/chain_bom.csv", &a, &pa)) return;
    if (!load("../data/willems/chain_bom_flat.csv", &b, &pb)) return;
    CHECK_INT(a.n_stages, b.n_stages);
    CHECK_INT(pa.n_lanes, pb.n_lanes);
    CHECK_INT(pa.n_stocks, pb.n_stocks);
    for (int s = 0; s < a.n_stages; s++) {
        int t = find_stage(&b, a.stages[s].name);
        CHECK(t >= 0);
        if (t < 0) continue;
        CHECK_INT(pa.stages[s].role, pb.stages[t].role);
        CHECK_INT(pa.stages[s].depth, pb.stages[t].depth);
    }
    /* z = 1.645 vs Phi^-1(0.95) = 1.6448536: Dist_0001 differs by 0.0049. */
    int d = find_stage(&a, "Dist_0001"), e = find_stage(&b, "Dist_0001");
    CHECK_NEAR(pa.stages[d].base_stock, pb.stages[e].base_stock, 0.01);
    CHECK_NEAR(pb.stages[e].z, 1.6448536, 1e-6);
    sc_plan_free(&pa);
    sc_plan_free(&pb);
    sc_chain_free(&a);
    sc_chain_free(&b);
}

int main(void)
{
    test_ragged();
    test_folded_trans_and_pooling();
    test_join_and_supplier_demand();
    test_dead_ends();
    test_formats_agree();
    return sc_check_report("test_willems");
}
