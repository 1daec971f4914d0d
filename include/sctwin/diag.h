/*
 * Diagnostics: the list of problems found in a user's input, each located by
 * file, line and column (1-based; line 0 means "the file as a whole").
 * Loaders collect every problem rather than stopping at the first, so the
 * user can fix a bundle in one pass.
 */
#ifndef SCTWIN_DIAG_H
#define SCTWIN_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef struct sc_diag {
    char *file; /* path as the user gave it */
    int line;
    int col;
    char *msg;
    size_t seq; /* insertion order, to keep sorting stable */
} sc_diag;

typedef struct sc_diags {
    sc_diag *items;
    size_t n, cap;
    int oom; /* set when a diagnostic could not be stored */
} sc_diags;

/* Appends a diagnostic (printf-style message). */
void sc_diags_add(sc_diags *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sorts by file, line and column (stable), then prints one
 * "FILE:LINE:COL: message" line each. */
void sc_diags_print(sc_diags *d, FILE *out);

void sc_diags_free(sc_diags *d);

#endif
