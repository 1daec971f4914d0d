/*
 * Pending-event set: a 4-ary heap of (time, seq, slot) keys over a pool of
 * event records.  See event_queue.h for the contract.
 *
 * Each heap key is one 128-bit integer: the bits of the time (a non-negative
 * double's bits order like its value) above seq << 28 | slot.  Comparing two
 * keys is then one branch-free integer comparison, and four children fill
 * one 64-byte cache line; a 4-ary heap halves the depth of a binary one.
 * This measured 1.7x faster than a struct of (double, seq, slot) keys at
 * 10^4 pending events (docs/performance.md).  The price: at most 2^28 events
 * pending and 2^36 pushes between clears, both checked.
 *
 * Zero-delay events (scheduled at the time of the event being handled: a
 * lane with no transit, a job that takes no time) bypass the heap: they go
 * to a FIFO of keys, which is sorted because they share one time and their
 * sequence numbers grow.  A pop takes the smaller of the FIFO's front and
 * the heap's root, so the order is exactly that of the heap alone.
 *
 * A heap of many keys is slow for its misses, not its comparisons: at 10^5
 * pending events the lower levels of every descent come from L3 or memory.
 * So beyond TIER_MIN keys the queue splits time into windows of equal width
 * (a calendar): the heap holds only the keys of the current window (and
 * of earlier ones), and the keys of the BUCKETS - 1 windows after it wait
 * unsorted in one list per window ("bucket"); keys beyond those wait in
 * `far`.  When the heap runs dry, the next non-empty bucket is poured into
 * it; when the buckets are spent, a new calendar is laid out over `far`.
 * The window of a time is a non-decreasing function of it (window_of), so
 * every key of a window precedes every key of a later one: the order is
 * still exactly that of the heap alone, FIFO included (its keys are at the
 * time of the last pop, which lies in the current window or before).
 */
#include "core/event_queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 heap_key;

#define SLOT_BITS 28
#define SEQ_BITS 36
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)

/* An event's record without its time and sequence number, which its key
 * holds: 32 bytes, two to a cache line in an array aligned to lines, so a
 * pop touches one line of records (at 10^5 pending events, a miss). */
typedef struct slot {
    double value;
    uint32_t target, type, arg;
    uint32_t gen;       /* bumped each time the slot is released */
    uint32_t next_free; /* free-list link while unused */
    bool cancelled;
} slot;

#define SLOT_ALIGN 64
_Static_assert(SLOT_ALIGN % sizeof(slot) == 0, "records must not straddle cache lines");

/* A block of `bytes` aligned to cache lines (aligned_alloc wants a size
 * that is a multiple of the alignment). */
static void *alloc_lines(size_t bytes)
{
    return aligned_alloc(SLOT_ALIGN, (bytes + SLOT_ALIGN - 1) / SLOT_ALIGN * SLOT_ALIGN);
}

static slot *alloc_slots(size_t n)
{
    return alloc_lines(n * sizeof(slot));
}

/* A heap of n keys whose sibling groups h[4i+1..4i+4] each fill one cache
 * line: the keys start HEAP_PAD keys into a line-aligned block, so h[1] is
 * the first key of the second line.  A level of the descent then reads one
 * line, not two, and the four grandchild groups it prefetches are four
 * adjacent lines. */
#define HEAP_PAD 3
_Static_assert(4 * sizeof(heap_key) == SLOT_ALIGN, "a sibling group is one cache line");

static heap_key *alloc_heap(size_t n)
{
    return alloc_lines((n + HEAP_PAD) * sizeof(heap_key));
}

/* Keys waiting for their window, in push order, in chunks of one kilobyte
 * drawn from (and given back to) the queue's spare chunks: the calendar
 * holds about as much memory as it holds keys. */
enum { CHUNK_KEYS = 63 };
typedef struct chunk {
    struct chunk *next;
    size_t n;
    heap_key keys[CHUNK_KEYS];
} chunk;
_Static_assert(sizeof(chunk) == 1024, "a chunk is one kilobyte");

