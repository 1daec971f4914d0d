/*
 * Shocks: disruptions that hit the network during a replication.  Each row
 * of the shock list is an agent.  A scheduled shock starts at start_day; a
 * random one recurs as a Poisson process of rate_per_year.  Each occurrence
 * (an instance) lasts a random duration (duration_days, lognormal with
 * duration_cv, or fixed when the cv is 0).
 *
 * Effects are recomputed from scratch whenever an instance starts or ends,
 * from the rows with at least one instance in force (a row does not compound
 * with itself), and the agents whose conditions changed are told:
 *   node_outage         capacity x (1 - severity) on the node or region's
 *                       nodes: producers slow or stop, ports open fewer
 *                       berths, a fully shut node ships nothing
 *   lane_closure        no departures on the lane (or the chokepoint's lanes)
 *   chokepoint_closure  ships wait at the chokepoint's entrance
 *   transit_delay       + severity days on departures of a lane, or on
 *                       every passage of a chokepoint
 *   port_congestion     handling time x severity at the port(s)
 *   demand_surge        demand x severity at the market(s)
 *   cost_shock          freight x severity on lanes; on nodes or regions an
 *                       ad-valorem tariff of rate severity on goods received
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "world.h"

#include <gsl/gsl_randist.h>

bool sc_shock_covers_node(const sc_world *w, const sc_shock *s, int n)
{
    if (s->target_kind == SC_TARGET_NODE) return s->target == n;
    if (s->target_kind == SC_TARGET_REGION) return w->sc->nodes[n].region == s->target;
    return false;
}

bool sc_shock_covers_lane(const sc_world *w, const sc_shock *s, int l)
{
    const sc_lane *lane = &w->sc->lanes[l];
    if (s->target_kind == SC_TARGET_LANE) return s->target == l;
    if (s->target_kind == SC_TARGET_CHOKEPOINT)
        for (int j = 0; j < lane->n_via; j++)
            if (lane->via[j] == s->target) return true;
    return false;
}

static void apply(sc_world *w, const sc_shock *s)
{
    const sc_scenario *sc = w->sc;
    double sev = s->severity;
    switch (s->kind) {
    case SC_SHOCK_NODE_OUTAGE:
    case SC_SHOCK_PORT_CONGESTION:
    case SC_SHOCK_DEMAND_SURGE:
        for (int n = 0; n < sc->n_nodes; n++) {
            if (!sc_shock_covers_node(w, s, n)) continue;
            sc_node_effects *fx = &w->node_fx[n];
            if (s->kind == SC_SHOCK_NODE_OUTAGE)
                fx->capacity *= 1 - (sev < 1 ? sev : 1);
            else if (s->kind == SC_SHOCK_PORT_CONGESTION)
                fx->handling *= sev;
            else
                fx->demand *= sev;
        }
        break;
    case SC_SHOCK_CHOKEPOINT_CLOSURE:
        w->chokepoints[s->target].closed++;
        break;
    case SC_SHOCK_TRANSIT_DELAY:
        if (s->target_kind == SC_TARGET_CHOKEPOINT) {
            w->chokepoints[s->target].extra_days += sev; /* on each passage */
            break;
        }
        for (int l = 0; l < sc->n_lanes; l++) /* a lane's delay applies at departure */
            if (sc_shock_covers_lane(w, s, l)) w->lane_fx[l].extra_days += sev;
        break;
    case SC_SHOCK_LANE_CLOSURE:
        for (int l = 0; l < sc->n_lanes; l++)
            if (sc_shock_covers_lane(w, s, l)) w->lane_fx[l].closed++;
        break;
    case SC_SHOCK_COST_SHOCK:
        for (int l = 0; l < sc->n_lanes; l++)
            if (sc_shock_covers_lane(w, s, l)) w->lane_fx[l].cost *= sev;
        for (int n = 0; n < sc->n_nodes; n++)
            if (sc_shock_covers_node(w, s, n)) w->node_fx[n].tariff += sev;
        break;
    }
}

/* Recomputes every effect from the instances in force and tells the agents
 * whose conditions changed. */
