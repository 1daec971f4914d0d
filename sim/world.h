/*
 * The state of one replication in progress: the scenario it runs, the event
 * queue, one random stream per (agent, purpose), the dynamic state of every
 * agent, pools of shipments, production jobs and backorders, and the ledger
 * of every actor.  A world is reused across replications (sc_world_reset)
 * so memory is allocated once per thread, not once per replication.
 *
 * Agents are addressed by one index space: nodes first, then lanes, stocking
 * points and demand streams.  Each agent has a kind, a const table of
 * callbacks (sc_agent_type); the event loop dispatches through it.
 */
#ifndef SC_WORLD_H
#define SC_WORLD_H

#include <assert.h>
#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/event_queue.h"
#include "core/pool.h"
#include "core/rng.h"
#include "core/ring.h"
#include "core/time_average.h"
#include "scenario_model.h"
#include "sctwin/experiment.h"

typedef struct sc_world sc_world;

/* An agent kind: how its agents start and how they handle their events. */
typedef struct sc_agent_type {
    const char *name;
    void (*start)(sc_world *w, uint32_t agent); /* schedule first events */
    void (*handle)(sc_world *w, const sc_event *ev);
} sc_agent_type;

extern const sc_agent_type sc_supplier_type, sc_plant_type, sc_port_type, sc_warehouse_type,
    sc_market_type, sc_lane_type, sc_stock_type, sc_demand_type, sc_shock_type, sc_chokepoint_type,
    sc_mitigation_type;

/* Event types (the `type` field); each is handled by one agent kind. */
enum {
    SC_EV_ARRIVE,       /* node: shipment `arg` arrives over its last lane */
    SC_EV_BERTH_DONE,   /* port: shipment `arg` finished handling */
    SC_EV_CUSTOMS_DONE, /* port: shipment `arg` cleared customs */
    SC_EV_PROD_DONE,    /* producer: job `arg` finished */
    SC_EV_REVIEW,       /* stocking point: periodic review */
    SC_EV_EXPIRE,       /* stocking point: backorder `arg` ran out of patience */
    SC_EV_DEMAND,       /* demand stream: next customer or daily batch */
    SC_EV_SERVICE_DONE, /* producer: job `arg` leaves the capacity */
    SC_EV_SHOCK_START,  /* shock: instance `arg` begins */
    SC_EV_SHOCK_END,    /* shock: instance `arg` ends */
    SC_EV_REACH,        /* chokepoint: shipment `arg` reaches it */
    SC_EV_WARN,         /* mitigation: shock row `arg` is announced (value: onset) */
    SC_EV_FALSE_ALARM,  /* mitigation: time for a false alarm */
    SC_EV_LEARN,        /* mitigation: learn from shock instance `arg` */
    SC_EV_TRANSSHIP     /* stocking point: `value` units arrive from a sister warehouse */
};

/* Random stream purposes: one stream per (agent, purpose) that draws. */
enum { SC_RNG_TIME, SC_RNG_QTY, SC_RNG_ACCEPT, SC_RNG_SERVICE, SC_RNG_CUSTOMS, SC_RNG_PURPOSES };
/* Agents come in families, each a range of agent numbers, in this order:
 * nodes, lanes, stocking points, demand streams, shocks, chokepoints,
 * mitigations (sc_world's *_base). */
#define SC_AGENT_FAMILIES 7

/* Money is booked to actors in the ledger columns of sctwin/experiment.h. */
typedef int sc_pnl;

/* Where goods go: a stocking point, a demand stream's market, a job. */
typedef enum sc_dest_kind { SC_DEST_STOCK, SC_DEST_MARKET, SC_DEST_JOB } sc_dest_kind;

/* Which route goods take to a destination: the normal one, a backup
 * source's (SC_ROUTE_BACKUP + b), the fastest (expediting), or for a market
 * another stocking point's (SC_ROUTE_OTHER + j, a pooled warehouse). */
enum { SC_ROUTE_NORMAL = 0, SC_ROUTE_FAST = 1, SC_ROUTE_BACKUP = 2, SC_ROUTE_OTHER = 2 };

typedef struct sc_dest {
    sc_dest_kind kind;
    uint32_t index;
    int route;
} sc_dest;