typedef struct key_list {
    chunk *head, *tail;
    size_t n;
} key_list;

/* The calendar: BUCKETS windows of 1 / inv_width days from `base`. */
enum { BUCKETS = 1024 };
/* Keys in the heap above which the queue lays out a calendar, and keys per
 * window it aims at: a heap of TIER_WINDOW keys (4 kB) stays in L1.  Both
 * chosen on the hold model (docs/performance.md, "Event core"). */
#define TIER_MIN 4096
#define TIER_WINDOW 256

struct sc_queue {
    heap_key *heap; /* heap_block + HEAP_PAD: see alloc_heap */
    heap_key *heap_block;
    size_t n_heap, cap_heap;
    heap_key *fifo; /* zero-delay events, all at fifo_time, in push order */
    size_t fifo_head, fifo_n, fifo_cap;
    double fifo_time;
    double now; /* time of the last event popped; NAN before the first */
    slot *slots;
    size_t n_slots;
    uint32_t free_head;
    size_t n_live;
    uint64_t next_seq;
    bool failed;
    /* the calendar, when `tiered`: the heap holds the keys of windows up to
     * `window`, bucket[j] those of window j > window, `far` the rest */
    bool tiered;
    bool no_calendar; /* a calendar ran out of memory: a plain heap until cleared */
    double base, inv_width;
    size_t window;
    size_t laid;      /* keys filed by the last layout */
    size_t poured;    /* keys poured from buckets since */
    key_list *bucket; /* [BUCKETS], allocated with the first calendar */
    key_list far;
    chunk *spare; /* chunks of no list */
};

#define NO_SLOT UINT32_MAX

/* Empties a list, its chunks going to the spares. */
static void give_back(sc_queue *q, key_list *l)
{
    if (l->head) {
        l->tail->next = q->spare;
        q->spare = l->head;
    }
    *l = (key_list){0};
}

/* Leaves calendar mode, dropping the keys waiting in it. */
static void drop_calendar(sc_queue *q)
{
    q->tiered = false;
    q->no_calendar = false;
    if (q->bucket)
        for (int j = 0; j < BUCKETS; j++)
            give_back(q, &q->bucket[j]);
    give_back(q, &q->far);
}

sc_queue *sc_queue_alloc(size_t capacity)
{
    sc_queue *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    if (capacity < 16) capacity = 16;
    q->heap_block = alloc_heap(capacity);
    q->slots = alloc_slots(capacity);
    if (!q->heap_block || !q->slots) {
        sc_queue_free(q);
        return NULL;
    }
    q->heap = q->heap_block + HEAP_PAD;
    q->cap_heap = capacity;
    q->n_slots = capacity;
    for (size_t i = 0; i < capacity; i++)
        q->slots[i].gen = 0;
    sc_queue_clear(q);
    return q;
}

