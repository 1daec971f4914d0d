/* Helpers shared by the subcommands: option parsing, loading, progress. */
#include "cli/cli.h"

#include <errno.h>
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

sc_scenario *sc_cli_load(const char *dir, int *exit_code)
{
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    sc_status st = sc_scenario_load(dir, &sc, &d);
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
