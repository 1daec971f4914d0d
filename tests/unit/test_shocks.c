/*
 * Shocks on a deterministic chain whose response can be worked out by hand:
 * a supplier (100 units/day, no lead time) feeds a base-stock warehouse
 * (S = 200, continuous review) over a 10-day lane through a canal at its
 * midpoint; the market takes exactly 10 units at the start of every day.
 * An order of day d arrives at d + 10.1, so just before each day's demand 10
 * orders (100 units) are in the pipeline and 100 units are on hand: every
 * day is served in full until a shock starves the warehouse.  Each case checks, day by day, when
 * on-time service stops and starts again, and that the run matches its
 * shock-free twin exactly before the onset (common random numbers).
 */
#include <math.h>
#include <stdlib.h>

#include "../check.h"
#include "../validation/harness.h"
#include "world.h"

static const vt_file chain[] = {
    {"actors.csv", "id,name\nf,Firm\nc,Carrier\n"},
    {"nodes.csv", "id,kind,actor,lat,lon,capacity_per_day\nsup,supplier,f,10,100,100\n"
                  "wh,warehouse,f,50,5,\nmkt,market,f,51,6,\n"},
    {"items.csv", "id,unit_value\nx,1\n"},
    {"lanes.csv", "id,from,to,mode,carrier,transit_days,via,cost_per_unit\n"
                  "long,sup,wh,sea,c,10,canal,2\nlast,wh,mkt,road,c,0,,0\n"},
    {"demand.csv", "market,item,mean_per_day,cv,dist\nmkt,x,10,0,normal\n"},
    {"inventory.csv", "node,item,policy,source,S\nwh,x,base_stock,sup,200\n"},
    {"shocks.csv", "id,kind,target,start_day,duration_days,severity\n"
                   "outage,node_outage,node:sup,50,30,1\n"
                   "canal,chokepoint_closure,chokepoint:canal,30,20,1\n"
                   "delay,transit_delay,lane:long,100,10,15\n"
                   "surge,demand_surge,node:mkt,150,5,2\n"
                   "freight,cost_shock,lane:long,0,1000,3\n"},
};
enum { OUTAGE, CANAL, DELAY, SURGE, FREIGHT, N_SHOCKS };

static sc_scenario *sc;
static double twin[200];

/* Runs the chain with only shock k on; returns the world (caller frees). */
static sc_world *run_with(int k)
{
    sc_world *w = sc_world_alloc(sc, sc->shocks, sc->n_shocks);
    bool on[N_SHOCKS] = {0};
    if (k >= 0) on[k] = true;
    sc_world_reset(w, 1, 0, 200, 0, k >= 0 ? on : NULL, NULL);
    CHECK(sc_world_run(w));
    return w;
}

/* served[d] == want for d in [from, to). */
static void expect_served(const sc_world *w, int from, int to, double want, const char *what)
{
    for (int d = from; d < to; d++)
        if (w->served_day[d] != want) {
            fprintf(stderr, "%s: day %d served %g, expected %g\n", what, d, w->served_day[d], want);
            CHECK(w->served_day[d] == want);
            return;
        }
    CHECK(1);
}

static void expect_twin_before(const sc_world *w, int onset, const char *what)
{
    for (int d = 0; d < onset; d++)
        if (w->served_day[d] != twin[d]) {
            fprintf(stderr, "%s: day %d differs from the twin before the onset\n", what, d);
            CHECK(0);
            return;
        }
    CHECK(1);
}

static void test_twin(void)
{
    sc_world *w = run_with(-1);
    for (int d = 0; d < 200; d++)
        twin[d] = w->served_day[d];
    expect_served(w, 0, 200, 10, "no shock");
    CHECK_INT(w->n_instances, 0);
    sc_world_free(w);
}

/* Production stops on days 50-80.  The day-49 order still arrives at 59.1,
 * so 100 units are on hand before day 60's demand: days 60-69 use them up,
 * and from day 70 nothing is served on time; the first order made after the
 * outage is done at 80.1 and arrives at 90.1, into a backlog. */
static void test_outage(void)
{
    sc_world *w = run_with(OUTAGE);
    CHECK_INT(w->n_instances, 1);
    CHECK_NEAR(w->instances[0].onset, 50, 0);
    CHECK_NEAR(w->instances[0].end, 80, 0);
    expect_twin_before(w, 50, "outage");
    expect_served(w, 50, 70, 10, "outage, stock lasts");
    expect_served(w, 70, 91, 0, "outage, starved");
    sc_world_free(w);
}

/* The canal closes on days 30-50.  Ships reach it 5 days after leaving (at
 * day + 5.1): those of days 25-44 wait and all arrive at 55.0, before day
 * 55's demand (they were scheduled first).  The last ship through (day 24's)
 * arrives at 34.1: the stock lasts through day 44, days 45-54 are starved. */
static void test_canal(void)
{
    sc_world *w = run_with(CANAL);
    expect_twin_before(w, 30, "canal");
    expect_served(w, 30, 45, 10, "canal, stock lasts");
    expect_served(w, 45, 55, 0, "canal, starved");
    CHECK(w->served_day[55] == 10);
    sc_world_free(w);
}

/* Departures of days 100-109 take 15 days more: nothing arrives between
 * the day-99 order (109.1) and the day-100 order (125.1); the 100 units on
 * hand cover days 110-119, days 120-125 are starved. */
static void test_delay(void)
{
    sc_world *w = run_with(DELAY);
    expect_twin_before(w, 100, "delay");
    expect_served(w, 100, 120, 10, "delay, stock lasts");
    expect_served(w, 120, 126, 0, "delay, starved");
    sc_world_free(w);
}

/* Demand doubles on days 150-154 (the batch of each day is drawn with twice
 * the mean), and returns to 10 after. */
static void test_surge(void)
{
    sc_world *w = run_with(SURGE);
    expect_twin_before(w, 150, "surge");
    for (int d = 150; d < 155; d++)
        CHECK_NEAR(w->demand_day[d], 20, 0);
    CHECK_NEAR(w->demand_day[155], 10, 0);
    sc_world_free(w);
}

/* Freight on the long lane costs 3x for the whole run; goods move exactly as
 * in the twin, so the carrier earns exactly 6 instead of 2 per unit. */
static void test_freight(void)
{
    sc_world *t = run_with(-1), *w = run_with(FREIGHT);
    double base = t->ledger[1][SC_LEDGER_FREIGHT_INCOME];
    CHECK(base > 0);
    CHECK_NEAR(w->ledger[1][SC_LEDGER_FREIGHT_INCOME], 3 * base, 1e-9 * base);
    CHECK_NEAR(w->ledger[0][SC_LEDGER_FREIGHT], 3 * t->ledger[0][SC_LEDGER_FREIGHT], 1e-9 * base);
    for (int d = 0; d < 200; d++)
        CHECK(w->served_day[d] == t->served_day[d]);
    sc_world_free(t);
    sc_world_free(w);
}

int main(void)
{
    int nf = (int)(sizeof chain / sizeof *chain);
    char *dir = vt_write_bundle(chain, nf);
    sc_diags d = {0};
    if (sc_scenario_load(dir, &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        return 1;
    }
    sc_diags_free(&d);
    test_twin();
    test_outage();
    test_canal();
    test_delay();
    test_surge();
    test_freight();
    sc_scenario_free(sc);
    vt_remove_bundle(dir, chain, nf, NULL);
    return sc_check_report("test_shocks");
}
