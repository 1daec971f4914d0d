/*
 * `sctwin stress SCENARIO`: knock out each node and each chokepoint in turn
 * (sim/stress.c), rank them by the loss they cause, print the ranking and
 * store it in /stress beside the per-element arms.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ranks.h"
#include "scenario_model.h"
#include "sctwin/stats.h"
#include "stress.h"

static const char usage[] =
    "usage: sctwin stress SCENARIO [--days D] [--start DAY] [-r N] [-t THREADS] [--seed S]\n"
    "                     [-o FILE.h5] [-q]\n"
    "\n"
    "Knocks out every node (an outage of severity 1) and every chokepoint (a\n"
    "closure) of the scenario in turn, alone, for D days from day DAY, and ranks\n"
    "them by the loss of performance they cause against the shock-free twin:\n"
    "the network's weak points.  The bundle's own shocks are not used.\n"
    "\n"
    "  --days D              length of each knock-out (default 14)\n"
    "  --start DAY           day it starts (default: a quarter into the measured\n"
    "                        window, warm-up + (horizon - warm-up) / 4)\n"
    "  -r, --replications N  replications per element (default: experiment.csv)\n"
    "  -t, --threads T       OpenMP threads (default: all cores)\n"
    "      --seed S          experiment seed (default: experiment.csv)\n"
    "  -o, --output FILE     results file (default: results/SCENARIO_NAME-stress.h5)\n"
    "  -q, --quiet           no progress bar, no table\n";

typedef struct stress_args {
    const char *scenario;
    sc_cli_run_opts run;
    double days, start;
    bool has_start;
} stress_args;

static int parse(int argc, char **argv, stress_args *a)
{
    *a = (stress_args){.days = 14};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int common = sc_cli_run_option(argc, argv, &i, &a->run);
        if (common < 0) return SC_EXIT_USAGE;
        if (common > 0) continue;
        bool ok = true;
        if (sc_cli_is_help(o)) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(o, "--days")) {
            ok = sc_cli_num(o, v, 1e-6, 1e7, &a->days), i++;
        } else if (!strcmp(o, "--start")) {
            ok = sc_cli_num(o, v, 0, 1e7, &a->start), i++;
            a->has_start = true;
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "sctwin stress: unknown option '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        } else if (!a->scenario) {
            a->scenario = o;
        } else {
            fprintf(stderr, "sctwin stress: unexpected argument '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        }
        if (!ok) return SC_EXIT_USAGE;
    }
    if (!a->scenario) {
        fputs(usage, stderr);
        return SC_EXIT_USAGE;
    }
    return -1;
}

typedef struct stress_ctx {
    const sc_scenario *sc;
    sc_stress_plan plan;
    int *order; /* elements by decreasing mean loss */
    sc_summary *loss, *tts, *ttr, *impact;
} stress_ctx;

static sc_status run_plan(void *vctx, const sc_experiment_config *cfg, sc_results **out)
{
    stress_ctx *c = vctx;
    return sc_experiment_run_arms(c->sc, cfg, c->plan.shocks, c->plan.n, c->plan.arms, c->plan.n,
                                  out);
}

static size_t offset_of(const char *name)
{
    for (int f = 0; f < sc_metric_field_count; f++)
        if (!strcmp(sc_metric_fields[f].name, name)) return sc_metric_fields[f].offset;
    return 0;
}

static const stress_ctx *sort_ctx;

static int by_loss(const void *a, const void *b)
{
    double x = sort_ctx->loss[*(const int *)a].mean, y = sort_ctx->loss[*(const int *)b].mean;
    if (isnan(x)) x = -INFINITY;
    if (isnan(y)) y = -INFINITY;
    if (x != y) return x < y ? 1 : -1;
    return *(const int *)a - *(const int *)b;
}

/* Ranks the elements and writes /stress. */
static sc_status rank(void *vctx, sc_store *store, const sc_results *res)
{
    stress_ctx *c = vctx;
    int n = c->plan.n;
    for (int i = 0; i < n; i++) {
        c->order[i] = i;
        if (sc_summarise_metric(res, i, offset_of("loss"), &c->loss[i]) ||
            sc_summarise_metric(res, i, offset_of("tts"), &c->tts[i]) ||
            sc_summarise_metric(res, i, offset_of("ttr"), &c->ttr[i]) ||
            sc_summarise_metric(res, i, SC_PROFIT_IMPACT, &c->impact[i]))
            return SC_ERR_NOMEM;
    }
    sort_ctx = c;
    qsort(c->order, (size_t)n, sizeof *c->order, by_loss);
    const char **element = malloc((size_t)n * sizeof *element),
               **kind = malloc((size_t)n * sizeof *kind);
    double *col[8];
    for (int k = 0; k < 8; k++)
        col[k] = malloc((size_t)n * sizeof(double));
    bool ok = element && kind;
    for (int k = 0; k < 8; k++)
        ok = ok && col[k];
    sc_status st = SC_ERR_NOMEM;
    if (ok) {
        for (int r = 0; r < n; r++) {
            int i = c->order[r];
            const sc_shock *s = &c->plan.shocks[i];
            element[r] = s->target_kind == SC_TARGET_NODE ? c->sc->nodes[s->target].id
                                                          : c->sc->chokepoints[s->target];
            kind[r] = s->target_kind == SC_TARGET_NODE
                          ? sc_scenario_node_kind(c->sc, (size_t)s->target)
                          : "chokepoint";
            double v[8] = {r + 1,          c->loss[i].mean, c->loss[i].ci_lo,  c->loss[i].ci_hi,
                           c->tts[i].mean, c->ttr[i].mean,  c->impact[i].mean, c->loss[i].cvar95};
            for (int k = 0; k < 8; k++)
                col[k][r] = v[k];
        }
        const char *names[] = {"rank",       "element", "kind", "loss",          "loss_ci_lo",
                               "loss_ci_hi", "tts",     "ttr",  "profit_impact", "loss_cvar95"};
        const char *const *strings[10] = {NULL, element, kind};
        const double *numbers[10] = {col[0], NULL,   NULL,   col[1], col[2],
                                     col[3], col[4], col[5], col[6], col[7]};
        sc_store_table t = {"stress", 10, n, names, strings, numbers};
        st = sc_store_table_write(store, &t);
    }
    free(element);
    free(kind);
    for (int k = 0; k < 8; k++)
        free(col[k]);
    return st;
}

