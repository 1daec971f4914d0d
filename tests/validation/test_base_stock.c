/*
 * Validation: a warehouse with base-stock level S, Poisson demand of rate
 * lambda, a fixed replenishment lead time L and full backlogging.  The
 * outstanding orders at any moment are the demand of the last L days,
 * D ~ Poisson(lambda L), so (PASTA):
 *   fill rate     = P(D <= S - 1)
 *   mean backlog  = E[(D - S)+]
 * The lead time is a supplier with no production time and a lane with
 * deterministic transit L; the statistics come from /arms/baseline/nodes.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "../check.h"
#include "harness.h"

static double expected_backlog(double m, int S)
{
    /* E[(D - S)+] = m - S + sum_{k<S} (S - k) P(D = k) */
    double e = m - S;
    for (int k = 0; k < S; k++)
        e += (S - k) * gsl_ran_poisson_pdf((unsigned)k, m);
    return e;
}

static int setting_no;

static void check_setting(double lambda, double lead, int S)
{
    char lanes[512], demand[256], inv[256];
    snprintf(lanes, sizeof lanes,
             "id,from,to,mode,carrier,transit_days\n"
             "in,sup,wh,road,firm,%.17g\n"
             "last,wh,mkt,road,firm,0\n",
             lead);
    snprintf(demand, sizeof demand, "market,item,mean_per_day,dist\nmkt,x,%.17g,poisson\n", lambda);
    snprintf(inv, sizeof inv, "node,item,policy,source,S\nwh,x,base_stock,sup,%d\n", S);
    char experiment[256];
    snprintf(experiment, sizeof experiment, "key,value\n%s\nreplications,40\nseed,%d\n",
             "horizon_days,3000\nwarmup_days,100", 1000 + ++setting_no);
    vt_file files[] = {
        {"actors.csv", "id,name\nfirm,Firm\n"},
        {"nodes.csv", "id,kind,actor,lat,lon\nsup,supplier,firm,10,100\n"
                      "wh,warehouse,firm,51,6\nmkt,market,firm,52,7\n"},
        {"items.csv", "id,unit_value\nx,1\n"},
        {"lanes.csv", lanes},
        {"demand.csv", demand},
        {"inventory.csv", inv},
        {"experiment.csv", experiment},
    };
    int nf = (int)(sizeof files / sizeof *files);
    char *dir = vt_write_bundle(files, nf);
    char h5[512];
    sc_scenario *sc = vt_run(dir, h5, sizeof h5);
    double x[64], mean, half;
    double m = lambda * lead;

    int n = vt_read_node_field(h5, sc, "wh", "fill_rate", x, 64);
    CHECK_INT(n, 40);
    vt_ci(x, n, &mean, &half);
    double fill = gsl_cdf_poisson_P((unsigned)(S - 1), m);
    printf("lambda=%g L=%g S=%d: fill rate %.5f +- %.5f, theory %.5f\n", lambda, lead, S, mean,
           half, fill);
    CHECK(fabs(mean - fill) <= half);
    CHECK(half < 0.02);

    n = vt_read_node_field(h5, sc, "wh", "mean_backlog", x, 64);
    vt_ci(x, n, &mean, &half);
    double back = expected_backlog(m, S);
    printf("lambda=%g L=%g S=%d: mean backlog %.5f +- %.5f, theory %.5f\n", lambda, lead, S, mean,
           half, back);
    CHECK(fabs(mean - back) <= half);
    CHECK(half < 0.2 * back);

    sc_scenario_free(sc);
    vt_remove_bundle(dir, files, nf, h5);
}

int main(void)
{
    check_setting(5, 4, 22);  /* lambda L = 20 */
    check_setting(2, 10, 20); /* lambda L = 20, slower demand */
    check_setting(10, 2, 24); /* lambda L = 20, faster demand */
    check_setting(3, 5, 12);  /* lambda L = 15, scarce stock */
    return sc_check_report("test_base_stock");
}
