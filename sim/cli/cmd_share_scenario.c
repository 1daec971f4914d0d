/*
 * `sctwin share SCENARIO`: coalition values by simulation
 * (sctwin/coalitions.h), every allocation rule on them with confidence
 * intervals and properties, who would fund their mitigations under each rule
 * and the resilience the network then has, optionally participation over
 * the years; printed as tables and stored under /allocation beside the arms
 * of the simulated mitigation sets.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/share.h"
#include "ranks.h"
#include "scenario_model.h"
#include "sctwin/coalitions.h"
#include "sctwin/stats.h"

/* What one rule gives, kept for printing and storing. */
typedef struct rule_out {
    sc_rule_choice choice;
    double *x, *hw; /* [n] */
    sc_alloc_props props;
    sc_coalition funders;
    bool fixed_point;
    int set; /* the arm the funders run */
    sc_summary ttr, loss, resistance, fill;
    double gain; /* the network's gain with the funders' mitigations */
    double *p;   /* [(years + 1) * owners] participation, or NULL */
    int converged_year;
} rule_out;

typedef struct share_ctx {
    const share_args *a;
    const sc_scenario *sc;
    sc_coalitions *c;
    rule_out *rules;
    int n_rules, n_owners;
    bool core_empty;
    double balanced_max;
} share_ctx;

static sc_status run_sets(void *vctx, const sc_experiment_config *cfg, sc_results **res)
{
    share_ctx *s = vctx;
    return sc_coalitions_run(s->c, cfg, res);
}

static size_t offset_of(const char *name)
{
    for (int f = 0; f < sc_metric_field_count; f++)
        if (!strcmp(sc_metric_fields[f].name, name)) return sc_metric_fields[f].offset;
    return 0;
}

static double param_of(const share_args *a, sc_rule r)
{
    return r == SC_RULE_REVENUE_SHARING ? a->phi : r == SC_RULE_COST_SHARING ? a->alpha : 0;
}

/* Everything one rule gives. */
static sc_status evaluate(share_ctx *s, const sc_results *res, rule_out *o)
{
    const sc_game *g = sc_coalitions_game(s->c);
    sc_status st = sc_coalitions_allocate_ci(s->c, o->choice, o->x, o->hw);
    if (st == SC_OK) st = sc_alloc_check(g, o->x, &o->props);
    if (st == SC_OK) st = sc_coalitions_funding(s->c, o->choice, &o->funders, &o->fixed_point);
    if (st != SC_OK) return st;
    o->set = sc_coalitions_set_of(s->c, o->funders);
    if (sc_summarise_metric(res, o->set, offset_of("ttr"), &o->ttr) ||
        sc_summarise_metric(res, o->set, offset_of("loss"), &o->loss) ||
        sc_summarise_metric(res, o->set, offset_of("resistance"), &o->resistance) ||
        sc_summarise_metric(res, o->set, offset_of("fill_rate"), &o->fill))
        return SC_ERR_NOMEM;
    /* The network's gain: v_F(N), the sum of every actor's allocation of
     * the rule's game when F funds (any efficient rule gives the same). */
    double *x = malloc((size_t)sc_coalitions_actor_count(s->c) * sizeof *x);
    if (!x) return SC_ERR_NOMEM;
    st = sc_coalitions_allocate(s->c, (sc_rule_choice){SC_RULE_SHAPLEY, 0}, o->funders, -1, x);
    o->gain = 0;
    for (int i = 0; st == SC_OK && i < sc_coalitions_actor_count(s->c); i++)
        o->gain += x[i];
    free(x);
    if (st == SC_OK && s->a->years > 0) {
        o->p = malloc((size_t)(s->a->years + 1) * (size_t)(s->n_owners ? s->n_owners : 1) *
                      sizeof *o->p);
        st = o->p ? sc_coalitions_replicator(s->c, o->choice, (int)s->a->years, o->p,
                                             &o->converged_year)
                  : SC_ERR_NOMEM;
    }
    return st;
}

/* ---- storing ------------------------------------------------------------- */

