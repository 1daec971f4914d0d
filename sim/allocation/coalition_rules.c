/*
 * Allocations on simulated coalition values (see sctwin/coalitions.h): a
 * rule applied to the game of a funding set, with confidence intervals from
 * the replications; who funds under each rule (a fixed point of best
 * responses); and participation over the years by replicator dynamics.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocation/coalitions_impl.h"
#include "allocation/game_impl.h"

/* Orders sampled for the Shapley value above SC_SHAPLEY_EXACT_MAX actors. */
#define SHAPLEY_SAMPLES 4000

/* The game v_F of slot rep: T's members' gains under the mitigations of
 * T and F.  The revenues are the actors' income in the run of F. */
static void fill_game(const sc_coalitions *c, sc_coalition funders, int rep, sc_game *g)
{
    sc_coalition grand = sc_bit(c->n) - 1;
    const double *none = sc_coal_row(c, c->profit, c->set_of[0], rep);
    for (sc_coalition t = 1; t <= grand; t++) {
        const double *with = sc_coal_row(c, c->profit, c->set_of[t & funders], rep);
        double v = 0;
        for (sc_coalition m = t; m; m &= m - 1) {
            int i = __builtin_ctz(m);
            v += with[i] - none[i];
        }
        sc_game_set(g, t, v);
    }
    const double *income = sc_coal_row(c, c->income, c->set_of[funders & grand], rep);
    for (int i = 0; i < c->n; i++)
        sc_game_set_revenue(g, i, income[i]);
}

/* A contract's allocation: each actor's own gain in the run of F plus the
 * contract's transfers there, less the transfers it would make with no
 * mitigation (so that, like the rules, it divides gains). */
static sc_status contract_alloc(const sc_coalitions *c, sc_rule_choice r, sc_coalition funders,
                                int rep, double *x)
{
    int set = c->set_of[funders & (sc_bit(c->n) - 1)], none = c->set_of[0];
    double *gain = malloc(3 * (size_t)c->n * sizeof *gain);
    if (!gain) return SC_ERR_NOMEM;
    double *zero = gain + c->n, *base = zero + c->n;
    const double *p = sc_coal_row(c, c->profit, set, rep),
                 *p0 = sc_coal_row(c, c->profit, none, rep);
    for (int i = 0; i < c->n; i++) {
        gain[i] = p[i] - p0[i];
        zero[i] = 0;
    }
    sc_contract with = {c->n, gain, sc_coal_row(c, c->income, set, rep),
                        sc_coal_row(c, c->mitigation, set, rep), c->upstream};
    sc_contract without = {c->n, zero, sc_coal_row(c, c->income, none, rep),
                           sc_coal_row(c, c->mitigation, none, rep), c->upstream};
    sc_status st;
    if (r.rule == SC_RULE_REVENUE_SHARING) {
        st = sc_alloc_revenue_sharing(&with, r.param, x);
        if (st == SC_OK) st = sc_alloc_revenue_sharing(&without, r.param, base);
    } else {
        st = sc_alloc_cost_sharing(&with, r.param, x);
        if (st == SC_OK) st = sc_alloc_cost_sharing(&without, r.param, base);
    }
    for (int i = 0; st == SC_OK && i < c->n; i++)
        x[i] -= base[i];
    free(gain);
    return st;
}

/* A rule that needs only the game; the Shapley value is sampled above
 * SC_SHAPLEY_EXACT_MAX actors. */
static sc_status game_alloc(const sc_game *g, sc_rule rule, double *x)
{
    if (rule == SC_RULE_SHAPLEY && g->n > SC_SHAPLEY_EXACT_MAX)
        return sc_shapley_sampled(g, SHAPLEY_SAMPLES, 1, x, NULL);
    return sc_alloc_apply(g, rule, x);
}

static bool is_contract(sc_rule rule)
{
    return rule == SC_RULE_REVENUE_SHARING || rule == SC_RULE_COST_SHARING;
}

