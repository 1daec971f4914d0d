/*
 * Stocking-point agent: the stock of one item at one node (a warehouse, or a
 * plant's inputs and output, or a supplier's finished goods).  Customer
 * orders are filled from stock in arrival order; what cannot be filled waits
 * in a FIFO backlog and is served as replenishments arrive.  End-customer
 * backorders run out of patience (then the units are lost).  The inventory
 * policy (policy/inventory.c) is applied at every order under continuous
 * review, or every review_days under periodic review.  While its node is
 * shut by a full outage a stocking point ships nothing: orders backlog and
 * receipts pile up until it reopens.
 */
#include "policy/inventory.h"
#include "world.h"

#include <math.h>

static uint32_t agent_of(const sc_world *w, int k)
{
    return w->stock_base + (uint32_t)k;
}

static const sc_demand *end_customer(const sc_world *w, sc_dest dest)
{
    return dest.kind == SC_DEST_MARKET ? &w->sc->demands[dest.index] : NULL;
}

static void set_backlog(sc_world *w, int k, double delta)
{
    sc_stock_state *st = &w->stocks[k];
    st->backlog += delta;
    if (st->backlog < 1e-9) st->backlog = 0;
    sc_ta_set(&st->backlog_avg, w->now, st->backlog);
}

static void add_backorder(sc_world *w, int k, sc_dest dest, double qty)
{
    const sc_demand *dm = end_customer(w, dest);
    if (dm && dm->patience_days <= 0) { /* lost sale */
        if (sc_measuring(w)) w->demands[dest.index].lost += qty;
        return;
    }
    uint32_t b = sc_pool_take(&w->backorders);
    if (b == SC_POOL_NONE) {
        w->failed = true;
        return;
    }
    sc_backorder *bo = sc_pool_at(&w->backorders, b);
    *bo = (sc_backorder){dest, qty, w->now, SC_NULL_EVENT, SC_POOL_NONE};
    if (dm && isfinite(dm->patience_days))
        bo->expiry = sc_schedule(w, w->now + dm->patience_days, agent_of(w, k), SC_EV_EXPIRE, b, 0);
    sc_stock_state *st = &w->stocks[k];
    if (st->bo_tail == SC_POOL_NONE)
        st->bo_head = b;
    else
        ((sc_backorder *)sc_pool_at(&w->backorders, st->bo_tail))->next = b;
    st->bo_tail = b;
    set_backlog(w, k, qty);
}

static void pop_backorder(sc_world *w, int k)
{
    sc_stock_state *st = &w->stocks[k];
    uint32_t b = st->bo_head;
    st->bo_head = ((sc_backorder *)sc_pool_at(&w->backorders, b))->next;
    if (st->bo_head == SC_POOL_NONE) st->bo_tail = SC_POOL_NONE;
    sc_pool_give(&w->backorders, b);
}

/* Ships qty from k's stock to dest (the caller checked it is on hand). */
static void ship(sc_world *w, int k, sc_dest dest, double qty)
{
    const sc_stock *def = &w->sc->stocks[k];
    sc_stock_state *st = &w->stocks[k];
    st->on_hand -= qty;
    sc_ta_set(&st->inventory, w->now, st->on_hand);
    sc_send(w, def->node, def->actor, def->item, qty, dest);
}

double sc_stock_demand(sc_world *w, int k, sc_dest dest, double qty)
{
    sc_stock_state *st = &w->stocks[k];
    *sc_stock_day(w, w->stock_demand, k, sc_day(w)) += qty;
    st->demand_total += qty;
    double fill = st->on_hand < qty ? st->on_hand : qty;
    if (fill < 0 || sc_stock_down(w, k)) fill = 0;
    if (sc_measuring(w)) {
        st->demanded += qty;
        st->filled_at_once += fill;
    }
    st->short_units += qty - fill;
    if (fill > 0) ship(w, k, dest, fill);
    if (qty - fill > 0) add_backorder(w, k, dest, qty - fill);
    if (w->sc->stocks[k].review_days <= 0) sc_stock_review(w, k);
    return fill;
}

