/*
 * Resuming an interrupted experiment from its partial results file (see
 * sc_store_resume in sctwin/store.h): check that the file belongs to the
 * same experiment, read back what the finished replications left in memory
 * (their metrics and the actor sums, in replication order, so that the
 * summary of the completed run comes out the same bits), drop any rows a
 * killed run wrote past its last complete batch, and reopen the datasets to
 * go on writing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_impl.h"

static bool read_attr(hid_t file, const char *name, hid_t type, void *value)
{
    hid_t a = H5Aopen(file, name, H5P_DEFAULT);
    if (a < 0) return false;
    bool ok = H5Aread(a, type, value) >= 0;
    H5Aclose(a);
    return ok;
}

/* A string attribute (scalar or the k-th of a list) into buf. */
static bool read_string(hid_t file, const char *name, int k, char *buf, size_t size)
{
    hid_t a = H5Aopen(file, name, H5P_DEFAULT);
    if (a < 0) return false;
    hid_t t = H5Aget_type(a), s = H5Aget_space(a);
    size_t len = H5Tget_size(t);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    char *all = n > k ? calloc((size_t)n, len + 1) : NULL;
    bool ok = all && H5Aread(a, t, all) >= 0;
    if (ok) snprintf(buf, size, "%.*s", (int)len, all + (size_t)k * len);
    free(all);
    H5Tclose(t);
    H5Sclose(s);
    H5Aclose(a);
    return ok;
}

static int32_t attr_int(hid_t file, const char *name)
{
    int32_t v = -1;
    return read_attr(file, name, H5T_NATIVE_INT32, &v) ? v : -1;
}

/* Why the file is not a partial run of this experiment, or NULL. */
static const char *mismatch(hid_t f, const sc_scenario *sc, const sc_experiment_config *cfg,
                            const char *const *arm_names, int n_arms)
{
    uint64_t seed = 0, digest = 0;
    double horizon = NAN, warmup = NAN;
    char buf[512];
    if (attr_int(f, "complete") != 0) return "it is not marked incomplete";
    if (!read_attr(f, "scenario_digest", H5T_NATIVE_UINT64, &digest) ||
        digest != store_scenario_digest(sc))
        return "its scenario tables differ from the bundle's";
    if (!read_attr(f, "seed", H5T_NATIVE_UINT64, &seed) || seed != cfg->seed)
        return "it was run with another seed";
    if (attr_int(f, "replications") != cfg->replications)
        return "it was run for another number of replications";
    if (!read_attr(f, "horizon_days", H5T_NATIVE_DOUBLE, &horizon) ||
        !read_attr(f, "warmup_days", H5T_NATIVE_DOUBLE, &warmup) || horizon != cfg->horizon_days ||
        warmup != cfg->warmup_days)
        return "it has another horizon or warm-up";
    if (!read_string(f, "sctwin_version", 0, buf, sizeof buf) || strcmp(buf, SCTWIN_VERSION))
        return "it was written by another version of sctwin";
    hid_t a = H5Aopen(f, "arms", H5P_DEFAULT);
    hssize_t n = -1;
    if (a >= 0) {
        hid_t s = H5Aget_space(a);
        n = H5Sget_simple_extent_npoints(s);
        H5Sclose(s);
        H5Aclose(a);
    }
    if (n != n_arms) return "it has other arms";
    for (int k = 0; k < n_arms; k++)
        if (!read_string(f, "arms", k, buf, sizeof buf) || strcmp(buf, arm_names[k]))
            return "it has other arms";
    return NULL;
}

/* Reads rows [0, k) of an arm back into res; trims its shock rows to the
 * replications below k. */
