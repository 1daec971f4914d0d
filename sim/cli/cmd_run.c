/*
 * `sctwin run SCENARIO`: the main job.  Runs the experiment declared by the
 * bundle (options override it), streams results to the HDF5 file, and prints
 * per arm the resilience metrics with 95% confidence intervals, the paired
 * differences against the first arm, and each actor's mean profit.
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ranks.h"
#include "sctwin/experiment.h"
#include "sctwin/stats.h"
#include "sctwin/store.h"

static const char usage[] =
    "usage: sctwin run SCENARIO [-r N] [-t THREADS] [--seed S] [--arms A,B] [-o FILE.h5] [-q]\n"
    "                  [--resume]\n"
    "\n"
    "Runs N replications of every arm of the scenario bundle in folder SCENARIO,\n"
    "each with its counterfactual twin (same random streams, shocks off), and\n"
    "writes the results to an HDF5 file (layout: docs/hdf5-layout.md).\n"
    "\n"
    "  -r, --replications N  replications per arm (default: experiment.csv, else 10)\n"
    "  -t, --threads T       OpenMP threads (default: all cores); results do not\n"
    "                        depend on it\n"
    "      --seed S          experiment seed (default: experiment.csv, else 1)\n"
    "      --arms A,B        run only these arms of experiment.csv (default: all)\n"
    "  -o, --output FILE     results file (default: results/SCENARIO_NAME.h5)\n"
    "  -q, --quiet           no progress bar, no summary\n"
    "      --resume          finish the experiment that an interrupted run of the\n"
    "                        same command left in FILE.h5.partial\n"
    "  -h, --help            this text\n"
    "\n"
    "The results are written to FILE.h5.partial and renamed to FILE.h5 when\n"
    "complete.  Ctrl-C (or SIGTERM) stops at once, even inside a long\n"
    "replication, and keeps the finished ones in FILE.h5.partial, marked\n"
    "incomplete; even after a crash or SIGKILL, `--resume` finishes it, and the\n"
    "finished file holds the same data as an uninterrupted run.\n";

typedef struct run_args {
    const char *scenario, *arms;
    sc_cli_run_opts run;
    bool resume;
} run_args;

/* Returns -1 on success, else the exit code. */
static int parse(int argc, char **argv, run_args *a)
{
    *a = (run_args){0};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int common = sc_cli_run_option(argc, argv, &i, &a->run);
        if (common < 0) return SC_EXIT_USAGE;
        if (common > 0) continue;
        if (sc_cli_is_help(o)) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(o, "--resume")) {
            a->resume = true;
        } else if (!strcmp(o, "--arms")) {
            if (!v) {
                fprintf(stderr, "sctwin: %s needs a value\n", o);
                return SC_EXIT_USAGE;
            }
            a->arms = v;
            i++;
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

/* Resolves --arms against the scenario's arms; false (message printed) when
 * a name is unknown. */
static bool select_arms(const sc_scenario *sc, const char *list, int **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!list) return true;
    int *idx = calloc(sc_scenario_arm_count(sc) + strlen(list) + 1, sizeof *idx);
    char *copy = strdup(list);
    bool ok = idx && copy;
    char *save = NULL;
    for (char *tok = ok ? strtok_r(copy, ",", &save) : NULL; tok && ok;
         tok = strtok_r(NULL, ",", &save)) {
        int found = -1;
        for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
            if (!strcmp(sc_scenario_arm_name(sc, a), tok)) found = (int)a;
        if (found < 0) {
            fprintf(stderr, "sctwin: --arms: no arm '%s' (arms:", tok);
            for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
                fprintf(stderr, " %s", sc_scenario_arm_name(sc, a));
            fprintf(stderr, ")\n");
            ok = false;
        } else {
            for (int j = 0; j < *n; j++)
                if (idx[j] == found) {
                    fprintf(stderr, "sctwin: --arms: arm '%s' is named twice\n", tok);
                    ok = false;
                }
            idx[(*n)++] = found;
        }
    }
    free(copy);
    if (!ok || *n == 0) {
        if (ok) fprintf(stderr, "sctwin: --arms: no arm named\n");
        free(idx);
        return false;
    }
    *out = idx;
    return true;
}

