/*
 * A CSV file read into memory as a table of strings, each cell remembering
 * the line and column where it starts, so later checks can point the user at
 * the exact place.  Parsing is done by libcsv (strict quoting); a UTF-8 byte
 * order mark is skipped and CRLF line ends are accepted.  Input is untrusted:
 * the limits below bound the memory a file can make the reader use, and a
 * file that is not UTF-8 text (UTF-16, NUL bytes, Latin-1) or not separated
 * by commas is rejected with a located message rather than misread.
 */
#ifndef SC_CSV_TABLE_H
#define SC_CSV_TABLE_H

#include <stddef.h>
#include <stdbool.h>

#include "sctwin/diag.h"
#include "sctwin/status.h"

/* Limits (docs/robustness.md): bytes in a file, bytes in one field, fields
 * in a file (header included; a million rows of 16 columns fit). */
#define SC_TABLE_MAX_BYTES ((size_t)256 << 20)
#define SC_TABLE_MAX_FIELD ((size_t)1 << 20)
#define SC_TABLE_MAX_FIELDS ((size_t)1 << 24)

typedef struct sc_table {
    char *path;      /* as the user named it, for diagnostics */
    char *text;      /* every cell's bytes, NUL-terminated; header and cells point here */
    size_t ncols;    /* columns in the header */
    char **header;   /* [ncols] */
    int *header_col; /* [ncols] column of each header cell on line 1 */
    size_t nrows;    /* data rows (the header excluded) */
    char **cells;    /* [nrows * ncols], row-major; never NULL entries */
    int *cell_line;  /* [nrows * ncols] */
    int *cell_col;   /* [nrows * ncols] */
} sc_table;

/* Reads `path`.  Problems with the file's shape (bad quoting, a row with the
 * wrong number of fields, no header, not UTF-8, over a limit) are added to `diags` and make the
 * call return SC_ERR_INPUT; a missing file returns SC_ERR_IO without a diagnostic so the caller can
 * decide whether the file was optional.  On success the caller owns *out and releases it with
 * sc_table_free. */
sc_status sc_table_read(const char *path, sc_table *out, sc_diags *diags);

/* Like sc_table_read, but rows may have any number of fields (formats such
 * as Willems's, whose last column holds a list): ncols is the widest row's,
 * and shorter rows, the header included, are padded with empty cells located
 * one column after their last field. */
sc_status sc_table_read_ragged(const char *path, sc_table *out, sc_diags *diags);

void sc_table_free(sc_table *t);

/* Index of the header column `name`, or -1. */
int sc_table_column(const sc_table *t, const char *name);

static inline const char *sc_table_cell(const sc_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

#endif
