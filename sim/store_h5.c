/*
 * The HDF5 store (see sctwin/store.h and docs/hdf5-layout.md).
 *
 * Tables are compound datasets of native types with fixed-length,
 * NUL-terminated string fields, so h5py and pandas read them without special
 * code.  Every dataset is chunked and deflate-compressed (with shuffle) when
 * it has any rows.  HDF5's own error printing is switched off: failures come
 * back as a message for the user.
 */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <math.h>

#include "sctwin/stats.h"

void store_fail(writer *W, const char *what)
{
    /* errno names the cause only for the I/O failures it can explain. */
    int e = errno;
    if (e != ENOSPC && e != EFBIG && e != EIO && e != EDQUOT && e != EROFS && e != EACCES) e = 0;
    if (!W->failed && e)
        snprintf(W->err, W->errlen, "HDF5: cannot write %s: %s", what, strerror(e));
    else if (!W->failed)
        snprintf(W->err, W->errlen, "HDF5: cannot write %s", what);
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
        /* At most 1 MiB, and at most 64 replications: the file is closed
         * after every batch, and a chunk that spans batches is read back,
         * decompressed and written again each time. */
        hsize_t rows = (1u << 20) / (row_bytes ? row_bytes : 1);
        if (rows > 64) rows = 64;
        chunk[0] = rows < 1 ? 1 : rows > dims[0] ? dims[0] : rows;
        H5Pset_chunk(dcpl, rank, chunk);
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 4);
    }
    /* Names like "allocation/shapley" create their groups on the way. */
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t ds = H5Dcreate2(loc, name, type, space, lcpl, dcpl, H5P_DEFAULT);
    H5Pclose(lcpl);
    H5Pclose(dcpl);
    H5Sclose(space);
    if (ds < 0) store_fail(W, name);
    return ds;
}

static void write_all(writer *W, hid_t ds, hid_t mem_type, const void *buf, const char *what)
{
    if (ds < 0) return;
    if (H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) store_fail(W, what);
    H5Dclose(ds);
}

static void attr_string(writer *W, hid_t loc, const char *name, const char *value)
{
    hid_t t = string_type(strlen(value) + 1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, value) < 0) store_fail(W, name);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    H5Tclose(t);
}

void store_attr_scalar(writer *W, hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, type, value) < 0) store_fail(W, name);
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
        store_fail(W, name);
        return;
    }
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * len, values[i], strlen(values[i]));
    hid_t t = string_type(len);
    hsize_t dims[1] = {n};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t a = H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, buf) < 0) store_fail(W, name);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    H5Tclose(t);
    free(buf);
}

static hid_t group(writer *W, hid_t loc, const char *name)
{
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) store_fail(W, name);
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
            store_fail(W, "scenario tables");
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
        if (!buf) store_fail(W, "scenario tables");
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

hid_t store_metrics_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sc_rep_metrics));
#define F(name, type) H5Tinsert(t, #name, HOFFSET(sc_rep_metrics, name), type)
    F(rep, H5T_NATIVE_INT32);
    F(seed, H5T_NATIVE_UINT64);
    F(fill_rate, H5T_NATIVE_DOUBLE);
    F(resistance, H5T_NATIVE_DOUBLE);
    F(tts, H5T_NATIVE_DOUBLE);
    F(ttr, H5T_NATIVE_DOUBLE);
    F(recovery_level, H5T_NATIVE_DOUBLE);
    F(loss, H5T_NATIVE_DOUBLE);
    F(adaptation, H5T_NATIVE_DOUBLE);
    F(revenue, H5T_NATIVE_DOUBLE);
    F(cost, H5T_NATIVE_DOUBLE);
    F(profit, H5T_NATIVE_DOUBLE);
    F(lost_units, H5T_NATIVE_DOUBLE);
    F(bullwhip, H5T_NATIVE_DOUBLE);
    F(mitigation_cost, H5T_NATIVE_DOUBLE);
    F(profit_impact, H5T_NATIVE_DOUBLE);
    F(backlog_days, H5T_NATIVE_DOUBLE);
    F(events, H5T_NATIVE_UINT64);
#undef F
    return t;
}

