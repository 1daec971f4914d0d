/*
 * Lane agent: a directed transport link operated by a carrier.  With
 * departure_every_days = 0 every shipment leaves at once with its own random
 * transit time.  Otherwise departures are scheduled at multiples of the
 * interval; each departure (one vessel, train or truck) has a capacity and
 * one transit time shared by everything on board, and a shipment that does
 * not fit is split, the rest waiting for the next departure.
 *
 * Shocks: a closed lane holds shipments until it reopens; a transit delay on
 * a lane adds days to departures made during it; a cost shock multiplies
 * freight.  Chokepoints a shock can close or slow are "watched": a ship on a
 * lane through one reaches it at (j + 1) / (n + 1) of its transit (the j-th
 * of n listed in `via`), waits at its entrance while it is closed, and is
 * held the chokepoint's extra days when it passes during a transit delay.
 */
#include "world.h"

#include <math.h>

#include "core/duration.h"
#include "trace.h"

static double sample_transit(sc_world *w, int lane)
{
    const sc_lane *l = &w->sc->lanes[lane];
    return sc_duration_sample_cv(sc_rng(w, w->lane_base + (uint32_t)lane, SC_RNG_SERVICE),
                                 l->transit_days, l->transit_cv);
}

static double via_position(const sc_lane *l, int j)
{
    return (j + 1.0) / (l->n_via + 1.0);
}

/* From `t`, when the shipment is at `progress` of its transit, to the next
 * watched chokepoint or the end of the lane. */
static void sail_from(sc_world *w, uint32_t s, double t)
{
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    const sc_lane *l = &w->sc->lanes[sh->lane];
    for (int j = sh->via; j < l->n_via; j++) {
        if (!w->watched[l->via[j]]) continue;
        sh->via = j;
        double at = t + (via_position(l, j) - sh->progress) * sh->transit;
        sc_schedule(w, at, w->chokepoint_base + (uint32_t)l->via[j], SC_EV_REACH, s, 0);
        return;
    }
    double at = t + (1 - sh->progress) * sh->transit;
    if (w->trace) sc_trace_arrive(w, s, at);
    sc_schedule(w, at, (uint32_t)l->to, SC_EV_ARRIVE, s, 0);
}

void sc_lane_sail(sc_world *w, uint32_t s, double delay)
{
    if (w->trace) sc_trace_sail(w, s, w->now + delay);
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    sh->progress = via_position(&w->sc->lanes[sh->lane], sh->via);
    sh->via++;
    sail_from(w, s, w->now + delay);
}

static void depart(sc_world *w, int lane, uint32_t s, double at, double transit)
{
    const sc_lane *l = &w->sc->lanes[lane];
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    sc_pay(w, sh->payer, l->carrier, sh->qty * l->cost_per_unit * sc_lane_fx(w, lane)->cost,
           SC_LEDGER_FREIGHT, SC_LEDGER_FREIGHT_INCOME);
    sh->lane = lane;
    sh->via = 0;
    sh->progress = 0;
    sh->transit = transit + sc_lane_fx(w, lane)->extra_days;
    if (w->trace) sc_trace_depart(w, s, at);
    sail_from(w, s, at);
}

/* Opens the next departure for booking at or after `t`. */
static void open_slot(sc_world *w, int lane, double t)
{
    const sc_lane *l = &w->sc->lanes[lane];
    sc_lane_state *ls = &w->lanes[lane];
    ls->slot_time = ceil(t / l->departure_every_days) * l->departure_every_days;
    ls->slot_booked = 0;
    ls->slot_transit = sample_transit(w, lane);
    ls->slot_open = true;
}

void sc_lane_dispatch(sc_world *w, int lane, uint32_t s)
{
    const sc_lane *l = &w->sc->lanes[lane];
    if (sc_lane_fx(w, lane)->closed > 0) {
        if (!sc_ring_push(&w->lanes[lane].waiting, s)) w->failed = true;
        return;
    }
    if (l->departure_every_days <= 0) {
        depart(w, lane, s, w->now, sample_transit(w, lane));
        return;
    }
    sc_lane_state *ls = &w->lanes[lane];
    if (!ls->slot_open || ls->slot_time < w->now) open_slot(w, lane, w->now);
    for (;;) {
        double room = l->capacity - ls->slot_booked;
        if (room <= 0) {
            open_slot(w, lane, ls->slot_time + l->departure_every_days);
            continue;
        }
        sc_shipment *sh = sc_pool_at(&w->shipments, s);
        if (sh->qty <= room) {
            ls->slot_booked += sh->qty;
            depart(w, lane, s, ls->slot_time, ls->slot_transit);
            return;
        }
        /* Split: what fits leaves now, the rest becomes a new shipment. */
        uint32_t rest = sc_pool_take(&w->shipments);
        if (rest == SC_POOL_NONE) {
            w->failed = true;
            return;
        }
        sh = sc_pool_at(&w->shipments, s); /* the pool may have moved */
        sc_shipment *rs = sc_pool_at(&w->shipments, rest);
        *rs = *sh;
        rs->qty = sh->qty - room;
        sh->qty = room;
        ls->slot_booked += room;
        depart(w, lane, s, ls->slot_time, ls->slot_transit);
        s = rest;
    }
}

void sc_lane_reopened(sc_world *w, int lane)
{
    sc_ring *q = &w->lanes[lane].waiting;
    /* Dispatching can close nothing, so the queue only shrinks here. */
    size_t n = q->len;
    for (size_t i = 0; i < n && sc_lane_fx(w, lane)->closed == 0; i++)
        sc_lane_dispatch(w, lane, sc_ring_pop(q));
}

static void lane_handle(sc_world *w, const sc_event *ev)
{
    (void)w;
    (void)ev; /* lanes schedule arrivals at nodes and chokepoints; they receive no events */
}

const sc_agent_type sc_lane_type = {"lane", NULL, lane_handle};
