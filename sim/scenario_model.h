/*
 * The layout of a loaded scenario (private to the library).  Every reference
 * between tables is resolved to an index at load time, so the simulation
 * never looks an id up by string.  Numbers are in days, units of goods and
 * currency units as documented in docs/scenario-format.md.
 */
#ifndef SC_SCENARIO_MODEL_H
#define SC_SCENARIO_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "csv_table.h"
#include "sctwin/scenario.h"

typedef enum sc_node_kind {
    SC_SUPPLIER,
    SC_PLANT,
    SC_PORT,
    SC_WAREHOUSE,
    SC_MARKET,
    SC_NODE_KINDS
} sc_node_kind;

typedef enum sc_mode { SC_SEA, SC_AIR, SC_RAIL, SC_ROAD } sc_mode;

/* How a random duration is drawn from its mean and coefficient of variation. */
typedef enum sc_dist { SC_DIST_DETERMINISTIC, SC_DIST_EXPONENTIAL, SC_DIST_LOGNORMAL } sc_dist;

typedef enum sc_demand_dist {
    SC_DEMAND_POISSON,
    SC_DEMAND_NORMAL,
    SC_DEMAND_NEGBIN
} sc_demand_dist;

typedef enum sc_policy { SC_BASE_STOCK, SC_SS, SC_SQ, SC_FORECAST_OUT } sc_policy;

typedef enum sc_forecast { SC_FORECAST_MA, SC_FORECAST_ES } sc_forecast;

typedef enum sc_shock_kind {
    SC_SHOCK_NODE_OUTAGE,
    SC_SHOCK_LANE_CLOSURE,
    SC_SHOCK_CHOKEPOINT_CLOSURE,
    SC_SHOCK_TRANSIT_DELAY,
    SC_SHOCK_PORT_CONGESTION,
    SC_SHOCK_DEMAND_SURGE,
    SC_SHOCK_COST_SHOCK
} sc_shock_kind;

typedef enum sc_target_kind {
    SC_TARGET_NODE,
    SC_TARGET_LANE,
    SC_TARGET_CHOKEPOINT,
    SC_TARGET_REGION
} sc_target_kind;

typedef struct sc_actor {
    char *id, *name, *kind;
} sc_actor;

typedef struct sc_node {
    char *id, *name;
    sc_node_kind kind;
    int actor;
    int region; /* index into sc_scenario.regions, -1 when none */
    double lat, lon;
    double capacity_per_day; /* INFINITY when unlimited */
    double prod_days;
    int berths;
    double handle_days, handle_cv;
    sc_dist handle_dist;
    double customs_days, customs_cv;
    double fixed_cost_per_day;
    double port_fee_per_unit; /* ports: charged per unit berthed */
} sc_node;

typedef struct sc_item {
    char *id, *name;
    double unit_value;
    double holding_rate_per_year;
    double price; /* NAN when not given */
} sc_item;

typedef struct sc_bom_line {
    int plant, output, input;
    double qty;
    int input_stock; /* the plant's stocking point of the input */
} sc_bom_line;

typedef struct sc_lane {
    char *id;
    int from, to, carrier;
    sc_mode mode;
    double transit_days, transit_cv;
    double departure_every_days; /* 0: every shipment departs at once */
    double capacity;             /* per departure; INFINITY when unlimited */
    double cost_per_unit;
    int *via; /* chokepoint indices */
    int n_via;
} sc_lane;

/* A route: the lanes a shipment takes from one node to another, in order. */
typedef struct sc_path {
    int *lanes;
    int n_lanes;
    int first; /* lanes[0] when n_lanes > 0: known without a load from `lanes` */
} sc_path;

typedef struct sc_demand {
    int market, item;
    double mean_per_day, cv;
    sc_demand_dist dist;
    double season_amplitude, season_peak_day;
    double price;            /* resolved: demand.price, else items.price, else unit_value */
    double patience_days;    /* INFINITY: backlog without limit; 0: lost at once */
    double penalty_per_unit; /* charged to the seller per unit not served on time */
    int stock;               /* the primary stocking point serving it */
    sc_path path;            /* from the stocking node to the market */
    int *others;             /* other stocking points with a lane into the market */
    sc_path *other_paths;    /* [n_others] their routes to the market */
    int n_others;
} sc_demand;

