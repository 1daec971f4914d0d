/*
 * `sctwin`: entry point, dispatching to one subcommand per file.
 */
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
    "  share --game FILE   divide a cooperative game's value among actors by each rule\n"
    "\n"
    "'sctwin COMMAND --help' describes a command.  Exit status: 0 ok,\n"
    "1 runtime failure, 2 bad input or usage.\n";

int main(int argc, char **argv)
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
    if (strcmp(cmd, "validate") == 0) return sc_cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0) return sc_cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "stress") == 0) return sc_cmd_stress(argc - 1, argv + 1);
    if (strcmp(cmd, "share") == 0) return sc_cmd_share(argc - 1, argv + 1);
    fprintf(stderr, "sctwin: unknown command '%s'\n\n%s", cmd, usage);
    return SC_EXIT_USAGE;
}