/* "mean [lo, hi]" in a fixed width, or "-" when undefined. */
static void cell(char *buf, size_t n, const sc_summary *s, int digits)
{
    if (s->n == 0)
        snprintf(buf, n, "-");
    else if (s->n == 1 || isnan(s->ci_lo))
        snprintf(buf, n, "%.*f", digits, s->mean);
    else
        snprintf(buf, n, "%.*f [%.*f, %.*f]", digits, s->mean, digits, s->ci_lo, digits, s->ci_hi);
}

/* The rows of the summary tables, in the order printed. */
/* clang-format off */
static const struct {
    const char *label, *field;
    int digits;
} shown[] = {
    {"fill rate", "fill_rate", 4},
    {"resistance", "resistance", 3},
    {"TTS days", "tts", 1},
    {"TTR days", "ttr", 1},
    {"loss days", "loss", 2},
    {"adaptation", "adaptation", 3},
    {"lost units", "lost_units", 0},
    {"backlog days", "backlog_days", 2},
    {"revenue", "revenue", 0},
    {"cost", "cost", 0},
    {"profit", "profit", 0},
    {"profit impact", "profit_impact", 0},
};
/* clang-format on */

static size_t field_offset(const char *name)
{
    for (int f = 0; f < sc_metric_field_count; f++)
        if (!strcmp(sc_metric_fields[f].name, name)) return sc_metric_fields[f].offset;
    return 0;
}

/* Columns a table may use: the terminal's width, or 160 when the output
 * is not a terminal (a file, a pipe), so many arms print as several
 * blocks of a few arms each instead of one line hundreds of columns wide. */
static int output_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 160;
}

/* Arms per block when the label column is label_w wide and each arm col_w. */
static int arms_per_block(int label_w, int col_w)
{
    int n = (output_width() - label_w) / col_w;
    return n < 1 ? 1 : n;
}

/* Arms [from, to) of the per-arm (or paired) table. */
static void print_table_block(const sc_results *r, bool paired, int from, int to)
{
    printf("  %-14s", paired ? "vs first arm" : "metric");
    for (int a = from; a < to; a++)
        printf("  %-*s", a + 1 < to ? 34 : 0, r->arm_names[a]);
    printf("\n");
    for (size_t m = 0; m < sizeof shown / sizeof *shown; m++) {
        printf("  %-14s", shown[m].label);
        for (int a = from; a < to; a++) {
            sc_summary s;
            size_t off = field_offset(shown[m].field);
            int rc =
                paired ? sc_summarise_paired(r, a, 0, off, &s) : sc_summarise_metric(r, a, off, &s);
            char buf[96] = "?";
            if (rc == 0) cell(buf, sizeof buf, &s, shown[m].digits);
            printf("  %-*s", a + 1 < to ? 34 : 0, buf); /* no trailing blanks */
        }
        printf("\n");
    }
}

static void print_table(const sc_results *r, bool paired)
{
    int per = arms_per_block(16, 36);
    for (int from = paired ? 1 : 0; from < r->n_arms; from += per) {
        int to = from + per < r->n_arms ? from + per : r->n_arms;
        if (from > (paired ? 1 : 0)) printf("\n");
        print_table_block(r, paired, from, to);
    }
}

/* Each actor's P&L: income (sales, goods and freight sold), costs, and
 * profit, means per replication. */
static void print_actors(const sc_scenario *sc, const sc_results *r)
{
    static const char *const what[] = {"income by actor", "costs by actor", "profit by actor"};
    int per = arms_per_block(26, 17);
    for (int w = 0; w < 3; w++)
        for (int from = 0; from < r->n_arms; from += per) {
            int to = from + per < r->n_arms ? from + per : r->n_arms;
            printf("\n  %-24s", what[w]);
            for (int a = from; a < to; a++)
                printf(" %16s", r->arm_names[a]);
            printf("\n");
            for (int k = 0; k < r->n_actors; k++) {
                printf("  %-24s", sc_scenario_actor_id(sc, (size_t)k));
                for (int a = from; a < to; a++) {
                    double inc = r->actor_income[a * r->n_actors + k],
                           cost = r->actor_costs[a * r->n_actors + k];
                    printf(" %16.0f", w == 0 ? inc : w == 1 ? cost : inc - cost);
                }
                printf("\n");
            }
        }
}

