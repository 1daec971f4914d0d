/*
 * The synthetic network generator behind `sctwin generate`: a random but
 * plausible global supply network of N nodes (suppliers and plants in
 * Asia around real export ports, import ports on the coasts of Europe and
 * North America, warehouses inland of them, markets around the
 * warehouses), with lanes between consecutive tiers, sea lanes through
 * the chokepoints geography puts on their route, base-stock levels sized
 * to the demand they serve, and a two-arm experiment (baseline, shocked).
 *
 * Same options, same bytes: every random choice comes from streams keyed
 * by the seed (sim/core/rng.h), and the writer prints fixed decimals.
 */
#ifndef SC_GENERATE_H
#define SC_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#include "sctwin/status.h"

#define SC_GEN_MIN_NODES 10L
#define SC_GEN_MAX_NODES 1000000L
#define SC_GEN_MAX_LANES_PER_NODE 20L

typedef struct sc_gen_options {
    long nodes;          /* exactly this many nodes, in [SC_GEN_MIN_NODES, SC_GEN_MAX_NODES] */
    long lanes;          /* 0: the network's own lanes; else exactly this many (adds lanes) */
    uint64_t seed;       /* the generator's seed, also the experiment's */
    double horizon_days; /* experiment.csv horizon_days */
    long replications;   /* experiment.csv replications */
} sc_gen_options;

typedef struct sc_gen_network sc_gen_network;

/* Builds the network in memory.  SC_ERR_INPUT with a message in err when
 * the options cannot be met (too few lanes asked for, too many), SC_ERR_NOMEM. */
sc_status sc_gen_build(const sc_gen_options *opt, sc_gen_network **out, char *err, size_t n_err);

/* Node and lane counts of a built network. */
long sc_gen_node_count(const sc_gen_network *g);
long sc_gen_lane_count(const sc_gen_network *g);

/* Writes the bundle's CSV files into the existing folder dir.  SC_ERR_IO
 * with a message in err when a file cannot be written. */
sc_status sc_gen_write(const sc_gen_network *g, const char *dir, char *err, size_t n_err);

/* Frees a network; NULL is a no-op. */
void sc_gen_free(sc_gen_network *g);

#endif
