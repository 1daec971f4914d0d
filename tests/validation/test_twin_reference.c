/*
 * The reference of q(t): every arm is measured against the counterfactual
 * twin of the first arm's set of mitigations (docs/mitigations.md).  That
 * twin must run whenever some arm has a shock, even when the first arm has
 * none: with `calm` (no shock, no mitigation) first, the mitigated arm
 * `shared` must get exactly the resilience metrics it gets with `plain` (the
 * outage, no mitigation) first, since both references are the same calm,
 * unmitigated network.  (Before, that twin was not run with `calm` first and
 * q was read from a buffer no twin had filled.)
 */
#include "../check.h"
#include "harness.h"
#include "sctwin/stats.h"

static size_t offset(const char *name)
{
    for (int f = 0; f < sc_metric_field_count; f++)
        if (!strcmp(sc_metric_fields[f].name, name)) return sc_metric_fields[f].offset;
    return 0;
}

static int arm_index(const sc_scenario *sc, const char *name)
{
    for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
        if (!strcmp(sc_scenario_arm_name(sc, a), name)) return (int)a;
    return -1;
}

/* Runs arms {first, "shared"}; fills loss and resistance of each. */
static void run_pair(const sc_scenario *sc, const char *first, sc_summary loss[2],
                     sc_summary resistance[2])
{
    int arms[2] = {arm_index(sc, first), arm_index(sc, "shared")};
    CHECK(arms[0] >= 0 && arms[1] >= 0);
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    cfg.arms = arms;
    cfg.n_arms = 2;
    sc_results *res = NULL;
    CHECK(sc_experiment_run(sc, &cfg, &res) == SC_OK);
    for (int a = 0; a < 2 && res; a++) {
        sc_summarise_metric(res, a, offset("loss"), &loss[a]);
        sc_summarise_metric(res, a, offset("resistance"), &resistance[a]);
        printf("%s first: arm %d loss %.6f [%.6f, %.6f], resistance %.6f\n", first, a, loss[a].mean,
               loss[a].ci_lo, loss[a].ci_hi, resistance[a].mean);
    }
    sc_results_free(res);
}

int main(void)
{
    vt_file files[] = {
        {"actors.csv", "id,name\nf,Firm\n"},
        {"nodes.csv", "id,kind,actor,lat,lon\nsup,supplier,f,10,100\ndc,warehouse,f,40,10\n"
                      "retail,warehouse,f,50,5\nmkt,market,f,51,6\n"},
        {"items.csv", "id,unit_value\nx,1\n"},
        {"lanes.csv", "id,from,to,mode,carrier,transit_days\nup,sup,dc,road,f,3\n"
                      "down,dc,retail,road,f,2\nlast,retail,mkt,road,f,0\n"},
        {"demand.csv", "market,item,mean_per_day,cv,dist\nmkt,x,100,0.3,normal\n"},
        {"inventory.csv",
         "node,item,policy,source,review_days,safety_days,forecast,window,initial\n"
         "retail,x,forecast_out,dc,1,1,ma,5,400\n"
         "dc,x,forecast_out,sup,1,1,ma,5,500\n"},
        {"mitigations.csv", "id,kind,owner,cost_per_year,target\nshare,info_sharing,f,0,dc\n"},
        {"shocks.csv", "id,kind,target,start_day,rate_per_year,duration_days,duration_cv,"
                       "severity,warning_days,warning_prob\n"
                       "outage,node_outage,node:dc,100,,10,0,1,,\n"},
        {"experiment.csv", "key,value\nhorizon_days,300\nwarmup_days,20\nreplications,10\n"
                           "seed,11\narms,calm;plain;shared\narm:calm,\narm:plain,outage\n"
                           "arm:shared,outage;share\n"},
    };
    int nf = (int)(sizeof files / sizeof *files);
    char *dir = vt_write_bundle(files, nf);
    sc_scenario *sc = vt_load(dir);
    sc_summary loss_c[2], res_c[2], loss_p[2], res_p[2];
    run_pair(sc, "calm", loss_c, res_c);
    run_pair(sc, "plain", loss_p, res_p);
    CHECK(loss_c[0].ci_lo == 0 && loss_c[0].ci_hi == 0); /* calm: unharmed */
    CHECK(loss_p[0].ci_lo > 0);                          /* the outage does harm */
    CHECK(loss_p[1].mean > 0);
    /* the same reference, so the same metrics for `shared`, to the bit */
    CHECK(loss_c[1].mean == loss_p[1].mean);
    CHECK(loss_c[1].ci_lo == loss_p[1].ci_lo && loss_c[1].ci_hi == loss_p[1].ci_hi);
    CHECK(res_c[1].mean == res_p[1].mean);
    sc_scenario_free(sc);
    vt_remove_bundle(dir, files, nf, NULL);
    return sc_check_report("test_twin_reference");
}
