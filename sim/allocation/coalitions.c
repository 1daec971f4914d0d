/*
 * Coalition values by simulation (see sctwin/coalitions.h): which
 * mitigations each coalition runs, one experiment arm per distinct set of
 * them, each replication's profit per actor caught from the batches, and
 * the characteristic function with its confidence intervals.
 */
#include "allocation/coalitions_impl.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocation/game_impl.h"
#include "scenario_model.h"

#define MAX_OWNERS 12

void sc_coalitions_free(sc_coalitions *c)
{
    if (!c) return;
    for (int k = 0; c->set_names && k < c->n_sets; k++)
        free(c->set_names[k]);
    free(c->set_names);
    free(c->candidates);
    free(c->needs);
    free(c->set_on);
    free(c->arms);
    free(c->set_of);
    free(c->upstream);
    free(c->profit);
    free(c->income);
    free(c->mitigation);
    sc_game_free(c->game);
    free(c->v_lo);
    free(c->v_hi);
    free(c);
}

static sc_status fail(char *err, size_t errlen, sc_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return st;
}

/* Actors owning a stock that serves a market directly: whose sales data an
 * info_sharing mitigation passes upstream. */
static sc_coalition data_owners(const sc_scenario *sc)
{
    sc_coalition s = 0;
    for (int d = 0; d < sc->n_demands; d++)
        s |= sc_bit(sc->nodes[sc->stocks[sc->demands[d].stock].node].actor);
    return s;
}

/* The supplier of each actor: the source of its first stock (inventory.csv
 * order) that another actor supplies. */
static void find_upstream(const sc_scenario *sc, int *upstream)
{
    for (int a = 0; a < sc->n_actors; a++)
        upstream[a] = -1;
    for (int k = 0; k < sc->n_stocks; k++) {
        int a = sc->nodes[sc->stocks[k].node].actor, s = sc->nodes[sc->stocks[k].source].actor;
        if (s != a && upstream[a] < 0) upstream[a] = s;
    }
    /* Two actors supplying each other would make the contracts circular:
     * keep the first link only. */
    for (int a = 0; a < sc->n_actors; a++) {
        int u = upstream[a], steps = 0;
        while (u >= 0 && u != a && steps++ <= sc->n_actors)
            u = upstream[u];
        if (u == a) upstream[a] = -1;
    }
}

/* Bit k of the key: candidate k runs in coalition s. */
static uint64_t set_key(const sc_coalitions *c, sc_coalition s)
{
    uint64_t key = 0;
    for (int k = 0; k < c->n_candidates; k++)
        if ((c->needs[k] & s) == c->needs[k]) key |= (uint64_t)1 << k;
    return key;
}

static char *set_name(const sc_coalitions *c, uint64_t key)
{
    size_t len = 8;
    for (int k = 0; k < c->n_candidates; k++)
        len += strlen(c->sc->mitigations[c->candidates[k]].id) + 1;
    char *name = malloc(len);
    if (!name) return NULL;
    strcpy(name, key ? "" : "none");
    for (int k = 0; k < c->n_candidates; k++)
        if (key >> k & 1) {
            if (name[0]) strcat(name, "+");
            strcat(name, c->sc->mitigations[c->candidates[k]].id);
        }
    return name;
}

/* Adds the set of `key` unless it is there; returns its index or -1. */
static int intern_set(sc_coalitions *c, uint64_t *keys, uint64_t key)
{
    for (int k = 0; k < c->n_sets; k++)
        if (keys[k] == key) return k;
    int k = c->n_sets++;
    keys[k] = key;
    const sc_scenario *sc = c->sc;
    bool *on = &c->set_on[(size_t)k * (size_t)sc->n_mitigations];
    for (int j = 0; j < c->n_candidates; j++)
        on[c->candidates[j]] = key >> j & 1;
    c->set_names[k] = set_name(c, key);
    c->arms[k] = (sc_arm_spec){c->set_names[k], sc->arms[c->arm].shock_on, on};
    return c->set_names[k] ? k : -1;
}

/* The actors whose membership decides which candidates run: the owners, and
 * for info_sharing the data owners too.  A set is fixed by the members of S
 * among them, so there are at most 2^(their number) sets, and never more than
 * 2^(candidates). */
static sc_coalition relevant_actors(const sc_coalitions *c)
{
    sc_coalition relevant = 0;
    for (int k = 0; k < c->n_candidates; k++)
        relevant |= c->needs[k];
    return relevant;
}

static int set_bits(const sc_coalitions *c)
{
    int bits = sc_popcount(relevant_actors(c));
    return bits < c->n_candidates ? bits : c->n_candidates;
}

