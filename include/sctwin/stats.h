/*
 * Statistics across replications: mean, standard deviation, 95% confidence
 * interval of the mean (Student t), 5/50/95 percentiles and CVaR95 (the mean
 * of the values at or above the 95th percentile: for loss, the expected loss
 * of the worst 5% of replications).  NaN values (a statistic that did not
 * apply in some replication) are left out.
 */
#ifndef SCTWIN_STATS_H
#define SCTWIN_STATS_H

#include <stddef.h>

#include "sctwin/experiment.h"

typedef struct sc_summary {
    size_t n; /* values that were not NaN */
    double mean, sd, ci_lo, ci_hi, p05, p50, p95, cvar95;
} sc_summary;

/* Summarises x[0], x[stride], ... (n values).  Returns 0 on success, -1 when
 * out of memory. */
int sc_summarise(const double *x, size_t n, size_t stride, sc_summary *out);

/* The per-replication metrics that are summarised, by name and offset in
 * sc_rep_metrics. */
typedef struct sc_metric_field {
    const char *name;
    size_t offset;
} sc_metric_field;

#define SC_PROFIT_IMPACT offsetof(sc_rep_metrics, profit_impact)

extern const sc_metric_field sc_metric_fields[];
extern const int sc_metric_field_count;

/* Summary of one metric of one arm. */
int sc_summarise_metric(const sc_results *r, int arm, size_t offset, sc_summary *out);

/* Summary of the paired differences arm - base of one metric, over the
 * replications where both are defined (common random numbers make the
 * interval much tighter than that of either arm). */
int sc_summarise_paired(const sc_results *r, int arm, int base, size_t offset, sc_summary *out);

#endif
