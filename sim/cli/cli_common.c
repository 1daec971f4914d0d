/* Helpers shared by the subcommands: option parsing, loading, progress. */
#include "cli/cli.h"
#include "ranks.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool sc_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

bool sc_cli_int(const char *opt, const char *value, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = value ? strtol(value, &end, 10) : 0;
    if (!value || !*value || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "sctwin: %s needs an integer in [%ld, %ld], got '%s'\n", opt, lo, hi,
                value ? value : "");
        return false;
    }
    *out = v;
    return true;
}

bool sc_cli_u64(const char *opt, const char *value, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = value ? strtoull(value, &end, 10) : 0;
    if (!value || !*value || *end || errno || *value == '-') {
        fprintf(stderr, "sctwin: %s needs a non-negative integer, got '%s'\n", opt,
                value ? value : "");
        return false;
    }
    *out = v;
    return true;
}

bool sc_cli_num(const char *opt, const char *value, double lo, double hi, double *out)
{
    char *end;
    double v = value ? strtod(value, &end) : NAN;
    if (!value || !*value || *end || !(v >= lo && v <= hi)) {
        fprintf(stderr, "sctwin: %s needs a number in [%g, %g], got '%s'\n", opt, lo, hi,
                value ? value : "");
        return false;
    }
    *out = v;
    return true;
}

int sc_cli_run_option(int argc, char **argv, int *i, sc_cli_run_opts *o)
{
    const char *opt = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    bool ok;
    if (!strcmp(opt, "-q") || !strcmp(opt, "--quiet")) {
        o->quiet = true;
        return 1;
    }
    if (!strcmp(opt, "-r") || !strcmp(opt, "--replications")) {
        ok = sc_cli_int(opt, v, 1, 100000000, &o->replications);
    } else if (!strcmp(opt, "-t") || !strcmp(opt, "--threads")) {
        ok = sc_cli_int(opt, v, 1, 4096, &o->threads);
    } else if (!strcmp(opt, "--seed")) {
        ok = o->has_seed = sc_cli_u64(opt, v, &o->seed);
    } else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
        if (!v) fprintf(stderr, "sctwin: %s needs a file name\n", opt);
        ok = v != NULL;
        o->output = v;
    } else {
        return 0;
    }
    (*i)++;
    return ok ? 1 : -1;
}

void sc_cli_apply_run_opts(const sc_cli_run_opts *o, sc_experiment_config *cfg)
{
    if (o->replications) cfg->replications = (int)o->replications;
    if (o->has_seed) cfg->seed = o->seed;
    cfg->threads = (int)o->threads;
}

char *sc_cli_output_path(const char *given, const char *name, const char *suffix)
{
    if (given) return strdup(given);
    size_t n = strlen(name) + strlen(suffix) + 16;
    char *p = malloc(n);
    if (!p) return NULL;
    snprintf(p, n, "results/%s%s.h5", name, suffix);
    /* Rank 0 writes the file; every rank learns whether it can. */
    bool made = !sc_ranks_root() || mkdir("results", 0777) == 0 || errno == EEXIST;
    if (!made) fprintf(stderr, "sctwin: cannot create folder results: %s\n", strerror(errno));
    if (!sc_ranks_bcast_int(made)) {
        free(p);
        return NULL;
    }
    return p;
}

bool sc_cli_folder_writable(const char *path)
{
    char *copy = strdup(path);
    const char *dir = copy ? dirname(copy) : ".";
    /* Only rank 0 writes, so only its file system counts. */
    bool ok = !sc_ranks_root() || (copy && access(dir, W_OK) == 0);
    if (!ok) fprintf(stderr, "sctwin: cannot write to folder '%s': %s\n", dir, strerror(errno));
    free(copy);
    return sc_ranks_bcast_int(ok);
}

static volatile int interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Opens the store, or reopens it to resume; prints why not. */
static sc_status open_store(const sc_cli_job *job, sc_store **store, sc_results **done, char *err,
                            size_t errlen)
{
    sc_status st;
    *done = NULL;
    if (job->resume) {
        int first = 0;
        st = sc_store_resume(store, job->out, job->sc, job->cfg, job->arm_names, job->n_arms,
                             job->shock_ids, job->n_shock_ids, done, &first, err, errlen);
        job->cfg->first_rep = first;
        job->cfg->done = *done;
        if (st == SC_OK && !job->quiet)
            fprintf(stderr, "sctwin: resuming %s: %d of %d replications done\n",
                    sc_store_partial_path(*store), first, job->cfg->replications);
    } else {
        st = sc_store_open(store, job->out, job->sc, job->cfg, job->arm_names, job->n_arms,
                           job->shock_ids, job->n_shock_ids, job->command, err, errlen);
    }
    if (st != SC_OK) fprintf(stderr, "sctwin: %s\n", err[0] ? err : sc_status_str(st));
    return st;
}

