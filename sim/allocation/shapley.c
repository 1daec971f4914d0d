/*
 * The Shapley value: each actor's marginal contribution v(S + i) - v(S)
 * averaged over the orders in which the actors could join the grand
 * coalition.  Exact by a sum over coalitions (n 2^n terms), or estimated by
 * sampling orders with a confidence interval, for when the game is too big
 * or (later) each coalition's value costs a simulation.
 */
#include "allocation/game_impl.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "core/rng.h"

/* weight[s] = s! (n - s - 1)! / n! = 1 / (n C(n - 1, s)), the probability
 * that the s actors before i in a random order are a given set S. */
static void shapley_weights(int n, double *weight)
{
    double binom = 1; /* C(n - 1, s), exact in a double for n <= 20 */
    for (int s = 0; s < n; s++) {
        weight[s] = 1.0 / (n * binom);
        binom = binom * (n - 1 - s) / (s + 1);
    }
}

sc_status sc_shapley_exact(const sc_game *g, double *x)
{
    if (sc_game_missing(g, SC_NEED_ALL, NULL)) return SC_ERR_INPUT;
    double weight[SC_GAME_MAX_ACTORS];
    shapley_weights(g->n, weight);
    for (int i = 0; i < g->n; i++)
        x[i] = 0;
    sc_coalition grand = sc_game_grand(g);
    for (sc_coalition s = 0; s < grand; s++) {
        double w = weight[sc_popcount(s)], vs = g->value[s];
        for (sc_coalition out = grand & ~s; out; out &= out - 1) {
            int i = __builtin_ctz(out);
            x[i] += w * (g->value[s | sc_bit(i)] - vs);
        }
    }
    return SC_OK;
}

/* Running mean and sum of squared deviations (Welford), per actor. */
typedef struct running {
    double mean, m2;
} running;

static void running_add(running *r, long count, double v)
{
    double d = v - r->mean;
    r->mean += d / (double)count;
    r->m2 += d * (v - r->mean);
}

/* One random order (Fisher-Yates) and each actor's contribution in it. */
static void sample_order(const sc_game *g, gsl_rng *rng, int *order, running *acc, long count)
{
    for (int k = g->n - 1; k > 0; k--) {
        int j = (int)gsl_rng_uniform_int(rng, (unsigned long)k + 1);
        int t = order[k];
        order[k] = order[j];
        order[j] = t;
    }
    sc_coalition s = 0;
    for (int k = 0; k < g->n; k++) {
        int i = order[k];
        running_add(&acc[i], count, g->value[s | sc_bit(i)] - g->value[s]);
        s |= sc_bit(i);
    }
}

sc_status sc_shapley_sampled(const sc_game *g, long samples, uint64_t seed, double *x,
                             double *half_width)
{
    if (samples < 2 || sc_game_missing(g, SC_NEED_ALL, NULL)) return SC_ERR_INPUT;
    gsl_rng *rng = sc_stream_alloc(seed, 0, 0, SC_SHAPLEY_PURPOSE);
    if (!rng) return SC_ERR_NOMEM;
    int order[SC_GAME_MAX_ACTORS];
    running acc[SC_GAME_MAX_ACTORS] = {{0, 0}};
    for (int i = 0; i < g->n; i++)
        order[i] = i;
    /* The order is shuffled in place from the previous one: each shuffle is
     * uniform whatever it starts from, so resetting it would be wasted. */
    for (long m = 1; m <= samples; m++)
        sample_order(g, rng, order, acc, m);
    gsl_rng_free(rng);
    double t = gsl_cdf_tdist_Pinv(0.975, (double)(samples - 1));
    for (int i = 0; i < g->n; i++) {
        x[i] = acc[i].mean;
        if (half_width)
            half_width[i] = t * sqrt(acc[i].m2 / (double)(samples - 1) / (double)samples);
    }
    return SC_OK;
}
