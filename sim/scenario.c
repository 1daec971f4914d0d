/* Lifetime and read-only accessors of a loaded scenario. */
#include <stdlib.h>

#include "scenario_model.h"

static const char *const node_kind_names[] = {"supplier", "plant", "port", "warehouse", "market"};

void sc_scenario_free(sc_scenario *sc)
{
    if (!sc) return;
    for (int i = 0; i < sc->n_actors; i++) {
        free(sc->actors[i].id);
        free(sc->actors[i].name);
        free(sc->actors[i].kind);
    }
    for (int i = 0; i < sc->n_nodes; i++) {
        free(sc->nodes[i].id);
        free(sc->nodes[i].name);
    }
    for (int i = 0; i < sc->n_items; i++) {
        free(sc->items[i].id);
        free(sc->items[i].name);
    }
    for (int i = 0; i < sc->n_lanes; i++) {
        free(sc->lanes[i].id);
        free(sc->lanes[i].via);
    }
    for (int i = 0; i < sc->n_demands; i++) {
        free(sc->demands[i].path.lanes);
        for (int j = 0; sc->demands[i].other_paths && j < sc->demands[i].n_others; j++)
            free(sc->demands[i].other_paths[j].lanes);
        free(sc->demands[i].others);
        free(sc->demands[i].other_paths);
    }
    for (int i = 0; i < sc->n_stocks; i++) {
        free(sc->stocks[i].backups);
        free(sc->stocks[i].path.lanes);
        for (int j = 0; sc->stocks[i].backup_paths && j < sc->stocks[i].n_backups; j++)
            free(sc->stocks[i].backup_paths[j].lanes);
        free(sc->stocks[i].backup_paths);
        free(sc->stocks[i].backup_stocks);
        free(sc->stocks[i].fast_path.lanes);
        free(sc->stocks[i].downstream);
    }
    for (int i = 0; i < sc->n_shocks; i++)
        free(sc->shocks[i].id);
    for (int i = 0; i < sc->n_mitigations; i++) {
        free(sc->mitigations[i].id);
    }
    for (int i = 0; i < sc->n_arms; i++) {
        free(sc->arms[i].name);
        free(sc->arms[i].shock_on);
        free(sc->arms[i].mitigation_on);
    }
    free(sc->arms);
    for (int i = 0; i < sc->n_chokepoints; i++)
        free(sc->chokepoints[i]);
    for (int i = 0; i < sc->n_regions; i++)
        free(sc->regions[i]);
    for (int i = 0; i < sc->n_tables; i++) {
        free(sc->tables[i].name);
        sc_table_free(&sc->tables[i].table);
    }
    free(sc->actors);
    free(sc->nodes);
    free(sc->items);
    free(sc->bom);
    free(sc->bom_start);
    free(sc->bom_of_plant);
    free(sc->lanes);
    free(sc->demands);
    free(sc->stocks);
    free(sc->shocks);
    free(sc->mitigations);
    free(sc->chokepoints);
    free(sc->regions);
    free(sc->tables);
    free(sc->name);
    free(sc);
}

int sc_scenario_stock_at(const sc_scenario *sc, int node, int item)
{
    for (int k = 0; k < sc->n_stocks; k++)
        if (sc->stocks[k].node == node && sc->stocks[k].item == item) return k;
    return -1;
}

const char *sc_scenario_name(const sc_scenario *sc)
{
    return sc->name;
}

size_t sc_scenario_actor_count(const sc_scenario *sc)
{
    return (size_t)sc->n_actors;
}

const char *sc_scenario_actor_id(const sc_scenario *sc, size_t actor)
{
    return sc->actors[actor].id;
}

size_t sc_scenario_node_count(const sc_scenario *sc)
{
    return (size_t)sc->n_nodes;
}

const char *sc_scenario_node_id(const sc_scenario *sc, size_t node)
{
    return sc->nodes[node].id;
}

const char *sc_scenario_node_kind(const sc_scenario *sc, size_t node)
{
    return node_kind_names[sc->nodes[node].kind];
}

size_t sc_scenario_lane_count(const sc_scenario *sc)
{
    return (size_t)sc->n_lanes;
}

size_t sc_scenario_item_count(const sc_scenario *sc)
{
    return (size_t)sc->n_items;
}

sc_experiment_settings sc_scenario_experiment(const sc_scenario *sc)
{
    return sc->experiment;
}

size_t sc_scenario_shock_count(const sc_scenario *sc)
{
    return (size_t)sc->n_shocks;
}

const char *sc_scenario_shock_id(const sc_scenario *sc, size_t shock)
{
    return sc->shocks[shock].id;
}

size_t sc_scenario_mitigation_count(const sc_scenario *sc)
{
    return (size_t)sc->n_mitigations;
}

size_t sc_scenario_arm_count(const sc_scenario *sc)
{
    return (size_t)sc->n_arms;
}

const char *sc_scenario_arm_name(const sc_scenario *sc, size_t arm)
{
    return sc->arms[arm].name;
}

size_t sc_scenario_table_count(const sc_scenario *sc)
{
    return (size_t)sc->n_tables;
}

const char *sc_scenario_table_name(const sc_scenario *sc, size_t i)
{
    return sc->tables[i].name;
}

size_t sc_scenario_table_cols(const sc_scenario *sc, size_t i)
{
    return sc->tables[i].table.ncols;
}

size_t sc_scenario_table_rows(const sc_scenario *sc, size_t i)
{
    return sc->tables[i].table.nrows;
}

const char *sc_scenario_table_header(const sc_scenario *sc, size_t i, size_t col)
{
    return sc->tables[i].table.header[col];
}

const char *sc_scenario_table_cell(const sc_scenario *sc, size_t i, size_t row, size_t col)
{
    return sc_table_cell(&sc->tables[i].table, row, col);
}