static const char *const node_fields[] = {"wait_days",      "utilisation",  "fill_rate",
                                          "mean_inventory", "mean_backlog", "orders_var",
                                          "demand_var"};

static void *scratch(sc_store *st, size_t bytes)
{
    if (bytes > st->scratch_cap) {
        unsigned char *p = realloc(st->scratch, bytes);
        if (!p) return NULL;
        st->scratch = p;
        st->scratch_cap = bytes;
    }
    return st->scratch;
}

/* Memory and file type of a /nodes cell: node id, then the statistics. */
hid_t store_nodes_type(size_t idw)
{
    size_t nf = sizeof node_fields / sizeof *node_fields;
    hid_t type = H5Tcreate(H5T_COMPOUND, idw + nf * sizeof(double));
    hid_t s = string_type(idw);
    H5Tinsert(type, "node", 0, s);
    H5Tclose(s);
    for (size_t f = 0; f < nf; f++)
        H5Tinsert(type, node_fields[f], idw + f * sizeof(double), H5T_NATIVE_DOUBLE);
    return type;
}

/* Memory and file type of a /shocks row: the row fields plus the shock id. */
hid_t store_shocks_type(size_t idw)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sc_shock_row) + idw);
    H5Tinsert(t, "rep", HOFFSET(sc_shock_row, rep), H5T_NATIVE_INT32);
    H5Tinsert(t, "shock_index", HOFFSET(sc_shock_row, shock), H5T_NATIVE_INT32);
    hid_t s = string_type(idw);
    H5Tinsert(t, "shock", sizeof(sc_shock_row), s);
    H5Tclose(s);
#define F(name) H5Tinsert(t, #name, HOFFSET(sc_shock_row, name), H5T_NATIVE_DOUBLE)
    F(onset);
    F(end);
    F(resistance);
    F(tts);
    F(ttr);
    F(loss);
    F(recovery_level);
#undef F
    return t;
}

static hid_t create_shock_rows(writer *W, hid_t loc, hid_t type)
{
    hsize_t dims[1] = {0}, maxd[1] = {H5S_UNLIMITED}, chunk[1] = {1024};
    hid_t space = H5Screate_simple(1, dims, maxd);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, chunk);
    H5Pset_shuffle(dcpl);
    H5Pset_deflate(dcpl, 4);
    hid_t ds = H5Dcreate2(loc, "shocks", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
    if (ds < 0) store_fail(W, "shocks");
    return ds;
}

static void create_arm(sc_store *st, hid_t arms, int a)
{
    writer *W = &st->W;
    arm_sets *s = &st->arms[a];
    *s = (arm_sets){-1, -1, -1, -1, -1, -1, 0};
    hid_t g = group(W, arms, st->arm_names[a]);
    if (g < 0) return;
    hsize_t r = (hsize_t)st->reps;
    hsize_t d1[1] = {r}, dc[2] = {r, (hsize_t)st->n_days}, dn[2] = {r, (hsize_t)st->n_nodes},
            da[2] = {r, (hsize_t)st->n_actors},
            dl[3] = {r, (hsize_t)st->n_actors, SC_LEDGER_COLUMNS};
    s->metrics = create_dataset(W, g, "metrics", st->metrics_t, 1, d1);
    s->curve = create_dataset(W, g, "curve", H5T_NATIVE_FLOAT, 2, dc);
    s->nodes = create_dataset(W, g, "nodes", st->nodes_t, 2, dn);
    s->actors = create_dataset(W, g, "actors", H5T_NATIVE_DOUBLE, 2, da);
    s->ledger = create_dataset(W, g, "ledger", H5T_NATIVE_DOUBLE, 3, dl);
    s->shocks = create_shock_rows(W, g, st->shocks_t);
    H5Gclose(g);
}

/* Writes rows [first, first + n) of a dataset whose first dimension is the
 * replication. */