static sc_status write_coalitions(share_ctx *s, sc_store *store)
{
    const sc_game *g = sc_coalitions_game(s->c);
    int n = 1 << sc_game_actors(g);
    char **names = calloc((size_t)n, sizeof *names);
    const char **sets = malloc((size_t)n * sizeof *sets);
    double *col[3] = {malloc((size_t)n * sizeof(double)), malloc((size_t)n * sizeof(double)),
                      malloc((size_t)n * sizeof(double))};
    sc_status st = names && sets && col[0] && col[1] && col[2] ? SC_OK : SC_ERR_NOMEM;
    for (int k = 0; st == SC_OK && k < n; k++) {
        char buf[2048];
        names[k] = strdup(sc_game_coalition_str(g, (sc_coalition)k, buf, sizeof buf));
        if (!names[k]) st = SC_ERR_NOMEM;
        sets[k] = sc_coalitions_set_name(s->c, sc_coalitions_set_of(s->c, (sc_coalition)k));
        col[0][k] = sc_game_value(g, (sc_coalition)k);
        sc_coalitions_value_ci(s->c, (sc_coalition)k, &col[1][k], &col[2][k]);
    }
    if (st == SC_OK) {
        const char *cols[] = {"coalition", "value", "ci_lo", "ci_hi", "mitigations"};
        const char *const *strings[] = {(const char *const *)names, NULL, NULL, NULL, sets};
        const double *numbers[] = {NULL, col[0], col[1], col[2], NULL};
        sc_store_table t = {"allocation/coalitions", 5, n, cols, strings, numbers};
        st = sc_store_table_write(store, &t);
    }
    for (int k = 0; names && k < n; k++)
        free(names[k]);
    free(names);
    free(sets);
    for (int k = 0; k < 3; k++)
        free(col[k]);
    return st;
}

static sc_status write_rule(share_ctx *s, sc_store *store, const rule_out *o)
{
    const sc_game *g = sc_coalitions_game(s->c);
    int n = sc_game_actors(g);
    const char **actors = malloc((size_t)n * sizeof *actors);
    double *col[6];
    for (int k = 0; k < 6; k++)
        col[k] = malloc((size_t)n * sizeof(double));
    sc_status st = actors ? SC_OK : SC_ERR_NOMEM;
    for (int k = 0; k < 6; k++)
        if (!col[k]) st = SC_ERR_NOMEM;
    for (int i = 0; st == SC_OK && i < n; i++) {
        double v = sc_game_value(g, (sc_coalition)1 << i);
        actors[i] = sc_game_name(g, i);
        col[0][i] = o->x[i];
        col[1][i] = o->x[i] - o->hw[i];
        col[2][i] = o->x[i] + o->hw[i];
        col[3][i] = v;
        col[4][i] = o->x[i] - v;
        col[5][i] = (sc_coalitions_owners(s->c) >> i & 1) ? (double)(o->funders >> i & 1) : -1.0;
    }
    if (st == SC_OK) {
        char name[96];
        snprintf(name, sizeof name, "allocation/%s", sc_rule_name(o->choice.rule));
        const char *cols[] = {"actor",      "allocation", "ci_lo", "ci_hi",
                              "standalone", "gain",       "funds"};
        const char *const *strings[7] = {actors};
        const double *numbers[7] = {NULL, col[0], col[1], col[2], col[3], col[4], col[5]};
        sc_store_table t = {name, 7, n, cols, strings, numbers};
        st = sc_store_table_write(store, &t);
    }
    free(actors);
    for (int k = 0; k < 6; k++)
        free(col[k]);
    return st;
}

static sc_status write_participation(share_ctx *s, sc_store *store, const rule_out *o)
{
    int years = (int)s->a->years, rows = years + 1, k = s->n_owners;
    const char **cols = malloc(((size_t)k + 1) * sizeof *cols);
    double *year = malloc((size_t)rows * sizeof *year);
    double **p = malloc(((size_t)k + 1) * sizeof *p);
    const char *const **strings = calloc((size_t)k + 1, sizeof *strings);
    sc_status st = cols && year && p && strings ? SC_OK : SC_ERR_NOMEM;
    for (int j = 0; p && j <= k; j++)
        p[j] = NULL;
    for (int j = 0; st == SC_OK && j < k; j++)
        if (!(p[j + 1] = malloc((size_t)rows * sizeof(double)))) st = SC_ERR_NOMEM;
    if (st == SC_OK) {
        cols[0] = "year";
        for (int y = 0; y < rows; y++)
            year[y] = y;
        p[0] = year;
        int j = 0;
        for (int i = 0; i < sc_coalitions_actor_count(s->c); i++)
            if (sc_coalitions_owners(s->c) >> i & 1) {
                cols[j + 1] = s->sc->actors[i].id;
                for (int y = 0; y < rows; y++)
                    p[j + 1][y] = o->p[(size_t)y * (size_t)k + (size_t)j];
                j++;
            }
        char name[96];
        snprintf(name, sizeof name, "allocation/participation/%s", sc_rule_name(o->choice.rule));
        sc_store_table t = {name, k + 1, rows, cols, strings, (const double *const *)p};
        st = sc_store_table_write(store, &t);
    }
    for (int j = 1; p && j <= k; j++)
        free(p[j]);
    free(p);
    free(cols);
    free(year);
    free((void *)strings);
    return st;
}