static sc_status make_sets(sc_coalitions *c)
{
    const sc_scenario *sc = c->sc;
    size_t max_sets = (size_t)1 << set_bits(c), coalitions = (size_t)1 << c->n;
    c->set_on = calloc(max_sets * (size_t)sc->n_mitigations + 1, sizeof *c->set_on);
    c->set_names = calloc(max_sets, sizeof *c->set_names);
    c->arms = calloc(max_sets, sizeof *c->arms);
    c->set_of = malloc(coalitions * sizeof *c->set_of);
    uint64_t *keys = malloc(max_sets * sizeof *keys);
    if (!c->set_on || !c->set_names || !c->arms || !c->set_of || !keys) {
        free(keys);
        return SC_ERR_NOMEM;
    }
    /* The key depends on the owners and data owners in S only, so the sets
     * are found on those members; every other coalition maps onto them. */
    sc_coalition relevant = relevant_actors(c);
    sc_status st = SC_OK;
    for (size_t s = 0; s < coalitions && st == SC_OK; s++) {
        sc_coalition r = (sc_coalition)s & relevant;
        if (r != (sc_coalition)s) {
            c->set_of[s] = c->set_of[r]; /* r < s: already done */
            continue;
        }
        c->set_of[s] = intern_set(c, keys, set_key(c, r));
        if (c->set_of[s] < 0) st = SC_ERR_NOMEM;
    }
    free(keys);
    return st;
}

sc_status sc_coalitions_plan(const sc_scenario *sc, int arm, sc_coalitions **out, char *err,
                             size_t errlen)
{
    *out = NULL;
    if (arm < 0 || arm >= sc->n_arms) return fail(err, errlen, SC_ERR_INPUT, "no such arm");
    if (sc->n_actors > SC_GAME_MAX_ACTORS)
        return fail(err, errlen, SC_ERR_INPUT,
                    "%d actors: coalition values are computed for at most %d", sc->n_actors,
                    SC_GAME_MAX_ACTORS);
    sc_coalitions *c = calloc(1, sizeof *c);
    if (!c) return SC_ERR_NOMEM;
    c->sc = sc;
    c->arm = arm;
    c->n = sc->n_actors;
    c->candidates = malloc(((size_t)sc->n_mitigations + 1) * sizeof *c->candidates);
    c->needs = malloc(((size_t)sc->n_mitigations + 1) * sizeof *c->needs);
    c->upstream = malloc((size_t)c->n * sizeof *c->upstream);
    if (!c->candidates || !c->needs || !c->upstream) {
        sc_coalitions_free(c);
        return SC_ERR_NOMEM;
    }
    sc_coalition data = data_owners(sc);
    for (int m = 0; m < sc->n_mitigations; m++) {
        if (!sc->arms[arm].mitigation_on[m]) continue;
        const sc_mitigation *mt = &sc->mitigations[m];
        c->owners |= sc_bit(mt->owner);
        c->needs[c->n_candidates] = sc_bit(mt->owner) | (mt->kind == SC_MIT_SHARING ? data : 0);
        c->candidates[c->n_candidates++] = m;
    }
    sc_status st = SC_OK;
    if (c->n_candidates == 0)
        st = fail(err, errlen, SC_ERR_INPUT,
                  "arm '%s' runs no mitigation: there is nothing for a coalition to fund",
                  sc->arms[arm].name);
    else if (c->n_candidates > 64 || set_bits(c) > MAX_OWNERS)
        st = fail(err, errlen, SC_ERR_INPUT,
                  "arm '%s': %d mitigations owned by %d actors (%d with the data owners of "
                  "info_sharing); at most 64 mitigations and %d such actors (2^%d simulated "
                  "arms)",
                  sc->arms[arm].name, c->n_candidates, sc_popcount(c->owners),
                  sc_popcount(relevant_actors(c)), MAX_OWNERS, MAX_OWNERS);
    if (st == SC_OK) {
        find_upstream(sc, c->upstream);
        st = make_sets(c);
        if (st == SC_ERR_NOMEM) fail(err, errlen, st, "out of memory");
    }
    if (st != SC_OK) {
        sc_coalitions_free(c);
        return st;
    }
    *out = c;
    return SC_OK;
}

int sc_coalitions_actor_count(const sc_coalitions *c)
{
    return c->n;
}

sc_coalition sc_coalitions_owners(const sc_coalitions *c)
{
    return c->owners;
}

int sc_coalitions_set_count(const sc_coalitions *c)
{
    return c->n_sets;
}

const char *sc_coalitions_set_name(const sc_coalitions *c, int set)
{
    return c->set_names[set];
}

int sc_coalitions_set_of(const sc_coalitions *c, sc_coalition s)
{
    return c->set_of[s & (sc_bit(c->n) - 1)];
}

bool sc_coalitions_set_has(const sc_coalitions *c, int set, int m)
{
    return c->set_on[(size_t)set * (size_t)c->sc->n_mitigations + (size_t)m];
}

int sc_coalitions_upstream(const sc_coalitions *c, int actor)
{
    return c->upstream[actor];
}

int sc_coalitions_replications(const sc_coalitions *c)
{
    return c->reps;
}

const sc_game *sc_coalitions_game(const sc_coalitions *c)
{
    return c->game;
}

