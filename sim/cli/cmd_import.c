/*
 * `sctwin import willems FILE.csv -o DIR`: convert a chain of the Willems
 * (2008) data set into a scenario bundle (sim/import/, docs/import.md).
 * The bundle is written to DIR.partial, loaded back and validated, and only
 * then renamed to DIR, so a bad file or a failure never leaves a folder that
 * looks like a finished bundle.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import/willems.h"

static const char usage[] =
    "usage: sctwin import willems FILE.csv -o DIR [--format auto|willems|flat] [--force]\n"
    "\n"
    "Converts one supply chain of the Willems (2008) data set into a scenario\n"
    "bundle in folder DIR: Part stages become suppliers, Manuf stages plants\n"
    "with a bill of materials from their upstream arcs, Trans stages lanes,\n"
    "Dist stages warehouses and Retail stages markets; stage times become\n"
    "production and transit times, demand means and deviations normal market\n"
    "demand, and service levels base-stock levels (docs/import.md).\n"
    "\n"
    "  -o, --output DIR   the bundle's folder (required); refused when it exists\n"
    "                     and is not empty, unless --force\n"
    "  --format F         auto (default: by the first line), willems (the\n"
    "                     simplified willems_NN.csv) or flat (the flattened\n"
    "                     XML flat_NN.csv)\n"
    "  --force            replace an existing DIR that holds a scenario bundle\n"
    "                     (only .csv files, nodes.csv among them)\n"
    "\n"
    "Problems in FILE are printed as FILE:LINE:COLUMN: message; then nothing is\n"
    "written and the exit status is 2.  The bundle is validated before DIR is\n"
    "created.\n";

typedef struct import_opts {
    const char *file, *out;
    sc_willems_format format;
    bool force;
} import_opts;

/* Returns -1 on success, else the exit code (message printed). */
static int parse_args(int argc, char **argv, import_opts *o)
{
    if (argc >= 2 && sc_cli_is_help(argv[1])) return SC_EXIT_OK;
    if (argc < 2 || strcmp(argv[1], "willems") != 0) {
        fprintf(stderr, "sctwin import: the only source is 'willems'\n\n%s", usage);
        return SC_EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (sc_cli_is_help(a)) return SC_EXIT_OK;
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!v) break;
            o->out = v;
            i++;
        } else if (!strcmp(a, "--format")) {
            if (v && !strcmp(v, "auto"))
                o->format = SC_WILLEMS_AUTO;
            else if (v && !strcmp(v, "willems"))
                o->format = SC_WILLEMS_SIMPLE;
            else if (v && !strcmp(v, "flat"))
                o->format = SC_WILLEMS_FLAT;
            else {
                fprintf(stderr, "sctwin import: --format needs auto, willems or flat, got '%s'\n",
                        v ? v : "");
                return SC_EXIT_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--force")) {
            o->force = true;
        } else if (a[0] == '-' || o->file) {
            fprintf(stderr, "sctwin import: unexpected argument '%s'\n\n%s", a, usage);
            return SC_EXIT_USAGE;
        } else {
            o->file = a;
        }
    }
    if (!o->file || !o->out) {
        fprintf(stderr, "sctwin import: %s\n\n%s",
                !o->file ? "FILE.csv is required" : "-o DIR is required", usage);
        return SC_EXIT_USAGE;
    }
    return -1;
}

static void summarise(const sc_plan *p, const char *out)
{
    int n[5] = {0}, extra = 0;
    for (int s = 0; s < p->chain->n_stages; s++) {
        n[p->stages[s].role]++;
        extra += p->stages[s].extra_market;
    }
    printf("%s: %d stages, %d arcs -> %d suppliers, %d plants, %d warehouses, %d markets, "
           "%d lanes (%d Trans stages folded into lanes), %d stocking points\n",
           out, p->chain->n_stages, p->chain->n_arcs, n[SC_ROLE_SUPPLIER], n[SC_ROLE_PLANT],
           n[SC_ROLE_WAREHOUSE], n[SC_ROLE_MARKET] + extra, p->n_lanes, n[SC_ROLE_LANE],
           p->n_stocks);
}

/* Stages whose goods go nowhere are imported as they are, but a user who
 * cut the chain out of a larger one, or mistyped an up_stages entry, wants
 * to know.  The first few are named; more would drown the summary. */
