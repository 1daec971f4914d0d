/*
 * The HDF5 store (see sctwin/store.h and docs/hdf5-layout.md).
 *
 * Tables are compound datasets of native types with fixed-length,
 * NUL-terminated string fields, so h5py and pandas read them without special
 * code.  Every dataset is chunked and deflate-compressed (with shuffle) when
 * it has any rows.  HDF5's own error printing is switched off: failures come
 * back as a message for the user.
 */
#include "sctwin/store.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sctwin/stats.h"

typedef struct writer {
    hid_t file;
    bool failed;
    char *err;
    size_t errlen;
} writer;

static void fail(writer *W, const char *what)
{
    if (!W->failed) snprintf(W->err, W->errlen, "HDF5: cannot write %s", what);
    W->failed = true;
}

static hid_t string_type(size_t len)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, len ? len : 1);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

/* A chunked, compressed dataset of `rank` dims. */
static hid_t create_dataset(writer *W, hid_t loc, const char *name, hid_t type, int rank,
                            const hsize_t *dims)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t total = 1, chunk[3];
    for (int i = 0; i < rank; i++)
        total *= dims[i];
    if (total > 0) {
        size_t row_bytes = H5Tget_size(type);
        for (int i = 1; i < rank; i++) {
            chunk[i] = dims[i];
            row_bytes *= dims[i];
        }
        hsize_t rows = (1u << 20) / (row_bytes ? row_bytes : 1); /* about 1 MiB chunks */
        chunk[0] = rows < 1 ? 1 : rows > dims[0] ? dims[0] : rows;
        H5Pset_chunk(dcpl, rank, chunk);
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 4);
    }
    hid_t ds = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
    if (ds < 0) fail(W, name);
    return ds;
}

static void write_all(writer *W, hid_t ds, hid_t mem_type, const void *buf, const char *what)
{
    if (ds < 0) return;
    if (H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) fail(W, what);
    H5Dclose(ds);
}

static void attr_string(writer *W, hid_t loc, const char *name, const char *value)
{
    hid_t t = string_type(strlen(value) + 1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, value) < 0) fail(W, name);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    H5Tclose(t);
}

static void attr_scalar(writer *W, hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, type, value) < 0) fail(W, name);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
}

/* An attribute holding a list of strings (fixed length). */
static void attr_strings(writer *W, hid_t loc, const char *name, const char *const *values,
                         size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(values[i]) + 1 > len) len = strlen(values[i]) + 1;
    char *buf = calloc(n ? n : 1, len);
    if (!buf) {
        fail(W, name);
        return;
    }
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * len, values[i], strlen(values[i]));
    hid_t t = string_type(len);
    hsize_t dims[1] = {n};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t a = H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, buf) < 0) fail(W, name);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    H5Tclose(t);
    free(buf);
}

static hid_t group(writer *W, hid_t loc, const char *name)
{
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) fail(W, name);
    return g;
}

/* /scenario/<table>: one string field per column, as read. */
static void write_tables(writer *W, const sc_scenario *sc)
{
    hid_t g = group(W, W->file, "scenario");
    if (g < 0) return;
    for (size_t t = 0; t < sc_scenario_table_count(sc) && !W->failed; t++) {
        size_t nc = sc_scenario_table_cols(sc, t), nr = sc_scenario_table_rows(sc, t);
        size_t *width = calloc(nc, sizeof *width), *off = calloc(nc + 1, sizeof *off);
        if (!width || !off) {
            free(width);
            free(off);
            fail(W, "scenario tables");
            break;
        }
        for (size_t c = 0; c < nc; c++) {
            width[c] = 1;
            for (size_t r = 0; r < nr; r++) {
                size_t l = strlen(sc_scenario_table_cell(sc, t, r, c)) + 1;
                if (l > width[c]) width[c] = l;
            }
            off[c + 1] = off[c] + width[c];
        }
        size_t row = off[nc] ? off[nc] : 1;
        char *buf = calloc(nr ? nr : 1, row);
        hid_t type = H5Tcreate(H5T_COMPOUND, row);
        for (size_t c = 0; c < nc; c++) {
            hid_t st = string_type(width[c]);
            H5Tinsert(type, sc_scenario_table_header(sc, t, c), off[c], st);
            H5Tclose(st);
            for (size_t r = 0; buf && r < nr; r++) {
                const char *v = sc_scenario_table_cell(sc, t, r, c);
                memcpy(buf + r * row + off[c], v, strlen(v));
            }
        }
        if (!buf) fail(W, "scenario tables");
        hsize_t dims[1] = {nr};
        hid_t ds = create_dataset(W, g, sc_scenario_table_name(sc, t), type, 1, dims);
        if (buf)
            write_all(W, ds, type, buf, sc_scenario_table_name(sc, t));
        else if (ds >= 0)
            H5Dclose(ds);
        H5Tclose(type);
        free(buf);
        free(width);
        free(off);
    }
    H5Gclose(g);
}

