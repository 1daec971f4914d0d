/*
 * CSV files into located string tables, with libcsv doing the parsing.
 *
 * libcsv reports a field only when it ends, and says nothing of where it
 * began.  We therefore feed it one byte at a time while tracking line and
 * column ourselves, and remember where each field started: the first byte
 * fed after the previous field ended (line ends excepted, so a CRLF does not
 * count as the start of the next row).  Byte-at-a-time feeding costs a
 * function call per byte, a few milliseconds per megabyte.
 */
#include "csv_table.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct grow_buf {
    char **cells;
    int *line, *col;
    size_t n, cap;
} grow_buf;

typedef struct reader {
    grow_buf fields; /* all fields, header included, row by row */
    size_t *row_end; /* field count after each row */
    size_t n_rows, cap_rows;
    int line, col; /* position of the byte being fed */
    int start_line, start_col;
    bool start_pending; /* the next non-newline byte starts a field */
    bool oom;
} reader;

static bool push_field(grow_buf *g, const char *s, size_t len, int line, int col)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        char **cells = realloc(g->cells, cap * sizeof *cells);
        if (!cells) return false;
        g->cells = cells;
        int *l = realloc(g->line, cap * sizeof *l);
        if (!l) return false;
        g->line = l;
        int *c = realloc(g->col, cap * sizeof *c);
        if (!c) return false;
        g->col = c;
        g->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return false;
    if (len) memcpy(copy, s, len);
    copy[len] = '\0';
    g->cells[g->n] = copy;
    g->line[g->n] = line;
    g->col[g->n] = col;
    g->n++;
    return true;
}

static void on_field(void *field, size_t len, void *data)
{
    reader *r = data;
    if (r->start_pending) { /* empty field ended by this very byte */
        r->start_line = r->line;
        r->start_col = r->col;
    }
    if (!push_field(&r->fields, field ? field : "", field ? len : 0, r->start_line, r->start_col))
        r->oom = true;
    r->start_pending = true;
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->n_rows == r->cap_rows) {
        size_t cap = r->cap_rows ? r->cap_rows * 2 : 64;
        size_t *e = realloc(r->row_end, cap * sizeof *e);
        if (!e) {
            r->oom = true;
            return;
        }
        r->row_end = e;
        r->cap_rows = cap;
    }
    r->row_end[r->n_rows++] = r->fields.n;
    r->start_pending = true;
}

static void free_reader(reader *r)
{
    for (size_t i = 0; i < r->fields.n; i++)
        free(r->fields.cells[i]);
    free(r->fields.cells);
    free(r->fields.line);
    free(r->fields.col);
    free(r->row_end);
}

/* Feeds the whole file to libcsv; returns false on a parse error or OOM. */
static bool parse_file(FILE *f, const char *path, reader *r, sc_diags *diags)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        r->oom = true;
        return false;
    }
    r->line = 1;
    r->col = 0;
    r->start_pending = true;
    unsigned char buf[65536];
    size_t n;
    bool first = true, ok = true, after_cr = false;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        size_t i = 0;
        if (first && n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) i = 3;
        first = false;
        for (; i < n; i++) {
            unsigned char b = buf[i];
            r->col++;
            if (r->start_pending && b != '\n' && b != '\r') {
                r->start_line = r->line;
                r->start_col = r->col;
                r->start_pending = false;
            }
            if (csv_parse(&p, &buf[i], 1, on_field, on_row, r) != 1) {
                sc_diags_add(diags, path, r->line, r->col, "malformed CSV: %s",
                             csv_strerror(csv_error(&p)));
                ok = false;
                break;
            }
            if (r->oom) {
                ok = false;
                break;
            }
            /* LF, CRLF and a lone CR (old Mac files) each end one line. */
            if (b == '\r' || (b == '\n' && !after_cr)) {
                r->line++;
                r->col = 0;
            } else if (b == '\n') {
                r->col = 0;
            }
            after_cr = b == '\r';
        }
    }
    if (ok && ferror(f)) {
        sc_diags_add(diags, path, 0, 0, "read error: %s", strerror(errno));
        ok = false;
    }
    if (ok && csv_fini(&p, on_field, on_row, r) != 0) {
        sc_diags_add(diags, path, r->start_line, r->start_col,
                     "malformed CSV: unterminated quoted field (it runs to the end of the file)");
        ok = false;
    }
    csv_free(&p);
    return ok && !r->oom;
}

