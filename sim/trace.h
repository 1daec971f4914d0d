/*
 * The trace observer: what `sctwin trace` records of one replication for the
 * viewer (layout in docs/hdf5-layout.md, /trace).  The world holds a
 * pointer to it, NULL unless tracing; the agents call the hooks below only
 * when it is set, so an untraced run does exactly what it did before.
 */
#ifndef SC_TRACE_H
#define SC_TRACE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct sc_world sc_world;

/* One shipment on one lane: progress along the lane goes from 0 at `depart`
 * to end_progress at `arrive`, at 1/transit per day, frozen during holds. */
typedef struct sc_trace_leg {
    int32_t lane, item;
    double qty, depart, arrive, transit, end_progress; /* arrive NaN: still held */
} sc_trace_leg;

/* A ship held at a chokepoint (closed, or slowed by a transit delay). */
typedef struct sc_trace_hold {
    int32_t leg, chokepoint;
    double progress, start, end; /* end NaN: still held at the horizon */
} sc_trace_hold;

/* A node on a day (at the day's start). */
typedef struct sc_trace_node_day {
    double inventory, backlog; /* units, summed over the node's stocking points */
    double capacity;           /* 1 up, 0 down, between: a partial outage */
    int32_t queue, busy;       /* ports: vessels waiting for a berth / at one */
} sc_trace_node_day;

typedef struct sc_trace_choke_day {
    int32_t closed, waiting;
    double extra_days;
} sc_trace_choke_day;

typedef struct sc_trace_warning {
    int32_t shock;
    double at, onset;
} sc_trace_warning;

typedef struct sc_trace {
    sc_trace_leg *legs;
    int n_legs, cap_legs;
    sc_trace_hold *holds;
    int n_holds, cap_holds;
    sc_trace_warning *warnings;
    int n_warnings, cap_warnings;
    int n_nodes, n_chokepoints, n_days, day; /* next day to sample */
    sc_trace_node_day *node_days;            /* [n_days][n_nodes] */
    sc_trace_choke_day *choke_days;          /* [n_days][n_chokepoints] */
    int32_t *open_leg;                       /* [pool slot] the shipment's leg */
    double *reached;                         /* [pool slot] when it reached a chokepoint */
    uint32_t cap_slots;
    bool failed;
} sc_trace;

/* A trace for `w`'s scenario and horizon; NULL when out of memory. */
sc_trace *sc_trace_alloc(const sc_world *w);
void sc_trace_free(sc_trace *t);

/* Runs w (reset, with w->trace set) to its horizon, sampling node states at
 * the start of every day; false when memory ran out. */
bool sc_trace_run(sc_world *w);

/* Hooks (call only when w->trace is set). */
void sc_trace_depart(sc_world *w, uint32_t shipment, double at);
void sc_trace_arrive(sc_world *w, uint32_t shipment, double at);
void sc_trace_reach(sc_world *w, uint32_t shipment);
/* Before a ship sails on from the watched chokepoint it reached (sh->via). */
void sc_trace_sail(sc_world *w, uint32_t shipment, double leave);
void sc_trace_divert(sc_world *w, uint32_t shipment, double progress);
void sc_trace_warning_hook(sc_world *w, int shock, double onset);

#endif