static hid_t metrics_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sc_rep_metrics));
#define F(name, type) H5Tinsert(t, #name, HOFFSET(sc_rep_metrics, name), type)
    F(rep, H5T_NATIVE_INT32);
    F(seed, H5T_NATIVE_UINT64);
    F(fill_rate, H5T_NATIVE_DOUBLE);
    F(resistance, H5T_NATIVE_DOUBLE);
    F(tts, H5T_NATIVE_DOUBLE);
    F(ttr, H5T_NATIVE_DOUBLE);
    F(loss, H5T_NATIVE_DOUBLE);
    F(adaptation, H5T_NATIVE_DOUBLE);
    F(revenue, H5T_NATIVE_DOUBLE);
    F(cost, H5T_NATIVE_DOUBLE);
    F(profit, H5T_NATIVE_DOUBLE);
    F(lost_units, H5T_NATIVE_DOUBLE);
    F(bullwhip, H5T_NATIVE_DOUBLE);
    F(events, H5T_NATIVE_UINT64);
#undef F
    return t;
}

static const char *const node_fields[] = {"wait_days",      "utilisation",  "fill_rate",
                                          "mean_inventory", "mean_backlog", "orders_var",
                                          "demand_var"};

/* /arms/<arm>/nodes: [replications x nodes] of {node, statistics}. */
static void write_nodes(writer *W, hid_t arm, const sc_scenario *sc, const sc_results *res)
{
    size_t n = (size_t)res->n_nodes, idw = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(sc_scenario_node_id(sc, i)) + 1 > idw)
            idw = strlen(sc_scenario_node_id(sc, i)) + 1;
    size_t nf = sizeof node_fields / sizeof *node_fields;
    size_t row = idw + nf * sizeof(double);
    size_t cells = (size_t)res->replications * n;
    unsigned char *buf = calloc(cells ? cells : 1, row);
    if (!buf) {
        fail(W, "nodes");
        return;
    }
    for (size_t c = 0; c < cells; c++) {
        const char *id = sc_scenario_node_id(sc, c % n);
        memcpy(buf + c * row, id, strlen(id));
        memcpy(buf + c * row + idw, &res->nodes[c], nf * sizeof(double));
    }
    hid_t type = H5Tcreate(H5T_COMPOUND, row);
    hid_t st = string_type(idw);
    H5Tinsert(type, "node", 0, st);
    H5Tclose(st);
    for (size_t f = 0; f < nf; f++)
        H5Tinsert(type, node_fields[f], idw + f * sizeof(double), H5T_NATIVE_DOUBLE);
    hsize_t dims[2] = {(hsize_t)res->replications, n};
    write_all(W, create_dataset(W, arm, "nodes", type, 2, dims), type, buf, "nodes");
    H5Tclose(type);
    free(buf);
}

static void write_actors(writer *W, hid_t arm, const sc_scenario *sc, const sc_results *res)
{
    size_t na = (size_t)res->n_actors, nr = (size_t)res->replications;
    double *profit = malloc((nr * na > 0 ? nr * na : 1) * sizeof *profit);
    const char **ids = malloc((na ? na : 1) * sizeof *ids);
    if (!profit || !ids) {
        free(profit);
        free(ids);
        fail(W, "actors");
        return;
    }
    for (size_t r = 0; r < nr; r++)
        for (size_t a = 0; a < na; a++)
            profit[r * na + a] = sc_results_actor_profit(res, (int)r, (int)a);
    for (size_t a = 0; a < na; a++)
        ids[a] = sc_scenario_actor_id(sc, a);
    hsize_t dims[3] = {nr, na, SC_LEDGER_COLUMNS};
    hid_t ds = create_dataset(W, arm, "actors", H5T_NATIVE_DOUBLE, 2, dims);
    if (ds >= 0) attr_strings(W, ds, "actor_ids", ids, na);
    write_all(W, ds, H5T_NATIVE_DOUBLE, profit, "actors");
    ds = create_dataset(W, arm, "ledger", H5T_NATIVE_DOUBLE, 3, dims);
    if (ds >= 0) {
        attr_strings(W, ds, "actor_ids", ids, na);
        attr_strings(W, ds, "columns", sc_ledger_column_names, SC_LEDGER_COLUMNS);
    }
    write_all(W, ds, H5T_NATIVE_DOUBLE, res->ledger, "ledger");
    free(profit);
    free(ids);
}

/* The metrics summarised in /summary, by field offset in sc_rep_metrics. */
static const struct {
    const char *name;
    size_t offset;
} summary_fields[] = {
    {"fill_rate", offsetof(sc_rep_metrics, fill_rate)},
    {"resistance", offsetof(sc_rep_metrics, resistance)},
    {"tts", offsetof(sc_rep_metrics, tts)},
    {"ttr", offsetof(sc_rep_metrics, ttr)},
    {"loss", offsetof(sc_rep_metrics, loss)},
    {"adaptation", offsetof(sc_rep_metrics, adaptation)},
    {"revenue", offsetof(sc_rep_metrics, revenue)},
    {"cost", offsetof(sc_rep_metrics, cost)},
    {"profit", offsetof(sc_rep_metrics, profit)},
    {"lost_units", offsetof(sc_rep_metrics, lost_units)},
    {"bullwhip", offsetof(sc_rep_metrics, bullwhip)},
};

