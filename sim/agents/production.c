/*
 * Production shared by suppliers and plants.  An order becomes a job; a
 * plant's job first draws its inputs (bill of materials) from the plant's
 * input stocking points, which may backlog it.  Jobs whose inputs are in
 * queue first come, first served for the node's capacity, which makes
 * capacity_per_day units a day (unlimited capacity: at once); a finished job
 * is ready prod_days later.  A node outage scales the capacity by
 * (1 - severity): the job in progress slows down or stops and resumes.
 */
#include "world.h"

#include <math.h>

/* Units per day the node makes now: 0 when stopped, INFINITY when unlimited. */
static double rate(const sc_world *w, int node)
{
    double f = sc_node_fx(w, node)->capacity;
    if (f <= 0) return 0;
    return w->sc->nodes[node].capacity_per_day * f;
}

/* Schedules the end of the current job at the present rate (none when the
 * capacity is stopped: the capacity change will reschedule it). */
static void schedule_service(sc_world *w, int node)
{
    sc_producer_state *p = &w->producers[node];
    double r = rate(w, node);
    p->last = w->now;
    sc_ta_set(&p->busy, w->now, r > 0 ? 1 : 0);
    if (r <= 0) {
        p->done = SC_NULL_EVENT;
        return;
    }
    double t = isinf(r) ? w->now : w->now + p->remaining / r;
    p->done = sc_schedule(w, t, (uint32_t)node, SC_EV_SERVICE_DONE, p->current, 0);
}

static void start_next(sc_world *w, int node)
{
    sc_producer_state *p = &w->producers[node];
    if (p->current != SC_POOL_NONE || p->ready.len == 0) return;
    p->current = sc_ring_pop(&p->ready);
    p->remaining = ((sc_job *)sc_pool_at(&w->jobs, p->current))->qty;
    schedule_service(w, node);
}

static void enqueue(sc_world *w, uint32_t j)
{
    int node = ((sc_job *)sc_pool_at(&w->jobs, j))->node;
    if (!sc_ring_push(&w->producers[node].ready, j)) {
        w->failed = true;
        return;
    }
    start_next(w, node);
}

void sc_producer_capacity_changed(sc_world *w, int node, double old_capacity)
{
    sc_producer_state *p = &w->producers[node];
    if (p->current == SC_POOL_NONE) return;
    double old_rate = old_capacity <= 0 ? 0 : w->sc->nodes[node].capacity_per_day * old_capacity;
    if (old_rate > 0 && !isinf(old_rate)) {
        p->remaining -= (w->now - p->last) * old_rate;
        if (p->remaining < 0) p->remaining = 0;
    }
    sc_queue_cancel(w->queue, p->done);
    schedule_service(w, node);
}

void sc_produce(sc_world *w, int node, int item, double qty, sc_dest dest)
{
    uint32_t j = sc_pool_take(&w->jobs);
    if (j == SC_POOL_NONE) {
        w->failed = true;
        return;
    }
    sc_job *job = sc_pool_at(&w->jobs, j);
    *job = (sc_job){node, item, qty, dest, 0, true};
    const sc_scenario *sc = w->sc;
    if (sc->nodes[node].kind == SC_PLANT) {
        int first = sc->bom_start[node], end = sc->bom_start[node + 1];
        for (int k = first; k < end; k++) {
            const sc_bom_line *l = &sc->bom[sc->bom_of_plant[k]];
            if (l->output == item) job->missing_inputs += qty * l->qty;
        }
        for (int k = first; k < end; k++) {
            const sc_bom_line *l = &sc->bom[sc->bom_of_plant[k]];
            if (l->output == item)
                sc_stock_demand(w, l->input_stock, (sc_dest){SC_DEST_JOB, j, SC_ROUTE_NORMAL},
                                qty * l->qty);
        }
    }
    job = sc_pool_at(&w->jobs, j); /* demands above may have grown the pool */
    job->requesting = false;
    if (job->missing_inputs <= 1e-9) enqueue(w, j);
}

void sc_job_inputs_arrived(sc_world *w, uint32_t j, double qty)
{
    sc_job *job = sc_pool_at(&w->jobs, j);
    job->missing_inputs -= qty;
    if (!job->requesting && job->missing_inputs <= 1e-9) enqueue(w, j);
}

static void service_done(sc_world *w, int node, uint32_t j)
{
    sc_producer_state *p = &w->producers[node];
    p->current = SC_POOL_NONE;
    p->done = SC_NULL_EVENT;
    sc_ta_set(&p->busy, w->now, 0);
    sc_schedule(w, w->now + w->sc->nodes[node].prod_days, (uint32_t)node, SC_EV_PROD_DONE, j, 0);
    start_next(w, node);
}

void sc_production_done(sc_world *w, uint32_t j)
{
    sc_job job = *(sc_job *)sc_pool_at(&w->jobs, j);
    sc_pool_give(&w->jobs, j);
    sc_send(w, job.node, w->sc->nodes[job.node].actor, job.item, job.qty, job.dest);
}

/* The event handler of producing nodes: capacity frees, jobs finish,
 * shipments pass. */
void sc_producer_handle(sc_world *w, const sc_event *ev)
{
    switch (ev->type) {
    case SC_EV_SERVICE_DONE:
        service_done(w, (int)ev->target, ev->arg);
        break;
    case SC_EV_PROD_DONE:
        sc_production_done(w, ev->arg);
        break;
    default:
        sc_shipment_move(w, ev->arg);
        break;
    }
}
