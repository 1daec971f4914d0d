/* Index-addressed record pool with a free list (see pool.h). */
#include "core/pool.h"

#include <stdlib.h>
#include <string.h>

bool sc_pool_init(sc_pool *p, size_t elem_size, size_t cap)
{
    *p = (sc_pool){0};
    p->size = elem_size;
    p->cap = cap ? cap : 16;
    p->data = malloc(p->cap * elem_size);
    p->next_free = malloc(p->cap * sizeof *p->next_free);
    if (!p->data || !p->next_free) {
        sc_pool_free(p);
        return false;
    }
    sc_pool_clear(p);
    return true;
}

void sc_pool_free(sc_pool *p)
{
    free(p->data);
    free(p->next_free);
    *p = (sc_pool){0};
}

static void link_range(sc_pool *p, size_t from, size_t to)
{
    for (size_t i = to; i-- > from;) {
        p->next_free[i] = p->free_head;
        p->free_head = (uint32_t)i;
    }
}

void sc_pool_clear(sc_pool *p)
{
    p->free_head = SC_POOL_NONE;
    p->live = 0;
    link_range(p, 0, p->cap);
}

uint32_t sc_pool_take(sc_pool *p)
{
    if (p->free_head == SC_POOL_NONE) {
        size_t cap = p->cap * 2;
        unsigned char *data = realloc(p->data, cap * p->size);
        if (!data) return SC_POOL_NONE;
        p->data = data;
        uint32_t *nf = realloc(p->next_free, cap * sizeof *nf);
        if (!nf) return SC_POOL_NONE;
        p->next_free = nf;
        link_range(p, p->cap, cap);
        p->cap = cap;
    }
    uint32_t i = p->free_head;
    p->free_head = p->next_free[i];
    p->live++;
    memset(sc_pool_at(p, i), 0, p->size);
    return i;
}

void sc_pool_give(sc_pool *p, uint32_t i)
{
    p->next_free[i] = p->free_head;
    p->free_head = i;
    p->live--;
}
