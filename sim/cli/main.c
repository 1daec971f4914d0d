/*
 * `sctwin`: entry point, dispatching to one subcommand per file.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

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
    "  generate --nodes N -o DIR  write a random global network of N nodes (scaling)\n"
    "\n"
    "'sctwin COMMAND --help' describes a command.  Exit status: 0 ok,\n"
    "1 runtime failure, 2 bad input or usage.\n";

int main(int argc, char **argv)
{
    /* Past a file size limit, let write() fail with EFBIG (reported like a
     * full disk) instead of the signal killing the process mid-file. */
    signal(SIGXFSZ, SIG_IGN);
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
                    {"trace", sc_cmd_trace},       {"generate", sc_cmd_generate}};
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
