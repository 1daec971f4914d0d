/*
 * Loading a scenario bundle: every CSV table of DESIGN.md §5 is read with
 * libcsv (csv_table.c), its header checked against the table's columns, each
 * cell parsed and range-checked, and every id reference resolved to an index.
 * Network-wide checks (routes, cycles, reachability) follow in
 * scenario_check.c.  Problems are collected, never fatal one by one, so the
 * user sees all of them at once; any problem means no scenario.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "sctwin/allocation.h"
#include "scenario_check.h"
#include "scenario_model.h"

/* ---- table specifications ------------------------------------------------ */

typedef struct table_spec {
    const char *name;
    bool required_file;
    const char *required[8];
    const char *optional[16];
} table_spec;

enum {
    T_ACTORS,
    T_NODES,
    T_ITEMS,
    T_BOM,
    T_LANES,
    T_DEMAND,
    T_INVENTORY,
    T_SHOCKS,
    T_MITIGATIONS,
    T_EXPERIMENT,
    T_COUNT
};

static const table_spec specs[T_COUNT] = {
    [T_ACTORS] = {"actors", true, {"id", "name"}, {"kind"}},
    [T_NODES] = {"nodes",
                 true,
                 {"id", "kind", "actor", "lat", "lon"},
                 {"name", "region", "capacity_per_day", "prod_days", "berths", "handle_days",
                  "handle_dist", "handle_cv", "customs_days", "customs_cv", "fixed_cost_per_day",
                  "port_fee_per_unit"}},
    [T_ITEMS] = {"items", true, {"id", "unit_value"}, {"name", "holding_rate_per_year", "price"}},
    [T_BOM] = {"bom", false, {"plant", "output", "input", "qty"}, {0}},
    [T_LANES] = {"lanes",
                 true,
                 {"id", "from", "to", "mode", "carrier", "transit_days"},
                 {"transit_cv", "departure_every_days", "capacity", "cost_per_unit", "via"}},
    [T_DEMAND] = {"demand",
                  true,
                  {"market", "item", "mean_per_day"},
                  {"cv", "dist", "season_amplitude", "season_peak_day", "price", "patience_days",
                   "penalty_per_unit"}},
    [T_INVENTORY] = {"inventory",
                     true,
                     {"node", "item", "policy", "source"},
                     {"review_days", "s", "S", "Q", "safety_days", "forecast", "window", "alpha",
                      "backups", "initial"}},
    [T_SHOCKS] = {"shocks",
                  false,
                  {"id", "kind", "target"},
                  {"start_day", "rate_per_year", "duration_days", "duration_cv", "severity",
                   "warning_days", "warning_prob"}},
    [T_MITIGATIONS] = {"mitigations",
                       false,
                       {"id", "kind", "owner", "cost_per_year"},
                       {"target", "params"}},
    [T_EXPERIMENT] = {"experiment", false, {"key", "value"}, {0}},
};

static bool spec_has(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n && list[i]; i++)
        if (strcmp(list[i], name) == 0) return true;
    return false;
}

/* ---- loading context ----------------------------------------------------- */

/* The column of a name in a table (see col_of). */
typedef struct col_memo {
    const sc_table *t;
    const char *name;
    int col;
} col_memo;

typedef struct loader {
    sc_scenario *sc;
    sc_diags *d;
    size_t errors_before;
    sc_table *t[T_COUNT]; /* NULL when an optional file is absent */
    sc_idmap actors, nodes, items, lanes, chokepoints, regions, shocks, mitigations;
    /* Problems with ids and references: after one, the network checks would
     * report its echoes, so they are skipped.  Bad values are not counted:
     * their rows keep defaults and the network stays checkable. */
    size_t broken_refs;
    bool oom;
    col_memo memo[64]; /* col_of's, by the name's address */
} loader;

/* A cursor on one row of one table, for reading typed cells. */
typedef struct row {
    loader *L;
    const sc_table *t;
    size_t r;
    int table; /* index into specs */
} row;

/* The column `name` of the row's table, or -1.  The loader asks by string
 * literals, the same few names for every row: a memo keyed by their
 * address spares a scan of the header with strcmp per cell (12 % of
 * loading 10^6 nodes).  A name at another address merely misses. */
static int col_of(const row *w, const char *name)
{
    col_memo *m = &w->L->memo[((uintptr_t)name >> 3) % (sizeof w->L->memo / sizeof *w->L->memo)];
    if (m->t != w->t || m->name != name) {
        m->t = w->t;
        m->name = name;
        m->col = sc_table_column(w->t, name);
    }
    return m->col;
}

static const char *cell(const row *w, const char *name)
{
    int c = col_of(w, name);
    return c < 0 ? "" : sc_table_cell(w->t, w->r, (size_t)c);
}

/* Reports a problem at the cell of column `name` (or the row start). */
static void err(const row *w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void err(const row *w, const char *name, const char *fmt, ...)
{
    int c = name ? col_of(w, name) : -1;
    /* A cell of a missing required column: the header check reported it once. */
    if (name && c < 0 && spec_has(specs[w->table].required, 8, name)) return;
    size_t k = w->r * w->t->ncols + (c < 0 ? 0 : (size_t)c);
    char buf[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sc_diags_add(w->L->d, w->t->path, w->t->cell_line[k], w->t->cell_col[k], "%s", buf);
}

static char *dup_cell(const row *w, const char *name)
{
    const char *s = cell(w, name);
    char *c = malloc(strlen(s) + 1);
    if (!c) {
        w->L->oom = true;
        return NULL;
    }
    return strcpy(c, s);
}

/* Parses a number cell.  Empty cells take `def`; values outside [lo, hi]
 * are reported with the column's name. */
static double num(const row *w, const char *name, double def, double lo, double hi)
{
    const char *s = cell(w, name);
    if (!*s) return def;
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end) {
        err(w, name, "%s: '%s' is not a number", name, s);
        return def;
    }
    if (!isfinite(v)) {
        err(w, name, "%s: '%s' is not a finite number", name, s);
        return def;
    }
    if (v < lo || v > hi) {
        if (lo == 0 && hi == INFINITY)
            err(w, name, "%s: %s must not be negative", name, s);
        else if (hi == INFINITY)
            err(w, name, "%s: %s must be at least %g", name, s, lo);
        else
            err(w, name, "%s: %s is out of range [%g, %g]", name, s, lo, hi);
        return def;
    }
    return v;
}

static int integer(const row *w, const char *name, int def, int lo, int hi)
{
    const char *s = cell(w, name);
    if (!*s) return def;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end) {
        err(w, name, "%s: '%s' is not an integer", name, s);
        return def;
    }
    if (v < lo || v > hi) {
        err(w, name, "%s: %s is out of range [%d, %d]", name, s, lo, hi);
        return def;
    }
    return (int)v;
}

