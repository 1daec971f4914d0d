/*
 * `sctwin share --game VALUES.csv`: divide a cooperative game's value among
 * its actors by each allocation rule (sim/allocation/) and report, per rule,
 * what every actor gets and whether the split is efficient, individually
 * rational and in the core, and how unequal the gains are.
 *
 * Rules that need coalitions the file lacks are skipped with a note when the
 * user did not ask for them by name, and are an error naming the missing
 * coalition when they did.  `sctwin share SCENARIO`, with coalition values
 * estimated by simulation, is in cmd_share_scenario.c.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/share.h"

static const char usage[] =
    "usage: sctwin share SCENARIO [--arm A] [--rules R1,R2,...] [--phi F] [--alpha A]\n"
    "                    [--years Y] [-r N] [-t THREADS] [--seed S] [-o FILE.h5] [-q] [--csv]\n"
    "       sctwin share --game VALUES.csv [--rules R1,R2,...] [--csv] [--samples N] [--seed S]\n"
    "\n"
    "Divides the value of the grand coalition of a cooperative game among its\n"
    "actors by each rule and reports, per rule and actor, the allocation, the\n"
    "standalone value and the gain, and per rule whether the allocation is\n"
    "efficient, individually rational and in the core (with the worst blocking\n"
    "coalitions) and the Gini coefficient of the gains; also whether the core\n"
    "is empty.  docs/allocation.md defines every rule and the file format.\n"
    "\n"
    "With SCENARIO the game is simulated: coalition S runs the mitigations of\n"
    "the arm that S's members own, and v(S) is what S's members gain over no\n"
    "mitigation (mean over the replications, with a 95% CI; common random\n"
    "numbers across coalitions).  Per rule it also reports who would fund their\n"
    "mitigations (a fixed point of best responses) and the resilience the\n"
    "network then has, and with --years the participation over the years\n"
    "(replicator dynamics).\n"
    "\n"
    "  --arm A          the arm whose shocks and mitigations are studied (default:\n"
    "                   experiment.csv share_arm, else the first arm with mitigations)\n"
    "  --rules LIST     rules to apply, in this order (default: experiment.csv\n"
    "                   rules with SCENARIO, else all that the input supports):\n"
    "                   standalone, equal, proportional_revenue,\n"
    "                   proportional_benefit, shapley, and with SCENARIO\n"
    "                   revenue_sharing, cost_sharing\n"
    "  --phi F          revenue_sharing: share of revenue passed upstream (default 0.1)\n"
    "  --alpha A        cost_sharing: share of a supplier's mitigation cost its\n"
    "                   customers pay (default 0.5)\n"
    "  --years Y        replicator dynamics of participation over Y years (default 0: off)\n"
    "  -r N             replications per coalition arm (default: experiment.csv)\n"
    "  -t THREADS       OpenMP threads (default: all cores)\n"
    "  -o FILE          results file (default: results/SCENARIO_NAME-share.h5)\n"
    "  -q               no progress bar\n"
    "  --csv            print only rows rule,actor,allocation\n"
    "  --game FILE      the characteristic function: CSV with header\n"
    "                   coalition,value[,revenue]; a coalition is a list of actor\n"
    "                   ids separated by ';'; the grand coalition and every\n"
    "                   single actor are required\n"
    "  --samples N      estimate the Shapley value from N random orders, with a\n"
    "                   95% confidence interval (default: exact up to 12 actors,\n"
    "                   20000 orders above)\n"
    "  --seed S         with --game: seed of the sampled orders (default 1); with\n"
    "                   SCENARIO: the experiment seed (default: experiment.csv)\n"
    "\n"
    "Exit status 0 ok, 1 runtime failure, 2 bad input or usage.\n";

#define DEFAULT_SAMPLES 20000

/* Adds the rules of a comma list (repeats ignored); false, with a message,
 * on an unknown one. */
static bool parse_rules(const char *list, share_args *a)
{
    if (!list) {
        fprintf(stderr, "sctwin: --rules needs a list of rules\n");
        return false;
    }
    a->named_rules = true;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        sc_rule r;
        if (!sc_rule_parse(tok, &r)) {
            fprintf(stderr, "sctwin share: unknown rule '%s' (see sctwin share --help)\n", tok);
            return false;
        }
        bool seen = false;
        for (int k = 0; k < a->n_rules; k++)
            seen = seen || a->rules[k] == r;
        if (!seen) a->rules[a->n_rules++] = r;
    }
    if (a->n_rules == 0) fprintf(stderr, "sctwin: --rules needs a list of rules\n");
    return a->n_rules > 0;
}