typedef struct sc_shipment {
    int item;
    double qty;
    sc_dest dest;
    int payer;        /* actor paying freight */
    sc_path path;     /* a copy, not a pointer: one miss less per leg */
    int leg;          /* index of the next lane to take */
    double queued_at; /* arrival time at a port's berth queue */
    int lane;         /* the lane it is on, while at sea */
    int via;          /* index in the lane's via list of the next watched chokepoint */
    double transit;   /* transit time of the current lane, days */
    double progress;  /* fraction of the lane's transit done at the last chokepoint */
} sc_shipment;

typedef struct sc_job {
    int node, item;
    double qty;
    sc_dest dest;
    double missing_inputs; /* units of inputs still to arrive */
    bool requesting;       /* inputs are still being requested */
} sc_job;

typedef struct sc_backorder {
    sc_dest dest;
    double qty;
    double since; /* when it was ordered */
    sc_event_handle expiry;
    uint32_t next;
} sc_backorder;

typedef struct sc_stock_state {
    double on_hand, on_order, backlog;
    uint32_t bo_head, bo_tail; /* FIFO of backorders (pool indices) */
    sc_time_average inventory, backlog_avg;
    double demanded, filled_at_once;   /* units, measured after warm-up */
    double forecast;                   /* exponential smoothing state */
    int forecast_days;                 /* days folded into `forecast` */
    double demand_total, shared_total; /* units received / seen, whole run */
    double last_total;                 /* the signal's total at the last review */
    double *periods;                   /* [window] demand of the last review periods */
    int n_periods, period_head;
    bool reviewed;               /* a scheduled review has taken place */
    double short_units;          /* units not filled at once, whole run */
    double boost, boost_until;   /* early warning: extra target until then */
    double learn_from, learn_to; /* learning: extra target, ramping from */
    double learn_t0, learn_t1;   /* learn_from at learn_t0 to learn_to at learn_t1 */
    double down_since;           /* backup sourcing: primary known down since (NAN: up) */
    double transship_in;         /* units coming from sister warehouses */
    int mit[SC_MIT_KINDS];       /* mitigation of each kind covering it, or -1 */
} sc_stock_state;

typedef struct sc_port_state {
    sc_ring queue; /* vessels waiting for a berth */
    int busy;
    sc_time_average busy_avg;
    double wait_sum, calls;
} sc_port_state;

typedef struct sc_producer_state {
    sc_ring ready;    /* jobs with their inputs in, waiting for capacity */
    uint32_t current; /* job using the capacity, or SC_POOL_NONE */
    double remaining; /* units of the current job still to make */
    double last;      /* when `remaining` was last brought up to date */
    sc_event_handle done;
    sc_time_average busy; /* 1 while the capacity is working */
} sc_producer_state;

typedef struct sc_lane_state {
    double slot_time; /* the departure currently open for booking */
    double slot_booked;
    double slot_transit;
    bool slot_open;
    sc_ring waiting; /* shipments held while the lane is closed */
} sc_lane_state;

/* A shock as it happens in one replication. */
typedef struct sc_shock_instance {
    int def; /* index into the world's shock list */
    double onset, end;
    bool active;
} sc_shock_instance;

/* The combined effect of the active shocks on a node (neutral: 1, 1, 1, 0). */
typedef struct sc_node_effects {
    double capacity; /* node_outage: product of (1 - severity) */
    double handling; /* port_congestion: product of factors */
    double demand;   /* demand_surge: product of factors */
    double tariff;   /* cost_shock: ad-valorem rate on goods received */
} sc_node_effects;

typedef struct sc_lane_effects {
    int closed;        /* lane_closure instances in force */
    double extra_days; /* transit_delay: added to departures' transit */
    double cost;       /* cost_shock: freight multiplier */
} sc_lane_effects;

typedef struct sc_chokepoint_state {
    int closed;        /* closure instances in force */
    double extra_days; /* transit_delay: days added to each passage */
    sc_ring waiting;   /* ships held at its entrance */
} sc_chokepoint_state;

/* What the shock list can do to a demand row, on in a run or not: the bound
 * of the thinning that generates its Poisson customers (market.c). */
typedef struct sc_demand_bound {
    double factor; /* the largest factor shocks can scale its demand by (>= 1) */
    bool shocked;  /* some demand_surge row hits its market, a drop included */
} sc_demand_bound;

typedef struct sc_demand_state {
    double demanded, on_time, lost; /* units after warm-up */
    double late, late_days; /* of those, units served from backlog and their days of waiting */
} sc_demand_state;

