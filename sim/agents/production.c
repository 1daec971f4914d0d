/*
 * Production shared by suppliers and plants.  An order becomes a job; a
 * plant's job first draws its inputs (bill of materials) from the plant's
 * input stocking points, which may backlog it.  Once its inputs are in, the
 * job takes qty / capacity_per_day days of the node's capacity (jobs queue
 * first come, first served, as a fluid) and is done prod_days later.
 */
#include "world.h"

#include <math.h>

static void start(sc_world *w, uint32_t j)
{
    sc_job *job = sc_pool_at(&w->jobs, j);
    const sc_node *n = &w->sc->nodes[job->node];
    sc_producer_state *p = &w->producers[job->node];
    double t0 = p->free_at > w->now ? p->free_at : w->now;
    double t1 = isinf(n->capacity_per_day) ? t0 : t0 + job->qty / n->capacity_per_day;
    p->free_at = t1;
    /* Busy time counts only inside the measured window. */
    double a = t0 > w->warmup ? t0 : w->warmup, b = t1 < w->horizon ? t1 : w->horizon;
    if (b > a) p->busy_days += b - a;
    sc_schedule(w, t1 + n->prod_days, (uint32_t)job->node, SC_EV_PROD_DONE, j, 0);
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
        for (int b = 0; b < sc->n_bom; b++)
            if (sc->bom[b].plant == node && sc->bom[b].output == item)
                job->missing_inputs += qty * sc->bom[b].qty;
        for (int b = 0; b < sc->n_bom; b++)
            if (sc->bom[b].plant == node && sc->bom[b].output == item)
                sc_stock_demand(w, sc->bom[b].input_stock, (sc_dest){SC_DEST_JOB, j},
                                qty * sc->bom[b].qty);
    }
    job = sc_pool_at(&w->jobs, j); /* demands above may have grown the pool */
    job->requesting = false;
    if (job->missing_inputs <= 1e-9) start(w, j);
}

void sc_job_inputs_arrived(sc_world *w, uint32_t j, double qty)
{
    sc_job *job = sc_pool_at(&w->jobs, j);
    job->missing_inputs -= qty;
    if (!job->requesting && job->missing_inputs <= 1e-9) start(w, j);
}

void sc_production_done(sc_world *w, uint32_t j)
{
    sc_job job = *(sc_job *)sc_pool_at(&w->jobs, j);
    sc_pool_give(&w->jobs, j);
    sc_send(w, job.node, w->sc->nodes[job.node].actor, job.item, job.qty, job.dest);
}

/* The event handler of producing nodes: jobs finish, shipments pass. */
void sc_producer_handle(sc_world *w, const sc_event *ev)
{
    if (ev->type == SC_EV_PROD_DONE)
        sc_production_done(w, ev->arg);
    else
        sc_shipment_move(w, ev->arg);
}
