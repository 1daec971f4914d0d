/*
 * `sctwin generate --nodes N [--seed S] -o DIR`: writes a random global
 * supply network of exactly N nodes as a scenario bundle, for scaling
 * studies (sim/generate/).  The bundle is written to DIR.partial and
 * renamed to DIR when complete, so a failed run leaves no half bundle.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "generate/generate.h"

static const char usage[] =
    "usage: sctwin generate --nodes N [--seed S] [--lanes L] [--days D] [-r R]\n"
    "                       [--force] [-q] -o DIR\n"
    "\n"
    "Writes a random but plausible global supply network of exactly N nodes as\n"
    "a scenario bundle in folder DIR: suppliers and plants in Asia around real\n"
    "export ports, import ports in Europe and North America, warehouses inland\n"
    "of them and markets around the warehouses; road lanes between tiers and\n"
    "sea lanes through the chokepoints on their route (suez, malacca, panama,\n"
    "...), with transit times from great-circle distances; base-stock levels\n"
    "sized to demand; an experiment with arms baseline and shocked (a port\n"
    "strike and a canal closure).  The same options give the same files.\n"
    "\n"
    "  --nodes N            node count, 10 to 1000000 (required)\n"
    "  --seed S             seed of the network and of the experiment (default 1)\n"
    "  --lanes L            exactly L lanes: adds distinct lanes between tiers to\n"
    "                       the network's own (at most 20 per node)\n"
    "  --days D             horizon_days of the experiment (default 365)\n"
    "  -r, --replications R replications of the experiment (default 10)\n"
    "  --force              replace DIR when it holds a scenario bundle (only .csv\n"
    "                       files, nodes.csv among them); never another folder\n"
    "  -o, --output DIR     the bundle's folder (required)\n"
    "  -q, --quiet          print nothing on success\n"
    "\n"
    "Exit status 0 ok, 1 when the files cannot be written, 2 bad usage (then\n"
    "nothing is written).\n";

/* Writes the network into DIR.partial and renames it to DIR. */
static int write_bundle(const sc_gen_network *g, const char *dir)
{
    size_t n = strlen(dir) + 16;
    char *partial = malloc(n);
    if (!partial) return SC_EXIT_FAILURE;
    snprintf(partial, n, "%s.partial", dir);
    /* A DIR.partial left by a killed run is ours to replace. */
    if (!sc_cli_remove_bundle_dir(partial)) {
        fprintf(stderr, "sctwin generate: cannot remove %s: %s\n", partial, strerror(errno));
        free(partial);
        return SC_EXIT_FAILURE;
    }
    char err[4200] = "";
    int code = SC_EXIT_OK;
    if (mkdir(partial, 0777) != 0) {
        snprintf(err, sizeof err, "cannot create %s: %s", partial, strerror(errno));
        code = SC_EXIT_FAILURE;
    } else if (sc_gen_write(g, partial, err, sizeof err) != SC_OK) {
        code = SC_EXIT_FAILURE;
    } else if (!sc_cli_remove_bundle_dir(dir)) {
        snprintf(err, sizeof err, "cannot replace %s: %s", dir, strerror(errno));
        code = SC_EXIT_FAILURE;
    } else if (rename(partial, dir) != 0) {
        snprintf(err, sizeof err, "cannot rename %s to %s: %s", partial, dir, strerror(errno));
        code = SC_EXIT_FAILURE;
    }
    if (code != SC_EXIT_OK) {
        fprintf(stderr, "sctwin generate: %s\n", err);
        sc_cli_remove_bundle_dir(partial);
    }
    free(partial);
    return code;
}

int sc_cmd_generate(int argc, char **argv)
{
    sc_gen_options opt = {0, 0, 1, 365, 10};
    const char *dir = NULL;
    bool force = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok = true;
        if (sc_cli_is_help(o)) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(o, "--nodes")) {
            ok = sc_cli_int(o, v, SC_GEN_MIN_NODES, SC_GEN_MAX_NODES, &opt.nodes), i++;
        } else if (!strcmp(o, "--lanes")) {
            ok = sc_cli_int(o, v, 1, SC_GEN_MAX_LANES_PER_NODE * SC_GEN_MAX_NODES, &opt.lanes), i++;
        } else if (!strcmp(o, "--seed")) {
            ok = sc_cli_u64(o, v, &opt.seed), i++;
        } else if (!strcmp(o, "--days")) {
            long days;
            ok = sc_cli_int(o, v, 1, 10000000, &days), i++;
            opt.horizon_days = (double)days;
        } else if (!strcmp(o, "-r") || !strcmp(o, "--replications")) {
            ok = sc_cli_int(o, v, 1, 100000000, &opt.replications), i++;
        } else if (!strcmp(o, "-o") || !strcmp(o, "--output")) {
            if (!v) fprintf(stderr, "sctwin generate: %s needs a folder name\n", o);
            ok = v != NULL, dir = v, i++;
        } else if (!strcmp(o, "--force")) {
            force = true;
        } else if (!strcmp(o, "-q") || !strcmp(o, "--quiet")) {
            quiet = true;
        } else {
            fprintf(stderr, "sctwin generate: unexpected argument '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        }
        if (!ok) return SC_EXIT_USAGE;
    }
    if (!opt.nodes || !dir || !*dir) {
        fprintf(stderr, "sctwin generate: --nodes and -o are required\n\n%s", usage);
        return SC_EXIT_USAGE;
    }
    const char *refusal = sc_cli_bundle_dir_refusal(sc_cli_bundle_dir(dir), force);
    if (refusal) {
        fprintf(stderr, "sctwin generate: %s %s\n", dir, refusal);
        return SC_EXIT_USAGE;
    }
    char err[512] = "";
    sc_gen_network *g = NULL;
    sc_status st = sc_gen_build(&opt, &g, err, sizeof err);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin generate: %s\n", st == SC_ERR_INPUT ? err : sc_status_str(st));
        return st == SC_ERR_INPUT ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
    }
    int code = write_bundle(g, dir);
    if (code == SC_EXIT_OK && !quiet)
        printf("wrote %s: %ld nodes, %ld lanes (seed %llu)\n", dir, sc_gen_node_count(g),
               sc_gen_lane_count(g), (unsigned long long)opt.seed);
    sc_gen_free(g);
    return code;
}