struct sc_world {
    const sc_scenario *sc;
    sc_queue *queue;
    double now, horizon, warmup;
    int n_days;
    uint64_t seed, rep;
    uint64_t events;
    bool failed; /* an allocation failed during the run */

    uint32_t n_agents;
    uint32_t lane_base, stock_base, demand_base, shock_base, chokepoint_base;
    /* Each agent's kind, one byte (index into sc_agent_kinds), so that the
     * dispatch of an event reads a table that stays in cache. */
    uint8_t *kind; /* [n_agents] */
    /* Per-stock daily series, day-major ([day][stock], see sc_stock_day):
     * units ordered from each stock, ordered by it, and (with information
     * sharing, else NULL) end demand seen through it. */
    double *stock_demand, *stock_orders, *stock_shared;
    /* The random streams (sc_rng; world.c, "Random streams"): for purpose
     * p, those of agents rng_from[p] to rng_to[p] - 1, the span of the
     * agents that draw for p, at index rng_off[p] + agent (mod 2^64). */
    sc_stream *rng;
    size_t rng_off[SC_RNG_PURPOSES];
    uint32_t rng_from[SC_RNG_PURPOSES], rng_to[SC_RNG_PURPOSES];

    sc_stock_state *stocks;
    sc_port_state *ports;         /* [n_nodes], used by ports */
    sc_producer_state *producers; /* [n_nodes], used by suppliers and plants */
    sc_lane_state *lanes;
    sc_demand_state *demands;
    double (*ledger)[SC_LEDGER_COLUMNS]; /* [n_actors] */

    sc_pool shipments, jobs, backorders;
    double *served_day, *demand_day; /* end customers, per day */

    /* Shocks: the definitions this world runs (the scenario's, or a stress
     * test's), which of them are on in this replication, what happened. */
    const sc_shock *shocks;
    int n_shocks;
    bool *shock_on;
    sc_shock_instance *instances;
    int n_instances, cap_instances;
    sc_node_effects *node_fx; /* read through sc_node_fx */
    sc_lane_effects *lane_fx; /* read through sc_lane_fx */
    bool calm;                /* no shock in force: every node and lane neutral */
    sc_chokepoint_state *chokepoints;
    bool *watched;                /* [n_chokepoints] some shock can close or slow it */
    bool *def_active;             /* [n_shocks] scratch: some instance is in force */
    sc_node_effects *old_node_fx; /* scratch: effects before a change */
    sc_lane_effects *old_lane_fx;
    int *old_closed;               /* [n_chokepoints] */
    sc_demand_bound *demand_bound; /* [n_demands] */

    /* Mitigations in force in this replication and their runtime state. */
    bool *mit_on; /* [n_mitigations] */
    uint32_t mitigation_base;
    int *actor_reroute;  /* [n_actors] reroute mitigation of the actor, or -1 */
    bool any_reroute;    /* some actor has one: else no shipment need be looked at */
    int *def_warning;    /* [n_shocks] early_warning mitigation covering it, or -1 */
    double *warn_until;  /* [n_shocks] announced as coming until then */
    double *warn_onset;  /* [n_shocks] the announced onset */
    double *learn_marks; /* [cap_instances][n_stocks] short_units at each onset */
    struct sc_router *router;
    sc_path **arena; /* routes made during the run, freed at reset */
    size_t n_arena, cap_arena;
    struct sc_trace *trace;   /* the viewer's recorder (trace.h), NULL: not tracing */
    int *demand_chain;        /* stocking points each demand row flows through */
    int *demand_chain_at;     /* [n_demands + 1] offsets into demand_chain */
    bool prefetch;            /* big enough for prefetch_next (world.c) to pay */
    bool sharing;             /* some info_sharing mitigation exists: keep stock_shared */
    int *node_stocks;         /* stocking points grouped by node, in index order */
    int *node_stocks_at;      /* [n_nodes + 1] offsets into node_stocks */
    int *market_demands;      /* demand rows grouped by market, in index order */
    int *market_demands_at;   /* [n_nodes + 1] offsets into market_demands */
    const volatile int *stop; /* may be NULL: when non-zero, sc_world_run stops */
    bool interrupted;         /* sc_world_run stopped because of `stop` */
};

