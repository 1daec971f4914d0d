/*
 * Flexible scheduling (b-d): backup sourcing, expediting by air and
 * transshipment between sister warehouses.  Each acts on the stocking points
 * a mitigation of its kind covers.
 *  - backup_sourcing: when the primary source is known down (the node shut,
 *    or a lane of its route known down, see reroute.c) for switch_days, new
 *    orders go to the first backup (backups column) that is up, paying a
 *    premium of `premium` x unit value per unit to its owner; as soon as the
 *    primary is up again, orders go back to it.
 *  - expedite_air: while on-hand stock covers fewer than threshold_days of
 *    recent demand, orders from the primary source travel by the fastest
 *    route (air, where the scenario has it) at that route's freight.
 *  - transshipment: a warehouse with a backlog takes up to half the on-hand
 *    stock of a sister warehouse of the same firm that has none, arriving
 *    transit_days later at cost_per_unit (booked as freight).
 */
#include <math.h>

#include "policy/inventory.h"
#include "world.h"

static bool route_open(const sc_world *w, const sc_path *p)
{
    for (int i = 0; i < p->n_lanes; i++)
        if (sc_known_down_lane(w, p->lanes[i])) return false;
    return true;
}

static bool same_route(const sc_path *a, const sc_path *b)
{
    if (a->n_lanes != b->n_lanes) return false;
    for (int i = 0; i < a->n_lanes; i++)
        if (a->lanes[i] != b->lanes[i]) return false;
    return true;
}

int sc_sourcing_route(sc_world *w, int k)
{
    const sc_stock *def = &w->sc->stocks[k];
    sc_stock_state *st = &w->stocks[k];
    int m = st->mit[SC_MIT_BACKUP];
    if (m >= 0 && def->n_backups > 0) {
        bool down = sc_known_down_node(w, def->source) || !route_open(w, &def->path);
        if (!down) {
            st->down_since = NAN;
        } else {
            if (isnan(st->down_since)) st->down_since = w->now;
            if (w->now - st->down_since >= w->sc->mitigations[m].p[0])
                for (int b = 0; b < def->n_backups; b++)
                    if (!sc_known_down_node(w, def->backups[b]) &&
                        route_open(w, &def->backup_paths[b]))
                        return SC_ROUTE_BACKUP + b;
        }
    }
    int e = st->mit[SC_MIT_EXPEDITE];
    if (e >= 0 && def->fast_path.n_lanes > 0 && !same_route(&def->fast_path, &def->path)) {
        double f = sc_policy_recent_demand(w, k);
        if (f > 0 && st->on_hand < w->sc->mitigations[e].p[0] * f) return SC_ROUTE_FAST;
    }
    return SC_ROUTE_NORMAL;
}

void sc_transship(sc_world *w, int k)
{
    const sc_scenario *sc = w->sc;
    sc_stock_state *st = &w->stocks[k];
    int m = st->mit[SC_MIT_TRANSSHIP];
    double need = st->backlog - st->transship_in;
    int node = sc->stocks[k].node, actor = sc->nodes[node].actor;
    if (m < 0 || need < 1 || sc->nodes[node].kind != SC_WAREHOUSE) return;
    for (int j = 0; j < sc->n_stocks && need >= 1; j++) {
        int other = sc->stocks[j].node;
        sc_stock_state *sj = &w->stocks[j];
        if (j == k || sc->stocks[j].item != sc->stocks[k].item ||
            sc->nodes[other].kind != SC_WAREHOUSE || sc->nodes[other].actor != actor ||
            sc_node_down(w, other) || sj->backlog > 0)
            continue;
        double x = floor(fmin(need, sj->on_hand / 2));
        if (x < 1) continue;
        sj->on_hand -= x;
        sc_ta_set(&sj->inventory, w->now, sj->on_hand);
        st->transship_in += x;
        st->on_order += x;
        need -= x;
        sc_book(w, actor, SC_LEDGER_FREIGHT, x * sc->mitigations[m].p[1]);
        sc_schedule(w, w->now + sc->mitigations[m].p[0], w->stock_base + (uint32_t)k,
                    SC_EV_TRANSSHIP, 0, x);
    }
}