static void print_ranking(const stress_ctx *c, double start, double days, const char *out)
{
    printf("stress test: each element knocked out alone for %g days from day %g\n\n", days, start);
    printf("  %4s  %-18s %-10s %24s %10s %10s %16s\n", "rank", "element", "kind",
           "loss days [95% CI]", "TTS days", "TTR days", "profit impact");
    for (int r = 0; r < c->plan.n; r++) {
        int i = c->order[r];
        const sc_shock *s = &c->plan.shocks[i];
        const char *name = s->target_kind == SC_TARGET_NODE ? c->sc->nodes[s->target].id
                                                            : c->sc->chokepoints[s->target];
        const char *kind = s->target_kind == SC_TARGET_NODE
                               ? sc_scenario_node_kind(c->sc, (size_t)s->target)
                               : "chokepoint";
        char loss[64];
        snprintf(loss, sizeof loss, "%.2f [%.2f, %.2f]", c->loss[i].mean, c->loss[i].ci_lo,
                 c->loss[i].ci_hi);
        printf("  %4d  %-18s %-10s %24s %10.1f %10.1f %16.0f\n", r + 1, name, kind, loss,
               c->tts[i].mean, c->ttr[i].mean, c->impact[i].mean);
    }
    printf("\nresults: %s\n", out);
}

int sc_cmd_stress(int argc, char **argv)
{
    stress_args a;
    int code = parse(argc, argv, &a);
    if (code >= 0) return code;
    code = SC_EXIT_OK;
    sc_scenario *sc = sc_cli_load(a.scenario, &code);
    if (!sc) return code;
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    sc_cli_apply_run_opts(&a.run, &cfg);
    double start =
        a.has_start ? a.start : cfg.warmup_days + (cfg.horizon_days - cfg.warmup_days) / 4;
    stress_ctx c = {sc, {0}, NULL, NULL, NULL, NULL, NULL};
    sc_results *res = NULL;
    char *out = NULL, *cmdline = sc_cli_command_line(argc + 1, argv - 1);
    const char **ids = NULL;
    if (start >= cfg.horizon_days) {
        fprintf(stderr, "sctwin stress: --start %g is not before the horizon (%g days)\n", start,
                cfg.horizon_days);
        code = SC_EXIT_USAGE;
        goto done;
    }
    if (!(out = sc_cli_output_path(a.run.output, sc_scenario_name(sc), "-stress")) ||
        !sc_cli_folder_writable(out)) {
        code = SC_EXIT_USAGE;
        goto done;
    }
    if (!sc_stress_plan_make(sc, start, a.days, &c.plan) ||
        !(ids = malloc((size_t)c.plan.n * sizeof *ids)) ||
        !(c.order = malloc((size_t)c.plan.n * sizeof *c.order)) ||
        !(c.loss = calloc((size_t)c.plan.n, sizeof *c.loss)) ||
        !(c.tts = calloc((size_t)c.plan.n, sizeof *c.tts)) ||
        !(c.ttr = calloc((size_t)c.plan.n, sizeof *c.ttr)) ||
        !(c.impact = calloc((size_t)c.plan.n, sizeof *c.impact))) {
        fprintf(stderr, "sctwin: out of memory\n");
        code = SC_EXIT_FAILURE;
        goto done;
    }
    for (int i = 0; i < c.plan.n; i++)
        ids[i] = c.plan.shocks[i].id;
    sc_cli_job job = {sc,      &cfg,        out,      ids,  c.plan.n, ids,   c.plan.n,
                      cmdline, a.run.quiet, run_plan, rank, &c,       false, false};
    code = sc_cli_run_job(&job, &res);
    /* Under MPI only rank 0 ranked the elements. */
    if (code == SC_EXIT_OK && !a.run.quiet && sc_ranks_root())
        print_ranking(&c, start, a.days, out);
done:
    sc_results_free(res);
    sc_stress_plan_free(&c.plan);
    free(ids);
    free(c.order);
    free(c.loss);
    free(c.tts);
    free(c.ttr);
    free(c.impact);
    free(out);
    free(cmdline);
    sc_scenario_free(sc);
    return code;
}