static void update_effects(sc_world *w)
{
    const sc_scenario *sc = w->sc;
    memcpy(w->old_node_fx, w->node_fx, (size_t)sc->n_nodes * sizeof *w->node_fx);
    memcpy(w->old_lane_fx, w->lane_fx, (size_t)sc->n_lanes * sizeof *w->lane_fx);
    for (int c = 0; c < sc->n_chokepoints; c++)
        w->old_closed[c] = w->chokepoints[c].closed;
    for (int n = 0; n < sc->n_nodes; n++)
        w->node_fx[n] = sc_calm_node;
    for (int l = 0; l < sc->n_lanes; l++)
        w->lane_fx[l] = sc_calm_lane;
    for (int c = 0; c < sc->n_chokepoints; c++) {
        w->chokepoints[c].closed = 0;
        w->chokepoints[c].extra_days = 0;
    }
    memset(w->def_active, 0, (size_t)w->n_shocks * sizeof *w->def_active);
    for (int i = 0; i < w->n_instances; i++)
        if (w->instances[i].active) w->def_active[w->instances[i].def] = true;
    w->calm = true;
    for (int k = 0; k < w->n_shocks; k++)
        if (w->def_active[k]) {
            apply(w, &w->shocks[k]);
            w->calm = false;
        }

    for (int n = 0; n < sc->n_nodes; n++) {
        double was = w->old_node_fx[n].capacity, now = w->node_fx[n].capacity;
        if (was == now) continue;
        sc_node_kind kind = sc->nodes[n].kind;
        if (kind == SC_SUPPLIER || kind == SC_PLANT) sc_producer_capacity_changed(w, n, was);
        if (kind == SC_PORT) sc_port_capacity_changed(w, n);
        if (was <= 0 && now > 0) sc_stock_node_reopened(w, n);
    }
    for (int l = 0; l < sc->n_lanes; l++)
        if (w->old_lane_fx[l].closed > 0 && w->lane_fx[l].closed == 0) sc_lane_reopened(w, l);
    for (int c = 0; c < sc->n_chokepoints; c++)
        if (w->old_closed[c] > 0 && w->chokepoints[c].closed == 0) sc_chokepoint_reopened(w, c);
}

static double next_gap(sc_world *w, uint32_t agent, const sc_shock *s)
{
    return gsl_ran_exponential(sc_rng(w, agent, SC_RNG_TIME), 365.0 / s->rate_per_year);
}

static void shock_start(sc_world *w, uint32_t agent)
{
    int k = (int)(agent - w->shock_base);
    if (!w->shock_on[k]) return;
    const sc_shock *s = &w->shocks[k];
    double t = isnan(s->start_day) ? next_gap(w, agent, s) : s->start_day;
    if (t > w->horizon) return;
    sc_warning_consider(w, agent, k, t);
    sc_schedule(w, t, agent, SC_EV_SHOCK_START, 0, 0);
}

static void begin(sc_world *w, uint32_t agent)
{
    int k = (int)(agent - w->shock_base);
    const sc_shock *s = &w->shocks[k];
    if (w->n_instances == w->cap_instances) {
        int cap = w->cap_instances ? 2 * w->cap_instances : 16;
        sc_shock_instance *grown = realloc(w->instances, (size_t)cap * sizeof *grown);
        if (!grown) {
            w->failed = true;
            return;
        }
        w->instances = grown;
        w->cap_instances = cap;
    }
    int i = w->n_instances++;
    double d =
        sc_duration_sample_cv(sc_rng(w, agent, SC_RNG_QTY), s->duration_days, s->duration_cv);
    w->instances[i] = (sc_shock_instance){k, w->now, w->now + d, true};
    update_effects(w);
    sc_learning_onset(w, i);
    sc_schedule(w, w->now + d, agent, SC_EV_SHOCK_END, (uint32_t)i, 0);
    if (!isnan(s->start_day)) return;
    double next = w->now + next_gap(w, agent, s);
    if (next > w->horizon) return;
    sc_warning_consider(w, agent, k, next);
    sc_schedule(w, next, agent, SC_EV_SHOCK_START, 0, 0);
}

static void shock_handle(sc_world *w, const sc_event *ev)
{
    if (ev->type == SC_EV_SHOCK_START) {
        begin(w, ev->target);
        return;
    }
    w->instances[ev->arg].active = false;
    update_effects(w);
}

const sc_agent_type sc_shock_type = {"shock", shock_start, shock_handle};