/* Resolves a reference cell against a map; reports unknown ids. */
static int ref(const row *w, const char *name, const sc_idmap *m, const char *what)
{
    const char *s = cell(w, name);
    int i = *s ? sc_idmap_get(m, s) : -1;
    if (i < 0) w->L->broken_refs++;
    if (!*s)
        err(w, name, "%s: a %s id is required", name, what);
    else if (i < 0)
        err(w, name, "%s: unknown %s '%s'", name, what, s);
    return i;
}

/* Picks one of `names` (case-sensitive); empty takes `def`. */
static int choice(const row *w, const char *name, const char *const *names, int n, int def)
{
    const char *s = cell(w, name);
    if (!*s) return def;
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) return i;
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, names[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n) strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    err(w, name, "%s: '%s' is not one of %s", name, s, list);
    return def;
}

/* Registers the id of a row; duplicates are reported at the second one. */
static void define_id(const row *w, sc_idmap *m, const char *id, int index, const char *what)
{
    if (!*id) {
        w->L->broken_refs++;
        err(w, "id", "id: a %s needs a non-empty id", what);
        return;
    }
    int prev = sc_idmap_put(m, id, index);
    if (prev == -2) w->L->oom = true;
    if (prev >= 0) {
        w->L->broken_refs++;
        err(w, "id", "id: duplicate %s id '%s'", what, id);
    }
}

/* Splits a semicolon list into interned names (chokepoints) or resolved ids. */
typedef int (*resolve_fn)(loader *L, const row *w, const char *col, const char *token);

static int resolve_node(loader *L, const row *w, const char *col, const char *token)
{
    int i = sc_idmap_get(&L->nodes, token);
    if (i < 0) {
        L->broken_refs++;
        err(w, col, "%s: unknown node '%s'", col, token);
    }
    return i;
}

/* Index of `name` in a growing list of names (chokepoints, regions), adding
 * it on first sight; -1 when out of memory. */
static int intern(loader *L, sc_idmap *map, char ***names, int *count, const char *name)
{
    int i = sc_idmap_get(map, name);
    if (i >= 0) return i;
    char *copy = malloc(strlen(name) + 1);
    char **grown = realloc(*names, (size_t)(*count + 1) * sizeof *grown);
    if (grown) *names = grown;
    if (!copy || !grown) {
        free(copy);
        L->oom = true;
        return -1;
    }
    strcpy(copy, name);
    i = (*count)++;
    (*names)[i] = copy;
    if (sc_idmap_put(map, copy, i) == -2) L->oom = true;
    return i;
}

static int intern_chokepoint(loader *L, const row *w, const char *col, const char *token)
{
    (void)w;
    (void)col;
    return intern(L, &L->chokepoints, &L->sc->chokepoints, &L->sc->n_chokepoints, token);
}

static int *list(loader *L, const row *w, const char *col, resolve_fn resolve, int *count)
{
    *count = 0;
    const char *s = cell(w, col);
    if (!*s) return NULL;
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == ';';
    int *out = malloc(n * sizeof *out);
    char *copy = malloc(strlen(s) + 1);
    if (!out || !copy) {
        free(out);
        free(copy);
        L->oom = true;
        return NULL;
    }
    strcpy(copy, s);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ')
            tok++;
        char *e = tok + strlen(tok);
        while (e > tok && e[-1] == ' ')
            *--e = '\0';
        if (!*tok) continue;
        int v = resolve(L, w, col, tok);
        if (v >= 0) out[(*count)++] = v;
    }
    free(copy);
    return out;
}

/* ---- tables -------------------------------------------------------------- */

#define ALLOC_ROWS(ptr, n)                                                                         \
    do {                                                                                           \
        (ptr) = calloc((n) ? (size_t)(n) : 1, sizeof *(ptr));                                      \
        if (!(ptr)) {                                                                              \
            L->oom = true;                                                                         \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static row row_at(loader *L, int table, size_t r)
{
    return (row){L, L->t[table], r, table};
}

static void load_actors(loader *L)
{
    const sc_table *t = L->t[T_ACTORS];
    ALLOC_ROWS(L->sc->actors, t->nrows);
    L->sc->n_actors = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_ACTORS, r);
        sc_actor *a = &L->sc->actors[r];
        a->id = dup_cell(&w, "id");
        a->name = dup_cell(&w, "name");
        a->kind = dup_cell(&w, "kind");
        if (a->id) define_id(&w, &L->actors, a->id, (int)r, "actor");
    }
}

static const char *const node_kinds[] = {"supplier", "plant", "port", "warehouse", "market"};
static const char *const dist_names[] = {"deterministic", "exponential", "lognormal"};

static int region_index(loader *L, const char *code)
{
    return *code ? intern(L, &L->regions, &L->sc->regions, &L->sc->n_regions, code) : -1;
}