void store_write_rows(writer *W, hid_t ds, hid_t mem_type, hsize_t first, hsize_t n,
                      const void *buf, const char *what)
{
    if (ds < 0 || n == 0) return;
    hid_t fs = H5Dget_space(ds);
    int rank = H5Sget_simple_extent_ndims(fs);
    hsize_t dims[3], start[3] = {first, 0, 0}, count[3];
    H5Sget_simple_extent_dims(fs, dims, NULL);
    count[0] = n;
    for (int i = 1; i < rank; i++)
        count[i] = dims[i];
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t ms = H5Screate_simple(rank, count, NULL);
    if (H5Dwrite(ds, mem_type, ms, fs, H5P_DEFAULT, buf) < 0) store_fail(W, what);
    H5Sclose(ms);
    H5Sclose(fs);
}

char *store_fixed_strings(const char *const *v, size_t n, size_t *width)
{
    size_t w = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) + 1 > w) w = strlen(v[i]) + 1;
    char *buf = calloc(n ? n : 1, w);
    for (size_t i = 0; buf && i < n; i++)
        memcpy(buf + i * w, v[i], strlen(v[i]));
    *width = w;
    return buf;
}

static void write_root_attrs(writer *W, const sc_scenario *sc, const sc_experiment_config *cfg,
                             const char *const *arm_names, int n_arms, const char *command)
{
    hid_t f = W->file;
    attr_string(W, f, "sctwin_version", SCTWIN_VERSION);
    attr_string(W, f, "scenario", sc_scenario_name(sc));
    store_attr_scalar(W, f, "seed", H5T_NATIVE_UINT64, &cfg->seed);
    int32_t reps = cfg->replications;
    store_attr_scalar(W, f, "replications", H5T_NATIVE_INT32, &reps);
    store_attr_scalar(W, f, "horizon_days", H5T_NATIVE_DOUBLE, &cfg->horizon_days);
    store_attr_scalar(W, f, "warmup_days", H5T_NATIVE_DOUBLE, &cfg->warmup_days);
    attr_strings(W, f, "arms", arm_names, (size_t)n_arms);
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    attr_string(W, f, "created_utc", when);
    attr_string(W, f, "command", command ? command : "");
    /* Until sc_store_finish, the file is a partial one: how far it got. */
    int32_t zero = 0;
    store_attr_scalar(W, f, "complete", H5T_NATIVE_INT32, &zero);
    store_attr_scalar(W, f, "replications_done", H5T_NATIVE_INT32, &zero);
    uint64_t digest = store_scenario_digest(sc);
    store_attr_scalar(W, f, "scenario_digest", H5T_NATIVE_UINT64, &digest);
}

/* FNV-1a over every table's name, header and cells, with separators. */
uint64_t store_scenario_digest(const sc_scenario *sc)
{
    uint64_t h = 14695981039346656037u;
#define EAT(str)                                                                                   \
    for (const unsigned char *p_ = (const unsigned char *)(str);; p_++) {                          \
        h = (h ^ *p_) * 1099511628211u;                                                            \
        if (!*p_) break;                                                                           \
    }
    for (size_t t = 0; t < sc_scenario_table_count(sc); t++) {
        size_t nc = sc_scenario_table_cols(sc, t), nr = sc_scenario_table_rows(sc, t);
        EAT(sc_scenario_table_name(sc, t));
        for (size_t c = 0; c < nc; c++)
            EAT(sc_scenario_table_header(sc, t, c));
        for (size_t r = 0; r < nr; r++)
            for (size_t c = 0; c < nc; c++)
                EAT(sc_scenario_table_cell(sc, t, r, c));
    }
#undef EAT
    return h;
}

/* Updates an existing int32 attribute of the file. */
static void attr_update(writer *W, const char *name, int32_t value)
{
    hid_t a = H5Aopen(W->file, name, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, H5T_NATIVE_INT32, &value) < 0) store_fail(W, name);
    if (a >= 0) H5Aclose(a);
}

void store_free(sc_store *st)
{
    if (!st) return;
    for (int a = 0; st->arm_names && a < st->n_arms; a++)
        free(st->arm_names[a]);
    free(st->arm_names);
    free(st->arms);
    free(st->node_ids);
    free(st->shock_ids);
    free(st->scratch);
    free(st->path);
    free(st->tmp);
    free(st);
}

