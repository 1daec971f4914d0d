/*
 * MPI ranks (see ranks.h).  The only file that includes mpi.h.  Data moves
 * as bytes in items of a contiguous type, so counts stay ints however big
 * a record is, and every rank must be the same kind of machine (the records
 * are the structs as they lie in memory).
 */
#include "ranks.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef SCTWIN_WITH_MPI
#include <mpi.h>

static bool joined;
static int n_ranks = 1, my_rank;

/* A launcher (Open MPI's mpirun, MPICH's hydra, Slurm's PMI) sets one of
 * these; without it the process stays alone and starts exactly as a build
 * without MPI does (no singleton MPI start-up). */
static bool launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"};
    for (size_t k = 0; k < sizeof vars / sizeof *vars; k++)
        if (getenv(vars[k])) return true;
    return false;
}

void sc_ranks_init(int *argc, char ***argv)
{
    if (!launched()) return;
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    joined = true;
    MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    if (my_rank != 0) {
        if (!freopen("/dev/null", "w", stdout)) return;
        if (!freopen("/dev/null", "w", stderr)) return;
    }
}

void sc_ranks_finalize(void)
{
    if (!joined) return;
    fflush(stdout);
    fflush(stderr);
    MPI_Finalize();
    joined = false;
}

int sc_ranks_size(void)
{
    return n_ranks;
}

int sc_ranks_rank(void)
{
    return my_rank;
}

int sc_ranks_bcast_int(int value)
{
    if (n_ranks > 1) MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
}

static int reduce_int(int value, MPI_Op op)
{
    int out = value;
    if (n_ranks > 1) MPI_Allreduce(&value, &out, 1, MPI_INT, op, MPI_COMM_WORLD);
    return out;
}

int sc_ranks_max_int(int value)
{
    return reduce_int(value, MPI_MAX);
}

int sc_ranks_sum_int(int value)
{
    return reduce_int(value, MPI_SUM);
}

uint64_t sc_ranks_sum_u64(uint64_t value)
{
    uint64_t out = value;
    if (n_ranks > 1) MPI_Allreduce(&value, &out, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return out;
}

/* Gathers counts[r] items from each rank r at displacements in rank order. */
static void gatherv(void *buf, int count, size_t item_bytes, const int *counts)
{
    MPI_Datatype item;
    MPI_Type_contiguous((int)item_bytes, MPI_BYTE, &item);
    MPI_Type_commit(&item);
    int *displs = NULL;
    if (my_rank == 0) {
        displs = malloc((size_t)n_ranks * sizeof *displs);
        if (!displs) MPI_Abort(MPI_COMM_WORLD, 1);
        int at = 0;
        for (int r = 0; r < n_ranks; r++) {
            displs[r] = at;
            at += counts[r];
        }
        /* Root's own items already lie at displacement 0. */
        MPI_Gatherv(MPI_IN_PLACE, count, item, buf, counts, displs, item, 0, MPI_COMM_WORLD);
    } else {
        MPI_Gatherv(buf, count, item, NULL, NULL, NULL, item, 0, MPI_COMM_WORLD);
    }
    free(displs);
    MPI_Type_free(&item);
}

void sc_ranks_gather_blocks(void *buf, int n, size_t item_bytes)
{
    if (n_ranks == 1 || n <= 0 || item_bytes == 0) return;
    int lo, hi;
    sc_ranks_block(n, &lo, &hi);
    int *counts = malloc((size_t)n_ranks * sizeof *counts);
    if (!counts) MPI_Abort(MPI_COMM_WORLD, 1);
    for (int r = 0; r < n_ranks; r++)
        counts[r] = n / n_ranks + (r < n % n_ranks);
    char *mine = (char *)buf + (size_t)lo * item_bytes;
    if (my_rank == 0)
        gatherv(buf, hi - lo, item_bytes, counts);
    else
        gatherv(mine, hi - lo, item_bytes, counts);
    free(counts);
}

void sc_ranks_gather_var(void *buf, int count, size_t item_bytes)
{
    if (n_ranks == 1 || item_bytes == 0) return;
    int *counts = my_rank == 0 ? malloc((size_t)n_ranks * sizeof *counts) : NULL;
    if (my_rank == 0 && !counts) MPI_Abort(MPI_COMM_WORLD, 1);
    MPI_Gather(&count, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    gatherv(buf, count, item_bytes, counts);
    free(counts);
}

#else /* one process */

void sc_ranks_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void sc_ranks_finalize(void) {}

int sc_ranks_size(void)
{
    return 1;
}

int sc_ranks_rank(void)
{
    return 0;
}

int sc_ranks_bcast_int(int value)
{
    return value;
}

int sc_ranks_max_int(int value)
{
    return value;
}

int sc_ranks_sum_int(int value)
{
    return value;
}

uint64_t sc_ranks_sum_u64(uint64_t value)
{
    return value;
}

void sc_ranks_gather_blocks(void *buf, int n, size_t item_bytes)
{
    (void)buf;
    (void)n;
    (void)item_bytes;
}

void sc_ranks_gather_var(void *buf, int count, size_t item_bytes)
{
    (void)buf;
    (void)count;
    (void)item_bytes;
}

#endif

bool sc_ranks_root(void)
{
    return sc_ranks_rank() == 0;
}

void sc_ranks_block(int n, int *lo, int *hi)
{
    int k = sc_ranks_size(), r = sc_ranks_rank(), base = n / k, extra = n % k;
    *lo = r * base + (r < extra ? r : extra);
    *hi = *lo + base + (r < extra);
}