void sc_queue_free(sc_queue *q)
{
    if (!q) return;
    free(q->heap_block);
    free(q->fifo);
    free(q->slots);
    drop_calendar(q);
    for (chunk *c = q->spare, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(q->bucket);
    free(q);
}

/* Links slots [from, n_slots) into the free list ahead of the current head.
 * Generations only move forward, so a handle from before a clear is stale. */
static void link_free(sc_queue *q, size_t from, bool fresh)
{
    for (size_t i = q->n_slots; i-- > from;) {
        q->slots[i].next_free = q->free_head;
        q->slots[i].gen = fresh ? 1 : q->slots[i].gen + 1;
        q->slots[i].cancelled = false;
        q->free_head = (uint32_t)i;
    }
}

void sc_queue_clear(sc_queue *q)
{
    q->n_heap = 0;
    q->fifo_head = q->fifo_n = 0;
    q->now = NAN;
    q->n_live = 0;
    q->next_seq = 0;
    q->failed = false;
    q->free_head = NO_SLOT;
    link_free(q, 0, false);
    drop_calendar(q);
}

static bool grow(sc_queue *q)
{
    size_t cap = q->cap_heap * 2;
    if (cap > SLOT_MASK + 1) return false;
    heap_key *block = alloc_heap(cap);
    if (!block) return false;
    memcpy(block + HEAP_PAD, q->heap, q->n_heap * sizeof *block);
    free(q->heap_block);
    q->heap_block = block;
    q->heap = block + HEAP_PAD;
    slot *slots = alloc_slots(cap);
    if (!slots) return false;
    memcpy(slots, q->slots, q->n_slots * sizeof *slots);
    free(q->slots);
    q->slots = slots;
    size_t old = q->n_slots;
    q->n_slots = cap;
    q->cap_heap = cap;
    link_free(q, old, true);
    return true;
}

static inline heap_key make_key(double time, uint64_t seq, uint32_t index)
{
    uint64_t bits;
    memcpy(&bits, &time, sizeof bits);
    return (heap_key)bits << 64 | (heap_key)(seq << SLOT_BITS | index);
}

static inline bool before(const heap_key *a, const heap_key *b)
{
    return *a < *b;
}

static void sift_up(heap_key *h, size_t i)
{
    heap_key k = h[i];
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!before(&k, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = k;
}

/* Walks the hole at the root of a heap of n keys down to a leaf along the
 * smaller children; returns the leaf.  With `prefetch`, for heaps larger
 * than the caches: the descent is a chain of dependent loads, a miss each
 * below the cached levels, so each level fetches all four grandchild
 * groups (the children's children, four adjacent lines) while it compares
 * the children, and the next level's line is on its way.  Inlined twice
 * with a constant flag: a heap that fits in L2 has no misses to hide, and
 * even a skipped prefetch test in the loop cost it 20 % (hold model at
 * 10^3 keys). */
static inline __attribute__((always_inline)) size_t descend(heap_key *h, size_t n, bool prefetch)
{
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n) return i;
        size_t best = c;
        size_t g = 4 * c + 1;
        if (prefetch && g < n) {
            __builtin_prefetch(&h[g]);
            __builtin_prefetch(&h[g + 4]);
            __builtin_prefetch(&h[g + 8]);
            __builtin_prefetch(&h[g + 12]);
        }
        if (c + 4 <= n) {
            size_t b1 = before(&h[c + 1], &h[c]) ? c + 1 : c;
            size_t b2 = before(&h[c + 3], &h[c + 2]) ? c + 3 : c + 2;
            best = before(&h[b2], &h[b1]) ? b2 : b1;
        } else {
            for (size_t j = c + 1; j < n; j++)
                if (before(&h[j], &h[best])) best = j;
        }
        h[i] = h[best];
        i = best;
    }
}

/* Heaps above this many keys (256 kB, half the L2 of a core) prefetch in
 * the descent. */
#define PREFETCH_MIN_KEYS 16384

/* Removes the root of a heap of n + 1 keys whose last key is h[n].  Bottom-up
 * (Floyd): the hole at the root walks down to a leaf along the smaller
 * children, then the last key rises from there.  The last key almost always
 * belongs near the bottom, so this skips the comparison with it at every
 * level that the classic sift-down makes. */
static void remove_root(heap_key *h, size_t n)
{
    heap_key last = h[n];
    size_t i = n > PREFETCH_MIN_KEYS ? descend(h, n, true) : descend(h, n, false);
    h[i] = last;
    sift_up(h, i);
}

static inline double key_time(heap_key k)
{
    uint64_t bits = (uint64_t)(k >> 64);
    double t;
    memcpy(&t, &bits, sizeof t);
    return t;
}

static void heap_insert(sc_queue *q, heap_key key)
{
    q->heap[q->n_heap] = key;
    sift_up(q->heap, q->n_heap++);
}

