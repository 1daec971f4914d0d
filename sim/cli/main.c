/*
 * `sctwin`: entry point, dispatching to one subcommand per file.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ranks.h"

static const char usage[] =
    "usage: sctwin COMMAND [OPTIONS]\n"
    "\n"
    "A discrete-event digital twin of a global supply network.\n"
    "\n"
    "commands:\n"
    "  validate SCENARIO   check a scenario bundle and list every problem\n"
    "  run SCENARIO        run a Monte Carlo experiment, write results (HDF5)\n"
    "  stress SCENARIO     knock out each node and chokepoint in turn, rank weak points\n"
    "  share SCENARIO      who pays for resilience and who gains: coalition values,\n"
    "                      allocation rules, who would fund which mitigation\n"
    "  share --game FILE   divide a cooperative game's value among actors by each rule\n"
    "  trace SCENARIO      record one replication (every shipment, state, shock) for\n"
    "                      the viewer, sctwin-view\n"
    "  report FILE.h5      plots (PNG, SVG) and an HTML page of a results file\n"
    "  import willems FILE convert a chain of the Willems (2008) data set into a\n"
    "                      scenario bundle\n"
    "  generate --nodes N  write a random global network of N nodes, for scaling\n"
    "\n"
    "'sctwin COMMAND --help' describes a command; 'sctwin --version' prints the\n"
    "version.  Exit status: 0 ok, 1 runtime failure, 2 bad input or usage,\n"
    "130 interrupted.\n";

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return SC_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (sc_cli_is_help(cmd)) {
        fputs(usage, stdout);
        return SC_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("sctwin %s\n", SCTWIN_VERSION);
        return SC_EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } commands[] = {{"validate", sc_cmd_validate}, {"run", sc_cmd_run},
                    {"stress", sc_cmd_stress},     {"share", sc_cmd_share},
                    {"trace", sc_cmd_trace},       {"report", sc_cmd_report},
                    {"import", sc_cmd_import},     {"generate", sc_cmd_generate}};
    /* Every rank would write the same trace file, report or bundle. */
    if (sc_ranks_size() > 1 && (!strcmp(cmd, "trace") || !strcmp(cmd, "report") ||
                                !strcmp(cmd, "import") || !strcmp(cmd, "generate"))) {
        fprintf(stderr, "sctwin %s: run it without mpirun\n", cmd);
        return SC_EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        if (strcmp(cmd, commands[k].name) == 0) {
            sc_store_library_init();
            int code = commands[k].fn(argc - 1, argv + 1);
            sc_store_library_close();
            return code;
        }
    fprintf(stderr, "sctwin: unknown command '%s'\n\n%s", cmd, usage);
    return SC_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* Past a file size limit, let write() fail with EFBIG (reported like a
     * full disk) instead of the signal killing the process mid-file. */
    signal(SIGXFSZ, SIG_IGN);
    sc_ranks_init(&argc, &argv);
    int code = dispatch(argc, argv);
    sc_ranks_finalize();
    return code;
}
