/* Collected, located diagnostics for user input (see sctwin/diag.h). */
#include "sctwin/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

void sc_diags_add(sc_diags *d, const char *file, int line, int col, const char *fmt, ...)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        sc_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            d->oom = 1;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sc_diag *g = &d->items[d->n];
    g->file = dup_str(file);
    g->msg = dup_str(buf);
    g->line = line;
    g->col = col;
    g->seq = d->n;
    if (!g->file || !g->msg) {
        free(g->file);
        free(g->msg);
        d->oom = 1;
        return;
    }
    d->n++;
}

static int by_location(const void *a, const void *b)
{
    const sc_diag *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

void sc_diags_print(sc_diags *d, FILE *out)
{
    if (d->n > 1) qsort(d->items, d->n, sizeof *d->items, by_location);
    for (size_t i = 0; i < d->n; i++) {
        const sc_diag *g = &d->items[i];
        fprintf(out, "%s:%d:%d: %s\n", g->file, g->line, g->col, g->msg);
    }
    if (d->oom) fprintf(out, "(some diagnostics were dropped: out of memory)\n");
}

void sc_diags_free(sc_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].msg);
    }
    free(d->items);
    *d = (sc_diags){0};
}
