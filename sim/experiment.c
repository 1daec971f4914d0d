/*
 * The Monte Carlo driver.  Replications are run in batches: inside a batch,
 * threads (OpenMP, one world each) take replications dynamically; each
 * replication runs its counterfactual twin (shocks off) once, then every arm
 * on the same random streams, and measures the arms against the twin.
 * Results are stored at their replication's index and handed to the sink
 * batch by batch in replication order, so output is the same bits for any
 * thread count and memory does not grow with the number of replications.
 * Under MPI (sim/ranks.h) each rank runs a contiguous block of every batch;
 * the blocks are gathered to rank 0, which alone hands batches to the sink,
 * so the file is the same bits for any number of ranks too.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "experiment_arms.h"
#include "ranks.h"
#include "replication.h"
#include "sctwin/metrics.h"
#include "world.h"

#define BATCH_PER_THREAD 16

sc_experiment_config sc_experiment_defaults(const sc_scenario *sc)
{
    return (sc_experiment_config){
        .replications = sc->experiment.replications,
        .seed = sc->experiment.seed,
        .horizon_days = sc->experiment.horizon_days,
        .warmup_days = sc->experiment.warmup_days,
    };
}

void sc_results_free(sc_results *r)
{
    if (!r) return;
    for (int a = 0; r->arm_names && a < r->n_arms; a++)
        free(r->arm_names[a]);
    free(r->arm_names);
    free(r->metrics);
    free(r->summary);
    free(r->paired);
    free(r->actor_income);
    free(r->actor_costs);
    free(r);
}

sc_results *sc_results_alloc(int n_arms, int reps, int n_actors, const char *const *arm_names,
                             bool keep_metrics)
{
    sc_results *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->n_arms = n_arms;
    r->replications = reps;
    r->n_actors = n_actors;
    size_t n = (size_t)n_arms * (size_t)reps, na = (size_t)n_arms * (size_t)n_actors + 1;
    r->arm_names = calloc((size_t)n_arms + 1, sizeof *r->arm_names);
    r->metrics = keep_metrics ? calloc(n + 1, sizeof *r->metrics) : NULL;
    r->actor_income = calloc(na, sizeof *r->actor_income);
    r->actor_costs = calloc(na, sizeof *r->actor_costs);
    bool ok = r->arm_names && (r->metrics || !keep_metrics) && r->actor_income && r->actor_costs;
    for (int a = 0; ok && a < n_arms; a++)
        ok = (r->arm_names[a] = strdup(arm_names[a])) != NULL;
    if (!ok) {
        sc_results_free(r);
        return NULL;
    }
    return r;
}

static sc_results *results_alloc(const sc_scenario *sc, const sc_arm_spec *arms, int n_arms,
                                 int reps, bool keep_metrics)
{
    const char **names = malloc(((size_t)n_arms + 1) * sizeof *names);
    if (!names) return NULL;
    for (int a = 0; a < n_arms; a++)
        names[a] = arms[a].name;
    sc_results *r = sc_results_alloc(n_arms, reps, sc->n_actors, names, keep_metrics);
    free(names);
    return r;
}

void sc_results_add_ledger(sc_results *r, int arm, const double *ledger)
{
    for (int k = 0; k < r->n_actors; k++) {
        const double *l = &ledger[(size_t)k * SC_LEDGER_COLUMNS];
        r->actor_income[arm * r->n_actors + k] += sc_ledger_income(l) / r->replications;
        r->actor_costs[arm * r->n_actors + k] += sc_ledger_costs(l) / r->replications;
    }
}

/* Copies the replications a resumed run does not repeat into res; returns
 * the first replication to run.  The actor means are sums of per
 * replication terms in replication order, so continuing them gives the
 * same bits as an uninterrupted run. */