/* Returns an exit code, or -1 to go on. */
static int parse(int argc, char **argv, share_args *a)
{
    *a = (share_args){.run.seed = 1, .phi = 0.1, .alpha = 0.5};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int common = sc_cli_run_option(argc, argv, &i, &a->run);
        if (common < 0) return SC_EXIT_USAGE;
        if (common > 0) continue;
        bool ok = true;
        if (sc_cli_is_help(o)) {
            fputs(usage, stdout);
            return SC_EXIT_OK;
        } else if (!strcmp(o, "--game")) {
            if (!v) fprintf(stderr, "sctwin: --game needs a file name\n");
            ok = v != NULL, i++;
            a->game = v;
        } else if (!strcmp(o, "--rules")) {
            ok = parse_rules(v, a), i++;
        } else if (!strcmp(o, "--csv")) {
            a->csv = true;
        } else if (!strcmp(o, "--samples")) {
            ok = sc_cli_int(o, v, 2, 1000000000, &a->samples), i++;
            a->has_samples = true;
        } else if (!strcmp(o, "--arm")) {
            if (!v) fprintf(stderr, "sctwin: --arm needs an arm name\n");
            ok = v != NULL, i++;
            a->arm = v;
        } else if (!strcmp(o, "--phi")) {
            ok = sc_cli_num(o, v, 0, 1, &a->phi), i++;
        } else if (!strcmp(o, "--alpha")) {
            ok = sc_cli_num(o, v, 0, 1, &a->alpha), i++;
        } else if (!strcmp(o, "--years")) {
            ok = sc_cli_int(o, v, 0, 100000, &a->years), i++;
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "sctwin share: unknown option '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        } else if (!a->positional) {
            a->positional = o;
        } else {
            fprintf(stderr, "sctwin share: unexpected argument '%s'\n\n%s", o, usage);
            return SC_EXIT_USAGE;
        }
        if (!ok) return SC_EXIT_USAGE;
    }
    return -1;
}

/* Options that belong to one form only. */
static bool forms_ok(const share_args *a)
{
    if (a->game && a->positional) {
        fprintf(stderr, "sctwin share: give a scenario folder or --game VALUES.csv, not both\n");
        return false;
    }
    if (a->game && (a->arm || a->years || a->run.replications || a->run.threads || a->run.output)) {
        fprintf(stderr, "sctwin share: --arm, --years, -r, -t and -o need a SCENARIO, not "
                        "--game\n");
        return false;
    }
    if (a->positional && a->has_samples) {
        fprintf(stderr, "sctwin share: --samples applies to --game only\n");
        return false;
    }
    for (int k = 0; a->game && k < a->n_rules; k++)
        if (sc_rule_needs(a->rules[k]) & SC_NEED_CONTRACT) {
            fprintf(stderr,
                    "sctwin share: rule %s needs each actor's own profit, revenue, mitigation "
                    "cost and supplier, which a simulation gives and --game does not: use "
                    "sctwin share SCENARIO\n",
                    sc_rule_name(a->rules[k]));
            return false;
        }
    return true;
}

/* ---- which rules run ----------------------------------------------------- */

typedef struct plan {
    sc_rule run[SC_RULE_COUNT];
    int n_run;
    char notes[SC_RULE_COUNT + 1][640]; /* why rules and checks were skipped */
    int n_notes;
} plan;

/* Why `rule` cannot run on g (into why), or false when it can. */
static bool cannot_run(const sc_game *g, sc_rule rule, char *why, size_t size)
{
    unsigned needs = sc_rule_needs(rule);
    sc_coalition first = 0;
    size_t missing = sc_game_missing(g, needs, &first);
    char name[256];
    if (missing) {
        sc_game_coalition_str(g, first, name, sizeof name);
        const char *what = (needs & SC_NEED_ALL) ? "every coalition"
                           : (needs & SC_NEED_LEAVE_ONE_OUT)
                               ? "the coalitions of all actors but one"
                               : "the grand coalition";
        if (missing == 1)
            snprintf(why, size, "needs %s: coalition '%s' is missing", what, name);
        else
            snprintf(why, size, "needs %s: coalition '%s' and %zu others are missing", what, name,
                     missing - 1);
    } else if ((needs & SC_NEED_REVENUES) && !sc_game_revenues(g)) {
        snprintf(why, size,
                 "needs a revenue for every actor (a revenue column on the rows of "
                 "single actors)");
    } else {
        return false;
    }
    return true;
}

