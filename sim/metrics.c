/*
 * Resilience metrics on performance curves: q(t), time to survive, time to
 * recover, resistance, loss, adaptation (definitions in sctwin/metrics.h).
 * Pure functions of arrays, so the unit tests can feed them hand-made curves.
 */
#include "sctwin/metrics.h"

#include <math.h>

void sc_metrics_q(const double *served, const double *twin, int n_days, double *q)
{
    double s = 0, t = 0;
    for (int d = 0; d < n_days; d++) {
        s += served[d];
        t += twin[d];
        if (d >= SC_Q_WINDOW_DAYS) {
            s -= served[d - SC_Q_WINDOW_DAYS];
            t -= twin[d - SC_Q_WINDOW_DAYS];
        }
        /* Running sums of whole units: guard against rounding residue. */
        if (fabs(t) < 1e-9) t = 0;
        q[d] = t > 0 && s < t ? s / t : 1.0;
    }
}

/* First day >= from on which q stays at or above the threshold for
 * SC_RECOVERY_DAYS days; -1 if none fits before the horizon. */
static int recovery_day(const double *q, int n_days, int from)
{
    int run = 0;
    for (int d = from; d < n_days; d++) {
        run = q[d] >= SC_Q_THRESHOLD ? run + 1 : 0;
        if (run == SC_RECOVERY_DAYS) return d - SC_RECOVERY_DAYS + 1;
    }
    return -1;
}

static double mean_q(const double *q, int from, int to)
{
    double s = 0;
    for (int d = from; d < to; d++)
        s += q[d];
    return s / (to - from);
}

sc_resilience sc_metrics_shock(const double *q, int n_days, double onset, double end)
{
    double horizon = n_days;
    int d0 = (int)floor(onset);
    if (d0 < 0) d0 = 0;
    sc_resilience r = {NAN, horizon - onset, 0, 0, NAN};
    if (d0 >= n_days) return r;
    int drop = -1;
    for (int d = d0; d < n_days && drop < 0; d++)
        if (q[d] < SC_Q_THRESHOLD) drop = d;
    if (drop >= 0) {
        r.tts = drop - onset;
        if (r.tts < 0) r.tts = 0;
        int rec = recovery_day(q, n_days, drop);
        r.ttr = rec >= 0 ? rec - onset : horizon - onset;
        int pre = d0 - SC_Q_WINDOW_DAYS < 0 ? 0 : d0 - SC_Q_WINDOW_DAYS;
        /* recovery_day found SC_RECOVERY_DAYS good days from rec on. */
        if (rec >= 0 && pre < d0)
            r.recovery_level = mean_q(q, rec, rec + SC_RECOVERY_DAYS) / mean_q(q, pre, d0);
    }
    double last = end > onset + r.ttr ? end : onset + r.ttr;
    int d1 = (int)ceil(last);
    if (d1 <= d0) d1 = d0 + 1; /* at least the onset day */
    if (d1 > n_days) d1 = n_days;
    r.resistance = INFINITY;
    for (int d = d0; d < d1; d++) {
        if (q[d] < r.resistance) r.resistance = q[d];
        r.loss += 1 - q[d];
    }
    return r;
}

double sc_metrics_adaptation(const double *losses, int n)
{
    if (n < 2 || !(losses[0] > 0)) return NAN;
    return 1 - losses[n - 1] / losses[0];
}
