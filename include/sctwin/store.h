/*
 * Writing an experiment's results to one HDF5 file (layout in
 * docs/hdf5-layout.md), streamed batch by batch as replications finish.
 * The file is written under a temporary name in the same folder and renamed
 * into place only by sc_store_finish, so an interrupted run, a crash or a
 * full disk never leaves a file that looks whole under the final name.
 */
#ifndef SCTWIN_STORE_H
#define SCTWIN_STORE_H

#include <stddef.h>

#include "sctwin/experiment.h"
#include "sctwin/scenario.h"
#include "sctwin/status.h"

typedef struct sc_store sc_store;

/* Creates the temporary file, writes the root attributes and /scenario, and
 * creates the datasets of every arm for cfg->replications replications.
 * On failure returns SC_ERR_IO or SC_ERR_NOMEM with a message in err. */
sc_status sc_store_open(sc_store **out, const char *path, const sc_scenario *sc,
                        const sc_experiment_config *cfg, const char *const *arm_names, int n_arms,
                        const char *const *shock_ids, int n_shock_ids, const char *command,
                        char *err, size_t errlen);

/* Writes one batch (an sc_batch_fn: pass the store as the sink context). */
sc_status sc_store_batch(void *store, const sc_batch *batch);

/* A table written at the root: column names, and rows of values where each
 * column is either a string (strings[col] != NULL) or a double. */
typedef struct sc_store_table {
    const char *name;
    int n_cols, n_rows;
    const char *const *col_names;
    const char *const *const *strings; /* [n_cols][n_rows] or NULL per column */
    const double *const *numbers;      /* [n_cols][n_rows] or NULL per column */
} sc_store_table;

sc_status sc_store_table_write(sc_store *st, const sc_store_table *table);

/* Writes /summary and /paired from the results, closes the file, flushes it
 * to disk and renames it into place.  The store is freed either way. */
sc_status sc_store_finish(sc_store *st, const sc_results *res, char *err, size_t errlen);

/* Closes and removes the temporary file; the store is freed. */
void sc_store_abort(sc_store *st);

#endif