static int take_done(sc_results *res, const sc_experiment_config *cfg)
{
    const sc_results *d = cfg->done;
    int k = cfg->first_rep;
    if (!d || k <= 0 || d->n_arms != res->n_arms || d->replications != res->replications ||
        d->n_actors != res->n_actors)
        return 0;
    if (k > res->replications) k = res->replications;
    for (int a = 0; res->metrics && d->metrics && a < res->n_arms; a++)
        memcpy(&res->metrics[(size_t)a * (size_t)res->replications],
               &d->metrics[(size_t)a * (size_t)d->replications], (size_t)k * sizeof *res->metrics);
    size_t na = (size_t)res->n_arms * (size_t)res->n_actors;
    memcpy(res->actor_income, d->actor_income, na * sizeof *res->actor_income);
    memcpy(res->actor_costs, d->actor_costs, na * sizeof *res->actor_costs);
    return k;
}

/* Buffers of one batch: [arm][replication in batch]. */
typedef struct batch_buf {
    int cap; /* replications per batch */
    int n_arms, n_nodes, n_actors, n_days;
    sc_rep_metrics *metrics;
    sc_node_stats *nodes;
    double *ledger;
    float *curve;
    sc_shock_row **rows; /* per slot, grown as needed */
    int *n_rows, *cap_rows;
    sc_shock_row *merged;
    size_t cap_merged;
} batch_buf;

static size_t slot(const batch_buf *b, int arm, int i)
{
    return (size_t)arm * (size_t)b->cap + (size_t)i;
}

static void batch_free(batch_buf *b)
{
    for (size_t i = 0; b->rows && i < (size_t)b->n_arms * (size_t)b->cap; i++)
        free(b->rows[i]);
    free(b->metrics);
    free(b->nodes);
    free(b->ledger);
    free(b->curve);
    free(b->rows);
    free(b->n_rows);
    free(b->cap_rows);
    free(b->merged);
}

static bool batch_alloc(batch_buf *b, const sc_scenario *sc, int n_arms, int cap, int n_days)
{
    *b = (batch_buf){.cap = cap,
                     .n_arms = n_arms,
                     .n_nodes = sc->n_nodes,
                     .n_actors = sc->n_actors,
                     .n_days = n_days};
    size_t slots = (size_t)n_arms * (size_t)cap;
    b->metrics = calloc(slots, sizeof *b->metrics);
    b->nodes = calloc(slots * (size_t)sc->n_nodes + 1, sizeof *b->nodes);
    b->ledger = calloc(slots * (size_t)sc->n_actors * SC_LEDGER_COLUMNS + 1, sizeof *b->ledger);
    b->curve = calloc(slots * (size_t)n_days, sizeof *b->curve);
    b->rows = calloc(slots, sizeof *b->rows);
    b->n_rows = calloc(slots, sizeof *b->n_rows);
    b->cap_rows = calloc(slots, sizeof *b->cap_rows);
    return b->metrics && b->nodes && b->ledger && b->curve && b->rows && b->n_rows && b->cap_rows;
}

static bool add_row(batch_buf *b, size_t s, sc_shock_row row)
{
    if (b->n_rows[s] == b->cap_rows[s]) {
        int cap = b->cap_rows[s] ? 2 * b->cap_rows[s] : 8;
        sc_shock_row *grown = realloc(b->rows[s], (size_t)cap * sizeof *grown);
        if (!grown) return false;
        b->rows[s] = grown;
        b->cap_rows[s] = cap;
    }
    b->rows[s][b->n_rows[s]++] = row;
    return true;
}

/* Per-thread scratch: a world, the twins' curves and profits (indexed by
 * the arm that stands for each set of mitigations), q(t). */
typedef struct thread_ctx {
    sc_world *w;
    double *twin, *q;
    bool *in_window;
    double *twin_profit;
    uint64_t events;
} thread_ctx;

typedef struct run_ctx {
    const sc_scenario *sc;
    const sc_experiment_config *cfg;
    const sc_arm_spec *arms;
    int n_arms;
    int *twin_of;    /* [n_arms] the arm whose twin an arm shares: the first
                        with the same mitigations (the twin has them too) */
    bool *need_twin; /* [n_arms] for a representative arm: some arm sharing
                        its twin has a shock on */
    int n_mitigations;
    batch_buf *batch;
    sc_results *res;
} run_ctx;

