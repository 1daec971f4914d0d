/*
 * Port agent: `berths` servers.  Every shipment that arrives by sea or leaves
 * by sea is one vessel call (a transshipment, in and out by sea, is one
 * call): it waits first come, first served for a berth and is handled for a
 * random time (handle_dist with mean handle_days).  An import (in by sea,
 * out by land) then clears customs (customs_days, lognormal with
 * customs_cv) before taking its next lane.  Shipments that touch the port
 * only by land pass through.  Waiting time for a berth is measured for
 * calls that arrive after the warm-up.  A node outage of severity s leaves
 * floor(berths x (1 - s)) berths open (vessels in service finish; the rest
 * queue, and the queue drains when berths reopen); port congestion
 * multiplies handling times of calls that start during it.
 */
#include "world.h"

#include <math.h>

#include "core/duration.h"

/* Berths open now: a node outage of severity s leaves floor(berths (1 - s)). */
static int open_berths(const sc_world *w, int node)
{
    double f = sc_node_fx(w, node)->capacity;
    return f <= 0 ? 0 : (int)floor(w->sc->nodes[node].berths * f + 1e-9);
}

static void begin_service(sc_world *w, int node, uint32_t s)
{
    const sc_node *n = &w->sc->nodes[node];
    sc_port_state *p = &w->ports[node];
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    p->busy++;
    sc_ta_set(&p->busy_avg, w->now, p->busy);
    /* the port's fee, paid by whoever pays the shipment's freight */
    if (n->port_fee_per_unit > 0)
        sc_pay(w, sh->payer, n->actor, sh->qty * n->port_fee_per_unit, SC_LEDGER_PORT_FEES,
               SC_LEDGER_PORT_FEE_INCOME);
    if (sh->queued_at >= w->warmup) {
        p->wait_sum += w->now - sh->queued_at;
        p->calls++;
    }
    double t = sc_duration_sample(sc_rng(w, (uint32_t)node, SC_RNG_SERVICE), n->handle_dist,
                                  n->handle_days, n->handle_cv) *
               sc_node_fx(w, node)->handling;
    sc_schedule(w, w->now + t, (uint32_t)node, SC_EV_BERTH_DONE, s, 0);
}

/* Modes of the lane the shipment came by and of the one it leaves by. */
static bool by_sea(const sc_world *w, const sc_shipment *sh, int leg)
{
    return leg >= 0 && leg < sh->path.n_lanes && w->sc->lanes[sh->path.lanes[leg]].mode == SC_SEA;
}

void sc_port_arrival(sc_world *w, int node, uint32_t s)
{
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    if (!by_sea(w, sh, sh->leg - 1) && !by_sea(w, sh, sh->leg)) {
        sc_shipment_move(w, s);
        return;
    }
    sh->queued_at = w->now;
    sc_port_state *p = &w->ports[node];
    if (p->busy < open_berths(w, node))
        begin_service(w, node, s);
    else if (!sc_ring_push(&p->queue, s))
        w->failed = true;
}

void sc_port_capacity_changed(sc_world *w, int node)
{
    sc_port_state *p = &w->ports[node];
    while (p->queue.len > 0 && p->busy < open_berths(w, node))
        begin_service(w, node, sc_ring_pop(&p->queue));
}

static void berth_done(sc_world *w, int node, uint32_t s)
{
    sc_port_state *p = &w->ports[node];
    p->busy--;
    sc_ta_set(&p->busy_avg, w->now, p->busy);
    if (p->queue.len > 0 && p->busy < open_berths(w, node))
        begin_service(w, node, sc_ring_pop(&p->queue));
    const sc_node *n = &w->sc->nodes[node];
    const sc_shipment *sh = sc_pool_at(&w->shipments, s);
    bool import = by_sea(w, sh, sh->leg - 1) && !by_sea(w, sh, sh->leg);
    if (import && n->customs_days > 0) {
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
