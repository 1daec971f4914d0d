/*
 * The `sctwin` command line: one file per subcommand, shared helpers here.
 * Exit codes: 0 ok, 1 runtime failure, 2 bad input or usage.
 */
#ifndef SC_CLI_H
#define SC_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sctwin/experiment.h"
#include "sctwin/scenario.h"
#include "sctwin/store.h"

enum { SC_EXIT_OK = 0, SC_EXIT_FAILURE = 1, SC_EXIT_USAGE = 2 };

int sc_cmd_validate(int argc, char **argv);
int sc_cmd_run(int argc, char **argv);
int sc_cmd_stress(int argc, char **argv);
int sc_cmd_share(int argc, char **argv);
int sc_cmd_trace(int argc, char **argv);
int sc_cmd_report(int argc, char **argv);
int sc_cmd_import(int argc, char **argv);
int sc_cmd_generate(int argc, char **argv);

/* True when argv[i] is -h or --help. */
bool sc_cli_is_help(const char *arg);

/* Parses a whole-string integer / unsigned / number option value; prints a
 * usage error naming the option and returns false when it is not one. */
bool sc_cli_int(const char *opt, const char *value, long lo, long hi, long *out);
bool sc_cli_u64(const char *opt, const char *value, uint64_t *out);
bool sc_cli_num(const char *opt, const char *value, double lo, double hi, double *out);

/* The options of every command that runs an experiment. */
typedef struct sc_cli_run_opts {
    long replications, threads; /* 0: experiment.csv's, all cores */
    uint64_t seed;
    bool has_seed, quiet;
    const char *output; /* NULL: the command's default */
} sc_cli_run_opts;

/* When argv[*i] is -r/--replications, -t/--threads, --seed, -o/--output or
 * -q/--quiet, parses it and its value into o, moves *i past the value and
 * returns 1; returns -1 (message printed) when the value is bad, 0 when
 * argv[*i] is none of them. */
int sc_cli_run_option(int argc, char **argv, int *i, sc_cli_run_opts *o);

/* Overrides the config's replications, seed and threads by the options. */
void sc_cli_apply_run_opts(const sc_cli_run_opts *o, sc_experiment_config *cfg);

/* The results file: `given`, or results/NAME SUFFIX.h5 (creating results/).
 * NULL, with a message, on failure. */
char *sc_cli_output_path(const char *given, const char *name, const char *suffix);

/* True when the folder of `path` can be written (else prints why). */
bool sc_cli_folder_writable(const char *path);

/* Loads a scenario, printing every diagnostic to stderr; NULL on failure
 * with *exit_code set (2 for bad input, 1 otherwise). */
sc_scenario *sc_cli_load(const char *dir, int *exit_code);

/* The folder a scenario bundle is to be written into (sim/cli/bundle_dir.c). */
typedef enum {
    SC_DIR_ABSENT,
    SC_DIR_EMPTY,
    SC_DIR_BUNDLE,     /* only plain .csv files, nodes.csv among them */
    SC_DIR_OTHER,      /* anything else: a folder of the user's */
    SC_DIR_NOT_FOLDER, /* a file or something else */
} sc_bundle_dir;

sc_bundle_dir sc_cli_bundle_dir(const char *dir);

/* Removes an empty folder or a bundle (its files, then itself); true when
 * dir is absent.  Anything else is left alone: false, errno ENOTEMPTY. */
bool sc_cli_remove_bundle_dir(const char *dir);

/* Why a bundle cannot be written into a folder in this state, or NULL when
 * it can (absent, empty, or a bundle with --force). */
const char *sc_cli_bundle_dir_refusal(sc_bundle_dir state, bool force);

/* The command line as one string (for the results file). */
char *sc_cli_command_line(int argc, char **argv);

/* An experiment streamed to a results file: open the store (or, resuming,
 * reopen the partial file), catch Ctrl-C and SIGTERM, run with a progress
 * bar, let `extra` add tables, finish.  On Ctrl-C a resumable job keeps the
 * partial file; any other failure removes it. */
typedef struct sc_cli_job {
    const sc_scenario *sc;
    sc_experiment_config *cfg;
    const char *out;
    const char *const *arm_names;
    int n_arms;
    const char *const *shock_ids;
    int n_shock_ids;
    const char *command;
    bool quiet;
    sc_status (*run)(void *ctx, const sc_experiment_config *cfg, sc_results **res);
    sc_status (*extra)(void *ctx, sc_store *store, const sc_results *res); /* may be NULL */
    void *ctx;
    bool resumable; /* on Ctrl-C keep the partial file, for --resume */
    bool resume;    /* finish the partial file of an interrupted run */
} sc_cli_job;

/* Returns the exit code; *res holds the results on success. */
int sc_cli_run_job(const sc_cli_job *job, sc_results **res);

/* A progress bar with rate and ETA on stderr, drawn only on a terminal. */
typedef struct sc_progress {
    bool enabled;
    double t0;
    double last_draw;
    const char *label;
} sc_progress;

void sc_progress_init(sc_progress *p, const char *label, bool quiet);
void sc_progress_update(void *p, int done, int total);
void sc_progress_finish(sc_progress *p);

#endif
