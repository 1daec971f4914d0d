/*
 * The experiment driver's general entry point (private): any list of shock
 * definitions and any arms over it.  `sctwin run` passes the scenario's
 * shocks and arms; `sctwin stress` a generated list with one arm per shock.
 */
#ifndef SC_EXPERIMENT_ARMS_H
#define SC_EXPERIMENT_ARMS_H

#include "scenario_model.h"
#include "sctwin/experiment.h"

typedef struct sc_arm_spec {
    const char *name;
    const bool *shock_on;      /* [n_shocks] */
    const bool *mitigation_on; /* [n_mitigations] of the scenario; NULL: none */
} sc_arm_spec;

sc_status sc_experiment_run_arms(const sc_scenario *sc, const sc_experiment_config *cfg,
                                 const sc_shock *shocks, int n_shocks, const sc_arm_spec *arms,
                                 int n_arms, sc_results **out);

#endif