static void load_nodes(loader *L)
{
    const sc_table *t = L->t[T_NODES];
    ALLOC_ROWS(L->sc->nodes, t->nrows);
    L->sc->n_nodes = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_NODES, r);
        sc_node *n = &L->sc->nodes[r];
        n->id = dup_cell(&w, "id");
        n->name = dup_cell(&w, "name");
        if (n->id) define_id(&w, &L->nodes, n->id, (int)r, "node");
        if (!*cell(&w, "kind"))
            err(&w, "kind", "kind: required (one of supplier, plant, port, warehouse, market)");
        n->kind = (sc_node_kind)choice(&w, "kind", node_kinds, SC_NODE_KINDS, SC_WAREHOUSE);
        n->actor = ref(&w, "actor", &L->actors, "actor");
        n->lat = num(&w, "lat", 0, -90, 90);
        n->lon = num(&w, "lon", 0, -180, 180);
        if (!*cell(&w, "lat")) err(&w, "lat", "lat: required");
        if (!*cell(&w, "lon")) err(&w, "lon", "lon: required");
        n->region = region_index(L, cell(&w, "region"));
        n->capacity_per_day = num(&w, "capacity_per_day", INFINITY, 0, INFINITY);
        if (n->capacity_per_day == 0)
            err(&w, "capacity_per_day",
                "capacity_per_day: must be positive (leave empty for unlimited)");
        n->prod_days = num(&w, "prod_days", 0, 0, INFINITY);
        n->berths = integer(&w, "berths", 1, 1, 100000);
        n->handle_days = num(&w, "handle_days", 0, 0, INFINITY);
        n->handle_dist = (sc_dist)choice(&w, "handle_dist", dist_names, 3, SC_DIST_EXPONENTIAL);
        n->handle_cv = num(&w, "handle_cv", 0.5, 0, 100);
        n->customs_days = num(&w, "customs_days", 0, 0, INFINITY);
        n->customs_cv = num(&w, "customs_cv", 0, 0, 100);
        n->fixed_cost_per_day = num(&w, "fixed_cost_per_day", 0, 0, INFINITY);
        n->port_fee_per_unit = num(&w, "port_fee_per_unit", 0, 0, INFINITY);
        if (n->port_fee_per_unit > 0 && n->kind != SC_PORT)
            err(&w, "port_fee_per_unit", "port_fee_per_unit: only a port charges port fees");
    }
}

static void load_items(loader *L)
{
    const sc_table *t = L->t[T_ITEMS];
    ALLOC_ROWS(L->sc->items, t->nrows);
    L->sc->n_items = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_ITEMS, r);
        sc_item *it = &L->sc->items[r];
        it->id = dup_cell(&w, "id");
        it->name = dup_cell(&w, "name");
        if (it->id) define_id(&w, &L->items, it->id, (int)r, "item");
        it->unit_value = num(&w, "unit_value", 0, 0, INFINITY);
        if (!*cell(&w, "unit_value")) err(&w, "unit_value", "unit_value: required");
        it->holding_rate_per_year = num(&w, "holding_rate_per_year", 0.2, 0, 100);
        it->price = num(&w, "price", NAN, 0, INFINITY);
    }
}

static void load_bom(loader *L)
{
    const sc_table *t = L->t[T_BOM];
    if (!t) return;
    ALLOC_ROWS(L->sc->bom, t->nrows);
    L->sc->n_bom = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_BOM, r);
        sc_bom_line *b = &L->sc->bom[r];
        b->plant = ref(&w, "plant", &L->nodes, "node");
        if (b->plant >= 0 && L->sc->nodes[b->plant].kind != SC_PLANT)
            err(&w, "plant", "plant: node '%s' is a %s, not a plant", cell(&w, "plant"),
                node_kinds[L->sc->nodes[b->plant].kind]);
        b->output = ref(&w, "output", &L->items, "item");
        b->input = ref(&w, "input", &L->items, "item");
        b->qty = num(&w, "qty", 1, 0, INFINITY);
        if (b->qty <= 0) err(&w, "qty", "qty: must be positive");
        if (b->output >= 0 && b->output == b->input)
            err(&w, "input", "input: item '%s' cannot be an input of itself", cell(&w, "input"));
    }
}

static const char *const mode_names[] = {"sea", "air", "rail", "road"};

static void load_lanes(loader *L)
{
    const sc_table *t = L->t[T_LANES];
    ALLOC_ROWS(L->sc->lanes, t->nrows);
    L->sc->n_lanes = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_LANES, r);
        sc_lane *l = &L->sc->lanes[r];
        l->id = dup_cell(&w, "id");
        if (l->id) define_id(&w, &L->lanes, l->id, (int)r, "lane");
        l->from = ref(&w, "from", &L->nodes, "node");
        l->to = ref(&w, "to", &L->nodes, "node");
        if (l->from >= 0 && l->from == l->to)
            err(&w, "to", "to: lane '%s' starts and ends at the same node", l->id ? l->id : "");
        if (!*cell(&w, "mode")) err(&w, "mode", "mode: required (one of sea, air, rail, road)");
        l->mode = (sc_mode)choice(&w, "mode", mode_names, 4, SC_ROAD);
        l->carrier = ref(&w, "carrier", &L->actors, "actor");
        l->transit_days = num(&w, "transit_days", 0, 0, INFINITY);
        if (!*cell(&w, "transit_days")) err(&w, "transit_days", "transit_days: required");
        l->transit_cv = num(&w, "transit_cv", 0, 0, 100);
        l->departure_every_days = num(&w, "departure_every_days", 0, 0, INFINITY);
        l->capacity = num(&w, "capacity", INFINITY, 0, INFINITY);
        if (l->capacity == 0)
            err(&w, "capacity", "capacity: must be positive (leave empty for unlimited)");
        l->cost_per_unit = num(&w, "cost_per_unit", 0, 0, INFINITY);
        l->via = list(L, &w, "via", intern_chokepoint, &l->n_via);
    }
}

static const char *const demand_dists[] = {"poisson", "normal", "negbin"};

