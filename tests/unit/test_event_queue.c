/*
 * Unit tests of the pending-event set (sim/core/event_queue.h): order by
 * time, ties in insertion order, cancellation by marking with stale handles
 * detected by generation, growth of the record pool past its first capacity,
 * clearing, and a long randomized run of interleaved pushes, pops and
 * cancellations checked against an independent reference: a bucket queue
 * (one FIFO per quarter-day), whose order is by construction (time, then
 * insertion).  A final drain is checked against qsort of what is left.
 * Both that run and the bulk batches at the end hold more than the 4,096
 * pending events beyond which the queue keeps a calendar.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "core/event_queue.h"

/* A small deterministic generator for the tests (splitmix64), so that the
 * test does not depend on the module under test elsewhere (rng.c). */
static uint64_t test_rand(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double test_uniform(uint64_t *x)
{
    return (double)(test_rand(x) >> 11) * 0x1.0p-53;
}

static void test_time_order(void)
{
    sc_queue *q = sc_queue_alloc(16);
    CHECK(q != NULL);
    if (!q) return;
    static const double times[] = {5.0, 1.5, 3.25, 0.0, 9.0, 2.0, 1e9, 0.5};
    static const double sorted[] = {0.0, 0.5, 1.5, 2.0, 3.25, 5.0, 9.0, 1e9};
    for (uint32_t i = 0; i < 8; i++)
        sc_queue_push(q, times[i], 100 + i, 7, i, -times[i]);
    CHECK_INT(sc_queue_size(q), 8);
    sc_event ev = {0};
    for (int i = 0; i < 8; i++) {
        CHECK(sc_queue_pop(q, &ev));
        CHECK_NEAR(ev.time, sorted[i], 0);
        /* the payload travels with the event */
        CHECK_NEAR(ev.value, -sorted[i], 0);
        CHECK_NEAR(times[ev.arg], sorted[i], 0);
        CHECK_INT(ev.target, 100 + ev.arg);
        CHECK_INT(ev.type, 7);
        CHECK_INT(ev.seq, ev.arg); /* seq is the insertion number, from 0 */
    }
    CHECK(!sc_queue_pop(q, &ev));
    CHECK_INT(sc_queue_size(q), 0);
    sc_queue_free(q);
    sc_queue_free(NULL); /* a no-op */
}

/* Many events at a handful of equal times come out time by time, each time's
 * events in the order they were pushed. */
static void test_ties_fifo(void)
{
    enum { N = 5000 };
    sc_queue *q = sc_queue_alloc(16);
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    static const double t[3] = {2.0, 1.0, 3.0};
    for (uint32_t i = 0; i < N; i++)
        sc_queue_push(q, t[i % 3], 0, 0, i, 0);
    sc_event ev = {0};
    int bad_order = 0, n = 0;
    double last_t = -1;
    long last_arg = -1;
    while (sc_queue_pop(q, &ev)) {
        if (ev.time != last_t) {
            last_t = ev.time;
            last_arg = -1;
        }
        if ((long)ev.arg <= last_arg) bad_order++;
        if (t[ev.arg % 3] != ev.time) bad_order++;
        last_arg = (long)ev.arg;
        n++;
    }
    CHECK_INT(n, N);
    CHECK_INT(bad_order, 0);

    /* All at one time: exact FIFO. */
    for (uint32_t i = 0; i < N; i++)
        sc_queue_push(q, 42.0, 0, 0, i, 0);
    uint32_t expect = 0;
    int mismatches = 0;
    while (sc_queue_pop(q, &ev))
        if (ev.arg != expect++) mismatches++;
    CHECK_INT(expect, N);
    CHECK_INT(mismatches, 0);
    sc_queue_free(q);
}

static void test_cancel(void)
{
    sc_queue *q = sc_queue_alloc(16);
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    sc_event_handle h[10];
    for (uint32_t i = 0; i < 10; i++)
        h[i] = sc_queue_push(q, (double)i, 0, 0, i, 0);
    CHECK_INT(sc_queue_size(q), 10);

    /* cancel a pending event: once only */
    CHECK(sc_queue_cancel(q, h[3]));
    CHECK_INT(sc_queue_size(q), 9);
    CHECK(!sc_queue_cancel(q, h[3]));
    CHECK_INT(sc_queue_size(q), 9);

    /* cancel the earliest and the latest, too */
    CHECK(sc_queue_cancel(q, h[0]));
    CHECK(sc_queue_cancel(q, h[9]));
    CHECK_INT(sc_queue_size(q), 7);

    /* the null handle is never valid */
    CHECK(!sc_queue_cancel(q, SC_NULL_EVENT));
    CHECK_INT(sc_queue_size(q), 7);

    /* pop one: its handle is now stale */
    sc_event ev = {0};
    CHECK(sc_queue_pop(q, &ev));
    CHECK_INT(ev.arg, 1);
    CHECK(!sc_queue_cancel(q, h[1]));
    CHECK_INT(sc_queue_size(q), 6);

    /* a new push may reuse the popped event's slot; the old handle must
     * still not cancel the new event (generation differs) */
    sc_event_handle fresh = sc_queue_push(q, 100.0, 0, 0, 100, 0);
    CHECK_INT(sc_queue_size(q), 7);
    CHECK(!sc_queue_cancel(q, h[1]));
    CHECK(!sc_queue_cancel(q, h[0]));
    CHECK(!sc_queue_cancel(q, h[3]));
    CHECK_INT(sc_queue_size(q), 7);

    /* cancelled events never come out; the rest come out in order */
    static const uint32_t expect[] = {2, 4, 5, 6, 7, 8, 100};
    int n = 0;
    while (sc_queue_pop(q, &ev)) {
        if (n < 7) CHECK_INT(ev.arg, expect[n]);
        n++;
        CHECK_INT(sc_queue_size(q), 7 - n);
    }
    CHECK_INT(n, 7);
    CHECK(!sc_queue_cancel(q, fresh));

    /* cancelling every pending event leaves an empty queue */
    for (uint32_t i = 0; i < 5; i++)
        h[i] = sc_queue_push(q, 1.0, 0, 0, i, 0);
    for (uint32_t i = 0; i < 5; i++)
        CHECK(sc_queue_cancel(q, h[i]));
    CHECK_INT(sc_queue_size(q), 0);
    CHECK(!sc_queue_pop(q, &ev));
    CHECK_INT(sc_queue_size(q), 0);
    sc_queue_free(q);
}

static void test_growth(void)
{
    enum { N = 100000 };
    sc_queue *q = sc_queue_alloc(1); /* rounds up to a small minimum */
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    uint64_t x = 7;
    sc_event_handle *h = malloc(N * sizeof *h);
    if (!h) {
        sc_queue_free(q);
        CHECK(h != NULL);
        return;
    }
    for (uint32_t i = 0; i < N; i++)
        h[i] = sc_queue_push(q, test_uniform(&x) * 1000, 0, 0, i, 0);
    CHECK(!sc_queue_failed(q));
    CHECK_INT(sc_queue_size(q), N);
    /* handles issued before the pool moved still work */
    int cancelled = 0;
    for (uint32_t i = 0; i < N; i += 10)
        if (sc_queue_cancel(q, h[i])) cancelled++;
    CHECK_INT(cancelled, N / 10);
    CHECK_INT(sc_queue_size(q), N - N / 10);
    sc_event ev = {0};
    double last = -1;
    int n = 0, disorder = 0, resurrected = 0;
    while (sc_queue_pop(q, &ev)) {
        if (ev.time < last) disorder++;
        if (ev.arg % 10 == 0) resurrected++;
        last = ev.time;
        n++;
    }
    CHECK_INT(n, N - N / 10);
    CHECK_INT(disorder, 0);
    CHECK_INT(resurrected, 0);
    free(h);
    sc_queue_free(q);
}

static void test_clear(void)
{
    sc_queue *q = sc_queue_alloc(16);
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    sc_event_handle h[100];
    for (uint32_t i = 0; i < 100; i++)
        h[i] = sc_queue_push(q, 100.0 - i, 0, 0, i, 0);
    CHECK(sc_queue_cancel(q, h[50]));
    sc_event ev = {0};
    CHECK(sc_queue_pop(q, &ev));
    CHECK_INT(ev.arg, 99);
    sc_queue_clear(q);
    CHECK_INT(sc_queue_size(q), 0);
    CHECK(!sc_queue_pop(q, &ev));
    CHECK(!sc_queue_failed(q));

    /* sequence numbers restart and the queue works as new */
    sc_event_handle a = sc_queue_push(q, 2.0, 1, 0, 0, 0);
    sc_queue_push(q, 1.0, 2, 0, 1, 0);
    CHECK_INT(sc_queue_size(q), 2);
    CHECK(sc_queue_pop(q, &ev));
    CHECK_INT(ev.target, 2);
    CHECK_INT(ev.seq, 1);
    CHECK(sc_queue_pop(q, &ev));
    CHECK_INT(ev.target, 1);
    CHECK_INT(ev.seq, 0);
    CHECK(!sc_queue_cancel(q, a));
    CHECK(!sc_queue_pop(q, &ev));
    CHECK_INT(sc_queue_size(q), 0);
    sc_queue_free(q);
}

/* A handle from before sc_queue_clear names an event the clear dropped: it is
 * stale and must not cancel anything (a model that reuses its queue across
 * replications could otherwise corrupt the live count). */
static void test_stale_after_clear(void)
{
    sc_queue *q = sc_queue_alloc(16);
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    sc_event_handle h[100];
    for (uint32_t i = 0; i < 100; i++)
        h[i] = sc_queue_push(q, (double)i, 0, 0, i, 0);
    sc_queue_clear(q);
    int accepted = 0;
    for (int i = 0; i < 100; i++)
        accepted += sc_queue_cancel(q, h[i]);
    CHECK_INT(accepted, 0);
    CHECK_INT(sc_queue_size(q), 0);

    /* nor may it cancel an event pushed after the clear into the same slot */
    sc_event_handle fresh = sc_queue_push(q, 1.0, 0, 0, 7, 0);
    CHECK(!sc_queue_cancel(q, h[0]));
    CHECK_INT(sc_queue_size(q), 1);
    sc_event ev = {0};
    CHECK(sc_queue_pop(q, &ev));
    CHECK_INT(ev.arg, 7);
    CHECK(!sc_queue_cancel(q, fresh));
    sc_queue_free(q);
}

/* ---- randomized comparison ----------------------------------------------- */

/* The reference: times are multiples of 1/4 day, k quarters; bucket k % NB
 * holds the records at time k in push order.  Pushes go to k in
 * [now, now + window), now being the time of the last pop, so every pending
 * k lies in a window shorter than NB and buckets never mix two times.  A
 * push at k = now is a zero-delay event (the queue's FIFO path): 1 in
 * `window` pushes, so a window of 3 exercises it on every few pops. */
enum { NB = 1024 };

typedef struct ref_rec {
    long k;
    uint64_t seq;
    sc_event_handle h;
    int state; /* 0 pending, 1 popped, 2 cancelled */
} ref_rec;

typedef struct ref_bucket {
    uint32_t *ids;
    size_t head, n, cap;
} ref_bucket;

static int bucket_push(ref_bucket *b, uint32_t id)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 8;
        uint32_t *ids = realloc(b->ids, cap * sizeof *ids);
        if (!ids) return 0;
        b->ids = ids;
        b->cap = cap;
    }
    b->ids[b->n++] = id;
    return 1;
}

