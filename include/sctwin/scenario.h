/*
 * A scenario bundle: the network, its demand, policies, risks and the
 * experiment settings, loaded from a folder of CSV files (DESIGN.md §5) and
 * validated as a whole.  Once loaded a scenario is immutable and can be
 * shared by any number of threads running replications.
 */
#ifndef SCTWIN_SCENARIO_H
#define SCTWIN_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "sctwin/diag.h"
#include "sctwin/status.h"

typedef struct sc_scenario sc_scenario;

/* Loads and validates the bundle in folder `dir`.  Every problem found is
 * added to `diags` as FILE:LINE:COLUMN; when any is found the call returns
 * SC_ERR_INPUT and *out stays NULL.  SC_ERR_NOMEM when memory runs out. */
sc_status sc_scenario_load(const char *dir, sc_scenario **out, sc_diags *diags);

/* Releases a scenario; NULL is a no-op. */
void sc_scenario_free(sc_scenario *sc);

/* The bundle's name: the last component of its folder path. */
const char *sc_scenario_name(const sc_scenario *sc);

size_t sc_scenario_actor_count(const sc_scenario *sc);
const char *sc_scenario_actor_id(const sc_scenario *sc, size_t actor);
size_t sc_scenario_node_count(const sc_scenario *sc);
const char *sc_scenario_node_id(const sc_scenario *sc, size_t node);
const char *sc_scenario_node_kind(const sc_scenario *sc, size_t node);
size_t sc_scenario_lane_count(const sc_scenario *sc);
size_t sc_scenario_item_count(const sc_scenario *sc);

/* Experiment settings from experiment.csv (defaults documented in
 * docs/scenario-format.md). */
typedef struct sc_experiment_settings {
    double horizon_days;
    double warmup_days;
    int replications;
    uint64_t seed;
} sc_experiment_settings;

sc_experiment_settings sc_scenario_experiment(const sc_scenario *sc);

size_t sc_scenario_shock_count(const sc_scenario *sc);
const char *sc_scenario_shock_id(const sc_scenario *sc, size_t shock);
size_t sc_scenario_mitigation_count(const sc_scenario *sc);

/* Experiment arms (experiment.csv `arms` and `arm:NAME` rows); one arm named
 * "baseline", with every shock, when none is declared. */
size_t sc_scenario_arm_count(const sc_scenario *sc);
const char *sc_scenario_arm_name(const sc_scenario *sc, size_t arm);

/* The input tables as read, for storing alongside results: table `i` of
 * `sc_scenario_table_count` has a name ("nodes"), a header and string cells. */
size_t sc_scenario_table_count(const sc_scenario *sc);
const char *sc_scenario_table_name(const sc_scenario *sc, size_t i);
size_t sc_scenario_table_cols(const sc_scenario *sc, size_t i);
size_t sc_scenario_table_rows(const sc_scenario *sc, size_t i);
const char *sc_scenario_table_header(const sc_scenario *sc, size_t i, size_t col);
const char *sc_scenario_table_cell(const sc_scenario *sc, size_t i, size_t row, size_t col);

#endif
