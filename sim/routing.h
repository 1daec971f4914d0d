/*
 * Routes over the lane network: Dijkstra from one node to all others, by cost
 * per unit then transit days ("cheapest") or the reverse ("fastest"), over
 * the lanes a filter lets through.  Used at load time for every route of the
 * scenario, and during a run for rerouting around disruptions.
 */
#ifndef SC_ROUTING_H
#define SC_ROUTING_H

#include <stdbool.h>

#include "scenario_model.h"

typedef struct sc_router sc_router;

/* Whether lane may be used; NULL means every lane. */
typedef bool (*sc_lane_filter)(void *ctx, int lane);

sc_router *sc_router_alloc(const sc_scenario *sc);
void sc_router_free(sc_router *R);

/* Shortest paths from src over usable lanes. */
void sc_router_run(sc_router *R, int src, bool fastest, sc_lane_filter usable, void *ctx);

/* The same, stopping as soon as the paths to dst[n_dst] are final (n_dst < 0:
 * every node).  Paths to other nodes are then only those found so far. */
void sc_router_run_to(sc_router *R, int src, bool fastest, sc_lane_filter usable, void *ctx,
                      const int *dst, int n_dst);

/* The path to dst found by the last run (malloc'd lanes); false when there is
 * none or memory ran out (*oom set). */
bool sc_router_path(const sc_router *R, int src, int dst, sc_path *out, bool *oom);

/* The same into buf[cap]: the number of lanes, or -1 when there is no path
 * or it does not fit. */
int sc_router_path_into(const sc_router *R, int src, int dst, int *buf, int cap);

#endif
