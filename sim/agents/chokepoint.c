/*
 * Chokepoint agent (Suez, Panama, Malacca, the Cape, ...): a point on the
 * lanes that list it in `via`.  Only chokepoints that some shock can close
 * or slow are watched (see lane.c).  A ship reaching a closed one waits at
 * its entrance, in arrival order, and sails on when it reopens; one passing
 * during a transit delay (a queue draining, a detour) takes that many days
 * more.
 */
#include "trace.h"
#include "world.h"

void sc_chokepoint_reopened(sc_world *w, int c)
{
    sc_ring *q = &w->chokepoints[c].waiting;
    while (q->len > 0 && w->chokepoints[c].closed == 0)
        sc_lane_sail(w, sc_ring_pop(q), w->chokepoints[c].extra_days);
}

static void chokepoint_handle(sc_world *w, const sc_event *ev)
{
    int c = (int)(ev->target - w->chokepoint_base);
    if (w->trace) sc_trace_reach(w, ev->arg);
    if (w->chokepoints[c].closed > 0) {
        if (sc_divert_at_chokepoint(w, ev->arg, c)) return;
        if (!sc_ring_push(&w->chokepoints[c].waiting, ev->arg)) w->failed = true;
        return;
    }
    sc_lane_sail(w, ev->arg, w->chokepoints[c].extra_days);
}

const sc_agent_type sc_chokepoint_type = {"chokepoint", NULL, chokepoint_handle};
