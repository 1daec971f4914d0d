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
};

#define NO_SLOT UINT32_MAX

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
        q->heap[q->n_heap] = key;
        sift_up(q->heap, q->n_heap++);
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
    /* The next pop reads the new root's record: start loading it now, so
     * the miss overlaps with handling this event (large networks). */
    if (q->n_heap > 0) __builtin_prefetch(&q->slots[(uint64_t)q->heap[0] & SLOT_MASK]);
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
            uint64_t bits = (uint64_t)(key >> 64);
            double time;
            memcpy(&time, &bits, sizeof time);
            *out = (sc_event){time,     (uint64_t)key >> SLOT_BITS, sl->target, sl->type, sl->arg,
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

bool sc_queue_peek(const sc_queue *q, uint32_t *target, uint32_t *type, uint32_t *arg)
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
