/* Closing a time-weighted average at the end of its window. */
#include "core/time_average.h"

double sc_ta_area(const sc_time_average *a, double end)
{
    double from = a->last_t > a->start ? a->last_t : a->start;
    return a->area + (end > from ? a->level * (end - from) : 0.0);
}

double sc_ta_mean(const sc_time_average *a, double end)
{
    return end > a->start ? sc_ta_area(a, end) / (end - a->start) : 0.0;
}
