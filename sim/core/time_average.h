/*
 * Time-weighted average of a piecewise-constant quantity (stock on hand,
 * busy servers) over a window [start, end]: changes before `start` only set
 * the level, so a warm-up period is excluded from the average.
 */
#ifndef SC_TIME_AVERAGE_H
#define SC_TIME_AVERAGE_H

typedef struct sc_time_average {
    double level;  /* current value */
    double last_t; /* time of the last change */
    double start;  /* beginning of the measured window */
    double area;   /* integral of the level over [start, last_t] */
} sc_time_average;

static inline void sc_ta_reset(sc_time_average *a, double start, double level)
{
    *a = (sc_time_average){level, 0.0, start, 0.0};
}

/* The level changes to `level` at time t (t never decreases). */
static inline void sc_ta_set(sc_time_average *a, double t, double level)
{
    double from = a->last_t > a->start ? a->last_t : a->start;
    if (t > from) a->area += a->level * (t - from);
    a->last_t = t;
    a->level = level;
}

static inline void sc_ta_add(sc_time_average *a, double t, double delta)
{
    sc_ta_set(a, t, a->level + delta);
}

/* Integral of the level over [start, end]. */
double sc_ta_area(const sc_time_average *a, double end);

/* Mean level over [start, end]; 0 for an empty window. */
double sc_ta_mean(const sc_time_average *a, double end);

#endif
