/*
 * Random durations (transit, handling, customs) drawn from a mean and a
 * coefficient of variation: deterministic, exponential, or lognormal with
 * that mean and cv.
 */
#ifndef SC_DURATION_H
#define SC_DURATION_H

#include <gsl/gsl_rng.h>

#include "scenario_model.h"

double sc_duration_sample(gsl_rng *r, sc_dist dist, double mean, double cv);

/* Lognormal when cv > 0, otherwise the mean itself. */
static inline double sc_duration_sample_cv(gsl_rng *r, double mean, double cv)
{
    return sc_duration_sample(r, cv > 0 ? SC_DIST_LOGNORMAL : SC_DIST_DETERMINISTIC, mean, cv);
}

#endif