static void print_summary(const sc_scenario *sc, const sc_experiment_config *cfg,
                          const sc_results *r, const char *out)
{
    char layout[64];
    if (r->ranks > 1)
        snprintf(layout, sizeof layout, "%d MPI ranks x %d thread%s", r->ranks, r->threads,
                 r->threads == 1 ? "" : "s");
    else
        snprintf(layout, sizeof layout, "%d thread%s", r->threads, r->threads == 1 ? "" : "s");
    printf("%s: %d arm%s x %d replications x %g days (warm-up %g), seed %llu, %s\n",
           sc_scenario_name(sc), r->n_arms, r->n_arms == 1 ? "" : "s", r->replications,
           cfg->horizon_days, cfg->warmup_days, (unsigned long long)cfg->seed, layout);
    printf("events: %llu in %.2f s (%.2f million events/s, counterfactual twins included); "
           "writing results %.2f%% of it\n\n",
           (unsigned long long)r->events, r->elapsed_s,
           r->elapsed_s > 0 ? (double)r->events / r->elapsed_s / 1e6 : 0.0,
           r->elapsed_s > 0 ? 100 * r->sink_s / r->elapsed_s : 0.0);
    print_table(r, false);
    if (r->n_arms > 1) {
        printf("\npaired differences (arm - %s), 95%% CI:\n", r->arm_names[0]);
        print_table(r, true);
    }
    print_actors(sc, r);
    printf("\nresults: %s\n", out);
}

static sc_status run_scenario(void *ctx, const sc_experiment_config *cfg, sc_results **out)
{
    return sc_experiment_run(ctx, cfg, out);
}

int sc_cmd_run(int argc, char **argv)
{
    run_args a;
    int code = parse(argc, argv, &a);
    if (code >= 0) return code;
    code = SC_EXIT_OK;
    sc_scenario *sc = sc_cli_load(a.scenario, &code);
    if (!sc) return code;
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    cfg.discard_metrics = true; /* flat memory: the summaries come from the file */
    sc_cli_apply_run_opts(&a.run, &cfg);
    int *arms = NULL, n_arms = 0;
    char *out = NULL;
    sc_results *res = NULL;
    char *cmdline = sc_cli_command_line(argc + 1, argv - 1);
    int na = 0;
    const char **names = NULL, **shock_ids = NULL;
    if (!select_arms(sc, a.arms, &arms, &n_arms) ||
        !(out = sc_cli_output_path(a.run.output, sc_scenario_name(sc), "")) ||
        !sc_cli_folder_writable(out)) {
        code = SC_EXIT_USAGE;
        goto done;
    }
    cfg.arms = arms;
    cfg.n_arms = n_arms;
    na = arms ? n_arms : (int)sc_scenario_arm_count(sc);
    names = calloc((size_t)na + 1, sizeof *names);
    shock_ids = calloc(sc_scenario_shock_count(sc) + 1, sizeof *shock_ids);
    if (!names || !shock_ids) {
        code = SC_EXIT_FAILURE;
        goto done;
    }
    for (int i = 0; i < na; i++)
        names[i] = sc_scenario_arm_name(sc, (size_t)(arms ? arms[i] : i));
    for (size_t k = 0; k < sc_scenario_shock_count(sc); k++)
        shock_ids[k] = sc_scenario_shock_id(sc, k);
    sc_cli_job job = {
        sc,      &cfg,        out,          names, na, shock_ids, (int)sc_scenario_shock_count(sc),
        cmdline, a.run.quiet, run_scenario, NULL,  sc, true,      a.resume};
    code = sc_cli_run_job(&job, &res);
    /* Under MPI only rank 0 holds the results. */
    if (code == SC_EXIT_OK && !a.run.quiet && sc_ranks_root()) print_summary(sc, &cfg, res, out);
done:
    free(names);
    free(shock_ids);
    free(cmdline);
    free(arms);
    free(out);
    sc_results_free(res);
    sc_scenario_free(sc);
    return code;
}
