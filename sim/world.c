/*
 * Lifetime of a replication's world and the event loop (see world.h).
 */
#include "world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "routing.h"

enum {
    KIND_LANE = SC_NODE_KINDS,
    KIND_STOCK,
    KIND_DEMAND,
    KIND_SHOCK,
    KIND_CHOKEPOINT,
    KIND_MITIGATION,
    N_KINDS
};

const sc_agent_type *const sc_agent_kinds[N_KINDS] = {
    [SC_SUPPLIER] = &sc_supplier_type,
    [SC_PLANT] = &sc_plant_type,
    [SC_PORT] = &sc_port_type,
    [SC_WAREHOUSE] = &sc_warehouse_type,
    [SC_MARKET] = &sc_market_type,
    [KIND_LANE] = &sc_lane_type,
    [KIND_STOCK] = &sc_stock_type,
    [KIND_DEMAND] = &sc_demand_type,
    [KIND_SHOCK] = &sc_shock_type,
    [KIND_CHOKEPOINT] = &sc_chokepoint_type,
    [KIND_MITIGATION] = &sc_mitigation_type,
};
_Static_assert(N_KINDS <= UINT8_MAX, "an agent's kind is one byte");

const sc_node_effects sc_calm_node = {1, 1, 1, 0};
const sc_lane_effects sc_calm_lane = {0, 0, 1};

/* The thinning bound of demand row i: the largest factor by which shocks
 * can scale it (the product of the surges above 1 that hit its market) and
 * whether any surge or drop hits it at all.  It depends on the shock list
 * only, not on which shocks are on, so a run and its twin draw the same
 * candidate customers (common random numbers). */
static sc_demand_bound demand_bound(const sc_scenario *sc, const sc_shock *shocks, int n, int i)
{
    const sc_node *m = &sc->nodes[sc->demands[i].market];
    sc_demand_bound b = {1, false};
    for (int k = 0; k < n; k++) {
        const sc_shock *s = &shocks[k];
        if (s->kind != SC_SHOCK_DEMAND_SURGE) continue;
        bool hits = (s->target_kind == SC_TARGET_NODE && s->target == sc->demands[i].market) ||
                    (s->target_kind == SC_TARGET_REGION && s->target == m->region);
        if (!hits) continue;
        b.shocked = true;
        if (s->severity > 1) b.factor *= s->severity;
    }
    return b;
}

static void clear_arena(sc_world *w)
{
    for (size_t i = 0; i < w->n_arena; i++) {
        free(w->arena[i]->lanes);
        free(w->arena[i]);
    }
    w->n_arena = 0;
}