static void load_demand(loader *L)
{
    const sc_table *t = L->t[T_DEMAND];
    ALLOC_ROWS(L->sc->demands, t->nrows);
    L->sc->n_demands = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_DEMAND, r);
        sc_demand *m = &L->sc->demands[r];
        m->stock = -1;
        m->market = ref(&w, "market", &L->nodes, "node");
        if (m->market >= 0 && L->sc->nodes[m->market].kind != SC_MARKET)
            err(&w, "market", "market: node '%s' is a %s, not a market", cell(&w, "market"),
                node_kinds[L->sc->nodes[m->market].kind]);
        m->item = ref(&w, "item", &L->items, "item");
        m->mean_per_day = num(&w, "mean_per_day", 0, 0, INFINITY);
        if (!*cell(&w, "mean_per_day")) err(&w, "mean_per_day", "mean_per_day: required");
        m->dist = (sc_demand_dist)choice(&w, "dist", demand_dists, 3, SC_DEMAND_POISSON);
        m->cv = num(&w, "cv", 0, 0, 100);
        if (m->dist != SC_DEMAND_POISSON && !*cell(&w, "cv"))
            err(&w, "cv", "cv: required when dist is %s", demand_dists[m->dist]);
        if (m->dist == SC_DEMAND_NEGBIN && m->mean_per_day > 0 &&
            m->cv * m->cv * m->mean_per_day <= 1)
            err(&w, "cv",
                "cv: negbin needs variance above the mean (cv^2 * mean_per_day > 1); "
                "use dist=poisson");
        m->season_amplitude = num(&w, "season_amplitude", 0, 0, 1);
        m->season_peak_day = num(&w, "season_peak_day", 0, 0, 366);
        double price = num(&w, "price", NAN, 0, INFINITY);
        if (isnan(price) && m->item >= 0) {
            const sc_item *it = &L->sc->items[m->item];
            price = isnan(it->price) ? it->unit_value : it->price;
        }
        m->price = price;
        m->patience_days = num(&w, "patience_days", INFINITY, 0, INFINITY);
        m->penalty_per_unit = num(&w, "penalty_per_unit", 0, 0, INFINITY);
    }
}

static const char *const policy_names[] = {"base_stock", "sS", "sQ", "forecast_out"};
static const char *const forecast_names[] = {"ma", "es"};

static void need(const row *w, const char *name, const char *policy)
{
    if (!*cell(w, name)) err(w, name, "%s: required by policy %s", name, policy);
}

static void load_inventory(loader *L)
{
    const sc_table *t = L->t[T_INVENTORY];
    ALLOC_ROWS(L->sc->stocks, t->nrows);
    L->sc->n_stocks = (int)t->nrows;
    sc_idmap seen;
    if (!sc_idmap_init(&seen, t->nrows)) {
        L->oom = true;
        return;
    }
    char **keys = calloc(t->nrows ? t->nrows : 1, sizeof *keys);
    if (!keys) L->oom = true;
    for (size_t r = 0; r < t->nrows && keys; r++) {
        row w = row_at(L, T_INVENTORY, r);
        sc_stock *k = &L->sc->stocks[r];
        k->source_stock = -1;
        k->node = ref(&w, "node", &L->nodes, "node");
        k->item = ref(&w, "item", &L->items, "item");
        if (k->node >= 0) {
            sc_node_kind nk = L->sc->nodes[k->node].kind;
            if (nk == SC_MARKET || nk == SC_PORT)
                err(&w, "node",
                    "node: a %s holds no stock (only suppliers, plants and warehouses do)",
                    node_kinds[nk]);
        }
        if (!*cell(&w, "policy"))
            err(&w, "policy", "policy: required (one of base_stock, sS, sQ, forecast_out)");
        k->policy = (sc_policy)choice(&w, "policy", policy_names, 4, SC_BASE_STOCK);
        k->source = ref(&w, "source", &L->nodes, "node");
        k->review_days = num(&w, "review_days", 0, 0, INFINITY);
        k->s = num(&w, "s", 0, 0, INFINITY);
        k->S = num(&w, "S", 0, 0, INFINITY);
        k->Q = num(&w, "Q", 0, 0, INFINITY);
        k->safety_days = num(&w, "safety_days", 0, 0, INFINITY);
        k->forecast = (sc_forecast)choice(&w, "forecast", forecast_names, 2, SC_FORECAST_MA);
        k->window = integer(&w, "window", 7, 1, 100000);
        k->alpha = num(&w, "alpha", 0.3, 0, 1);
        const char *pname = policy_names[k->policy];
        switch (k->policy) {
        case SC_BASE_STOCK:
            need(&w, "S", pname);
            break;
        case SC_SS:
            need(&w, "s", pname);
            need(&w, "S", pname);
            if (k->S < k->s) err(&w, "S", "S: %g is below s = %g", k->S, k->s);
            break;
        case SC_SQ:
            need(&w, "s", pname);
            need(&w, "Q", pname);
            if (*cell(&w, "Q") && k->Q <= 0) err(&w, "Q", "Q: must be positive");
            break;
        case SC_FORECAST_OUT:
            need(&w, "safety_days", pname);
            break;
        }
        k->backups = list(L, &w, "backups", resolve_node, &k->n_backups);
        double def = k->policy == SC_SQ ? k->s + k->Q : k->S;
        k->initial = num(&w, "initial", def, 0, INFINITY);
        if (k->node >= 0 && k->item >= 0) {
            char key[64];
            snprintf(key, sizeof key, "%d/%d", k->node, k->item);
            keys[r] = malloc(strlen(key) + 1);
            if (!keys[r]) {
                L->oom = true;
                break;
            }
            strcpy(keys[r], key);
            int prev = sc_idmap_put(&seen, keys[r], (int)r);
            if (prev == -2) L->oom = true;
            if (prev >= 0)
                err(&w, "item", "item: node '%s' already has a row for item '%s' (line %d)",
                    cell(&w, "node"), cell(&w, "item"), t->cell_line[(size_t)prev * t->ncols]);
        }
    }
    for (size_t r = 0; keys && r < t->nrows; r++)
        free(keys[r]);
    free(keys);
    sc_idmap_free(&seen);
}

static const char *const shock_kinds[] = {"node_outage",   "lane_closure",    "chokepoint_closure",
                                          "transit_delay", "port_congestion", "demand_surge",
                                          "cost_shock"};

