/*
 * Validation of the Shapley value (sim/allocation/shapley.c) against theory:
 *
 *  - the airport game of Littlechild & Owen (1973): with runway costs
 *    c_(1) <= ... <= c_(n) and v(S) = -max_{i in S} c_i, the Shapley value
 *    has the closed form phi_(k) = -sum_{j<=k} (c_(j) - c_(j-1)) / (n-j+1)
 *    (each runway segment is shared equally by the planes that need it);
 *    random costs, n = 6 and 10, actors not in cost order;
 *  - Shapley's axioms on random games: efficiency, symmetry, the dummy
 *    player, additivity over two games;
 *  - the sampled estimate: within its 95% confidence interval of the exact
 *    value for every actor (n = 8), intervals that cover the exact value 95%
 *    of the time over many seeds, and half-widths that halve when the
 *    samples are quadrupled.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "core/rng.h"
#include "sctwin/allocation.h"

#define MAXN 12

static sc_game *airport(int n, const double *cost)
{
    sc_game *g;
    if (sc_game_alloc(n, &g) != SC_OK) abort();
    for (sc_coalition s = 1; s <= sc_game_grand(g); s++) {
        double m = 0;
        for (int i = 0; i < n; i++)
            if ((s >> i) & 1u) m = fmax(m, cost[i]);
        sc_game_set(g, s, -m);
    }
    return g;
}

static int cost_cmp(const void *a, const void *b, const double *cost)
{
    double x = cost[*(const int *)a], y = cost[*(const int *)b];
    return (x > y) - (x < y);
}

/* The closed form, for actors in any order. */
static void airport_shapley(int n, const double *cost, double *phi)
{
    int order[MAXN];
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int a = 1; a < n; a++) /* insertion sort by cost */
        for (int b = a; b > 0 && cost_cmp(&order[b - 1], &order[b], cost) > 0; b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    double acc = 0, prev = 0;
    for (int k = 0; k < n; k++) {
        double c = cost[order[k]];
        acc += (c - prev) / (n - k); /* n - j + 1 with j = k + 1 */
        prev = c;
        phi[order[k]] = -acc;
    }
}

static void random_costs(gsl_rng *r, int n, double *cost)
{
    for (int i = 0; i < n; i++)
        cost[i] = 1 + 99 * gsl_rng_uniform(r);
}

static sc_game *random_game(gsl_rng *r, int n)
{
    sc_game *g;
    if (sc_game_alloc(n, &g) != SC_OK) abort();
    for (sc_coalition s = 1; s <= sc_game_grand(g); s++)
        sc_game_set(g, s, 100 * gsl_rng_uniform(r) - 50);
    return g;
}

static void test_airport_closed_form(gsl_rng *r)
{
    int sizes[] = {6, 10};
    for (int k = 0; k < 2; k++) {
        int n = sizes[k];
        for (int rep = 0; rep < 5; rep++) {
            double cost[MAXN], phi[MAXN], want[MAXN];
            random_costs(r, n, cost);
            sc_game *g = airport(n, cost);
            CHECK_INT(sc_shapley_exact(g, phi), SC_OK);
            airport_shapley(n, cost, want);
            for (int i = 0; i < n; i++)
                CHECK_NEAR(phi[i], want[i], 1e-9);
            sc_game_free(g);
        }
    }
    /* Two planes with the same runway are symmetric players. */
    double cost[6] = {40, 10, 70, 40, 25, 90}, phi[6];
    sc_game *g = airport(6, cost);
    sc_shapley_exact(g, phi);
    CHECK_NEAR(phi[0], phi[3], 1e-12);
    CHECK(phi[0] != phi[4]);
    sc_game_free(g);
}

