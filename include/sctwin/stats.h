/*
 * Statistics across replications: mean, standard deviation, 95% confidence
 * interval of the mean (Student t), 5/50/95 percentiles.  NaN values (a
 * statistic that did not apply in some replication) are left out.
 */
#ifndef SCTWIN_STATS_H
#define SCTWIN_STATS_H

#include <stddef.h>

typedef struct sc_summary {
    size_t n; /* values that were not NaN */
    double mean, sd, ci_lo, ci_hi, p05, p50, p95;
} sc_summary;

/* Summarises x[0], x[stride], ... (n values).  Returns 0 on success, -1 when
 * out of memory. */
int sc_summarise(const double *x, size_t n, size_t stride, sc_summary *out);

#endif