/* Set when HDF5 could not close a file: its library state is then unsafe to
 * tear down (HDF5 1.10 crashes cleaning up such a file at exit). */
static bool close_failed;

void sc_store_library_init(void)
{
    H5dont_atexit();
}

void sc_store_library_close(void)
{
    if (!close_failed) H5close();
}

void store_close_file(sc_store *st)
{
    for (int a = 0; st->arms && a < st->n_arms; a++) {
        hid_t *ds = &st->arms[a].metrics;
        for (int i = 0; i < 6; i++) {
            if (ds[i] >= 0) H5Dclose(ds[i]);
            ds[i] = -1;
        }
    }
    if (st->W.file >= 0 && H5Fclose(st->W.file) < 0) {
        store_fail(&st->W, "the file (close)");
        close_failed = true;
    }
    st->W.file = -1;
}

static hid_t open_set(sc_store *st, hid_t g, const char *name)
{
    hid_t ds = H5Dopen2(g, name, H5P_DEFAULT);
    if (ds < 0) store_fail(&st->W, name);
    return ds;
}

void store_open_arm(sc_store *st, int a)
{
    arm_sets *s = &st->arms[a];
    char path[1024];
    snprintf(path, sizeof path, "arms/%s", st->arm_names[a]);
    hid_t g = H5Gopen2(st->W.file, path, H5P_DEFAULT);
    if (g < 0) {
        store_fail(&st->W, path);
        return;
    }
    s->metrics = open_set(st, g, "metrics");
    s->curve = open_set(st, g, "curve");
    s->nodes = open_set(st, g, "nodes");
    s->actors = open_set(st, g, "actors");
    s->ledger = open_set(st, g, "ledger");
    s->shocks = open_set(st, g, "shocks");
    H5Gclose(g);
}

hid_t store_file_access(void)
{
    /* No file locks: a user looking into the partial file with h5dump or
     * h5py while the run goes on must not make the next batch's reopening
     * fail.  HDF5's error printing is off; failures are reported by us. */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_file_locking(fapl, false, true);
    return fapl;
}

bool store_open_file(sc_store *st)
{
    if (st->W.file >= 0) return true;
    hid_t fapl = store_file_access();
    st->W.file = H5Fopen(st->tmp, H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    if (st->W.file < 0) {
        store_fail(&st->W, "the file (reopen)");
        return false;
    }
    for (int a = 0; a < st->n_arms && !st->W.failed; a++)
        store_open_arm(st, a);
    return !st->W.failed;
}

void store_close_all(sc_store *st)
{
    store_close_file(st);
    if (st->metrics_t >= 0) H5Tclose(st->metrics_t);
    if (st->nodes_t >= 0) H5Tclose(st->nodes_t);
    if (st->shocks_t >= 0) H5Tclose(st->shocks_t);
    st->metrics_t = st->nodes_t = st->shocks_t = -1;
}

int sc_store_replications_done(const sc_store *st)
{
    return st->reps_done;
}

const char *sc_store_partial_path(const sc_store *st)
{
    return st->tmp;
}

sc_status sc_store_suspend(sc_store *st, char *err, size_t errlen)
{
    st->W.err = err;
    st->W.errlen = errlen;
    store_close_all(st);
    bool failed = st->W.failed;
    if (failed) unlink(st->tmp);
    store_free(st);
    return failed ? SC_ERR_IO : SC_OK;
}

void sc_store_abort(sc_store *st)
{
    if (!st) return;
    store_close_all(st);
    unlink(st->tmp);
    store_free(st);
}

sc_status store_init(sc_store **out, const char *path, const sc_scenario *sc,
                     const sc_experiment_config *cfg, const char *const *arm_names, int n_arms,
                     const char *const *shock_ids, int n_shock_ids, char *err, size_t errlen)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    sc_store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return SC_ERR_NOMEM;
    }
    st->W = (writer){.file = -1, .err = err, .errlen = errlen};
    st->metrics_t = st->nodes_t = st->shocks_t = -1;
    st->n_arms = n_arms;
    st->reps = cfg->replications;
    st->n_nodes = (int)sc_scenario_node_count(sc);
    st->n_actors = (int)sc_scenario_actor_count(sc);
    st->n_days = (int)ceil(cfg->horizon_days);
    st->path = strdup(path);
    st->tmp = malloc(strlen(path) + 32);
    st->arm_names = calloc((size_t)n_arms + 1, sizeof *st->arm_names);
    st->arms = calloc((size_t)n_arms + 1, sizeof *st->arms);
    const char **ids = malloc(((size_t)st->n_nodes + 1) * sizeof *ids);
    bool ok = st->path && st->tmp && st->arm_names && st->arms && ids;
    for (int a = 0; ok && a < n_arms; a++)
        ok = (st->arm_names[a] = strdup(arm_names[a])) != NULL;
    for (int n = 0; ok && n < st->n_nodes; n++)
        ids[n] = sc_scenario_node_id(sc, (size_t)n);
    if (ok) st->node_ids = store_fixed_strings(ids, (size_t)st->n_nodes, &st->id_width);
    if (ok)
        st->shock_ids = store_fixed_strings(shock_ids, n_shock_ids > 0 ? (size_t)n_shock_ids : 0,
                                            &st->shock_id_width);
    free(ids);
    st->n_shock_ids = n_shock_ids;
    if (!ok || !st->node_ids || !st->shock_ids) {
        snprintf(err, errlen, "out of memory");
        store_free(st);
        return SC_ERR_NOMEM;
    }
    snprintf(st->tmp, strlen(path) + 32, "%s.partial", path);
    st->metrics_t = store_metrics_type();
    st->nodes_t = store_nodes_type(st->id_width);
    st->shocks_t = store_shocks_type(st->shock_id_width);
    *out = st;
    return SC_OK;
}

