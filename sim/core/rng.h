/*
 * Random streams.  Every stream is a GSL generator (so every gsl_ran_*
 * distribution works on it) whose 64-bit seed is derived from the key
 * (experiment seed, replication, agent, purpose).  Results therefore depend
 * only on that key, never on which thread or process ran the replication or
 * in which order agents drew numbers, and two arms of an experiment see the
 * same numbers for the same agent and purpose (common random numbers).
 *
 * The generator is xoshiro256++ (Blackman & Vigna), registered as a
 * gsl_rng_type: it has 256 bits of state, a 64-bit seed space (GSL's own
 * generators take 32-bit seeds, which collide across millions of streams),
 * and is seeded in a few nanoseconds.
 */
#ifndef SC_RNG_H
#define SC_RNG_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

extern const gsl_rng_type *sc_rng_xoshiro256pp;

/* The seed of the stream for (seed, replication, agent, purpose). */
uint64_t sc_stream_seed(uint64_t seed, uint64_t replication, uint64_t agent, uint64_t purpose);

/* A new stream keyed as above, or NULL when out of memory. */
gsl_rng *sc_stream_alloc(uint64_t seed, uint64_t replication, uint64_t agent, uint64_t purpose);

/* A stream with its state beside it, one cache line each: a draw touches
 * one line, not a pointer, a generator and a state in three places. */
typedef struct sc_stream {
    _Alignas(64) gsl_rng rng;
    uint64_t state[4];
} sc_stream;

/* n unkeyed streams in one allocation (one block instead of two small
 * allocations per stream: memory and locality on big networks), each as
 * gsl_rng_alloc leaves a new one; NULL when out of memory.  Free with
 * sc_stream_block_free; the streams must not go to gsl_rng_free. */
sc_stream *sc_stream_block_alloc(size_t n);
void sc_stream_block_free(sc_stream *block);

/* Re-keys an existing stream without allocating. */
void sc_stream_reset(gsl_rng *r, uint64_t seed, uint64_t replication, uint64_t agent,
                     uint64_t purpose);

/* The seed of replication `rep` as recorded in results (a readable summary of
 * the key, not used for streams directly). */
uint64_t sc_replication_seed(uint64_t seed, uint64_t rep);

#endif