/* After Ctrl-C: keep what is finished when the job can be resumed. */
static int interrupted_exit(const sc_cli_job *job, sc_store *store)
{
    if (!job->resumable) {
        sc_store_abort(store);
        fprintf(stderr, "sctwin: interrupted: nothing written\n");
        return 130;
    }
    char err[512] = "", *partial = strdup(sc_store_partial_path(store));
    int done = sc_store_replications_done(store);
    if (sc_store_suspend(store, err, sizeof err) != SC_OK || !partial)
        fprintf(stderr, "sctwin: interrupted; the partial file could not be kept: %s\n", err);
    else
        fprintf(stderr,
                "sctwin: interrupted: %d of %d replications kept in %s (marked incomplete); "
                "run the same command with --resume to finish it\n",
                done, job->cfg->replications, partial);
    free(partial);
    return 130;
}

/* Runs the job, on rank 0 with the store; returns the exit code. */
static int run_job(const sc_cli_job *job, sc_results **res)
{
    bool root = sc_ranks_root();
    char err[512] = "";
    sc_store *store = NULL;
    sc_results *done = NULL;
    if (root && !job->resume && job->resumable) {
        size_t n = strlen(job->out) + 16;
        char *partial = malloc(n);
        if (partial) snprintf(partial, n, "%s.partial", job->out);
        if (partial && access(partial, F_OK) == 0)
            fprintf(stderr,
                    "sctwin: note: starting afresh over %s, the partial file of an "
                    "interrupted run (--resume would have finished it)\n",
                    partial);
        free(partial);
    }
    /* err outlives the store: the store reports its failures into it.
     * Only rank 0 touches the file; the others learn how it went. */
    sc_status st = root ? open_store(job, &store, &done, err, sizeof err) : SC_OK;
    st = (sc_status)sc_ranks_bcast_int(st);
    if (st != SC_OK) return st == SC_ERR_INPUT ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
    interrupted = 0;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    sc_progress prog;
    sc_progress_init(&prog, "replications", job->quiet || !root);
    job->cfg->progress = sc_progress_update;
    job->cfg->progress_ctx = &prog;
    job->cfg->sink = root ? sc_store_batch : NULL;
    job->cfg->sink_ctx = store;
    job->cfg->stop = &interrupted;
    st = job->run(job->ctx, job->cfg, res);
    sc_progress_finish(&prog);
    job->cfg->done = NULL;
    sc_results_free(done);
    if (!root) return st == SC_OK ? SC_EXIT_OK : st == SC_ERR_INTERRUPTED ? 130 : SC_EXIT_FAILURE;
    if (st == SC_OK && job->extra) st = job->extra(job->ctx, store, *res);
    if (st != SC_OK) {
        sc_results_free(*res);
        *res = NULL;
        if (st == SC_ERR_INTERRUPTED) return interrupted_exit(job, store);
        sc_store_abort(store);
        fprintf(stderr, "sctwin: run failed: %s\n", err[0] ? err : sc_status_str(st));
        return SC_EXIT_FAILURE;
    }
    st = sc_store_finish(store, *res, err, sizeof err);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin: %s\n", err);
        sc_results_free(*res);
        *res = NULL;
        return SC_EXIT_FAILURE;
    }
    return SC_EXIT_OK;
}

int sc_cli_run_job(const sc_cli_job *job, sc_results **res)
{
    *res = NULL;
    int code = run_job(job, res);
    /* Rank 0 wrote the file: its exit code is everyone's.  The other ranks
     * hold partial results only; they must not be summarised. */
    code = sc_ranks_bcast_int(code);
    if (!sc_ranks_root() || code != SC_EXIT_OK) {
        sc_results_free(*res);
        *res = NULL;
    }
    return code;
}

sc_scenario *sc_cli_load(const char *dir, int *exit_code)
{
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    sc_status st = sc_scenario_load(dir, &sc, &d);
    /* Every rank loads the bundle; when one cannot, none goes on. */
    if (sc_ranks_max_int(st != SC_OK) && st == SC_OK) {
        fprintf(stderr, "sctwin: %s: another MPI rank could not load it (is it on every node?)\n",
                dir);
        sc_scenario_free(sc);
        *exit_code = SC_EXIT_FAILURE;
        sc_diags_free(&d);
        return NULL;
    }
    sc_diags_print(&d, stderr);
    if (st != SC_OK) {
        size_t n = d.n;
        if (st == SC_ERR_INPUT)
            fprintf(stderr, "sctwin: %s: %zu problem%s found\n", dir, n, n == 1 ? "" : "s");
        else
            fprintf(stderr, "sctwin: %s: %s\n", dir, sc_status_str(st));
        *exit_code = st == SC_ERR_INPUT ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
    }
    sc_diags_free(&d);
    return sc;
}

char *sc_cli_command_line(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s) return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i) strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void sc_progress_init(sc_progress *p, const char *label, bool quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->t0 = wall_seconds();
    p->last_draw = -1;
    p->label = label;
}

void sc_progress_update(void *ctx, int done, int total)
{
    sc_progress *p = ctx;
    if (!p->enabled) return;
    double now = wall_seconds();
    if (done < total && now - p->last_draw < 0.1) return; /* at most 10 redraws a second */
    p->last_draw = now;
    double elapsed = now - p->t0, rate = elapsed > 0 ? done / elapsed : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int width = 30, filled = total > 0 ? (int)((long)width * done / total) : width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r%s [%s] %d/%d  %.1f/s  ETA %.0fs  ", p->label, bar, done, total, rate, eta);
    fflush(stderr);
}

void sc_progress_finish(sc_progress *p)
{
    if (p->enabled) fputc('\n', stderr);
}