void sc_coalitions_value_ci(const sc_coalitions *c, sc_coalition s, double *lo, double *hi)
{
    *lo = c->v_lo[s];
    *hi = c->v_hi[s];
}

/* ---- simulating ---------------------------------------------------------- */

typedef struct tee {
    sc_coalitions *c;
    const sc_experiment_config *cfg; /* the caller's, with its own sink */
} tee;

static double *cell(sc_coalitions *c, double *a, int set, int rep)
{
    return (double *)sc_coal_row(c, a, set, rep);
}

/* Keeps each replication's books, then passes the batch on. */
static sc_status tee_batch(void *ctx, const sc_batch *b)
{
    tee *t = ctx;
    sc_coalitions *c = t->c;
    for (int r = 0; r < b->n; r++)
        for (int i = 0; i < c->n; i++) {
            const double *l =
                &b->ledger[((size_t)r * (size_t)b->n_actors + (size_t)i) * SC_LEDGER_COLUMNS];
            int rep = b->first_rep + r;
            cell(c, c->profit, b->arm, rep)[i] = sc_ledger_income(l) - sc_ledger_costs(l);
            cell(c, c->income, b->arm, rep)[i] = sc_ledger_income(l);
            cell(c, c->mitigation, b->arm, rep)[i] = l[SC_LEDGER_MITIGATION];
        }
    return t->cfg->sink ? t->cfg->sink(t->cfg->sink_ctx, b) : SC_OK;
}

/* v(S) of one slot (a replication, or the mean). */
static double value_at(const sc_coalitions *c, sc_coalition s, int rep)
{
    const double *with = sc_coal_row(c, c->profit, c->set_of[s], rep);
    const double *none = sc_coal_row(c, c->profit, c->set_of[0], rep);
    double v = 0;
    for (sc_coalition m = s; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        v += with[i] - none[i];
    }
    return v;
}

static void take_means(sc_coalitions *c)
{
    double *arrays[3] = {c->profit, c->income, c->mitigation};
    for (int a = 0; a < 3; a++)
        for (int k = 0; k < c->n_sets; k++) {
            double *mean = cell(c, arrays[a], k, c->reps);
            for (int i = 0; i < c->n; i++) {
                double s = 0;
                for (int r = 0; r < c->reps; r++)
                    s += sc_coal_row(c, arrays[a], k, r)[i];
                mean[i] = s / c->reps;
            }
        }
}

static sc_status make_game(sc_coalitions *c)
{
    sc_coalition grand = sc_bit(c->n) - 1;
    if (sc_game_alloc(c->n, &c->game) != SC_OK) return SC_ERR_NOMEM;
    c->v_lo = malloc(((size_t)grand + 1) * sizeof *c->v_lo);
    c->v_hi = malloc(((size_t)grand + 1) * sizeof *c->v_hi);
    if (!c->v_lo || !c->v_hi) return SC_ERR_NOMEM;
    for (int i = 0; i < c->n; i++) {
        if (sc_game_set_name(c->game, i, c->sc->actors[i].id) != SC_OK) return SC_ERR_NOMEM;
        sc_game_set_revenue(c->game, i, sc_coal_row(c, c->income, c->set_of[grand], c->reps)[i]);
    }
    double t = c->reps > 1 ? gsl_cdf_tdist_Pinv(0.975, c->reps - 1) : NAN;
    for (sc_coalition s = 0; s <= grand; s++) {
        double mean = value_at(c, s, c->reps), ss = 0;
        for (int r = 0; r < c->reps; r++) {
            double d = value_at(c, s, r) - mean;
            ss += d * d;
        }
        double hw = c->reps > 1 ? t * sqrt(ss / (c->reps - 1) / c->reps) : NAN;
        sc_game_set(c->game, s, mean);
        c->v_lo[s] = mean - hw;
        c->v_hi[s] = mean + hw;
    }
    return SC_OK;
}

sc_status sc_coalitions_run(sc_coalitions *c, const sc_experiment_config *cfg, sc_results **res)
{
    *res = NULL;
    if (c->game || cfg->replications < 1) return SC_ERR_INPUT; /* one run per study */
    c->reps = cfg->replications;
    size_t cells = (size_t)c->n_sets * (size_t)(c->reps + 1) * (size_t)c->n;
    c->profit = calloc(cells, sizeof *c->profit);
    c->income = calloc(cells, sizeof *c->income);
    c->mitigation = calloc(cells, sizeof *c->mitigation);
    if (!c->profit || !c->income || !c->mitigation) return SC_ERR_NOMEM;
    tee t = {c, cfg};
    sc_experiment_config run = *cfg;
    run.sink = tee_batch;
    run.sink_ctx = &t;
    sc_status st = sc_experiment_run_arms(c->sc, &run, c->sc->shocks, c->sc->n_shocks, c->arms,
                                          c->n_sets, res);
    if (st != SC_OK) return st;
    take_means(c);
    return make_game(c);
}