/* Like sc_coalitions_allocate, with a scratch game (NULL for contracts). */
static sc_status allocate(const sc_coalitions *c, sc_rule_choice r, sc_coalition funders, int rep,
                          sc_game *scratch, double *x)
{
    if (!c->game) return SC_ERR_INPUT; /* not run yet */
    if (rep < 0 || rep >= c->reps) rep = c->reps;
    if (is_contract(r.rule)) return contract_alloc(c, r, funders, rep, x);
    fill_game(c, funders, rep, scratch);
    return game_alloc(scratch, r.rule, x);
}

sc_status sc_coalitions_allocate(const sc_coalitions *c, sc_rule_choice r, sc_coalition funders,
                                 int rep, double *x)
{
    sc_game *g = NULL;
    if (sc_game_alloc(c->n, &g) != SC_OK) return SC_ERR_NOMEM;
    sc_status st = allocate(c, r, funders, rep, g, x);
    sc_game_free(g);
    return st;
}

sc_status sc_coalitions_allocate_ci(const sc_coalitions *c, sc_rule_choice r, double *x, double *hw)
{
    sc_coalition grand = sc_bit(c->n) - 1;
    sc_game *g = NULL;
    if (sc_game_alloc(c->n, &g) != SC_OK) return SC_ERR_NOMEM;
    double *xr = malloc(2 * (size_t)c->n * sizeof *xr);
    sc_status st = xr ? allocate(c, r, grand, -1, g, x) : SC_ERR_NOMEM;
    double *ss = xr ? xr + c->n : NULL;
    for (int i = 0; st == SC_OK && i < c->n; i++)
        ss[i] = 0;
    /* Per replication, deviations from the point estimate: for the rules
     * that are linear in v (all but the two proportional ones) their mean
     * is the point estimate itself. */
    for (int rep = 0; st == SC_OK && hw && rep < c->reps; rep++) {
        st = allocate(c, r, grand, rep, g, xr);
        for (int i = 0; st == SC_OK && i < c->n; i++)
            ss[i] += (xr[i] - x[i]) * (xr[i] - x[i]);
    }
    if (st == SC_OK && hw) {
        double t = c->reps > 1 ? gsl_cdf_tdist_Pinv(0.975, c->reps - 1) : NAN;
        for (int i = 0; i < c->n; i++)
            hw[i] = c->reps > 1 ? t * sqrt(ss[i] / (c->reps - 1) / c->reps) : NAN;
    }
    free(xr);
    sc_game_free(g);
    return st;
}

/* ---- behaviour ----------------------------------------------------------- */

/* The owners in actor order, and the funding set of owner-subset `sub`
 * (bit k: the k-th owner funds; actors that own nothing always count as
 * funders, having nothing to withhold). */
typedef struct owner_map {
    int k, actor[SC_GAME_MAX_ACTORS];
    sc_coalition others;
} owner_map;

static owner_map owners_of(const sc_coalitions *c)
{
    owner_map o = {0};
    for (int i = 0; i < c->n; i++)
        if (c->owners & sc_bit(i)) o.actor[o.k++] = i;
    o.others = (sc_bit(c->n) - 1) & ~c->owners;
    return o;
}

static sc_coalition funders_of(const owner_map *o, unsigned sub)
{
    sc_coalition f = o->others;
    for (int k = 0; k < o->k; k++)
        if (sub >> k & 1) f |= sc_bit(o->actor[k]);
    return f;
}

/* payoff[sub * n + i]: actor i's allocation when owner-subset sub funds. */
static sc_status payoff_table(const sc_coalitions *c, sc_rule_choice r, const owner_map *o,
                              double **out)
{
    size_t subs = (size_t)1 << o->k;
    double *p = malloc(subs * (size_t)c->n * sizeof *p);
    sc_game *g = NULL;
    sc_status st = p && sc_game_alloc(c->n, &g) == SC_OK ? SC_OK : SC_ERR_NOMEM;
    for (size_t s = 0; st == SC_OK && s < subs; s++)
        st = allocate(c, r, funders_of(o, (unsigned)s), -1, g, &p[s * (size_t)c->n]);
    sc_game_free(g);
    if (st != SC_OK) {
        free(p);
        return st;
    }
    *out = p;
    return SC_OK;
}

