/*
 * The two supply contracts of DESIGN.md §3, as transfers between the actors'
 * own grand-coalition profits along the supply order: revenue sharing (a
 * fraction phi of each customer's revenue goes to its supplier) and cost
 * sharing (customers pay a fraction alpha of their supplier's mitigation
 * cost).  Transfers add up to zero, so the allocation is efficient exactly
 * when the profits add up to v(N).  The inputs are simulation results that a
 * characteristic function does not carry (see sc_contract).
 */
#include "allocation/game_impl.h"

#include <math.h>
#include <stdlib.h>

/* True when every array is there, amounts are finite (revenues and costs
 * not negative) and the upstream links point at other actors without
 * cycles. */
static bool contract_ok(const sc_contract *c)
{
    if (!c || c->n < 1 || !c->profit || !c->revenue || !c->mitigation_cost || !c->upstream)
        return false;
    for (int i = 0; i < c->n; i++) {
        if (!isfinite(c->profit[i]) || !(c->revenue[i] >= 0) || !isfinite(c->revenue[i]) ||
            !(c->mitigation_cost[i] >= 0) || !isfinite(c->mitigation_cost[i]))
            return false;
        if (c->upstream[i] < -1 || c->upstream[i] >= c->n) return false;
        /* Walking up from i must end within n steps, else there is a cycle. */
        int u = c->upstream[i], steps = 0;
        for (; u >= 0 && steps <= c->n; steps++)
            u = c->upstream[u];
        if (u >= 0) return false;
    }
    return true;
}

sc_status sc_alloc_revenue_sharing(const sc_contract *c, double phi, double *x)
{
    if (!contract_ok(c) || !(phi >= 0 && phi <= 1)) return SC_ERR_INPUT;
    for (int i = 0; i < c->n; i++)
        x[i] = c->profit[i];
    for (int i = 0; i < c->n; i++) {
        int u = c->upstream[i];
        if (u < 0) continue;
        x[i] -= phi * c->revenue[i];
        x[u] += phi * c->revenue[i];
    }
    return SC_OK;
}

sc_status sc_alloc_cost_sharing(const sc_contract *c, double alpha, double *x)
{
    if (!contract_ok(c) || !(alpha >= 0 && alpha <= 1)) return SC_ERR_INPUT;
    int *customers = calloc((size_t)c->n, sizeof *customers);
    if (!customers) return SC_ERR_NOMEM;
    for (int i = 0; i < c->n; i++) {
        x[i] = c->profit[i];
        if (c->upstream[i] >= 0) customers[c->upstream[i]]++;
    }
    for (int i = 0; i < c->n; i++) {
        int u = c->upstream[i];
        if (u < 0) continue;
        double share = alpha * c->mitigation_cost[u] / customers[u];
        x[i] -= share;
        x[u] += share;
    }
    free(customers);
    return SC_OK;
}