static void test_axioms(gsl_rng *r)
{
    const int n = 7;
    double phi[MAXN], a[MAXN], b[MAXN];
    sc_coalition grand = ((sc_coalition)1 << n) - 1;

    /* Efficiency. */
    sc_game *v = random_game(r, n);
    sc_shapley_exact(v, phi);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += phi[i];
    CHECK_NEAR(sum, sc_game_value(v, grand), 1e-9);

    /* Symmetry: actors 2 and 5 are interchangeable in every coalition. */
    sc_game *w = random_game(r, n);
    for (sc_coalition s = 1; s <= grand; s++) {
        sc_coalition has2 = (s >> 2) & 1u, has5 = (s >> 5) & 1u;
        sc_coalition swapped = (s & ~0x24u) | (has2 << 5) | (has5 << 2);
        if (swapped < s) sc_game_set(w, s, sc_game_value(w, swapped));
    }
    sc_shapley_exact(w, phi);
    CHECK_NEAR(phi[2], phi[5], 1e-9);

    /* Dummy: actor n-1 adds nothing to any coalition; the others keep their
     * values in the game without it. */
    sc_game *u = random_game(r, n - 1), *d;
    if (sc_game_alloc(n, &d) != SC_OK) abort();
    for (sc_coalition s = 1; s <= grand; s++) {
        sc_coalition t = s & (grand >> 1);
        sc_game_set(d, s, t ? sc_game_value(u, t) : 0);
    }
    sc_shapley_exact(d, phi);
    sc_shapley_exact(u, a);
    CHECK_NEAR(phi[n - 1], 0, 1e-12);
    for (int i = 0; i < n - 1; i++)
        CHECK_NEAR(phi[i], a[i], 1e-9);

    /* Additivity: phi(v + airport) = phi(v) + phi(airport). */
    double cost[MAXN];
    random_costs(r, n, cost);
    sc_game *ap = airport(n, cost), *vsum;
    if (sc_game_alloc(n, &vsum) != SC_OK) abort();
    for (sc_coalition s = 1; s <= grand; s++)
        sc_game_set(vsum, s, sc_game_value(v, s) + sc_game_value(ap, s));
    sc_shapley_exact(v, a);
    sc_shapley_exact(ap, b);
    sc_shapley_exact(vsum, phi);
    for (int i = 0; i < n; i++)
        CHECK_NEAR(phi[i], a[i] + b[i], 1e-9);

    sc_game_free(v);
    sc_game_free(w);
    sc_game_free(u);
    sc_game_free(d);
    sc_game_free(ap);
    sc_game_free(vsum);
}

static void test_sampled(gsl_rng *r)
{
    const int n = 8;
    double cost[MAXN], exact[MAXN], x[MAXN], hw[MAXN], hw4[MAXN];
    random_costs(r, n, cost);
    sc_game *g = airport(n, cost);
    sc_shapley_exact(g, exact);

    CHECK_INT(sc_shapley_sampled(g, 4000, 1, x, hw), SC_OK);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        CHECK(fabs(x[i] - exact[i]) <= hw[i]);
        sum += x[i];
    }
    CHECK_NEAR(sum, sc_game_value(g, sc_game_grand(g)), 1e-9); /* efficient in every sample */

    /* Same seed, same estimate; another seed, another. */
    double y[MAXN];
    sc_shapley_sampled(g, 4000, 1, y, NULL);
    CHECK(y[0] == x[0] && y[n - 1] == x[n - 1]);
    sc_shapley_sampled(g, 4000, 2, y, NULL);
    CHECK(y[0] != x[0]);

    /* Quadrupling the samples halves the intervals (1/sqrt(m)). */
    sc_shapley_sampled(g, 1000, 3, x, hw);
    sc_shapley_sampled(g, 4000, 3, x, hw4);
    for (int i = 0; i < n; i++)
        CHECK(hw4[i] / hw[i] > 0.4 && hw4[i] / hw[i] < 0.6);

    /* Coverage: over many seeds, 95% of the intervals hold the exact value. */
    int covered = 0, total = 0;
    for (uint64_t seed = 100; seed < 500; seed++) {
        sc_shapley_sampled(g, 400, seed, x, hw);
        for (int i = 0; i < n; i++, total++)
            covered += fabs(x[i] - exact[i]) <= hw[i];
    }
    double rate = (double)covered / total;
    printf("sampled Shapley: 95%% intervals covered the exact value %.4f of the time\n", rate);
    CHECK(rate > 0.925 && rate < 0.975);

    CHECK_INT(sc_shapley_sampled(g, 1, 1, x, hw), SC_ERR_INPUT);
    sc_game_free(g);
}

int main(void)
{
    gsl_rng *r = sc_stream_alloc(2024, 0, 0, 0);
    test_airport_closed_form(r);
    test_axioms(r);
    test_sampled(r);
    gsl_rng_free(r);
    return sc_check_report("test_shapley");
}