sc_status sc_store_open(sc_store **out, const char *path, const sc_scenario *sc,
                        const sc_experiment_config *cfg, const char *const *arm_names, int n_arms,
                        const char *const *shock_ids, int n_shock_ids, const char *command,
                        char *err, size_t errlen)
{
    sc_store *st;
    sc_status rc =
        store_init(&st, path, sc, cfg, arm_names, n_arms, shock_ids, n_shock_ids, err, errlen);
    *out = NULL;
    if (rc != SC_OK) return rc;
    hid_t fapl = store_file_access();
    st->W.file = H5Fcreate(st->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (st->W.file < 0) {
        snprintf(err, errlen, "cannot create %s", st->tmp);
        store_close_all(st);
        store_free(st);
        return SC_ERR_IO;
    }
    write_root_attrs(&st->W, sc, cfg, arm_names, n_arms, command);
    write_tables(&st->W, sc);
    hid_t arms = group(&st->W, st->W.file, "arms");
    for (int a = 0; arms >= 0 && a < n_arms; a++)
        create_arm(st, arms, a);
    if (arms >= 0) {
        /* Readers find the node and actor ids beside the per-node and
         * per-actor datasets. */
        const char **aid = malloc(((size_t)st->n_actors + 1) * sizeof *aid);
        for (int i = 0; aid && i < st->n_actors; i++)
            aid[i] = sc_scenario_actor_id(sc, (size_t)i);
        for (int a = 0; aid && a < n_arms; a++) {
            if (st->arms[a].actors >= 0)
                attr_strings(&st->W, st->arms[a].actors, "actor_ids", aid, (size_t)st->n_actors);
            if (st->arms[a].ledger >= 0) {
                attr_strings(&st->W, st->arms[a].ledger, "actor_ids", aid, (size_t)st->n_actors);
                attr_strings(&st->W, st->arms[a].ledger, "columns", sc_ledger_column_names,
                             SC_LEDGER_COLUMNS);
            }
        }
        if (!aid) store_fail(&st->W, "actor ids");
        free(aid);
        H5Gclose(arms);
    }
    store_close_file(st); /* complete and consistent on disk from the start */
    if (st->W.failed) {
        sc_store_abort(st);
        return SC_ERR_IO;
    }
    *out = st;
    return SC_OK;
}

sc_status sc_store_batch(void *store, const sc_batch *b)
{
    sc_store *st = store;
    writer *W = &st->W;
    if (!store_open_file(st)) return SC_ERR_IO;
    arm_sets *s = &st->arms[b->arm];
    hsize_t first = (hsize_t)b->first_rep, n = (hsize_t)b->n;
    store_write_rows(W, s->metrics, st->metrics_t, first, n, b->metrics, "metrics");
    store_write_rows(W, s->curve, H5T_NATIVE_FLOAT, first, n, b->curve, "curve");
    store_write_rows(W, s->ledger, H5T_NATIVE_DOUBLE, first, n, b->ledger, "ledger");
    size_t cells = (size_t)b->n * (size_t)st->n_actors;
    double *profit = scratch(st, (cells + 1) * sizeof *profit);
    if (!profit) return SC_ERR_NOMEM;
    for (size_t c = 0; c < cells; c++)
        profit[c] = sc_ledger_income(&b->ledger[c * SC_LEDGER_COLUMNS]) -
                    sc_ledger_costs(&b->ledger[c * SC_LEDGER_COLUMNS]);
    store_write_rows(W, s->actors, H5T_NATIVE_DOUBLE, first, n, profit, "actors");

    size_t nf = sizeof node_fields / sizeof *node_fields, row = st->id_width + nf * sizeof(double);
    cells = (size_t)b->n * (size_t)st->n_nodes;
    unsigned char *buf = scratch(st, cells * row + 1);
    if (!buf) return SC_ERR_NOMEM;
    for (size_t c = 0; c < cells; c++) {
        memcpy(buf + c * row, st->node_ids + (c % (size_t)st->n_nodes) * st->id_width,
               st->id_width);
        memcpy(buf + c * row + st->id_width, &b->nodes[c], nf * sizeof(double));
    }
    store_write_rows(W, s->nodes, st->nodes_t, first, n, buf, "nodes");

    if (b->n_shocks > 0 && s->shocks >= 0) {
        size_t rw = sizeof(sc_shock_row) + st->shock_id_width;
        unsigned char *rows = scratch(st, (size_t)b->n_shocks * rw);
        if (!rows) return SC_ERR_NOMEM;
        for (int i = 0; i < b->n_shocks; i++) {
            memcpy(rows + (size_t)i * rw, &b->shocks[i], sizeof(sc_shock_row));
            int k = b->shocks[i].shock;
            memcpy(rows + (size_t)i * rw + sizeof(sc_shock_row),
                   st->shock_ids + (size_t)(k < st->n_shock_ids ? k : 0) * st->shock_id_width,
                   st->shock_id_width);
        }
        hsize_t size[1] = {s->n_shock_rows + (hsize_t)b->n_shocks};
        if (H5Dset_extent(s->shocks, size) < 0) store_fail(W, "shocks");
        store_write_rows(W, s->shocks, st->shocks_t, s->n_shock_rows, (hsize_t)b->n_shocks, rows,
                         "shocks");
        s->n_shock_rows = size[0];
    }
    /* Every arm of these replications is written: a resumable point.  The
     * file is closed until the next batch, because only a closed HDF5 file
     * is sure to be consistent on disk if the process is killed. */
    if (b->arm == st->n_arms - 1 && !W->failed) {
        attr_update(W, "replications_done", (int32_t)(first + n));
        st->reps_done = (int)(first + n);
        store_close_file(st);
    }
    return W->failed ? SC_ERR_IO : SC_OK;
}

sc_status sc_store_table_write(sc_store *st, const sc_store_table *t)
{
    writer *W = &st->W;
    if (!store_open_file(st)) return SC_ERR_IO;
    size_t *width = calloc((size_t)t->n_cols + 1, sizeof *width);
    size_t *off = calloc((size_t)t->n_cols + 1, sizeof *off);
    if (!width || !off) {
        free(width);
        free(off);
        return SC_ERR_NOMEM;
    }
    size_t rowb = 0;
    for (int c = 0; c < t->n_cols; c++) {
        width[c] = sizeof(double);
        if (t->strings[c]) {
            width[c] = 1;
            for (int r = 0; r < t->n_rows; r++)
                if (strlen(t->strings[c][r]) + 1 > width[c])
                    width[c] = strlen(t->strings[c][r]) + 1;
        }
        off[c] = rowb;
        rowb += width[c];
    }
    unsigned char *buf = calloc((size_t)(t->n_rows ? t->n_rows : 1), rowb ? rowb : 1);
    hid_t type = H5Tcreate(H5T_COMPOUND, rowb ? rowb : 1);
    for (int c = 0; c < t->n_cols; c++) {
        if (t->strings[c]) {
            hid_t s = string_type(width[c]);
            H5Tinsert(type, t->col_names[c], off[c], s);
            H5Tclose(s);
        } else {
            H5Tinsert(type, t->col_names[c], off[c], H5T_NATIVE_DOUBLE);
        }
        for (int r = 0; buf && r < t->n_rows; r++) {
            unsigned char *p = buf + (size_t)r * rowb + off[c];
            if (t->strings[c])
                memcpy(p, t->strings[c][r], strlen(t->strings[c][r]));
            else
                memcpy(p, &t->numbers[c][r], sizeof(double));
        }
    }
    if (!buf) store_fail(W, t->name);
    hsize_t dims[1] = {(hsize_t)t->n_rows};
    hid_t ds = create_dataset(W, W->file, t->name, type, 1, dims);
    if (buf)
        write_all(W, ds, type, buf, t->name);
    else if (ds >= 0)
        H5Dclose(ds);
    H5Tclose(type);
    free(buf);
    free(width);
    free(off);
    return W->failed ? SC_ERR_IO : SC_OK;
}

typedef struct summary_row {
    char arm[64];
    char versus[64];
    char metric[24];
    int64_t n;
    double mean, sd, ci_lo, ci_hi, p05, p50, p95, cvar95;
} summary_row;

/* /summary (per arm and metric) or /paired (arm minus the first arm). */
/* One metric field of every replication of arm a, read back from the file
 * in blocks: HDF5 converts a compound field through buffers as large as the
 * rows read, so one read of the whole column would cost a full row per
 * replication. */
static bool read_column(sc_store *st, int a, const char *field, double *out)
{
    enum { BLOCK = 4096 };
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(double));
    H5Tinsert(t, field, 0, H5T_NATIVE_DOUBLE);
    hid_t fs = H5Dget_space(st->arms[a].metrics);
    bool ok = t >= 0 && fs >= 0;
    for (hsize_t first = 0; ok && first < (hsize_t)st->reps; first += BLOCK) {
        hsize_t count = (hsize_t)st->reps - first < BLOCK ? (hsize_t)st->reps - first : BLOCK;
        hid_t ms = H5Screate_simple(1, &count, NULL);
        ok = H5Sselect_hyperslab(fs, H5S_SELECT_SET, &first, NULL, &count, NULL) >= 0 &&
             H5Dread(st->arms[a].metrics, t, ms, fs, H5P_DEFAULT, out + first) >= 0;
        H5Sclose(ms);
    }
    H5Sclose(fs);
    H5Tclose(t);
    return ok;
}