/* A world for `sc` whose shocks are shocks[n_shocks] (normally the
 * scenario's own list).  NULL when out of memory. */
sc_world *sc_world_alloc(const sc_scenario *sc, const sc_shock *shocks, int n_shocks);
void sc_world_free(sc_world *w);

/* Prepares replication `rep` of an experiment with `seed`: clears all state,
 * re-keys the random streams and lets every agent schedule its first events.
 * shock_on[n_shocks] says which shocks may happen (NULL: none, the twin). */
void sc_world_reset(sc_world *w, uint64_t seed, uint64_t rep, double horizon, double warmup,
                    const bool *shock_on, const bool *mitigation_on);

/* Processes events until the horizon; false if memory ran out or, with
 * w->interrupted set, `stop` was raised (checked every 65536 events, so a
 * replication of a huge network still reacts to Ctrl-C promptly). */
bool sc_world_run(sc_world *w);

/* Agent `agent`'s random stream for `purpose`. */
static inline gsl_rng *sc_rng(sc_world *w, uint32_t agent, int purpose)
{
    assert(agent >= w->rng_from[purpose] && agent < w->rng_to[purpose] &&
           "an agent drew for a purpose its family has no streams for");
    return &w->rng[w->rng_off[purpose] + agent].rng;
}

/* The agent kinds, indexed by w->kind: node kinds first (SC_NODE_KINDS of
 * them), then lane, stocking point, demand stream, shock, chokepoint and
 * mitigation. */
extern const sc_agent_type *const sc_agent_kinds[];

static inline const sc_agent_type *sc_agent_of(const sc_world *w, uint32_t agent)
{
    return sc_agent_kinds[w->kind[agent]];
}

/* Day `day` of stock k's entry in a per-stock daily series.  The series are
 * day-major: the events of one day touch one row of all stocks, which stays
 * in cache, where an array per stock cost a cache miss per touch on big
 * networks (16,000 stocks: 128 kB a row, 47 MB a year). */
static inline double *sc_stock_day(const sc_world *w, double *series, int k, int day)
{
    return &series[(size_t)day * (size_t)w->sc->n_stocks + (size_t)k];
}

static inline bool sc_measuring(const sc_world *w)
{
    return w->now >= w->warmup;
}

/* Day index of the current time, clamped to the horizon. */
static inline int sc_day(const sc_world *w)
{
    int d = (int)w->now;
    return d < w->n_days ? d : w->n_days - 1;
}

static inline sc_event_handle sc_schedule(sc_world *w, double at, uint32_t target, uint32_t type,
                                          uint32_t arg, double value)
{
    return sc_queue_push(w->queue, at, target, type, arg, value);
}

/* Books `amount` to an actor's ledger column (only after warm-up). */
void sc_book(sc_world *w, int actor, sc_pnl column, double amount);

/* A payment between two actors; nothing when they are the same firm. */
void sc_pay(sc_world *w, int payer, int payee, double amount, sc_pnl paid_as, sc_pnl earned_as);

/* ---- goods movement (shipment.c) ---- */

/* Sends qty of item from node `from` to dest: pays for the goods when the
 * buyer is another firm, then ships along the route or delivers at once. */
void sc_send(sc_world *w, int from, int seller, int item, double qty, sc_dest dest);

/* Moves a shipment on: takes its next lane or, at the end, delivers it. */
void sc_shipment_move(sc_world *w, uint32_t shipment);

/* Hands goods to their destination. */
void sc_deliver(sc_world *w, sc_dest dest, double qty);

/* ---- stocking points (policy/inventory.c, agents/stock_point.c) ---- */

/* A customer order of qty for stocking point k, to be shipped to dest. */
/* Returns the units shipped at once from stock. */
double sc_stock_demand(sc_world *w, int k, sc_dest dest, double qty);
void sc_stock_receive(sc_world *w, int k, double qty);
/* Applies the inventory policy: places a replenishment order if it says so. */
void sc_stock_review(sc_world *w, int k);

/* ---- production (agents/production.c) ---- */

/* Orders qty of item from producer node, to be sent to dest when made. */
void sc_produce(sc_world *w, int node, int item, double qty, sc_dest dest);
void sc_job_inputs_arrived(sc_world *w, uint32_t job, double qty);
void sc_production_done(sc_world *w, uint32_t job);
/* Event handler shared by suppliers and plants. */
void sc_producer_handle(sc_world *w, const sc_event *ev);

