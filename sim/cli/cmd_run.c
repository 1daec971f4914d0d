/*
 * `sctwin run SCENARIO`: the main job.  Runs the experiment declared by the
 * bundle (options override it), prints a readable summary and writes the
 * results file.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "sctwin/experiment.h"
#include "sctwin/stats.h"
#include "sctwin/store.h"

static const char usage[] =
    "usage: sctwin run SCENARIO [-r N] [-t THREADS] [--seed S] [-o FILE.h5] [-q]\n"
    "\n"
    "Runs N replications of the scenario bundle in folder SCENARIO and writes\n"
    "the results to an HDF5 file (layout: docs/hdf5-layout.md).\n"
    "\n"
    "  -r, --replications N  replications (default: experiment.csv, else 10)\n"
    "  -t, --threads T       OpenMP threads (default: all cores); results do not\n"
    "                        depend on it\n"
    "      --seed S          experiment seed (default: experiment.csv, else 1)\n"
    "  -o, --output FILE     results file (default: results/SCENARIO_NAME.h5)\n"
    "  -q, --quiet           no progress bar, no summary\n"
    "  -h, --help            this text\n";

typedef struct run_args {
    const char *scenario, *output;
    long replications, threads;
    uint64_t seed;
    bool has_seed, quiet;
} run_args;

/* Returns -1 on success, else the exit code. */
static int parse(int argc, char **argv, run_args *a)
{
    *a = (run_args){0};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (sc_cli_is_help(o)) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(o, "-r") || !strcmp(o, "--replications")) {
            if (!sc_cli_int(o, v, 1, 100000000, &a->replications)) return SC_EXIT_USAGE;
            i++;
        } else if (!strcmp(o, "-t") || !strcmp(o, "--threads")) {
            if (!sc_cli_int(o, v, 1, 4096, &a->threads)) return SC_EXIT_USAGE;
            i++;
        } else if (!strcmp(o, "--seed")) {
            if (!sc_cli_u64(o, v, &a->seed)) return SC_EXIT_USAGE;
            a->has_seed = true;
            i++;
        } else if (!strcmp(o, "-o") || !strcmp(o, "--output")) {
            if (!v) {
                fprintf(stderr, "sctwin: %s needs a file name\n", o);
                return SC_EXIT_USAGE;
            }
            a->output = v;
            i++;
        } else if (!strcmp(o, "-q") || !strcmp(o, "--quiet")) {
            a->quiet = true;
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "sctwin run: unknown option '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        } else if (!a->scenario) {
            a->scenario = o;
        } else {
            fprintf(stderr, "sctwin run: unexpected argument '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        }
    }
    if (!a->scenario) {
        fputs(usage, stderr);
        return SC_EXIT_USAGE;
    }
    return -1;
}

/* The output path, creating the default results/ folder when needed. */
static char *output_path(const run_args *a, const sc_scenario *sc)
{
    if (a->output) return strdup(a->output);
    const char *name = sc_scenario_name(sc);
    size_t n = strlen(name) + 16;
    char *p = malloc(n);
    if (!p) return NULL;
    snprintf(p, n, "results/%s.h5", name);
    if (mkdir("results", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "sctwin: cannot create folder results: %s\n", strerror(errno));
        free(p);
        return NULL;
    }
    return p;
}

static bool folder_writable(const char *path)
{
    char *copy = strdup(path);
    if (!copy) return false;
    const char *dir = dirname(copy);
    bool ok = access(dir, W_OK) == 0;
    if (!ok) fprintf(stderr, "sctwin: cannot write to folder '%s': %s\n", dir, strerror(errno));
    free(copy);
    return ok;
}

static void print_row(const char *name, const double *x, size_t n, size_t stride, const char *fmt)
{
    sc_summary s;
    if (sc_summarise(x, n, stride, &s) != 0 || s.n == 0) return;
    char m[32], lo[32], hi[32];
    snprintf(m, sizeof m, fmt, s.mean);
    snprintf(lo, sizeof lo, fmt, s.ci_lo);
    snprintf(hi, sizeof hi, fmt, s.ci_hi);
    printf("  %-12s %14s   [%s, %s]\n", name, m, lo, hi);
}