static bool list_add(sc_queue *q, key_list *l, heap_key key)
{
    chunk *c = l->tail;
    if (!c || c->n == CHUNK_KEYS) {
        c = q->spare;
        if (c)
            q->spare = c->next;
        else if (!(c = alloc_lines(sizeof *c)))
            return false;
        c->next = NULL;
        c->n = 0;
        if (l->tail)
            l->tail->next = c;
        else
            l->head = c;
        l->tail = c;
    }
    c->keys[c->n++] = key;
    l->n++;
    return true;
}

/* Appends list b to list a (b is left empty). */
static void splice(key_list *a, key_list *b)
{
    if (!b->head) return;
    if (a->tail)
        a->tail->next = b->head;
    else
        a->head = b->head;
    a->tail = b->tail;
    a->n += b->n;
    *b = (key_list){0};
}

/* The calendar position of time t: its window is the integer part.  Non-
 * decreasing in t (a subtraction and a product by a positive number, both
 * rounded, are), which is all the order needs; the base itself is 0. */
static inline double window_of(const sc_queue *q, double t)
{
    return t > q->base ? (t - q->base) * q->inv_width : 0;
}

/* Out of memory for a chunk: every key of the calendar goes into the heap
 * (which has room for every pending key), and the queue stays a plain heap
 * until cleared.  Slower, but nothing is lost and the order is kept. */
static void abandon_calendar(sc_queue *q)
{
    for (int j = 0; j <= BUCKETS; j++) {
        key_list *l = j < BUCKETS ? &q->bucket[j] : &q->far;
        for (const chunk *c = l->head; c; c = c->next)
            for (size_t k = 0; k < c->n; k++)
                heap_insert(q, c->keys[k]);
        give_back(q, l);
    }
    q->tiered = false;
    q->no_calendar = true;
}

/* Files a key: into the heap when its window has come (or the queue has no
 * calendar), else into its bucket or `far`. */
