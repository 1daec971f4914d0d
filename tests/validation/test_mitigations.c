/*
 * Validation of mitigations on the reference scenario, scenarios/asia_eu,
 * against a 14-day closure of the Suez canal (shock suez_14, day 290), with
 * paired 95% confidence intervals over 30 replications (common random
 * numbers):
 *  - the closure does harm (arm `none`);
 *  - a perfect warning 21 days ahead, which lets ships leaving before the
 *    onset take the Cape (arm `warning_reroute`), lowers the mean loss below
 *    rerouting alone (arm `reroute`), and so below no mitigation;
 *  - rerouting alone never does worse than no mitigation.  On this closure
 *    it does nothing: once the canal is shut, turning round the Cape costs
 *    more than waiting for the known reopening (docs/mitigations.md);
 *  - on a 60-day closure (shock suez_60, day 200) the Cape is the faster way,
 *    and rerouting lowers both TTR and loss (`long_closure_reroute` against
 *    `long_closure`);
 *  - learning: over two 30-day closures (days 70 and 200), the second costs
 *    more than the first without learning (adaptation < 0, the season) and
 *    less with the retailer learning from the first (adaptation > 0), and the
 *    paired difference in adaptation is positive.
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

static const char *const names[] = {"none",
                                    "reroute",
                                    "warning_reroute",
                                    "long_closure",
                                    "long_closure_reroute",
                                    "two_closures",
                                    "two_closures_learning"};
enum { N_ARMS = sizeof names / sizeof names[0] };

/* Paired difference of a metric, arm a minus arm b (indices into cfg.arms). */
static sc_summary paired(const sc_results *res, int a, int b, const char *metric)
{
    sc_summary d;
    sc_summarise_paired(res, a, b, offset(metric), &d);
    printf("%s: %s - %s %.3f [%.3f, %.3f]\n", metric, names[a], names[b], d.mean, d.ci_lo, d.ci_hi);
    return d;
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
    int arms[N_ARMS];
    for (int a = 0; a < N_ARMS; a++) {
        arms[a] = arm_index(sc, names[a]);
        CHECK(arms[a] >= 0);
        if (arms[a] < 0) return sc_check_report("test_mitigations");
    }
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    cfg.replications = 30;
    cfg.arms = arms;
    cfg.n_arms = N_ARMS;
    sc_results *res = NULL;
    CHECK(sc_experiment_run(sc, &cfg, &res) == SC_OK);
    if (res) {
        sc_summary none;
        sc_summarise_metric(res, 0, offset("loss"), &none);
        printf("loss: none %.3f\n", none.mean);
        CHECK(none.mean > 0); /* the closure does harm */
        CHECK(paired(res, 1, 0, "loss").ci_hi <= 0);
        CHECK(paired(res, 1, 0, "ttr").ci_hi <= 0);
        CHECK(paired(res, 2, 1, "loss").ci_hi < 0); /* the warning adds to rerouting */
        CHECK(paired(res, 2, 0, "loss").ci_hi < 0);
        CHECK(paired(res, 4, 3, "loss").ci_hi < 0); /* rerouting pays on a long closure */
        CHECK(paired(res, 4, 3, "ttr").ci_hi < 0);
        sc_summary plain, learned;
        sc_summarise_metric(res, 5, offset("adaptation"), &plain);
        sc_summarise_metric(res, 6, offset("adaptation"), &learned);
        printf("adaptation: two_closures %.3f [%.3f, %.3f], with learning %.3f [%.3f, %.3f]\n",
               plain.mean, plain.ci_lo, plain.ci_hi, learned.mean, learned.ci_lo, learned.ci_hi);
        CHECK(plain.ci_hi < 0);
        CHECK(learned.ci_lo > 0);
        CHECK(paired(res, 6, 5, "adaptation").ci_lo > 0);
        CHECK(paired(res, 6, 5, "loss").ci_hi < 0);
    }
    sc_results_free(res);
    sc_scenario_free(sc);
    return sc_check_report("test_mitigations");
}
