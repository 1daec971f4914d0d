/*
 * Poisson customers follow their rate λ(t) = mean · season(t) · surge(t)
 * (docs/model.md, "Markets"): on one market of 200 customers a day, the
 * number of customers over a window is Poisson with mean ∫ λ, so each count
 * must lie within 5 standard deviations of it.  Three bundles, each with
 * one cause alone, because any of them turns thinning on for the others:
 * a drop to half (a demand_surge of severity 0.5), a surge to double, and a
 * season of amplitude 0.5.  With the shock on, the days before the onset
 * must match the shock-free twin exactly (common random numbers).
 */
#include <math.h>
#include <stdlib.h>

#include "../check.h"
#include "../validation/harness.h"
#include "world.h"

#define MEAN 200.0
#define DAYS 365

static const char *network[][2] = {
    {"actors.csv", "id,name\nf,Firm\n"},
    {"nodes.csv", "id,kind,actor,lat,lon\nsup,supplier,f,10,100\nwh,warehouse,f,50,5\n"
                  "mkt,market,f,51,6\n"},
    {"items.csv", "id,unit_value\nx,1\n"},
    {"lanes.csv",
     "id,from,to,mode,carrier,transit_days\nin,sup,wh,road,f,1\nlast,wh,mkt,road,f,0\n"},
    {"inventory.csv", "node,item,policy,source,S\nwh,x,base_stock,sup,1000\n"},
};
enum { N_NETWORK = sizeof network / sizeof *network };

/* Loads the network with this demand row and shock list (NULL: none). */
static sc_scenario *load(const char *demand, const char *shocks)
{
    vt_file files[N_NETWORK + 2];
    int n = 0;
    for (int i = 0; i < N_NETWORK; i++)
        files[n++] = (vt_file){network[i][0], network[i][1]};
    files[n++] = (vt_file){"demand.csv", demand};
    if (shocks) files[n++] = (vt_file){"shocks.csv", shocks};
    char *dir = vt_write_bundle(files, n);
    sc_scenario *sc = NULL;
    sc_diags d = {0};
    if (sc_scenario_load(dir, &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        exit(1);
    }
    sc_diags_free(&d);
    vt_remove_bundle(dir, files, n, NULL);
    return sc;
}

/* Runs replication 0 with the bundle's shock on or off; demand per day into
 * day[] (caller's, DAYS long). */
static void run(const sc_scenario *sc, bool shock_on, double *day)
{
    sc_world *w = sc_world_alloc(sc, sc->shocks, sc->n_shocks);
    CHECK(w != NULL);
    bool on[1] = {shock_on};
    sc_world_reset(w, 11, 0, DAYS, 0, sc->n_shocks ? on : NULL, NULL);
    CHECK(sc_world_run(w));
    for (int d = 0; d < DAYS; d++)
        day[d] = w->demand_day[d];
    sc_world_free(w);
}

static double count(const double *day, int from, int to)
{
    double n = 0;
    for (int d = from; d < to; d++)
        n += day[d];
    return n;
}

/* The count over [from, to) is within 5 sd of its Poisson mean. */
static void expect_count(const double *day, int from, int to, double mean, const char *what)
{
    double n = count(day, from, to);
    if (fabs(n - mean) > 5 * sqrt(mean))
        fprintf(stderr, "%s: %g customers on days [%d, %d), expected %g +- %g\n", what, n, from, to,
                mean, 5 * sqrt(mean));
    CHECK(fabs(n - mean) <= 5 * sqrt(mean));
}

static void expect_same_before(const double *a, const double *b, int onset, const char *what)
{
    for (int d = 0; d < onset; d++)
        if (a[d] != b[d]) {
            fprintf(stderr, "%s: day %d differs from the twin before the onset\n", what, d);
            CHECK(0);
            return;
        }
    CHECK(1);
}

/* A shock of `severity` on days [100, 200): the window holds severity
 * times the customers, the days around it the plain rate. */
static void test_shock(double severity, const char *what)
{
    char shocks[256];
    snprintf(
        shocks, sizeof shocks,
        "id,kind,target,start_day,duration_days,severity\ns,demand_surge,node:mkt,100,100,%g\n",
        severity);
    sc_scenario *sc = load("market,item,mean_per_day,dist\nmkt,x,200,poisson\n", shocks);
    double on[DAYS], off[DAYS];
    run(sc, true, on);
    run(sc, false, off);
    expect_count(on, 0, 100, 100 * MEAN, what);
    expect_count(on, 100, 200, 100 * MEAN * severity, what);
    expect_count(on, 200, DAYS, (DAYS - 200) * MEAN, what);
    expect_count(off, 100, 200, 100 * MEAN, what);
    expect_same_before(on, off, 100, what);
    sc_scenario_free(sc);
}

/* season(t) = 1 + A cos(2π (t - peak) / 365): ∫ λ over [a, b). */
static double seasonal_mean(double amp, double a, double b)
{
    double k = 6.283185307179586 / 365; /* 2π a year */
    return MEAN * ((b - a) + amp / k * (sin(k * b) - sin(k * a)));
}

static void test_season(void)
{
    sc_scenario *sc = load("market,item,mean_per_day,dist,season_amplitude,season_peak_day\n"
                           "mkt,x,200,poisson,0.5,0\n",
                           NULL);
    double day[DAYS];
    run(sc, false, day);
    for (int q = 0; q < 4; q++) {
        int a = q * 91, b = q == 3 ? DAYS : (q + 1) * 91;
        expect_count(day, a, b, seasonal_mean(0.5, a, b), "season");
    }
    sc_scenario_free(sc);
}

int main(void)
{
    test_shock(0.5, "drop to half");
    test_shock(2, "surge to double");
    test_shock(0.1, "drop to a tenth");
    test_season();
    return sc_check_report("test_demand_rate");
}