static void file_key(sc_queue *q, heap_key key)
{
    if (q->tiered) {
        double w = window_of(q, key_time(key));
        if (!(w < (double)(q->window + 1))) {
            if (list_add(q, w < BUCKETS ? &q->bucket[(size_t)w] : &q->far, key)) return;
            abandon_calendar(q);
        }
    }
    heap_insert(q, key);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A window width for keys at distances d[0..m) (a sample of n keys) from
 * the earliest: about TIER_WINDOW keys to a window, but wide enough that the
 * calendar spans half of them, so each layout takes in at least half of
 * `far` and no key is filed again and again.  Infinite times (events that
 * never come) stay far whatever the width and do not count. */
static double window_width(double *d, size_t m, size_t n)
{
    qsort(d, m, sizeof *d, by_value);
    while (m > 0 && !(d[m - 1] < INFINITY))
        m--;
    size_t r = (size_t)((double)m * TIER_WINDOW / (double)n);
    double width = m ? d[r < m ? r : m - 1] : 0;
    double spread = m ? d[m / 2] / (BUCKETS / 2) : 0;
    if (width < spread) width = spread;
    for (size_t i = 0; i < m && !(width > 0); i++) /* ties at the base */
        width = d[i];
    /* no finite distance but 0: any width will do */
    return width > 0 && 1 / width < INFINITY ? width : 1;
}

/* Lays out a new calendar over the keys of `far` (at least one; the heap
 * and the buckets are empty) from the earliest of them, and pours its first window into the
 * heap.  (Any base keeps the order, window_of being monotone; the earliest
 * keeps the heap small.) */
static void lay_out(sc_queue *q)
{
    enum { SAMPLE = 1024 };
    double d[SAMPLE] = {0};
    key_list all = q->far;
    q->far = (key_list){0};
    size_t m = 0, stride = all.n / SAMPLE + 1, i = 0;
    double base = INFINITY;
    for (const chunk *c = all.head; c; c = c->next)
        for (size_t k = 0; k < c->n; k++, i++) {
            double t = key_time(c->keys[k]);
            if (t < base) base = t;
            if (i % stride == 0 && m < SAMPLE) d[m++] = t;
        }
    for (size_t k = 0; k < m; k++)
        d[k] -= base;
    q->base = base;
    q->inv_width = 1 / window_width(d, m, all.n);
    q->window = 0;
    q->laid = all.n;
    q->poured = 0;
    q->tiered = true;
    /* file the keys chunk by chunk, each chunk spare once filed */
    for (chunk *c = all.head, *next; c; c = next) {
        next = c->next;
        for (size_t k = 0; k < c->n; k++)
            file_key(q, c->keys[k]);
        c->next = q->spare;
        q->spare = c;
    }
}

/* Pours the next non-empty window into the empty heap.  A window far fuller
 * than TIER_WINDOW means the events have grown denser since the layout:
 * the calendar is laid out again, at most once per half as many keys poured
 * as the last layout filed, so the cost stays O(1) a key.  When the
 * calendar holds no key the queue leaves calendar mode. */
static void next_window(sc_queue *q)
{
    while (++q->window < BUCKETS) {
        key_list *b = &q->bucket[q->window];
        if (b->n == 0) continue;
        if (b->n > 4 * TIER_WINDOW && q->poured >= q->laid / 2) {
            for (size_t j = q->window; j < BUCKETS; j++)
                splice(&q->far, &q->bucket[j]);
            lay_out(q);
            return;
        }
        for (const chunk *c = b->head; c; c = c->next)
            for (size_t k = 0; k < c->n; k++) {
                heap_insert(q, c->keys[k]);
                __builtin_prefetch(&q->slots[(uint64_t)c->keys[k] & SLOT_MASK]);
            }
        q->poured += b->n;
        give_back(q, b);
        return;
    }
    if (q->far.n == 0)
        q->tiered = false;
    else
        lay_out(q);
}

/* Moves a heap grown past TIER_MIN keys into a calendar; out of memory,
 * leaves it a plain heap. */
static void start_calendar(sc_queue *q)
{
    if (!q->bucket && !(q->bucket = calloc(BUCKETS, sizeof *q->bucket))) {
        q->no_calendar = true;
        return;
    }
    for (size_t i = 0; i < q->n_heap; i++)
        if (!list_add(q, &q->far, q->heap[i])) {
            give_back(q, &q->far);
            q->no_calendar = true;
            return;
        }
    q->n_heap = 0;
    lay_out(q);
}

/* Room for one more key in the FIFO. */
static bool fifo_reserve(sc_queue *q)
{
    if (q->fifo_n < q->fifo_cap) return true;
    size_t cap = q->fifo_cap ? 2 * q->fifo_cap : 64;
    heap_key *f = realloc(q->fifo, cap * sizeof *f);
    if (!f) return false;
    q->fifo = f;
    q->fifo_cap = cap;
    return true;
}

sc_event_handle sc_queue_push(sc_queue *q, double time, uint32_t target, uint32_t type,
                              uint32_t arg, double value)
{
    /* A zero-delay event joins the FIFO when all of its keys share its time. */
    bool zero_delay = time == q->now && (q->fifo_head == q->fifo_n || time == q->fifo_time);
    /* Keys need times >= 0 (and -0.0 as +0.0) and sequence numbers that fit. */
    if (!(time >= 0) || q->next_seq >> SEQ_BITS || (q->free_head == NO_SLOT && !grow(q)) ||
        (zero_delay && !fifo_reserve(q))) {
        q->failed = true;
        return SC_NULL_EVENT;
    }
    if (time == 0) time = 0.0;
    uint32_t s = q->free_head;
    slot *sl = &q->slots[s];
    q->free_head = sl->next_free;
    *sl = (slot){value, target, type, arg, sl->gen, 0, false};
    heap_key key = make_key(time, q->next_seq++, s);
    if (zero_delay) {
        q->fifo_time = time;
        q->fifo[q->fifo_n++] = key;
    } else {
        file_key(q, key);
        if (!q->tiered && !q->no_calendar && q->n_heap > TIER_MIN) start_calendar(q);
    }
    q->n_live++;
    return (sc_event_handle){s, sl->gen};
}

static void release(sc_queue *q, uint32_t s)
{
    slot *sl = &q->slots[s];
    sl->gen++;
    sl->next_free = q->free_head;
    q->free_head = s;
}

/* The FIFO's front when it is the smallest key, else the heap's root (which
 * may be absent). */
static bool fifo_first(const sc_queue *q)
{
    return q->fifo_head < q->fifo_n &&
           (q->n_heap == 0 || before(&q->fifo[q->fifo_head], &q->heap[0]));
}

/* Takes the smallest key of the FIFO and the heap; false when both are empty. */
static bool take_min(sc_queue *q, heap_key *key)
{
    if (fifo_first(q)) {
        *key = q->fifo[q->fifo_head++];
        if (q->fifo_head == q->fifo_n) q->fifo_head = q->fifo_n = 0;
        return true;
    }
    if (q->n_heap == 0) return false;
    *key = q->heap[0];
    remove_root(q->heap, --q->n_heap);
    /* a calendar keeps its next window in the heap, for peek */
    if (q->n_heap == 0 && q->tiered) next_window(q);
    /* The next pop reads the new root's record: start loading it now, so
     * the miss overlaps with handling this event (large networks).  The
     * world loop peeks at that record at once, though, so also start on the
     * record of the root's smallest child, most often the event after next:
     * its miss then has a whole event to hide behind (only when the records
     * outgrow half an L2: in cache, the comparisons would be all it does). */
    if (q->n_heap > 0) __builtin_prefetch(&q->slots[(uint64_t)q->heap[0] & SLOT_MASK]);
    if (q->n_heap > 4 && q->n_slots > PREFETCH_MIN_KEYS) {
        const heap_key *h = q->heap;
        size_t b1 = before(&h[2], &h[1]) ? 2 : 1;
        size_t b2 = before(&h[4], &h[3]) ? 4 : 3;
        __builtin_prefetch(&q->slots[(uint64_t)h[before(&h[b2], &h[b1]) ? b2 : b1] & SLOT_MASK]);
    }
    return true;
}

bool sc_queue_pop(sc_queue *q, sc_event *out)
{
    heap_key key;
    while (take_min(q, &key)) {
        uint32_t s = (uint32_t)((uint64_t)key & SLOT_MASK);
        slot *sl = &q->slots[s];
        bool live = !sl->cancelled;
        if (live) {
            *out =
                (sc_event){key_time(key), (uint64_t)key >> SLOT_BITS, sl->target, sl->type, sl->arg,
                           sl->value};
        }
        release(q, s);
        if (live) {
            q->n_live--;
            q->now = out->time;
            return true;
        }
    }
    return false;
}

bool sc_queue_peek(const sc_queue *q, uint32_t *target, uint32_t *type, uint32_t *arg,
                   double *value)
{
    const heap_key *key;
    if (fifo_first(q))
        key = &q->fifo[q->fifo_head];
    else if (q->n_heap > 0)
        key = &q->heap[0];
    else
        return false;
    const slot *sl = &q->slots[(uint64_t)*key & SLOT_MASK];
    *target = sl->target;
    *type = sl->type;
    *arg = sl->arg;
    *value = sl->value;
    return true;
}

bool sc_queue_cancel(sc_queue *q, sc_event_handle h)
{
    if (h.slot >= q->n_slots) return false;
    slot *sl = &q->slots[h.slot];
    if (sl->gen != h.gen || sl->cancelled) return false;
    sl->cancelled = true;
    q->n_live--;
    return true;
}

size_t sc_queue_size(const sc_queue *q)
{
    return q->n_live;
}

bool sc_queue_failed(const sc_queue *q)
{
    return q->failed;
}
