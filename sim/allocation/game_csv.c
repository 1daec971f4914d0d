/*
 * A characteristic function read from CSV (format in docs/allocation.md):
 *
 *     coalition,value[,revenue]
 *     A,-12
 *     A;B,-18
 *     ,0
 *
 * Two passes over the rows: the first collects the actor ids (the union of
 * the ids in every coalition, in order of first appearance), because the bit
 * mask of a coalition depends on how many actors there are and which index
 * each has; the second fills the values.  Every problem is reported, located
 * at its cell, before the call gives up, like the scenario loader does.
 */
#include "allocation/game_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csv_table.h"

typedef struct loader {
    const sc_table *t;
    sc_diags *d;
    int col_coalition, col_value, col_revenue; /* -1 when absent */
    char *actor[SC_GAME_MAX_ACTORS];
    int n;
    bool failed;
    bool bad_coalition; /* a coalition cell was rejected: it may have been the grand one */
} loader;

static void cell_err(loader *L, size_t row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void cell_err(loader *L, size_t row, int col, const char *fmt, ...)
{
    char buf[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t k = row * L->t->ncols + (size_t)col;
    sc_diags_add(L->d, L->t->path, L->t->cell_line[k], L->t->cell_col[k], "%s", buf);
    L->failed = true;
}

static bool check_header(loader *L)
{
    static const char *const known[] = {"coalition", "value", "revenue"};
    const sc_table *t = L->t;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *h = t->header[c];
        bool ok = false;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            ok = ok || strcmp(h, known[k]) == 0;
        if (!ok)
            sc_diags_add(L->d, t->path, 1, t->header_col[c],
                         "unknown column '%s' (expected coalition, value, revenue)", h);
        for (size_t k = 0; k < c; k++)
            if (strcmp(t->header[k], h) == 0) {
                sc_diags_add(L->d, t->path, 1, t->header_col[c], "duplicate column '%s'", h);
                ok = false;
            }
        L->failed = L->failed || !ok;
    }
    L->col_coalition = sc_table_column(t, "coalition");
    L->col_value = sc_table_column(t, "value");
    L->col_revenue = sc_table_column(t, "revenue");
    for (int k = 0; k < 2; k++)
        if (sc_table_column(t, known[k]) < 0) {
            sc_diags_add(L->d, t->path, 1, 1, "missing required column '%s'", known[k]);
            L->failed = true;
        }
    return !L->failed;
}

/* The next token of a semicolon list, spaces around it trimmed; *s moves
 * past it.  Returns false at the end of the list. */
static bool next_token(const char **s, const char **tok, size_t *len)
{
    if (!*s) return false;
    const char *p = *s, *semi = strchr(p, ';');
    const char *end = semi ? semi : p + strlen(p);
    *s = semi ? semi + 1 : NULL;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *tok = p;
    *len = (size_t)(end - p);
    return true;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

static int find_actor(const loader *L, const char *tok, size_t len)
{
    for (int i = 0; i < L->n; i++)
        if (strlen(L->actor[i]) == len && strncmp(L->actor[i], tok, len) == 0) return i;
    return -1;
}

/* Pass 1: registers the ids of one coalition cell.  False when out of
 * memory; a 21st actor is reported and stops the load. */
static bool collect_ids(loader *L, size_t row)
{
    const char *cell = sc_table_cell(L->t, row, (size_t)L->col_coalition), *tok;
    size_t len;
    if (blank(cell)) return true;
    for (const char *s = cell; next_token(&s, &tok, &len);) {
        if (len == 0 || find_actor(L, tok, len) >= 0) continue; /* empty: reported in pass 2 */
        if (L->n == SC_GAME_MAX_ACTORS) {
            cell_err(L, row, L->col_coalition,
                     "coalition: more than %d actors (2^n coalition values are stored)",
                     SC_GAME_MAX_ACTORS);
            return true;
        }
        char *id = malloc(len + 1);
        if (!id) return false;
        memcpy(id, tok, len);
        id[len] = '\0';
        L->actor[L->n++] = id;
    }
    return true;
}

/* Pass 2: the bit mask of one coalition cell; false (reported) when an id
 * is empty or repeated. */
static bool coalition_mask(loader *L, size_t row, sc_coalition *mask)
{
    const char *cell = sc_table_cell(L->t, row, (size_t)L->col_coalition), *tok;
    size_t len;
    *mask = 0;
    if (blank(cell)) return true;
    bool ok = true;
    for (const char *s = cell; next_token(&s, &tok, &len);) {
        int i = len ? find_actor(L, tok, len) : -1;
        if (i < 0) {
            cell_err(L, row, L->col_coalition, "coalition: empty actor id in '%s'", cell);
            return false;
        }
        if (*mask & sc_bit(i)) {
            cell_err(L, row, L->col_coalition, "coalition: actor '%s' appears twice", L->actor[i]);
            ok = false;
        }
        *mask |= sc_bit(i);
    }
    return ok;
}

/* Parses a finite number cell; `required` says whether empty is an error.
 * *v is NaN for an empty optional cell. */
static bool number(loader *L, size_t row, int col, bool required, double *v)
{
    const char *s = sc_table_cell(L->t, row, (size_t)col), *name = L->t->header[col];
    *v = NAN;
    if (blank(s)) {
        if (required) cell_err(L, row, col, "%s: a number is required", name);
        return !required;
    }
    char *end;
    double x = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end) {
        cell_err(L, row, col, "%s: '%s' is not a number", name, s);
        return false;
    }
    if (!isfinite(x)) {
        cell_err(L, row, col, "%s: '%s' is not a finite number", name, s);
        return false;
    }
    *v = x;
    return true;
}

/* Reads the optional revenue cell of a row whose coalition is `mask`. */
static void read_revenue(loader *L, sc_game *g, size_t row, sc_coalition mask)
{
    double r;
    if (L->col_revenue < 0 || !number(L, row, L->col_revenue, false, &r) || isnan(r)) return;
    if (sc_popcount(mask) != 1)
        cell_err(L, row, L->col_revenue, "revenue: only a single actor's row may carry a revenue");
    else if (r < 0)
        cell_err(L, row, L->col_revenue, "revenue: %g must not be negative", r);
    else
        sc_game_set_revenue(g, __builtin_ctz(mask), r);
}

/* Pass 2 for one row.  first_line[S] remembers where S was defined, to
 * report duplicates at the second definition. */
static void read_row(loader *L, sc_game *g, size_t row, int *first_line)
{
    sc_coalition mask;
    double v;
    bool mask_ok = coalition_mask(L, row, &mask);
    bool value_ok = number(L, row, L->col_value, true, &v);
    if (!mask_ok) {
        L->bad_coalition = true;
        return;
    }
    char name[256];
    if (first_line[mask]) {
        cell_err(L, row, L->col_coalition, "coalition: duplicate coalition '%s' (first on line %d)",
                 sc_game_coalition_str(g, mask, name, sizeof name), first_line[mask]);
        return;
    }
    first_line[mask] = L->t->cell_line[row * L->t->ncols + (size_t)L->col_coalition];
    read_revenue(L, g, row, mask);
    if (!value_ok) return;
    if (mask == 0 && v != 0)
        cell_err(L, row, L->col_value, "value: the empty coalition's value must be 0, got %s",
                 sc_table_cell(L->t, row, (size_t)L->col_value));
    else
        sc_game_set(g, mask, v);
}

static sc_status build_game(loader *L, sc_game **out)
{
    sc_status st = sc_game_alloc(L->n, out);
    if (st != SC_OK) return st;
    sc_game *g = *out;
    for (int i = 0; i < L->n && st == SC_OK; i++)
        st = sc_game_set_name(g, i, L->actor[i]);
    int *first_line = calloc((size_t)1 << L->n, sizeof *first_line);
    if (st != SC_OK || !first_line) {
        free(first_line);
        return SC_ERR_NOMEM;
    }
    for (size_t r = 0; r < L->t->nrows; r++)
        read_row(L, g, r, first_line);
    sc_coalition grand = sc_game_grand(g);
    if (!first_line[grand] && !L->bad_coalition) {
        char name[1024];
        sc_diags_add(L->d, L->t->path, 0, 0,
                     "the grand coalition '%s' is missing: it is the one every rule divides",
                     sc_game_coalition_str(g, grand, name, sizeof name));
        L->failed = true;
    }
    free(first_line);
    return L->failed ? SC_ERR_INPUT : SC_OK;
}

sc_status sc_game_load_csv(const char *path, sc_game **out, sc_diags *diags)
{
    *out = NULL;
    sc_table t;
    sc_status st = sc_table_read(path, &t, diags);
    if (st != SC_OK) return st;
    loader L = {.t = &t, .d = diags};
    if (!check_header(&L)) {
        sc_table_free(&t);
        return SC_ERR_INPUT;
    }
    for (size_t r = 0; r < t.nrows && st == SC_OK && !L.failed; r++)
        if (!collect_ids(&L, r)) st = SC_ERR_NOMEM;
    if (st == SC_OK && L.n == 0) {
        sc_diags_add(diags, path, 0, 0, "no coalition names an actor");
        L.failed = true;
    }
    if (st == SC_OK && !L.failed) st = build_game(&L, out);
    if (st == SC_OK && L.failed) st = SC_ERR_INPUT;
    if (st != SC_OK) {
        sc_game_free(*out);
        *out = NULL;
    }
    for (int i = 0; i < L.n; i++)
        free(L.actor[i]);
    sc_table_free(&t);
    return st;
}
