/*
 * Resilience metrics on hand-made performance curves whose values are known
 * by hand (definitions in include/sctwin/metrics.h).
 */
#include <math.h>

#include "../check.h"
#include "sctwin/metrics.h"

#define N 60

static void fill(double *q, int n, double v)
{
    for (int d = 0; d < n; d++)
        q[d] = v;
}

static void test_rolling_q(void)
{
    double served[14], twin[14], q[14];
    for (int d = 0; d < 14; d++)
        served[d] = twin[d] = 7;
    served[3] = 0;
    twin[12] = twin[13] = 0; /* the twin served nothing late: q stays defined */
    sc_metrics_q(served, twin, 14, q);
    CHECK_NEAR(q[0], 1, 1e-12);
    CHECK_NEAR(q[2], 1, 1e-12);
    CHECK_NEAR(q[3], 21.0 / 28.0, 1e-12); /* window cut at day 0 */
    CHECK_NEAR(q[6], 42.0 / 49.0, 1e-12);
    CHECK_NEAR(q[9], 42.0 / 49.0, 1e-12); /* day 3 still inside days 3..9 */
    CHECK_NEAR(q[10], 1, 1e-12);          /* day 3 has left the window */
    CHECK_NEAR(q[13], 1, 0);              /* 49 served against 35: capped at 1 */
    double zero[3] = {0, 0, 0}, q0[3];
    sc_metrics_q(zero, zero, 3, q0);
    CHECK_NEAR(q0[2], 1, 0);
}

static void test_v_shape(void)
{
    double q[N];
    fill(q, N, 1);
    double v[] = {0.8, 0.5, 0.2, 0.5, 0.8, 0.96};
    for (int i = 0; i < 6; i++)
        q[10 + i] = v[i];
    sc_resilience r = sc_metrics_shock(q, N, 10, 13);
    CHECK_NEAR(r.tts, 0, 1e-12);
    CHECK_NEAR(r.ttr, 5, 1e-12);
    CHECK_NEAR(r.resistance, 0.2, 1e-12);
    CHECK_NEAR(r.loss, 0.2 + 0.5 + 0.8 + 0.5 + 0.2, 1e-12);
    /* Back at 0.96 on day 15 then 1: (0.96 + 6) / 7 against 1 before. */
    CHECK_NEAR(r.recovery_level, (0.96 + 6) / 7, 1e-12);
    /* A shock felt two days after onset survives two days. */
    double late[N];
    fill(late, N, 1);
    late[12] = 0.5;
    r = sc_metrics_shock(late, N, 10, 11);
    CHECK_NEAR(r.tts, 2, 1e-12);
    CHECK_NEAR(r.ttr, 3, 1e-12);
    CHECK_NEAR(r.loss, 0.5, 1e-12);
}

static void test_never_recovers(void)
{
    double q[N];
    fill(q, N, 1);
    for (int d = 20; d < N; d++)
        q[d] = 0.5;
    sc_resilience r = sc_metrics_shock(q, N, 20, 25);
    CHECK_NEAR(r.tts, 0, 1e-12);
    CHECK_NEAR(r.ttr, N - 20, 1e-12);
    CHECK_NEAR(r.resistance, 0.5, 1e-12);
    CHECK_NEAR(r.loss, 0.5 * (N - 20), 1e-9);
    CHECK(isnan(r.recovery_level)); /* never recovered */
    /* Six good days before the horizon are not a recovery. */
    for (int d = N - 6; d < N; d++)
        q[d] = 1;
    r = sc_metrics_shock(q, N, 20, 25);
    CHECK_NEAR(r.ttr, N - 20, 1e-12);
}

