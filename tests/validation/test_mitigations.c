/*
 * Validation of mitigations on the reference scenario, scenarios/asia_eu,
 * against a 14-day closure of the Suez canal (shock suez_14, day 290):
 * rerouting (arm `reroute`) must lower both the mean loss and the mean time
 * to recover against no mitigation (arm `none`), with the 95% confidence
 * interval of the paired difference (common random numbers) excluding 0.
 */
#include <string.h>

#include "../check.h"
#include "sctwin/experiment.h"
#include "sctwin/scenario.h"
#include "sctwin/stats.h"

static int arm_index(const sc_scenario *sc, const char *name)
{
    for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
        if (!strcmp(sc_scenario_arm_name(sc, a), name)) return (int)a;
    return -1;
}

static size_t offset(const char *name)
{
    for (int f = 0; f < sc_metric_field_count; f++)
        if (!strcmp(sc_metric_fields[f].name, name)) return sc_metric_fields[f].offset;
    return 0;
}

int main(void)
{
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    if (sc_scenario_load("../../scenarios/asia_eu", &sc, &d) != SC_OK) {
        sc_diags_print(&d, stderr);
        return 1;
    }
    sc_diags_free(&d);
    int arms[2] = {arm_index(sc, "none"), arm_index(sc, "reroute")};
    CHECK(arms[0] >= 0 && arms[1] >= 0);
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    cfg.replications = 30;
    cfg.arms = arms;
    cfg.n_arms = 2;
    sc_results *res = NULL;
    CHECK(sc_experiment_run(sc, &cfg, &res) == SC_OK);
    if (res) {
        const char *metrics[] = {"loss", "ttr"};
        for (int i = 0; i < 2; i++) {
            sc_summary none, diff;
            sc_summarise_metric(res, 0, offset(metrics[i]), &none);
            sc_summarise_paired(res, 1, 0, offset(metrics[i]), &diff);
            printf("%s: none %.3f, reroute - none %.3f [%.3f, %.3f]\n", metrics[i], none.mean,
                   diff.mean, diff.ci_lo, diff.ci_hi);
            CHECK(none.mean > 0);    /* the closure does harm */
            CHECK(diff.ci_hi < 0);   /* and rerouting lowers it */
        }
    }
    sc_results_free(res);
    sc_scenario_free(sc);
    return sc_check_report("test_mitigations");
}
