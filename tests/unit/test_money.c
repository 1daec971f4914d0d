/*
 * Port fees and shortage penalties (docs/model.md, "Money flows") on a
 * deterministic chain worked out by hand: a supplier (no capacity limit, no
 * production time) ships to a warehouse over a 5-day sea lane to a port of
 * one berth with no handling time, then a road lane of no transit; the
 * market takes exactly 10 units at the start of every day from the
 * base-stock warehouse (S = 60).  Each day's demand orders 10 units, which
 * reach the port 5 days later: over 100 days, the orders of days 0 to 94
 * are berthed, 950 units.  With the supplier down on days 20-40 the
 * warehouse runs dry and some demand waits: the penalty is charged on
 * exactly the units not served on time, and their days of waiting (backlog
 * days) add up to the area under the warehouse's backlog.
 */
#include <math.h>
#include <stdlib.h>

#include "../check.h"
#include "../validation/harness.h"
#include "world.h"

static const vt_file chain[] = {
    {"actors.csv", "id,name\ns,Supplier\np,Port\nr,Retailer\nc,Carrier\n"},
    {"nodes.csv", "id,kind,actor,lat,lon,berths,handle_days,port_fee_per_unit\n"
                  "sup,supplier,s,10,100,,,\nport,port,p,50,4,1,0,2.5\n"
                  "wh,warehouse,r,50,5,,,\nmkt,market,r,51,6,,,\n"},
    {"items.csv", "id,unit_value\nx,1\n"},
    {"lanes.csv", "id,from,to,mode,carrier,transit_days\nsea,sup,port,sea,c,5\n"
                  "road,port,wh,road,c,0\nlast,wh,mkt,road,c,0\n"},
    {"demand.csv", "market,item,mean_per_day,cv,dist,penalty_per_unit\nmkt,x,10,0,normal,7\n"},
    {"inventory.csv", "node,item,policy,source,S\nwh,x,base_stock,sup,60\n"},
    {"shocks.csv", "id,kind,target,start_day,duration_days,severity\n"
                   "outage,node_outage,node:sup,20,20,1\n"},
};
enum { SUPPLIER, PORT, RETAILER, CARRIER };

static sc_world *run(const sc_scenario *sc, bool outage)
{
    sc_world *w = sc_world_alloc(sc, sc->shocks, sc->n_shocks);
    bool on[1] = {outage};
    sc_world_reset(w, 1, 0, 100, 0, on, NULL);
    CHECK(sc_world_run(w));
    return w;
}

int main(void)
{
    int nf = (int)(sizeof chain / sizeof *chain);
    char *dir = vt_write_bundle(chain, nf);
    sc_scenario *sc = NULL;
    sc_diags d = {0};
    if (sc_scenario_load(dir, &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        return 1;
    }
    sc_diags_free(&d);

    /* Calm: 950 units berthed, every customer served at once. */
    sc_world *w = run(sc, false);
    CHECK_NEAR(w->ledger[RETAILER][SC_LEDGER_PORT_FEES], 2.5 * 950, 1e-9);
    CHECK_NEAR(w->ledger[PORT][SC_LEDGER_PORT_FEE_INCOME], 2.5 * 950, 1e-9);
    CHECK_NEAR(w->ledger[SUPPLIER][SC_LEDGER_PORT_FEES], 0, 0);
    CHECK_NEAR(w->demands[0].on_time, w->demands[0].demanded, 0);
    CHECK_NEAR(w->ledger[RETAILER][SC_LEDGER_PENALTIES], 0, 0);
    CHECK_NEAR(w->demands[0].late, 0, 0);
    double calm_profit = 0;
    for (int a = 0; a < sc->n_actors; a++)
        calm_profit += sc_ledger_income(w->ledger[a]) - sc_ledger_costs(w->ledger[a]);
    sc_world_free(w);

    /* The outage: some demand waits, and each such unit costs 7. */
    w = run(sc, true);
    double late = w->demands[0].demanded - w->demands[0].on_time;
    CHECK(late > 0);
    CHECK_NEAR(w->ledger[RETAILER][SC_LEDGER_PENALTIES], 7 * late, 1e-9);
    CHECK_NEAR(w->ledger[PORT][SC_LEDGER_PENALTIES], 0, 0);
    /* The orders of the outage wait at the supplier and sail when it ends,
     * long before the horizon: the same 950 units are berthed. */
    CHECK_NEAR(w->ledger[PORT][SC_LEDGER_PORT_FEE_INCOME], 2.5 * 950, 1e-9);
    CHECK_NEAR(w->ledger[RETAILER][SC_LEDGER_PORT_FEES], 2.5 * 950, 1e-9);
    double profit = 0;
    for (int a = 0; a < sc->n_actors; a++)
        profit += sc_ledger_income(w->ledger[a]) - sc_ledger_costs(w->ledger[a]);
    /* the penalty is the only money the outage adds or removes here (the
     * same goods are bought, shipped and sold, only later) */
    CHECK_NEAR(profit, calm_profit - 7 * late, 1e-6);
    /* Backlog days: every late unit is served before the horizon, so the
     * units served late are the units not served on time, and their days
     * of waiting add up to the area under the warehouse's backlog (Little). */
    const sc_demand_state *ds = &w->demands[0];
    CHECK_NEAR(ds->late, late, 1e-9);
    CHECK(ds->late_days > 0);
    CHECK_NEAR(ds->late_days, sc_ta_area(&w->stocks[0].backlog_avg, 100), 1e-6);
    sc_world_free(w);

    sc_scenario_free(sc);
    vt_remove_bundle(dir, chain, nf, NULL);
    return sc_check_report("test_money");
}
