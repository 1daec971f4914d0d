/*
 * Plant agent: turns input items into an output item by its bill of
 * materials (bom.csv), limited by its capacity (production.c).  Its inputs
 * are stocked at the plant under their own policies; its output is made to
 * order, or made to stock when the plant is the source of its own output row.
 */
#include "world.h"

const sc_agent_type sc_plant_type = {"plant", NULL, sc_producer_handle};