typedef struct summary_row {
    char arm[32];
    char metric[16];
    int64_t n;
    double mean, sd, ci_lo, ci_hi, p05, p50, p95;
} summary_row;

static void write_summary(writer *W, const char *arm, const sc_results *res)
{
    size_t nf = sizeof summary_fields / sizeof *summary_fields;
    summary_row rows[sizeof summary_fields / sizeof *summary_fields];
    const double *base = (const double *)((const char *)res->metrics);
    size_t stride = sizeof(sc_rep_metrics) / sizeof(double);
    for (size_t f = 0; f < nf; f++) {
        sc_summary s;
        if (sc_summarise(base + summary_fields[f].offset / sizeof(double),
                         (size_t)res->replications, stride, &s) != 0) {
            fail(W, "summary");
            return;
        }
        summary_row *r = &rows[f];
        memset(r, 0, sizeof *r);
        snprintf(r->arm, sizeof r->arm, "%s", arm);
        snprintf(r->metric, sizeof r->metric, "%s", summary_fields[f].name);
        r->n = (int64_t)s.n;
        r->mean = s.mean;
        r->sd = s.sd;
        r->ci_lo = s.ci_lo;
        r->ci_hi = s.ci_hi;
        r->p05 = s.p05;
        r->p50 = s.p50;
        r->p95 = s.p95;
    }
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(summary_row));
    hid_t sa = string_type(sizeof rows[0].arm), sm = string_type(sizeof rows[0].metric);
    H5Tinsert(t, "arm", HOFFSET(summary_row, arm), sa);
    H5Tinsert(t, "metric", HOFFSET(summary_row, metric), sm);
    H5Tinsert(t, "n", HOFFSET(summary_row, n), H5T_NATIVE_INT64);
#define F(name) H5Tinsert(t, #name, HOFFSET(summary_row, name), H5T_NATIVE_DOUBLE)
    F(mean);
    F(sd);
    F(ci_lo);
    F(ci_hi);
    F(p05);
    F(p50);
    F(p95);
#undef F
    hsize_t dims[1] = {nf};
    write_all(W, create_dataset(W, W->file, "summary", t, 1, dims), t, rows, "summary");
    H5Tclose(sa);
    H5Tclose(sm);
    H5Tclose(t);
}

static void write_root_attrs(writer *W, const sc_scenario *sc, const sc_experiment_config *cfg,
                             const char *command)
{
    hid_t f = W->file;
    attr_string(W, f, "sctwin_version", SCTWIN_VERSION);
    attr_string(W, f, "scenario", sc_scenario_name(sc));
    attr_scalar(W, f, "seed", H5T_NATIVE_UINT64, &cfg->seed);
    int32_t reps = cfg->replications;
    attr_scalar(W, f, "replications", H5T_NATIVE_INT32, &reps);
    attr_scalar(W, f, "horizon_days", H5T_NATIVE_DOUBLE, &cfg->horizon_days);
    attr_scalar(W, f, "warmup_days", H5T_NATIVE_DOUBLE, &cfg->warmup_days);
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    attr_string(W, f, "created_utc", when);
    attr_string(W, f, "command", command ? command : "");
}

static void write_arm(writer *W, const sc_scenario *sc, const char *arm, const sc_results *res)
{
    hid_t arms = group(W, W->file, "arms");
    if (arms < 0) return;
    hid_t g = group(W, arms, arm);
    if (g >= 0) {
        hid_t mt = metrics_type();
        hsize_t dims[1] = {(hsize_t)res->replications};
        write_all(W, create_dataset(W, g, "metrics", mt, 1, dims), mt, res->metrics, "metrics");
        H5Tclose(mt);
        write_nodes(W, g, sc, res);
        write_actors(W, g, sc, res);
        H5Gclose(g);
    }
    H5Gclose(arms);
}

/* Flushes the finished file to disk before it is renamed into place. */
static bool sync_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return false;
    bool ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

sc_status sc_store_write(const char *path, const sc_scenario *sc, const sc_experiment_config *cfg,
                         const char *arm, const sc_results *res, const char *command, char *err,
                         size_t errlen)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return SC_ERR_NOMEM;
    }
    snprintf(tmp, n, "%s.tmp-%ld", path, (long)getpid());
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    writer W = {.err = err, .errlen = errlen};
    W.file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (W.file < 0) {
        snprintf(err, errlen, "cannot create %s: %s", tmp, errno ? strerror(errno) : "HDF5 error");
        free(tmp);
        return SC_ERR_IO;
    }
    write_root_attrs(&W, sc, cfg, command);
    write_tables(&W, sc);
    write_arm(&W, sc, arm, res);
    write_summary(&W, arm, res);
    if (H5Fclose(W.file) < 0) fail(&W, "the file (close)");
    if (!W.failed && !sync_file(tmp)) {
        snprintf(err, errlen, "cannot flush %s: %s", tmp, strerror(errno));
        W.failed = true;
    }
    if (!W.failed && rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        W.failed = true;
    }
    if (W.failed) unlink(tmp);
    free(tmp);
    return W.failed ? SC_ERR_IO : SC_OK;
}