static bool same_mitigations(const run_ctx *R, const sc_arm_spec *a, const sc_arm_spec *b)
{
    for (int m = 0; m < R->n_mitigations; m++) {
        bool x = a->mitigation_on && a->mitigation_on[m],
             y = b->mitigation_on && b->mitigation_on[m];
        if (x != y) return false;
    }
    return true;
}

static double system_profit(const double *ledger, int n_actors)
{
    double p = 0;
    for (int a = 0; a < n_actors; a++)
        p += sc_ledger_income(&ledger[a * SC_LEDGER_COLUMNS]) -
             sc_ledger_costs(&ledger[a * SC_LEDGER_COLUMNS]);
    return p;
}

static bool same_shock_kind(const sc_shock *a, const sc_shock *b)
{
    return a->kind == b->kind && a->target_kind == b->target_kind && a->target == b->target;
}

/* Run-level resilience: resistance and loss over the measured days inside
 * the disruption windows of all shocks (so noise and overshoot elsewhere do
 * not count); TTS and TTR of the first shock after the warm-up; adaptation
 * over the repeats of each kind of shock. */
static bool measure(const run_ctx *R, sc_world *w, const double *q, sc_rep_metrics *m, size_t s,
                    bool *in_window)
{
    batch_buf *b = R->batch;
    int d0 = (int)ceil(w->warmup);
    memset(in_window, 0, (size_t)w->n_days * sizeof *in_window);
    m->tts = m->ttr = m->adaptation = m->recovery_level = NAN;
    double first = INFINITY;
    for (int i = 0; i < w->n_instances; i++) {
        const sc_shock_instance *in = &w->instances[i];
        sc_resilience r = sc_metrics_shock(q, w->n_days, in->onset, in->end);
        int from = (int)floor(in->onset), to = (int)ceil(fmax(in->end, in->onset + r.ttr));
        if (to <= from) to = from + 1;
        for (int d = from < d0 ? d0 : from; d < to && d < w->n_days; d++)
            in_window[d] = true;
        sc_shock_row row = {(int32_t)w->rep, in->def, in->onset, in->end,         r.resistance,
                            r.tts,           r.ttr,   r.loss,    r.recovery_level};
        if (!add_row(b, s, row)) return false;
        if (in->onset >= w->warmup && in->onset < first) {
            first = in->onset;
            m->tts = r.tts;
            m->ttr = r.ttr;
            m->recovery_level = r.recovery_level;
        }
    }
    /* Adaptation: per kind of shock (same kind on the same target, whichever
     * rows of shocks.csv its occurrences come from), 1 - loss of the last
     * occurrence / loss of the first. */
    double sum = 0;
    int n = 0;
    const sc_shock *defs = w->shocks;
    for (int k = 0; k < w->n_shocks; k++) {
        bool seen = false;
        for (int j = 0; j < k && !seen; j++)
            seen = same_shock_kind(&defs[j], &defs[k]);
        if (seen) continue; /* its group was measured at j */
        double first_onset = INFINITY, last_onset = -INFINITY, losses[2] = {NAN, NAN};
        int count = 0;
        for (int i = 0; i < b->n_rows[s]; i++) {
            const sc_shock_row *row = &b->rows[s][i];
            if (row->onset < w->warmup || !same_shock_kind(&defs[row->shock], &defs[k])) continue;
            count++;
            if (row->onset < first_onset) {
                first_onset = row->onset;
                losses[0] = row->loss;
            }
            if (row->onset >= last_onset) {
                last_onset = row->onset;
                losses[1] = row->loss;
            }
        }
        double a = count >= 2 ? sc_metrics_adaptation(losses, 2) : NAN;
        if (!isnan(a)) {
            sum += a;
            n++;
        }
    }
    if (n > 0) m->adaptation = sum / n;
    m->resistance = 1;
    m->loss = 0;
    for (int d = d0; d < w->n_days; d++) {
        if (!in_window[d]) continue;
        if (q[d] < m->resistance) m->resistance = q[d];
        m->loss += 1 - q[d];
    }
    return true;
}

