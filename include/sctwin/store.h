/*
 * Writing an experiment's results to one HDF5 file (layout in
 * docs/hdf5-layout.md), streamed batch by batch as replications finish.
 * The file is written as PATH.partial in the same folder and renamed to
 * PATH only by sc_store_finish, so an interrupted run, a crash or a full
 * disk never leaves a file that looks whole under the final name.  After
 * every batch the partial file records how many replications it holds
 * (root attribute replications_done, complete = 0) and is flushed, so even
 * a killed run can be resumed from it (sc_store_resume).
 */
#ifndef SCTWIN_STORE_H
#define SCTWIN_STORE_H

#include <stddef.h>

#include "sctwin/experiment.h"
#include "sctwin/scenario.h"
#include "sctwin/status.h"

typedef struct sc_store sc_store;

/* Call sc_store_library_init before anything else of the store, and
 * sc_store_library_close at the end of the program: the HDF5 library is
 * then shut down only when that is safe (not after a file could not be
 * closed, e.g. on a full disk). */
void sc_store_library_init(void);
void sc_store_library_close(void);

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

/* Computes every arm's summaries into res->summary and res->paired (from
 * res->metrics, or read back from the file when the run discarded them),
 * writes /summary and /paired, closes the file, flushes it to disk and
 * renames it into place.  The store is freed either way. */
sc_status sc_store_finish(sc_store *st, sc_results *res, char *err, size_t errlen);

/* Replications that every arm has written so far, and the partial file's
 * name (PATH.partial). */
int sc_store_replications_done(const sc_store *st);
const char *sc_store_partial_path(const sc_store *st);

/* Closes the partial file and keeps it, to be resumed; the store is freed.
 * SC_ERR_IO (the file removed) when it could not be closed cleanly. */
sc_status sc_store_suspend(sc_store *st, char *err, size_t errlen);

/* Closes and removes the partial file; the store is freed. */
void sc_store_abort(sc_store *st);

/* Reopens PATH.partial to finish the experiment it holds.  It must come
 * from the same scenario tables, seed, replications, horizon, warm-up and
 * arms as the arguments, else SC_ERR_INPUT with the difference in err;
 * SC_ERR_IO when it is missing or unreadable.  On success *done holds the
 * results of its first *first_rep replications (for cfg->done and
 * cfg->first_rep) and the store goes on writing from there. */
sc_status sc_store_resume(sc_store **out, const char *path, const sc_scenario *sc,
                          const sc_experiment_config *cfg, const char *const *arm_names, int n_arms,
                          const char *const *shock_ids, int n_shock_ids, sc_results **done,
                          int *first_rep, char *err, size_t errlen);

#endif