/* Every single actor's value is required whatever the rules: it is the
 * standalone benchmark of every property. */
static bool check_singletons(const sc_game *g, const char *path, sc_diags *d)
{
    char name[256];
    for (int i = 0; i < sc_game_actors(g); i++)
        if (!sc_game_known(g, (sc_coalition)1 << i))
            sc_diags_add(d, path, 0, 0,
                         "missing coalition '%s': every actor's standalone value is needed",
                         sc_game_coalition_str(g, (sc_coalition)1 << i, name, sizeof name));
    return d->n == 0;
}

/* Named rules that cannot run are errors; the default rules are skipped
 * with a note. */
static bool make_plan(const sc_game *g, const share_args *a, const char *path, plan *p, sc_diags *d)
{
    static const sc_rule defaults[] = {SC_RULE_STANDALONE, SC_RULE_EQUAL,
                                       SC_RULE_PROPORTIONAL_REVENUE, SC_RULE_PROPORTIONAL_BENEFIT,
                                       SC_RULE_SHAPLEY};
    const sc_rule *rules = a->named_rules ? a->rules : defaults;
    int n = a->named_rules ? a->n_rules : (int)(sizeof defaults / sizeof *defaults);
    *p = (plan){0};
    char why[512];
    for (int k = 0; k < n; k++) {
        if (!cannot_run(g, rules[k], why, sizeof why))
            p->run[p->n_run++] = rules[k];
        else if (a->named_rules)
            sc_diags_add(d, path, 0, 0, "rule %s: %s", sc_rule_name(rules[k]), why);
        else
            snprintf(p->notes[p->n_notes++], sizeof p->notes[0], "skipped rule %s: %s",
                     sc_rule_name(rules[k]), why);
    }
    if (sc_game_missing(g, SC_NEED_ALL, NULL))
        snprintf(p->notes[p->n_notes++], sizeof p->notes[0],
                 "skipped the core checks: they need every coalition");
    return d->n == 0;
}

/* ---- output -------------------------------------------------------------- */

/* Adding 0.0 turns -0 into 0, so "-0" never reaches the output. */
double sc_share_tidy(double v)
{
    return v + 0.0;
}

static int name_width(const sc_game *g)
{
    int w = 5;
    for (int i = 0; i < sc_game_actors(g); i++) {
        int len = (int)strlen(sc_game_name(g, i));
        if (len > w) w = len;
    }
    return w;
}

void sc_share_csv_field(const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"') putchar('"');
        putchar(*s);
    }
    putchar('"');
}

void sc_share_print_core(const sc_game *g, bool empty, double balanced_max)
{
    double vn = sc_game_value(g, sc_game_grand(g));
    if (empty)
        printf("core: empty: a balanced collection of coalitions is worth %.6g > v(N) = %.6g,\n"
               "      so some coalition blocks every allocation\n",
               sc_share_tidy(balanced_max), sc_share_tidy(vn));
    else
        printf("core: not empty (no balanced collection of coalitions is worth more than "
               "v(N))\n");
}

static void print_header(const sc_game *g, const char *path, const plan *p)
{
    int n = sc_game_actors(g);
    printf("game %s: %d actor%s, v(N) = %.6g\n", path, n, n == 1 ? "" : "s",
           sc_share_tidy(sc_game_value(g, sc_game_grand(g))));
    for (int k = 0; k < p->n_notes; k++)
        printf("note: %s\n", p->notes[k]);
}

static void print_core_line(const sc_game *g, const sc_alloc_props *pr)
{
    if (!pr->has_core) return;
    if (pr->n_blocking == 0) {
        printf("  in core: %s\n", pr->in_core ? "yes" : "no (not efficient)");
        return;
    }
    printf("  in core: no: %zu blocking coalition%s%s\n", pr->n_blocking,
           pr->n_blocking == 1 ? "" : "s",
           (size_t)pr->n_listed < pr->n_blocking ? ", the worst:" : ":");
    char name[256];
    for (int k = 0; k < pr->n_listed; k++)
        printf("    %s gets %.6g less than its value\n",
               sc_game_coalition_str(g, pr->blocking[k], name, sizeof name),
               sc_share_tidy(pr->shortfall[k]));
}

