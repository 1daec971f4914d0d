/*
 * Whole-network validation and routing for a freshly loaded scenario (see
 * scenario_check.h).  Paths are computed once here, so the simulation only
 * follows arrays of lane indices.
 */
#include "scenario_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- routing ------------------------------------------------------------- */

typedef struct cost2 {
    double a, b; /* compared lexicographically */
} cost2;

static bool less(cost2 x, cost2 y)
{
    return x.a < y.a || (x.a == y.a && x.b < y.b);
}

typedef struct router {
    const sc_scenario *sc;
    int *first_out, *next_out; /* adjacency lists of lanes by origin */
    cost2 *dist;
    int *via_lane; /* lane used to reach each node, -1 for none */
    int *heap, *pos;
    int n_heap;
} router;

static cost2 lane_cost(const sc_scenario *sc, const sc_lane *l)
{
    return sc->route_fastest ? (cost2){l->transit_days, l->cost_per_unit}
                             : (cost2){l->cost_per_unit, l->transit_days};
}

static void heap_swap(router *R, int i, int j)
{
    int t = R->heap[i];
    R->heap[i] = R->heap[j];
    R->heap[j] = t;
    R->pos[R->heap[i]] = i;
    R->pos[R->heap[j]] = j;
}

static void heap_up(router *R, int i)
{
    while (i > 0 && less(R->dist[R->heap[i]], R->dist[R->heap[(i - 1) / 2]])) {
        heap_swap(R, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void heap_down(router *R, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < R->n_heap && less(R->dist[R->heap[l]], R->dist[R->heap[m]])) m = l;
        if (r < R->n_heap && less(R->dist[R->heap[r]], R->dist[R->heap[m]])) m = r;
        if (m == i) return;
        heap_swap(R, i, m);
        i = m;
    }
}

static void dijkstra(router *R, int src)
{
    const sc_scenario *sc = R->sc;
    for (int v = 0; v < sc->n_nodes; v++) {
        R->dist[v] = (cost2){INFINITY, INFINITY};
        R->via_lane[v] = -1;
        R->pos[v] = -1;
    }
    R->dist[src] = (cost2){0, 0};
    R->n_heap = 0;
    R->heap[R->n_heap] = src;
    R->pos[src] = R->n_heap++;
    while (R->n_heap > 0) {
        int u = R->heap[0];
        heap_swap(R, 0, --R->n_heap);
        R->pos[u] = -2; /* settled */
        heap_down(R, 0);
        for (int e = R->first_out[u]; e >= 0; e = R->next_out[e]) {
            const sc_lane *l = &sc->lanes[e];
            cost2 c = lane_cost(sc, l);
            cost2 nd = {R->dist[u].a + c.a, R->dist[u].b + c.b};
            int v = l->to;
            if (R->pos[v] == -2 || !less(nd, R->dist[v])) continue;
            R->dist[v] = nd;
            R->via_lane[v] = e;
            if (R->pos[v] < 0) {
                R->heap[R->n_heap] = v;
                R->pos[v] = R->n_heap++;
            }
            heap_up(R, R->pos[v]);
        }
    }
}

/* Extracts the path to `dst` from the last Dijkstra run; false when none. */
static bool extract(const router *R, int src, int dst, sc_path *out, bool *oom)
{
    out->lanes = NULL;
    out->n_lanes = 0;
    if (src == dst) return true;
    if (R->via_lane[dst] < 0) return false;
    int n = 0;
    for (int v = dst; v != src; v = R->sc->lanes[R->via_lane[v]].from)
        n++;
    out->lanes = malloc((size_t)n * sizeof *out->lanes);
    if (!out->lanes) {
        *oom = true;
        return false;
    }
    out->n_lanes = n;
    for (int v = dst, k = n; v != src; v = R->sc->lanes[R->via_lane[v]].from)
        out->lanes[--k] = R->via_lane[v];
    return true;
}

/* A route request: from src to dst, stored into *path; `stock` or `demand`
 * says which row asked (for diagnostics). */
typedef struct request {
    int src, dst;
    sc_path *path;
    int stock, demand;
} request;

static int by_src(const void *a, const void *b)
{
    const request *x = a, *y = b;
    return (x->src > y->src) - (x->src < y->src);
}

static bool router_init(router *R, const sc_scenario *sc)
{
    size_t n = (size_t)sc->n_nodes + 1, m = (size_t)sc->n_lanes + 1;
    R->sc = sc;
    R->first_out = malloc(n * sizeof(int));
    R->next_out = malloc(m * sizeof(int));
    R->dist = malloc(n * sizeof(cost2));
    R->via_lane = malloc(n * sizeof(int));
    R->heap = malloc(n * sizeof(int));
    R->pos = malloc(n * sizeof(int));
    if (!R->first_out || !R->next_out || !R->dist || !R->via_lane || !R->heap || !R->pos)
        return false;
    for (int v = 0; v < sc->n_nodes; v++)
        R->first_out[v] = -1;
    /* Reverse insertion keeps each adjacency list in file order. */
    for (int e = sc->n_lanes - 1; e >= 0; e--) {
        R->next_out[e] = R->first_out[sc->lanes[e].from];
        R->first_out[sc->lanes[e].from] = e;
    }
    return true;
}

static void router_free(router *R)
{
    free(R->first_out);
    free(R->next_out);
    free(R->dist);
    free(R->via_lane);
    free(R->heap);
    free(R->pos);
}

/* ---- checks -------------------------------------------------------------- */

static bool makes(const sc_scenario *sc, int node, int item)
{
    const sc_node *n = &sc->nodes[node];
    if (n->kind == SC_SUPPLIER) return true;
    if (n->kind != SC_PLANT) return false;
    for (int b = 0; b < sc->n_bom; b++)
        if (sc->bom[b].plant == node && sc->bom[b].output == item) return true;
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

static void check_bom_inputs(sc_scenario *sc, sc_diags *d)
{
    for (int b = 0; b < sc->n_bom; b++) {
        sc_bom_line *l = &sc->bom[b];
        l->input_stock = sc_scenario_stock_at(sc, l->plant, l->input);
        if (l->input_stock >= 0) continue;
        char msg[300];
        snprintf(msg, sizeof msg, "input: plant '%s' has no inventory row for its input '%s'",
                 sc->nodes[l->plant].id, sc->items[l->input].id);
        at(sc, d, "bom", (size_t)b, "input", msg);
    }
}

static void check_sources(sc_scenario *sc, sc_diags *d)
{
    for (int k = 0; k < sc->n_stocks; k++) {
        sc_stock *s = &sc->stocks[k];
        char msg[400];
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
        s->source_stock = sc_scenario_stock_at(sc, s->source, s->item);
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

static void pick_market_stock(sc_scenario *sc, sc_diags *d)
{
    for (int m = 0; m < sc->n_demands; m++) {
        sc_demand *dm = &sc->demands[m];
        for (int k = 0; k < sc->n_stocks && dm->stock < 0; k++) {
            if (sc->stocks[k].item != dm->item) continue;
            for (int e = 0; e < sc->n_lanes; e++)
                if (sc->lanes[e].from == sc->stocks[k].node && sc->lanes[e].to == dm->market) {
                    dm->stock = k;
                    break;
                }
        }
        if (dm->stock < 0) {
            char msg[400];
            snprintf(msg, sizeof msg,
                     "market: no source can reach market '%s' with item '%s' (no stocking "
                     "point of the item has a lane into it)",
                     sc->nodes[dm->market].id, sc->items[dm->item].id);
            at(sc, d, "demand", (size_t)m, "market", msg);
        }
    }
}

static bool route_all(sc_scenario *sc, sc_diags *d)
{
    size_t n = (size_t)sc->n_stocks + (size_t)sc->n_demands;
    request *req = malloc((n ? n : 1) * sizeof *req);
    router R = {0};
    bool oom = !req || !router_init(&R, sc);
    size_t m = 0;
    for (int k = 0; !oom && k < sc->n_stocks; k++)
        if (sc->stocks[k].source != sc->stocks[k].node)
            req[m++] =
                (request){sc->stocks[k].source, sc->stocks[k].node, &sc->stocks[k].path, k, -1};
    for (int i = 0; !oom && i < sc->n_demands; i++)
        if (sc->demands[i].stock >= 0)
            req[m++] = (request){sc->stocks[sc->demands[i].stock].node, sc->demands[i].market,
                                 &sc->demands[i].path, -1, i};
    if (!oom) qsort(req, m, sizeof *req, by_src);
    for (size_t i = 0; !oom && i < m; i++) {
        if (i == 0 || req[i].src != req[i - 1].src) dijkstra(&R, req[i].src);
        if (extract(&R, req[i].src, req[i].dst, req[i].path, &oom) || oom) continue;
        char msg[400];
        snprintf(msg, sizeof msg, "%s: no lane path from '%s' to '%s'",
                 req[i].stock >= 0 ? "source" : "market", sc->nodes[req[i].src].id,
                 sc->nodes[req[i].dst].id);
        if (req[i].stock >= 0)
            at(sc, d, "inventory", (size_t)req[i].stock, "source", msg);
        else
            at(sc, d, "demand", (size_t)req[i].demand, "market", msg);
    }
    router_free(&R);
    free(req);
    return !oom;
}

bool sc_scenario_check(sc_scenario *sc, sc_diags *d)
{
    bool oom = false;
    check_bom_cycles(sc, d, &oom);
    check_bom_inputs(sc, d);
    check_sources(sc, d);
    pick_market_stock(sc, d);
    if (oom) return false;
    return route_all(sc, d);
}