/* /allocation/rules: one row per rule. */
static sc_status write_rules(share_ctx *s, sc_store *store)
{
    enum { NUM = 14 };
    int n = s->n_rules;
    const char **rule = malloc((size_t)n * sizeof *rule);
    char **sets = calloc((size_t)n, sizeof *sets);
    double *col[NUM];
    sc_status st = rule && sets ? SC_OK : SC_ERR_NOMEM;
    for (int k = 0; k < NUM; k++)
        if (!(col[k] = malloc((size_t)n * sizeof(double)))) st = SC_ERR_NOMEM;
    for (int r = 0; st == SC_OK && r < n; r++) {
        const rule_out *o = &s->rules[r];
        rule[r] = sc_rule_name(o->choice.rule);
        sets[r] = (char *)sc_coalitions_set_name(s->c, o->set);
        double v[NUM] = {o->choice.param,
                         o->props.efficient,
                         o->props.has_rational ? o->props.rational : NAN,
                         o->props.has_core ? o->props.in_core : NAN,
                         (double)o->props.n_blocking,
                         o->props.gini,
                         o->fixed_point,
                         o->gain,
                         o->ttr.mean,
                         o->ttr.ci_lo,
                         o->ttr.ci_hi,
                         o->loss.mean,
                         o->resistance.mean,
                         o->fill.mean};
        for (int k = 0; k < NUM; k++)
            col[k][r] = v[k];
    }
    if (st == SC_OK) {
        const char *cols[] = {"rule",    "param",      "efficient", "rational",
                              "in_core", "n_blocking", "gini",      "fixed_point",
                              "gain",    "ttr",        "ttr_ci_lo", "ttr_ci_hi",
                              "loss",    "resistance", "fill_rate", "funded"};
        const char *const *strings[NUM + 2] = {rule};
        strings[NUM + 1] = (const char *const *)sets;
        const double *numbers[NUM + 2] = {NULL};
        for (int k = 0; k < NUM; k++)
            numbers[k + 1] = col[k];
        sc_store_table t = {"allocation/rules", NUM + 2, n, cols, strings, numbers};
        st = sc_store_table_write(store, &t);
    }
    free(rule);
    free(sets);
    for (int k = 0; k < NUM; k++)
        free(col[k]);
    return st;
}

/* After the run: every rule, then the tables. */
static sc_status compute_and_store(void *vctx, sc_store *store, const sc_results *res)
{
    share_ctx *s = vctx;
    const sc_game *g = sc_coalitions_game(s->c);
    sc_status st = sc_game_core(g, &s->core_empty, &s->balanced_max, NULL);
    for (int r = 0; st == SC_OK && r < s->n_rules; r++)
        st = evaluate(s, res, &s->rules[r]);
    if (st == SC_OK) st = write_coalitions(s, store);
    for (int r = 0; st == SC_OK && r < s->n_rules; r++) {
        st = write_rule(s, store, &s->rules[r]);
        if (st == SC_OK && s->a->years > 0) st = write_participation(s, store, &s->rules[r]);
    }
    if (st == SC_OK) st = write_rules(s, store);
    return st;
}

/* ---- printing ------------------------------------------------------------ */

static void print_header(const share_ctx *s, int arm)
{
    const sc_scenario *sc = s->sc;
    const sc_game *g = sc_coalitions_game(s->c);
    int n = sc_game_actors(g), reps = sc_coalitions_replications(s->c);
    printf("share %s: arm '%s'; shocks:", sc->name, sc->arms[arm].name);
    int shocks = 0;
    for (int k = 0; k < sc->n_shocks; k++)
        if (sc->arms[arm].shock_on[k]) printf("%s %s", shocks++ ? "," : "", sc->shocks[k].id);
    printf("%s\n", shocks ? "" : " none");
    printf("  %d actors, %d of them own mitigations; %d coalitions from %d simulated sets of "
           "mitigations x %d replications (common random numbers)\n",
           n, s->n_owners, 1 << n, sc_coalitions_set_count(s->c), reps);
    double lo, hi, vn = sc_game_value(g, sc_game_grand(g));
    sc_coalitions_value_ci(s->c, sc_game_grand(g), &lo, &hi);
    printf("  v(N) = %.6g [%.6g, %.6g]: what the network gains from every mitigation of the arm\n",
           sc_share_tidy(vn), sc_share_tidy(lo), sc_share_tidy(hi));
    printf("  values are gains in profit over no mitigation, currency over the measured window; "
           "allocations are gains too\n");
    sc_share_print_core(g, s->core_empty, s->balanced_max);
}

