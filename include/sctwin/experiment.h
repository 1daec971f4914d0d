/*
 * Monte Carlo experiments: replications of a scenario, each an independent
 * discrete-event run keyed by (seed, replication), run in parallel with
 * OpenMP.  Results are indexed by replication, so they are the same bits
 * whatever the number of threads.
 */
#ifndef SCTWIN_EXPERIMENT_H
#define SCTWIN_EXPERIMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "sctwin/scenario.h"
#include "sctwin/status.h"

/* One replication's headline figures (a row of /arms/<arm>/metrics).
 * Money in currency units over the measured window (after warm-up), units
 * of goods, days.  Resilience fields are NaN until shocks are simulated. */
typedef struct sc_rep_metrics {
    int32_t rep;
    uint64_t seed;
    double fill_rate;       /* end-customer units served on time / demanded */
    double resistance;      /* min q(t) over the disruption window */
    double tts;             /* days from onset until q < 0.95 */
    double ttr;             /* days from onset until q >= 0.95 for 7 days */
    double recovery_level;  /* of that shock: q after recovery / q before onset */
    double loss;            /* integral of 1 - q(t), days */
    double adaptation;      /* 1 - loss_last / loss_first over repeated shocks */
    double revenue;         /* end-customer sales */
    double cost;            /* revenue - profit: what the network spent */
    double profit;          /* sum of all actors' profits */
    double lost_units;      /* end-customer units lost (impatient or lost sales) */
    double bullwhip;        /* max over stocking points of Var(orders)/Var(demand) */
    double mitigation_cost; /* yearly costs of the mitigations in force, for the window */
    double profit_impact;   /* profit minus the profit of the arm's counterfactual twin */
    double backlog_days;    /* mean days an end-customer unit served late waited */
    uint64_t events;        /* events processed */
} sc_rep_metrics;

/* Per node and replication (a cell of /arms/<arm>/nodes); NaN where a
 * statistic does not apply to the node's kind. */
typedef struct sc_node_stats {
    double wait_days;      /* ports: mean wait for a berth per vessel call */
    double utilisation;    /* ports: busy berths / berths; producers with finite capacity */
    double fill_rate;      /* stocking nodes: units filled at once / ordered; markets: on time */
    double mean_inventory; /* stocking nodes: time-average units on hand */
    double mean_backlog;   /* stocking nodes: time-average units backordered */
    double orders_var;     /* stocking nodes: variance of daily units ordered */
    double demand_var;     /* stocking nodes: variance of daily units demanded */
} sc_node_stats;

/* Ledger columns of each actor. */
enum {
    SC_LEDGER_SALES,
    SC_LEDGER_B2B_SALES,
    SC_LEDGER_FREIGHT_INCOME,
    SC_LEDGER_PURCHASES,
    SC_LEDGER_FREIGHT,
    SC_LEDGER_HOLDING,
    SC_LEDGER_FIXED,
    SC_LEDGER_TARIFFS,
    SC_LEDGER_MITIGATION,
    SC_LEDGER_PORT_FEE_INCOME, /* appended, so the older columns keep their index */
    SC_LEDGER_PORT_FEES,
    SC_LEDGER_PENALTIES,
    SC_LEDGER_COLUMNS
};

extern const char *const sc_ledger_column_names[SC_LEDGER_COLUMNS];

/* Income (sales, goods sold, freight earned) and costs of one ledger row. */
double sc_ledger_income(const double *ledger_row);
double sc_ledger_costs(const double *ledger_row);

/* One shock instance's metrics (a row of /arms/<arm>/shocks). */
typedef struct sc_shock_row {
    int32_t rep;
    int32_t shock;     /* row of the shock list (shocks.csv, or the stress test's) */
    double onset, end; /* days */
    double resistance, tts, ttr, loss;
    double recovery_level; /* q over the week after recovery / the week before onset */
} sc_shock_row;

/* A block of finished replications of one arm, handed to the sink in
 * replication order so results can be streamed to a file. */
typedef struct sc_batch {
    int arm; /* index among the experiment's arms */
    int first_rep, n;
    int n_nodes, n_actors, n_days;
    const sc_rep_metrics *metrics; /* [n] */
    const sc_node_stats *nodes;    /* [n][n_nodes] */
    const double *ledger;          /* [n][n_actors][SC_LEDGER_COLUMNS] */
    const float *curve;            /* [n][n_days]: q(t) */
    const sc_shock_row *shocks;    /* [n_shocks], by replication then onset */
    int n_shocks;
} sc_batch;

typedef struct sc_results sc_results;

typedef sc_status (*sc_batch_fn)(void *ctx, const sc_batch *batch);
typedef void (*sc_progress_fn)(void *ctx, int done, int total);

typedef struct sc_experiment_config {
    int replications;
    uint64_t seed;
    double horizon_days, warmup_days;
    int threads;     /* 0: OpenMP's default */
    const int *arms; /* indices of the scenario's arms to run; NULL: all */
    int n_arms;
    sc_batch_fn sink; /* may be NULL; called from one thread, in order */
    void *sink_ctx;
    sc_progress_fn progress; /* may be NULL; called from one thread at a time */
    void *progress_ctx;
    const volatile int *stop; /* may be NULL; when it becomes non-zero the run
                                 stops after the current batch */
    /* Resuming: replications [0, first_rep) are not run but taken from
     * `done`, results of the same arms and replications filled that far
     * (sc_store_resume makes them); the rest run as they would have. */
    int first_rep;
    const sc_results *done;
    /* Keep no per-replication metrics in memory (they are in the results
     * file): memory then does not grow with the replications, and the
     * summaries come from the file (sc_store_finish fills them in). */
    bool discard_metrics;
} sc_experiment_config;

/* The config a scenario's experiment.csv asks for (every arm). */
sc_experiment_config sc_experiment_defaults(const sc_scenario *sc);

/* What stays in memory after a run: per arm and replication the headline
 * metrics, and per arm and actor the mean income and costs.  Arm a's
 * replication r is at [a * replications + r]. */
struct sc_results {
    int n_arms, replications, n_actors;
    char **arm_names;        /* [n_arms] */
    sc_rep_metrics *metrics; /* [n_arms * replications], NULL with discard_metrics */
    /* Summaries per arm and metric field [n_arms * sc_metric_field_count],
     * and of the paired differences arm - first arm (same shape), filled by
     * sc_store_finish; NULL before. */
    struct sc_summary *summary, *paired;
    double *actor_income; /* [n_arms * n_actors], mean per replication */
    double *actor_costs;  /* [n_arms * n_actors] */
    uint64_t events;      /* all runs, counterfactual twins included */
    double elapsed_s;     /* wall-clock seconds */
    double sink_s;        /* of which in the sink (writing results) */
    int threads;          /* threads used (per MPI rank) */
    int ranks;            /* MPI ranks that ran it (1 without mpirun) */
};

sc_status sc_experiment_run(const sc_scenario *sc, const sc_experiment_config *cfg,
                            sc_results **out);
void sc_results_free(sc_results *r);

/* Empty results (every metric 0, the actor sums 0) for n_arms arms of reps
 * replications; NULL when out of memory. */
sc_results *sc_results_alloc(int n_arms, int reps, int n_actors, const char *const *arm_names,
                             bool keep_metrics);
/* Adds one replication's ledger [n_actors][SC_LEDGER_COLUMNS] of an arm to
 * the actor means; called in replication order, the sums are the same bits
 * however the replications were batched. */
void sc_results_add_ledger(sc_results *r, int arm, const double *ledger);

#endif
