/*
 * Coalition values by simulation (sim/allocation/coalitions.c) on the
 * five-actor chain tests/data/share_chain, checked against what they must
 * be by construction and against an independent run of the same arms:
 *  - v(empty) = 0; an actor owning no mitigation alone gains exactly 0; the
 *    actor that owns nothing and trades nothing is a null player (v(S + it)
 *    = v(S) for every S), so its Shapley value is 0;
 *  - v(N) equals the mean paired difference of system profit between the
 *    arm with every mitigation and the arm with none, as the experiment
 *    driver reports it (metrics.profit, a separate path from the ledgers);
 *  - common random numbers: the CI of v(N) is narrower than the CI of the
 *    mitigated arm's profit itself;
 *  - every efficient rule and both contracts add up to v(N);
 *  - the funding set reported for each rule is a best response for every
 *    owner, and replicator probabilities stay in [0, 1];
 *  - one and two threads give the same values, bit for bit.
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "../validation/harness.h"
#include "sctwin/coalitions.h"
#include "sctwin/stats.h"

#define BUNDLE "../../tests/data/share_chain"
#define REPS 6

static int arm_named(const sc_scenario *sc, const char *name)
{
    for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
        if (!strcmp(sc_scenario_arm_name(sc, a), name)) return (int)a;
    return -1;
}

static sc_coalitions *study(const sc_scenario *sc, int threads, sc_results **res)
{
    char err[256];
    sc_coalitions *c = NULL;
    CHECK(sc_coalitions_plan(sc, arm_named(sc, "share"), &c, err, sizeof err) == SC_OK);
    if (!c) return NULL;
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    cfg.replications = REPS;
    cfg.threads = threads;
    CHECK(sc_coalitions_run(c, &cfg, res) == SC_OK);
    return c;
}

static int actor_named(const sc_game *g, const char *name)
{
    for (int i = 0; i < sc_game_actors(g); i++)
        if (!strcmp(sc_game_name(g, i), name)) return i;
    return -1;
}

static void check_values(const sc_coalitions *c, const sc_results *res)
{
    const sc_game *g = sc_coalitions_game(c);
    sc_coalition grand = sc_game_grand(g), owners = sc_coalitions_owners(c);
    int observer = actor_named(g, "observer");
    CHECK(observer >= 0);
    CHECK(sc_game_value(g, 0) == 0);
    for (int i = 0; i < sc_game_actors(g); i++)
        if (!(owners >> i & 1)) CHECK(sc_game_value(g, (sc_coalition)1 << i) == 0);
    for (sc_coalition s = 0; s <= grand; s++)
        if (!(s >> observer & 1))
            CHECK_NEAR(sc_game_value(g, s | (sc_coalition)1 << observer), sc_game_value(g, s),
                       1e-9);

    /* The driver's own system profit, arm of every mitigation minus none. */
    int all = sc_coalitions_set_of(c, grand), none = sc_coalitions_set_of(c, 0);
    double diff = 0;
    for (int r = 0; r < REPS; r++)
        diff += res->metrics[all * REPS + r].profit - res->metrics[none * REPS + r].profit;
    double vn = sc_game_value(g, grand), lo, hi;
    CHECK_NEAR(vn, diff / REPS, 1e-6 * (1 + fabs(vn)));
    sc_coalitions_value_ci(c, grand, &lo, &hi);
    sc_summary profit;
    size_t off = 0;
    for (int f = 0; f < sc_metric_field_count; f++)
        if (!strcmp(sc_metric_fields[f].name, "profit")) off = sc_metric_fields[f].offset;
    CHECK(sc_summarise_metric(res, all, off, &profit) == 0);
    printf("v(N) = %.1f [%.1f, %.1f]; profit of the mitigated arm %.1f [%.1f, %.1f]\n", vn, lo, hi,
           profit.mean, profit.ci_lo, profit.ci_hi);
    CHECK(lo <= vn && vn <= hi);
    CHECK(hi - lo < profit.ci_hi - profit.ci_lo);
}

static void check_rules(const sc_coalitions *c)
{
    const sc_game *g = sc_coalitions_game(c);
    int n = sc_game_actors(g), observer = actor_named(g, "observer");
    double vn = sc_game_value(g, sc_game_grand(g));
    double x[SC_GAME_MAX_ACTORS], hw[SC_GAME_MAX_ACTORS], y[SC_GAME_MAX_ACTORS];
    for (int r = 0; r < SC_RULE_COUNT; r++) {
        sc_rule_choice rule = {(sc_rule)r, r == SC_RULE_COST_SHARING ? 0.5 : 0.2};
        CHECK(sc_coalitions_allocate_ci(c, rule, x, hw) == SC_OK);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += x[i];
        if (r != SC_RULE_STANDALONE) CHECK_NEAR(sum, vn, 1e-6 * (1 + fabs(vn)));
        if (r == SC_RULE_SHAPLEY) CHECK_NEAR(x[observer], 0, 1e-9);

        /* The reported funders: no owner gains by switching. */
        sc_coalition f;
        bool fixed;
        CHECK(sc_coalitions_funding(c, rule, &f, &fixed) == SC_OK);
        for (int i = 0; fixed && i < n; i++) {
            if (!(sc_coalitions_owners(c) >> i & 1)) continue;
            sc_coalition other = f ^ (sc_coalition)1 << i;
            CHECK(sc_coalitions_allocate(c, rule, f, -1, x) == SC_OK);
            CHECK(sc_coalitions_allocate(c, rule, other, -1, y) == SC_OK);
            bool funds = f >> i & 1;
            CHECK(funds ? x[i] > y[i] : x[i] >= y[i]);
        }
        double p[11 * SC_GAME_MAX_ACTORS];
        int conv;
        CHECK(sc_coalitions_replicator(c, rule, 10, p, &conv) == SC_OK);
        int k = __builtin_popcount(sc_coalitions_owners(c));
        for (int j = 0; j < 11 * k; j++)
            CHECK(p[j] >= 0 && p[j] <= 1);
    }
}

