/* Reading a results file for the report (see report.h). */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* Curve values held at once while computing q(t)'s percentiles. */
enum { CURVE_BLOCK_VALUES = 1 << 20 };

typedef enum { F_F64, F_I64, F_STR } field_kind;

typedef struct field_spec {
    const char *name;
    size_t offset;
    field_kind kind;
    size_t str_size; /* F_STR: bytes of the char array */
} field_spec;

#define F64(T, f)                                                                                  \
    {                                                                                              \
#f, offsetof(T, f), F_F64, 0                                                               \
    }
#define I64(T, f)                                                                                  \
    {                                                                                              \
#f, offsetof(T, f), F_I64, 0                                                               \
    }
#define STR(T, f)                                                                                  \
    {                                                                                              \
#f, offsetof(T, f), F_STR, sizeof(((T *)0)->f)                                             \
    }

static hid_t string_type(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, size);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

/* Reads every row of the compound dataset at path, the named fields only,
 * into rows of row_size bytes (fields converted by name). */
static bool read_compound(hid_t file, const char *path, size_t row_size, const field_spec *fs,
                          int nf, void **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    hid_t ds = H5Dopen2(file, path, H5P_DEFAULT);
    if (ds < 0) return false;
    hid_t sp = H5Dget_space(ds);
    hssize_t rows = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    hid_t mt = H5Tcreate(H5T_COMPOUND, row_size);
    for (int k = 0; k < nf; k++) {
        hid_t ft = fs[k].kind == F_F64   ? H5Tcopy(H5T_NATIVE_DOUBLE)
                   : fs[k].kind == F_I64 ? H5Tcopy(H5T_NATIVE_INT64)
                                         : string_type(fs[k].str_size);
        H5Tinsert(mt, fs[k].name, fs[k].offset, ft);
        H5Tclose(ft);
    }
    bool ok = rows >= 0;
    void *buf = ok ? calloc((size_t)rows + 1, row_size) : NULL;
    ok = buf && (rows == 0 || H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    H5Tclose(mt);
    H5Dclose(ds);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *n = (size_t)rows;
    return true;
}

static bool exists(hid_t file, const char *path)
{
    return H5Lexists(file, path, H5P_DEFAULT) > 0;
}

static bool attr_string(hid_t file, const char *name, char *buf, size_t n)
{
    hid_t a = H5Aopen(file, name, H5P_DEFAULT);
    if (a < 0) return false;
    hid_t t = string_type(n);
    bool ok = H5Aread(a, t, buf) >= 0;
    buf[n - 1] = '\0';
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

static bool attr_number(hid_t file, const char *name, hid_t type, void *value)
{
    hid_t a = H5Aopen(file, name, H5P_DEFAULT);
    if (a < 0) return false;
    bool ok = H5Aread(a, type, value) >= 0;
    H5Aclose(a);
    return ok;
}

/* The `arms` attribute: one fixed-length string per arm. */
static bool read_arm_names(hid_t file, rp_data *d)
{
    hid_t a = H5Aopen(file, "arms", H5P_DEFAULT);
    if (a < 0) return false;
    hid_t sp = H5Aget_space(a);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    hid_t t = string_type(RP_NAME);
    char *names = n > 0 ? calloc((size_t)n, RP_NAME) : NULL;
    bool ok = names && H5Aread(a, t, names) >= 0;
    H5Tclose(t);
    H5Aclose(a);
    if (ok) d->arms = calloc((size_t)n, sizeof *d->arms);
    ok = ok && d->arms;
    if (ok) {
        d->n_arms = (int)n;
        for (int k = 0; k < d->n_arms; k++)
            snprintf(d->arms[k].name, RP_NAME, "%s", names + (size_t)k * RP_NAME);
    }
    free(names);
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rp_percentile(const double *sorted, size_t n, double p)
{
    if (n == 0) return NAN;
    double pos = p * (double)(n - 1);
    size_t lo = (size_t)pos;
    if (lo + 1 >= n) return sorted[n - 1];
    return sorted[lo] + (pos - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

/* q(t) mean and 5-95 percentiles of one arm, a block of days at a time. */
static bool read_curve(hid_t file, rp_arm *arm, int reps, int days)
{
    char path[RP_NAME + 32];
    snprintf(path, sizeof path, "/arms/%s/curve", arm->name);
    arm->q_mean = calloc((size_t)days, sizeof(double));
    arm->q_p05 = calloc((size_t)days, sizeof(double));
    arm->q_p95 = calloc((size_t)days, sizeof(double));
    int block = CURVE_BLOCK_VALUES / reps;
    if (block < 1) block = 1;
    if (block > days) block = days;
    float *buf = malloc((size_t)reps * (size_t)block * sizeof *buf);
    double *col = malloc((size_t)reps * sizeof *col);
    hid_t ds = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t fsp = ds >= 0 ? H5Dget_space(ds) : H5I_INVALID_HID;
    hsize_t dims[2] = {0, 0};
    bool ok = arm->q_mean && arm->q_p05 && arm->q_p95 && buf && col && fsp >= 0 &&
              H5Sget_simple_extent_ndims(fsp) == 2 && H5Sget_simple_extent_dims(fsp, dims, NULL) &&
              dims[0] == (hsize_t)reps && dims[1] == (hsize_t)days;
    for (int d0 = 0; ok && d0 < days; d0 += block) {
        int b = days - d0 < block ? days - d0 : block;
        hsize_t start[2] = {0, (hsize_t)d0}, count[2] = {(hsize_t)reps, (hsize_t)b};
        hid_t msp = H5Screate_simple(2, count, NULL);
        ok = H5Sselect_hyperslab(fsp, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
             H5Dread(ds, H5T_NATIVE_FLOAT, msp, fsp, H5P_DEFAULT, buf) >= 0;
        H5Sclose(msp);
        for (int j = 0; ok && j < b; j++) {
            double sum = 0;
            for (int r = 0; r < reps; r++)
                sum += col[r] = buf[(size_t)r * (size_t)b + (size_t)j];
            qsort(col, (size_t)reps, sizeof *col, cmp_double);
            arm->q_mean[d0 + j] = sum / reps;
            arm->q_p05[d0 + j] = rp_percentile(col, (size_t)reps, 0.05);
            arm->q_p95[d0 + j] = rp_percentile(col, (size_t)reps, 0.95);
        }
    }
    if (fsp >= 0) H5Sclose(fsp);
    if (ds >= 0) H5Dclose(ds);
    free(buf);
    free(col);
    return ok;
}

typedef struct metric_pair {
    double ttr, loss;
} metric_pair;

static bool read_metrics(hid_t file, rp_arm *arm, int reps)
{
    char path[RP_NAME + 32];
    snprintf(path, sizeof path, "/arms/%s/metrics", arm->name);
    static const field_spec fs[] = {F64(metric_pair, ttr), F64(metric_pair, loss)};
    void *rows;
    size_t n;
    if (!read_compound(file, path, sizeof(metric_pair), fs, 2, &rows, &n)) return false;
    const metric_pair *m = rows;
    arm->ttr = malloc((size_t)reps * sizeof(double));
    arm->loss = malloc((size_t)reps * sizeof(double));
    bool ok = n == (size_t)reps && arm->ttr && arm->loss;
    for (size_t i = 0; ok && i < n; i++) {
        arm->ttr[i] = m[i].ttr;
        arm->loss[i] = m[i].loss;
    }
    free(rows);
    return ok;
}

static bool read_tables(hid_t file, rp_data *d)
{
    static const field_spec sum[] = {
        STR(rp_summary_row, arm),   STR(rp_summary_row, metric), I64(rp_summary_row, n),
        F64(rp_summary_row, mean),  F64(rp_summary_row, sd),     F64(rp_summary_row, ci_lo),
        F64(rp_summary_row, ci_hi), F64(rp_summary_row, p05),    F64(rp_summary_row, p50),
        F64(rp_summary_row, p95),   F64(rp_summary_row, cvar95)};
    static const field_spec pair[] = {STR(rp_summary_row, arm),   STR(rp_summary_row, metric),
                                      I64(rp_summary_row, n),     F64(rp_summary_row, mean),
                                      F64(rp_summary_row, ci_lo), F64(rp_summary_row, ci_hi)};
    static const field_spec st[] = {
        STR(rp_stress_row, element),      STR(rp_stress_row, kind),
        F64(rp_stress_row, rank),         F64(rp_stress_row, loss),
        F64(rp_stress_row, loss_ci_lo),   F64(rp_stress_row, loss_ci_hi),
        F64(rp_stress_row, tts),          F64(rp_stress_row, ttr),
        F64(rp_stress_row, profit_impact)};
    void *p;
    if (!read_compound(file, "/summary", sizeof(rp_summary_row), sum, 11, &p, &d->n_summary))
        return false;
    d->summary = p;
    if (exists(file, "/paired")) {
        if (!read_compound(file, "/paired", sizeof(rp_summary_row), pair, 6, &p, &d->n_paired))
            return false;
        d->paired = p;
    }
    if (exists(file, "/stress")) {
        if (!read_compound(file, "/stress", sizeof(rp_stress_row), st, 9, &p, &d->n_stress))
            return false;
        d->stress = p;
    }
    return true;
}

typedef struct rule_name {
    char rule[RP_NAME];
} rule_name;

static bool read_allocation(hid_t file, rp_data *d)
{
    if (!exists(file, "/allocation") || !exists(file, "/allocation/rules")) return true;
    static const field_spec rn[] = {STR(rule_name, rule)};
    static const field_spec sh[] = {STR(rp_share_row, actor),      F64(rp_share_row, allocation),
                                    F64(rp_share_row, ci_lo),      F64(rp_share_row, ci_hi),
                                    F64(rp_share_row, standalone), F64(rp_share_row, gain)};
    void *p;
    size_t n;
    if (!read_compound(file, "/allocation/rules", sizeof(rule_name), rn, 1, &p, &n)) return false;
    rule_name *names = p;
    d->rules = calloc(n + 1, sizeof *d->rules);
    bool ok = d->rules != NULL;
    for (size_t k = 0; ok && k < n; k++) {
        rp_rule *r = &d->rules[d->n_rules++];
        snprintf(r->name, RP_NAME, "%s", names[k].rule);
        char path[RP_NAME + 16];
        snprintf(path, sizeof path, "/allocation/%s", r->name);
        size_t rows = 0;
        ok = read_compound(file, path, sizeof(rp_share_row), sh, 6, &p, &rows);
        r->rows = p;
        r->n = (int)rows;
    }
    free(names);
    return ok;
}

/* Root attributes: what makes a file an sctwin results file. */
static int read_root(hid_t file, rp_data *d, const char *path, char *err, size_t err_n)
{
    int complete = 0;
    if (exists(file, "/trace") && !exists(file, "/arms")) {
        snprintf(err, err_n, "%s: a trace file; watch it with sctwin-view", path);
        return 2;
    }
    if (!attr_string(file, "sctwin_version", d->version, sizeof d->version) ||
        !attr_number(file, "complete", H5T_NATIVE_INT, &complete)) {
        snprintf(err, err_n, "%s: not an sctwin results file (no sctwin_version or complete)",
                 path);
        return 2;
    }
    if (!complete) {
        snprintf(err, err_n,
                 "%s: incomplete (an interrupted run): finish it with sctwin run --resume", path);
        return 2;
    }
    bool ok = attr_string(file, "scenario", d->scenario, sizeof d->scenario) &&
              attr_string(file, "command", d->command, sizeof d->command) &&
              attr_number(file, "seed", H5T_NATIVE_UINT64, &d->seed) &&
              attr_number(file, "replications", H5T_NATIVE_INT, &d->replications) &&
              attr_number(file, "horizon_days", H5T_NATIVE_DOUBLE, &d->horizon_days) &&
              attr_number(file, "warmup_days", H5T_NATIVE_DOUBLE, &d->warmup_days) &&
              read_arm_names(file, d);
    attr_string(file, "created_utc", d->created, sizeof d->created);
    if (!ok || d->replications < 1 || !(d->horizon_days > 0) || d->horizon_days > 1e6) {
        snprintf(err, err_n, "%s: not an sctwin results file (missing or bad root attributes)",
                 path);
        return 2;
    }
    d->days = (int)ceil(d->horizon_days);
    return 0;
}

int rp_read(const char *path, rp_data *d, char *err, size_t err_n)
{
    memset(d, 0, sizeof *d);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(err, err_n, "%s: cannot open: no such file or not readable", path);
        return 2;
    }
    fclose(probe);
    if (H5Fis_hdf5(path) <= 0) {
        snprintf(err, err_n, "%s: not an HDF5 file", path);
        return 2;
    }
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
        snprintf(err, err_n, "%s: cannot open as HDF5", path);
        return 2;
    }
    int code = read_root(file, d, path, err, err_n);
    for (int a = 0; code == 0 && a < d->n_arms; a++)
        if (!read_curve(file, &d->arms[a], d->replications, d->days) ||
            !read_metrics(file, &d->arms[a], d->replications)) {
            snprintf(err, err_n, "%s: cannot read the curve and metrics of arm '%s'", path,
                     d->arms[a].name);
            code = 2;
        }
    if (code == 0 && !(read_tables(file, d) && read_allocation(file, d))) {
        snprintf(err, err_n, "%s: cannot read /summary, /paired, /stress or /allocation", path);
        code = 2;
    }
    H5Fclose(file);
    if (code != 0) rp_free(d);
    return code;
}

void rp_free(rp_data *d)
{
    for (int a = 0; a < d->n_arms; a++) {
        free(d->arms[a].q_mean);
        free(d->arms[a].q_p05);
        free(d->arms[a].q_p95);
        free(d->arms[a].ttr);
        free(d->arms[a].loss);
    }
    free(d->arms);
    free(d->summary);
    free(d->paired);
    free(d->stress);
    for (int k = 0; k < d->n_rules; k++)
        free(d->rules[k].rows);
    free(d->rules);
    memset(d, 0, sizeof *d);
}
