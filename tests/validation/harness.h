/*
 * Shared plumbing of the validation tests: write a scenario bundle into a
 * fresh temporary folder, run it through the library exactly as `sctwin run`
 * does (load, experiment, HDF5 store), and read a per-node statistic back
 * from /arms/baseline/nodes of the written file.  Confidence intervals are
 * Student-t intervals over replications.
 */
#ifndef SC_VALIDATION_HARNESS_H
#define SC_VALIDATION_HARNESS_H

#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sctwin/experiment.h"
#include "sctwin/scenario.h"
#include "sctwin/store.h"

typedef struct vt_file {
    const char *name;
    const char *text;
} vt_file;

/* Writes the files into a new temp folder; returns its path (static buffer
 * per call site is the caller's: we return malloc'd memory). */
__attribute__((unused)) static char *vt_write_bundle(const vt_file *files, int n)
{
    char *dir = strdup("/tmp/sctwin-vt-XXXXXX");
    if (!dir || !mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        FILE *f = fopen(path, "w");
        if (!f || fputs(files[i].text, f) < 0 || fclose(f) != 0) {
            perror(path);
            exit(1);
        }
    }
    return dir;
}

__attribute__((unused)) static void vt_remove_bundle(char *dir, const vt_file *files, int n,
                                                     const char *h5)
{
    char path[512];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        unlink(path);
    }
    if (h5) unlink(h5);
    rmdir(dir);
    free(dir);
}

/* Loads the bundle in dir (caller frees); prints the diagnostics and exits
 * when it does not load. */
__attribute__((unused)) static sc_scenario *vt_load(const char *dir)
{
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    if (sc_scenario_load(dir, &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        exit(1);
    }
    sc_diags_free(&d);
    return sc;
}

/* Loads, runs and stores the bundle in dir; writes dir/results.h5 and
 * returns the scenario (caller frees).  Exits on any failure. */
__attribute__((unused)) static sc_scenario *vt_run(const char *dir, char *h5_path, size_t h5_len)
{
    sc_scenario *sc = vt_load(dir);
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    snprintf(h5_path, h5_len, "%s/results.h5", dir);
    char err[256];
    const char *arms[16];
    int n_arms = (int)sc_scenario_arm_count(sc);
    for (int a = 0; a < n_arms && a < 16; a++)
        arms[a] = sc_scenario_arm_name(sc, (size_t)a);
    sc_store *store = NULL;
    if (sc_store_open(&store, h5_path, sc, &cfg, arms, n_arms, NULL, 0, "validation", err,
                      sizeof err) != SC_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    cfg.sink = sc_store_batch;
    cfg.sink_ctx = store;
    sc_results *res = NULL;
    if (sc_experiment_run(sc, &cfg, &res) != SC_OK) {
        fprintf(stderr, "experiment failed\n");
        exit(1);
    }
    if (sc_store_finish(store, res, err, sizeof err) != SC_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    sc_results_free(res);
    return sc;
}

/* Reads field `field` of node `node` for every replication from
 * /arms/<arm>/nodes into out[reps]; returns the replication count. */
__attribute__((unused)) static int vt_read_arm_node_field(const char *h5, const sc_scenario *sc,
                                                          const char *arm, const char *node_id,
                                                          const char *field, double *out, int max)
{
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/nodes", arm);
    hid_t f = H5Fopen(h5, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t ds = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t space = H5Dget_space(ds);
    hsize_t dims[2];
    H5Sget_simple_extent_dims(space, dims, NULL);
    hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(double));
    H5Tinsert(mt, field, 0, H5T_NATIVE_DOUBLE);
    double *all = malloc(dims[0] * dims[1] * sizeof *all);
    if (f < 0 || ds < 0 || !all || H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, all) < 0) {
        fprintf(stderr, "cannot read %s from %s\n", field, h5);
        exit(1);
    }
    size_t node = 0;
    while (node < dims[1] && strcmp(sc_scenario_node_id(sc, node), node_id) != 0)
        node++;
    int n = (int)dims[0] < max ? (int)dims[0] : max;
    for (int r = 0; r < n; r++)
        out[r] = all[(size_t)r * dims[1] + node];
    free(all);
    H5Tclose(mt);
    H5Sclose(space);
    H5Dclose(ds);
    H5Fclose(f);
    return n;
}

__attribute__((unused)) static int vt_read_node_field(const char *h5, const sc_scenario *sc,
                                                      const char *node_id, const char *field,
                                                      double *out, int max)
{
    return vt_read_arm_node_field(h5, sc, "baseline", node_id, field, out, max);
}

/* Mean and 95% Student-t half-width of x[0..n). */
__attribute__((unused)) static void vt_ci(const double *x, int n, double *mean, double *half)
{
    double m = 0, v = 0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n;
    for (int i = 0; i < n; i++)
        v += (x[i] - m) * (x[i] - m);
    v /= n - 1;
    *mean = m;
    *half = gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(v / n);
}

#endif
