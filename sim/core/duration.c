/* Sampling of durations by distribution family (see duration.h). */
#include "core/duration.h"

#include <gsl/gsl_randist.h>
#include <math.h>

double sc_duration_sample(gsl_rng *r, sc_dist dist, double mean, double cv)
{
    if (mean <= 0) return 0;
    switch (dist) {
    case SC_DIST_EXPONENTIAL:
        return gsl_ran_exponential(r, mean);
    case SC_DIST_LOGNORMAL: {
        if (cv <= 0) return mean;
        double s2 = log1p(cv * cv);
        return gsl_ran_lognormal(r, log(mean) - 0.5 * s2, sqrt(s2));
    }
    case SC_DIST_DETERMINISTIC:
        break;
    }
    return mean;
}
