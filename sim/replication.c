/* Closing the books and measuring a finished replication (see replication.h). */
#include "replication.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const sc_ledger_column_names[SC_LEDGER_COLUMNS] = {
    "sales", "b2b_sales", "freight_income", "purchases",       "freight",   "holding",
    "fixed", "tariffs",   "mitigation",     "port_fee_income", "port_fees", "penalties"};

/* Variance (n - 1 denominator) of x[from..to). */
/* Sample variance of x[from * stride], x[(from + 1) * stride], ... up to
 * index `to`, excluded (stride 1: an array; n_stocks: a stock's column of a
 * day-major series). */
static double variance(const double *x, size_t stride, int from, int to)
{
    int n = to - from;
    if (n < 2) return NAN;
    double mean = 0, m2 = 0;
    for (int i = from; i < to; i++) {
        double v = x[(size_t)i * stride];
        double d = v - mean;
        mean += d / (i - from + 1);
        m2 += d * (v - mean);
    }
    return m2 / (n - 1);
}

double sc_ledger_income(const double *l)
{
    return l[SC_LEDGER_SALES] + l[SC_LEDGER_B2B_SALES] + l[SC_LEDGER_FREIGHT_INCOME] +
           l[SC_LEDGER_PORT_FEE_INCOME];
}

double sc_ledger_costs(const double *l)
{
    return l[SC_LEDGER_PURCHASES] + l[SC_LEDGER_FREIGHT] + l[SC_LEDGER_HOLDING] +
           l[SC_LEDGER_FIXED] + l[SC_LEDGER_TARIFFS] + l[SC_LEDGER_MITIGATION] +
           l[SC_LEDGER_PORT_FEES] + l[SC_LEDGER_PENALTIES];
}

static double actor_profit(const double *l)
{
    return sc_ledger_income(l) - sc_ledger_costs(l);
}

double sc_world_close_books(sc_world *w)
{
    const sc_scenario *sc = w->sc;
    double days = w->horizon - w->warmup;
    for (int k = 0; k < sc->n_stocks; k++) {
        const sc_item *it = &sc->items[sc->stocks[k].item];
        double unit_days = sc_ta_area(&w->stocks[k].inventory, w->horizon);
        w->ledger[sc->stocks[k].actor][SC_LEDGER_HOLDING] +=
            unit_days * it->unit_value * it->holding_rate_per_year / 365.0;
    }
    for (int n = 0; n < sc->n_nodes; n++)
        w->ledger[sc->nodes[n].actor][SC_LEDGER_FIXED] += sc->nodes[n].fixed_cost_per_day * days;
    for (int m = 0; m < sc->n_mitigations; m++)
        if (w->mit_on[m])
            w->ledger[sc->mitigations[m].owner][SC_LEDGER_MITIGATION] +=
                sc->mitigations[m].cost_per_year * days / 365.0;
    double profit = 0;
    for (int a = 0; a < sc->n_actors; a++)
        profit += actor_profit(w->ledger[a]);
    return profit;
}

static sc_node_stats empty_stats(void)
{
    return (sc_node_stats){NAN, NAN, NAN, NAN, NAN, NAN, NAN};
}

/* Stocking nodes: sums over the node's stocking points, variances of the
 * node's daily totals. */
static void stock_node_stats(sc_world *w, int node, sc_node_stats *ns, double *orders,
                             double *demand, int d0)
{
    double demanded = 0, filled = 0, inv = 0, back = 0;
    bool any = false;
    memset(orders, 0, (size_t)w->n_days * sizeof *orders);
    memset(demand, 0, (size_t)w->n_days * sizeof *demand);
    for (int j = w->node_stocks_at[node]; j < w->node_stocks_at[node + 1]; j++) {
        int k = w->node_stocks[j];
        const sc_stock_state *st = &w->stocks[k];
        const double *od = sc_stock_day(w, w->stock_orders, k, 0);
        const double *dd = sc_stock_day(w, w->stock_demand, k, 0);
        size_t stride = (size_t)w->sc->n_stocks;
        any = true;
        demanded += st->demanded;
        filled += st->filled_at_once;
        inv += sc_ta_mean(&st->inventory, w->horizon);
        back += sc_ta_mean(&st->backlog_avg, w->horizon);
        for (int d = d0; d < w->n_days; d++) {
            orders[d] += od[(size_t)d * stride];
            demand[d] += dd[(size_t)d * stride];
        }
    }
    if (!any) return;
    ns->fill_rate = demanded > 0 ? filled / demanded : NAN;
    ns->mean_inventory = inv;
    ns->mean_backlog = back;
    ns->orders_var = variance(orders, 1, d0, w->n_days);
    ns->demand_var = variance(demand, 1, d0, w->n_days);
}

