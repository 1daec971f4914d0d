/*
 * The classic hold model (Jones 1986; Vaucher & Duval 1975) on the
 * pending-event set of sim/core/event_queue.h: fill the queue with N events
 * at exponential(1) times, then repeat M times "pop the earliest event, push
 * one at its time plus an exponential(1) increment".  The queue size stays N,
 * so the rate of hold operations (one pop and one push each) measures the
 * event core at that many pending events.
 *
 * The increments are drawn before timing into a table of 2^20 values that the
 * timed loop walks through, so the random number generator costs nothing but
 * a sequential read; the cost of that read and of the loop itself is measured
 * separately and printed ("loop overhead").  Each size runs a warm-up of
 * max(N, 10^6) untimed holds first (the queue's time distribution moves away
 * from the initial fill towards its steady state), then M timed holds; the
 * best of REPS repetitions is reported.  Popped times are checked to never
 * decrease, so a broken queue cannot post a good number.
 *
 * usage: bench_hold [M]      (M hold operations per size, default 10^7)
 */
#include <gsl/gsl_randist.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/event_queue.h"
#include "core/rng.h"

enum { INC_BITS = 20, REPS = 3 };
#define INC_N ((size_t)1 << INC_BITS)
#define INC_MASK (INC_N - 1)

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs `ops` hold operations starting at increment `*k`; returns the number
 * of times a popped event was earlier than the one before it (must be 0). */
static long hold(sc_queue *q, const double *inc, size_t ops, size_t *k, double *last)
{
    long disorder = 0;
    size_t j = *k;
    double prev = *last;
    sc_event ev;
    for (size_t i = 0; i < ops; i++) {
        if (!sc_queue_pop(q, &ev)) return -1;
        disorder += ev.time < prev;
        prev = ev.time;
        sc_queue_push(q, ev.time + inc[j++ & INC_MASK], ev.target, ev.type, ev.arg, ev.value);
    }
    *k = j;
    *last = prev;
    return disorder;
}

/* The same loop without the queue: what the table read and the loop cost. */
static double overhead_ns(const double *inc, size_t ops)
{
    double best = 1e30;
    for (int r = 0; r < REPS; r++) {
        volatile double sink = 0;
        double acc = 0, t0 = now_seconds();
        for (size_t i = 0; i < ops; i++)
            acc += inc[i & INC_MASK];
        double dt = now_seconds() - t0;
        sink = acc;
        (void)sink;
        if (dt < best) best = dt;
    }
    return 1e9 * best / (double)ops;
}

int main(int argc, char **argv)
{
    size_t ops = 10000000;
    if (argc > 1) {
        char *end;
        unsigned long long v = strtoull(argv[1], &end, 10);
        if (*end || v == 0) {
            fprintf(stderr, "usage: bench_hold [M]\n");
            return 2;
        }
        ops = (size_t)v;
    }
    double *inc = malloc(INC_N * sizeof *inc);
    gsl_rng *r = sc_stream_alloc(1, 0, 0, 0);
    if (!inc || !r) {
        fprintf(stderr, "bench_hold: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < INC_N; i++)
        inc[i] = gsl_ran_exponential(r, 1.0);

    static const size_t sizes[] = {1000, 10000, 100000, 1000000};
    printf("hold model: exponential(1) increments, %zu timed holds per size, best of %d\n", ops,
           REPS);
    printf("%10s  %12s  %14s  %10s\n", "pending N", "best time s", "holds/s", "ns/hold");
    int status = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double best = 1e30;
        for (int rep = 0; rep < REPS; rep++) {
            sc_queue *q = sc_queue_alloc(n);
            if (!q) {
                fprintf(stderr, "bench_hold: out of memory\n");
                return 1;
            }
            /* initial fill: its own exponential draws, not the table's */
            for (size_t i = 0; i < n; i++)
                sc_queue_push(q, gsl_ran_exponential(r, 1.0), (uint32_t)(i & 1023), 0, (uint32_t)i,
                              0);
            size_t k = (size_t)rep * 7919; /* a different walk per repetition */
            double last = 0;
            size_t warm = n > 1000000 ? n : 1000000;
            long bad = hold(q, inc, warm, &k, &last);
            double t0 = now_seconds();
            bad += hold(q, inc, ops, &k, &last);
            double dt = now_seconds() - t0;
            if (bad != 0 || sc_queue_size(q) != n || sc_queue_failed(q)) {
                fprintf(stderr, "bench_hold: queue misbehaved at N=%zu (%ld out of order)\n", n,
                        bad);
                status = 1;
            }
            if (dt < best) best = dt;
            sc_queue_free(q);
        }
        printf("%10zu  %12.3f  %14.0f  %10.1f\n", n, best, (double)ops / best,
               1e9 * best / (double)ops);
        fflush(stdout);
    }
    printf("loop overhead (table read, no queue): %.2f ns/hold\n", overhead_ns(inc, ops));
    gsl_rng_free(r);
    free(inc);
    return status;
}
