/*
 * Continuous optimisation (learning).  When a shock occurs, every stocking
 * point notes how many units it has so far failed to fill at once.  When the
 * occurrence has ended and window_days more have passed (the damage of a
 * disruption shows downstream weeks later), each stocking point covered by a
 * learning mitigation raises its order-up-to target by `rate` times the units
 * it failed to fill since the onset, less what an earlier update has already
 * learned from (overlapping occurrences).  The raise is phased in linearly over
 * the next window_days: a jump would land as one large order on its
 * suppliers and starve everyone else (a bullwhip of the learner's making).
 * A second shock of the same kind then finds more stock in place and costs
 * less: the adaptation metric, 1 - last loss / first loss, measures it.
 */
#include <stdlib.h>

#include "world.h"

void sc_learning_onset(sc_world *w, int instance)
{
    const sc_scenario *sc = w->sc;
    bool any = false;
    for (int m = 0; m < sc->n_mitigations; m++)
        any |= w->mit_on[m] && sc->mitigations[m].kind == SC_MIT_LEARNING;
    if (!any || sc->n_stocks == 0) return;
    size_t need = ((size_t)w->cap_instances) * (size_t)sc->n_stocks;
    double *marks = realloc(w->learn_marks, need * sizeof *marks);
    if (!marks) {
        w->failed = true;
        return;
    }
    w->learn_marks = marks;
    for (int k = 0; k < sc->n_stocks; k++)
        marks[(size_t)instance * (size_t)sc->n_stocks + (size_t)k] = w->stocks[k].short_units;
    const sc_shock_instance *in = &w->instances[instance];
    for (int m = 0; m < sc->n_mitigations; m++)
        if (w->mit_on[m] && sc->mitigations[m].kind == SC_MIT_LEARNING &&
            sc->mitigations[m].p[0] > 0) {
            double at = in->end + sc->mitigations[m].p[1];
            if (at <= w->horizon)
                sc_schedule(w, at, w->mitigation_base + (uint32_t)m, SC_EV_LEARN,
                            (uint32_t)instance, 0);
        }
}

void sc_learning_update(sc_world *w, int m, int instance)
{
    const sc_scenario *sc = w->sc;
    double rate = sc->mitigations[m].p[0];
    for (int k = 0; k < sc->n_stocks; k++) {
        sc_stock_state *st = &w->stocks[k];
        if (st->mit[SC_MIT_LEARNING] != m) continue;
        double mark = w->learn_marks[(size_t)instance * (size_t)sc->n_stocks + (size_t)k];
        double now_level = sc_learned_target(w, k);
        st->learn_to = now_level + rate * (st->short_units - mark);
        st->learn_from = now_level;
        st->learn_t0 = w->now;
        st->learn_t1 = w->now + sc->mitigations[m].p[1];
        /* What is learned now is not learned again: an overlapping occurrence
         * still to update counts only the units short after this update. */
        for (int j = 0; j < w->n_instances; j++) {
            double *mj = &w->learn_marks[(size_t)j * (size_t)sc->n_stocks + (size_t)k];
            if (j != instance && *mj < st->short_units) *mj = st->short_units;
        }
    }
}

double sc_learned_target(const sc_world *w, int k)
{
    const sc_stock_state *st = &w->stocks[k];
    if (w->now >= st->learn_t1) return st->learn_to;
    double f = (w->now - st->learn_t0) / (st->learn_t1 - st->learn_t0);
    return st->learn_from + (st->learn_to - st->learn_from) * (f > 0 ? f : 0);
}
