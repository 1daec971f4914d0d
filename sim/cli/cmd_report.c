/* `sctwin report FILE.h5 -o DIR`: plots and a page from a results file. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/plot.h"
#include "report/report.h"

static const char usage[] =
    "usage: sctwin report FILE.h5 -o DIR [--force]\n"
    "\n"
    "Draws the results file of `sctwin run`, `stress` or `share` into folder\n"
    "DIR: q(t) per arm (mean and 5-95 % band), the TTR and loss distributions,\n"
    "the stress ranking (stress files) and the allocations per rule (share\n"
    "files), each as NAME.png and NAME.svg, with index.html showing them and\n"
    "the summary tables, and qt_band.csv (the numbers of the q(t) figure).\n"
    "\n"
    "  -o, --output DIR  the report folder (required); written as DIR.partial\n"
    "                    and renamed when complete\n"
    "  --force           replace DIR when it is an earlier report (else exit 2;\n"
    "                    a folder that is not a report is never touched)\n"
    "\n"
    "Exit status 0 ok, 1 failure while writing, 2 bad input (nothing written).\n";

/* Every report folder holds this file: --force replaces, and a new report
 * clears, only folders that have it, never a folder of the user's. */
static const char marker[] = ".sctwin-report";

static bool is_report(const char *path)
{
    char file[4096];
    snprintf(file, sizeof file, "%s/%s", path, marker);
    return access(file, F_OK) == 0;
}

/* Removes report folder path and the plain files in it (a report has no
 * others); anything else is left alone. */
static void remove_report(const char *path)
{
    if (!is_report(path)) return;
    DIR *dir = opendir(path);
    if (!dir) return;
    struct dirent *e;
    char file[4096];
    while ((e = readdir(dir)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(file, sizeof file, "%s/%s", path, e->d_name);
            unlink(file);
        }
    closedir(dir);
    rmdir(path);
}

static bool write_marker(const char *dir)
{
    char file[4096];
    snprintf(file, sizeof file, "%s/%s", dir, marker);
    FILE *f = fopen(file, "w");
    return f && fputs("written by sctwin report; --force may replace this folder\n", f) >= 0 &&
           fclose(f) == 0;
}

static bool parent_writable(const char *path)
{
    char *copy = strdup(path);
    bool ok = copy && access(dirname(copy), W_OK) == 0;
    free(copy);
    return ok;
}

/* Writes the report into partial, then renames it to out (replacing an old
 * report when force). */
static int write_report(const rp_data *d, const char *out, bool force)
{
    size_t n = strlen(out) + 16;
    char *partial = malloc(n), *old = malloc(n);
    if (!partial || !old) {
        free(partial);
        free(old);
        return SC_EXIT_FAILURE;
    }
    snprintf(partial, n, "%s.partial", out);
    snprintf(old, n, "%s.old", out);
    remove_report(partial); /* left by a report that was killed */
    char err[4352] = "";
    const char *names[8];
    int n_names = 0;
    bool ok = mkdir(partial, 0777) == 0 && write_marker(partial);
    if (!ok) snprintf(err, sizeof err, "cannot create folder %s: %s", partial, strerror(errno));
    ok = ok && rp_write_figures(d, partial, names, &n_names, err, sizeof err) &&
         rp_write_html(d, partial, names, n_names, err, sizeof err);
    if (ok && force) {
        remove_report(old);
        if (rename(out, old) != 0 && errno != ENOENT) {
            snprintf(err, sizeof err, "cannot move the old %s aside: %s", out, strerror(errno));
            ok = false;
        }
    }
    if (ok && rename(partial, out) != 0) {
        snprintf(err, sizeof err, "cannot rename %s to %s: %s", partial, out, strerror(errno));
        ok = false;
    }
    if (ok) {
        remove_report(old);
        printf("report: %s/index.html (%d figures as PNG and SVG, qt_band.csv)\n", out, n_names);
    } else {
        fprintf(stderr, "sctwin report: %s\n", err);
        remove_report(partial);
    }
    free(partial);
    free(old);
    return ok ? SC_EXIT_OK : SC_EXIT_FAILURE;
}

int sc_cmd_report(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    bool force = false;
    for (int i = 1; i < argc; i++) {
        if (sc_cli_is_help(argv[i])) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (++i == argc) {
                fprintf(stderr, "sctwin report: %s needs a folder\n\n%s", argv[i - 1], usage);
                return SC_EXIT_USAGE;
            }
            out = argv[i];
        } else if (!strcmp(argv[i], "--force")) {
            force = true;
        } else if (argv[i][0] == '-' || in) {
            fprintf(stderr, "sctwin report: unexpected argument '%s'\n\n%s", argv[i], usage);
            return SC_EXIT_USAGE;
        } else {
            in = argv[i];
        }
    }
    if (!in || !out || !*out) {
        fprintf(stderr, "sctwin report: needs FILE.h5 and -o DIR\n\n%s", usage);
        return SC_EXIT_USAGE;
    }
    struct stat st;
    if (stat(out, &st) == 0 && !(force && is_report(out))) {
        fprintf(stderr, "sctwin report: %s exists%s\n", out,
                !is_report(out) ? " and is not a report (it is left alone)"
                                : ": pass --force to replace it");
        return SC_EXIT_USAGE;
    }
    /* A folder in the way of the temporary or the old one that is not a
     * report: stop rather than touch it. */
    size_t n = strlen(out) + 16;
    char *side = malloc(n);
    for (int k = 0; side && k < 2; k++) {
        snprintf(side, n, "%s.%s", out, k ? "old" : "partial");
        if (stat(side, &st) == 0 && !is_report(side)) {
            fprintf(stderr, "sctwin report: %s exists and is not a report; move it away\n", side);
            free(side);
            return SC_EXIT_USAGE;
        }
    }
    free(side);
    if (!parent_writable(out)) {
        fprintf(stderr, "sctwin report: cannot write beside %s: %s\n", out, strerror(errno));
        return SC_EXIT_USAGE;
    }
    rp_data d;
    char err[4352];
    int code = rp_read(in, &d, err, sizeof err);
    if (code != 0) {
        fprintf(stderr, "sctwin report: %s\n", err);
        return code == 2 ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
    }
    code = write_report(&d, out, force);
    rp_free(&d);
    pl_shutdown();
    return code;
}
