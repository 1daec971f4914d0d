/*
 * CSV files into located string tables, with libcsv doing the parsing.
 *
 * libcsv reports a field only when it ends, and says nothing of where it
 * began.  We therefore feed it one byte at a time while tracking line and
 * column ourselves, and remember where each field started: the first byte
 * fed after the previous field ended (line ends excepted, so a CRLF does not
 * count as the start of the next row).  Byte-at-a-time feeding costs a
 * function call per byte, a few milliseconds per megabyte.
 *
 * The same byte loop enforces what untrusted input needs: valid UTF-8 and no
 * NUL bytes (a UTF-16 or Latin-1 file would otherwise be misread silently),
 * and the limits of csv_table.h.  Cell text goes into one growing buffer,
 * not one allocation per cell, so a table costs its file's size plus 16
 * bytes a cell.
 */
#include "csv_table.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct reader {
    char *text; /* the fields' bytes, each NUL-terminated */
    size_t text_n, text_cap;
    struct field {
        size_t off; /* start in text */
        int line, col;
    } * f; /* [n] every field, header included, row by row */
    size_t n, cap;
    size_t *row_end; /* field count after each row */
    size_t n_rows, cap_rows;
    int line_now, col_now; /* position of the byte being fed */
    int start_line, start_col;
    bool start_pending; /* the next non-newline byte starts a field */
    size_t field_bytes; /* bytes fed since the current field started */
    int utf8_need;      /* continuation bytes still expected */
    bool oom, too_many;
} reader;

static bool reserve(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

static bool push_field(reader *r, const char *s, size_t len)
{
    if (r->n == SC_TABLE_MAX_FIELDS) {
        r->too_many = true;
        return true;
    }
    if (!reserve((void **)&r->f, &r->cap, r->n + 1, sizeof *r->f)) return false;
    if (!reserve((void **)&r->text, &r->text_cap, r->text_n + len + 1, 1)) return false;
    if (len) memcpy(r->text + r->text_n, s, len);
    r->text[r->text_n + len] = '\0';
    r->f[r->n] = (struct field){r->text_n, r->start_line, r->start_col};
    r->text_n += len + 1;
    r->n++;
    return true;
}

static void on_field(void *field, size_t len, void *data)
{
    reader *r = data;
    if (r->start_pending) { /* empty field ended by this very byte */
        r->start_line = r->line_now;
        r->start_col = r->col_now;
    }
    if (!push_field(r, field ? field : "", field ? len : 0)) r->oom = true;
    r->start_pending = true;
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (!reserve((void **)&r->row_end, &r->cap_rows, r->n_rows + 1, sizeof *r->row_end)) {
        r->oom = true;
        return;
    }
    r->row_end[r->n_rows++] = r->n;
    r->start_pending = true;
}

static void free_reader(reader *r)
{
    free(r->text);
    free(r->f);
    free(r->row_end);
}

/* Checks one byte of UTF-8 text; returns a message when it is not. */
static const char *check_byte(reader *r, unsigned char b)
{
    if (b == 0) return "NUL byte: this is not a UTF-8 text file (UTF-16 or binary?)";
    if (r->utf8_need > 0) {
        if ((b & 0xC0) != 0x80) return "invalid UTF-8";
        r->utf8_need--;
        return NULL;
    }
    if (b < 0x80) return NULL;
    /* Lead bytes; C0, C1 and F5..FF never occur in UTF-8. */
    if (b >= 0xC2 && b <= 0xDF)
        r->utf8_need = 1;
    else if (b >= 0xE0 && b <= 0xEF)
        r->utf8_need = 2;
    else if (b >= 0xF0 && b <= 0xF4)
        r->utf8_need = 3;
    else
        return "invalid UTF-8";
    return NULL;
}

/* Feeds one byte to libcsv, after the checks; false (reported) on error. */
static bool feed(struct csv_parser *p, reader *r, unsigned char b, const char *path,
                 sc_diags *diags)
{
    r->col_now++;
    if (r->start_pending && b != '\n' && b != '\r') {
        r->start_line = r->line_now;
        r->start_col = r->col_now;
        r->start_pending = false;
        r->field_bytes = 0;
    }
    const char *bad = check_byte(r, b);
    if (bad) {
        sc_diags_add(diags, path, r->line_now, r->col_now,
                     "%s (byte 0x%02X): save the file as UTF-8 (\"CSV UTF-8\")", bad, b);
        return false;
    }
    if (!r->start_pending && ++r->field_bytes > SC_TABLE_MAX_FIELD) {
        sc_diags_add(diags, path, r->start_line, r->start_col,
                     "field longer than %zu bytes (the limit of one cell)", SC_TABLE_MAX_FIELD);
        return false;
    }
    if (csv_parse(p, &b, 1, on_field, on_row, r) != 1) {
        sc_diags_add(diags, path, r->line_now, r->col_now, "malformed CSV: %s",
                     csv_strerror(csv_error(p)));
        return false;
    }
    if (r->too_many) {
        sc_diags_add(diags, path, r->start_line, r->start_col,
                     "more than %zu fields in the file (the limit of one table)",
                     SC_TABLE_MAX_FIELDS);
        return false;
    }
    return !r->oom;
}

/* Rejects encodings and sizes up front, where a clearer message is possible. */
static bool check_start(FILE *f, const unsigned char *buf, size_t n, const char *path,
                        sc_diags *diags)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size > SC_TABLE_MAX_BYTES) {
        sc_diags_add(diags, path, 0, 0, "file is %ju bytes, over the limit of %zu bytes (%zu MiB)",
                     (uintmax_t)st.st_size, SC_TABLE_MAX_BYTES, SC_TABLE_MAX_BYTES >> 20);
        return false;
    }
    if (n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF))) {
        sc_diags_add(diags, path, 1, 1,
                     "file is UTF-16 (it starts with a UTF-16 byte-order "
                     "mark): save it as UTF-8 (\"CSV UTF-8\")");
        return false;
    }
    return true;
}