bool sc_replication_collect(sc_world *w, sc_rep_metrics *m, sc_node_stats *nodes, double *ledger)
{
    const sc_scenario *sc = w->sc;
    double days = w->horizon - w->warmup;
    int d0 = (int)ceil(w->warmup);
    /* Only whole days inside the horizon enter daily variances. */
    int n_full = (int)floor(w->horizon);
    int saved_days = w->n_days;
    w->n_days = n_full < saved_days ? n_full : saved_days;
    double *orders = malloc(((size_t)saved_days + 1) * sizeof *orders);
    double *demand = malloc(((size_t)saved_days + 1) * sizeof *demand);
    if (!orders || !demand) {
        free(orders);
        free(demand);
        w->n_days = saved_days;
        return false;
    }
    sc_world_close_books(w);
    for (int n = 0; n < sc->n_nodes; n++) {
        const sc_node *nd = &sc->nodes[n];
        sc_node_stats *ns = &nodes[n];
        *ns = empty_stats();
        if (nd->kind == SC_PORT) {
            const sc_port_state *p = &w->ports[n];
            ns->wait_days = p->calls > 0 ? p->wait_sum / p->calls : NAN;
            ns->utilisation =
                days > 0 ? sc_ta_area(&p->busy_avg, w->horizon) / (nd->berths * days) : NAN;
        } else if (nd->kind == SC_SUPPLIER || nd->kind == SC_PLANT) {
            if (isfinite(nd->capacity_per_day) && days > 0)
                ns->utilisation = sc_ta_mean(&w->producers[n].busy, w->horizon);
        }
        stock_node_stats(w, n, ns, orders, demand, d0);
    }
    double demanded = 0, on_time = 0, lost = 0, late = 0, late_days = 0;
    for (int i = 0; i < sc->n_demands; i++) {
        const sc_demand_state *ds = &w->demands[i];
        demanded += ds->demanded;
        on_time += ds->on_time;
        lost += ds->lost;
        late += ds->late;
        late_days += ds->late_days;
    }
    for (int n = 0; n < sc->n_nodes; n++) {
        if (sc->nodes[n].kind != SC_MARKET) continue;
        double dm = 0, ot = 0;
        for (int j = w->market_demands_at[n]; j < w->market_demands_at[n + 1]; j++) {
            dm += w->demands[w->market_demands[j]].demanded;
            ot += w->demands[w->market_demands[j]].on_time;
        }
        nodes[n].fill_rate = dm > 0 ? ot / dm : NAN;
    }
    double bullwhip = NAN;
    for (int k = 0; k < sc->n_stocks; k++) {
        size_t stride = (size_t)sc->n_stocks;
        double vd = variance(sc_stock_day(w, w->stock_demand, k, 0), stride, d0, w->n_days);
        double vo = variance(sc_stock_day(w, w->stock_orders, k, 0), stride, d0, w->n_days);
        if (vd > 0 && (isnan(bullwhip) || vo / vd > bullwhip)) bullwhip = vo / vd;
    }
    w->n_days = saved_days;
    free(orders);
    free(demand);

    double revenue = 0, profit = 0, mitigation = 0;
    for (int a = 0; a < sc->n_actors; a++) {
        for (int c = 0; c < SC_LEDGER_COLUMNS; c++)
            ledger[a * SC_LEDGER_COLUMNS + c] = w->ledger[a][c];
        revenue += w->ledger[a][SC_LEDGER_SALES];
        mitigation += w->ledger[a][SC_LEDGER_MITIGATION];
        profit += actor_profit(w->ledger[a]);
    }
    *m = (sc_rep_metrics){
        .rep = (int32_t)w->rep,
        .seed = 0,
        .fill_rate = demanded > 0 ? on_time / demanded : NAN,
        .resistance = NAN, /* measured against the twin by the driver */
        .tts = NAN,
        .ttr = NAN,
        .recovery_level = NAN,
        .loss = NAN,
        .adaptation = NAN,
        .revenue = revenue,
        .cost = revenue - profit,
        .profit = profit,
        .lost_units = lost,
        .bullwhip = bullwhip,
        .mitigation_cost = mitigation,
        .profit_impact = NAN, /* against the twin, by the driver */
        .backlog_days = late > 0 ? late_days / late : NAN,
        .events = w->events,
    };
    return true;
}