static void reopen_arm(sc_store *st, int a, int k, sc_results *res)
{
    writer *W = &st->W;
    arm_sets *s = &st->arms[a];
    *s = (arm_sets){-1, -1, -1, -1, -1, -1, 0};
    store_open_arm(st, a);
    if (W->failed || k == 0) return;

    hsize_t start[3] = {0, 0, 0}, count[3] = {(hsize_t)k, 0, 0};
    hid_t fs = H5Dget_space(s->metrics);
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t ms = H5Screate_simple(1, count, NULL);
    if (H5Dread(s->metrics, st->metrics_t, ms, fs, H5P_DEFAULT,
                &res->metrics[(size_t)a * (size_t)res->replications]) < 0)
        store_fail(W, "metrics (read)");
    H5Sclose(ms);
    H5Sclose(fs);

    size_t row = (size_t)st->n_actors * SC_LEDGER_COLUMNS;
    double *ledger = malloc((size_t)k * row * sizeof *ledger + 1);
    count[1] = (hsize_t)st->n_actors;
    count[2] = SC_LEDGER_COLUMNS;
    fs = H5Dget_space(s->ledger);
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    ms = H5Screate_simple(3, count, NULL);
    if (!ledger || H5Dread(s->ledger, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, ledger) < 0)
        store_fail(W, "ledger (read)");
    for (int r = 0; !W->failed && r < k; r++)
        sc_results_add_ledger(res, a, &ledger[(size_t)r * row]);
    free(ledger);
    H5Sclose(ms);
    H5Sclose(fs);

    /* Shock rows are in replication order; a killed run may have written
     * some of the batch after the last complete one. */
    fs = H5Dget_space(s->shocks);
    hsize_t n = (hsize_t)H5Sget_simple_extent_npoints(fs);
    H5Sclose(fs);
    int32_t *reps = malloc((size_t)n * sizeof *reps + 1);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(int32_t));
    H5Tinsert(t, "rep", 0, H5T_NATIVE_INT32);
    if (!reps || (n > 0 && H5Dread(s->shocks, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, reps) < 0))
        store_fail(W, "shocks (read)");
    hsize_t keep = 0;
    while (!W->failed && keep < n && reps[keep] < k)
        keep++;
    if (!W->failed && keep < n && H5Dset_extent(s->shocks, &keep) < 0)
        store_fail(W, "shocks (trim)");
    s->n_shock_rows = keep;
    H5Tclose(t);
    free(reps);
}

sc_status sc_store_resume(sc_store **out, const char *path, const sc_scenario *sc,
                          const sc_experiment_config *cfg, const char *const *arm_names, int n_arms,
                          const char *const *shock_ids, int n_shock_ids, sc_results **done,
                          int *first_rep, char *err, size_t errlen)
{
    *out = NULL;
    *done = NULL;
    sc_store *st;
    sc_status rc =
        store_init(&st, path, sc, cfg, arm_names, n_arms, shock_ids, n_shock_ids, err, errlen);
    if (rc != SC_OK) return rc;
    hid_t fapl = store_file_access();
    st->W.file = H5Fopen(st->tmp, H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    if (st->W.file < 0) {
        /* Both are the user's to fix: bad input, like a partial file from
         * another experiment. */
        if (access(st->tmp, F_OK) != 0)
            snprintf(err, errlen, "cannot resume: no partial file %s (run without --resume)",
                     st->tmp);
        else
            snprintf(err, errlen,
                     "cannot resume from %s: not a readable HDF5 file (damaged by the stop?); "
                     "run without --resume to start again",
                     st->tmp);
        store_close_all(st);
        store_free(st);
        return SC_ERR_INPUT;
    }
    const char *why = mismatch(st->W.file, sc, cfg, arm_names, n_arms);
    int k = attr_int(st->W.file, "replications_done");
    if (!why && (k < 0 || k > cfg->replications)) why = "its count of replications is damaged";
    if (why) {
        snprintf(err, errlen, "cannot resume from %s: %s", st->tmp, why);
        store_close_all(st); /* the partial file stays: it may be resumed otherwise */
        store_free(st);
        return SC_ERR_INPUT;
    }
    sc_results *res = sc_results_alloc(n_arms, cfg->replications, st->n_actors, arm_names, true);
    if (!res) {
        snprintf(err, errlen, "out of memory");
        store_close_all(st);
        store_free(st);
        return SC_ERR_NOMEM;
    }
    for (int a = 0; a < n_arms && !st->W.failed; a++)
        reopen_arm(st, a, k, res);
    if (st->W.failed) {
        store_close_all(st);
        store_free(st);
        sc_results_free(res);
        return SC_ERR_IO;
    }
    st->reps_done = k;
    *out = st;
    *done = res;
    *first_rep = k;
    return SC_OK;
}