static bool run_replication(const run_ctx *R, thread_ctx *t, int rep, int i)
{
    const sc_experiment_config *cfg = R->cfg;
    batch_buf *b = R->batch;
    sc_world *w = t->w;
    int n_days = b->n_days;
    for (int a = 0; a < R->n_arms; a++) {
        if (!R->need_twin[a]) continue;
        sc_world_reset(w, cfg->seed, (uint64_t)rep, cfg->horizon_days, cfg->warmup_days, NULL,
                       R->arms[a].mitigation_on);
        if (!sc_world_run(w)) return false;
        t->events += w->events;
        memcpy(&t->twin[(size_t)a * (size_t)n_days], w->served_day,
               (size_t)n_days * sizeof *t->twin);
        t->twin_profit[a] = sc_world_close_books(w);
    }
    for (int a = 0; a < R->n_arms; a++) {
        size_t s = slot(b, a, i);
        int tw = R->twin_of[a];
        b->n_rows[s] = 0;
        sc_world_reset(w, cfg->seed, (uint64_t)rep, cfg->horizon_days, cfg->warmup_days,
                       R->arms[a].shock_on, R->arms[a].mitigation_on);
        sc_rep_metrics *m = &b->metrics[s];
        double *ledger = &b->ledger[s * (size_t)b->n_actors * SC_LEDGER_COLUMNS];
        if (!sc_world_run(w) ||
            !sc_replication_collect(w, m, &b->nodes[s * (size_t)b->n_nodes], ledger))
            return false;
        t->events += w->events;
        m->seed = sc_replication_seed(cfg->seed, (uint64_t)rep);
        /* Every arm against the twin of the first arm's set of mitigations
         * (docs/mitigations.md), which runs whenever some arm has a shock;
         * with no shock anywhere nothing is disrupted. */
        if (R->need_twin[0])
            sc_metrics_q(w->served_day, t->twin, n_days, t->q);
        else
            for (int d = 0; d < n_days; d++)
                t->q[d] = 1;
        float *curve = &b->curve[s * (size_t)n_days];
        for (int d = 0; d < n_days; d++)
            curve[d] = (float)t->q[d];
        if (!measure(R, w, t->q, m, s, t->in_window)) return false;
        double profit = system_profit(ledger, b->n_actors);
        m->profit_impact = R->need_twin[tw] ? profit - t->twin_profit[tw] : 0;
    }
    return true;
}

/* Gathers the ranks' blocks of arm a's slots [0, n) to rank 0; the shock
 * rows of each rank's block go, in replication order, to b->merged
 * (*n_merged of them on rank 0). */
static sc_status gather(batch_buf *b, int a, int n, size_t *n_merged)
{
    size_t s0 = slot(b, a, 0), cells = (size_t)b->n_actors * SC_LEDGER_COLUMNS;
    sc_ranks_gather_blocks(&b->metrics[s0], n, sizeof *b->metrics);
    sc_ranks_gather_blocks(&b->nodes[s0 * (size_t)b->n_nodes], n,
                           (size_t)b->n_nodes * sizeof *b->nodes);
    sc_ranks_gather_blocks(&b->ledger[s0 * cells], n, cells * sizeof *b->ledger);
    sc_ranks_gather_blocks(&b->curve[s0 * (size_t)b->n_days], n,
                           (size_t)b->n_days * sizeof *b->curve);
    sc_ranks_gather_blocks(&b->n_rows[s0], n, sizeof *b->n_rows);
    int lo, hi;
    sc_ranks_block(n, &lo, &hi);
    size_t mine = 0, total = 0;
    for (int i = 0; i < n; i++) {
        size_t rows = (size_t)b->n_rows[s0 + (size_t)i];
        if (i >= lo && i < hi) mine += rows;
        total += rows; /* meaningful on rank 0, which holds every count */
    }
    size_t room = sc_ranks_root() ? total : mine;
    if (room > b->cap_merged) {
        sc_shock_row *grown = realloc(b->merged, room * sizeof *grown);
        if (!grown) return SC_ERR_NOMEM;
        b->merged = grown;
        b->cap_merged = room;
    }
    size_t k = 0;
    for (int i = lo; i < hi; i++)
        for (int j = 0; j < b->n_rows[s0 + (size_t)i]; j++)
            b->merged[k++] = b->rows[s0 + (size_t)i][j];
    sc_ranks_gather_var(b->merged, (int)mine, sizeof *b->merged);
    *n_merged = total;
    return SC_OK;
}