/* Every arm's and field's summary, and of the paired differences against
 * the first arm, into res->summary and res->paired: from the metrics in
 * memory when the run kept them, else read back from the file one field at
 * a time (so memory holds three columns, not every metric). */
static void summarise(sc_store *st, sc_results *res)
{
    size_t nf = (size_t)sc_metric_field_count, cells = (size_t)res->n_arms * nf,
           n = (size_t)st->reps;
    sc_summary *sum = calloc(cells + 1, sizeof *sum), *pair = calloc(cells + 1, sizeof *pair);
    double *base = malloc((n + 1) * sizeof *base), *x = malloc((n + 1) * sizeof *x),
           *d = malloc((n + 1) * sizeof *d);
    bool ok = sum && pair && base && x && d;
    for (size_t f = 0; ok && f < nf; f++) {
        size_t off = sc_metric_fields[f].offset;
        const char *name = sc_metric_fields[f].name;
        if (!res->metrics) ok = read_column(st, 0, name, base);
        for (int a = 0; ok && a < res->n_arms; a++) {
            sc_summary *s = &sum[(size_t)a * nf + f], *p = &pair[(size_t)a * nf + f];
            if (res->metrics) {
                ok = sc_summarise_metric(res, a, off, s) == 0 &&
                     sc_summarise_paired(res, a, 0, off, p) == 0;
                continue;
            }
            ok = read_column(st, a, name, x);
            for (size_t i = 0; ok && i < n; i++)
                d[i] = x[i] - base[i];
            ok = ok && sc_summarise(x, n, 1, s) == 0 && sc_summarise(d, n, 1, p) == 0;
        }
    }
    free(base);
    free(x);
    free(d);
    if (!ok) {
        store_fail(&st->W, "summary");
        free(sum);
        free(pair);
        return;
    }
    free(res->summary);
    free(res->paired);
    res->summary = sum;
    res->paired = pair;
}

