/*
 * From a finished replication's world to its results: headline metrics, the
 * per-node statistics and the closed ledger of every actor (holding and fixed
 * costs are booked here, from the time averages).
 */
#ifndef SC_REPLICATION_H
#define SC_REPLICATION_H

#include "sctwin/experiment.h"
#include "world.h"

/* Books the period's holding and fixed costs; returns the system profit
 * (sum over actors).  Call once per run. */
double sc_world_close_books(sc_world *w);

/* Closes the books, then fills metrics, nodes[n_nodes] and ledger[n_actors][SC_LEDGER_COLUMNS].
 * Returns false when out of memory. */
bool sc_replication_collect(sc_world *w, sc_rep_metrics *metrics, sc_node_stats *nodes,
                            double *ledger);

#endif