/* Feeds the whole file to libcsv; returns false on a parse error or OOM. */
static bool parse_file(FILE *f, const char *path, reader *r, sc_diags *diags)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        r->oom = true;
        return false;
    }
    r->line_now = 1;
    r->col_now = 0;
    r->start_pending = true;
    unsigned char buf[65536];
    size_t n, total = 0;
    bool first = true, ok = true, after_cr = false;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        size_t i = 0;
        if (first) {
            ok = check_start(f, buf, n, path, diags);
            if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) i = 3;
        }
        first = false;
        /* Why count as well as fstat: a pipe or device has no size. */
        if (ok && (total += n) > SC_TABLE_MAX_BYTES) {
            sc_diags_add(diags, path, r->line_now, r->col_now,
                         "file is longer than %zu bytes (the limit)", SC_TABLE_MAX_BYTES);
            ok = false;
        }
        for (; ok && i < n; i++) {
            unsigned char b = buf[i];
            ok = feed(&p, r, b, path, diags);
            /* LF, CRLF and a lone CR (old Mac files) each end one line. */
            if (b == '\r' || (b == '\n' && !after_cr)) {
                r->line_now++;
                r->col_now = 0;
            } else if (b == '\n') {
                r->col_now = 0;
            }
            after_cr = b == '\r';
        }
    }
    if (ok && ferror(f)) {
        sc_diags_add(diags, path, 0, 0, "read error: %s", strerror(errno));
        ok = false;
    }
    if (ok && r->utf8_need) {
        sc_diags_add(diags, path, r->line_now, r->col_now,
                     "invalid UTF-8 (a character cut off at the end of the file)");
        ok = false;
    }
    if (ok && csv_fini(&p, on_field, on_row, r) != 0) {
        sc_diags_add(diags, path, r->start_line, r->start_col,
                     "malformed CSV: unterminated quoted field (it runs to the end of the file)");
        ok = false;
    }
    if (ok && r->too_many) {
        sc_diags_add(diags, path, r->start_line, r->start_col,
                     "more than %zu fields in the file (the limit of one table)",
                     SC_TABLE_MAX_FIELDS);
        ok = false;
    }
    csv_free(&p);
    return ok && !r->oom;
}

