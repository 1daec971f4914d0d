/*
 * Invariants every loader call must keep, whatever its input: an input error
 * comes with at least one located diagnostic and success with none; every
 * diagnostic names a file and a non-negative line and column.  A broken
 * invariant aborts, which libFuzzer reports like a crash.  With
 * SC_FUZZ_VERBOSE set in the environment the diagnostics go to stderr, to
 * see what a replayed input does.
 */
#ifndef SC_FUZZ_CHECK_H
#define SC_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "sctwin/diag.h"
#include "sctwin/status.h"

static inline void sc_fuzz_check(sc_status st, sc_diags *d)
{
    if (st == SC_ERR_NOMEM) return; /* diagnostics may have been dropped */
    if ((st == SC_OK) != (d->n == 0) || (st != SC_OK && st != SC_ERR_INPUT)) {
        fprintf(stderr, "loader returned status %d with %zu diagnostics\n", (int)st, d->n);
        abort();
    }
    for (size_t i = 0; i < d->n; i++)
        if (!d->items[i].file || !d->items[i].msg || d->items[i].line < 0 || d->items[i].col < 0) {
            fprintf(stderr, "bad diagnostic %zu\n", i);
            abort();
        }
    static FILE *null_out;
    if (getenv("SC_FUZZ_VERBOSE")) {
        fprintf(stderr, "status %d, %zu diagnostics\n", (int)st, d->n);
        sc_diags_print(d, stderr);
        return;
    }
    if (!null_out) null_out = fopen("/dev/null", "w");
    if (null_out) sc_diags_print(d, null_out); /* sorting and printing too */
}

#endif
