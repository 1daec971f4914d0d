/*
 * Properties of an allocation against its game: efficiency, individual
 * rationality, core membership with the worst blocking coalitions, and the
 * Gini coefficient of the gains over standalone.  Checks that need
 * coalitions the game lacks are skipped and flagged, never guessed.
 */
#include "allocation/game_impl.h"

#include <math.h>

double sc_gini(const double *g, int n)
{
    if (n < 1) return NAN;
    double sum = 0, diff = 0;
    for (int i = 0; i < n; i++) {
        if (g[i] < 0 || !isfinite(g[i])) return NAN;
        sum += g[i];
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            diff += fabs(g[i] - g[j]);
    if (diff == 0) return 0;
    return diff / (2.0 * n * sum); /* = sum |gi - gj| / (2 n^2 mean) */
}

/* Keeps the SC_CORE_LISTED largest shortfalls, largest first; among equal
 * ones the coalition seen first (smaller mask) stays ahead. */
static void keep_worst(sc_alloc_props *p, sc_coalition s, double shortfall)
{
    int k = p->n_listed < SC_CORE_LISTED ? p->n_listed++ : SC_CORE_LISTED;
    if (k == SC_CORE_LISTED && shortfall <= p->shortfall[k - 1]) return;
    if (k == SC_CORE_LISTED) k--;
    for (; k > 0 && p->shortfall[k - 1] < shortfall; k--) {
        p->blocking[k] = p->blocking[k - 1];
        p->shortfall[k] = p->shortfall[k - 1];
    }
    p->blocking[k] = s;
    p->shortfall[k] = shortfall;
}

static void check_rationality(const sc_game *g, const double *x, double tol, sc_alloc_props *p)
{
    double gain[SC_GAME_MAX_ACTORS];
    p->has_rational = true;
    for (int i = 0; i < g->n; i++) {
        gain[i] = x[i] - g->value[sc_bit(i)];
        if (gain[i] < -tol) p->n_irrational++;
        /* Rounding must not turn an equal split into "undefined". */
        if (fabs(gain[i]) <= tol) gain[i] = 0;
    }
    p->rational = p->n_irrational == 0;
    p->gini = sc_gini(gain, g->n);
}

static void check_core(const sc_game *g, const double *x, double tol, sc_alloc_props *p)
{
    p->has_core = true;
    sc_coalition grand = sc_game_grand(g);
    for (sc_coalition s = 1; s <= grand; s++) {
        double shortfall = g->value[s] - sc_coalition_sum(x, s);
        if (shortfall <= tol) continue;
        p->n_blocking++;
        keep_worst(p, s, shortfall);
    }
    p->in_core = p->efficient && p->n_blocking == 0;
}

sc_status sc_alloc_check(const sc_game *g, const double *x, sc_alloc_props *p)
{
    *p = (sc_alloc_props){.gini = NAN};
    if (sc_game_missing(g, SC_NEED_GRAND, NULL)) return SC_ERR_INPUT;
    double tol = sc_game_tolerance(g);
    p->total = sc_coalition_sum(x, sc_game_grand(g));
    p->efficient = fabs(p->total - g->value[sc_game_grand(g)]) <= tol;
    if (!sc_game_missing(g, SC_NEED_SINGLETONS, NULL)) check_rationality(g, x, tol, p);
    if (!sc_game_missing(g, SC_NEED_ALL, NULL)) check_core(g, x, tol, p);
    return SC_OK;
}
