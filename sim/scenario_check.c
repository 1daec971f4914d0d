/*
 * Whole-network validation and routing for a freshly loaded scenario (see
 * scenario_check.h).  Paths are computed once here, so the simulation only
 * follows arrays of lane indices.
 */
#include "scenario_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "routing.h"

static const char *const kind_names[] = {"supplier", "plant", "port", "warehouse", "market"};

/* Location of a cell for diagnostics: table `name`, row r, column col. */
static void at(const sc_scenario *sc, sc_diags *d, const char *table, size_t r, const char *col,
               const char *msg)
{
    for (int i = 0; i < sc->n_tables; i++) {
        if (strcmp(sc->tables[i].name, table) != 0) continue;
        const sc_table *t = &sc->tables[i].table;
        int c = sc_table_column(t, col);
        size_t k = r * t->ncols + (size_t)(c < 0 ? 0 : c);
        sc_diags_add(d, t->path, t->cell_line[k], t->cell_col[k], "%s", msg);
        return;
    }
}

/* Lookups the checks need, built once: (node, item) -> stock by binary
 * search, and the lanes into each node.  Why not plain scans: they are
 * quadratic in the table sizes, and a bundle may have a million rows. */
typedef struct stock_key {
    int node, item, stock;
} stock_key;

typedef struct lookup {
    stock_key *keys; /* [n_stocks], sorted by node then item */
    int *in_start;   /* [n_nodes + 1]: lanes into v are in_lane[in_start[v] .. in_start[v + 1]) */
    int *in_lane;    /* [n_lanes] */
} lookup;