static void write_summary(writer *W, const sc_results *res, bool paired)
{
    int arms = paired ? res->n_arms - 1 : res->n_arms, nf = sc_metric_field_count;
    if (arms <= 0) return;
    summary_row *rows = calloc((size_t)arms * (size_t)nf, sizeof *rows);
    if (!rows) {
        store_fail(W, "summary");
        return;
    }
    for (int a = 0; a < arms; a++)
        for (int f = 0; f < nf; f++) {
            int arm = paired ? a + 1 : a;
            summary_row *r = &rows[a * nf + f];
            sc_summary s = (paired ? res->paired : res->summary)[arm * nf + f];
            *r = (summary_row){.n = (int64_t)s.n,
                               .mean = s.mean,
                               .sd = s.sd,
                               .ci_lo = s.ci_lo,
                               .ci_hi = s.ci_hi,
                               .p05 = s.p05,
                               .p50 = s.p50,
                               .p95 = s.p95,
                               .cvar95 = s.cvar95};
            snprintf(r->arm, sizeof r->arm, "%s", res->arm_names[arm]);
            snprintf(r->versus, sizeof r->versus, "%s", paired ? res->arm_names[0] : "");
            snprintf(r->metric, sizeof r->metric, "%s", sc_metric_fields[f].name);
        }
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(summary_row));
    hid_t s64 = string_type(sizeof rows[0].arm), s16 = string_type(sizeof rows[0].metric);
    H5Tinsert(t, "arm", HOFFSET(summary_row, arm), s64);
    if (paired) H5Tinsert(t, "versus", HOFFSET(summary_row, versus), s64);
    H5Tinsert(t, "metric", HOFFSET(summary_row, metric), s16);
    H5Tinsert(t, "n", HOFFSET(summary_row, n), H5T_NATIVE_INT64);
