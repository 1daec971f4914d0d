/*
 * Validation: a port fed by Poisson arrivals with exponential handling and c
 * berths is an M/M/c queue, so its mean wait for a berth must match Erlang C:
 *   Wq = C(c, a) / (c mu - lambda),  a = lambda / mu.
 * The arrivals are produced by the model itself, not injected: a Poisson
 * market behind a continuous-review base-stock warehouse orders one unit per
 * customer from a supplier with unlimited capacity and no lead time, and each
 * order travels as its own shipment (departure_every_days = 0, deterministic
 * transit) to the port.  The wait comes from /arms/baseline/nodes.
 */
#include "../check.h"
#include "harness.h"

static double erlang_c_wait(double lambda, double mu, int c)
{
    double a = lambda / mu, rho = a / c, term = 1, sum = 0;
    for (int k = 0; k < c; k++) {
        sum += term; /* a^k / k! */
        term *= a / (k + 1);
    }
    double top = term / (1 - rho); /* a^c / c! / (1 - rho) */
    double prob_wait = top / (sum + top);
    return prob_wait / (c * mu - lambda);
}

static int setting_no;

static void check_setting(double lambda, double mu, int c, int horizon, int warmup)
{
    char nodes[1024], demand[256];
    snprintf(nodes, sizeof nodes,
             "id,kind,actor,lat,lon,berths,handle_days,handle_dist\n"
             "sup,supplier,firm,10,100,,,\n"
             "port,port,firm,50,5,%d,%.17g,exponential\n"
             "wh,warehouse,firm,51,6,,,\n"
             "mkt,market,firm,52,7,,,\n",
             c, 1 / mu);
    snprintf(demand, sizeof demand, "market,item,mean_per_day,dist\nmkt,x,%.17g,poisson\n", lambda);
    char experiment[256];
    snprintf(experiment, sizeof experiment,
             "key,value\nhorizon_days,%d\nwarmup_days,%d\nreplications,40\nseed,%d\n", horizon,
             warmup, 1000 + ++setting_no);
    vt_file files[] = {
        {"actors.csv", "id,name\nfirm,Firm\n"},
        {"nodes.csv", nodes},
        {"items.csv", "id,unit_value\nx,1\n"},
        {"lanes.csv", "id,from,to,mode,carrier,transit_days\n"
                      "sea,sup,port,sea,firm,1\n"
                      "road,port,wh,road,firm,0\n"
                      "last,wh,mkt,road,firm,0\n"},
        {"demand.csv", demand},
        {"inventory.csv", "node,item,policy,source,S\nwh,x,base_stock,sup,50\n"},
        {"experiment.csv", experiment},
    };
    int nf = (int)(sizeof files / sizeof *files);
    char *dir = vt_write_bundle(files, nf);
    char h5[512];
    sc_scenario *sc = vt_run(dir, h5, sizeof h5);
    double w[64], mean, half;
    int n = vt_read_node_field(h5, sc, "port", "wait_days", w, 64);
    CHECK_INT(n, 40);
    vt_ci(w, n, &mean, &half);
    double theory = erlang_c_wait(lambda, mu, c);
    printf("M/M/%d lambda=%g mu=%g rho=%.3f: simulated Wq %.5f +- %.5f days, Erlang C %.5f\n", c,
           lambda, mu, lambda / (c * mu), mean, half, theory);
    CHECK(fabs(mean - theory) <= half);
    /* The interval must be informative, not so wide that anything passes. */
    CHECK(half < 0.1 * theory);
    sc_scenario_free(sc);
    vt_remove_bundle(dir, files, nf, h5);
}

int main(void)
{
    /* Heavier loads relax more slowly from the empty start: longer warm-up. */
    check_setting(4, 5, 1, 2500, 300);     /* rho = 0.80 */
    check_setting(8, 3, 3, 2500, 300);     /* rho = 0.89 */
    check_setting(18, 5, 4, 3000, 600);    /* rho = 0.90, heavily loaded */
    check_setting(9.5, 1, 10, 6000, 1500); /* rho = 0.95, many berths */
    return sc_check_report("test_mmc_port");
}
