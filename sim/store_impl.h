/*
 * The private layout of the HDF5 store (sctwin/store.h), shared by
 * store_h5.c (creating and writing) and store_resume.c (reopening a partial
 * file to resume an interrupted run).
 */
#ifndef SC_STORE_IMPL_H
#define SC_STORE_IMPL_H

#include <hdf5.h>
#include <stdbool.h>

#include "sctwin/store.h"

typedef struct writer {
    hid_t file;
    bool failed;
    char *err;
    size_t errlen;
} writer;

/* The open datasets of one arm. */
typedef struct arm_sets {
    hid_t metrics, curve, nodes, actors, ledger, shocks;
    hsize_t n_shock_rows;
} arm_sets;

struct sc_store {
    writer W;
    char *path, *tmp;
    int n_arms, reps, n_nodes, n_actors, n_days;
    int reps_done; /* replications every arm has written */
    char **arm_names;
    arm_sets *arms;
    hid_t metrics_t, nodes_t, shocks_t; /* memory types */
    size_t id_width, shock_id_width;
    char *node_ids;  /* [n_nodes][id_width] */
    char *shock_ids; /* [n_shock_ids][shock_id_width] */
    int n_shock_ids;
    unsigned char *scratch;
    size_t scratch_cap;
};

/* Records the first failure as "HDF5: cannot write WHAT". */
void store_fail(writer *W, const char *what);
/* Memory (and file) types of the metrics rows, node cells and shock rows. */
hid_t store_metrics_type(void);
hid_t store_nodes_type(size_t idw);
hid_t store_shocks_type(size_t idw);
void store_attr_scalar(writer *W, hid_t loc, const char *name, hid_t type, const void *value);
char *store_fixed_strings(const char *const *v, size_t n, size_t *width);
void store_write_rows(writer *W, hid_t ds, hid_t mem_type, hsize_t first, hsize_t n,
                      const void *buf, const char *what);
/* Closes the datasets and the file (not the types) / reopens them; the
 * file stays closed between batches. */
void store_close_file(sc_store *st);
/* The file access properties of every open: no file locking. */
hid_t store_file_access(void);
bool store_open_file(sc_store *st);
/* Opens the datasets of arm a in the open file. */
void store_open_arm(sc_store *st, int a);
void store_close_all(sc_store *st);
void store_free(sc_store *st);
/* The store's fields that do not depend on the file: names, ids, types. */
sc_status store_init(sc_store **out, const char *path, const sc_scenario *sc,
                     const sc_experiment_config *cfg, const char *const *arm_names, int n_arms,
                     const char *const *shock_ids, int n_shock_ids, char *err, size_t errlen);
/* A digest of the scenario's input tables, to tell a partial file's
 * scenario from another. */
uint64_t store_scenario_digest(const sc_scenario *sc);

#endif