static void print_summary(const sc_scenario *sc, const sc_experiment_config *cfg,
                          const sc_results *r, const char *out)
{
    size_t n = (size_t)r->replications, stride = sizeof(sc_rep_metrics) / sizeof(double);
    const double *m = (const double *)r->metrics;
#define COL(field) (m + offsetof(sc_rep_metrics, field) / sizeof(double))
    printf("%s: %d replications x %g days (warm-up %g), seed %llu, %d thread%s\n",
           sc_scenario_name(sc), r->replications, cfg->horizon_days, cfg->warmup_days,
           (unsigned long long)cfg->seed, r->threads, r->threads == 1 ? "" : "s");
    printf("events: %llu in %.2f s (%.2f million events/s)\n\n", (unsigned long long)r->events,
           r->elapsed_s, r->elapsed_s > 0 ? (double)r->events / r->elapsed_s / 1e6 : 0.0);
    printf("  %-12s %14s   %s\n", "metric", "mean", "95% CI");
    print_row("fill rate", COL(fill_rate), n, stride, "%.4f");
    print_row("lost units", COL(lost_units), n, stride, "%.1f");
    print_row("revenue", COL(revenue), n, stride, "%.0f");
    print_row("cost", COL(cost), n, stride, "%.0f");
    print_row("profit", COL(profit), n, stride, "%.0f");
    print_row("bullwhip", COL(bullwhip), n, stride, "%.2f");
#undef COL
    printf("\n  %-24s %14s %14s %14s\n", "actor (mean per run)", "income", "costs", "profit");
    for (int a = 0; a < r->n_actors; a++) {
        double income = 0, costs = 0;
        for (size_t i = 0; i < n; i++) {
            const double *l = &r->ledger[(i * (size_t)r->n_actors + (size_t)a) * SC_LEDGER_COLUMNS];
            income += l[SC_LEDGER_SALES] + l[SC_LEDGER_B2B_SALES] + l[SC_LEDGER_FREIGHT_INCOME];
            costs += l[SC_LEDGER_PURCHASES] + l[SC_LEDGER_FREIGHT] + l[SC_LEDGER_HOLDING] +
                     l[SC_LEDGER_FIXED];
        }
        printf("  %-24s %14.0f %14.0f %14.0f\n", sc_scenario_actor_id(sc, (size_t)a),
               income / (double)n, costs / (double)n, (income - costs) / (double)n);
    }
    printf("\nresults: %s\n", out);
}

/* Says plainly which parts of the bundle this version does not simulate. */
static void warn_not_simulated(const sc_scenario *sc)
{
    if (sc_scenario_shock_count(sc))
        fprintf(stderr,
                "sctwin: note: %zu shocks in shocks.csv are validated but not simulated yet\n",
                sc_scenario_shock_count(sc));
    if (sc_scenario_mitigation_count(sc))
        fprintf(stderr,
                "sctwin: note: %zu mitigations in mitigations.csv are validated but not simulated "
                "yet\n",
                sc_scenario_mitigation_count(sc));
    if (sc_scenario_declares_arms(sc))
        fprintf(stderr,
                "sctwin: note: experiment arms are not run yet; running the baseline only\n");
}

int sc_cmd_run(int argc, char **argv)
{
    run_args a;
    int code = parse(argc, argv, &a);
    if (code >= 0) return code;
    code = SC_EXIT_OK;
    sc_scenario *sc = sc_cli_load(a.scenario, &code);
    if (!sc) return code;
    warn_not_simulated(sc);
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    if (a.replications) cfg.replications = (int)a.replications;
    if (a.has_seed) cfg.seed = a.seed;
    cfg.threads = (int)a.threads;
    char *out = output_path(&a, sc);
    if (!out || !folder_writable(out)) {
        free(out);
        sc_scenario_free(sc);
        return SC_EXIT_USAGE;
    }
    sc_progress prog;
    sc_progress_init(&prog, "replications", a.quiet);
    cfg.progress = sc_progress_update;
    cfg.progress_ctx = &prog;
    sc_results *res = NULL;
    sc_status st = sc_experiment_run(sc, &cfg, &res);
    sc_progress_finish(&prog);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin: run failed: %s\n", sc_status_str(st));
        free(out);
        sc_scenario_free(sc);
        return SC_EXIT_FAILURE;
    }
    char *cmdline = sc_cli_command_line(argc + 1, argv - 1);
    char err[512] = "";
    st = sc_store_write(out, sc, &cfg, "baseline", res, cmdline, err, sizeof err);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin: %s\n", err);
        code = SC_EXIT_FAILURE;
    } else if (!a.quiet) {
        print_summary(sc, &cfg, res, out);
    }
    free(cmdline);
    free(out);
    sc_results_free(res);
    sc_scenario_free(sc);
    return code;
}
