/*
 * `sctwin trace SCENARIO [--arm A] [--rep K] [-o TRACE.h5]`: one replication
 * with every shipment, node state, shock and q(t), for the viewer.  The
 * bundle's optional lane_paths.csv (lane, seq, lat, lon) gives the sea
 * lanes' polylines and is copied into the trace.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario_model.h"
#include "sctwin/trace.h"

static const char usage[] =
    "usage: sctwin trace SCENARIO [--arm A] [--rep K] [--seed S] [-o TRACE.h5] [-q]\n"
    "\n"
    "Runs one replication (K, default 0) of one arm (A, default the first) and\n"
    "records every shipment leg, holds at chokepoints, node states per day,\n"
    "shocks, warnings and q(t) in /trace of TRACE.h5, for sctwin-view.\n"
    "\n"
    "  --arm A        arm name (default: the scenario's first arm)\n"
    "  --rep K        replication (default 0), the same run as in sctwin run\n"
    "  --seed S       experiment seed (default: experiment.csv)\n"
    "  -o, --output   trace file (default: results/SCENARIO_NAME-trace.h5)\n"
    "  -q, --quiet    no line saying what was written\n";

typedef struct paths {
    int *lane;
    double *lat, *lon;
    int n, cap;
} paths;

/* Reads DIR/lane_paths.csv when present; false (message printed) when bad. */
static bool read_paths(const char *dir, const sc_scenario *sc, paths *p)
{
    char file[4096], line[512];
    snprintf(file, sizeof file, "%s/lane_paths.csv", dir);
    FILE *f = fopen(file, "r");
    if (!f) return errno == ENOENT;
    bool ok = true;
    int ln = 0;
    while (ok && fgets(line, sizeof line, f)) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (ln == 1) {
            if (strcmp(line, "lane,seq,lat,lon") != 0) {
                fprintf(stderr, "%s:1:1: header must be lane,seq,lat,lon\n", file);
                ok = false;
            }
            continue;
        }
        if (!*line) continue;
        char id[256];
        int seq;
        double lat, lon;
        char extra;
        if (sscanf(line, "%255[^,],%d,%lf,%lf%c", id, &seq, &lat, &lon, &extra) != 4 || lat < -90 ||
            lat > 90 || lon < -180 || lon > 180) {
            fprintf(stderr,
                    "%s:%d:1: expected lane,seq,lat,lon with lat in [-90, 90], lon in "
                    "[-180, 180]\n",
                    file, ln);
            ok = false;
            break;
        }
        int lane = -1;
        for (int l = 0; l < sc->n_lanes && lane < 0; l++)
            if (!strcmp(sc->lanes[l].id, id)) lane = l;
        if (lane < 0) {
            fprintf(stderr, "%s:%d:1: unknown lane '%s'\n", file, ln, id);
            ok = false;
            break;
        }
        if (p->n == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 1024;
            p->lane = realloc(p->lane, (size_t)p->cap * sizeof *p->lane);
            p->lat = realloc(p->lat, (size_t)p->cap * sizeof *p->lat);
            p->lon = realloc(p->lon, (size_t)p->cap * sizeof *p->lon);
            if (!p->lane || !p->lat || !p->lon) {
                fprintf(stderr, "sctwin trace: out of memory\n");
                ok = false;
                break;
            }
        }
        p->lane[p->n] = lane;
        p->lat[p->n] = lat;
        p->lon[p->n++] = lon;
    }
    fclose(f);
    return ok;
}

int sc_cmd_trace(int argc, char **argv)
{
    const char *scenario = NULL, *arm_name = NULL;
    sc_cli_run_opts run = {0};
    long rep = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int common = sc_cli_run_option(argc, argv, &i, &run);
        if (common < 0) return SC_EXIT_USAGE;
        if (common > 0 && (run.replications || run.threads)) {
            fprintf(stderr,
                    "sctwin trace: %s does not apply: a trace is one replication, on one "
                    "thread (--rep K picks which)\n",
                    o);
            return SC_EXIT_USAGE;
        }
        if (common > 0) continue;
        if (sc_cli_is_help(o)) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(o, "--rep")) {
            if (!sc_cli_int(o, v, 0, 100000000, &rep)) return SC_EXIT_USAGE;
            i++;
        } else if (!strcmp(o, "--arm")) {
            if (!v) {
                fprintf(stderr, "sctwin trace: --arm needs an arm name\n");
                return SC_EXIT_USAGE;
            }
            arm_name = v;
            i++;
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "sctwin trace: unknown option '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        } else if (!scenario) {
            scenario = o;
        } else {
            fprintf(stderr, "sctwin trace: unexpected argument '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        }
    }
    if (!scenario) {
        fputs(usage, stderr);
        return SC_EXIT_USAGE;
    }
    int code;
    sc_scenario *sc = sc_cli_load(scenario, &code);
    if (!sc) return code;
    int arm = arm_name ? -1 : 0;
    for (int a = 0; arm_name && a < sc->n_arms; a++)
        if (!strcmp(sc->arms[a].name, arm_name)) arm = a;
    paths p = {0};
    code = SC_EXIT_OK;
    if (arm < 0) {
        fprintf(stderr, "sctwin trace: %s/experiment.csv has no arm '%s'\n", scenario, arm_name);
        code = SC_EXIT_USAGE;
    } else if (!read_paths(scenario, sc, &p)) {
        code = SC_EXIT_USAGE;
    }
    char *outp = code ? NULL : sc_cli_output_path(run.output, sc->name, "-trace");
    if (!code && (!outp || !sc_cli_folder_writable(outp))) code = SC_EXIT_USAGE;
    if (!code) {
        sc_experiment_settings ex = sc_scenario_experiment(sc);
        char *cmd = sc_cli_command_line(argc, argv);
        sc_trace_config cfg = {arm,
                               (int)rep,
                               run.has_seed ? run.seed : ex.seed,
                               ex.horizon_days,
                               ex.warmup_days,
                               cmd,
                               p.lane,
                               p.lat,
                               p.lon,
                               p.n};
        char err[512] = "";
        sc_status st = sc_trace_write(sc, &cfg, outp, err, sizeof err);
        if (st != SC_OK) {
            fprintf(stderr, "sctwin trace: %s\n", err);
            code = st == SC_ERR_INPUT ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
        } else if (!run.quiet) {
            printf("wrote %s (arm %s, replication %ld)\n", outp, sc->arms[arm].name, rep);
        }
        free(cmd);
    }
    free(outp);
    free(p.lane);
    free(p.lat);
    free(p.lon);
    sc_scenario_free(sc);
    return code;
}
