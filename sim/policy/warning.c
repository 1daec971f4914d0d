/*
 * Intelligent early warning.  When a shock occurrence is scheduled, it is
 * announced warning_days before its onset with probability warning_prob (the
 * draw is made whether or not a warning service is on, so that arms keep
 * common random numbers).  An early_warning mitigation in force that covers
 * the shock row (its target, or every row) delivers the announcement; false
 * alarms come as a Poisson process of false_alarms_per_year, each announcing
 * a shock row drawn at random that never comes.
 *
 * What warned agents do:
 *  - the owner's stocking points pre-position: their order-up-to targets rise
 *    by cover_days of recent daily demand until the announced end (onset +
 *    mean duration), and they review at once, ordering ahead;
 *  - what the shock would close counts as known down from the warning on, so
 *    rerouting (reroute.c) and backup sourcing (sourcing.c) act before it hits.
 * Stock bought on a false alarm is paid for and held: its cost is in the P&L.
 */
#include <gsl/gsl_randist.h>
#include <math.h>

#include "policy/inventory.h"
#include "trace.h"
#include "world.h"

void sc_warning_consider(sc_world *w, uint32_t shock_agent, int def, double onset)
{
    const sc_shock *s = &w->shocks[def];
    double u = gsl_rng_uniform(sc_rng(w, shock_agent, SC_RNG_ACCEPT));
    int m = w->def_warning[def];
    if (m < 0 || s->warning_days <= 0 || u >= s->warning_prob) return;
    double at = onset - s->warning_days;
    sc_schedule(w, at > w->now ? at : w->now, w->mitigation_base + (uint32_t)m, SC_EV_WARN,
                (uint32_t)def, onset);
}

void sc_warning_received(sc_world *w, int def, double onset)
{
    const sc_shock *s = &w->shocks[def];
    if (w->trace) sc_trace_warning_hook(w, def, onset);
    double until = onset + s->duration_days;
    if (until > w->warn_until[def]) {
        w->warn_until[def] = until;
        w->warn_onset[def] = onset;
    }
    int m = w->def_warning[def];
    if (m < 0) return;
    double cover = w->sc->mitigations[m].p[1];
    for (int k = 0; k < w->sc->n_stocks; k++) {
        sc_stock_state *st = &w->stocks[k];
        if (st->mit[SC_MIT_EARLY_WARNING] != m) continue;
        st->boost = cover * sc_policy_recent_demand(w, k);
        if (until > st->boost_until) st->boost_until = until;
        sc_stock_review(w, k);
    }
}

/* False alarms of early_warning mitigation m. */
static void schedule_false_alarm(sc_world *w, int m)
{
    double rate = w->sc->mitigations[m].p[0];
    if (rate <= 0) return;
    uint32_t agent = w->mitigation_base + (uint32_t)m;
    double t = w->now + gsl_ran_exponential(sc_rng(w, agent, SC_RNG_TIME), 365.0 / rate);
    if (t <= w->horizon) sc_schedule(w, t, agent, SC_EV_FALSE_ALARM, 0, 0);
}

static void false_alarm(sc_world *w, int m)
{
    int covered = 0;
    for (int d = 0; d < w->n_shocks; d++)
        covered += w->def_warning[d] == m;
    if (covered > 0) {
        gsl_rng *r = sc_rng(w, w->mitigation_base + (uint32_t)m, SC_RNG_QTY);
        int pick = (int)gsl_rng_uniform_int(r, (unsigned long)covered);
        for (int d = 0; d < w->n_shocks; d++)
            if (w->def_warning[d] == m && pick-- == 0)
                sc_warning_received(w, d, w->now + w->shocks[d].warning_days);
    }
    schedule_false_alarm(w, m);
}

/* ---- the mitigation agent: false alarms, announcements, learning ---- */

static void mitigation_start(sc_world *w, uint32_t agent)
{
    int m = (int)(agent - w->mitigation_base);
    if (w->mit_on[m] && w->sc->mitigations[m].kind == SC_MIT_EARLY_WARNING)
        schedule_false_alarm(w, m);
}

static void mitigation_handle(sc_world *w, const sc_event *ev)
{
    int m = (int)(ev->target - w->mitigation_base);
    switch (ev->type) {
    case SC_EV_WARN:
        sc_warning_received(w, (int)ev->arg, ev->value);
        break;
    case SC_EV_FALSE_ALARM:
        false_alarm(w, m);
        break;
    default:
        sc_learning_update(w, m, (int)ev->arg);
        break;
    }
}

const sc_agent_type sc_mitigation_type = {"mitigation", mitigation_start, mitigation_handle};
