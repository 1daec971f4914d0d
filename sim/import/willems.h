/*
 * Willems (2008) supply chains, read from either flavour of the data set's
 * CSV files, and turned into a plan of an sctwin scenario bundle.
 *
 * A chain is a directed acyclic graph of stages (each classified Part,
 * Manuf, Trans, Dist or Retail, with a stage time, its spread, a cost and,
 * at demand stages, a demand mean, standard deviation and service level)
 * joined by arcs from supplying to consuming stage.  sc_willems_read parses
 * a file into an sc_chain; sc_willems_plan maps the chain onto the model's
 * node kinds, items, bills of materials, lanes, stocking points and demand
 * (docs/import.md gives the mapping); sc_willems_write writes the plan as
 * CSV tables.  Everything is in days, units of goods and the chain's cost
 * unit.
 */
#ifndef SC_IMPORT_WILLEMS_H
#define SC_IMPORT_WILLEMS_H

#include <stdbool.h>

#include "sctwin/diag.h"
#include "sctwin/status.h"

typedef enum sc_stage_class {
    SC_STAGE_PART,
    SC_STAGE_MANUF,
    SC_STAGE_TRANS,
    SC_STAGE_DIST,
    SC_STAGE_RETAIL,
    SC_STAGE_CLASSES
} sc_stage_class;

/* The classification names as the data set spells them, by sc_stage_class. */
extern const char *const sc_stage_class_names[SC_STAGE_CLASSES];

typedef struct sc_stage {
    char *name;
    sc_stage_class cls;
    double time;    /* stage time, days */
    double time_sd; /* its standard deviation, 0 when not given */
    double cost;    /* cost added per unit at this stage */
    bool has_demand;
    double demand_mean, demand_sd; /* external demand per day */
    double z;                      /* service-level quantile, NAN when not given */
    double risk_pool;              /* exponent p of (sum sd^p)^(1/p) pooling, default 2 */
    int line;                      /* where the stage is defined */
} sc_stage;

typedef struct sc_arc {
    int from, to; /* stage indices: `from` supplies `to` */
    double qty;   /* units of `from` per unit of `to` */
    int line, col;
} sc_arc;

typedef struct sc_chain {
    sc_stage *stages;
    int n_stages;
    sc_arc *arcs;
    int n_arcs;
} sc_chain;

typedef enum sc_willems_format {
    SC_WILLEMS_AUTO,   /* by the header */
    SC_WILLEMS_SIMPLE, /* willems_NN.csv: stage_id, lead_time, ..., up_stages */
    SC_WILLEMS_FLAT    /* flat_NN.csv: the flattened XML, /chain then XPath columns */
} sc_willems_format;

/* Reads a chain from `path`.  Every problem is added to `diags` as
 * FILE:LINE:COLUMN and makes the call return SC_ERR_INPUT (SC_ERR_IO when
 * the file cannot be opened, also with a diagnostic).  On success the caller
 * frees *out with sc_chain_free. */
sc_status sc_willems_read(const char *path, sc_willems_format format, sc_chain *out,
                          sc_diags *diags);

void sc_chain_free(sc_chain *c);

/* What a stage becomes in the scenario. */
typedef enum sc_stage_role {
    SC_ROLE_SUPPLIER,  /* no upstream stage: goods enter the chain here */
    SC_ROLE_PLANT,     /* makes its own item from its upstream stages' items */
    SC_ROLE_WAREHOUSE, /* stocks its one upstream stage's item */
    SC_ROLE_MARKET,    /* end demand for its upstream stages' items */
    SC_ROLE_LANE       /* a Trans stage folded into the lanes through it */
} sc_stage_role;

typedef struct sc_plan_stage {
    sc_stage_role role;
    int item;           /* stage index of the item this stage holds or carries; -1 for markets */
    int origin;         /* stage index of the node its goods leave from (itself unless a lane) */
    double transit;     /* lanes: days of transit from `origin` up to and including this stage */
    double transit_var; /* its variance */
    int depth;          /* longest path in arcs to a stage with no downstream */
    double mu, sigma;   /* daily demand through the stage's stock (its own and downstream) */
    double z;           /* service-level quantile of that stock */
    double lead_days;   /* nominal replenishment lead time of the stock */
    double base_stock;  /* S = mu (L + 1) + z sigma sqrt(L + 1) */
    double unit_value;  /* cumulative cost of its item (own items only) */
    bool extra_market;  /* has external demand but is not a market: gets a market node */
    double lat, lon;
} sc_plan_stage;

/* A lane from one stage's node to another's (or to the market node of a
 * stage with external demand that is not itself a market). */
typedef struct sc_plan_lane {
    int from, to;
    bool to_market; /* to the market node of stage `to` */
    double transit, cv;
} sc_plan_lane;

/* A plant's bill of materials line: units of `input`'s item per unit of its own. */
typedef struct sc_plan_bom {
    int plant, input; /* stage indices; the input is an item (producing stage) */
    double qty;
} sc_plan_bom;

/* A stocking point: item `item` at stage `node`'s node, replenished from
 * stage `source`'s node; pass-through points (a plant's inputs) have S = 0. */
typedef struct sc_plan_stock {
    int node, item, source;
    double review_days, base_stock;
} sc_plan_stock;

/* End demand for `item` at the market of stage `market` (its own node, or
 * its market node when `at_market_node`). */
typedef struct sc_plan_demand {
    int market, item;
    bool at_market_node;
    double mean, sd;
} sc_plan_demand;

typedef struct sc_plan {
    const sc_chain *chain;
    sc_plan_stage *stages; /* [chain->n_stages] */
    sc_plan_lane *lanes;
    int n_lanes;
    sc_plan_bom *bom;
    int n_bom;
    sc_plan_stock *stocks; /* every stage's own stock first, then plants' inputs */
    int n_stocks;
    sc_plan_demand *demands;
    int n_demands;
    int outage_stage; /* stage of the default experiment's outage, -1 when none */
    int *dead_ends;   /* stages that supply no stage and have no demand of their own: */
    int n_dead_ends;  /* imported, but their goods go nowhere (worth a warning) */
} sc_plan;

/* Every lane's freight per unit: the same on each lane, so that the cheapest
 * route between two nodes is always the direct lane (fewest lanes). */
#define SC_WILLEMS_LANE_COST 0.01

/* The default service level where a chain gives none (z of 0.95). */
#define SC_WILLEMS_DEFAULT_SERVICE 0.95

/* Maps a chain onto the model.  A cycle among stages is reported at an arc
 * (file `path`) and returns SC_ERR_INPUT.  Free with sc_plan_free. */
sc_status sc_willems_plan(const sc_chain *chain, const char *path, sc_plan *out, sc_diags *diags);

void sc_plan_free(sc_plan *p);

/* The node kind a role becomes, as nodes.csv spells it.  SC_ROLE_LANE has
 * none (a folded Trans stage is no node) and is never asked. */
const char *sc_stage_role_name(sc_stage_role r);

/* Writes the bundle's CSV tables into the existing folder `dir`; SC_ERR_IO
 * (with errno set) when a file cannot be written. */
sc_status sc_willems_write(const sc_plan *plan, const char *dir);

#endif
