/*
 * String id → index map (open addressing, FNV-1a), used only while loading a
 * scenario to resolve references; keys are borrowed, not copied.
 */
#ifndef SC_IDMAP_H
#define SC_IDMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sc_idmap {
    const char **keys;
    int *values;
    size_t cap, n;
} sc_idmap;

/* Returns false when out of memory. */
bool sc_idmap_init(sc_idmap *m, size_t expected);
void sc_idmap_free(sc_idmap *m);

/* Inserts key → value unless present; returns the existing value or -1 when
 * the key was new, and -2 when out of memory. */
int sc_idmap_put(sc_idmap *m, const char *key, int value);

/* The value of key, or -1. */
int sc_idmap_get(const sc_idmap *m, const char *key);

#endif
