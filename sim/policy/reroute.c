/*
 * Flexible scheduling (a): rerouting.  What is known to be down: a node shut
 * by an outage, a closed lane or chokepoint, or one an early warning has
 * announced.  A reroute mitigation covers the shipments its owner pays for
 * and those on lanes its owner operates.
 *  - Before a covered shipment takes its next lane, if any lane left on its
 *    route is known down (the lane, a chokepoint on it, or a port at either
 *    end), the shipper compares two estimates of the time to destination:
 *    its route, waiting wherever it would arrive while a known closure is
 *    in force (until its known or announced end), and the best route over
 *    lanes with nothing known down (by the scenario's routing criterion).
 *    It takes the other route only when that is faster.  An early warning
 *    thus lets shippers avoid a closure before it starts, and only when it
 *    pays: a ship that would pass before the onset keeps its route.
 *  - A covered ship reaching a closed chokepoint diverts when the best open
 *    route between its lane's two ends is shorter than the closure still to
 *    run plus the rest of its lane; it pays divert_cost_per_unit to the new
 *    lane's carrier.  The sailing done toward the chokepoint is not credited
 *    to the detour: it led away from it (a ship at Suez is in the Red Sea).
 */
#include <math.h>

#include "routing.h"
#include "trace.h"
#include "world.h"

#define MAX_ROUTE 256

static bool warned(const sc_world *w, int def)
{
    return w->warn_until[def] > w->now;
}

static bool chokepoint_known_down(const sc_world *w, int c)
{
    if (w->chokepoints[c].closed > 0) return true;
    for (int d = 0; d < w->n_shocks; d++) {
        const sc_shock *s = &w->shocks[d];
        if (s->kind == SC_SHOCK_CHOKEPOINT_CLOSURE && s->target == c && warned(w, d)) return true;
    }
    return false;
}

bool sc_known_down_node(const sc_world *w, int n)
{
    if (sc_node_down(w, n)) return true;
    for (int d = 0; d < w->n_shocks; d++) {
        const sc_shock *s = &w->shocks[d];
        if (s->kind == SC_SHOCK_NODE_OUTAGE && s->severity >= 1 && warned(w, d) &&
            sc_shock_covers_node(w, s, n))
            return true;
    }
    return false;
}

bool sc_known_down_lane(const sc_world *w, int l)
{
    const sc_lane *lane = &w->sc->lanes[l];
    if (sc_lane_fx(w, l)->closed > 0) return true;
    for (int j = 0; j < lane->n_via; j++)
        if (chokepoint_known_down(w, lane->via[j])) return true;
    for (int d = 0; d < w->n_shocks; d++) {
        const sc_shock *s = &w->shocks[d];
        if (s->kind == SC_SHOCK_LANE_CLOSURE && warned(w, d) && sc_shock_covers_lane(w, s, l))
            return true;
    }
    const sc_node *from = &w->sc->nodes[lane->from], *to = &w->sc->nodes[lane->to];
    return (from->kind == SC_PORT && sc_known_down_node(w, lane->from)) ||
           (to->kind == SC_PORT && sc_known_down_node(w, lane->to));
}

static bool open_lane(void *ctx, int lane)
{
    return !sc_known_down_lane(ctx, lane);
}

/* The reroute mitigation covering a shipment on (or about to take) a lane. */
static int covering(const sc_world *w, const sc_shipment *sh, int lane)
{
    int m = w->actor_reroute[sh->payer];
    return m >= 0 ? m : w->actor_reroute[w->sc->lanes[lane].carrier];
}

/* Days a shipment reaching the target of shock row d at time t must wait:
 * until the end of an occurrence in force or announced that covers t. */
static double wait_for(const sc_world *w, int d, double t)
{
    double until = t;
    for (int i = 0; i < w->n_instances; i++) {
        const sc_shock_instance *in = &w->instances[i];
        if (in->def == d && in->active && t < in->end && in->end > until) until = in->end;
    }
    if (w->warn_until[d] > w->now && t >= w->warn_onset[d] && t < w->warn_until[d] &&
        w->warn_until[d] > until)
        until = w->warn_until[d];
    return until - t;
}

/* The closures that can hold a shipment on a lane: where they bite, as a
 * position along the lane (0: departure, 1: arrival). */
static double lane_delay(const sc_world *w, int l, double depart, double transit)
{
    const sc_lane *lane = &w->sc->lanes[l];
    double t = depart, done = 0;
    for (int d = 0; d < w->n_shocks; d++) {
        const sc_shock *s = &w->shocks[d];
        if (s->kind == SC_SHOCK_LANE_CLOSURE && sc_shock_covers_lane(w, s, l))
            t += wait_for(w, d, t);
        if (s->kind == SC_SHOCK_NODE_OUTAGE && s->severity >= 1 &&
            ((w->sc->nodes[lane->from].kind == SC_PORT && sc_shock_covers_node(w, s, lane->from))))
            t += wait_for(w, d, t);
    }
    for (int j = 0; j < lane->n_via; j++) {
        double pos = (j + 1.0) / (lane->n_via + 1.0), reach = t + (pos - done) * transit;
        done = pos;
        t = reach;
        for (int d = 0; d < w->n_shocks; d++) {
            const sc_shock *s = &w->shocks[d];
            if (s->kind == SC_SHOCK_CHOKEPOINT_CLOSURE && s->target == lane->via[j])
                t += wait_for(w, d, t);
        }
    }
    return t + (1 - done) * transit - depart - transit;
}

/* Days until a shipment of qty can leave on lane l: the next departure with
 * room for it (departures already booked count). */
