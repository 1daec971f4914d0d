/*
 * Network-wide checks and derived data of a scenario whose tables have been
 * read and whose references resolved: routes (cheapest or fastest paths over
 * lanes), the stocking point that serves each market, BOM cycles, sources
 * that can neither stock nor make what is asked of them, replenishment loops
 * and markets no source can reach.
 */
#ifndef SC_SCENARIO_CHECK_H
#define SC_SCENARIO_CHECK_H

#include <stdbool.h>

#include "scenario_model.h"

/* Adds a diagnostic for every problem and fills the derived fields (paths,
 * demand->stock, stock->source_stock).  Returns false only when out of memory. */
bool sc_scenario_check(sc_scenario *sc, sc_diags *diags);

#endif
