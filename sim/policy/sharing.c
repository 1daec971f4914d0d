/*
 * Coordinated response: information sharing and pooled capacity.
 *  - info_sharing: a covered stocking point forecasts from the end-customer
 *    demand that flows through it (every market its stock reaches down the
 *    chain of stocked sources), seen delay_days late, instead of from the
 *    orders of its own customers: this damps the bullwhip effect (Chen,
 *    Drezner, Ryan & Simchi-Levi 2000).
 *  - pooled_warehouse: the target warehouse is shared: when a market's own
 *    stocking point cannot fill a demand from stock, the pooled warehouse
 *    fills what it can from its stock, if it has a lane into that market.
 */
#include "world.h"

double *sc_demand_signal(const sc_world *w, int k, int *lag_days)
{
    int m = w->stocks[k].mit[SC_MIT_SHARING];
    if (m < 0) {
        *lag_days = 0;
        return w->stock_demand;
    }
    *lag_days = (int)w->sc->mitigations[m].p[0];
    return w->stock_shared;
}

double sc_pooled_serve(sc_world *w, int i, double qty)
{
    const sc_demand *dm = &w->sc->demands[i];
    double served = 0;
    for (int j = 0; j < dm->n_others && served < qty; j++) {
        int o = dm->others[j];
        const sc_stock_state *so = &w->stocks[o];
        if (so->mit[SC_MIT_POOLED] < 0 || sc_stock_down(w, o) || so->on_hand < 1) continue;
        double x = qty - served < so->on_hand ? qty - served : so->on_hand;
        served +=
            sc_stock_demand(w, o, (sc_dest){SC_DEST_MARKET, (uint32_t)i, SC_ROUTE_OTHER + j}, x);
    }
    return served;
}
