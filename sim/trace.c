/*
 * Recording a replication for the viewer (see trace.h).  Legs are indexed
 * by the shipment's pool slot while open: a shipment is on one lane at a
 * time and its slot is only reused after it is delivered.
 */
#include "trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

static bool grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return true;
    int n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, (size_t)n * size);
    if (!q) return false;
    *p = q;
    *cap = n;
    return true;
}

sc_trace *sc_trace_alloc(const sc_world *w)
{
    sc_trace *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->n_nodes = w->sc->n_nodes;
    t->n_chokepoints = w->sc->n_chokepoints;
    t->n_days = w->n_days;
    t->node_days = calloc((size_t)t->n_days * (size_t)t->n_nodes + 1, sizeof *t->node_days);
    t->choke_days = calloc((size_t)t->n_days * (size_t)t->n_chokepoints + 1, sizeof *t->choke_days);
    if (!t->node_days || !t->choke_days) {
        sc_trace_free(t);
        return NULL;
    }
    return t;
}

void sc_trace_free(sc_trace *t)
{
    if (!t) return;
    free(t->legs);
    free(t->holds);
    free(t->warnings);
    free(t->node_days);
    free(t->choke_days);
    free(t->open_leg);
    free(t->reached);
    free(t);
}

static bool slots(sc_trace *t, uint32_t s)
{
    if (s < t->cap_slots) return true;
    uint32_t n = t->cap_slots ? t->cap_slots : 256;
    while (n <= s)
        n *= 2;
    int32_t *ol = realloc(t->open_leg, n * sizeof *ol);
    if (ol) t->open_leg = ol;
    double *r = realloc(t->reached, n * sizeof *r);
    if (r) t->reached = r;
    if (!ol || !r) return false;
    for (uint32_t i = t->cap_slots; i < n; i++) {
        t->open_leg[i] = -1;
        t->reached[i] = NAN;
    }
    t->cap_slots = n;
    return true;
}

static void sample_day(sc_world *w, int d)
{
    sc_trace *t = w->trace;
    const sc_scenario *sc = w->sc;
    sc_trace_node_day *row = &t->node_days[(size_t)d * (size_t)t->n_nodes];
    for (int n = 0; n < sc->n_nodes; n++) {
        row[n] = (sc_trace_node_day){0, 0, sc_node_fx(w, n)->capacity, 0, 0};
        if (sc->nodes[n].kind == SC_PORT) {
            row[n].queue = (int32_t)w->ports[n].queue.len;
            row[n].busy = w->ports[n].busy;
        }
    }
    for (int k = 0; k < sc->n_stocks; k++) {
        row[sc->stocks[k].node].inventory += w->stocks[k].on_hand;
        row[sc->stocks[k].node].backlog += w->stocks[k].backlog;
    }
    sc_trace_choke_day *c = &t->choke_days[(size_t)d * (size_t)t->n_chokepoints];
    for (int j = 0; j < sc->n_chokepoints; j++)
        c[j] =
            (sc_trace_choke_day){w->chokepoints[j].closed, (int32_t)w->chokepoints[j].waiting.len,
                                 w->chokepoints[j].extra_days};
}

bool sc_trace_run(sc_world *w)
{
    if (w->failed) return false;
    sc_trace *t = w->trace;
    sc_event ev;
    while (sc_queue_pop(w->queue, &ev)) {
        if (ev.time >= w->horizon) break;
        /* The state at the start of day d: before the first event at or after d. */
        while (t->day < t->n_days && ev.time >= t->day)
            sample_day(w, t->day++);
        w->now = ev.time;
        w->events++;
        sc_agent_of(w, ev.target)->handle(w, &ev);
        if (w->failed || t->failed) return false;
    }
    w->now = w->horizon;
    while (t->day < t->n_days)
        sample_day(w, t->day++);
    /* Ships still held at a closed chokepoint at the horizon. */
    for (int c = 0; c < w->sc->n_chokepoints; c++) {
        const sc_ring *q = &w->chokepoints[c].waiting;
        for (size_t i = 0; i < q->len; i++) {
            uint32_t s = q->buf[(q->head + i) % q->cap];
            if (s < t->cap_slots) sc_trace_sail(w, s, INFINITY);
        }
    }
    return !sc_queue_failed(w->queue) && !w->failed;
}

static void open_leg(sc_world *w, uint32_t s, double at, double arrive)
{
    sc_trace *t = w->trace;
    const sc_shipment *sh = sc_pool_at(&w->shipments, s);
    if (!slots(t, s) || !grow((void **)&t->legs, &t->cap_legs, t->n_legs + 1, sizeof *t->legs)) {
        t->failed = true;
        return;
    }
    t->open_leg[s] = t->n_legs;
    t->legs[t->n_legs++] = (sc_trace_leg){sh->lane, sh->item, sh->qty, at, arrive, sh->transit, 1};
}

void sc_trace_depart(sc_world *w, uint32_t s, double at)
{
    open_leg(w, s, at, NAN);
}

void sc_trace_arrive(sc_world *w, uint32_t s, double at)
{
    sc_trace *t = w->trace;
    if (s < t->cap_slots && t->open_leg[s] >= 0) t->legs[t->open_leg[s]].arrive = at;
}

void sc_trace_reach(sc_world *w, uint32_t s)
{
    sc_trace *t = w->trace;
    if (!slots(t, s)) {
        t->failed = true;
        return;
    }
    t->reached[s] = w->now;
}

void sc_trace_sail(sc_world *w, uint32_t s, double leave)
{
    sc_trace *t = w->trace;
    if (s >= t->cap_slots || t->open_leg[s] < 0 || !(leave > t->reached[s])) return;
    if (!grow((void **)&t->holds, &t->cap_holds, t->n_holds + 1, sizeof *t->holds)) {
        t->failed = true;
        return;
    }
    const sc_shipment *sh = sc_pool_at(&w->shipments, s);
    const sc_lane *l = &w->sc->lanes[sh->lane];
    double p = (sh->via + 1.0) / (l->n_via + 1.0);
    t->holds[t->n_holds++] =
        (sc_trace_hold){t->open_leg[s], l->via[sh->via], p, t->reached[s], leave};
}

void sc_trace_divert(sc_world *w, uint32_t s, double progress)
{
    sc_trace *t = w->trace;
    if (s < t->cap_slots && t->open_leg[s] >= 0) {
        sc_trace_leg *lg = &t->legs[t->open_leg[s]];
        lg->arrive = w->now;
        lg->end_progress = progress;
    }
    const sc_shipment *sh = sc_pool_at(&w->shipments, s);
    open_leg(w, s, w->now, w->now + sh->transit);
}

void sc_trace_warning_hook(sc_world *w, int shock, double onset)
{
    sc_trace *t = w->trace;
    if (!grow((void **)&t->warnings, &t->cap_warnings, t->n_warnings + 1, sizeof *t->warnings)) {
        t->failed = true;
        return;
    }
    t->warnings[t->n_warnings++] = (sc_trace_warning){shock, w->now, onset};
}
