/*
 * The layout of sc_coalitions (opaque in sctwin/coalitions.h), shared by
 * coalitions.c (planning, simulating, values) and coalition_rules.c
 * (allocations, funding, participation).
 */
#ifndef SC_COALITIONS_IMPL_H
#define SC_COALITIONS_IMPL_H

#include "experiment_arms.h"
#include "sctwin/coalitions.h"

struct sc_coalitions {
    const sc_scenario *sc;
    int arm;             /* the scenario arm studied */
    int n;               /* actors */
    sc_coalition owners; /* actors owning a candidate */
    int *candidates;     /* scenario mitigation indices */
    int n_candidates;
    sc_coalition *needs; /* [n_candidates] actors that must all be in S for it to run */
    int n_sets;
    bool *set_on;      /* [n_sets][n_mitigations] */
    char **set_names;  /* [n_sets] */
    sc_arm_spec *arms; /* [n_sets] */
    int *set_of;       /* [2^n] */
    int *upstream;     /* [n] */
    int reps;
    /* [n_sets][reps + 1][n]: per replication, then the mean in slot reps */
    double *profit, *income, *mitigation;
    sc_game *game;       /* mean values */
    double *v_lo, *v_hi; /* [2^n] */
};

/* Slot `rep` (reps for the mean) of a per-set, per-replication array. */
static inline const double *sc_coal_row(const sc_coalitions *c, const double *a, int set, int rep)
{
    return a + ((size_t)set * (size_t)(c->reps + 1) + (size_t)rep) * (size_t)c->n;
}

#endif
