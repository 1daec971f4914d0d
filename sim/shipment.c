/*
 * Goods in motion: selling goods to a destination, carrying them along their
 * route lane by lane, and handing them over at the end.  Who pays: the buyer
 * pays the seller the item's unit value when they are different firms, and
 * the freight of every lane (to its carrier); for end customers the seller
 * books the sale at the demand's price and pays the last-mile freight.
 */
#include "world.h"

/* The route and node of a destination, as seen from the sending node. */
static const sc_path *route_to(const sc_world *w, sc_dest dest, int *to_node)
{
    const sc_scenario *sc = w->sc;
    if (dest.kind == SC_DEST_STOCK) {
        const sc_stock *k = &sc->stocks[dest.index];
        *to_node = k->node;
        if (dest.route == SC_ROUTE_FAST) return &k->fast_path;
        if (dest.route >= SC_ROUTE_BACKUP) return &k->backup_paths[dest.route - SC_ROUTE_BACKUP];
        return &k->path;
    }
    const sc_demand *d = &sc->demands[dest.index];
    *to_node = d->market;
    return dest.route >= SC_ROUTE_OTHER ? &d->other_paths[dest.route - SC_ROUTE_OTHER] : &d->path;
}

void sc_send(sc_world *w, int from, int seller, int item, double qty, sc_dest dest)
{
    const sc_scenario *sc = w->sc;
    if (dest.kind == SC_DEST_JOB) { /* inputs consumed where they are stocked */
        sc_job_inputs_arrived(w, dest.index, qty);
        return;
    }
    int payer;
    if (dest.kind == SC_DEST_STOCK) {
        payer = sc->stocks[dest.index].actor;
        sc_pay(w, payer, seller, qty * sc->items[item].unit_value, SC_LEDGER_PURCHASES,
               SC_LEDGER_B2B_SALES);
    } else {
        payer = seller;
        double revenue = qty * sc->demands[dest.index].price;
        sc_book(w, seller, SC_LEDGER_SALES, revenue);
    }
    int to;
    const sc_path *path = route_to(w, dest, &to);
    if (to == from || path->n_lanes == 0) {
        sc_deliver(w, dest, qty);
        return;
    }
    uint32_t s = sc_pool_take(&w->shipments);
    if (s == SC_POOL_NONE) {
        w->failed = true;
        return;
    }
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    *sh = (sc_shipment){.item = item, .qty = qty, .dest = dest, .payer = payer, .path = *path};
    sc_shipment_move(w, s);
}

void sc_shipment_move(sc_world *w, uint32_t s)
{
    sc_reroute_before_departure(w, s);
    sc_shipment *sh = sc_pool_at(&w->shipments, s);
    if (sh->leg < sh->path.n_lanes) {
        int lane = sh->leg == 0 ? sh->path.first : sh->path.lanes[sh->leg];
        sh->leg++;
        sc_lane_dispatch(w, lane, s);
        return;
    }
    sc_dest dest = sh->dest;
    double qty = sh->qty;
    sc_pool_give(&w->shipments, s);
    /* A tariff (cost shock on the receiving node) falls on goods that arrive
     * from elsewhere, booked to the receiving firm. */
    if (dest.kind == SC_DEST_STOCK) {
        const sc_stock *k = &w->sc->stocks[dest.index];
        double tariff = sc_node_fx(w, k->node)->tariff;
        if (tariff > 0)
            sc_book(w, k->actor, SC_LEDGER_TARIFFS,
                    tariff * qty * w->sc->items[k->item].unit_value);
    }
    sc_deliver(w, dest, qty);
}

void sc_deliver(sc_world *w, sc_dest dest, double qty)
{
    switch (dest.kind) {
    case SC_DEST_STOCK:
        sc_stock_receive(w, (int)dest.index, qty);
        break;
    case SC_DEST_MARKET: /* nothing to book: service counts when the units leave the stock */
        break;
    case SC_DEST_JOB:
        sc_job_inputs_arrived(w, dest.index, qty);
        break;
    }
}
