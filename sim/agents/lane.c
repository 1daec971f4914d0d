/*
 * Lane agent: a directed transport link operated by a carrier.  With
 * departure_every_days = 0 every shipment leaves at once with its own random
 * transit time.  Otherwise departures are scheduled at multiples of the
 * interval; each departure (one vessel, train or truck) has a capacity and
 * one transit time shared by everything on board, and a shipment that does
 * not fit is split, the rest waiting for the next departure.
 */
#include "world.h"

#include <math.h>

#include "core/duration.h"

static double sample_transit(sc_world *w, int lane)
{
    const sc_lane *l = &w->sc->lanes[lane];
    return sc_duration_sample_cv(sc_rng(w, w->lane_base + (uint32_t)lane, SC_RNG_SERVICE),
                                 l->transit_days, l->transit_cv);
}

static void depart(sc_world *w, int lane, uint32_t s, double at, double transit)
{
    const sc_lane *l = &w->sc->lanes[lane];
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    sc_pay(w, sh->payer, l->carrier, sh->qty * l->cost_per_unit, SC_LEDGER_FREIGHT,
           SC_LEDGER_FREIGHT_INCOME);
    sc_schedule(w, at + transit, (uint32_t)l->to, SC_EV_ARRIVE, s, 0);
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

static void lane_handle(sc_world *w, const sc_event *ev)
{
    (void)w;
    (void)ev; /* lanes schedule arrivals at nodes; they receive no events */
}

const sc_agent_type sc_lane_type = {"lane", NULL, lane_handle};