/* A shock target is written KIND:ID, e.g. node:CNYTN, lane:sha_rtm,
 * chokepoint:suez, region:CN. */
static void shock_target(loader *L, const row *w, sc_shock *s)
{
    const char *v = cell(w, "target");
    const char *colon = strchr(v, ':');
    static const char *const kinds[] = {"node", "lane", "chokepoint", "region"};
    if (!colon) {
        err(w, "target", "target: '%s' must be node:ID, lane:ID, chokepoint:NAME or region:CODE",
            v);
        return;
    }
    size_t klen = (size_t)(colon - v);
    const char *id = colon + 1;
    for (int k = 0; k < 4; k++) {
        if (strlen(kinds[k]) != klen || strncmp(v, kinds[k], klen) != 0) continue;
        const sc_idmap *maps[] = {&L->nodes, &L->lanes, &L->chokepoints, &L->regions};
        s->target_kind = (sc_target_kind)k;
        s->target = sc_idmap_get(maps[k], id);
        if (s->target < 0) {
            L->broken_refs++;
            err(w, "target", "target: unknown %s '%s'", kinds[k], id);
        }
        return;
    }
    err(w, "target", "target: '%.*s' is not one of node, lane, chokepoint, region", (int)klen, v);
}

/* Which targets each shock kind accepts, as a bit set of sc_target_kind. */
static const unsigned shock_targets[] = {
    [SC_SHOCK_NODE_OUTAGE] = 1u << SC_TARGET_NODE | 1u << SC_TARGET_REGION,
    [SC_SHOCK_LANE_CLOSURE] = 1u << SC_TARGET_LANE | 1u << SC_TARGET_CHOKEPOINT,
    [SC_SHOCK_CHOKEPOINT_CLOSURE] = 1u << SC_TARGET_CHOKEPOINT,
    [SC_SHOCK_TRANSIT_DELAY] = 1u << SC_TARGET_LANE | 1u << SC_TARGET_CHOKEPOINT,
    [SC_SHOCK_PORT_CONGESTION] = 1u << SC_TARGET_NODE | 1u << SC_TARGET_REGION,
    [SC_SHOCK_DEMAND_SURGE] = 1u << SC_TARGET_NODE | 1u << SC_TARGET_REGION,
    [SC_SHOCK_COST_SHOCK] = 1u << SC_TARGET_NODE | 1u << SC_TARGET_REGION | 1u << SC_TARGET_LANE |
                            1u << SC_TARGET_CHOKEPOINT,
};

static void check_shock(const row *w, const sc_shock *s)
{
    static const char *const target_names[] = {"node", "lane", "chokepoint", "region"};
    if (s->target >= 0 && !(shock_targets[s->kind] & 1u << s->target_kind))
        err(w, "target", "target: a %s cannot target a %s", shock_kinds[s->kind],
            target_names[s->target_kind]);
    if (s->target >= 0 && s->target_kind == SC_TARGET_NODE) {
        sc_node_kind nk = w->L->sc->nodes[s->target].kind;
        if (s->kind == SC_SHOCK_PORT_CONGESTION && nk != SC_PORT)
            err(w, "target", "target: port_congestion needs a port, '%s' is a %s",
                w->L->sc->nodes[s->target].id, node_kinds[nk]);
        if (s->kind == SC_SHOCK_DEMAND_SURGE && nk != SC_MARKET)
            err(w, "target", "target: demand_surge needs a market, '%s' is a %s",
                w->L->sc->nodes[s->target].id, node_kinds[nk]);
    }
    bool factor = s->kind == SC_SHOCK_PORT_CONGESTION || s->kind == SC_SHOCK_DEMAND_SURGE ||
                  (s->kind == SC_SHOCK_COST_SHOCK &&
                   (s->target_kind == SC_TARGET_LANE || s->target_kind == SC_TARGET_CHOKEPOINT));
    if (s->kind == SC_SHOCK_NODE_OUTAGE && s->severity > 1)
        err(w, "severity", "severity: an outage's severity is a share of capacity lost, in [0, 1]");
    if (factor && s->severity <= 0)
        err(w, "severity", "severity: a %s's severity is a positive factor", shock_kinds[s->kind]);
}

static void load_shocks(loader *L)
{
    const sc_table *t = L->t[T_SHOCKS];
    if (!t) return;
    ALLOC_ROWS(L->sc->shocks, t->nrows);
    L->sc->n_shocks = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_SHOCKS, r);
        sc_shock *s = &L->sc->shocks[r];
        s->id = dup_cell(&w, "id");
        if (s->id) define_id(&w, &L->shocks, s->id, (int)r, "shock");
        s->kind = (sc_shock_kind)choice(&w, "kind", shock_kinds, 7, SC_SHOCK_NODE_OUTAGE);
        if (!*cell(&w, "kind")) err(&w, "kind", "kind: required");
        shock_target(L, &w, s);
        s->start_day = num(&w, "start_day", NAN, 0, INFINITY);
        s->rate_per_year = num(&w, "rate_per_year", 0, 0, INFINITY);
        if (isnan(s->start_day) && s->rate_per_year == 0)
            err(&w, "start_day",
                "start_day: a shock needs start_day (scheduled) or rate_per_year (random)");
        if (!isnan(s->start_day) && s->rate_per_year > 0)
            err(&w, "rate_per_year", "rate_per_year: give start_day or rate_per_year, not both");
        s->duration_days = num(&w, "duration_days", 7, 0, INFINITY);
        s->duration_cv = num(&w, "duration_cv", 0, 0, 100);
        s->severity = num(&w, "severity", 1, 0, INFINITY);
        s->warning_days = num(&w, "warning_days", 0, 0, INFINITY);
        s->warning_prob = num(&w, "warning_prob", 0, 0, 1);
        check_shock(&w, s);
    }
}

