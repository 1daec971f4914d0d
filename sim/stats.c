/* Summary statistics across replications (see sctwin/stats.h). */
#include "sctwin/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

int sc_summarise(const double *x, size_t n, size_t stride, sc_summary *out)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride])) v[m++] = x[i * stride];
    *out = (sc_summary){m, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (m > 0) {
        gsl_sort(v, 1, m);
        out->mean = gsl_stats_mean(v, 1, m);
        out->p05 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.05);
        out->p50 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.50);
        out->p95 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.95);
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
