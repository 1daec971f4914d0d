/*
 * Resilience metrics from performance curves (DESIGN.md §4).
 *
 * served[d] is the number of units delivered to end customers on time on day
 * d; twin[d] the same in the counterfactual twin (same seed and streams,
 * shocks off).  q(d) = rolling-7-day served / rolling-7-day twin served, with
 * the window cut at day 0; q = 1 when the twin served nothing in the window
 * (nothing was expected, so nothing was lost).  q is capped at 1 (1 means
 * unharmed): serving more than the twin, as when a demand surge is met from
 * stock or a backlog is caught up after a disruption, is not counted as a
 * gain that would offset the loss.
 *
 * For a shock with onset t0 (days) and end t1, on whole days d >= floor(t0):
 *   time to survive  TTS = first day d with q(d) < 0.95, minus t0
 *                          (horizon - t0 if q never drops);
 *   time to recover  TTR = first day d after the drop with q >= 0.95 on
 *                          d..d+6, minus t0 (0 if q never drops; horizon - t0
 *                          if it never recovers for 7 days before the horizon);
 *   window           days floor(t0) .. max(t1, t0 + TTR), within the horizon;
 *   resistance       min q over the window;
 *   loss             sum over the window of (1 - q(d)) x 1 day;
 *   recovery level   mean q over the SC_RECOVERY_DAYS days from the
 *                    recovery (day t0 + TTR) over mean q over the
 *                    SC_Q_WINDOW_DAYS days before the onset's day: the
 *                    post-recovery level against the pre-shock level of
 *                    DESIGN.md §4 (1: back where it was); NaN when q never
 *                    dropped, never recovered, or no day precedes the onset.
 */
#ifndef SCTWIN_METRICS_H
#define SCTWIN_METRICS_H

#define SC_Q_THRESHOLD 0.95
#define SC_Q_WINDOW_DAYS 7
#define SC_RECOVERY_DAYS 7

typedef struct sc_resilience {
    double resistance, tts, ttr, loss, recovery_level;
} sc_resilience;

/* q[d] for d in [0, n_days). */
void sc_metrics_q(const double *served, const double *twin, int n_days, double *q);

/* Metrics of a disruption from onset to end (days) on a q curve of n_days
 * whole days. */
sc_resilience sc_metrics_shock(const double *q, int n_days, double onset, double end);

/* Adaptation over repeated shocks of one kind: 1 - loss_last / loss_first,
 * NaN when there are fewer than two or the first did no harm. */
double sc_metrics_adaptation(const double *losses, int n);

#endif