typedef struct sort_key {
    double time;
    uint64_t seq;
} sort_key;

static int by_time_seq(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void test_random_vs_reference(long window, uint64_t seed)
{
    enum { OPS = 100000 };
    sc_queue *q = sc_queue_alloc(16);
    ref_rec *rec = malloc(OPS * sizeof *rec);
    ref_bucket *bk = calloc(NB, sizeof *bk);
    uint32_t *pending = malloc(OPS * sizeof *pending); /* ids, for random cancels */
    if (!q || !rec || !bk || !pending) {
        CHECK(false && "out of memory");
        goto out;
    }
    uint64_t x = seed;
    size_t n_rec = 0, n_live = 0, n_pending = 0;
    long now = 0;
    int mismatches = 0, size_errors = 0, cancel_errors = 0, peek_errors = 0, pops = 0, oom = 0;
    for (int op = 0; op < OPS; op++) {
        /* bias to push in the first half, to pop in the second: the pending
         * set grows to thousands then drains */
        double p_push = op < OPS / 2 ? 0.6 : 0.4;
        double u = test_uniform(&x);
        if (u < p_push || n_live == 0) {
            long k = now + (long)(test_rand(&x) % (uint64_t)window);
            uint32_t id = (uint32_t)n_rec++;
            rec[id] = (ref_rec){k, 0, {0, 0}, 0};
            rec[id].h = sc_queue_push(q, (double)k * 0.25, id % 97, id % 5, id, (double)id);
            if (!bucket_push(&bk[k % NB], id)) oom = 1;
            pending[n_pending++] = id;
            n_live++;
        } else if (u < p_push + 0.05) {
            /* cancel a random element of the pending list (which may hold
             * ids that were popped or cancelled since: the queue must refuse
             * those exactly when the reference does) */
            size_t j = (size_t)(test_rand(&x) % n_pending);
            uint32_t id = pending[j];
            bool want = rec[id].state == 0;
            bool got = sc_queue_cancel(q, rec[id].h);
            if (got != want) cancel_errors++;
            if (want) {
                rec[id].state = 2;
                n_live--;
            }
            pending[j] = pending[--n_pending];
        } else {
            /* reference pop: first bucket from `now` with a pending record */
            long k = now;
            uint32_t id = UINT32_MAX;
            for (; k < now + NB && id == UINT32_MAX; k++) {
                ref_bucket *b = &bk[k % NB];
                while (b->head < b->n && rec[b->ids[b->head]].state != 0)
                    b->head++;
                if (b->head < b->n) id = b->ids[b->head++];
                if (b->head == b->n) b->head = b->n = 0;
            }
            /* peek: the event pop returns, or a cancelled one ahead of it */
            uint32_t pt, pty, pa;
            double pv;
            if (!sc_queue_peek(q, &pt, &pty, &pa, &pv) ||
                (pa != id && (pa >= n_rec || rec[pa].state != 2)) ||
                (pa == id && (pt != id % 97 || pty != id % 5 || pv != (double)id)))
                peek_errors++;
            sc_event ev = {0};
            if (!sc_queue_pop(q, &ev) || id == UINT32_MAX) {
                mismatches++;
                break;
            }
            rec[id].state = 1;
            now = rec[id].k;
            n_live--;
            pops++;
            if (ev.arg != id || ev.time != (double)rec[id].k * 0.25 || ev.target != id % 97 ||
                ev.type != id % 5 || ev.value != (double)id || ev.seq != id)
                mismatches++;
        }
        if (sc_queue_size(q) != n_live) size_errors++;
    }
    CHECK_INT(oom, 0);
    CHECK_INT(mismatches, 0);
    CHECK_INT(size_errors, 0);
    CHECK_INT(cancel_errors, 0);
    CHECK_INT(peek_errors, 0);
    CHECK(pops > OPS / 3);
    CHECK(!sc_queue_failed(q));

    /* drain what is left and compare with a sort of the live records */
    sort_key *want = malloc((n_live ? n_live : 1) * sizeof *want);
    if (!want) {
        CHECK(false && "out of memory");
        goto out;
    }
    size_t m = 0;
    for (size_t i = 0; i < n_rec; i++)
        if (rec[i].state == 0) want[m++] = (sort_key){(double)rec[i].k * 0.25, i};
    CHECK_INT(m, n_live);
    qsort(want, m, sizeof *want, by_time_seq);
    sc_event ev = {0};
    size_t got = 0;
    int drain_errors = 0;
    while (sc_queue_pop(q, &ev)) {
        if (got >= m || ev.time != want[got].time || ev.seq != want[got].seq) drain_errors++;
        got++;
    }
    CHECK_INT(got, m);
    CHECK_INT(drain_errors, 0);
    uint32_t t, ty, a;
    double v;
    CHECK(!sc_queue_peek(q, &t, &ty, &a, &v)); /* empty */
    free(want);
out:
    if (bk)
        for (int i = 0; i < NB; i++)
            free(bk[i].ids);
    free(bk);
    free(rec);
    free(pending);
    sc_queue_free(q);
}

/* Pushes n times (uniform over a year; a quarter repeat an earlier one, to
 * mix in ties; with `infinite`, one in 1,000 is +inf) as args 0..n-1 into
 * keys[] and the empty, new or cleared queue (so their seqs are 0..n-1). */
static void push_random(sc_queue *q, sort_key *keys, uint32_t n, uint64_t seed, bool infinite)
{
    uint64_t x = seed;
    for (uint32_t i = 0; i < n; i++) {
        double t = (i > 0 && test_rand(&x) % 4 == 0)       ? keys[test_rand(&x) % i].time
                   : infinite && test_rand(&x) % 1000 == 0 ? INFINITY
                                                           : test_uniform(&x) * 365.0;
        keys[i] = (sort_key){t, i};
        sc_queue_push(q, t, 0, 0, i, 0);
    }
}

/* Pops `pops` events and counts those that differ from the first of the n
 * keys sorted by (time, seq). */
static int pop_sorted(sc_queue *q, sort_key *keys, size_t n, size_t pops)
{
    qsort(keys, n, sizeof *keys, by_time_seq);
    sc_event ev = {0};
    int errors = 0;
    for (size_t i = 0; i < pops; i++)
        if (!sc_queue_pop(q, &ev) || ev.time != keys[i].time || ev.seq != keys[i].seq ||
            ev.arg != keys[i].seq)
            errors++;
    return errors;
}

/* Random times pushed in bulk and popped in order, in `rounds` batches of n
 * over one queue: each batch but the last popped a quarter, then the queue
 * cleared (a clear in the middle of a calendar must leave nothing of it
 * behind); the last drained in full.  Beyond 4,096 pending events the queue
 * runs a calendar (event_queue.c). */
static void test_batches(uint32_t n, int rounds, uint64_t seed, bool infinite)
{
    sc_queue *q = sc_queue_alloc(16);
    sort_key *keys = malloc(n * sizeof *keys);
    if (!q || !keys) {
        CHECK(false && "out of memory");
        free(keys);
        sc_queue_free(q);
        return;
    }
    for (int round = 0; round < rounds; round++) {
        push_random(q, keys, n, seed + (uint64_t)round, infinite);
        size_t pops = round + 1 < rounds ? n / 4 : n;
        CHECK_INT(pop_sorted(q, keys, n, pops), 0);
        CHECK_INT(sc_queue_size(q), n - pops);
        if (round + 1 < rounds) sc_queue_clear(q);
    }
    sc_event ev = {0};
    CHECK(!sc_queue_pop(q, &ev));
    CHECK(!sc_queue_failed(q));
    free(keys);
    sc_queue_free(q);
}

/* An event pushed earlier than the last pop (the queue allows it) pops
 * next, in calendar mode as in a plain heap, and the rest keep their order. */
static void test_past_in_calendar(void)
{
    enum { N = 20000 };
    sc_queue *q = sc_queue_alloc(16);
    sort_key *keys = malloc(N * sizeof *keys);
    if (!q || !keys) {
        CHECK(false && "out of memory");
        free(keys);
        sc_queue_free(q);
        return;
    }
    push_random(q, keys, N, 5, false);
    CHECK_INT(pop_sorted(q, keys, N, N / 2), 0);
    double now = keys[N / 2 - 1].time;
    sc_queue_push(q, now / 2, 1, 0, N, 0);
    sc_event ev = {0};
    CHECK(sc_queue_pop(q, &ev));
    CHECK_INT(ev.arg, N);
    CHECK(ev.time == now / 2);
    /* the rest still in order */
    int errors = 0;
    for (size_t i = N / 2; i < N; i++)
        if (!sc_queue_pop(q, &ev) || ev.time != keys[i].time || ev.seq != keys[i].seq) errors++;
    CHECK_INT(errors, 0);
    CHECK(!sc_queue_pop(q, &ev));
    free(keys);
    sc_queue_free(q);
}

/* Allocation failures on demand: the test links with
 * -Wl,--wrap=aligned_alloc, so the queue's aligned_alloc calls come here.
 * While `chunks_left` is not negative, each 1 kB block (a calendar chunk;
 * the queues below are made large enough that no heap or record block is
 * 1 kB) uses one up, and none is left to fail. */
static long chunks_left = -1;

void *__real_aligned_alloc(size_t alignment, size_t size);
void *__wrap_aligned_alloc(size_t alignment, size_t size);
void *__wrap_aligned_alloc(size_t alignment, size_t size)
{
    if (size == 1024 && chunks_left >= 0 && chunks_left-- == 0) {
        chunks_left = 0;
        return NULL;
    }
    return __real_aligned_alloc(alignment, size);
}

/* Out of memory for its chunks, a calendar gives every key to the heap and
 * the queue carries on as a plain heap: nothing lost, the same order, no
 * failure.  With no chunk at all or 30 (the calendar cannot start: it
 * needs 66) and with 100 (it runs out after it started). */
static void test_calendar_out_of_memory(void)
{
    enum { N = 30000 };
    sort_key *keys = malloc(N * sizeof *keys);
    static const long budgets[] = {0, 30, 100};
    for (int b = 0; b < 3; b++) {
        long budget = budgets[b];
        sc_queue *q = sc_queue_alloc(1 << 16); /* no growth: no other 1 kB block */
        if (!q || !keys) {
            CHECK(false && "out of memory");
            sc_queue_free(q);
            break;
        }
        chunks_left = budget;
        push_random(q, keys, N, 31 + (uint64_t)budget, false);
        CHECK_INT(chunks_left, 0); /* the budget was spent */
        CHECK_INT(sc_queue_size(q), N);
        CHECK_INT(pop_sorted(q, keys, N, N), 0);
        CHECK(!sc_queue_failed(q));
        chunks_left = -1;
        sc_queue_free(q);
    }
    free(keys);
}

int main(void)
{
    test_time_order();
    test_ties_fifo();
    test_cancel();
    test_growth();
    test_clear();
    test_stale_after_clear();
    test_random_vs_reference(1000, 12345);
    test_random_vs_reference(3, 777);   /* a third of the pushes zero-delay */
    test_random_vs_reference(1, 4242);  /* all at one time: the FIFO alone */
    test_batches(100000, 1, 99, false); /* deep into calendar mode */
    test_batches(20000, 3, 7, true);    /* clears mid-calendar, infinite times */
    test_past_in_calendar();
    test_calendar_out_of_memory();
    return sc_check_report("test_event_queue");
}
