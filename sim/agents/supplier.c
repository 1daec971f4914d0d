/*
 * Supplier agent: makes whatever item is ordered from it, at its capacity,
 * after prod_days of lead time (production.c), and ships it to the buyer.
 * A supplier with an inventory row for an item serves that item from stock.
 */
#include "world.h"

const sc_agent_type sc_supplier_type = {"supplier", NULL, sc_producer_handle};