/* ---- lanes (agents/lane.c) ---- */

/* Books shipment onto lane's next departure(s), splitting it when a
 * departure is full, and schedules its arrival. */
void sc_lane_dispatch(sc_world *w, int lane, uint32_t shipment);

/* Sends a shipment on from the watched chokepoint it has just passed,
 * `delay` days later, towards the next one or the lane's end. */
void sc_lane_sail(sc_world *w, uint32_t shipment, double delay);

/* ---- ports (agents/port.c) ---- */
void sc_port_arrival(sc_world *w, int node, uint32_t shipment);

/* ---- reactions to shocks starting or ending (shocks.c calls these) ---- */
void sc_producer_capacity_changed(sc_world *w, int node, double old_capacity);
void sc_port_capacity_changed(sc_world *w, int node);
void sc_stock_node_reopened(sc_world *w, int node);
void sc_lane_reopened(sc_world *w, int lane);
void sc_chokepoint_reopened(sc_world *w, int chokepoint);

/* ---- mitigations (sim/policy/) ---- */

/* Announces shock row `def` coming at `onset` if it is warned (draws the
 * warning whether or not a warning service is on, for common random numbers). */
void sc_warning_consider(sc_world *w, uint32_t shock_agent, int def, double onset);
void sc_warning_received(sc_world *w, int def, double onset);
void sc_learning_onset(sc_world *w, int instance);
void sc_learning_update(sc_world *w, int mitigation, int instance);
/* The extra order-up-to target learning has given stocking point k now. */
double sc_learned_target(const sc_world *w, int k);

/* Whether a lane, node or chokepoint is known to be down now: shut by a shock
 * in force, or announced by an early warning. */
bool sc_known_down_node(const sc_world *w, int node);
bool sc_known_down_lane(const sc_world *w, int lane);

/* Rerouting: before a shipment takes its next lane, and when a ship reaches
 * a closed chokepoint (true: it diverted). */
void sc_reroute_before_departure(sc_world *w, uint32_t shipment);
bool sc_divert_at_chokepoint(sc_world *w, uint32_t shipment, int chokepoint);

/* Sourcing: the route (source) a replenishment order of k takes now, its
 * premium, and transshipment between sister warehouses. */
int sc_sourcing_route(sc_world *w, int k);
void sc_transship(sc_world *w, int k);

/* Information sharing: the per-stock daily series k forecasts from (read
 * k's entries with sc_stock_day). */
double *sc_demand_signal(const sc_world *w, int k, int *lag_days);

/* Pooled warehouse: serve what the primary cannot from another stocking
 * point of the market; returns the units served at once. */
double sc_pooled_serve(sc_world *w, int demand, double qty);

/* Routes of the run (kept until the next reset); NULL when out of memory. */
sc_path *sc_arena_path(sc_world *w, const int *lanes, int n);

/* Whether a shock's target covers a node (a node, or a node of a region) or
 * a lane (a lane, or a lane through a chokepoint). */
bool sc_shock_covers_node(const sc_world *w, const sc_shock *s, int node);
bool sc_shock_covers_lane(const sc_world *w, const sc_shock *s, int lane);

/* The neutral effects, which every node and lane has while no shock is in
 * force. */
extern const sc_node_effects sc_calm_node;
extern const sc_lane_effects sc_calm_lane;

/* The effects of the shocks in force on node n and lane l.  While none is
 * in force (most of the time, and always in a twin) they are the neutral
 * ones, read from one cached record instead of a miss each on big
 * networks; the values are the same either way. */
static inline const sc_node_effects *sc_node_fx(const sc_world *w, int n)
{
    return w->calm ? &sc_calm_node : &w->node_fx[n];
}

static inline const sc_lane_effects *sc_lane_fx(const sc_world *w, int l)
{
    return w->calm ? &sc_calm_lane : &w->lane_fx[l];
}

/* Whether a node is shut by a full outage. */
static inline bool sc_node_down(const sc_world *w, int node)
{
    return sc_node_fx(w, node)->capacity <= 0;
}

/* Whether stocking point k's node is shut; while calm without reading which
 * node that is (a miss on big networks). */
static inline bool sc_stock_down(const sc_world *w, int k)
{
    return !w->calm && sc_node_down(w, w->sc->stocks[k].node);
}

#endif
