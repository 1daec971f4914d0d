/* Building the stress test's knock-out shocks and arms (see stress.h). */
#include "stress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sc_stress_plan_free(sc_stress_plan *p)
{
    for (int i = 0; p->shocks && i < p->n; i++)
        free(p->shocks[i].id);
    free(p->shocks);
    free(p->arms);
    free(p->on);
    *p = (sc_stress_plan){0};
}

bool sc_stress_plan_make(const sc_scenario *sc, double start_day, double days, sc_stress_plan *p)
{
    *p = (sc_stress_plan){0};
    int n = sc->n_nodes + sc->n_chokepoints;
    p->shocks = calloc((size_t)n + 1, sizeof *p->shocks);
    p->arms = calloc((size_t)n + 1, sizeof *p->arms);
    p->on = calloc((size_t)n * (size_t)n + 1, sizeof *p->on);
    if (!p->shocks || !p->arms || !p->on) {
        sc_stress_plan_free(p);
        return false;
    }
    p->n = n;
    for (int i = 0; i < n; i++) {
        bool node = i < sc->n_nodes;
        const char *name = node ? sc->nodes[i].id : sc->chokepoints[i - sc->n_nodes];
        size_t len = strlen(name) + 16;
        char *id = malloc(len);
        if (!id) {
            sc_stress_plan_free(p);
            return false;
        }
        snprintf(id, len, "%s:%s", node ? "node" : "chokepoint", name);
        p->shocks[i] = (sc_shock){
            .id = id,
            .kind = node ? SC_SHOCK_NODE_OUTAGE : SC_SHOCK_CHOKEPOINT_CLOSURE,
            .target_kind = node ? SC_TARGET_NODE : SC_TARGET_CHOKEPOINT,
            .target = node ? i : i - sc->n_nodes,
            .start_day = start_day,
            .duration_days = days,
            .severity = 1,
        };
        p->on[(size_t)i * (size_t)n + (size_t)i] = true;
        p->arms[i] = (sc_arm_spec){id, &p->on[(size_t)i * (size_t)n], NULL};
    }
    return true;
}
