/*
 * A FIFO of 32-bit indices in a growable ring buffer: ships waiting for a
 * berth, jobs waiting for capacity, shipments held at a closed lane or
 * chokepoint.  Memory is kept across sc_ring_clear, so a reused world does
 * not allocate once its queues have reached their working size.
 */
#ifndef SC_RING_H
#define SC_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct sc_ring {
    uint32_t *buf;
    size_t head, len, cap;
} sc_ring;

/* Appends x; false when out of memory. */
static inline bool sc_ring_push(sc_ring *r, uint32_t x)
{
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        uint32_t *b = malloc(cap * sizeof *b);
        if (!b) return false;
        for (size_t i = 0; i < r->len; i++)
            b[i] = r->buf[(r->head + i) % r->cap];
        free(r->buf);
        r->buf = b;
        r->head = 0;
        r->cap = cap;
    }
    r->buf[(r->head + r->len++) % r->cap] = x;
    return true;
}

/* Removes the oldest element; the ring must not be empty. */
static inline uint32_t sc_ring_pop(sc_ring *r)
{
    uint32_t x = r->buf[r->head];
    r->head = (r->head + 1) % r->cap;
    r->len--;
    return x;
}

static inline void sc_ring_clear(sc_ring *r)
{
    r->head = r->len = 0;
}

static inline void sc_ring_free(sc_ring *r)
{
    free(r->buf);
    *r = (sc_ring){0};
}

#endif
