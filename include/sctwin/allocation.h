/*
 * Cost-sharing and benefit-sharing (DESIGN.md §3): a cooperative game over n
 * actors and the rules that split the grand coalition's value among them.
 *
 * A game stores its characteristic function v: the value (currency, e.g.
 * expected profit per year) of every coalition S of actors, as a bit mask
 * (bit i set: actor i is a member).  v(empty) = 0.  Up to 20 actors can be
 * stored exactly (2^20 values); a game may be partial, with only some
 * coalitions known, and each rule says which coalitions it needs
 * (sc_rule_needs) so callers can tell the user what is missing.
 *
 * Rules produce an allocation x[0..n) with one value per actor; the checks
 * in sc_alloc_check say whether it is efficient (sum x = v(N)), individually
 * rational (x_i >= v({i})), in the core (x(S) >= v(S) for every S) and how
 * unequal the gains x_i - v({i}) are (Gini).  docs/allocation.md gives every
 * formula.
 */
#ifndef SCTWIN_ALLOCATION_H
#define SCTWIN_ALLOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sctwin/diag.h"
#include "sctwin/status.h"

#define SC_GAME_MAX_ACTORS 20
/* The `shapley` rule sums over all coalitions up to this many actors and
 * samples permutations above. */
#define SC_SHAPLEY_EXACT_MAX 12
/* Blocking coalitions listed per allocation (all are counted). */
#define SC_CORE_LISTED 8

typedef uint32_t sc_coalition; /* bit i set: actor i is a member */
typedef struct sc_game sc_game;

/* ---- the game ------------------------------------------------------------ */

/* A game over n actors (1 <= n <= SC_GAME_MAX_ACTORS, else SC_ERR_INPUT) with
 * only v(empty) = 0 known and actors named "1".."n".  Free with
 * sc_game_free. */
sc_status sc_game_alloc(int n, sc_game **out);
void sc_game_free(sc_game *g);

int sc_game_actors(const sc_game *g);
sc_coalition sc_game_grand(const sc_game *g);

/* Actor names (copied); used by sc_game_coalition_str. */
sc_status sc_game_set_name(sc_game *g, int actor, const char *name);
const char *sc_game_name(const sc_game *g, int actor);

/* Sets v(S) for a non-empty S within the grand coalition (others are
 * ignored: v(empty) stays 0). */
void sc_game_set(sc_game *g, sc_coalition s, double value);
bool sc_game_known(const sc_game *g, sc_coalition s);
/* v(S), or NaN when it is not known. */
double sc_game_value(const sc_game *g, sc_coalition s);

/* Optional per-actor revenue (currency), the basis of proportional_revenue. */
void sc_game_set_revenue(sc_game *g, int actor, double revenue);
/* The revenues [n], or NULL unless every actor has one. */
const double *sc_game_revenues(const sc_game *g);

/* Absolute tolerance of the property checks: 1e-9 x max(1, max |v(S)|),
 * so that rounding in sums of large values does not count as a violation. */
double sc_game_tolerance(const sc_game *g);

/* Writes "A;B;C" (member names in actor order, "" for the empty coalition)
 * into buf, truncating to size; returns buf. */
char *sc_game_coalition_str(const sc_game *g, sc_coalition s, char *buf, size_t size);

/* What a rule or check needs to be known. */
enum {
    SC_NEED_GRAND = 1u << 0,         /* v(N) */
    SC_NEED_SINGLETONS = 1u << 1,    /* v({i}) for every i */
    SC_NEED_LEAVE_ONE_OUT = 1u << 2, /* v(N \ {i}) for every i */
    SC_NEED_ALL = 1u << 3,           /* every coalition */
    SC_NEED_REVENUES = 1u << 4,      /* a revenue for every actor */
    SC_NEED_CONTRACT = 1u << 5       /* an sc_contract (not in the game) */
};

/* Counts the coalitions that `needs` requires and the game lacks, and sets
 * *first to the first of them in bit-mask order (when there is one and first
 * is not NULL).  SC_NEED_REVENUES and SC_NEED_CONTRACT are not coalitions and
 * are ignored here. */
size_t sc_game_missing(const sc_game *g, unsigned needs, sc_coalition *first);

/* Reads a characteristic function from CSV: header `coalition,value` and an
 * optional `revenue` column.  A coalition is a semicolon list of actor ids;
 * the actors are the ids seen, in order of first appearance; an empty
 * coalition cell is allowed with value 0; a revenue may be given only on a
 * single actor's row.  The grand coalition must be present.  Every problem
 * goes to `diags` as FILE:LINE:COLUMN and the call returns SC_ERR_INPUT; a
 * file that cannot be opened returns SC_ERR_IO without a diagnostic.  On
 * success the caller owns *out. */
sc_status sc_game_load_csv(const char *path, sc_game **out, sc_diags *diags);

/* ---- rules --------------------------------------------------------------- */

typedef enum sc_rule {
    SC_RULE_STANDALONE,
    SC_RULE_EQUAL,
    SC_RULE_PROPORTIONAL_REVENUE,
    SC_RULE_PROPORTIONAL_BENEFIT,
    SC_RULE_SHAPLEY,
    SC_RULE_REVENUE_SHARING,
    SC_RULE_COST_SHARING,
    SC_RULE_COUNT
} sc_rule;

/* "standalone", "equal", ...; NULL out of range. */
const char *sc_rule_name(sc_rule rule);
/* False when `name` is not a rule. */
bool sc_rule_parse(const char *name, sc_rule *out);
/* SC_NEED_* flags of a rule. */
unsigned sc_rule_needs(sc_rule rule);

/* Each rule writes x[0..n) and returns SC_ERR_INPUT when something it needs
 * is missing (see sc_rule_needs), SC_OK otherwise. */

