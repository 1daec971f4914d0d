/* Shortest routes over the lane network (see routing.h). */
#include "routing.h"

#include <math.h>
#include <stdlib.h>

typedef struct cost2 {
    double a, b; /* compared lexicographically */
} cost2;

static bool less(cost2 x, cost2 y)
{
    return x.a < y.a || (x.a == y.a && x.b < y.b);
}

struct sc_router {
    const sc_scenario *sc;
    int *first_out, *next_out; /* adjacency lists of lanes by origin */
    cost2 *dist;
    int *via_lane; /* lane used to reach each node, -1 for none */
    int *heap, *pos;
    int n_heap;
    int *touched; /* nodes whose dist was set by the last run */
    int n_touched;
    char *wanted; /* targets of the run in progress */
};

static cost2 lane_cost(const sc_lane *l, bool fastest)
{
    return fastest ? (cost2){l->transit_days, l->cost_per_unit}
                   : (cost2){l->cost_per_unit, l->transit_days};
}

static void heap_swap(sc_router *R, int i, int j)
{
    int t = R->heap[i];
    R->heap[i] = R->heap[j];
    R->heap[j] = t;
    R->pos[R->heap[i]] = i;
    R->pos[R->heap[j]] = j;
}

static void heap_up(sc_router *R, int i)
{
    while (i > 0 && less(R->dist[R->heap[i]], R->dist[R->heap[(i - 1) / 2]])) {
        heap_swap(R, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void heap_down(sc_router *R, int i)
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

/* Marks v as reached by this run, so that the next run resets only the
 * nodes this one touched: a run costs what it explores, not n. */
static void touch(sc_router *R, int v)
{
    if (R->pos[v] == -1 && R->via_lane[v] < 0 && R->dist[v].a == INFINITY)
        R->touched[R->n_touched++] = v;
}

void sc_router_run_to(sc_router *R, int src, bool fastest, sc_lane_filter usable, void *ctx,
                      const int *dst, int n_dst)
{
    const sc_scenario *sc = R->sc;
    for (int i = 0; i < R->n_touched; i++) {
        int v = R->touched[i];
        R->dist[v] = (cost2){INFINITY, INFINITY};
        R->via_lane[v] = -1;
        R->pos[v] = -1;
    }
    R->n_touched = 0;
    int left = 0; /* distinct targets not settled yet; -1: settle everything */
    for (int i = 0; i < n_dst; i++)
        if (!R->wanted[dst[i]]) {
            R->wanted[dst[i]] = 1;
            left++;
        }
    if (n_dst < 0) left = -1;
    touch(R, src);
    R->dist[src] = (cost2){0, 0};
    R->n_heap = 0;
    R->heap[R->n_heap] = src;
    R->pos[src] = R->n_heap++;
    while (R->n_heap > 0 && left != 0) {
        int u = R->heap[0];
        heap_swap(R, 0, --R->n_heap);
        R->pos[u] = -2; /* settled: its path is final, so a run may stop once
                           every target is settled */
        if (left > 0 && R->wanted[u]) left--;
        heap_down(R, 0);
        for (int e = R->first_out[u]; e >= 0; e = R->next_out[e]) {
            const sc_lane *l = &sc->lanes[e];
            if (usable && !usable(ctx, e)) continue;
            cost2 c = lane_cost(l, fastest);
            cost2 nd = {R->dist[u].a + c.a, R->dist[u].b + c.b};
            int v = l->to;
            if (R->pos[v] == -2 || !less(nd, R->dist[v])) continue;
            touch(R, v);
            R->dist[v] = nd;
            R->via_lane[v] = e;
            if (R->pos[v] < 0) {
                R->heap[R->n_heap] = v;
                R->pos[v] = R->n_heap++;
            }
            heap_up(R, R->pos[v]);
        }
    }
    for (int i = 0; i < n_dst; i++)
        R->wanted[dst[i]] = 0;
}

void sc_router_run(sc_router *R, int src, bool fastest, sc_lane_filter usable, void *ctx)
{
    sc_router_run_to(R, src, fastest, usable, ctx, NULL, -1);
}

bool sc_router_path(const sc_router *R, int src, int dst, sc_path *out, bool *oom)
{
    *out = (sc_path){NULL, 0, -1};
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
    out->first = out->lanes[0];
    return true;
}

int sc_router_path_into(const sc_router *R, int src, int dst, int *buf, int cap)
{
    if (src == dst) return 0;
    if (R->via_lane[dst] < 0) return -1;
    int n = 0;
    for (int v = dst; v != src; v = R->sc->lanes[R->via_lane[v]].from)
        n++;
    if (n > cap) return -1;
    for (int v = dst, k = n; v != src; v = R->sc->lanes[R->via_lane[v]].from)
        buf[--k] = R->via_lane[v];
    return n;
}

sc_router *sc_router_alloc(const sc_scenario *sc)
{
    size_t n = (size_t)sc->n_nodes + 1, m = (size_t)sc->n_lanes + 1;
    sc_router *R = calloc(1, sizeof *R);
    if (!R) return NULL;
    R->sc = sc;
    R->first_out = malloc(n * sizeof(int));
    R->next_out = malloc(m * sizeof(int));
    R->dist = malloc(n * sizeof(cost2));
    R->via_lane = malloc(n * sizeof(int));
    R->heap = malloc(n * sizeof(int));
    R->pos = malloc(n * sizeof(int));
    R->touched = malloc(n * sizeof(int));
    R->wanted = calloc(n, 1);
    if (!R->first_out || !R->next_out || !R->dist || !R->via_lane || !R->heap || !R->pos ||
        !R->touched || !R->wanted) {
        sc_router_free(R);
        return NULL;
    }
    for (int v = 0; v < sc->n_nodes; v++) {
        R->first_out[v] = -1;
        R->dist[v] = (cost2){INFINITY, INFINITY};
        R->via_lane[v] = -1;
        R->pos[v] = -1;
    }
    /* Reverse insertion keeps each adjacency list in file order. */
    for (int e = sc->n_lanes - 1; e >= 0; e--) {
        R->next_out[e] = R->first_out[sc->lanes[e].from];
        R->first_out[sc->lanes[e].from] = e;
    }
    return R;
}

void sc_router_free(sc_router *R)
{
    if (!R) return;
    free(R->first_out);
    free(R->next_out);
    free(R->dist);
    free(R->via_lane);
    free(R->heap);
    free(R->pos);
    free(R->touched);
    free(R->wanted);
    free(R);
}