static void print_props(const sc_game *g, const sc_alloc_props *pr)
{
    double vn = sc_game_value(g, sc_game_grand(g));
    if (pr->efficient)
        printf("  efficient: yes\n");
    else
        printf("  efficient: no (total %.6g, v(N) = %.6g)\n", sc_share_tidy(pr->total),
               sc_share_tidy(vn));
    if (pr->has_rational && pr->rational) printf("  individually rational: yes\n");
    if (pr->has_rational && !pr->rational)
        printf("  individually rational: no (%d actor%s below standalone)\n", pr->n_irrational,
               pr->n_irrational == 1 ? "" : "s");
    print_core_line(g, pr);
    if (isnan(pr->gini))
        printf("  Gini of gains: n/a (some gain is negative)\n");
    else
        printf("  Gini of gains: %.4f\n", sc_share_tidy(pr->gini));
}

void sc_share_print_rule(const sc_game *g, const char *title, const double *x, const double *hw,
                         const sc_alloc_props *pr)
{
    int w = name_width(g);
    printf("\n%s\n  %-*s %14s %14s %14s%s\n", title, w, "actor", "allocation", "standalone", "gain",
           hw ? "    +-95% CI" : "");
    for (int i = 0; i < sc_game_actors(g); i++) {
        double v = sc_game_value(g, (sc_coalition)1 << i);
        printf("  %-*s %14.6g %14.6g %14.6g", w, sc_game_name(g, i), sc_share_tidy(x[i]),
               sc_share_tidy(v), sc_share_tidy(x[i] - v));
        if (hw) printf(" %12.4g", sc_share_tidy(hw[i]));
        putchar('\n');
    }
    printf("  %-*s %14.6g\n", w, "total", sc_share_tidy(pr->total));
    print_props(g, pr);
}

static const char *yes_no(bool known, bool v)
{
    return !known ? "-" : v ? "yes" : "no";
}

static void print_summary(const plan *p, const sc_alloc_props *props)
{
    printf("\nsummary\n  %-22s %-9s %-8s %-7s %s\n", "rule", "efficient", "rational", "core",
           "Gini");
    for (int k = 0; k < p->n_run; k++) {
        const sc_alloc_props *pr = &props[k];
        char gini[32] = "n/a";
        if (!isnan(pr->gini)) snprintf(gini, sizeof gini, "%.4f", sc_share_tidy(pr->gini));
        printf("  %-22s %-9s %-8s %-7s %s\n", sc_rule_name(p->run[k]), yes_no(true, pr->efficient),
               yes_no(pr->has_rational, pr->rational), yes_no(pr->has_core, pr->in_core), gini);
    }
}

/* ---- running ------------------------------------------------------------- */

/* Computes one rule's allocation into x[0..n) and its title.  *hw points
 * at the half-widths of the confidence intervals, in x[n..2n), when the
 * Shapley value was sampled, and is NULL otherwise. */
static sc_status apply(const sc_game *g, const share_args *a, sc_rule rule, double *x, double **hw,
                       char *title, size_t size)
{
    *hw = NULL;
    snprintf(title, size, "%s", sc_rule_name(rule));
    if (rule != SC_RULE_SHAPLEY) return sc_alloc_apply(g, rule, x); /* contracts: refused before */
    if (!a->has_samples && sc_game_actors(g) <= SC_SHAPLEY_EXACT_MAX) {
        snprintf(title, size, "shapley (exact)");
        return sc_shapley_exact(g, x);
    }
    long m = a->has_samples ? a->samples : DEFAULT_SAMPLES;
    snprintf(title, size, "shapley (sampled: %ld random orders, seed %llu)", m,
             (unsigned long long)a->run.seed);
    *hw = x + sc_game_actors(g); /* the caller's buffer holds 2n values */
    return sc_shapley_sampled(g, m, a->run.seed, x, *hw);
}

