/*
 * `sctwin report`: what a results file holds that the report shows
 * (report_read.c), the figures drawn from it (report_figures.c, with the
 * chart helpers of plot.h) and the page that shows them (report_html.c).
 * Linked into the sctwin executable only: the engine never sees cairo.
 */
#ifndef SC_REPORT_H
#define SC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { RP_NAME = 96 };

typedef struct rp_arm {
    char name[RP_NAME];
    double *q_mean, *q_p05, *q_p95; /* [days]: q(d) across replications */
    double *ttr, *loss;             /* [replications]; ttr NaN without a shock */
} rp_arm;

typedef struct rp_summary_row {
    char arm[RP_NAME], metric[24];
    int64_t n;
    double mean, sd, ci_lo, ci_hi, p05, p50, p95, cvar95;
} rp_summary_row;

typedef struct rp_stress_row {
    char element[RP_NAME], kind[16];
    double rank, loss, loss_ci_lo, loss_ci_hi, tts, ttr, profit_impact;
} rp_stress_row;

typedef struct rp_share_row {
    char actor[RP_NAME];
    double allocation, ci_lo, ci_hi, standalone, gain;
} rp_share_row;

typedef struct rp_rule {
    char name[RP_NAME];
    rp_share_row *rows;
    int n;
} rp_rule;

typedef struct rp_data {
    char scenario[RP_NAME], version[32], created[32], command[2048];
    uint64_t seed;
    int replications, days;
    double horizon_days, warmup_days;
    rp_arm *arms;
    int n_arms;
    rp_summary_row *summary;
    size_t n_summary;
    rp_summary_row *paired; /* arm - first arm; sd, percentiles unused */
    size_t n_paired;
    rp_stress_row *stress; /* stress files only */
    size_t n_stress;
    rp_rule *rules; /* share files only */
    int n_rules;
} rp_data;

/* Reads a finished results file of `sctwin run`, `stress` or `share`.
 * Returns 0, 2 when the file is not one (message in err), 1 when reading
 * failed.  q(t) is read a block of days at a time, so memory is bounded
 * by a few megabytes whatever the number of replications. */
int rp_read(const char *path, rp_data *d, char *err, size_t err_n);
void rp_free(rp_data *d);

/* Percentile p in [0, 1] of x[0..n) sorted ascending, with linear
 * interpolation (as in /summary). */
double rp_percentile(const double *sorted, size_t n, double p);

/* Writes the figures (NAME.png and NAME.svg) and qt_band.csv into dir;
 * the names written go to names[] (at most 8).  Returns false with err. */
bool rp_write_figures(const rp_data *d, const char *dir, const char *names[], int *n_names,
                      char *err, size_t err_n);

/* Writes dir/index.html showing the figures and the tables. */
bool rp_write_html(const rp_data *d, const char *dir, const char *const names[], int n_names,
                   char *err, size_t err_n);

#endif