/* Hands a finished batch to the sink and keeps what stays in memory (on
 * rank 0; the other ranks only send their blocks). */
static sc_status flush(const run_ctx *R, int first, int n)
{
    batch_buf *b = R->batch;
    sc_results *res = R->res;
    sc_status status = SC_OK;
    for (int a = 0; a < R->n_arms; a++) {
        size_t total = 0;
        /* Every rank takes part in every arm's gather, whatever failed. */
        sc_status st = sc_ranks_max_int(gather(b, a, n, &total));
        if (status == SC_OK) status = st;
        if (status != SC_OK || !sc_ranks_root()) continue;
        size_t s0 = slot(b, a, 0);
        if (res->metrics)
            memcpy(&res->metrics[(size_t)a * (size_t)res->replications + (size_t)first],
                   &b->metrics[s0], (size_t)n * sizeof *b->metrics);
        for (int i = 0; i < n; i++)
            sc_results_add_ledger(
                res, a, &b->ledger[(s0 + (size_t)i) * (size_t)b->n_actors * SC_LEDGER_COLUMNS]);
        if (!R->cfg->sink) continue;
        sc_batch out = {a,
                        first,
                        n,
                        b->n_nodes,
                        b->n_actors,
                        b->n_days,
                        &b->metrics[s0],
                        &b->nodes[s0 * (size_t)b->n_nodes],
                        &b->ledger[s0 * (size_t)b->n_actors * SC_LEDGER_COLUMNS],
                        &b->curve[s0 * (size_t)b->n_days],
                        b->merged,
                        (int)total};
        double t0 = omp_get_wtime();
        status = R->cfg->sink(R->cfg->sink_ctx, &out);
        res->sink_s += omp_get_wtime() - t0;
    }
    return status;
}

