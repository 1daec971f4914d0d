/*
 * Reading a Willems chain: the format is told by its first line (or by
 * --format), the file is read as a ragged CSV table, and the reader of that
 * format (willems_simple.c or willems_flat.c) adds stages and named arcs to
 * a builder.  Arcs are resolved here, after the last stage, so that every
 * unknown stage, duplicate arc or self-loop is reported at its own cell.
 */
#include "import/willems_parse.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sc_stage_class_names[SC_STAGE_CLASSES] = {"Part", "Manuf", "Trans", "Dist",
                                                            "Retail"};

sc_stage_class sc_stage_class_parse(const char *s, size_t len)
{
    for (int k = 0; k < SC_STAGE_CLASSES; k++)
        if (strlen(sc_stage_class_names[k]) == len && strncmp(s, sc_stage_class_names[k], len) == 0)
            return (sc_stage_class)k;
    return SC_STAGE_CLASSES;
}

void sc_builder_error(sc_chain_builder *b, int line, int col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sc_diags_add(b->diags, b->t->path, line, col, "%s", msg);
    b->bad = true;
}

bool sc_builder_num(sc_chain_builder *b, size_t row, int col, const char *name, double lo,
                    double hi, bool required, double dflt, double *out)
{
    *out = dflt;
    if (col < 0) {
        if (!required) return true;
        sc_builder_error(b, 1, 1, "%s: column missing", name);
        return false;
    }
    const sc_table *t = b->t;
    const char *s = sc_table_cell(t, row, (size_t)col);
    int line = t->cell_line[row * t->ncols + (size_t)col];
    int c = t->cell_col[row * t->ncols + (size_t)col];
    if (!*s) {
        if (!required) return true;
        sc_builder_error(b, line, c, "%s: required", name);
        return false;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || *end || errno == ERANGE || !isfinite(v)) {
        sc_builder_error(b, line, c, "%s: '%s' is not a number", name, s);
        return false;
    }
    if (v < lo || v > hi) {
        if (isinf(hi))
            sc_builder_error(b, line, c, "%s: %g must be at least %g", name, v, lo);
        else
            sc_builder_error(b, line, c, "%s: %g is not in [%g, %g]", name, v, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

sc_stage *sc_builder_add_stage(sc_chain_builder *b, const char *name, int line, int col)
{
    int prev = sc_idmap_get(&b->names, name);
    if (prev >= 0) {
        sc_builder_error(b, line, col, "stage '%s' is defined twice (first on line %d)", name,
                         b->chain.stages[prev].line);
        return NULL;
    }
    sc_chain *c = &b->chain;
    if (c->n_stages == b->cap_stages) {
        int cap = b->cap_stages ? 2 * b->cap_stages : 64;
        sc_stage *s = realloc(c->stages, (size_t)cap * sizeof *s);
        if (!s) {
            b->oom = true;
            return NULL;
        }
        c->stages = s;
        b->cap_stages = cap;
    }
    char *copy = strdup(name);
    if (!copy || sc_idmap_put(&b->names, copy, c->n_stages) == -2) {
        free(copy);
        b->oom = true;
        return NULL;
    }
    sc_stage *s = &c->stages[c->n_stages++];
    *s = (sc_stage){.name = copy, .z = NAN, .risk_pool = 2, .line = line};
    return s;
}

void sc_builder_add_arc(sc_chain_builder *b, const sc_pending_arc *a)
{
    if (b->n_arcs == b->cap_arcs) {
        int cap = b->cap_arcs ? 2 * b->cap_arcs : 64;
        sc_pending_arc *p = realloc(b->arcs, (size_t)cap * sizeof *p);
        if (!p) {
            b->oom = true;
            return;
        }
        b->arcs = p;
        b->cap_arcs = cap;
    }
    b->arcs[b->n_arcs++] = *a;
}

/* Key of the arc (from, to) for duplicate detection. */
static unsigned long long arc_key(int from, int to)
{
    return (unsigned long long)(unsigned)from << 32 | (unsigned)to;
}

static int cmp_key(const void *x, const void *y)
{
    const unsigned long long *a = x, *b = y;
    return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : (a[1] > b[1]) - (a[1] < b[1]);
}

/* Resolves the named arcs into the chain's arcs. */
static void resolve_arcs(sc_chain_builder *b)
{
    sc_chain *c = &b->chain;
    c->arcs = malloc((size_t)(b->n_arcs ? b->n_arcs : 1) * sizeof *c->arcs);
    /* (key, arc index) pairs, sorted, find a repeated arc in n log n. */
    unsigned long long *keys = malloc((size_t)(b->n_arcs ? b->n_arcs : 1) * 2 * sizeof *keys);
    if (!c->arcs || !keys) {
        free(keys);
        b->oom = true;
        return;
    }
    for (int k = 0; k < b->n_arcs; k++) {
        const sc_pending_arc *a = &b->arcs[k];
        int from = sc_idmap_get(&b->names, a->from), to = sc_idmap_get(&b->names, a->to);
        if (from < 0) sc_builder_error(b, a->from_line, a->from_col, "unknown stage '%s'", a->from);
        if (to < 0) sc_builder_error(b, a->to_line, a->to_col, "unknown stage '%s'", a->to);
        if (from < 0 || to < 0) continue;
        if (from == to) {
            sc_builder_error(b, a->from_line, a->from_col, "stage '%s' supplies itself", a->from);
            continue;
        }
        keys[2 * c->n_arcs] = arc_key(from, to);
        keys[2 * c->n_arcs + 1] = (unsigned long long)c->n_arcs;
        c->arcs[c->n_arcs++] = (sc_arc){
            .from = from, .to = to, .qty = a->qty, .line = a->from_line, .col = a->from_col};
    }
    qsort(keys, (size_t)c->n_arcs, 2 * sizeof *keys, cmp_key);
    for (int k = 1; k < c->n_arcs; k++)
        if (keys[2 * k] == keys[2 * k - 2]) {
            const sc_arc *a = &c->arcs[keys[2 * k + 1]];
            const sc_arc *first = &c->arcs[keys[2 * k - 1]];
            sc_builder_error(b, a->line, a->col, "arc %s -> %s is given twice (first on line %d)",
                             c->stages[a->from].name, c->stages[a->to].name, first->line);
        }
    free(keys);
}

/* The format of a table, from its first row. */
static sc_willems_format detect(const sc_table *t)
{
    if (t->ncols > 0 && strcmp(t->header[0], "stage_id") == 0) return SC_WILLEMS_SIMPLE;
    if (t->ncols > 0 && strcmp(t->header[0], "/chain") == 0) return SC_WILLEMS_FLAT;
    return SC_WILLEMS_AUTO;
}

sc_status sc_willems_read(const char *path, sc_willems_format format, sc_chain *out,
                          sc_diags *diags)
{
    *out = (sc_chain){0};
    sc_table t;
    sc_status st = sc_table_read_ragged(path, &t, diags);
    if (st == SC_ERR_IO) {
        sc_diags_add(diags, path, 0, 0, "cannot read file: %s", strerror(errno));
        return SC_ERR_IO;
    }
    if (st != SC_OK) return st;
    sc_willems_format found = detect(&t);
    if (found == SC_WILLEMS_AUTO || (format != SC_WILLEMS_AUTO && format != found)) {
        sc_diags_add(diags, path, 1, 1, "not a %s file: its first line must start with %s",
                     format == SC_WILLEMS_FLAT     ? "flat (flattened XML)"
                     : format == SC_WILLEMS_SIMPLE ? "willems (simplified)"
                                                   : "Willems chain",
                     format == SC_WILLEMS_FLAT     ? "'/chain'"
                     : format == SC_WILLEMS_SIMPLE ? "'stage_id'"
                                                   : "'stage_id' (willems_NN.csv) or '/chain' "
                                                     "(flat_NN.csv)");
        sc_table_free(&t);
        return SC_ERR_INPUT;
    }
    sc_chain_builder b = {.t = &t, .diags = diags};
    if (!sc_idmap_init(&b.names, t.nrows + 1)) {
        sc_table_free(&t);
        return SC_ERR_NOMEM;
    }
    if (found == SC_WILLEMS_SIMPLE)
        sc_willems_read_simple(&b);
    else
        sc_willems_read_flat(&b);
    if (!b.oom && b.chain.n_stages == 0 && !b.bad)
        sc_builder_error(&b, 1, 1, "no stage in the file");
    if (!b.oom) resolve_arcs(&b);
    free(b.arcs);
    sc_idmap_free(&b.names);
    sc_table_free(&t);
    if (b.oom || b.bad) {
        sc_chain_free(&b.chain);
        return b.oom ? SC_ERR_NOMEM : SC_ERR_INPUT;
    }
    *out = b.chain;
    return SC_OK;
}

void sc_chain_free(sc_chain *c)
{
    if (!c) return;
    for (int k = 0; k < c->n_stages; k++)
        free(c->stages[k].name);
    free(c->stages);
    free(c->arcs);
    *c = (sc_chain){0};
}