/* Serves backorders in arrival order from what is on hand. */
static void serve_backlog(sc_world *w, int k)
{
    sc_stock_state *st = &w->stocks[k];
    if (sc_stock_down(w, k)) return;
    while (st->bo_head != SC_POOL_NONE && st->on_hand > 0) {
        sc_backorder *bo = sc_pool_at(&w->backorders, st->bo_head);
        if (bo->qty <= 0) { /* expired earlier */
            pop_backorder(w, k);
            continue;
        }
        double x = st->on_hand < bo->qty ? st->on_hand : bo->qty;
        sc_dest dest = bo->dest;
        /* an end customer's units served late, and how late (backlog days) */
        if (dest.kind == SC_DEST_MARKET && bo->since >= w->warmup) {
            sc_demand_state *ds = &w->demands[dest.index];
            ds->late += x;
            ds->late_days += x * (w->now - bo->since);
        }
        bo->qty -= x;
        if (bo->qty <= 1e-9) {
            sc_queue_cancel(w->queue, bo->expiry);
            pop_backorder(w, k);
        }
        set_backlog(w, k, -x);
        ship(w, k, dest, x); /* may take from the pools: no pointers kept */
    }
}

void sc_stock_receive(sc_world *w, int k, double qty)
{
    sc_stock_state *st = &w->stocks[k];
    st->on_order -= qty;
    if (st->on_order < 1e-9) st->on_order = 0;
    st->on_hand += qty;
    sc_ta_set(&st->inventory, w->now, st->on_hand);
    serve_backlog(w, k);
}

void sc_stock_node_reopened(sc_world *w, int node)
{
    for (int k = 0; k < w->sc->n_stocks; k++)
        if (w->sc->stocks[k].node == node) serve_backlog(w, k);
}

void sc_stock_review(sc_world *w, int k)
{
    sc_transship(w, k);
    double q = sc_policy_order_qty(w, k);
    if (q <= 0) return;
    const sc_stock *def = &w->sc->stocks[k];
    sc_stock_state *st = &w->stocks[k];
    st->on_order += q;
    *sc_stock_day(w, w->stock_orders, k, sc_day(w)) += q;
    /* The source: the primary, or a backup while the primary is down. */
    int route = sc_sourcing_route(w, k);
    int source = def->source, source_stock = def->source_stock;
    if (route >= SC_ROUTE_BACKUP) {
        int b = route - SC_ROUTE_BACKUP;
        source = def->backups[b];
        source_stock = def->backup_stocks[b];
        double premium = w->sc->mitigations[st->mit[SC_MIT_BACKUP]].p[1];
        sc_pay(w, def->actor, w->sc->nodes[source].actor,
               premium * q * w->sc->items[def->item].unit_value, SC_LEDGER_PURCHASES,
               SC_LEDGER_B2B_SALES);
    }
    sc_dest self = {SC_DEST_STOCK, (uint32_t)k, route};
    if (source_stock >= 0)
        sc_stock_demand(w, source_stock, self, q);
    else
        sc_produce(w, source, def->item, q, self);
}

static void expire(sc_world *w, int k, uint32_t b)
{
    sc_backorder *bo = sc_pool_at(&w->backorders, b);
    double qty = bo->qty;
    if (qty <= 0) return;
    bo->qty = 0; /* unlinked lazily when it reaches the head */
    if (sc_measuring(w) && bo->dest.kind == SC_DEST_MARKET) w->demands[bo->dest.index].lost += qty;
    set_backlog(w, k, -qty);
}

static void stock_start(sc_world *w, uint32_t agent)
{
    sc_schedule(w, 0, agent, SC_EV_REVIEW, 0, 0);
}

static void stock_handle(sc_world *w, const sc_event *ev)
{
    int k = (int)(ev->target - w->stock_base);
    if (ev->type == SC_EV_EXPIRE) {
        expire(w, k, ev->arg);
        return;
    }
    if (ev->type == SC_EV_TRANSSHIP) {
        w->stocks[k].transship_in -= ev->value;
        sc_stock_receive(w, k, ev->value);
        return;
    }
    if (w->sc->stocks[k].review_days > 0) sc_policy_observe(w, k);
    sc_stock_review(w, k);
    double r = w->sc->stocks[k].review_days;
    if (r > 0 && w->now + r <= w->horizon)
        sc_schedule(w, w->now + r, ev->target, SC_EV_REVIEW, 0, 0);
}

const sc_agent_type sc_stock_type = {"stock", stock_start, stock_handle};
