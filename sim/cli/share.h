/*
 * `sctwin share`: the options of both forms (cmd_share.c parses them and
 * runs --game; cmd_share_scenario.c runs SCENARIO).
 */
#ifndef SC_CLI_SHARE_H
#define SC_CLI_SHARE_H

#include "cli/cli.h"
#include "sctwin/allocation.h"

typedef struct share_args {
    const char *game, *positional, *arm;
    sc_rule rules[SC_RULE_COUNT];
    int n_rules;
    bool named_rules, csv, has_samples;
    long samples, years;
    sc_cli_run_opts run; /* --seed is also the seed of --game's sampled orders */
    double phi, alpha;   /* revenue_sharing, cost_sharing */
} share_args;

/* Printing shared by both forms (cmd_share.c). */
double sc_share_tidy(double v); /* -0 becomes 0 */
void sc_share_csv_field(const char *s);
void sc_share_print_core(const sc_game *g, bool empty, double balanced_max);
/* One rule's block: per actor allocation, standalone and gain (and the
 * half-width of the 95% CI when hw is not NULL), then the properties. */
void sc_share_print_rule(const sc_game *g, const char *title, const double *x, const double *hw,
                         const sc_alloc_props *pr);

/* `sctwin share SCENARIO`; argc/argv are the subcommand's, for the record of
 * the command in the results file.  Returns the exit code. */
int sc_share_scenario(const share_args *a, int argc, char **argv);

#endif