static void test_overlapping(void)
{
    double q[N];
    fill(q, N, 1);
    double v[] = {0.9, 0.8, 0.6, 0.5, 0.7, 0.9};
    for (int i = 0; i < 6; i++)
        q[10 + i] = v[i];
    sc_resilience a = sc_metrics_shock(q, N, 10, 12);
    sc_resilience b = sc_metrics_shock(q, N, 12, 14);
    CHECK_NEAR(a.tts, 0, 1e-12);
    CHECK_NEAR(a.ttr, 6, 1e-12);
    CHECK_NEAR(a.resistance, 0.5, 1e-12);
    CHECK_NEAR(a.loss, 0.1 + 0.2 + 0.4 + 0.5 + 0.3 + 0.1, 1e-12);
    CHECK_NEAR(b.tts, 0, 1e-12);
    CHECK_NEAR(b.ttr, 4, 1e-12);
    CHECK_NEAR(b.resistance, 0.5, 1e-12);
    CHECK_NEAR(b.loss, 0.4 + 0.5 + 0.3 + 0.1, 1e-12);
}

static void test_at_start(void)
{
    double q[N];
    fill(q, N, 1);
    q[0] = 0.5;
    q[1] = 0.6;
    sc_resilience r = sc_metrics_shock(q, N, 0, 1);
    CHECK_NEAR(r.tts, 0, 1e-12);
    CHECK_NEAR(r.ttr, 2, 1e-12);
    CHECK_NEAR(r.resistance, 0.5, 1e-12);
    CHECK_NEAR(r.loss, 0.9, 1e-12);
    CHECK(isnan(r.recovery_level)); /* no day before the onset */
}

static void test_recovery_level(void)
{
    /* Before the shock the network ran at 0.96 of its twin; it comes back
     * to 0.98 (above the threshold, so recovered): level 0.98 / 0.96. */
    double q[N];
    fill(q, N, 0.98);
    for (int d = 0; d < 20; d++)
        q[d] = 0.96;
    q[20] = q[21] = 0.4;
    sc_resilience r = sc_metrics_shock(q, N, 20, 22);
    CHECK_NEAR(r.ttr, 2, 1e-12);
    CHECK_NEAR(r.recovery_level, 0.98 / 0.96, 1e-12);
    /* Back at a lower level than before: below 1. */
    for (int d = 22; d < N; d++)
        q[d] = 0.95;
    fill(q, 20, 1);
    r = sc_metrics_shock(q, N, 20, 22);
    CHECK_NEAR(r.recovery_level, 0.95, 1e-12);
}

static void test_at_horizon(void)
{
    double q[30];
    fill(q, 30, 1);
    q[29] = 0.9;
    sc_resilience r = sc_metrics_shock(q, 30, 29.5, 35);
    CHECK_NEAR(r.tts, 0, 1e-12);   /* felt on its onset day */
    CHECK_NEAR(r.ttr, 0.5, 1e-12); /* censored at the horizon */
    CHECK_NEAR(r.resistance, 0.9, 1e-12);
    CHECK_NEAR(r.loss, 0.1, 1e-12);
    r = sc_metrics_shock(q, 30, 30, 31); /* after the last day */
    CHECK(isnan(r.resistance));
    CHECK_NEAR(r.loss, 0, 0);
    double ok[30];
    fill(ok, 30, 1);
    r = sc_metrics_shock(ok, 30, 5, 8); /* harmless shock */
    CHECK_NEAR(r.tts, 25, 1e-12);
    CHECK_NEAR(r.ttr, 0, 0);
    CHECK_NEAR(r.resistance, 1, 0);
    CHECK_NEAR(r.loss, 0, 0);
}

static void test_adaptation(void)
{
    double l1[] = {2, 1.5, 1};
    CHECK_NEAR(sc_metrics_adaptation(l1, 3), 0.5, 1e-12);
    double l2[] = {0, 1};
    CHECK(isnan(sc_metrics_adaptation(l2, 2)));
    CHECK(isnan(sc_metrics_adaptation(l1, 1)));
    double l3[] = {1, 2};
    CHECK_NEAR(sc_metrics_adaptation(l3, 2), -1, 1e-12);
}

int main(void)
{
    test_recovery_level();
    test_rolling_q();
    test_v_shape();
    test_never_recovers();
    test_overlapping();
    test_at_start();
    test_at_horizon();
    test_adaptation();
    return sc_check_report("test_metrics");
}