static void funders_str(const share_ctx *s, sc_coalition f, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < sc_coalitions_actor_count(s->c); i++)
        if ((sc_coalitions_owners(s->c) >> i & 1) && (f >> i & 1)) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s", len ? "," : "", s->sc->actors[i].id);
        }
    if (!buf[0]) snprintf(buf, size, "nobody");
}

static void print_behaviour(const share_ctx *s)
{
    printf("\nwho funds under each rule (an owner funds its mitigations only when that raises "
           "its allocation)\n");
    printf("  %-22s %-6s %14s %22s %10s %8s  %s\n", "rule", "fixed", "network gain",
           "TTR days [95% CI]", "loss days", "fill", "funders: mitigations funded");
    for (int r = 0; r < s->n_rules; r++) {
        const rule_out *o = &s->rules[r];
        char who[1024], ttr[64];
        funders_str(s, o->funders, who, sizeof who);
        snprintf(ttr, sizeof ttr, "%.1f [%.1f, %.1f]", o->ttr.mean, o->ttr.ci_lo, o->ttr.ci_hi);
        printf("  %-22s %-6s %14.6g %22s %10.2f %8.4f  %s: %s\n", sc_rule_name(o->choice.rule),
               o->fixed_point ? "yes" : "no", sc_share_tidy(o->gain), ttr, o->loss.mean,
               o->fill.mean, who, sc_coalitions_set_name(s->c, o->set));
    }
    for (int r = 0; r < s->n_rules; r++)
        if (!s->rules[r].fixed_point)
            printf("  note: under %s the funding decisions cycle; the last set is shown\n",
                   sc_rule_name(s->rules[r].choice.rule));
}

static void print_participation(const share_ctx *s)
{
    int years = (int)s->a->years;
    printf("\nparticipation after %d years (replicator dynamics from 0.5; chance that each owner "
           "funds)\n  %-22s %-16s",
           years, "rule", "converged");
    for (int i = 0; i < sc_coalitions_actor_count(s->c); i++)
        if (sc_coalitions_owners(s->c) >> i & 1) printf(" %16.16s", s->sc->actors[i].id);
    putchar('\n');
    for (int r = 0; r < s->n_rules; r++) {
        const rule_out *o = &s->rules[r];
        char conv[32] = "no";
        if (o->converged_year >= 0) snprintf(conv, sizeof conv, "in year %d", o->converged_year);
        printf("  %-22s %-16s", sc_rule_name(o->choice.rule), conv);
        for (int k = 0; k < s->n_owners; k++)
            printf(" %16.3f", o->p[(size_t)years * (size_t)s->n_owners + (size_t)k]);
        putchar('\n');
    }
}

static void print_all(const share_ctx *s, int arm, const char *out)
{
    const sc_game *g = sc_coalitions_game(s->c);
    if (s->a->csv) {
        printf("rule,actor,allocation\n");
        for (int r = 0; r < s->n_rules; r++)
            for (int i = 0; i < sc_game_actors(g); i++) {
                printf("%s,", sc_rule_name(s->rules[r].choice.rule));
                sc_share_csv_field(sc_game_name(g, i));
                printf(",%.12g\n", sc_share_tidy(s->rules[r].x[i]));
            }
        return;
    }
    print_header(s, arm);
    for (int r = 0; r < s->n_rules; r++) {
        const rule_out *o = &s->rules[r];
        char title[128];
        snprintf(title, sizeof title, "%s", sc_rule_name(o->choice.rule));
        if (o->choice.rule == SC_RULE_REVENUE_SHARING)
            snprintf(title, sizeof title, "revenue_sharing (phi = %g)", o->choice.param);
        if (o->choice.rule == SC_RULE_COST_SHARING)
            snprintf(title, sizeof title, "cost_sharing (alpha = %g)", o->choice.param);
        sc_share_print_rule(g, title, o->x, o->hw, &o->props);
    }
    print_behaviour(s);
    if (s->a->years > 0) print_participation(s);
    printf("\nresults: %s\n", out);
}

/* ---- the command ---------------------------------------------------------- */

/* The arm: --arm, else share_arm, else the first with a mitigation. */
static int pick_arm(const share_args *a, const sc_scenario *sc)
{
    if (a->arm) {
        for (int k = 0; k < sc->n_arms; k++)
            if (!strcmp(sc->arms[k].name, a->arm)) return k;
        fprintf(stderr, "sctwin share: %s has no arm '%s'\n", sc->name, a->arm);
        return -1;
    }
    if (sc->share_arm >= 0) return sc->share_arm;
    for (int k = 0; k < sc->n_arms; k++)
        for (int m = 0; m < sc->n_mitigations; m++)
            if (sc->arms[k].mitigation_on[m]) return k;
    fprintf(stderr, "sctwin share: no arm of %s runs a mitigation: nothing to share\n", sc->name);
    return -1;
}

