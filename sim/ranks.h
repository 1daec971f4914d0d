/*
 * The processes of an MPI job (sim/ranks.c): `mpirun -np K sctwin ...`
 * splits each batch of replications across K ranks.  Built without MPI, or
 * started without a launcher, there is one rank and every call is a no-op,
 * so the rest of the code needs no #ifdef.  Collective calls (all but
 * size, rank, root and block) must be made by every rank in the same order,
 * from the thread that called sc_ranks_init (MPI_THREAD_FUNNELED).
 */
#ifndef SC_RANKS_H
#define SC_RANKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Joins the job when a launcher started the process; a rank other than 0
 * then sends its stdout and stderr to /dev/null (every rank validates the
 * same input and would print the same diagnostics K times). */
void sc_ranks_init(int *argc, char ***argv);
void sc_ranks_finalize(void);

int sc_ranks_size(void);
int sc_ranks_rank(void);
/* Rank 0: the one that writes files and prints. */
bool sc_ranks_root(void);

/* This rank's contiguous block [*lo, *hi) of n items: the first n % K
 * ranks get one more than the others. */
void sc_ranks_block(int n, int *lo, int *hi);

/* Root's value, on every rank. */
int sc_ranks_bcast_int(int value);
/* The largest / the sum of every rank's value, on every rank. */
int sc_ranks_max_int(int value);
int sc_ranks_sum_int(int value);
uint64_t sc_ranks_sum_u64(uint64_t value);

/* buf holds n items of item_bytes; each rank has filled its block (as
 * sc_ranks_block(n) gives it).  Afterwards root's buf holds every block;
 * the other ranks' buf is unchanged. */
void sc_ranks_gather_blocks(void *buf, int n, size_t item_bytes);

/* Each rank has `count` items at buf; root's buf, with room for everyone's
 * (it knows their counts), then holds them all in rank order, its own
 * first where they are. */
void sc_ranks_gather_var(void *buf, int count, size_t item_bytes);

#endif
