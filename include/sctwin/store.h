/*
 * Writing an experiment's results to one HDF5 file (layout in
 * docs/hdf5-layout.md).  The file is written under a temporary name in the
 * same folder and renamed into place only when complete, so a crash or a full
 * disk never leaves a file that looks whole under the final name.
 */
#ifndef SCTWIN_STORE_H
#define SCTWIN_STORE_H

#include <stddef.h>

#include "sctwin/experiment.h"
#include "sctwin/scenario.h"
#include "sctwin/status.h"

/* Writes `res` (one arm, named `arm`) to `path`.  `command` is the command
 * line recorded in the file.  On failure returns SC_ERR_IO or SC_ERR_NOMEM
 * with a message in err[errlen] and leaves no file at `path` or beside it. */
sc_status sc_store_write(const char *path, const sc_scenario *sc, const sc_experiment_config *cfg,
                         const char *arm, const sc_results *res, const char *command, char *err,
                         size_t errlen);

#endif