/* A candidate of info_sharing needs its data owners too: here maker owns
 * both candidates and shop, which owns none, holds the sales data.  The
 * sets are none ({}, {shop}), maker_warning ({maker}) and both ({maker,
 * shop}): three, more than 2^(owners) (it overflowed the set tables).
 * Planning only, no simulation. */
static const vt_file data_owner_bundle[] = {
    {"actors.csv", "id,name\nparts,Parts\nmaker,Maker\nshop,Shop\n"},
    {"nodes.csv", "id,kind,actor,lat,lon\nsup,supplier,parts,10,100\ndcm,warehouse,maker,20,90\n"
                  "wh,warehouse,shop,50,5\nmkt,market,shop,51,6\n"},
    {"items.csv", "id,unit_value\nx,1\n"},
    {"lanes.csv", "id,from,to,mode,carrier,transit_days\na,sup,dcm,road,parts,1\n"
                  "b,dcm,wh,sea,maker,10\nc,wh,mkt,road,shop,0\n"},
    {"demand.csv", "market,item,mean_per_day,dist\nmkt,x,10,poisson\n"},
    {"inventory.csv", "node,item,policy,source,S\ndcm,x,base_stock,sup,100\n"
                      "wh,x,base_stock,dcm,150\n"},
    {"shocks.csv", "id,kind,target,start_day,duration_days,severity\n"
                   "out,node_outage,node:sup,100,20,1\n"},
    {"mitigations.csv", "id,kind,owner,cost_per_year,target,params\n"
                        "maker_sharing,info_sharing,maker,1000,,\n"
                        "maker_warning,early_warning,maker,1000,,cover_days=7\n"},
    {"experiment.csv", "key,value\nhorizon_days,200\narms,none;share\narm:none,out\n"
                       "arm:share,out;maker_sharing;maker_warning\nshare_arm,share\n"},
};

static void test_data_owner_sets(void)
{
    int nf = (int)(sizeof data_owner_bundle / sizeof *data_owner_bundle);
    char *dir = vt_write_bundle(data_owner_bundle, nf);
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    if (sc_scenario_load(dir, &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        CHECK(0);
    } else {
        char err[256];
        sc_coalitions *c = NULL;
        CHECK(sc_coalitions_plan(sc, arm_named(sc, "share"), &c, err, sizeof err) == SC_OK);
        if (c) {
            CHECK_INT(sc_coalitions_set_count(c), 3);
            /* actors in file order: parts 1, maker 2, shop 4 */
            CHECK_STR(sc_coalitions_set_name(c, sc_coalitions_set_of(c, 0)), "none");
            CHECK_STR(sc_coalitions_set_name(c, sc_coalitions_set_of(c, 4)), "none");
            CHECK_STR(sc_coalitions_set_name(c, sc_coalitions_set_of(c, 2)), "maker_warning");
            CHECK_STR(sc_coalitions_set_name(c, sc_coalitions_set_of(c, 6)),
                      "maker_sharing+maker_warning");
            CHECK_STR(sc_coalitions_set_name(c, sc_coalitions_set_of(c, 7)),
                      "maker_sharing+maker_warning");
        }
        sc_coalitions_free(c);
    }
    sc_diags_free(&d);
    sc_scenario_free(sc);
    vt_remove_bundle(dir, data_owner_bundle, nf, NULL);
}

int main(void)
{
    test_data_owner_sets();
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    if (sc_scenario_load(BUNDLE, &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        return 1;
    }
    sc_diags_free(&d);
    sc_results *r1 = NULL, *r2 = NULL;
    sc_coalitions *c1 = study(sc, 1, &r1), *c2 = study(sc, 2, &r2);
    if (c1 && c2 && r1 && r2) {
        check_values(c1, r1);
        check_rules(c1);
        const sc_game *g1 = sc_coalitions_game(c1), *g2 = sc_coalitions_game(c2);
        for (sc_coalition s = 0; s <= sc_game_grand(g1); s++)
            CHECK(memcmp(&(double){sc_game_value(g1, s)}, &(double){sc_game_value(g2, s)},
                         sizeof(double)) == 0);
    }
    sc_results_free(r1);
    sc_results_free(r2);
    sc_coalitions_free(c1);
    sc_coalitions_free(c2);
    sc_scenario_free(sc);
    return sc_check_report("test_coalitions");
}
