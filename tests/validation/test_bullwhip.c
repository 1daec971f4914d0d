/*
 * Validation: the bullwhip effect of order-up-to policies with moving-average
 * forecasts (Chen, Drezner, Ryan & Simchi-Levi, Management Science 46(3),
 * 2000).  A retailer reviews daily and orders up to L x (its p-day moving
 * average of demand); with i.i.d. demand its orders vary more than demand by
 *     Var(q) / Var(D) = 1 + 2L/p + 2L^2/p^2.
 * In the model the multiplier of the forecast is lead time + review period
 * + safety days (policy forecast_out), so a lane of L - 1 days, daily review
 * and no safety days give L.  Demand is normal with mean 100 and cv 0.1, so
 * orders are never negative (the formula assumes they could be).
 *
 * Two stages: with information sharing the warehouse upstream forecasts from
 * end demand, and its amplification grows additively,
 *     1 + 2(L1 + L2)/p + 2(L1 + L2)^2/p^2,
 * instead of multiplicatively (Chen et al.'s centralized-information case);
 * without sharing it is larger, above that bound.
 */
#include "../check.h"
#include "harness.h"

static double chen(double L, double p)
{
    return 1 + 2 * L / p + 2 * L * L / (p * p);
}

/* Per-replication ratios Var(orders at `node`) / Var(end demand) of `arm`. */
static int ratios(const char *h5, const sc_scenario *sc, const char *arm, const char *node,
                  double *out, int max)
{
    double o[64], d[64];
    int n = vt_read_arm_node_field(h5, sc, arm, node, "orders_var", o, max);
    vt_read_arm_node_field(h5, sc, arm, "retail", "demand_var", d, max);
    for (int r = 0; r < n; r++)
        out[r] = o[r] / d[r];
    return n;
}

static void check_chain(int L1, int L2, int p)
{
    char lanes[512], inv[512], exp[256];
    snprintf(lanes, sizeof lanes,
             "id,from,to,mode,carrier,transit_days\n"
             "up,sup,dc,road,f,%d\ndown,dc,retail,road,f,%d\nlast,retail,mkt,road,f,0\n",
             L2 - 1, L1 - 1);
    /* The retailer is listed first so that it reviews first each day: the
     * warehouse then sees that day's order (Chen et al.'s timing). */
    snprintf(inv, sizeof inv,
             "node,item,policy,source,review_days,safety_days,forecast,window,initial\n"
             "retail,x,forecast_out,dc,1,0,ma,%d,%d\n"
             "dc,x,forecast_out,sup,1,0,ma,%d,%d\n",
             p, 100 * (L1 + 2), p, 100 * (L2 + 2));
    /* Each setting its own seed: settings sharing one would share their
     * errors too. */
    snprintf(exp, sizeof exp,
             "key,value\nhorizon_days,1500\nwarmup_days,100\nreplications,40\nseed,%d\n"
             "arms,none;sharing\narm:none,\narm:sharing,share\n",
             2000 + 100 * L1 + 10 * L2 + p);
    vt_file files[] = {
        {"actors.csv", "id,name\nf,Firm\n"},
        {"nodes.csv", "id,kind,actor,lat,lon\nsup,supplier,f,10,100\ndc,warehouse,f,40,10\n"
                      "retail,warehouse,f,50,5\nmkt,market,f,51,6\n"},
        {"items.csv", "id,unit_value\nx,1\n"},
        {"lanes.csv", lanes},
        {"demand.csv", "market,item,mean_per_day,cv,dist\nmkt,x,100,0.1,normal\n"},
        {"inventory.csv", inv},
        {"mitigations.csv", "id,kind,owner,cost_per_year,target\nshare,info_sharing,f,0,dc\n"},
        {"experiment.csv", exp},
    };
    int nf = (int)(sizeof files / sizeof *files);
    char *dir = vt_write_bundle(files, nf);
    char h5[512];
    sc_scenario *sc = vt_run(dir, h5, sizeof h5);
    double x[64], mean, half;

    int n = ratios(h5, sc, "none", "retail", x, 64);
    CHECK_INT(n, 40);
    vt_ci(x, n, &mean, &half);
    double one = chen(L1, p);
    printf("stage 1, L=%d p=%d: Var(q)/Var(D) = %.4f +- %.4f, theory %.4f\n", L1, p, mean, half,
           one);
    CHECK(fabs(mean - one) <= half);
    CHECK(half < 0.05 * one);

    n = ratios(h5, sc, "sharing", "dc", x, 64);
    vt_ci(x, n, &mean, &half);
    double additive = chen(L1 + L2, p);
    printf("stage 2 with sharing, L1=%d L2=%d p=%d: %.4f +- %.4f, additive %.4f\n", L1, L2, p, mean,
           half, additive);
    CHECK(fabs(mean - additive) <= half);

    double shared = mean, shared_half = half;
    n = ratios(h5, sc, "none", "dc", x, 64);
    vt_ci(x, n, &mean, &half);
    double product = chen(L1, p) * chen(L2, p);
    printf("stage 2 without sharing: %.4f +- %.4f, multiplicative bound %.4f\n", mean, half,
           product);
    CHECK(mean - half > shared + shared_half); /* sharing damps the bullwhip */
    CHECK(mean + half >= product);             /* at least the multiplicative bound */

    sc_scenario_free(sc);
    vt_remove_bundle(dir, files, nf, h5);
}

int main(void)
{
    check_chain(2, 2, 5);
    check_chain(4, 3, 10);
    check_chain(5, 2, 8);
    return sc_check_report("test_bullwhip");
}