const sc_mitigation_spec sc_mitigation_specs[SC_MIT_KINDS] = {
    [SC_MIT_EARLY_WARNING] =
        {"early_warning", {"false_alarms_per_year", "cover_days"}, {0, 7}, true, false},
    [SC_MIT_REROUTE] = {"reroute", {"divert_cost_per_unit"}, {0}, false, false},
    [SC_MIT_BACKUP] = {"backup_sourcing", {"switch_days", "premium"}, {7, 0.1}, false, false},
    [SC_MIT_TRANSSHIP] = {"transshipment", {"transit_days", "cost_per_unit"}, {2, 1}, false, false},
    [SC_MIT_EXPEDITE] = {"expedite_air", {"threshold_days"}, {5}, false, false},
    [SC_MIT_SHARING] = {"info_sharing", {"delay_days"}, {0}, false, false},
    [SC_MIT_LEARNING] = {"learning", {"rate", "window_days"}, {0.5, 60}, false, false},
    [SC_MIT_POOLED] = {"pooled_warehouse", {0}, {0}, false, true},
};

static const char *const mitigation_kinds[] = {
    "early_warning", "reroute",      "backup_sourcing", "transshipment",
    "expedite_air",  "info_sharing", "learning",        "pooled_warehouse"};

static void mitigation_target(loader *L, const row *w, sc_mitigation *m)
{
    const sc_mitigation_spec *spec = &sc_mitigation_specs[m->kind];
    const char *t = cell(w, "target");
    m->target = -1;
    if (!*t) {
        if (spec->target_required) err(w, "target", "target: a %s needs a target node", spec->kind);
        return;
    }
    m->target = sc_idmap_get(spec->target_shock ? &L->shocks : &L->nodes, t);
    if (m->target < 0) {
        L->broken_refs++;
        err(w, "target", "target: unknown %s '%s'", spec->target_shock ? "shock" : "node", t);
    } else if (m->kind == SC_MIT_POOLED && L->sc->nodes[m->target].kind != SC_WAREHOUSE)
        err(w, "target", "target: a pooled_warehouse must be a warehouse, '%s' is not", t);
}

/* params: a semicolon list of name=value among the kind's parameters. */
static void mitigation_params(const row *w, sc_mitigation *m)
{
    const sc_mitigation_spec *spec = &sc_mitigation_specs[m->kind];
    for (int i = 0; i < SC_MIT_PARAMS; i++)
        m->p[i] = spec->defaults[i];
    char *copy = dup_cell(w, "params");
    char *save = NULL;
    for (char *tok = copy ? strtok_r(copy, ";", &save) : NULL; tok;
         tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ')
            tok++;
        if (!*tok) continue;
        char *eq = strchr(tok, '=');
        int k = -1;
        if (eq) {
            *eq = '\0';
            for (int i = 0; i < SC_MIT_PARAMS && spec->names[i]; i++)
                if (!strcmp(spec->names[i], tok)) k = i;
        }
        char *end = NULL;
        double v = eq ? strtod(eq + 1, &end) : NAN;
        if (k < 0) {
            char known[200] = "";
            for (int i = 0; i < SC_MIT_PARAMS && spec->names[i]; i++) {
                strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
                strncat(known, spec->names[i], sizeof known - strlen(known) - 1);
            }
            err(w, "params", "params: '%s' is not a parameter of %s (known: %s)", tok, spec->kind,
                known[0] ? known : "none");
        } else if (!end || end == eq + 1 || *end || !isfinite(v) || v < 0) {
            err(w, "params", "params: %s needs a non-negative number", tok);
        } else {
            m->p[k] = v;
        }
    }
    free(copy);
}

static void load_mitigations(loader *L)
{
    const sc_table *t = L->t[T_MITIGATIONS];
    if (!t) return;
    ALLOC_ROWS(L->sc->mitigations, t->nrows);
    L->sc->n_mitigations = (int)t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_MITIGATIONS, r);
        sc_mitigation *m = &L->sc->mitigations[r];
        m->id = dup_cell(&w, "id");
        if (m->id) define_id(&w, &L->mitigations, m->id, (int)r, "mitigation");
        if (!*cell(&w, "kind")) err(&w, "kind", "kind: required");
        m->kind = (sc_mitigation_kind)choice(&w, "kind", mitigation_kinds, SC_MIT_KINDS, 0);
        m->owner = ref(&w, "owner", &L->actors, "actor");
        m->cost_per_year = num(&w, "cost_per_year", 0, 0, INFINITY);
        mitigation_target(L, &w, m);
        mitigation_params(&w, m);
    }
}

/* experiment.csv `rules`: the allocation rules `sctwin share` applies by
 * default, a semicolon list. */
static void load_rules(row *w, sc_scenario *sc)
{
    char *copy = dup_cell(w, "value");
    char *save = NULL;
    sc->n_share_rules = 0;
    for (char *tok = copy ? strtok_r(copy, ";", &save) : NULL; tok;
         tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ')
            tok++;
        for (char *e = tok + strlen(tok); e > tok && e[-1] == ' ';)
            *--e = '\0';
        sc_rule r;
        if (!sc_rule_parse(tok, &r)) {
            err(w, "value",
                "value: unknown allocation rule '%s' (known: standalone, equal, "
                "proportional_revenue, proportional_benefit, shapley, revenue_sharing, "
                "cost_sharing)",
                tok);
            continue;
        }
        bool seen = false;
        for (int k = 0; k < sc->n_share_rules; k++)
            seen = seen || sc->share_rules[k] == (int)r;
        if (!seen) sc->share_rules[sc->n_share_rules++] = (int)r;
    }
    free(copy);
}