static double departure_wait(const sc_world *w, int l, double qty)
{
    const sc_lane *lane = &w->sc->lanes[l];
    double every = lane->departure_every_days;
    if (every <= 0) return 0;
    const sc_lane_state *ls = &w->lanes[l];
    double slot = ceil(w->now / every) * every, booked = 0;
    if (ls->slot_open && ls->slot_time >= slot) {
        slot = ls->slot_time;
        booked = ls->slot_booked;
    }
    if (isfinite(lane->capacity) && booked + qty > lane->capacity)
        slot += every * ceil((booked + qty - lane->capacity) / lane->capacity);
    return slot - w->now;
}

/* Estimated days from now to the end of lanes[0..n) for qty units: the
 * first departure's wait, half an interval at later ones, transits, and
 * waits at known closures. */
static double estimate(const sc_world *w, const int *lanes, int n, double qty)
{
    double t = w->now;
    for (int i = 0; i < n; i++) {
        const sc_lane *lane = &w->sc->lanes[lanes[i]];
        t += i == 0 ? departure_wait(w, lanes[i], qty) : lane->departure_every_days / 2;
        t += lane->transit_days + lane_delay(w, lanes[i], t, lane->transit_days);
    }
    return t - w->now;
}

void sc_reroute_before_departure(sc_world *w, uint32_t s)
{
    if (!w->any_reroute) return;
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    const sc_path *p = &sh->path;
    if (sh->leg >= p->n_lanes || covering(w, sh, p->lanes[sh->leg]) < 0) return;
    bool blocked = false;
    for (int i = sh->leg; i < p->n_lanes && !blocked; i++)
        blocked = sc_known_down_lane(w, p->lanes[i]);
    if (!blocked) return;
    int from = w->sc->lanes[p->lanes[sh->leg]].from, to = w->sc->lanes[p->lanes[p->n_lanes - 1]].to;
    int buf[MAX_ROUTE];
    sc_router_run_to(w->router, from, w->sc->route_fastest, open_lane, w, &to, 1);
    int n = sc_router_path_into(w->router, from, to, buf, MAX_ROUTE);
    if (n <= 0) return; /* no open route: keep this one and wait */
    if (estimate(w, buf, n, sh->qty) >=
        estimate(w, &p->lanes[sh->leg], p->n_lanes - sh->leg, sh->qty))
        return;
    sc_path *np = sc_arena_path(w, buf, n);
    if (!np) {
        w->failed = true;
        return;
    }
    sh = sc_pool_at(&w->shipments, s);
    sh->path = *np;
    sh->leg = 0;
}

/* Lanes usable for a diversion around chokepoint c. */
typedef struct avoid_ctx {
    sc_world *w;
    int chokepoint;
} avoid_ctx;

static bool avoids(void *vctx, int lane)
{
    avoid_ctx *a = vctx;
    const sc_lane *l = &a->w->sc->lanes[lane];
    for (int j = 0; j < l->n_via; j++)
        if (l->via[j] == a->chokepoint) return false;
    return !sc_known_down_lane(a->w, lane);
}

/* Days until chokepoint c is announced to reopen. */
static double closure_left(const sc_world *w, int c)
{
    double end = w->now;
    for (int i = 0; i < w->n_instances; i++) {
        const sc_shock_instance *in = &w->instances[i];
        const sc_shock *s = &w->shocks[in->def];
        if (in->active && s->kind == SC_SHOCK_CHOKEPOINT_CLOSURE && s->target == c && in->end > end)
            end = in->end;
    }
    return end - w->now;
}

bool sc_divert_at_chokepoint(sc_world *w, uint32_t s, int c)
{
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    int m = covering(w, sh, sh->lane);
    if (m < 0) return false;
    const sc_lane *lane = &w->sc->lanes[sh->lane];
    double pos = (sh->via + 1.0) / (lane->n_via + 1.0);
    double stay = closure_left(w, c) + (1 - pos) * sh->transit;
    avoid_ctx ctx = {w, c};
    int buf[MAX_ROUTE];
    sc_router_run_to(w->router, lane->from, w->sc->route_fastest, avoids, &ctx, &lane->to, 1);
    int n = sc_router_path_into(w->router, lane->from, lane->to, buf, MAX_ROUTE - 64);
    if (n <= 0) return false;
    /* Turning costs the whole detour.  Crediting the sailing done (alt - p x T)
     * made turning at the chokepoint exactly as good as rerouting before
     * departure, so a warning could gain nothing; from Suez, 84-98% of the
     * Cape lane's distance is still ahead (asia_eu lane_paths.csv). */
    double alt = 0;
    for (int i = 0; i < n; i++)
        alt += w->sc->lanes[buf[i]].transit_days;
    if (alt >= stay) return false;
    /* The new route: the detour, then the rest of the old route. */
    for (int i = sh->leg; i < sh->path.n_lanes && n < MAX_ROUTE; i++)
        buf[n++] = sh->path.lanes[i];
    sc_path *np = sc_arena_path(w, buf, n);
    if (!np) {
        w->failed = true;
        return true;
    }
    sh = sc_pool_at(&w->shipments, s);
    const sc_lane *first = &w->sc->lanes[buf[0]];
    sc_pay(w, sh->payer, first->carrier, sh->qty * w->sc->mitigations[m].p[0], SC_LEDGER_FREIGHT,
           SC_LEDGER_FREIGHT_INCOME);
    sh->path = *np;
    sh->leg = 1;
    sh->lane = buf[0];
    sh->via = first->n_via; /* the detour's own chokepoints are behind or ahead: not watched */
    sh->progress = 0;
    sh->transit = first->transit_days;
    sc_schedule(w, w->now + sh->transit, (uint32_t)first->to, SC_EV_ARRIVE, s, 0);
    if (w->trace) sc_trace_divert(w, s, pos);
    return true;
}
