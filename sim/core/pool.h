/*
 * A pool of fixed-size records addressed by index, with a free list, growing
 * geometrically.  Model objects that come and go during a run (shipments,
 * production jobs, backorders) live here so the hot loop allocates only when
 * the pool reaches a new high-water mark.  Growth moves the records: hold
 * indices, not pointers, across a call that may allocate.
 */
#ifndef SC_POOL_H
#define SC_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sc_pool {
    unsigned char *data;
    uint32_t *next_free;
    size_t size, cap, live;
    uint32_t free_head;
} sc_pool;

#define SC_POOL_NONE UINT32_MAX

bool sc_pool_init(sc_pool *p, size_t elem_size, size_t cap);
void sc_pool_free(sc_pool *p);
void sc_pool_clear(sc_pool *p);

/* A fresh zeroed record, or SC_POOL_NONE when out of memory. */
uint32_t sc_pool_take(sc_pool *p);
void sc_pool_give(sc_pool *p, uint32_t i);

static inline void *sc_pool_at(const sc_pool *p, uint32_t i)
{
    return p->data + (size_t)i * p->size;
}

#endif