static void warn_dead_ends(const sc_plan *p, const char *file)
{
    enum { SHOWN = 10 };
    for (int i = 0; i < p->n_dead_ends && i < SHOWN; i++) {
        const sc_stage *st = &p->chain->stages[p->dead_ends[i]];
        fprintf(stderr,
                "%s:%d:1: warning: stage '%s' supplies no other stage and has no demand of its "
                "own: imported as a %s whose goods go nowhere\n",
                file, st->line, st->name, sc_stage_role_name(p->stages[p->dead_ends[i]].role));
    }
    if (p->n_dead_ends > SHOWN)
        fprintf(stderr, "%s: warning: and %d more such stages\n", file, p->n_dead_ends - SHOWN);
}

/* Writes the plan to DIR.partial, validates it and renames it into place. */
static int write_bundle(const sc_plan *plan, const import_opts *o)
{
    size_t len = strlen(o->out) + sizeof ".partial";
    char *partial = malloc(len);
    if (!partial) return SC_EXIT_FAILURE;
    snprintf(partial, len, "%s.partial", o->out);
    int code = SC_EXIT_FAILURE;
    if (!sc_cli_remove_bundle_dir(partial) || mkdir(partial, 0777) != 0) {
        fprintf(stderr, "sctwin import: cannot create folder '%s': %s\n", partial,
                errno == ENOTEMPTY ? "it exists and is not a bundle; move it away"
                                   : strerror(errno));
        free(partial);
        return SC_EXIT_FAILURE;
    }
    if (sc_willems_write(plan, partial) != SC_OK) {
        fprintf(stderr, "sctwin import: cannot write '%s': %s\n", partial, strerror(errno));
    } else {
        int load_code = SC_EXIT_OK;
        sc_scenario *sc = sc_cli_load(partial, &load_code);
        if (!sc) {
            fprintf(stderr,
                    "sctwin import: the bundle made from %s does not validate "
                    "(a bug in the importer)\n",
                    o->file);
        } else if (!sc_cli_remove_bundle_dir(o->out)) {
            fprintf(stderr, "sctwin import: cannot replace '%s': %s\n", o->out, strerror(errno));
        } else if (rename(partial, o->out) != 0) {
            fprintf(stderr, "sctwin import: cannot rename '%s' to '%s': %s\n", partial, o->out,
                    strerror(errno));
        } else {
            code = SC_EXIT_OK;
        }
        sc_scenario_free(sc);
    }
    if (code != SC_EXIT_OK) sc_cli_remove_bundle_dir(partial);
    free(partial);
    return code;
}

static int run_import(const import_opts *opts);

int sc_cmd_import(int argc, char **argv)
{
    import_opts o = {0};
    int code = parse_args(argc, argv, &o);
    if (code == SC_EXIT_OK) fputs(usage, stdout);
    if (code >= 0) return code;
    /* "DIR/" names DIR: its partial twin is DIR.partial, not DIR/.partial. */
    char *out = strdup(o.out);
    if (!out) return SC_EXIT_FAILURE;
    for (size_t n = strlen(out); n > 1 && out[n - 1] == '/'; n--)
        out[n - 1] = '\0';
    o.out = out;
    code = run_import(&o);
    free(out);
    return code;
}

static int run_import(const import_opts *opts)
{
    import_opts o = *opts;
    int code;
    const char *refusal = sc_cli_bundle_dir_refusal(sc_cli_bundle_dir(o.out), o.force);
    if (refusal) {
        fprintf(stderr, "sctwin import: %s %s\n", o.out, refusal);
        return SC_EXIT_USAGE;
    }
    sc_diags d = {0};
    sc_chain chain;
    sc_plan plan = {0};
    sc_status st = sc_willems_read(o.file, o.format, &chain, &d);
    if (st == SC_OK) st = sc_willems_plan(&chain, o.file, &plan, &d);
    sc_diags_print(&d, stderr);
    if (st != SC_OK) {
        if (st == SC_ERR_INPUT || st == SC_ERR_IO)
            fprintf(stderr, "sctwin: %s: %zu problem%s found\n", o.file, d.n, d.n == 1 ? "" : "s");
        else
            fprintf(stderr, "sctwin: %s: %s\n", o.file, sc_status_str(st));
        code = st == SC_ERR_NOMEM ? SC_EXIT_FAILURE : SC_EXIT_USAGE;
    } else {
        warn_dead_ends(&plan, o.file);
        code = write_bundle(&plan, &o);
        if (code == SC_EXIT_OK) summarise(&plan, o.out);
    }
    sc_diags_free(&d);
    sc_plan_free(&plan);
    sc_chain_free(&chain);
    return code;
}