static bool all_empty(const reader *r, size_t b, size_t e)
{
    for (size_t i = b; i < e; i++)
        if (r->text[r->f[i].off]) return false;
    return true;
}

/* A one-column header holding ';' or a tab is a file with another
 * separator, whose every row would otherwise read as one odd cell. */
static bool check_separator(const reader *r, const char *path, sc_diags *diags)
{
    const char *h = r->text + r->f[0].off;
    size_t at = strcspn(h, ";\t");
    if (r->row_end[0] != 1 || !h[at]) return true;
    sc_diags_add(diags, path, 1, r->f[0].col + (int)at,
                 "the header is separated by %s, not commas: sctwin reads comma-separated "
                 "files",
                 h[at] == ';' ? "semicolons" : "tabs");
    return false;
}

/* Reads `path` into *out; with `ragged`, rows of any width are padded to the
 * widest row instead of being rejected. */
static sc_status read_table(const char *path, sc_table *out, sc_diags *diags, bool ragged)
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
    for (size_t i = 1; ragged && i < r.n_rows; i++)
        if (r.row_end[i] - r.row_end[i - 1] > ncols) ncols = r.row_end[i] - r.row_end[i - 1];
    sc_status st = check_separator(&r, path, diags) ? SC_OK : SC_ERR_INPUT;
    /* Rows whose every field is empty (",,,") are blank lines in spirit. */
    size_t keep = 0;
    for (size_t i = 1; i < r.n_rows && st == SC_OK; i++) {
        size_t b = r.row_end[i - 1], e = r.row_end[i];
        if (all_empty(&r, b, e)) continue;
        if (!ragged && e - b != ncols) {
            sc_diags_add(diags, path, r.f[b].line, r.f[b].col,
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
        sc_table_free(&t);
        free_reader(&r);
        return SC_ERR_NOMEM;
    }
    strcpy(t.path, path);
    t.text = r.text; /* handed over below, after the last all_empty */
    t.ncols = ncols;
    /* Padding cells of a ragged row point at the header's terminating NUL
     * (an empty string) and sit just after the row's last field. */
    size_t head_n = r.row_end[0];
    char *empty = t.text + r.f[head_n - 1].off + strlen(t.text + r.f[head_n - 1].off);
    for (size_t c = 0; c < ncols; c++) {
        t.header[c] = c < head_n ? t.text + r.f[c].off : empty;
        t.header_col[c] = c < head_n ? r.f[c].col : r.f[head_n - 1].col + 1;
    }
    size_t k = 0;
    for (size_t i = 1; i < r.n_rows; i++) {
        size_t b = r.row_end[i - 1], e = r.row_end[i];
        if (all_empty(&r, b, e)) continue;
        for (size_t j = b; j < e; j++, k++) {
            t.cells[k] = t.text + r.f[j].off;
            t.cell_line[k] = r.f[j].line;
            t.cell_col[k] = r.f[j].col;
        }
        for (size_t j = e - b; j < ncols; j++, k++) {
            t.cells[k] = empty;
            t.cell_line[k] = r.f[e - 1].line;
            t.cell_col[k] = r.f[e - 1].col + 1;
        }
    }
    t.nrows = keep;
    r.text = NULL;
    free_reader(&r);
    *out = t;
    return SC_OK;
}

sc_status sc_table_read(const char *path, sc_table *out, sc_diags *diags)
{
    return read_table(path, out, diags, false);
}

sc_status sc_table_read_ragged(const char *path, sc_table *out, sc_diags *diags)
{
    return read_table(path, out, diags, true);
}

void sc_table_free(sc_table *t)
{
    if (!t) return;
    free(t->text);
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