sc_status sc_experiment_run_arms(const sc_scenario *sc, const sc_experiment_config *cfg,
                                 const sc_shock *shocks, int n_shocks, const sc_arm_spec *arms,
                                 int n_arms, sc_results **out)
{
    *out = NULL;
    int reps = cfg->replications;
    if (reps < 1 || n_arms < 1 || !(cfg->horizon_days > cfg->warmup_days) || cfg->warmup_days < 0)
        return SC_ERR_INPUT;
    int threads = cfg->threads > 0 ? cfg->threads : omp_get_max_threads();
    if (threads > reps) threads = reps;
    /* A batch keeps every thread of every rank busy. */
    int cap = sc_ranks_sum_int(threads) * BATCH_PER_THREAD;
    if (cap > reps) cap = reps;
    int n_days = (int)ceil(cfg->horizon_days);
    sc_results *res = results_alloc(sc, arms, n_arms, reps, !cfg->discard_metrics);
    batch_buf batch;
    bool ok = batch_alloc(&batch, sc, n_arms, cap, n_days) && res;
    if (!ok) {
        batch_free(&batch);
        sc_results_free(res);
        return SC_ERR_NOMEM;
    }
    res->threads = threads;
    res->ranks = sc_ranks_size();
    int start = sc_ranks_bcast_int(take_done(res, cfg)); /* rank 0 read the partial file */
    run_ctx R = {sc,
                 cfg,
                 arms,
                 n_arms,
                 calloc((size_t)n_arms, sizeof(int)),
                 calloc((size_t)n_arms, sizeof(bool)),
                 sc->n_mitigations,
                 &batch,
                 res};
    if (!R.twin_of || !R.need_twin) {
        free(R.twin_of);
        free(R.need_twin);
        batch_free(&batch);
        sc_results_free(res);
        return SC_ERR_NOMEM;
    }
    for (int a = 0; a < n_arms; a++) {
        int tw = a;
        for (int b = 0; b < a && tw == a; b++)
            if (same_mitigations(&R, &arms[a], &arms[b])) tw = b;
        R.twin_of[a] = tw;
        for (int k = 0; k < n_shocks; k++) {
            R.need_twin[tw] |= arms[a].shock_on[k];
            /* the reference of every arm's q(t), even when no arm sharing
             * the first arm's mitigations has a shock */
            R.need_twin[0] |= arms[a].shock_on[k];
        }
    }

    sc_status status = SC_OK;
    int halt = 0, done = start;
    uint64_t events = 0;
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads) reduction(+ : events)
    {
        thread_ctx t = {sc_world_alloc(sc, shocks, n_shocks),
                        malloc(((size_t)n_days * (size_t)n_arms + 1) * sizeof(double)),
                        malloc(((size_t)n_days + 1) * sizeof(double)),
                        malloc(((size_t)n_days + 1) * sizeof(bool)),
                        calloc((size_t)n_arms + 1, sizeof(double)),
                        0};
        int mine_ok = t.w && t.twin && t.q && t.in_window && t.twin_profit;
        if (t.w) t.w->stop = cfg->stop; /* a long replication stops mid-run on Ctrl-C */
        for (int first = start; first < reps && !halt; first += cap) {
            int n = reps - first < cap ? reps - first : cap, lo, hi;
            sc_ranks_block(n, &lo, &hi);
#pragma omp for schedule(dynamic, 1)
            for (int i = lo; i < hi; i++) {
                int halted;
#pragma omp atomic read
                halted = halt;
                if (halted) continue; /* the batch is dropped: no need to finish it */
                bool good = mine_ok && run_replication(&R, &t, first + i, i);
                if (!good) {
#pragma omp atomic write
                    halt = t.w && t.w->interrupted ? 3 : 2;
                }
            }
            /* MPI calls come from the master thread only (FUNNELED). */
#pragma omp master
            {
                halt = sc_ranks_max_int(halt); /* one rank failing stops them all */
                if (halt == 0) {
                    status = flush(&R, first, n);
                    done += n;
                    if (cfg->progress && sc_ranks_root())
                        cfg->progress(cfg->progress_ctx, done, reps);
                    if (status == SC_OK && cfg->stop && *cfg->stop) status = SC_ERR_INTERRUPTED;
                    status = (sc_status)sc_ranks_bcast_int(status); /* rank 0 decides */
                    if (status != SC_OK) halt = 1;
                }
            }
#pragma omp barrier
        }
        events += t.events;
        sc_world_free(t.w);
        free(t.twin);
        free(t.q);
        free(t.in_window);
        free(t.twin_profit);
    }
    res->elapsed_s = omp_get_wtime() - t0;
    res->events = sc_ranks_sum_u64(events);
    batch_free(&batch);
    free(R.twin_of);
    free(R.need_twin);
    if (halt == 2) status = SC_ERR_NOMEM;
    if (halt == 3) status = SC_ERR_INTERRUPTED;
    if (status != SC_OK) {
        sc_results_free(res);
        return status;
    }
    *out = res;
    return SC_OK;
}

sc_status sc_experiment_run(const sc_scenario *sc, const sc_experiment_config *cfg,
                            sc_results **out)
{
    int n = cfg->arms ? cfg->n_arms : sc->n_arms;
    sc_arm_spec *specs = calloc((size_t)n + 1, sizeof *specs);
    if (!specs) return SC_ERR_NOMEM;
    for (int a = 0; a < n; a++) {
        int k = cfg->arms ? cfg->arms[a] : a;
        if (k < 0 || k >= sc->n_arms) {
            free(specs);
            return SC_ERR_INPUT;
        }
        specs[a] = (sc_arm_spec){sc->arms[k].name, sc->arms[k].shock_on, sc->arms[k].mitigation_on};
    }
    sc_status st = sc_experiment_run_arms(sc, cfg, sc->shocks, sc->n_shocks, specs, n, out);
    free(specs);
    return st;
}