/* What owner k gains by funding, given that owner-subset sub (k aside)
 * funds. */
static double joining_gain(const owner_map *o, int n, const double *pay, size_t sub, int k)
{
    size_t in = sub | (size_t)1 << k, out = sub & ~((size_t)1 << k);
    int i = o->actor[k];
    return pay[in * (size_t)n + (size_t)i] - pay[out * (size_t)n + (size_t)i];
}

sc_status sc_coalitions_funding(const sc_coalitions *c, sc_rule_choice r, sc_coalition *funders,
                                bool *fixed_point)
{
    owner_map o = owners_of(c);
    double *pay = NULL;
    sc_status st = payoff_table(c, r, &o, &pay);
    if (st != SC_OK) return st;
    size_t subs = (size_t)1 << o.k;
    bool *seen = calloc(subs, sizeof *seen);
    if (!seen) {
        free(pay);
        return SC_ERR_NOMEM;
    }
    unsigned sub = (unsigned)subs - 1;
    *fixed_point = false;
    while (!seen[sub]) {
        seen[sub] = true;
        unsigned before = sub;
        for (int k = 0; k < o.k; k++)
            sub = joining_gain(&o, c->n, pay, sub, k) > 0 ? sub | 1u << k : sub & ~(1u << k);
        if (sub == before) {
            *fixed_point = true;
            break;
        }
    }
    *funders = funders_of(&o, sub);
    free(seen);
    free(pay);
    return SC_OK;
}

/* Actor i's expected payoff when owner k joins (join) or not, the others
 * taking part independently with probabilities p. */
static void expected_payoffs(const owner_map *o, int n, const double *pay, const double *p, int k,
                             double *join, double *leave)
{
    size_t subs = (size_t)1 << o->k;
    int i = o->actor[k];
    *join = *leave = 0;
    for (size_t s = 0; s < subs; s++) {
        if (s >> k & 1) continue;
        double w = 1;
        for (int j = 0; j < o->k; j++)
            if (j != k) w *= (s >> j & 1) ? p[j] : 1 - p[j];
        *leave += w * pay[s * (size_t)n + (size_t)i];
        *join += w * pay[(s | (size_t)1 << k) * (size_t)n + (size_t)i];
    }
}

sc_status sc_coalitions_replicator(const sc_coalitions *c, sc_rule_choice r, int years, double *p,
                                   int *converged_year)
{
    owner_map o = owners_of(c);
    double *pay = NULL;
    sc_status st = payoff_table(c, r, &o, &pay);
    if (st != SC_OK) return st;
    size_t subs = (size_t)1 << o.k;
    double scale[SC_GAME_MAX_ACTORS] = {0};
    for (size_t s = 0; s < subs; s++)
        for (int k = 0; k < o.k; k++)
            scale[k] = fmax(scale[k], fabs(joining_gain(&o, c->n, pay, s, k)));
    for (int k = 0; k < o.k; k++)
        p[k] = 0.5;
    *converged_year = -1;
    for (int y = 1; y <= years; y++) {
        const double *prev = &p[(size_t)(y - 1) * (size_t)o.k];
        double *next = &p[(size_t)y * (size_t)o.k], moved = 0;
        for (int k = 0; k < o.k; k++) {
            double join, leave;
            expected_payoffs(&o, c->n, pay, prev, k, &join, &leave);
            double step = scale[k] > 0 ? prev[k] * (1 - prev[k]) * (join - leave) / scale[k] : 0;
            /* |step| <= p (1 - p) keeps p in [0, 1] but for rounding. */
            next[k] = fmin(1, fmax(0, prev[k] + step));
            if (fabs(step) > moved) moved = fabs(step);
        }
        if (moved <= 1e-3 && *converged_year < 0) *converged_year = y;
        if (moved > 1e-3) *converged_year = -1;
    }
    free(pay);
    return SC_OK;
}