#define F(name) H5Tinsert(t, #name, HOFFSET(summary_row, name), H5T_NATIVE_DOUBLE)
    F(mean);
    F(sd);
    F(ci_lo);
    F(ci_hi);
    if (!paired) {
        F(p05);
        F(p50);
        F(p95);
        F(cvar95);
    }
#undef F
    hsize_t dims[1] = {(hsize_t)arms * (hsize_t)nf};
    const char *name = paired ? "paired" : "summary";
    write_all(W, create_dataset(W, W->file, name, t, 1, dims), t, rows, name);
    H5Tclose(s64);
    H5Tclose(s16);
    H5Tclose(t);
    free(rows);
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

sc_status sc_store_finish(sc_store *st, sc_results *res, char *err, size_t errlen)
{
    st->W.err = err;
    st->W.errlen = errlen;
    store_open_file(st);
    attr_update(&st->W, "complete", 1);
    if (!st->W.failed) summarise(st, res);
    if (!st->W.failed) {
        write_summary(&st->W, res, false);
        write_summary(&st->W, res, true);
    }
    store_close_all(st);
    writer *W = &st->W;
    if (!W->failed && !sync_file(st->tmp)) {
        snprintf(err, errlen, "cannot flush %s: %s", st->tmp, strerror(errno));
        W->failed = true;
    }
    if (!W->failed && rename(st->tmp, st->path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", st->tmp, st->path, strerror(errno));
        W->failed = true;
    }
    bool failed = W->failed;
    if (failed) unlink(st->tmp);
    store_free(st);
    return failed ? SC_ERR_IO : SC_OK;
}