static void load_experiment(loader *L)
{
    sc_experiment_settings *e = &L->sc->experiment;
    *e = (sc_experiment_settings){
        .horizon_days = 365, .warmup_days = 0, .replications = 10, .seed = 1};
    const sc_table *t = L->t[T_EXPERIMENT];
    if (!t) return;
    static const char *const routings[] = {"cheapest", "fastest"};
    for (size_t r = 0; r < t->nrows; r++) {
        row w = row_at(L, T_EXPERIMENT, r);
        const char *key = cell(&w, "key");
        if (strcmp(key, "horizon_days") == 0) {
            e->horizon_days = num(&w, "value", 365, 1, 1e7);
        } else if (strcmp(key, "warmup_days") == 0) {
            e->warmup_days = num(&w, "value", 0, 0, 1e7);
        } else if (strcmp(key, "replications") == 0) {
            e->replications = integer(&w, "value", 10, 1, 100000000);
        } else if (strcmp(key, "seed") == 0) {
            /* Digits only: strtoull would take " -5" as 2^64 - 5, and clamp
             * what does not fit without a word. */
            const char *v = cell(&w, "value");
            errno = 0;
            unsigned long long s = strtoull(v, NULL, 10);
            if (!*v || v[strspn(v, "0123456789")])
                err(&w, "value", "value: seed '%s' is not a non-negative integer", v);
            else if (errno == ERANGE)
                err(&w, "value", "value: seed %s is out of range [0, %llu]", v, ULLONG_MAX);
            else
                e->seed = s;
        } else if (strcmp(key, "routing") == 0) {
            L->sc->route_fastest = choice(&w, "value", routings, 2, 0) == 1;
        } else if (strcmp(key, "arms") == 0 || strncmp(key, "arm:", 4) == 0) {
            /* read by load_arms */
        } else if (strcmp(key, "rules") == 0) {
            load_rules(&w, L->sc);
        } else if (strcmp(key, "share_arm") == 0) {
            /* read by load_share_arm, once the arms are known */
        } else {
            err(&w, "key",
                "key: unknown experiment key '%s' (known: horizon_days, warmup_days, "
                "replications, seed, routing, arms, arm:NAME, rules, share_arm)",
                key);
        }
    }
    if (e->warmup_days >= e->horizon_days) {
        row w = row_at(L, T_EXPERIMENT, 0);
        for (size_t r = 0; r < t->nrows; r++)
            if (strcmp(cell(&(row){L, t, r, T_EXPERIMENT}, "key"), "warmup_days") == 0) w.r = r;
        err(&w, "value", "value: warmup_days (%g) must be shorter than horizon_days (%g)",
            e->warmup_days, e->horizon_days);
    }
}

/* ---- arms ---------------------------------------------------------------- */

static bool add_arm(loader *L, const char *name)
{
    sc_scenario *sc = L->sc;
    sc_arm *grown = realloc(sc->arms, (size_t)(sc->n_arms + 1) * sizeof *grown);
    if (!grown) return false;
    sc->arms = grown;
    sc_arm *a = &sc->arms[sc->n_arms++];
    a->name = malloc(strlen(name) + 1);
    a->shock_on = calloc((size_t)sc->n_shocks + 1, sizeof *a->shock_on);
    a->mitigation_on = calloc((size_t)sc->n_mitigations + 1, sizeof *a->mitigation_on);
    if (!a->name || !a->shock_on || !a->mitigation_on) return false;
    strcpy(a->name, name);
    for (int k = 0; k < sc->n_shocks; k++)
        a->shock_on[k] = true; /* until arm:NAME says */
    return true;
}

/* Fills an arm from its `arm:NAME` row: the shocks and mitigations listed.
 * A repeated row replaces the earlier one, as a repeated key does. */
static void define_arm(loader *L, const row *w, sc_arm *a)
{
    for (int k = 0; k < L->sc->n_shocks; k++)
        a->shock_on[k] = false;
    for (int m = 0; m < L->sc->n_mitigations; m++)
        a->mitigation_on[m] = false;
    char *copy = dup_cell(w, "value");
    if (!copy) return;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ')
            tok++;
        char *e = tok + strlen(tok);
        while (e > tok && e[-1] == ' ')
            *--e = '\0';
        if (!*tok) continue;
        int k = sc_idmap_get(&L->shocks, tok), m = sc_idmap_get(&L->mitigations, tok);
        if (k >= 0)
            a->shock_on[k] = true;
        else if (m >= 0)
            a->mitigation_on[m] = true;
        else
            err(w, "value", "value: '%s' is neither a shock id nor a mitigation id", tok);
    }
    free(copy);
}

static void load_arms(loader *L)
{
    const sc_table *t = L->t[T_EXPERIMENT];
    size_t n = t ? t->nrows : 0;
    for (size_t r = 0; r < n; r++) {
        row w = row_at(L, T_EXPERIMENT, r);
        if (strcmp(cell(&w, "key"), "arms") != 0) continue;
        char *copy = dup_cell(&w, "value");
        char *save = NULL;
        for (char *tok = copy ? strtok_r(copy, ";", &save) : NULL; tok;
             tok = strtok_r(NULL, ";", &save)) {
            while (*tok == ' ')
                tok++;
            for (char *e = tok + strlen(tok); e > tok && e[-1] == ' ';)
                *--e = '\0';
            if (strchr(tok, '/')) {
                err(&w, "value", "value: arm name '%s' may not contain '/'", tok);
                continue;
            }
            for (int a = 0; a < L->sc->n_arms; a++)
                if (strcmp(L->sc->arms[a].name, tok) == 0)
                    err(&w, "value", "value: arm '%s' is listed twice", tok);
            if (*tok && !add_arm(L, tok)) L->oom = true;
        }
        free(copy);
    }
    if (L->sc->n_arms == 0 && !add_arm(L, "baseline")) L->oom = true;
    for (size_t r = 0; r < n && !L->oom; r++) {
        row w = row_at(L, T_EXPERIMENT, r);
        const char *key = cell(&w, "key");
        if (strncmp(key, "arm:", 4) != 0) continue;
        int found = -1;
        for (int a = 0; a < L->sc->n_arms; a++)
            if (strcmp(L->sc->arms[a].name, key + 4) == 0) found = a;
        if (found < 0)
            err(&w, "key", "key: arm '%s' is not listed in the arms row", key + 4);
        else
            define_arm(L, &w, &L->sc->arms[found]);
    }
}

