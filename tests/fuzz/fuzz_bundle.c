/*
 * Fuzz harness for the scenario loader as a whole bundle.
 *
 * Input format: text split into files at separator lines.  A line
 *     == NAME
 * (at the start of the input or after a newline, NAME one of actors, nodes,
 * items, bom, lanes, demand, inventory, shocks, mitigations, experiment)
 * starts file NAME.csv, which holds every byte up to the next separator line
 * or the end of the input.  Bytes before the first separator, and sections
 * with any other NAME, are dropped; a NAME given twice keeps the last.
 * Files not given are absent, so missing required files are fuzzed too.
 * The bundle is written to a scratch folder and loaded with sc_scenario_load.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_files.h"
#include "sctwin/scenario.h"

static const char *const tables[] = {"actors", "nodes",     "items",  "bom",         "lanes",
                                     "demand", "inventory", "shocks", "mitigations", "experiment"};
enum { N_TABLES = sizeof tables / sizeof *tables };

/* The table a separator line names, or -1; *next is set past the line. */
static int separator(const uint8_t *p, const uint8_t *end, const uint8_t **next)
{
    if (end - p < 3 || memcmp(p, "== ", 3) != 0) return -1;
    const uint8_t *name = p + 3, *nl = memchr(name, '\n', (size_t)(end - name));
    const uint8_t *stop = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    size_t len = (size_t)(stop - name);
    if (len && name[len - 1] == '\r') len--;
    for (int i = 0; i < N_TABLES; i++)
        if (strlen(tables[i]) == len && memcmp(tables[i], name, len) == 0) return i;
    return N_TABLES; /* a separator, but of no table: its section is dropped */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char file[32];
    for (int i = 0; i < N_TABLES; i++) {
        snprintf(file, sizeof file, "%s.csv", tables[i]);
        sc_fuzz_remove(file);
    }
    const uint8_t *end = data + size, *p = data;
    int current = -1;
    const uint8_t *body = NULL;
    while (p <= end) {
        bool line_start = p == data || p[-1] == '\n';
        const uint8_t *next;
        int t = line_start && p < end ? separator(p, end, &next) : -1;
        if (t >= 0 || p == end) {
            if (current >= 0 && current < N_TABLES) {
                snprintf(file, sizeof file, "%s.csv", tables[current]);
                sc_fuzz_write(file, body, (size_t)(p - body));
            }
            if (p == end) break;
            current = t;
            body = p = next;
            continue;
        }
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    sc_status st = sc_scenario_load(sc_fuzz_dir(), &sc, &d);
    sc_fuzz_check(st, &d);
    if (sc) { /* walk what a caller may read */
        for (size_t i = 0; i < sc_scenario_table_count(sc); i++)
            for (size_t c = 0; c < sc_scenario_table_cols(sc, i); c++)
                if (!sc_scenario_table_header(sc, i, c)) abort();
        for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
            if (!sc_scenario_arm_name(sc, a)) abort();
    }
    sc_scenario_free(sc);
    sc_diags_free(&d);
    return 0;
}
