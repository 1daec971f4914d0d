/*
 * The pending-event set of a discrete-event simulation: a 4-ary min-heap keyed
 * by (time, sequence number) over a pool of event records, with a FIFO beside
 * it for zero-delay events (scheduled at the time of the last pop), which pop
 * in the same order the heap alone would give them.
 *
 * The sequence number is assigned at insertion, so events at the same time
 * come out in the order they were scheduled and a run is fully determined by
 * its inputs.  Records live in a pool that grows geometrically and is reused
 * through a free list, so the hot loop never calls malloc once the pool has
 * reached its working size.  Cancellation marks a record (Redis ae.c style);
 * the heap drops it when it reaches the top.  Beyond a few thousand pending
 * events the heap holds only those of the current window of a calendar of
 * equal windows, the rest waiting unsorted for theirs (event_queue.c): the
 * order is the same, the heap stays in cache.  This module knows nothing of
 * supply chains: an event is a target, a type and a small payload.
 */
#ifndef SC_EVENT_QUEUE_H
#define SC_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct sc_event {
    double time;     /* days since the start of the run */
    uint64_t seq;    /* insertion order: breaks ties in time */
    uint32_t target; /* agent that handles the event */
    uint32_t type;   /* event type, meaningful to the target's agent kind */
    uint32_t arg;    /* payload: usually an index into a pool of the model */
    double value;    /* payload: a quantity or a parameter */
} sc_event;

/* Refers to a scheduled event so that it can be cancelled; stale handles
 * (the event already fired or was cancelled) are detected by generation. */
typedef struct sc_event_handle {
    uint32_t slot;
    uint32_t gen;
} sc_event_handle;

typedef struct sc_queue sc_queue;

/* A queue with room for `capacity` pending events before it first grows.
 * Returns NULL when out of memory. */
sc_queue *sc_queue_alloc(size_t capacity);
void sc_queue_free(sc_queue *q);

/* Drops every pending event and restarts sequence numbers, keeping memory. */
void sc_queue_clear(sc_queue *q);

/* Schedules an event at `time` >= 0.  On failure (out of memory, more than
 * 2^28 events pending, 2^36 pushes since the last clear, a negative or NaN
 * time) the event is dropped, the queue remembers the failure
 * (sc_queue_failed) and a null handle is returned. */
sc_event_handle sc_queue_push(sc_queue *q, double time, uint32_t target, uint32_t type,
                              uint32_t arg, double value);

/* Removes the earliest live event into *out.  Returns false when empty. */
bool sc_queue_pop(sc_queue *q, sc_event *out);

/* The target, type, arg and value of the event the next pop will most
 * likely return (it may have been cancelled): a hint for prefetching.  False
 * when the queue is empty. */
bool sc_queue_peek(const sc_queue *q, uint32_t *target, uint32_t *type, uint32_t *arg,
                   double *value);

/* Cancels a pending event.  Returns false if it already fired, was already
 * cancelled, or the handle is null. */
bool sc_queue_cancel(sc_queue *q, sc_event_handle h);

/* Number of live (not cancelled) pending events. */
size_t sc_queue_size(const sc_queue *q);

/* True once a push has failed for lack of memory. */
bool sc_queue_failed(const sc_queue *q);

#define SC_NULL_EVENT ((sc_event_handle){UINT32_MAX, 0})

#endif
