/*
 * Tracing one replication for the viewer: every shipment leg, holds at
 * chokepoints, node and chokepoint states per day, shock occurrences,
 * warnings and q(t), written to /trace of an HDF5 file (layout in
 * docs/hdf5-layout.md).  The traced replication is the same run as in
 * `sctwin run` (same seed, replication, arm): tracing only observes.
 */
#ifndef SCTWIN_TRACE_H
#define SCTWIN_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "sctwin/scenario.h"
#include "sctwin/status.h"

typedef struct sc_trace_config {
    int arm; /* index among the scenario's arms */
    int rep; /* replication */
    uint64_t seed;
    double horizon_days, warmup_days;
    const char *command; /* stored as an attribute; may be NULL */
    /* Optional lane polylines (lane_paths.csv): n points of lane index,
     * latitude, longitude, in order along each lane. */
    const int *path_lane;
    const double *path_lat, *path_lon;
    int n_path_points;
} sc_trace_config;

/* Runs the replication and its counterfactual twin and writes the trace to
 * PATH (via PATH.partial, renamed when complete).  SC_ERR_INPUT for a bad
 * arm or horizon, SC_ERR_NOMEM, SC_ERR_IO with a message in err. */
sc_status sc_trace_write(const sc_scenario *sc, const sc_trace_config *cfg, const char *path,
                         char *err, size_t errlen);

#endif