static int pick_rules(const share_args *a, const sc_scenario *sc, rule_out *rules)
{
    int n = 0;
    if (a->named_rules)
        for (int k = 0; k < a->n_rules; k++)
            rules[n++].choice = (sc_rule_choice){a->rules[k], param_of(a, a->rules[k])};
    else if (sc->n_share_rules > 0)
        for (int k = 0; k < sc->n_share_rules; k++) {
            sc_rule r = (sc_rule)sc->share_rules[k];
            rules[n++].choice = (sc_rule_choice){r, param_of(a, r)};
        }
    else
        for (int r = 0; r < SC_RULE_COUNT; r++)
            rules[n++].choice = (sc_rule_choice){(sc_rule)r, param_of(a, (sc_rule)r)};
    return n;
}

static void ctx_free(share_ctx *s)
{
    for (int r = 0; s->rules && r < s->n_rules; r++) {
        free(s->rules[r].x);
        free(s->rules[r].p);
    }
    free(s->rules);
    sc_coalitions_free(s->c);
}

int sc_share_scenario(const share_args *a, int argc, char **argv)
{
    int code = SC_EXIT_OK;
    sc_scenario *sc = sc_cli_load(a->positional, &code);
    if (!sc) return code;
    share_ctx s = {a, sc, NULL, NULL, 0, 0, false, 0};
    char err[512] = "", *out = NULL, *cmdline = NULL;
    const char **names = NULL, **shock_ids = NULL;
    sc_results *res = NULL;
    int arm = pick_arm(a, sc);
    if (arm < 0) {
        code = SC_EXIT_USAGE;
        goto done;
    }
    sc_status st = sc_coalitions_plan(sc, arm, &s.c, err, sizeof err);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin share: %s\n", err);
        code = st == SC_ERR_INPUT ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
        goto done;
    }
    int n = sc_coalitions_actor_count(s.c), sets = sc_coalitions_set_count(s.c);
    s.n_owners = __builtin_popcount(sc_coalitions_owners(s.c));
    s.rules = calloc(SC_RULE_COUNT, sizeof *s.rules);
    names = malloc((size_t)sets * sizeof *names);
    shock_ids = malloc(((size_t)sc->n_shocks + 1) * sizeof *shock_ids);
    cmdline = sc_cli_command_line(argc + 1, argv - 1);
    if (!s.rules || !names || !shock_ids || !cmdline) {
        fprintf(stderr, "sctwin: out of memory\n");
        code = SC_EXIT_FAILURE;
        goto done;
    }
    s.n_rules = pick_rules(a, sc, s.rules);
    for (int r = 0; r < s.n_rules; r++)
        if (!(s.rules[r].x = malloc(2 * (size_t)n * sizeof(double))))
            code = SC_EXIT_FAILURE;
        else
            s.rules[r].hw = s.rules[r].x + n;
    for (int k = 0; k < sets; k++)
        names[k] = sc_coalitions_set_name(s.c, k);
    for (int k = 0; k < sc->n_shocks; k++)
        shock_ids[k] = sc->shocks[k].id;
    if (code != SC_EXIT_OK) {
        fprintf(stderr, "sctwin: out of memory\n");
        goto done;
    }
    if (!(out = sc_cli_output_path(a->run.output, sc->name, "-share")) ||
        !sc_cli_folder_writable(out)) {
        code = SC_EXIT_USAGE;
        goto done;
    }
    sc_experiment_config cfg = sc_experiment_defaults(sc);
    sc_cli_apply_run_opts(&a->run, &cfg);
    sc_cli_job job = {sc,
                      &cfg,
                      out,
                      names,
                      sets,
                      shock_ids,
                      sc->n_shocks,
                      cmdline,
                      a->run.quiet || a->csv,
                      run_sets,
                      compute_and_store,
                      &s,
                      false,
                      false};
    code = sc_cli_run_job(&job, &res);
    /* Under MPI only rank 0 computed the allocations. */
    if (code == SC_EXIT_OK && sc_ranks_root()) print_all(&s, arm, out);
done:
    sc_results_free(res);
    ctx_free(&s);
    free(names);
    free(shock_ids);
    free(out);
    free(cmdline);
    sc_scenario_free(sc);
    return code;
}