/* experiment.csv `share_arm`: the arm `sctwin share` studies by default. */
static void load_share_arm(loader *L)
{
    const sc_table *t = L->t[T_EXPERIMENT];
    L->sc->share_arm = -1;
    for (size_t r = 0; t && r < t->nrows; r++) {
        row w = row_at(L, T_EXPERIMENT, r);
        if (strcmp(cell(&w, "key"), "share_arm") != 0) continue;
        const char *name = cell(&w, "value");
        for (int a = 0; a < L->sc->n_arms; a++)
            if (strcmp(L->sc->arms[a].name, name) == 0) L->sc->share_arm = a;
        if (L->sc->share_arm < 0)
            err(&w, "value", "value: share_arm '%s' is not listed in the arms row", name);
    }
}

/* ---- files --------------------------------------------------------------- */

/* Reports unknown, duplicate and missing columns; returns false when the
 * table has no id column, so its rows cannot be loaded at all. */
static bool check_header(loader *L, const table_spec *spec, const sc_table *t)
{
    bool has_ids = true;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *h = t->header[c];
        if (!spec_has(spec->required, 8, h) && !spec_has(spec->optional, 16, h))
            sc_diags_add(L->d, t->path, 1, t->header_col[c], "unknown column '%s' in %s.csv", h,
                         spec->name);
        for (size_t k = 0; k < c; k++)
            if (strcmp(t->header[k], h) == 0)
                sc_diags_add(L->d, t->path, 1, t->header_col[c], "duplicate column '%s'", h);
    }
    for (size_t i = 0; i < 8 && spec->required[i]; i++)
        if (sc_table_column(t, spec->required[i]) < 0) {
            sc_diags_add(L->d, t->path, 1, 1, "missing required column '%s'", spec->required[i]);
            L->broken_refs++;
            if (strcmp(spec->required[i], "id") == 0) has_ids = false;
        }
    return has_ids;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 8;
    char *p = malloc(n);
    if (!p) return NULL;
    size_t dl = strlen(dir);
    snprintf(p, n, "%s%s%s.csv", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return p;
}

/* Reads every table; returns false when some file is unusable (unreadable,
 * malformed, or without ids): loading rows then would only echo that.
 * Header problems that leave the rows readable do not stop the load, so a
 * bundle's column and cell problems are reported together. */
static bool read_files(loader *L, const char *dir)
{
    bool ok = true;
    for (int i = 0; i < T_COUNT; i++) {
        char *path = join_path(dir, specs[i].name);
        if (!path) {
            L->oom = true;
            return false;
        }
        sc_table t;
        sc_status st = sc_table_read(path, &t, L->d);
        if (st == SC_ERR_IO) {
            if (specs[i].required_file) {
                sc_diags_add(L->d, path, 0, 0, "cannot read required file");
                ok = false;
            }
        } else if (st == SC_ERR_NOMEM) {
            L->oom = true;
            ok = false;
        } else if (st != SC_OK) {
            ok = false;
        } else {
            if (!check_header(L, &specs[i], &t)) ok = false;
            sc_scenario_table *st_ = &L->sc->tables[L->sc->n_tables++];
            st_->name = malloc(strlen(specs[i].name) + 1);
            if (st_->name)
                strcpy(st_->name, specs[i].name);
            else
                L->oom = true;
            st_->table = t;
            L->t[i] = &st_->table;
        }
        free(path);
    }
    return ok && !L->oom;
}

static const char *base_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && dir[b - 1] != '/')
        b--;
    static _Thread_local char buf[256];
    size_t len = n - b < sizeof buf - 1 ? n - b : sizeof buf - 1;
    memcpy(buf, dir + b, len);
    buf[len] = '\0';
    return buf;
}

sc_status sc_scenario_load(const char *dir, sc_scenario **out, sc_diags *diags)
{
    *out = NULL;
    loader L = {0};
    L.d = diags;
    L.errors_before = diags->n;
    L.sc = calloc(1, sizeof *L.sc);
    if (!L.sc) return SC_ERR_NOMEM;
    L.sc->tables = calloc(T_COUNT, sizeof *L.sc->tables);
    const char *bn = base_name(dir);
    L.sc->name = malloc(strlen(bn) + 1);
    bool maps = sc_idmap_init(&L.actors, 16) && sc_idmap_init(&L.nodes, 64) &&
                sc_idmap_init(&L.items, 16) && sc_idmap_init(&L.lanes, 64) &&
                sc_idmap_init(&L.chokepoints, 16) && sc_idmap_init(&L.regions, 16) &&
                sc_idmap_init(&L.shocks, 16) && sc_idmap_init(&L.mitigations, 16);
    if (!L.sc->tables || !L.sc->name || !maps) {
        L.oom = true;
    } else {
        strcpy(L.sc->name, bn);
        if (read_files(&L, dir)) {
            load_actors(&L);
            load_nodes(&L);
            load_items(&L);
            load_bom(&L);
            load_lanes(&L);
            load_demand(&L);
            load_inventory(&L);
            load_shocks(&L);
            load_mitigations(&L);
            load_experiment(&L);
            load_arms(&L);
            if (!L.oom) load_share_arm(&L);
            /* Network-wide checks need clean references to be meaningful;
             * rows with bad values keep defaults and do not stop them. */
            if (!L.oom && L.broken_refs == 0)
                if (!sc_scenario_check(L.sc, diags)) L.oom = true;
        }
    }
    sc_idmap_free(&L.actors);
    sc_idmap_free(&L.nodes);
    sc_idmap_free(&L.items);
    sc_idmap_free(&L.lanes);
    sc_idmap_free(&L.chokepoints);
    sc_idmap_free(&L.regions);
    sc_idmap_free(&L.shocks);
    sc_idmap_free(&L.mitigations);
    if (L.oom || diags->n != L.errors_before || diags->oom) {
        sc_scenario_free(L.sc);
        return L.oom || diags->oom ? SC_ERR_NOMEM : SC_ERR_INPUT;
    }
    *out = L.sc;
    return SC_OK;
}