/* x_i = v({i}). */
sc_status sc_alloc_standalone(const sc_game *g, double *x);
/* x_i = v(N) / n. */
sc_status sc_alloc_equal(const sc_game *g, double *x);
/* x_i = v(N) r_i / sum r (revenues r_i >= 0, currency); an equal split when
 * every revenue is 0. */
sc_status sc_alloc_proportional_revenue(const sc_game *g, const double *revenue, double *x);
/* x_i = v({i}) + w_i (v(N) - sum_j v({j})) with w_i proportional to the
 * positive part of actor i's marginal benefit v(N) - v(N \ {i}); an equal
 * split of the surplus when no marginal benefit is positive. */
sc_status sc_alloc_proportional_benefit(const sc_game *g, double *x);

/* The Shapley value, exactly: x_i = sum over S not containing i of
 * |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)).  Needs every coalition; any n
 * up to SC_GAME_MAX_ACTORS (cost n 2^n). */
sc_status sc_shapley_exact(const sc_game *g, double *x);

/* The Shapley value estimated from `samples` >= 2 random orders of the
 * actors (each actor's mean marginal contribution on joining), with the
 * half-width of its 95% confidence interval (Student t) in half_width[i]
 * (may be NULL).  The draws come from the stream (seed, 0, 0,
 * SC_SHAPLEY_PURPOSE), so the result depends on the seed only.  Every
 * sample's contributions add up to v(N), so sum x = v(N) up to rounding.  Returns
 * SC_ERR_INPUT when samples < 2 or a coalition is missing, SC_ERR_NOMEM. */
#define SC_SHAPLEY_PURPOSE 0x73686170u /* "shap" */
sc_status sc_shapley_sampled(const sc_game *g, long samples, uint64_t seed, double *x,
                             double *half_width);

/* Applies one of the rules that need only the game (standalone, equal,
 * proportional_revenue with the game's revenues, proportional_benefit, the
 * exact Shapley value); SC_ERR_INPUT for the contracts and when something
 * the rule needs is missing. */
sc_status sc_alloc_apply(const sc_game *g, sc_rule rule, double *x);

/* What the two contracts need and a characteristic function does not hold:
 * each actor's own result inside the grand coalition, before any transfer,
 * and the supply order.  These come from a simulation of the grand
 * coalition; `sctwin share --game` cannot offer them yet. */
typedef struct sc_contract {
    int n;
    const double *profit;          /* [n] own profit in the grand coalition (currency) */
    const double *revenue;         /* [n] own sales revenue (currency, >= 0) */
    const double *mitigation_cost; /* [n] own spending on mitigations (currency, >= 0) */
    const int *upstream;           /* [n] the actor supplying i, or -1 (no cycles) */
} sc_contract;

/* Revenue sharing: every actor with a supplier passes phi (in [0, 1]) of its
 * revenue to it: x_i = profit_i - phi r_i [i has a supplier]
 *                      + phi sum over i's customers j of r_j. */
sc_status sc_alloc_revenue_sharing(const sc_contract *c, double phi, double *x);
/* Cost sharing: the customers of every actor u together pay alpha (in
 * [0, 1]) of u's mitigation cost, in equal parts:
 *   x_u = profit_u + alpha m_u [u has customers]
 *         - sum over u's suppliers s of alpha m_s / (customers of s). */
sc_status sc_alloc_cost_sharing(const sc_contract *c, double alpha, double *x);

/* ---- properties ---------------------------------------------------------- */

typedef struct sc_alloc_props {
    double total;      /* sum x_i */
    bool efficient;    /* |total - v(N)| <= tolerance */
    bool has_rational; /* singletons known, so rationality was checked */
    bool rational;     /* x_i >= v({i}) - tolerance for every i */
    int n_irrational;  /* actors below their standalone value */
    bool has_core;     /* every coalition known, so the core was checked */
    bool in_core;      /* x(S) >= v(S) - tolerance for every S (with efficiency) */
    size_t n_blocking; /* coalitions S (N included) with x(S) < v(S) - tolerance */
    int n_listed;      /* the worst of them, largest shortfall v(S) - x(S) first */
    sc_coalition blocking[SC_CORE_LISTED];
    double shortfall[SC_CORE_LISTED];
    double gini; /* Gini of the gains x_i - v({i}); NaN when undefined */
} sc_alloc_props;

/* Checks an allocation against the game, skipping what the game lacks (see
 * the has_* fields).  Returns SC_ERR_INPUT when v(N) is missing. */
sc_status sc_alloc_check(const sc_game *g, const double *x, sc_alloc_props *p);

/* The Gini coefficient sum_ij |g_i - g_j| / (2 n^2 mean) of g[0..n): 0 when
 * every g_i is equal (including all 0), NaN when some g_i < 0 or the mean is
 * not positive otherwise (the coefficient is then not an inequality
 * measure). */
double sc_gini(const double *g, int n);

/* Whether the core is empty, by the Bondareva-Shapley theorem: the core is
 * non-empty iff the linear program
 *     max sum_S lambda_S v(S)  s.t.  sum_{S containing i} lambda_S = 1 for
 *     every i, lambda >= 0  (S over the non-empty coalitions)
 * has value v(N) (it is never below, as lambda_N = 1 is feasible).  The
 * value goes to *balanced_max; `point` (may be NULL) receives the optimal
 * dual, an allocation y with y(S) >= v(S) for every S and sum y =
 * *balanced_max: a core allocation when the core is not empty, else the
 * cheapest allocation that no coalition blocks.  Solved by a dense revised
 * simplex.  Needs every coalition (SC_ERR_INPUT); SC_ERR_RUNTIME if the
 * simplex does not converge. */
sc_status sc_game_core(const sc_game *g, bool *empty, double *balanced_max, double *point);

#endif
