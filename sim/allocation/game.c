/*
 * The cooperative game: a characteristic function over at most
 * SC_GAME_MAX_ACTORS actors stored as one value per coalition bit mask, with
 * a flag saying which coalitions are known, so rules can run on a partial
 * game when they need only some coalitions (sim/allocation/rules.c).
 */
#include "allocation/game_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sc_status sc_game_alloc(int n, sc_game **out)
{
    *out = NULL;
    if (n < 1 || n > SC_GAME_MAX_ACTORS) return SC_ERR_INPUT;
    size_t m = (size_t)1 << n;
    sc_game *g = calloc(1, sizeof *g);
    if (!g) return SC_ERR_NOMEM;
    g->n = n;
    g->value = calloc(m, sizeof *g->value);
    g->known = calloc(m, sizeof *g->known);
    g->name = calloc((size_t)n, sizeof *g->name);
    g->revenue = malloc((size_t)n * sizeof *g->revenue);
    if (!g->value || !g->known || !g->name || !g->revenue) {
        sc_game_free(g);
        return SC_ERR_NOMEM;
    }
    g->known[0] = 1;
    for (int i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", i + 1);
        g->revenue[i] = NAN;
        if (sc_game_set_name(g, i, buf) != SC_OK) {
            sc_game_free(g);
            return SC_ERR_NOMEM;
        }
    }
    *out = g;
    return SC_OK;
}

void sc_game_free(sc_game *g)
{
    if (!g) return;
    if (g->name)
        for (int i = 0; i < g->n; i++)
            free(g->name[i]);
    free(g->name);
    free(g->value);
    free(g->known);
    free(g->revenue);
    free(g);
}

int sc_game_actors(const sc_game *g)
{
    return g->n;
}

sc_coalition sc_game_grand(const sc_game *g)
{
    return (sc_coalition)(((uint64_t)1 << g->n) - 1);
}

sc_status sc_game_set_name(sc_game *g, int actor, const char *name)
{
    if (actor < 0 || actor >= g->n) return SC_ERR_INPUT;
    char *c = malloc(strlen(name) + 1);
    if (!c) return SC_ERR_NOMEM;
    free(g->name[actor]);
    g->name[actor] = strcpy(c, name);
    return SC_OK;
}

const char *sc_game_name(const sc_game *g, int actor)
{
    return actor >= 0 && actor < g->n ? g->name[actor] : NULL;
}

void sc_game_set(sc_game *g, sc_coalition s, double value)
{
    if (s == 0 || (s & ~sc_game_grand(g))) return;
    g->value[s] = value;
    g->known[s] = 1;
}

bool sc_game_known(const sc_game *g, sc_coalition s)
{
    return !(s & ~sc_game_grand(g)) && g->known[s];
}

double sc_game_value(const sc_game *g, sc_coalition s)
{
    return sc_game_known(g, s) ? g->value[s] : NAN;
}

void sc_game_set_revenue(sc_game *g, int actor, double revenue)
{
    if (actor >= 0 && actor < g->n) g->revenue[actor] = revenue;
}

const double *sc_game_revenues(const sc_game *g)
{
    for (int i = 0; i < g->n; i++)
        if (isnan(g->revenue[i])) return NULL;
    return g->revenue;
}

double sc_game_tolerance(const sc_game *g)
{
    double scale = 1;
    sc_coalition grand = sc_game_grand(g);
    for (sc_coalition s = 1; s <= grand; s++)
        if (g->known[s] && fabs(g->value[s]) > scale) scale = fabs(g->value[s]);
    return 1e-9 * scale;
}

char *sc_game_coalition_str(const sc_game *g, sc_coalition s, char *buf, size_t size)
{
    if (size == 0) return buf;
    buf[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < g->n; i++) {
        if (!(s & sc_bit(i))) continue;
        int k = snprintf(buf + len, size - len, "%s%s", len ? ";" : "", g->name[i]);
        if (k < 0 || (size_t)k >= size - len) break; /* truncated: buf stays terminated */
        len += (size_t)k;
    }
    return buf;
}

/* Adds S to the count n of missing coalitions when it is unknown,
 * remembering the first one. */
static size_t count_missing(const sc_game *g, sc_coalition s, size_t n, sc_coalition *first)
{
    if (g->known[s]) return n;
    if (n == 0 && first) *first = s;
    return n + 1;
}

size_t sc_game_missing(const sc_game *g, unsigned needs, sc_coalition *first)
{
    sc_coalition grand = sc_game_grand(g);
    size_t n = 0;
    if (needs & SC_NEED_ALL) {
        for (sc_coalition s = 1; s <= grand; s++)
            n = count_missing(g, s, n, first);
        return n;
    }
    /* In bit-mask order: singletons first, then the others ascending. */
    sc_coalition cand[2 * SC_GAME_MAX_ACTORS + 1];
    int k = 0;
    if (needs & SC_NEED_SINGLETONS)
        for (int i = 0; i < g->n; i++)
            cand[k++] = sc_bit(i);
    if (needs & SC_NEED_LEAVE_ONE_OUT)
        for (int i = g->n - 1; i >= 0; i--)
            if (grand & ~sc_bit(i)) cand[k++] = grand & ~sc_bit(i);
    if (needs & SC_NEED_GRAND) cand[k++] = grand;
    for (int a = 1; a < k; a++) /* insertion sort: at most 41 entries */
        for (int b = a; b > 0 && cand[b - 1] > cand[b]; b--) {
            sc_coalition t = cand[b];
            cand[b] = cand[b - 1];
            cand[b - 1] = t;
        }
    for (int a = 0; a < k; a++)
        if (a == 0 || cand[a] != cand[a - 1]) n = count_missing(g, cand[a], n, first);
    return n;
}
