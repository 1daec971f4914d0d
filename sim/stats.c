/* Summary statistics across replications (see sctwin/stats.h). */
#include "sctwin/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const sc_metric_field sc_metric_fields[] = {
    {"fill_rate", offsetof(sc_rep_metrics, fill_rate)},
    {"resistance", offsetof(sc_rep_metrics, resistance)},
    {"tts", offsetof(sc_rep_metrics, tts)},
    {"ttr", offsetof(sc_rep_metrics, ttr)},
    {"recovery_level", offsetof(sc_rep_metrics, recovery_level)},
    {"loss", offsetof(sc_rep_metrics, loss)},
    {"adaptation", offsetof(sc_rep_metrics, adaptation)},
    {"revenue", offsetof(sc_rep_metrics, revenue)},
    {"cost", offsetof(sc_rep_metrics, cost)},
    {"profit", offsetof(sc_rep_metrics, profit)},
    {"profit_impact", offsetof(sc_rep_metrics, profit_impact)},
    {"lost_units", offsetof(sc_rep_metrics, lost_units)},
    {"backlog_days", offsetof(sc_rep_metrics, backlog_days)},
    {"bullwhip", offsetof(sc_rep_metrics, bullwhip)},
    {"mitigation_cost", offsetof(sc_rep_metrics, mitigation_cost)},
};
const int sc_metric_field_count = (int)(sizeof sc_metric_fields / sizeof *sc_metric_fields);

int sc_summarise(const double *x, size_t n, size_t stride, sc_summary *out)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride])) v[m++] = x[i * stride];
    *out = (sc_summary){m, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (m > 0) {
        gsl_sort(v, 1, m);
        out->mean = gsl_stats_mean(v, 1, m);
        out->p05 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.05);
        out->p50 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.50);
        out->p95 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.95);
        double tail = 0;
        size_t k = 0;
        for (size_t i = 0; i < m; i++)
            if (v[i] >= out->p95) {
                tail += v[i];
                k++;
            }
        out->cvar95 = tail / (double)k;
    }
    if (m > 1) {
        out->sd = gsl_stats_sd_m(v, 1, m, out->mean);
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(m - 1)) * out->sd / sqrt((double)m);
        out->ci_lo = out->mean - half;
        out->ci_hi = out->mean + half;
    }
    free(v);
    return 0;
}

/* Value of a metric in replication `rep` of `arm`. */
static double value(const sc_results *r, int arm, int rep, size_t offset)
{
    size_t i = (size_t)arm * (size_t)r->replications + (size_t)rep;
    double v; /* by memcpy: the field is a double inside the struct */
    memcpy(&v, (const char *)&r->metrics[i] + offset, sizeof v);
    return v;
}

int sc_summarise_metric(const sc_results *r, int arm, size_t offset, sc_summary *out)
{
    return sc_summarise_paired(r, arm, -1, offset, out);
}

/* Without per-replication metrics in memory, the summaries that the store
 * computed from the file (per arm, and paired against the first arm). */
static int stored(const sc_results *r, int arm, int base, size_t offset, sc_summary *out)
{
    const sc_summary *t = base < 0 ? r->summary : base == 0 ? r->paired : NULL;
    for (int f = 0; t && f < sc_metric_field_count; f++)
        if (sc_metric_fields[f].offset == offset) {
            *out = t[(size_t)arm * (size_t)sc_metric_field_count + (size_t)f];
            return 0;
        }
    return -1;
}

int sc_summarise_paired(const sc_results *r, int arm, int base, size_t offset, sc_summary *out)
{
    if (!r->metrics) return stored(r, arm, base, offset, out);
    size_t n = (size_t)r->replications;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) return -1;
    for (size_t i = 0; i < n; i++) {
        double x = value(r, arm, (int)i, offset);
        d[i] = base < 0 ? x : x - value(r, base, (int)i, offset);
    }
    int rc = sc_summarise(d, n, 1, out);
    free(d);
    return rc;
}
