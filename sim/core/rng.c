/*
 * xoshiro256++ as a GSL generator, and the derivation of stream seeds from
 * (seed, replication, agent, purpose) keys with the splitmix64 finaliser.
 */
#include "core/rng.h"

#include <stdlib.h>

typedef struct xoshiro_state {
    uint64_t s[4];
} xoshiro_state;

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t next64(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
    xoshiro_state *st = vstate;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(next64(vstate) >> 32);
}

/* 53 random bits, strictly inside (0, 1) is not required by GSL: [0, 1). */
static double xoshiro_get_double(void *vstate)
{
    return (double)(next64(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256++", 0xffffffffUL,       0, sizeof(xoshiro_state), xoshiro_set,
    xoshiro_get,    xoshiro_get_double,
};

const gsl_rng_type *sc_rng_xoshiro256pp = &xoshiro_type;

_Static_assert(sizeof(sc_stream) == 64, "a stream fills one cache line");
_Static_assert(sizeof(((sc_stream *)0)->state) == sizeof(xoshiro_state), "room for the state");

sc_stream *sc_stream_block_alloc(size_t n)
{
    sc_stream *b = aligned_alloc(_Alignof(sc_stream), (n ? n : 1) * sizeof *b);
    if (!b) return NULL;
    for (size_t i = 0; i < n; i++) {
        b[i].rng.type = &xoshiro_type;
        b[i].rng.state = b[i].state;
        gsl_rng_set(&b[i].rng, gsl_rng_default_seed); /* as gsl_rng_alloc leaves one */
    }
    return b;
}

void sc_stream_block_free(sc_stream *block)
{
    free(block);
}

/* Mixes one more word into a running hash; each step is a full splitmix64
 * round so nearby keys give unrelated seeds. */
static uint64_t mix(uint64_t h, uint64_t word)
{
    uint64_t x = h ^ (word * 0xD6E8FEB86659FD93ull);
    return splitmix64(&x);
}

uint64_t sc_stream_seed(uint64_t seed, uint64_t replication, uint64_t agent, uint64_t purpose)
{
    uint64_t h = mix(0x5C7417A1ull, seed);
    h = mix(h, replication);
    h = mix(h, agent);
    return mix(h, purpose);
}

gsl_rng *sc_stream_alloc(uint64_t seed, uint64_t replication, uint64_t agent, uint64_t purpose)
{
    gsl_rng *r = gsl_rng_alloc(sc_rng_xoshiro256pp);
    if (r) gsl_rng_set(r, (unsigned long)sc_stream_seed(seed, replication, agent, purpose));
    return r;
}

void sc_stream_reset(gsl_rng *r, uint64_t seed, uint64_t replication, uint64_t agent,
                     uint64_t purpose)
{
    gsl_rng_set(r, (unsigned long)sc_stream_seed(seed, replication, agent, purpose));
}

uint64_t sc_replication_seed(uint64_t seed, uint64_t rep)
{
    return sc_stream_seed(seed, rep, UINT64_MAX, UINT64_MAX);
}
