/*
 * Inventory policies: how much a stocking point orders when it reviews its
 * inventory position (on hand + on order - backlog).
 *   base_stock  order up to S
 *   sS          when the position is at or below s, order up to S
 *   sQ          when the position is at or below s, order the smallest
 *               multiple of Q that lifts it above s
 *   forecast_out order up to f*(L+R) + safety_days*f, f the forecast of daily
 *               demand (moving average over `window` days or exponential
 *               smoothing with `alpha`) of the demand of the last review
 *               periods (the demand received between two reviews, as
 *               Chen, Drezner, Ryan & Simchi-Levi 2000 time it; of the
 *               last days under continuous review), L the nominal lead time from the
 *               source and R the review period; the demand is the orders k
 *               receives, or with information sharing the end demand
 *               flowing through k (sharing.c)
 * Early warning and learning add to the target (S, s, or the level).
 */
#ifndef SC_POLICY_INVENTORY_H
#define SC_POLICY_INVENTORY_H

#include "world.h"

/* Units to order now (0 for none). */
double sc_policy_order_qty(sc_world *w, int k);

/* Nominal replenishment lead time of stocking point k in days: production
 * days at the source when it makes the item, plus mean transit of the route. */
double sc_policy_lead_time(const sc_scenario *sc, int k);

/* Mean daily demand received by k over the last 28 complete days. */
double sc_policy_recent_demand(sc_world *w, int k);

/* At a scheduled review: closes the review period just ended, adding its
 * demand to k's forecasting history. */
void sc_policy_observe(sc_world *w, int k);

/* Forecast of daily demand at k from the days completed so far (0 before
 * the first day is over). */
double sc_policy_forecast(sc_world *w, int k);

#endif
