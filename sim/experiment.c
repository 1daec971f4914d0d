/*
 * The Monte Carlo driver: runs the replications of an experiment in parallel
 * (OpenMP, one world per thread, replications handed out dynamically) and
 * stores each one's results at its own index, so the output does not depend
 * on the thread count or on which thread ran what.
 */
#include "sctwin/experiment.h"

#include <omp.h>
#include <stdlib.h>

#include "core/rng.h"
#include "replication.h"
#include "scenario_model.h"
#include "world.h"

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
    free(r->metrics);
    free(r->nodes);
    free(r->ledger);
    free(r);
}

static sc_results *results_alloc(const sc_scenario *sc, int reps)
{
    sc_results *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->replications = reps;
    r->n_nodes = sc->n_nodes;
    r->n_actors = sc->n_actors;
    size_t n = (size_t)reps;
    r->metrics = calloc(n, sizeof *r->metrics);
    r->nodes = calloc(n * (size_t)sc->n_nodes + 1, sizeof *r->nodes);
    r->ledger = calloc(n * (size_t)sc->n_actors * SC_LEDGER_COLUMNS + 1, sizeof *r->ledger);
    if (!r->metrics || !r->nodes || !r->ledger) {
        sc_results_free(r);
        return NULL;
    }
    return r;
}

sc_status sc_experiment_run(const sc_scenario *sc, const sc_experiment_config *cfg,
                            sc_results **out)
{
    *out = NULL;
    if (cfg->replications < 1 || !(cfg->horizon_days > cfg->warmup_days) || cfg->warmup_days < 0)
        return SC_ERR_INPUT;
    sc_results *res = results_alloc(sc, cfg->replications);
    if (!res) return SC_ERR_NOMEM;
    int threads = cfg->threads > 0 ? cfg->threads : omp_get_max_threads();
    if (threads > cfg->replications) threads = cfg->replications;
    res->threads = threads;
    int failed = 0, done = 0;
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads) reduction(+ : failed)
    {
        sc_world *w = sc_world_alloc(sc);
        if (!w) failed++;
#pragma omp for schedule(dynamic, 1)
        for (int rep = 0; rep < cfg->replications; rep++) {
            if (!w) continue;
            sc_world_reset(w, cfg->seed, (uint64_t)rep, cfg->horizon_days, cfg->warmup_days);
            size_t i = (size_t)rep;
            bool ok =
                sc_world_run(w) &&
                sc_replication_collect(w, &res->metrics[i], &res->nodes[i * (size_t)sc->n_nodes],
                                       &res->ledger[i * (size_t)sc->n_actors * SC_LEDGER_COLUMNS]);
            if (!ok) failed++;
            res->metrics[i].seed = sc_replication_seed(cfg->seed, (uint64_t)rep);
#pragma omp critical(sc_progress)
            {
                done++;
                if (cfg->progress) cfg->progress(cfg->progress_ctx, done, cfg->replications);
            }
        }
        sc_world_free(w);
    }
    res->elapsed_s = omp_get_wtime() - t0;
    if (failed) {
        sc_results_free(res);
        return SC_ERR_NOMEM;
    }
    for (int i = 0; i < res->replications; i++)
        res->events += res->metrics[i].events;
    *out = res;
    return SC_OK;
}