typedef struct sc_stock {
    int node, item;
    sc_policy policy;
    int source; /* node index; == node when made here */
    double review_days;
    double s, S, Q;
    double safety_days;
    sc_forecast forecast;
    int window;
    double alpha;
    int *backups;
    int n_backups;
    double initial;
    sc_path path;          /* from the source node to this node */
    int source_stock;      /* the source's stocking point for this item, or -1 */
    int actor;             /* its node's actor, copied here: one miss less per shipment */
    sc_path *backup_paths; /* [n_backups] from each backup to this node */
    int *backup_stocks;    /* [n_backups] the backup's stocking point of the item, or -1 */
    sc_path fast_path;     /* fastest route from the source (for expediting) */
    int *downstream;       /* demand rows whose end demand flows through here */
    int n_downstream;
} sc_stock;

typedef struct sc_shock {
    char *id;
    sc_shock_kind kind;
    sc_target_kind target_kind;
    int target;           /* node, lane, chokepoint or region index */
    double start_day;     /* NAN when random */
    double rate_per_year; /* 0 when scheduled */
    double duration_days, duration_cv;
    double severity;
    double warning_days, warning_prob;
} sc_shock;

typedef enum sc_mitigation_kind {
    SC_MIT_EARLY_WARNING,
    SC_MIT_REROUTE,
    SC_MIT_BACKUP,
    SC_MIT_TRANSSHIP,
    SC_MIT_EXPEDITE,
    SC_MIT_SHARING,
    SC_MIT_LEARNING,
    SC_MIT_POOLED,
    SC_MIT_KINDS
} sc_mitigation_kind;

#define SC_MIT_PARAMS 3

/* The parameters each mitigation kind takes in `params` (k=v;k=v), with
 * their defaults; see docs/mitigations.md. */
typedef struct sc_mitigation_spec {
    const char *kind;
    const char *names[SC_MIT_PARAMS];
    double defaults[SC_MIT_PARAMS];
    bool target_shock; /* the target is a shock id (else a node id) */
    bool target_required;
} sc_mitigation_spec;

extern const sc_mitigation_spec sc_mitigation_specs[SC_MIT_KINDS];

typedef struct sc_mitigation {
    char *id;
    sc_mitigation_kind kind;
    int owner;
    double cost_per_year;
    int target;              /* node or shock index; -1: all within the owner's reach */
    double p[SC_MIT_PARAMS]; /* parameters, in the order of the kind's spec */
} sc_mitigation;

/* An experiment arm: which shocks and mitigations are in force. */
typedef struct sc_arm {
    char *name;
    bool *shock_on;      /* [n_shocks] */
    bool *mitigation_on; /* [n_mitigations] */
} sc_arm;

typedef struct sc_scenario_table {
    char *name; /* "nodes", ... */
    sc_table table;
} sc_scenario_table;

struct sc_scenario {
    char *name;
    sc_actor *actors;
    int n_actors;
    sc_node *nodes;
    int n_nodes;
    sc_item *items;
    int n_items;
    sc_bom_line *bom;
    int n_bom;
    /* The BOM lines of plant n are bom[bom_of_plant[bom_start[n] .. bom_start[n + 1])],
     * in file order: a production job reads its plant's lines only. */
    int *bom_start, *bom_of_plant;
    sc_lane *lanes;
    int n_lanes;
    sc_demand *demands;
    int n_demands;
    sc_stock *stocks;
    int n_stocks;
    sc_shock *shocks;
    int n_shocks;
    sc_mitigation *mitigations;
    int n_mitigations;
    char **chokepoints;
    int n_chokepoints;
    char **regions;
    int n_regions;
    sc_experiment_settings experiment;
    bool route_fastest;
    sc_arm *arms; /* at least one: "baseline" with every shock when none is declared */
    int n_arms;
    int share_arm;      /* experiment.csv share_arm, or -1 */
    int share_rules[8]; /* experiment.csv rules (sc_rule values), in order */
    int n_share_rules;
    sc_scenario_table *tables;
    int n_tables;
};

/* Index of the stocking point of (node, item), or -1. */
int sc_scenario_stock_at(const sc_scenario *sc, int node, int item);

#endif