static int run_rules(const sc_game *g, const share_args *a, const plan *p, const char *path)
{
    int n = sc_game_actors(g);
    double *x = malloc(2 * (size_t)n * sizeof *x);
    sc_alloc_props *props = calloc((size_t)p->n_run + 1, sizeof *props);
    if (!x || !props) {
        free(x);
        free(props);
        fprintf(stderr, "sctwin share: out of memory\n");
        return SC_EXIT_FAILURE;
    }
    if (a->csv) printf("rule,actor,allocation\n");
    sc_status st = SC_OK;
    for (int k = 0; k < p->n_run && st == SC_OK; k++) {
        char title[128];
        double *hw;
        st = apply(g, a, p->run[k], x, &hw, title, sizeof title);
        if (st == SC_OK) st = sc_alloc_check(g, x, &props[k]);
        if (st != SC_OK) break;
        for (int i = 0; i < n && a->csv; i++) {
            printf("%s,", sc_rule_name(p->run[k]));
            sc_share_csv_field(sc_game_name(g, i));
            printf(",%.12g\n", sc_share_tidy(x[i]));
        }
        if (!a->csv) sc_share_print_rule(g, title, x, hw, &props[k]);
    }
    if (st == SC_OK && !a->csv) print_summary(p, props);
    free(x);
    free(props);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin share: %s: %s\n", path, sc_status_str(st));
        return st == SC_ERR_INPUT ? SC_EXIT_USAGE : SC_EXIT_FAILURE;
    }
    return SC_EXIT_OK;
}

/* Loads the game, printing diagnostics; NULL with *code set on failure. */
static sc_game *load(const char *path, int *code)
{
    sc_diags d = {0};
    sc_game *g = NULL;
    errno = 0;
    sc_status st = sc_game_load_csv(path, &g, &d);
    int err = errno;
    sc_diags_print(&d, stderr);
    if (st == SC_ERR_IO)
        fprintf(stderr, "sctwin share: cannot open '%s': %s\n", path,
                err ? strerror(err) : "read error");
    else if (st == SC_ERR_INPUT)
        fprintf(stderr, "sctwin: %s: %zu problem%s found\n", path, d.n, d.n == 1 ? "" : "s");
    else if (st != SC_OK)
        fprintf(stderr, "sctwin share: %s: %s\n", path, sc_status_str(st));
    *code = st == SC_ERR_NOMEM || st == SC_ERR_RUNTIME ? SC_EXIT_FAILURE : SC_EXIT_USAGE;
    sc_diags_free(&d);
    return g;
}

/* Checks the plan against the game; prints what stops it. */
static bool plan_or_complain(const sc_game *g, const share_args *a, plan *p)
{
    sc_diags d = {0};
    bool ok = check_singletons(g, a->game, &d) && make_plan(g, a, a->game, p, &d);
    sc_diags_print(&d, stderr);
    if (!ok)
        fprintf(stderr, "sctwin: %s: %zu problem%s found\n", a->game, d.n, d.n == 1 ? "" : "s");
    sc_diags_free(&d);
    return ok;
}

int sc_cmd_share(int argc, char **argv)
{
    share_args a;
    int code = parse(argc, argv, &a);
    if (code >= 0) return code;
    if (!forms_ok(&a)) return SC_EXIT_USAGE;
    if (a.positional) return sc_share_scenario(&a, argc, argv);
    if (!a.game) {
        fputs(usage, stderr);
        return SC_EXIT_USAGE;
    }
    sc_game *g = load(a.game, &code);
    if (!g) return code;
    plan p;
    if (!plan_or_complain(g, &a, &p)) {
        sc_game_free(g);
        return SC_EXIT_USAGE;
    }
    bool empty = false;
    double balanced_max = 0;
    sc_status st = SC_OK;
    if (!sc_game_missing(g, SC_NEED_ALL, NULL)) st = sc_game_core(g, &empty, &balanced_max, NULL);
    if (st != SC_OK) {
        fprintf(stderr, "sctwin share: core: %s\n", sc_status_str(st));
        sc_game_free(g);
        return SC_EXIT_FAILURE;
    }
    if (a.csv) {
        for (int k = 0; k < p.n_notes; k++)
            fprintf(stderr, "sctwin share: note: %s\n", p.notes[k]);
    } else {
        print_header(g, a.game, &p);
        if (!sc_game_missing(g, SC_NEED_ALL, NULL)) sc_share_print_core(g, empty, balanced_max);
    }
    code = run_rules(g, &a, &p, a.game);
    sc_game_free(g);
    return code;
}
