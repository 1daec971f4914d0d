/*
 * Coalition values by simulation (DESIGN.md §3, docs/allocation.md): the
 * cooperative game behind `sctwin share SCENARIO`.
 *
 * A study takes one experiment arm: its shocks are the risk, its mitigations
 * the candidates.  The players are all the scenario's actors.  Coalition S
 * runs the candidates owned by members of S (an info_sharing candidate also
 * needs every actor that owns a market-serving stock, whose sales data it
 * shares, to be in S).  Its value is what S's members gain over no
 * mitigation:
 *     v(S) = sum over i in S of (profit_i(mitigations of S) - profit_i(none))
 * (currency over the measured window, mitigation costs included), so v(empty)
 * = 0, v(N) is the whole network's gain and v({i}) is what i gets by funding
 * its own mitigations alone and keeping its own P&L.  Coalitions that switch
 * on the same mitigations share one simulated arm, and every arm runs the
 * same replications (common random numbers), so differences between
 * coalitions are estimated far more tightly than the profits themselves.
 *
 * Behaviour: with F the set of actors that fund their candidates, actor i's
 * payoff under a rule is the rule applied to the game v_F(T) = sum over i in
 * T of (profit_i(mitigations of T and F) - profit_i(none)); the two contracts
 * instead move money between the actors' own gains in the run of F.
 */
#ifndef SCTWIN_COALITIONS_H
#define SCTWIN_COALITIONS_H

#include <stdbool.h>

#include "sctwin/allocation.h"
#include "sctwin/experiment.h"
#include "sctwin/scenario.h"

typedef struct sc_coalitions sc_coalitions;

/* A rule and its parameter: phi for revenue_sharing, alpha for
 * cost_sharing (both in [0, 1]), unused otherwise. */
typedef struct sc_rule_choice {
    sc_rule rule;
    double param;
} sc_rule_choice;

/* Plans the study of arm `arm` of the scenario.  SC_ERR_INPUT, with a
 * message in err, when the arm has no mitigation, the scenario has more
 * than SC_GAME_MAX_ACTORS actors or the candidates' owners are more than
 * 12 (2^12 simulated arms); SC_ERR_NOMEM. */
sc_status sc_coalitions_plan(const sc_scenario *sc, int arm, sc_coalitions **out, char *err,
                             size_t errlen);
void sc_coalitions_free(sc_coalitions *c);

int sc_coalitions_actor_count(const sc_coalitions *c);
/* The actors that own a candidate, as a coalition mask. */
sc_coalition sc_coalitions_owners(const sc_coalitions *c);

/* The distinct sets of mitigations to simulate, one arm each: its name
 * ("none" or the mitigation ids joined by '+') and the mitigation ids. */
int sc_coalitions_set_count(const sc_coalitions *c);
const char *sc_coalitions_set_name(const sc_coalitions *c, int set);
/* The arm (set index) that coalition S runs. */
int sc_coalitions_set_of(const sc_coalitions *c, sc_coalition s);
/* Whether candidate mitigation `m` (scenario index) is in force in set. */
bool sc_coalitions_set_has(const sc_coalitions *c, int set, int m);

/* Runs every set's arm for cfg->replications replications (cfg->sink, when
 * given, still receives every batch) and keeps each replication's profit,
 * income and mitigation cost per actor.  *res gets the experiment's results,
 * one arm per set, in set order. */
sc_status sc_coalitions_run(sc_coalitions *c, const sc_experiment_config *cfg, sc_results **res);

/* After a run: the game of mean values (actor names are the actor ids;
 * revenues are the actors' income in the grand coalition), owned by c. */
const sc_game *sc_coalitions_game(const sc_coalitions *c);
int sc_coalitions_replications(const sc_coalitions *c);
/* The 95% confidence interval of v(S) over the replications. */
void sc_coalitions_value_ci(const sc_coalitions *c, sc_coalition s, double *lo, double *hi);

/* The actor that supplies actor i (the source of its first stock with a
 * source of another actor, in inventory.csv order), or -1. */
int sc_coalitions_upstream(const sc_coalitions *c, int actor);

/* The allocation x[0..n) of the rule when the actors in `funders` fund their
 * candidates, on the mean values (rep < 0) or on one replication's. */
sc_status sc_coalitions_allocate(const sc_coalitions *c, sc_rule_choice rule, sc_coalition funders,
                                 int rep, double *x);

/* The rule's allocation when every actor funds, and the half-widths hw of
 * its 95% confidence interval from the spread of the replications'
 * allocations (hw may be NULL). */
sc_status sc_coalitions_allocate_ci(const sc_coalitions *c, sc_rule_choice rule, double *x,
                                    double *hw);

/* Who funds under a rule: starting with every owner funding, owners in
 * actor order switch to whichever of funding / not funding gives them the
 * higher payoff (funding only when strictly better), sweep after sweep,
 * until a sweep changes nothing (a fixed point: *fixed_point true) or a
 * funding set comes back (a cycle: false, *funders is the last set). */
sc_status sc_coalitions_funding(const sc_coalitions *c, sc_rule_choice rule, sc_coalition *funders,
                                bool *fixed_point);

/* Participation over `years` by replicator dynamics: p_i, the chance that
 * owner i takes part (funds) in a year, starts at 0.5 and moves by
 *     p_i += p_i (1 - p_i) (u_i(join) - u_i(leave)) / D_i
 * where u are i's expected payoffs with the others taking part
 * independently with their p, and D_i the largest |payoff difference| that
 * joining makes to i in any funding set (so p stays in [0, 1]).  p[y * owners + k] is
 * the k-th owner's (in actor order) p after year y, y = 0..years.
 * *converged_year is the first year after which no p moved by more than
 * 1e-3, or -1. */
sc_status sc_coalitions_replicator(const sc_coalitions *c, sc_rule_choice rule, int years,
                                   double *p, int *converged_year);

#endif
