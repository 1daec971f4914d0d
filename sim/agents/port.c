/*
 * Port agent: `berths` servers.  Every shipment arriving by sea is one vessel
 * call: it waits first come, first served for a berth, is handled for a
 * random time (handle_dist with mean handle_days), then clears customs
 * (customs_days, lognormal with customs_cv) before taking its next lane.
 * Arrivals by land pass through.  Waiting time for a berth is measured for
 * calls that arrive after the warm-up.
 */
#include "world.h"

#include <stdlib.h>

#include "core/duration.h"

static bool enqueue(sc_port_state *p, uint32_t s)
{
    if (p->len == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        uint32_t *q = malloc(cap * sizeof *q);
        if (!q) return false;
        for (size_t i = 0; i < p->len; i++)
            q[i] = p->queue[(p->head + i) % p->cap];
        free(p->queue);
        p->queue = q;
        p->head = 0;
        p->cap = cap;
    }
    p->queue[(p->head + p->len++) % p->cap] = s;
    return true;
}

static uint32_t dequeue(sc_port_state *p)
{
    uint32_t s = p->queue[p->head];
    p->head = (p->head + 1) % p->cap;
    p->len--;
    return s;
}

static void begin_service(sc_world *w, int node, uint32_t s)
{
    const sc_node *n = &w->sc->nodes[node];
    sc_port_state *p = &w->ports[node];
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    p->busy++;
    sc_ta_set(&p->busy_avg, w->now, p->busy);
    if (sh->queued_at >= w->warmup) {
        p->wait_sum += w->now - sh->queued_at;
        p->calls++;
    }
    double t = sc_duration_sample(sc_rng(w, (uint32_t)node, SC_RNG_SERVICE), n->handle_dist,
                                  n->handle_days, n->handle_cv);
    sc_schedule(w, w->now + t, (uint32_t)node, SC_EV_BERTH_DONE, s, 0);
}

void sc_port_arrival(sc_world *w, int node, uint32_t s)
{
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    if (w->sc->lanes[sh->path->lanes[sh->leg - 1]].mode != SC_SEA) {
        sc_shipment_move(w, s);
        return;
    }
    sh->queued_at = w->now;
    sc_port_state *p = &w->ports[node];
    if (p->busy < w->sc->nodes[node].berths)
        begin_service(w, node, s);
    else if (!enqueue(p, s))
        w->failed = true;
}

static void berth_done(sc_world *w, int node, uint32_t s)
{
    sc_port_state *p = &w->ports[node];
    p->busy--;
    sc_ta_set(&p->busy_avg, w->now, p->busy);
    if (p->len > 0) begin_service(w, node, dequeue(p));
    const sc_node *n = &w->sc->nodes[node];
    if (n->customs_days > 0) {
        double t = sc_duration_sample_cv(sc_rng(w, (uint32_t)node, SC_RNG_CUSTOMS), n->customs_days,
                                         n->customs_cv);
        sc_schedule(w, w->now + t, (uint32_t)node, SC_EV_CUSTOMS_DONE, s, 0);
    } else {
        sc_shipment_move(w, s);
    }
}

static void port_handle(sc_world *w, const sc_event *ev)
{
    int node = (int)ev->target;
    switch (ev->type) {
    case SC_EV_ARRIVE:
        sc_port_arrival(w, node, ev->arg);
        break;
    case SC_EV_BERTH_DONE:
        berth_done(w, node, ev->arg);
        break;
    default:
        sc_shipment_move(w, ev->arg);
        break;
    }
}

const sc_agent_type sc_port_type = {"port", NULL, port_handle};
