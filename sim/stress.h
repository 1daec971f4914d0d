/*
 * The stress test (Simchi-Levi's risk exposure): every node and every
 * chokepoint of a scenario is knocked out in turn, alone, for the same number
 * of days from the same day, and the network's loss, time to survive, time to
 * recover and profit impact are measured against the shock-free twin.  The
 * ranking by loss shows the network's weak points.
 */
#ifndef SC_STRESS_H
#define SC_STRESS_H

#include "experiment_arms.h"

typedef struct sc_stress_plan {
    sc_shock *shocks;  /* one per element: node outages, then chokepoint closures */
    sc_arm_spec *arms; /* arm i turns shock i on */
    bool *on;          /* [n * n] backing store of the arms' switches */
    int n;
} sc_stress_plan;

/* Builds the plan: knock-outs of `days` days starting at `start_day`.
 * Returns false when out of memory. */
bool sc_stress_plan_make(const sc_scenario *sc, double start_day, double days, sc_stress_plan *p);
void sc_stress_plan_free(sc_stress_plan *p);

#endif
