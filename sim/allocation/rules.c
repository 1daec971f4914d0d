/*
 * The simple allocation rules, which look at the grand coalition, the
 * singletons and (proportional_benefit) the coalitions of all but one actor,
 * and the table of rule names and needs.  The Shapley value is in
 * shapley.c, the two contracts in contract.c.
 */
#include "allocation/game_impl.h"

#include <math.h>
#include <string.h>

static const struct {
    const char *name;
    unsigned needs;
} rules[SC_RULE_COUNT] = {
    [SC_RULE_STANDALONE] = {"standalone", SC_NEED_SINGLETONS},
    [SC_RULE_EQUAL] = {"equal", SC_NEED_GRAND},
    [SC_RULE_PROPORTIONAL_REVENUE] = {"proportional_revenue", SC_NEED_GRAND | SC_NEED_REVENUES},
    [SC_RULE_PROPORTIONAL_BENEFIT] = {"proportional_benefit",
                                      SC_NEED_GRAND | SC_NEED_SINGLETONS | SC_NEED_LEAVE_ONE_OUT},
    [SC_RULE_SHAPLEY] = {"shapley", SC_NEED_ALL},
    [SC_RULE_REVENUE_SHARING] = {"revenue_sharing", SC_NEED_CONTRACT},
    [SC_RULE_COST_SHARING] = {"cost_sharing", SC_NEED_CONTRACT},
};

const char *sc_rule_name(sc_rule rule)
{
    return (unsigned)rule < SC_RULE_COUNT ? rules[rule].name : NULL;
}

bool sc_rule_parse(const char *name, sc_rule *out)
{
    for (int r = 0; r < SC_RULE_COUNT; r++)
        if (strcmp(name, rules[r].name) == 0) {
            *out = (sc_rule)r;
            return true;
        }
    return false;
}

unsigned sc_rule_needs(sc_rule rule)
{
    return (unsigned)rule < SC_RULE_COUNT ? rules[rule].needs : 0;
}

sc_status sc_alloc_standalone(const sc_game *g, double *x)
{
    if (sc_game_missing(g, SC_NEED_SINGLETONS, NULL)) return SC_ERR_INPUT;
    for (int i = 0; i < g->n; i++)
        x[i] = g->value[sc_bit(i)];
    return SC_OK;
}

sc_status sc_alloc_equal(const sc_game *g, double *x)
{
    if (sc_game_missing(g, SC_NEED_GRAND, NULL)) return SC_ERR_INPUT;
    for (int i = 0; i < g->n; i++)
        x[i] = g->value[sc_game_grand(g)] / g->n;
    return SC_OK;
}

/* x_i = total w_i / sum w (w_i >= 0), or total / n when every w_i is 0. */
static void split(double total, const double *w, int n, double *x)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    for (int i = 0; i < n; i++)
        x[i] = sum > 0 ? total * (w[i] / sum) : total / n;
}

sc_status sc_alloc_proportional_revenue(const sc_game *g, const double *revenue, double *x)
{
    if (sc_game_missing(g, SC_NEED_GRAND, NULL) || !revenue) return SC_ERR_INPUT;
    for (int i = 0; i < g->n; i++)
        if (!(revenue[i] >= 0) || !isfinite(revenue[i])) return SC_ERR_INPUT;
    split(g->value[sc_game_grand(g)], revenue, g->n, x);
    return SC_OK;
}

/* The surplus of cooperation, v(N) - sum v({i}), is what the gains divide;
 * weighting by the marginal benefit v(N) - v(N \ {i}) rewards the actors
 * whose leaving would cost the others most.  Negative marginal benefits
 * (the others do better without i) get no share of a positive surplus
 * rather than a negative weight, which would make the shares unbounded. */
sc_status sc_alloc_proportional_benefit(const sc_game *g, double *x)
{
    unsigned needs = sc_rule_needs(SC_RULE_PROPORTIONAL_BENEFIT);
    if (sc_game_missing(g, needs, NULL)) return SC_ERR_INPUT;
    sc_coalition grand = sc_game_grand(g);
    double vn = g->value[grand], standalone_sum = 0, w[SC_GAME_MAX_ACTORS] = {0};
    for (int i = 0; i < g->n; i++) {
        standalone_sum += g->value[sc_bit(i)];
        w[i] = fmax(0, vn - g->value[grand & ~sc_bit(i)]);
    }
    split(vn - standalone_sum, w, g->n, x);
    for (int i = 0; i < g->n; i++)
        x[i] += g->value[sc_bit(i)];
    return SC_OK;
}

sc_status sc_alloc_apply(const sc_game *g, sc_rule rule, double *x)
{
    switch (rule) {
    case SC_RULE_STANDALONE:
        return sc_alloc_standalone(g, x);
    case SC_RULE_EQUAL:
        return sc_alloc_equal(g, x);
    case SC_RULE_PROPORTIONAL_REVENUE:
        return sc_alloc_proportional_revenue(g, sc_game_revenues(g), x);
    case SC_RULE_PROPORTIONAL_BENEFIT:
        return sc_alloc_proportional_benefit(g, x);
    case SC_RULE_SHAPLEY:
        return sc_shapley_exact(g, x);
    default:
        return SC_ERR_INPUT; /* the contracts need an sc_contract */
    }
}
