/* Inventory policy decisions (see inventory.h). */
#include "policy/inventory.h"

#include <math.h>

double sc_policy_lead_time(const sc_scenario *sc, int k)
{
    const sc_stock *s = &sc->stocks[k];
    double lt = s->source_stock < 0 ? sc->nodes[s->source].prod_days : 0;
    for (int i = 0; i < s->path.n_lanes; i++)
        lt += sc->lanes[s->path.lanes[i]].transit_days;
    return lt;
}

double sc_policy_recent_demand(sc_world *w, int k)
{
    int today = (int)w->now < w->n_days ? (int)w->now : w->n_days;
    int from = today - 28 < 0 ? 0 : today - 28;
    double sum = 0;
    for (int d = from; d < today; d++)
        sum += *sc_stock_day(w, w->stock_demand, k, d);
    return today > from ? sum / (today - from) : 0;
}

/* The total of the demand signal k forecasts from: units ordered from it, or
 * with information sharing the end demand through it, delay_days late. */
static double signal_total(const sc_world *w, int k)
{
    const sc_stock_state *st = &w->stocks[k];
    int lag;
    double *daily = sc_demand_signal(w, k, &lag);
    if (daily == w->stock_demand) return st->demand_total;
    if (lag <= 0) return st->shared_total;
    double sum = 0;
    for (int d = 0; d < (int)floor(w->now) - lag + 1 && d < w->n_days; d++)
        sum += *sc_stock_day(w, daily, k, d);
    return sum;
}

void sc_policy_observe(sc_world *w, int k)
{
    const sc_stock *def = &w->sc->stocks[k];
    sc_stock_state *st = &w->stocks[k];
    double total = signal_total(w, k), v = total - st->last_total;
    st->last_total = total;
    if (!st->reviewed) { /* the first review closes no period */
        st->reviewed = true;
        return;
    }
    st->forecast = st->n_periods == 0 ? v : def->alpha * v + (1 - def->alpha) * st->forecast;
    st->periods[st->period_head] = v;
    st->period_head = (st->period_head + 1) % def->window;
    if (st->n_periods < def->window) st->n_periods++;
}

double sc_policy_forecast(sc_world *w, int k)
{
    const sc_stock *def = &w->sc->stocks[k];
    sc_stock_state *st = &w->stocks[k];
    if (def->review_days > 0) { /* per review period, as Chen et al. time it */
        if (st->n_periods == 0) return 0;
        if (def->forecast == SC_FORECAST_ES) return st->forecast / def->review_days;
        double sum = 0;
        for (int i = 0; i < st->n_periods; i++)
            sum += st->periods[i];
        return sum / st->n_periods / def->review_days;
    }
    /* Continuous review: from the complete days. */
    int lag;
    double *signal = sc_demand_signal(w, k, &lag);
    int today = (int)w->now - lag;
    if (today > w->n_days) today = w->n_days;
    if (today <= 0) return 0;
    if (def->forecast == SC_FORECAST_ES) {
        for (; st->forecast_days < today; st->forecast_days++) {
            double d = *sc_stock_day(w, signal, k, st->forecast_days);
            st->forecast =
                st->forecast_days == 0 ? d : def->alpha * d + (1 - def->alpha) * st->forecast;
        }
        return st->forecast;
    }
    int from = today - def->window < 0 ? 0 : today - def->window;
    double sum = 0;
    for (int d = from; d < today; d++)
        sum += *sc_stock_day(w, signal, k, d);
    return sum / (today - from);
}

double sc_policy_order_qty(sc_world *w, int k)
{
    const sc_stock *def = &w->sc->stocks[k];
    const sc_stock_state *st = &w->stocks[k];
    /* Early warning and learning raise the targets (warning.c, learning.c). */
    double extra = sc_learned_target(w, k) + (w->now < st->boost_until ? st->boost : 0);
    double ip = st->on_hand + st->on_order - st->backlog - extra;
    switch (def->policy) {
    case SC_BASE_STOCK:
        return ip < def->S ? def->S - ip : 0;
    case SC_SS:
        return ip <= def->s ? def->S - ip : 0;
    case SC_SQ:
        return ip <= def->s ? def->Q * (floor((def->s - ip) / def->Q) + 1) : 0;
    case SC_FORECAST_OUT: {
        double f = sc_policy_forecast(w, k);
        double level = f * (sc_policy_lead_time(w->sc, k) + def->review_days + def->safety_days);
        return ip < level ? level - ip : 0;
    }
    }
    return 0;
}