static int by_node_item(const void *a, const void *b)
{
    const stock_key *x = a, *y = b;
    if (x->node != y->node) return x->node < y->node ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

static void lookup_free(lookup *x)
{
    free(x->keys);
    free(x->in_start);
    free(x->in_lane);
}

static bool lookup_init(lookup *x, const sc_scenario *sc)
{
    x->keys = malloc(((size_t)sc->n_stocks + 1) * sizeof *x->keys);
    x->in_start = calloc((size_t)sc->n_nodes + 2, sizeof *x->in_start);
    x->in_lane = malloc(((size_t)sc->n_lanes + 1) * sizeof *x->in_lane);
    if (!x->keys || !x->in_start || !x->in_lane) return false;
    for (int k = 0; k < sc->n_stocks; k++)
        x->keys[k] = (stock_key){sc->stocks[k].node, sc->stocks[k].item, k};
    qsort(x->keys, (size_t)sc->n_stocks, sizeof *x->keys, by_node_item);
    for (int e = 0; e < sc->n_lanes; e++)
        x->in_start[sc->lanes[e].to + 2]++;
    for (int v = 0; v < sc->n_nodes; v++)
        x->in_start[v + 2] += x->in_start[v + 1];
    for (int e = 0; e < sc->n_lanes; e++) /* in_start[v + 1] counts up to v's end */
        x->in_lane[x->in_start[sc->lanes[e].to + 1]++] = e;
    return true;
}

/* The stock of `item` at `node` (load_inventory rejected duplicates), or -1. */
static int stock_at(const lookup *x, const sc_scenario *sc, int node, int item)
{
    stock_key key = {node, item, -1};
    const stock_key *k = bsearch(&key, x->keys, (size_t)sc->n_stocks, sizeof key, by_node_item);
    return k ? k->stock : -1;
}

/* A route request: from src to dst by the given criterion, stored into
 * *path; `table`/`row`/`col` say where to report a missing route (table NULL:
 * a missing route is not an error). */
typedef struct request {
    int src, dst;
    bool fastest;
    sc_path *path;
    const char *table, *col;
    int row;
} request;

static int by_src(const void *a, const void *b)
{
    const request *x = a, *y = b;
    if (x->fastest != y->fastest) return x->fastest - y->fastest;
    return (x->src > y->src) - (x->src < y->src);
}

/* Whether `node` can make `item`: a supplier anything, a plant what one of
 * its own BOM lines outputs (grouped by index_bom: a scan of every line
 * per stocking point took 7 s of the check at 10^6 nodes). */
static bool makes(const sc_scenario *sc, int node, int item)
{
    const sc_node *n = &sc->nodes[node];
    if (n->kind == SC_SUPPLIER) return true;
    if (n->kind != SC_PLANT) return false;
    for (int j = sc->bom_start[node]; j < sc->bom_start[node + 1]; j++)
        if (sc->bom[sc->bom_of_plant[j]].output == item) return true;
    return false;
}

/* Items form a graph output → input over all plants; a cycle would make a
 * product an ingredient of itself. */
static void check_bom_cycles(const sc_scenario *sc, sc_diags *d, bool *oom)
{
    int n = sc->n_items;
    char *state = calloc((size_t)n + 1, 1); /* 0 new, 1 on stack, 2 done */
    int *stack = malloc(((size_t)n + 1) * sizeof *stack);
    int *edge = malloc(((size_t)n + 1) * sizeof *edge);
    if (!state || !stack || !edge) {
        *oom = true;
        goto out;
    }
    for (int root = 0; root < n; root++) {
        if (state[root]) continue;
        int top = 0;
        stack[0] = root;
        edge[0] = 0;
        state[root] = 1;
        while (top >= 0) {
            int u = stack[top];
            int b = edge[top]++;
            if (b >= sc->n_bom) {
                state[u] = 2;
                top--;
                continue;
            }
            if (sc->bom[b].output != u) continue;
            int v = sc->bom[b].input;
            if (state[v] == 1) {
                char msg[300];
                snprintf(msg, sizeof msg,
                         "input: bill of materials cycle: '%s' is (indirectly) made from itself",
                         sc->items[v].id);
                at(sc, d, "bom", (size_t)b, "input", msg);
            } else if (state[v] == 0) {
                state[v] = 1;
                stack[++top] = v;
                edge[top] = 0;
            }
        }
    }
out:
    free(state);
    free(stack);
    free(edge);
}

static void check_bom_inputs(sc_scenario *sc, const lookup *x, sc_diags *d)
{
    for (int b = 0; b < sc->n_bom; b++) {
        sc_bom_line *l = &sc->bom[b];
        l->input_stock = stock_at(x, sc, l->plant, l->input);
        if (l->input_stock >= 0) continue;
        char msg[300];
        snprintf(msg, sizeof msg, "input: plant '%s' has no inventory row for its input '%s'",
                 sc->nodes[l->plant].id, sc->items[l->input].id);
        at(sc, d, "bom", (size_t)b, "input", msg);
    }
}

/* Groups the BOM lines by plant, each group in file order (a counting
 * sort), so that a production job walks its own plant's lines only. */
static bool index_bom(sc_scenario *sc)
{
    int *start = calloc((size_t)sc->n_nodes + 1, sizeof *start);
    sc->bom_of_plant = malloc(((size_t)sc->n_bom + 1) * sizeof *sc->bom_of_plant);
    sc->bom_start = start;
    if (!start || !sc->bom_of_plant) return false;
    for (int b = 0; b < sc->n_bom; b++)
        start[sc->bom[b].plant + 1]++;
    for (int n = 0; n < sc->n_nodes; n++)
        start[n + 1] += start[n];
    /* start[n] is plant n's cursor while filling, and ends at its group's
     * end, which is plant n + 1's start: shift them back afterwards. */
    for (int b = 0; b < sc->n_bom; b++)
        sc->bom_of_plant[start[sc->bom[b].plant]++] = b;
    for (int n = sc->n_nodes; n > 0; n--)
        start[n] = start[n - 1];
    start[0] = 0;
    return true;
}

static void check_sources(sc_scenario *sc, const lookup *x, sc_diags *d)
{
    for (int k = 0; k < sc->n_stocks; k++) {
        sc_stock *s = &sc->stocks[k];
        char msg[400];
        s->actor = sc->nodes[s->node].actor;
        if (s->source == s->node) {
            if (!makes(sc, s->node, s->item)) {
                snprintf(
                    msg, sizeof msg, "source: '%s' is its own source but a %s cannot make '%s'%s",
                    sc->nodes[s->node].id, kind_names[sc->nodes[s->node].kind],
                    sc->items[s->item].id,
                    sc->nodes[s->node].kind == SC_PLANT ? " (no bom row has it as output)" : "");
                at(sc, d, "inventory", (size_t)k, "source", msg);
            }
            continue;
        }
        s->source_stock = stock_at(x, sc, s->source, s->item);
        if (s->source_stock < 0 && !makes(sc, s->source, s->item)) {
            snprintf(msg, sizeof msg, "source: %s '%s' neither stocks nor makes item '%s'",
                     kind_names[sc->nodes[s->source].kind], sc->nodes[s->source].id,
                     sc->items[s->item].id);
            at(sc, d, "inventory", (size_t)k, "source", msg);
        }
    }
    /* Replenishment must end at a producer: follow source_stock links. */
    for (int k = 0; k < sc->n_stocks; k++) {
        int slow = k, fast = k;
        while (fast >= 0 && sc->stocks[fast].source_stock >= 0) {
            fast = sc->stocks[sc->stocks[fast].source_stock].source_stock;
            slow = sc->stocks[slow].source_stock;
            if (fast >= 0 && fast == slow) {
                char msg[300];
                snprintf(msg, sizeof msg,
                         "source: replenishment loop: '%s' is (indirectly) its own source of '%s'",
                         sc->nodes[sc->stocks[k].node].id, sc->items[sc->stocks[k].item].id);
                at(sc, d, "inventory", (size_t)k, "source", msg);
                break;
            }
        }
    }
}

static int ascending(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The stocking points of the demand's item with a lane into its market, in
 * file order, into out[] (room for the market's in-degree); their count. */
static int serving(const sc_scenario *sc, const lookup *x, const sc_demand *dm, int *out)
{
    int n = 0;
    for (int j = x->in_start[dm->market]; j < x->in_start[dm->market + 1]; j++) {
        int k = stock_at(x, sc, sc->lanes[x->in_lane[j]].from, dm->item);
        if (k >= 0) out[n++] = k;
    }
    qsort(out, (size_t)n, sizeof *out, ascending);
    int u = 0; /* two lanes from one node name its stock once */
    for (int i = 0; i < n; i++)
        if (u == 0 || out[u - 1] != out[i]) out[u++] = out[i];
    return u;
}

/* Each demand's primary stocking point, the first serving it, and the
 * others, fallbacks for a pooled warehouse.  False when out of memory. */
static bool pick_market_stock(sc_scenario *sc, const lookup *x, sc_diags *d)
{
    for (int m = 0; m < sc->n_demands; m++) {
        sc_demand *dm = &sc->demands[m];
        size_t deg = (size_t)(x->in_start[dm->market + 1] - x->in_start[dm->market]);
        dm->others = malloc((deg + 1) * sizeof *dm->others);
        dm->other_paths = calloc(deg + 1, sizeof *dm->other_paths);
        if (!dm->others || !dm->other_paths) return false;
        int n = serving(sc, x, dm, dm->others);
        if (n > 0) {
            dm->stock = dm->others[0];
            dm->n_others = n - 1;
            memmove(dm->others, dm->others + 1, (size_t)dm->n_others * sizeof *dm->others);
            continue;
        }
        char msg[400];
        snprintf(msg, sizeof msg,
                 "market: no source can reach market '%s' with item '%s' (no stocking "
                 "point of the item has a lane into it)",
                 sc->nodes[dm->market].id, sc->items[dm->item].id);
        at(sc, d, "demand", (size_t)m, "market", msg);
    }
    return true;
}

/* Every demand row whose end demand flows through a stocking point: the
 * primary point serving it and its chain of stocked sources.  Only called on
 * a network without errors, so a chain has no loop and visits a stock at
 * most once per demand; the lists are counted first, because n_stocks x
 * n_demands entries would not fit in memory for large tables. */
static bool link_downstream(sc_scenario *sc)
{
    for (int i = 0; i < sc->n_demands; i++)
        for (int k = sc->demands[i].stock; k >= 0; k = sc->stocks[k].source_stock)
            sc->stocks[k].n_downstream++;
    for (int k = 0; k < sc->n_stocks; k++) {
        sc->stocks[k].downstream = calloc((size_t)sc->stocks[k].n_downstream + 1, sizeof(int));
        if (!sc->stocks[k].downstream) return false;
        sc->stocks[k].n_downstream = 0;
    }
    for (int i = 0; i < sc->n_demands; i++)
        for (int k = sc->demands[i].stock; k >= 0; k = sc->stocks[k].source_stock)
            sc->stocks[k].downstream[sc->stocks[k].n_downstream++] = i;
    return true;
}

static bool route_all(sc_scenario *sc, const lookup *x, sc_diags *d)
{
    size_t n = 2 * (size_t)sc->n_stocks + (size_t)sc->n_demands;
    for (int k = 0; k < sc->n_stocks; k++)
        n += (size_t)sc->stocks[k].n_backups;
    for (int i = 0; i < sc->n_demands; i++)
        n += (size_t)sc->demands[i].n_others;
    request *req = malloc((n ? n : 1) * sizeof *req);
    sc_router *R = sc_router_alloc(sc);
    bool oom = !req || !R;
    size_t m = 0;
    for (int k = 0; !oom && k < sc->n_stocks; k++) {
        sc_stock *s = &sc->stocks[k];
        s->backup_paths = calloc((size_t)s->n_backups + 1, sizeof *s->backup_paths);
        s->backup_stocks = calloc((size_t)s->n_backups + 1, sizeof *s->backup_stocks);
        oom = !s->backup_paths || !s->backup_stocks;
        if (oom || s->source == s->node) continue;
        req[m++] =
            (request){s->source, s->node, sc->route_fastest, &s->path, "inventory", "source", k};
        req[m++] = (request){s->source, s->node, true, &s->fast_path, NULL, NULL, k};
        for (int b = 0; b < s->n_backups; b++) {
            s->backup_stocks[b] = stock_at(x, sc, s->backups[b], s->item);
            req[m++] = (request){
                s->backups[b], s->node, sc->route_fastest, &s->backup_paths[b], "inventory",
                "backups",     k};
        }
    }
    for (int i = 0; !oom && i < sc->n_demands; i++) {
        sc_demand *dm = &sc->demands[i];
        if (dm->stock < 0) continue;
        req[m++] = (request){sc->stocks[dm->stock].node,
                             dm->market,
                             sc->route_fastest,
                             &dm->path,
                             "demand",
                             "market",
                             i};
        for (int j = 0; j < dm->n_others; j++)
            req[m++] = (request){sc->stocks[dm->others[j]].node,
                                 dm->market,
                                 sc->route_fastest,
                                 &dm->other_paths[j],
                                 NULL,
                                 NULL,
                                 i};
    }
    if (!oom) qsort(req, m, sizeof *req, by_src);
    int *dst = oom ? NULL : malloc((m ? m : 1) * sizeof *dst);
    oom = oom || !dst;
    for (size_t i = 0; !oom && i < m; i++) {
        if (i == 0 || req[i].src != req[i - 1].src || req[i].fastest != req[i - 1].fastest) {
            /* One search per source, stopped once its targets are reached:
             * searching the whole network from every source is quadratic. */
            int n_dst = 0;
            for (size_t j = i;
                 j < m && req[j].src == req[i].src && req[j].fastest == req[i].fastest; j++)
                dst[n_dst++] = req[j].dst;
            sc_router_run_to(R, req[i].src, req[i].fastest, NULL, NULL, dst, n_dst);
        }
        if (sc_router_path(R, req[i].src, req[i].dst, req[i].path, &oom) || oom || !req[i].table)
            continue;
        char msg[400];
        snprintf(msg, sizeof msg, "%s: no lane path from '%s' to '%s'", req[i].col,
                 sc->nodes[req[i].src].id, sc->nodes[req[i].dst].id);
        at(sc, d, req[i].table, (size_t)req[i].row, req[i].col, msg);
    }
    sc_router_free(R);
    free(req);
    free(dst);
    return !oom;
}

bool sc_scenario_check(sc_scenario *sc, sc_diags *d)
{
    bool oom = false;
    size_t before = d->n;
    lookup x = {0};
    if (!lookup_init(&x, sc) || !index_bom(sc)) {
        lookup_free(&x);
        return false;
    }
    check_bom_cycles(sc, d, &oom);
    check_bom_inputs(sc, &x, d);
    check_sources(sc, &x, d);
    oom = oom || !pick_market_stock(sc, &x, d) || !route_all(sc, &x, d);
    lookup_free(&x);
    if (oom) return false;
    /* Why only when clean: a replenishment loop would make the walk endless. */
    return d->n != before || link_downstream(sc);
}