sc_path *sc_arena_path(sc_world *w, const int *lanes, int n)
{
    if (w->n_arena == w->cap_arena) {
        size_t cap = w->cap_arena ? 2 * w->cap_arena : 64;
        sc_path **grown = realloc(w->arena, cap * sizeof *grown);
        if (!grown) return NULL;
        w->arena = grown;
        w->cap_arena = cap;
    }
    sc_path *p = malloc(sizeof *p);
    int *copy = malloc(((size_t)n + 1) * sizeof *copy);
    if (!p || !copy) {
        free(p);
        free(copy);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        copy[i] = lanes[i];
    *p = (sc_path){copy, n, n > 0 ? copy[0] : -1};
    w->arena[w->n_arena++] = p;
    return p;
}

/* For each demand row, the stocking points its end demand flows through
 * (the inverse of sc_stock.downstream), for information sharing. */
static bool link_demand_chains(sc_world *w)
{
    const sc_scenario *sc = w->sc;
    size_t total = 0;
    for (int m = 0; m < sc->n_mitigations; m++)
        w->sharing |= sc->mitigations[m].kind == SC_MIT_SHARING;
    /* Without information sharing nobody reads the chains: leave them empty
     * (they and stock_shared are the largest per-stock memory). */
    for (int k = 0; w->sharing && k < sc->n_stocks; k++)
        total += (size_t)sc->stocks[k].n_downstream;
    w->demand_chain = calloc(total + 1, sizeof *w->demand_chain);
    w->demand_chain_at = calloc((size_t)sc->n_demands + 2, sizeof *w->demand_chain_at);
    int *fill = calloc((size_t)sc->n_demands + 1, sizeof *fill);
    if (!w->demand_chain || !w->demand_chain_at || !fill) {
        free(fill);
        return false;
    }
    for (int k = 0; w->sharing && k < sc->n_stocks; k++)
        for (int j = 0; j < sc->stocks[k].n_downstream; j++)
            w->demand_chain_at[sc->stocks[k].downstream[j] + 1]++;
    for (int i = 0; i < sc->n_demands; i++)
        w->demand_chain_at[i + 1] += w->demand_chain_at[i];
    for (int k = 0; w->sharing && k < sc->n_stocks; k++)
        for (int j = 0; j < sc->stocks[k].n_downstream; j++) {
            int i = sc->stocks[k].downstream[j];
            w->demand_chain[w->demand_chain_at[i] + fill[i]++] = k;
        }
    free(fill);
    return true;
}

/* Groups n_rows rows by key(row) in [0, n_keys): rows of key g are
 * out[at[g]..at[g+1]), in row order.  Lets per-node statistics visit only a
 * node's own rows (a scan of all rows per node is quadratic in size). */
static bool group_by(int n_rows, int n_keys, const int *keys, size_t stride, int **out, int **at)
{
    *out = calloc((size_t)n_rows + 1, sizeof **out);
    *at = calloc((size_t)n_keys + 2, sizeof **at);
    if (!*out || !*at) return false;
    const char *base = (const char *)keys;
    for (int r = 0; r < n_rows; r++)
        (*at)[*(const int *)(base + (size_t)r * stride) + 1]++;
    for (int g = 0; g < n_keys; g++)
        (*at)[g + 1] += (*at)[g];
    int *fill = calloc((size_t)n_keys + 1, sizeof *fill);
    if (!fill) return false;
    for (int r = 0; r < n_rows; r++) {
        int g = *(const int *)(base + (size_t)r * stride);
        (*out)[(*at)[g] + fill[g]++] = r;
    }
    free(fill);
    return true;
}

/* Which mitigation in force covers what: a mitigation reaches its target
 * node (or, for early warning, its target shock), or, without a target,
 * everything its owner runs.  The first listed in mitigations.csv wins. */
static void assign_mitigations(sc_world *w, const bool *on)
{
    const sc_scenario *sc = w->sc;
    for (int m = 0; m < sc->n_mitigations; m++)
        w->mit_on[m] = on && on[m];
    w->any_reroute = false;
    for (int a = 0; a < sc->n_actors; a++)
        w->actor_reroute[a] = -1;
    for (int d = 0; d < w->n_shocks; d++)
        w->def_warning[d] = -1;
    for (int k = 0; k < sc->n_stocks; k++)
        for (int kind = 0; kind < SC_MIT_KINDS; kind++)
            w->stocks[k].mit[kind] = -1;
    for (int m = sc->n_mitigations - 1; m >= 0; m--) {
        if (!w->mit_on[m]) continue;
        const sc_mitigation *mt = &sc->mitigations[m];
        bool by_shock = sc_mitigation_specs[mt->kind].target_shock;
        if (mt->kind == SC_MIT_REROUTE) w->actor_reroute[mt->owner] = m, w->any_reroute = true;
        if (mt->kind == SC_MIT_EARLY_WARNING)
            for (int d = 0; d < w->n_shocks; d++)
                if (mt->target < 0 || mt->target == d) w->def_warning[d] = m;
        for (int k = 0; k < sc->n_stocks; k++) {
            int node = sc->stocks[k].node;
            bool covers = mt->target < 0 || by_shock ? sc->nodes[node].actor == mt->owner
                                                     : mt->target == node;
            if (covers) w->stocks[k].mit[mt->kind] = m;
        }
    }
}

void sc_world_free(sc_world *w)
{
    if (!w) return;
    for (int n = 0; w->ports && n < w->sc->n_nodes; n++)
        sc_ring_free(&w->ports[n].queue);
    for (int n = 0; w->producers && n < w->sc->n_nodes; n++)
        sc_ring_free(&w->producers[n].ready);
    for (int l = 0; w->lanes && l < w->sc->n_lanes; l++)
        sc_ring_free(&w->lanes[l].waiting);
    for (int c = 0; w->chokepoints && c < w->sc->n_chokepoints; c++)
        sc_ring_free(&w->chokepoints[c].waiting);
    free(w->shock_on);
    free(w->instances);
    free(w->node_fx);
    free(w->lane_fx);
    free(w->chokepoints);
    free(w->watched);
    free(w->demand_bound);
    free(w->def_active);
    free(w->old_node_fx);
    free(w->old_lane_fx);
    free(w->old_closed);
    free(w->mit_on);
    free(w->actor_reroute);
    free(w->def_warning);
    free(w->warn_until);
    free(w->warn_onset);
    free(w->learn_marks);
    sc_router_free(w->router);
    clear_arena(w);
    free(w->arena);
    free(w->demand_chain);
    free(w->demand_chain_at);
    free(w->node_stocks);
    free(w->node_stocks_at);
    free(w->market_demands);
    free(w->market_demands_at);
    for (int k = 0; w->stocks && k < w->sc->n_stocks; k++) {
        free(w->stocks[k].periods);
    }
    sc_queue_free(w->queue);
    sc_stream_block_free(w->rng);
    free(w->kind);
    free(w->stocks);
    free(w->ports);
    free(w->producers);
    free(w->lanes);
    free(w->demands);
    free(w->ledger);
    free(w->served_day);
    free(w->demand_day);
    free(w->stock_demand);
    free(w->stock_orders);
    free(w->stock_shared);
    sc_pool_free(&w->shipments);
    sc_pool_free(&w->jobs);
    sc_pool_free(&w->backorders);
    free(w);
}

/* Random streams: the purposes each family of agents draws for (every
 * sc_rng call).  Each purpose gets streams for the span of agents from the
 * first family that draws for it to the last: five streams an agent took
 * 1.1 GB at 10^6 nodes, most of it seeded each replication and never
 * read.  A stream's seed depends on its agent and purpose only, so where
 * it lies changes no result. */
#define DRAWS(p) (1u << (p))
static const unsigned family_draws[SC_AGENT_FAMILIES] = {
    DRAWS(SC_RNG_SERVICE) | DRAWS(SC_RNG_CUSTOMS),                 /* nodes: port handling */
    DRAWS(SC_RNG_SERVICE),                                         /* lanes: transit */
    0,                                                             /* stocking points */
    DRAWS(SC_RNG_TIME) | DRAWS(SC_RNG_QTY) | DRAWS(SC_RNG_ACCEPT), /* demand streams */
    DRAWS(SC_RNG_TIME) | DRAWS(SC_RNG_QTY) | DRAWS(SC_RNG_ACCEPT), /* shocks (and warnings) */
    0,                                                             /* chokepoints */
    DRAWS(SC_RNG_TIME) | DRAWS(SC_RNG_QTY),                        /* mitigations: false alarms */
};

/* Sets each purpose's span and offset from the agent bases; the number of
 * streams. */
static size_t lay_out_streams(sc_world *w)
{
    const uint32_t base[SC_AGENT_FAMILIES + 1] = {0,
                                                  w->lane_base,
                                                  w->stock_base,
                                                  w->demand_base,
                                                  w->shock_base,
                                                  w->chokepoint_base,
                                                  w->mitigation_base,
                                                  w->n_agents};
    size_t n = 0;
    for (int p = 0; p < SC_RNG_PURPOSES; p++) {
        uint32_t from = w->n_agents, to = 0;
        for (int f = 0; f < SC_AGENT_FAMILIES; f++)
            if (family_draws[f] & DRAWS(p) && base[f] < base[f + 1]) {
                if (from > base[f]) from = base[f];
                to = base[f + 1];
            }
        if (to < from) from = to = 0; /* nobody draws for p */
        w->rng_from[p] = from;
        w->rng_to[p] = to;
        w->rng_off[p] = n - from; /* unsigned: wraps, and sc_rng adds `from` back */
        n += to - from;
    }
    return n;
}

sc_world *sc_world_alloc(const sc_scenario *sc, const sc_shock *shocks, int n_shocks)
{
    sc_world *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->sc = sc;
    w->shocks = shocks;
    w->n_shocks = n_shocks;
    w->lane_base = (uint32_t)sc->n_nodes;
    w->stock_base = w->lane_base + (uint32_t)sc->n_lanes;
    w->demand_base = w->stock_base + (uint32_t)sc->n_stocks;
    w->shock_base = w->demand_base + (uint32_t)sc->n_demands;
    w->chokepoint_base = w->shock_base + (uint32_t)n_shocks;
    w->mitigation_base = w->chokepoint_base + (uint32_t)sc->n_chokepoints;
    w->n_agents = w->mitigation_base + (uint32_t)sc->n_mitigations;
    size_t n_rng = lay_out_streams(w);
    /* Prefetching the next event's state costs a peek at the queue per
     * event: it pays once the state outgrows the 512 KiB L2 cache of a core,
     * from about 2,048 agents (10 % slower on the 9 agents of the M/M/c
     * bench, 13 % faster at 10^5 nodes; measured when every agent had five
     * streams, hence the 320 bytes an agent). */
    w->prefetch = (size_t)w->n_agents * SC_RNG_PURPOSES * sizeof(sc_stream) > ((size_t)512 << 10);
    w->queue = sc_queue_alloc(1024);
    w->kind = calloc(w->n_agents + 1, sizeof *w->kind);
    w->rng = sc_stream_block_alloc(n_rng);
    w->stocks = calloc((size_t)sc->n_stocks + 1, sizeof *w->stocks);
    w->ports = calloc((size_t)sc->n_nodes + 1, sizeof *w->ports);
    w->producers = calloc((size_t)sc->n_nodes + 1, sizeof *w->producers);
    w->lanes = calloc((size_t)sc->n_lanes + 1, sizeof *w->lanes);
    w->demands = calloc((size_t)sc->n_demands + 1, sizeof *w->demands);
    w->ledger = calloc((size_t)sc->n_actors + 1, sizeof *w->ledger);
    w->shock_on = calloc((size_t)n_shocks + 1, sizeof *w->shock_on);
    w->node_fx = calloc((size_t)sc->n_nodes + 1, sizeof *w->node_fx);
    w->lane_fx = calloc((size_t)sc->n_lanes + 1, sizeof *w->lane_fx);
    w->chokepoints = calloc((size_t)sc->n_chokepoints + 1, sizeof *w->chokepoints);
    w->watched = calloc((size_t)sc->n_chokepoints + 1, sizeof *w->watched);
    w->demand_bound = calloc((size_t)sc->n_demands + 1, sizeof *w->demand_bound);
    w->def_active = calloc((size_t)n_shocks + 1, sizeof *w->def_active);
    w->mit_on = calloc((size_t)sc->n_mitigations + 1, sizeof *w->mit_on);
    w->actor_reroute = calloc((size_t)sc->n_actors + 1, sizeof *w->actor_reroute);
    w->def_warning = calloc((size_t)n_shocks + 1, sizeof *w->def_warning);
    w->warn_until = calloc((size_t)n_shocks + 1, sizeof *w->warn_until);
    w->warn_onset = calloc((size_t)n_shocks + 1, sizeof *w->warn_onset);
    w->router = sc_router_alloc(sc);
    bool chain_ok =
        link_demand_chains(w) &&
        group_by(sc->n_stocks, sc->n_nodes, sc->n_stocks ? &sc->stocks[0].node : NULL,
                 sizeof *sc->stocks, &w->node_stocks, &w->node_stocks_at) &&
        group_by(sc->n_demands, sc->n_nodes, sc->n_demands ? &sc->demands[0].market : NULL,
                 sizeof *sc->demands, &w->market_demands, &w->market_demands_at);
    for (int k = 0; k < sc->n_stocks && w->stocks; k++)
        chain_ok = chain_ok && (w->stocks[k].periods = calloc((size_t)sc->stocks[k].window + 1,
                                                              sizeof(double))) != NULL;
    w->old_node_fx = calloc((size_t)sc->n_nodes + 1, sizeof *w->old_node_fx);
    w->old_lane_fx = calloc((size_t)sc->n_lanes + 1, sizeof *w->old_lane_fx);
    w->old_closed = calloc((size_t)sc->n_chokepoints + 1, sizeof *w->old_closed);
    bool ok = w->queue && w->kind && w->rng && w->stocks && w->ports && w->producers && w->lanes &&
              w->demands && w->ledger && w->shock_on && w->node_fx && w->lane_fx &&
              w->chokepoints && w->watched && w->demand_bound && w->def_active && w->old_node_fx &&
              w->old_lane_fx && w->old_closed && w->mit_on && w->actor_reroute && w->def_warning &&
              w->warn_until && w->warn_onset && w->router && chain_ok &&
              sc_pool_init(&w->shipments, sizeof(sc_shipment), 256) &&
              sc_pool_init(&w->jobs, sizeof(sc_job), 64) &&
              sc_pool_init(&w->backorders, sizeof(sc_backorder), 256);
    if (!ok) {
        sc_world_free(w);
        return NULL;
    }
    for (int n = 0; n < sc->n_nodes; n++)
        w->kind[n] = (uint8_t)sc->nodes[n].kind;
    memset(w->kind + w->lane_base, KIND_LANE, w->stock_base - w->lane_base);
    memset(w->kind + w->stock_base, KIND_STOCK, w->demand_base - w->stock_base);
    memset(w->kind + w->demand_base, KIND_DEMAND, w->shock_base - w->demand_base);
    memset(w->kind + w->shock_base, KIND_SHOCK, w->chokepoint_base - w->shock_base);
    memset(w->kind + w->chokepoint_base, KIND_CHOKEPOINT, w->mitigation_base - w->chokepoint_base);
    memset(w->kind + w->mitigation_base, KIND_MITIGATION, w->n_agents - w->mitigation_base);
    for (int k = 0; k < n_shocks; k++)
        if ((shocks[k].kind == SC_SHOCK_CHOKEPOINT_CLOSURE ||
             shocks[k].kind == SC_SHOCK_TRANSIT_DELAY) &&
            shocks[k].target_kind == SC_TARGET_CHOKEPOINT)
            w->watched[shocks[k].target] = true;
    for (int i = 0; i < sc->n_demands; i++)
        w->demand_bound[i] = demand_bound(sc, shocks, n_shocks, i);
    return w;
}

/* (Re)allocates the per-day series for a horizon of n_days. */
static bool size_days(sc_world *w, int n_days)
{
    if (n_days == w->n_days && w->served_day) return true;
    size_t n = (size_t)n_days;
    free(w->served_day);
    free(w->demand_day);
    w->served_day = calloc(n, sizeof(double));
    w->demand_day = calloc(n, sizeof(double));
    free(w->stock_demand);
    free(w->stock_orders);
    free(w->stock_shared);
    size_t cells = n * (size_t)w->sc->n_stocks + 1;
    w->stock_demand = calloc(cells, sizeof(double));
    w->stock_orders = calloc(cells, sizeof(double));
    w->stock_shared = w->sharing ? calloc(cells, sizeof(double)) : NULL;
    bool ok = w->served_day && w->demand_day && w->stock_demand && w->stock_orders &&
              (w->stock_shared || !w->sharing);
    w->n_days = ok ? n_days : 0;
    return ok;
}

void sc_world_reset(sc_world *w, uint64_t seed, uint64_t rep, double horizon, double warmup,
                    const bool *shock_on, const bool *mitigation_on)
{
    const sc_scenario *sc = w->sc;
    w->seed = seed;
    w->rep = rep;
    w->now = 0;
    w->horizon = horizon;
    w->warmup = warmup;
    w->events = 0;
    w->failed = false;
    int n_days = (int)ceil(horizon);
    if (!size_days(w, n_days < 1 ? 1 : n_days)) {
        w->failed = true;
        return;
    }
    size_t nd = (size_t)w->n_days;
    sc_queue_clear(w->queue);
    sc_pool_clear(&w->shipments);
    sc_pool_clear(&w->jobs);
    sc_pool_clear(&w->backorders);
    for (int p = 0; p < SC_RNG_PURPOSES; p++)
        for (uint32_t a = w->rng_from[p]; a < w->rng_to[p]; a++)
            sc_stream_reset(sc_rng(w, a, p), seed, rep, a, (uint64_t)p);
    memset(w->served_day, 0, nd * sizeof(double));
    memset(w->demand_day, 0, nd * sizeof(double));
    size_t cells = nd * (size_t)sc->n_stocks;
    memset(w->stock_demand, 0, cells * sizeof(double));
    memset(w->stock_orders, 0, cells * sizeof(double));
    if (w->stock_shared) memset(w->stock_shared, 0, cells * sizeof(double));
    for (int k = 0; k < sc->n_stocks; k++) {
        sc_stock_state *s = &w->stocks[k];
        double *per = s->periods;
        *s = (sc_stock_state){.on_hand = sc->stocks[k].initial,
                              .bo_head = SC_POOL_NONE,
                              .bo_tail = SC_POOL_NONE,
                              .periods = per,
                              .down_since = NAN};
        sc_ta_reset(&s->inventory, warmup, s->on_hand);
        sc_ta_reset(&s->backlog_avg, warmup, 0);
    }
    for (int n = 0; n < sc->n_nodes; n++) {
        sc_port_state *p = &w->ports[n];
        sc_ring_clear(&p->queue);
        p->busy = 0;
        p->wait_sum = p->calls = 0;
        sc_ta_reset(&p->busy_avg, warmup, 0);
        sc_producer_state *pr = &w->producers[n];
        sc_ring_clear(&pr->ready);
        pr->current = SC_POOL_NONE;
        pr->remaining = pr->last = 0;
        pr->done = SC_NULL_EVENT;
        sc_ta_reset(&pr->busy, warmup, 0);
        w->node_fx[n] = sc_calm_node;
    }
    for (int l = 0; l < sc->n_lanes; l++) {
        sc_ring waiting = w->lanes[l].waiting;
        sc_ring_clear(&waiting);
        w->lanes[l] = (sc_lane_state){.waiting = waiting};
        w->lane_fx[l] = sc_calm_lane;
    }
    w->calm = true;
    for (int c = 0; c < sc->n_chokepoints; c++) {
        w->chokepoints[c].closed = 0;
        w->chokepoints[c].extra_days = 0;
        sc_ring_clear(&w->chokepoints[c].waiting);
    }
    w->n_instances = 0;
    for (int k = 0; k < w->n_shocks; k++) {
        w->shock_on[k] = shock_on && shock_on[k];
        w->warn_until[k] = -INFINITY;
        w->warn_onset[k] = INFINITY;
    }
    clear_arena(w);
    assign_mitigations(w, mitigation_on);
    memset(w->demands, 0, (size_t)sc->n_demands * sizeof *w->demands);
    memset(w->ledger, 0, (size_t)sc->n_actors * sizeof *w->ledger);
    for (uint32_t a = 0; a < w->n_agents; a++)
        if (sc_agent_of(w, a)->start) sc_agent_of(w, a)->start(w, a);
}

/* Starts loading the lines of an n-byte record at p.  Forced inline, like
 * every helper made of prefetches alone (gcc drops calls of them). */
static inline __attribute__((always_inline)) void prefetch_lines(const void *p, size_t n)
{
    const char *c = p;
    for (size_t at = 0; at < n; at += 64)
        __builtin_prefetch(c + at);
    __builtin_prefetch(c + n - 1);
}

/* Starts loading what the next event will read first, so that on networks
 * far larger than the caches its misses overlap with handling this one. */
static void prefetch_next(sc_world *w)
{
    uint32_t target, type, arg;
    double value;
    if (!sc_queue_peek(w->queue, &target, &type, &arg, &value)) return;
    __builtin_prefetch(&w->kind[target]);
    switch (type) {
    case SC_EV_ARRIVE:
    case SC_EV_BERTH_DONE:
    case SC_EV_CUSTOMS_DONE:
    case SC_EV_REACH:
        __builtin_prefetch(sc_pool_at(&w->shipments, arg));
        break;
    case SC_EV_PROD_DONE:
    case SC_EV_SERVICE_DONE:
        __builtin_prefetch(sc_pool_at(&w->jobs, arg));
        break;
    case SC_EV_DEMAND: {
        size_t i = target - w->demand_base;
        /* the demand row, then its stocking point (market.c): records that
         * span lines */
        prefetch_lines(&w->sc->demands[i], sizeof w->sc->demands[i]);
        __builtin_prefetch(&w->demands[i]);
        __builtin_prefetch(&w->demand_bound[i]);
        __builtin_prefetch(sc_rng(w, target, SC_RNG_TIME));
        prefetch_lines(&w->stocks[arg], sizeof w->stocks[arg]);
        prefetch_lines(&w->sc->stocks[arg], sizeof w->sc->stocks[arg]);
        __builtin_prefetch(sc_stock_day(w, w->stock_demand, (int)arg, sc_day(w)));
        /* and the lane the customer's goods leave on, with its stream */
        if (value >= 0) {
            uint32_t lane = (uint32_t)value;
            prefetch_lines(&w->sc->lanes[lane], sizeof w->sc->lanes[lane]);
            __builtin_prefetch(&w->lanes[lane]);
            __builtin_prefetch(sc_rng(w, w->lane_base + lane, SC_RNG_SERVICE));
        }
        break;
    }
    case SC_EV_REVIEW:
        __builtin_prefetch(&w->stocks[target - w->stock_base]);
        break;
    default:
        break;
    }
}

bool sc_world_run(sc_world *w)
{
    if (w->failed) return false;
    sc_event ev;
    w->interrupted = false;
    while (sc_queue_pop(w->queue, &ev)) {
        if (ev.time >= w->horizon) break; /* the run covers [0, horizon) */
        if ((w->events & 0xffff) == 0 && w->stop && *w->stop) {
            w->interrupted = true;
            return false;
        }
        w->now = ev.time;
        w->events++;
        if (w->prefetch) prefetch_next(w);
        sc_agent_of(w, ev.target)->handle(w, &ev);
        if (w->failed) return false;
    }
    w->now = w->horizon;
    return !sc_queue_failed(w->queue) && !w->failed;
}

void sc_book(sc_world *w, int actor, sc_pnl column, double amount)
{
    if (sc_measuring(w)) w->ledger[actor][column] += amount;
}

void sc_pay(sc_world *w, int payer, int payee, double amount, sc_pnl paid_as, sc_pnl earned_as)
{
    if (payer == payee || amount == 0) return;
    sc_book(w, payer, paid_as, amount);
    sc_book(w, payee, earned_as, amount);
}
