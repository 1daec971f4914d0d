/*
 * Warehouse agent (distribution centre, overseas warehouse): holds stock near
 * markets through its stocking points; as a node it only passes shipments on.
 */
#include "world.h"

static void warehouse_handle(sc_world *w, const sc_event *ev)
{
    sc_shipment_move(w, ev->arg);
}

const sc_agent_type sc_warehouse_type = {"warehouse", NULL, warehouse_handle};
