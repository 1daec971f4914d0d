/* Open-addressing string map for resolving ids at load time. */
#include "idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

bool sc_idmap_init(sc_idmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    m->keys = calloc(cap, sizeof *m->keys);
    m->values = calloc(cap, sizeof *m->values);
    m->cap = cap;
    m->n = 0;
    if (!m->keys || !m->values) {
        sc_idmap_free(m);
        return false;
    }
    return true;
}

void sc_idmap_free(sc_idmap *m)
{
    free(m->keys);
    free(m->values);
    *m = (sc_idmap){0};
}

static size_t find(const sc_idmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static bool grow(sc_idmap *m)
{
    sc_idmap bigger;
    if (!sc_idmap_init(&bigger, m->cap)) return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = find(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
            bigger.n++;
        }
    sc_idmap_free(m);
    *m = bigger;
    return true;
}

int sc_idmap_put(sc_idmap *m, const char *key, int value)
{
    if ((m->n + 1) * 2 > m->cap && !grow(m)) return -2;
    size_t i = find(m, key);
    if (m->keys[i]) return m->values[i];
    m->keys[i] = key;
    m->values[i] = value;
    m->n++;
    return -1;
}

int sc_idmap_get(const sc_idmap *m, const char *key)
{
    if (!m->cap) return -1;
    size_t i = find(m, key);
    return m->keys[i] ? m->values[i] : -1;
}
