/*
 * The generated network in memory (private to sim/generate/): nodes by
 * tier in contiguous index ranges, lanes, stocking points, bills of
 * materials and demand streams, ready for the CSV writer.
 */
#ifndef SC_GENERATE_IMPL_H
#define SC_GENERATE_IMPL_H

#include <stdbool.h>

#include "generate/generate.h"
#include "generate/geo.h"

/* Tiers, in the order their nodes are numbered and written. */
enum { T_SUPPLIER, T_PLANT, T_EXPORT, T_IMPORT, T_WAREHOUSE, T_MARKET, T_TIERS };

#define GEN_MAX_PRODUCTS 2 /* products stocked per warehouse */

typedef struct gen_node {
    int tier;
    int anchor; /* index of its port's anchor (export or import table) */
    int copy;   /* ports: 0 for the first port at an anchor, 1, 2, ... for others */
    double lat, lon;
    double flow;                /* mean units/day ordered from it (suppliers, plants) */
    double capacity, prod_days; /* suppliers and plants; capacity 0: unlimited */
} gen_node;

typedef struct gen_lane {
    int from, to;
    bool sea;
    double days, cost;
    char via[96];
} gen_lane;

typedef struct gen_stock {
    int node, item, source;
    double review_days, S;
} gen_stock;

typedef struct gen_bom {
    int plant, output, input;
    int qty;
} gen_bom;

typedef struct gen_demand {
    int market, item;
    double mean, cv;
    bool normal;
    int stock; /* warehouse w, product k serving it: w * GEN_MAX_PRODUCTS + k */
} gen_demand;

typedef struct gen_item {
    bool product;
    int rank, family; /* components: comp{rank}_{family}; products: prod{family} */
    double unit_value;
} gen_item;

struct sc_gen_network {
    sc_gen_options opt;
    int first[T_TIERS + 1]; /* nodes of tier t: [first[t], first[t + 1]) */
    gen_node *nodes;
    int n_nodes;
    gen_item *items;
    int n_items, n_families;
    gen_lane *lanes;
    int n_lanes, cap_lanes, n_base_lanes;
    gen_stock *stocks;
    int n_stocks;
    gen_bom *bom;
    int n_bom;
    gen_demand *demands;
    int n_demands;
    char canal[16]; /* the chokepoint the shocked arm closes; empty if none */
};

/* Lane construction (generate_lanes.c). */
bool sc_gen_add_road(sc_gen_network *g, int from, int to);
bool sc_gen_add_sea(sc_gen_network *g, int from, int to);

/* Adds lanes until there are g->opt.lanes; false with a message when the
 * tiers cannot take that many distinct lanes. */
sc_status sc_gen_add_extra_lanes(sc_gen_network *g, char *err, size_t n_err);

/* Nodes of tier t and their count. */
static inline int sc_gen_count(const sc_gen_network *g, int t)
{
    return g->first[t + 1] - g->first[t];
}

/* The anchor a port node was placed at. */
const sc_geo_anchor *sc_gen_anchor(const sc_gen_network *g, int node);

#endif
