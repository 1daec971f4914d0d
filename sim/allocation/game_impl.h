/*
 * The layout of sc_game (opaque in sctwin/allocation.h) and small helpers
 * shared by the files of sim/allocation/.
 */
#ifndef SC_GAME_IMPL_H
#define SC_GAME_IMPL_H

#include "sctwin/allocation.h"

struct sc_game {
    int n;
    double *value;   /* [2^n] v(S), indexed by the bit mask S */
    uint8_t *known;  /* [2^n] 1 when value[S] was given; known[0] = 1 */
    char **name;     /* [n] */
    double *revenue; /* [n] NaN when not given */
};

static inline sc_coalition sc_bit(int i)
{
    return (sc_coalition)1 << i;
}

static inline int sc_popcount(sc_coalition s)
{
    return __builtin_popcount(s);
}

/* x(S): the sum of x_i over the members of S. */
static inline double sc_coalition_sum(const double *x, sc_coalition s)
{
    double t = 0;
    for (; s; s &= s - 1)
        t += x[__builtin_ctz(s)];
    return t;
}

#endif