static bool all_empty(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i][0]) return false;
    return true;
}

sc_status sc_table_read(const char *path, sc_table *out, sc_diags *diags)
{
    *out = (sc_table){0};
    FILE *f = fopen(path, "rb");
    if (!f) return SC_ERR_IO;
    reader r = {0};
    bool ok = parse_file(f, path, &r, diags);
    fclose(f);
    if (!ok) {
        sc_status st = r.oom ? SC_ERR_NOMEM : SC_ERR_INPUT;
        free_reader(&r);
        return st;
    }
    if (r.n_rows == 0) {
        sc_diags_add(diags, path, 1, 1, "empty file: a header row is required");
        free_reader(&r);
        return SC_ERR_INPUT;
    }
    size_t ncols = r.row_end[0];
    sc_status st = SC_OK;
    /* Rows whose every field is empty (",,,") are blank lines in spirit. */
    size_t keep = 0;
    for (size_t i = 1; i < r.n_rows; i++) {
        size_t b = r.row_end[i - 1], e = r.row_end[i];
        if (all_empty(&r.fields.cells[b], e - b)) continue;
        if (e - b != ncols) {
            sc_diags_add(diags, path, r.fields.line[b], r.fields.col[b],
                         "row has %zu fields but the header has %zu", e - b, ncols);
            st = SC_ERR_INPUT;
        }
        keep++;
    }
    if (st != SC_OK) {
        free_reader(&r);
        return st;
    }
    sc_table t = {0};
    size_t n = keep * ncols;
    t.path = malloc(strlen(path) + 1);
    t.header = malloc(ncols * sizeof *t.header);
    t.header_col = malloc(ncols * sizeof *t.header_col);
    t.cells = malloc((n ? n : 1) * sizeof *t.cells);
    t.cell_line = malloc((n ? n : 1) * sizeof *t.cell_line);
    t.cell_col = malloc((n ? n : 1) * sizeof *t.cell_col);
    if (!t.path || !t.header || !t.header_col || !t.cells || !t.cell_line || !t.cell_col) {
        free(t.path);
        free(t.header);
        free(t.header_col);
        free(t.cells);
        free(t.cell_line);
        free(t.cell_col);
        free_reader(&r);
        return SC_ERR_NOMEM;
    }
    strcpy(t.path, path);
    t.ncols = ncols;
    for (size_t c = 0; c < ncols; c++) {
        t.header[c] = r.fields.cells[c];
        t.header_col[c] = r.fields.col[c];
        r.fields.cells[c] = NULL;
    }
    size_t k = 0;
    for (size_t i = 1; i < r.n_rows; i++) {
        size_t b = r.row_end[i - 1], e = r.row_end[i];
        if (all_empty(&r.fields.cells[b], e - b)) continue;
        for (size_t j = b; j < e; j++, k++) {
            t.cells[k] = r.fields.cells[j];
            t.cell_line[k] = r.fields.line[j];
            t.cell_col[k] = r.fields.col[j];
            r.fields.cells[j] = NULL;
        }
    }
    t.nrows = keep;
    free_reader(&r);
    *out = t;
    return SC_OK;
}

void sc_table_free(sc_table *t)
{
    if (!t) return;
    for (size_t c = 0; c < t->ncols; c++)
        free(t->header[c]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->header);
    free(t->header_col);
    free(t->cells);
    free(t->cell_line);
    free(t->cell_col);
    free(t->path);
    *t = (sc_table){0};
}

int sc_table_column(const sc_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->header[c], name) == 0) return (int)c;
    return -1;
}
