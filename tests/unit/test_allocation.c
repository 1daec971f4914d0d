/*
 * Unit tests of cost- and benefit-sharing (sctwin/allocation.h): every rule
 * on small hand games with known answers (the glove game, the airport game,
 * a supply chain for the contracts), the property checks (efficiency,
 * rationality, blocking coalitions and their order, Gini), the core's
 * emptiness by the balancedness LP (majority games on both sides of the
 * boundary, convex games whose Shapley value must lie in the core), and the
 * CSV reader: a good file, and each kind of bad input with its exact
 * FILE:LINE:COLUMN message.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "check.h"
#include "core/rng.h"
#include "sctwin/allocation.h"

#define EPS 1e-12

/* Builds a game over n actors named A, B, ... from v(S) = f(S). */
static sc_game *make_game(int n, double (*f)(sc_coalition s, const void *ctx), const void *ctx)
{
    sc_game *g;
    if (sc_game_alloc(n, &g) != SC_OK) return NULL;
    for (int i = 0; i < n; i++) {
        char name[2] = {(char)('A' + i), '\0'};
        sc_game_set_name(g, i, name);
    }
    for (sc_coalition s = 1; s <= sc_game_grand(g); s++)
        sc_game_set(g, s, f(s, ctx));
    return g;
}

/* Glove game: A holds a left glove, B and C right ones; a pair is worth 1. */
static double glove(sc_coalition s, const void *ctx)
{
    (void)ctx;
    int left = (int)(s & 1u), right = (int)((s >> 1) & 1u) + (int)((s >> 2) & 1u);
    return left < right ? left : right;
}

/* Majority game on three actors: any two are worth 1, all three *ctx. */
static double majority(sc_coalition s, const void *ctx)
{
    int k = __builtin_popcount(s);
    return k == 3 ? *(const double *)ctx : k == 2 ? 1 : 0;
}

/* Convex game: v(S) = (sum of the members' weights)^2. */
static double square_weight(sc_coalition s, const void *ctx)
{
    const double *w = ctx;
    double t = 0;
    for (int i = 0; s; i++, s >>= 1)
        if (s & 1u) t += w[i];
    return t * t;
}

/* Airport game with runway costs A 12, B 18, C 30, D 30: v(S) = -max cost. */
static double airport4(sc_coalition s, const void *ctx)
{
    (void)ctx;
    static const double cost[] = {12, 18, 30, 30};
    double m = 0;
    for (int i = 0; i < 4; i++)
        if ((s >> i) & 1u && cost[i] > m) m = cost[i];
    return -m;
}

static void test_glove_rules(void)
{
    sc_game *g = make_game(3, glove, NULL);
    double x[3], rev[3] = {2, 1, 1};
    sc_alloc_props p;

    CHECK_INT(sc_alloc_standalone(g, x), SC_OK);
    CHECK_NEAR(x[0] + x[1] + x[2], 0, EPS);
    sc_alloc_check(g, x, &p);
    CHECK(!p.efficient && p.has_rational && p.rational && p.has_core && !p.in_core);
    CHECK_NEAR(p.gini, 0, EPS);

    CHECK_INT(sc_alloc_equal(g, x), SC_OK);
    CHECK_NEAR(x[1], 1.0 / 3, EPS);
    sc_alloc_check(g, x, &p);
    /* A with either B or C can make a pair worth 1 but gets only 2/3. */
    CHECK(p.efficient && p.rational && !p.in_core);
    CHECK_INT(p.n_blocking, 2);
    CHECK_INT(p.blocking[0], 3u); /* {A, B} */
    CHECK_INT(p.blocking[1], 5u); /* {A, C} */
    CHECK_NEAR(p.shortfall[0], 1.0 / 3, EPS);

    CHECK_INT(sc_alloc_proportional_revenue(g, rev, x), SC_OK);
    CHECK_NEAR(x[0], 0.5, EPS);
    CHECK_NEAR(x[2], 0.25, EPS);
    CHECK_INT(sc_alloc_proportional_revenue(g, NULL, x), SC_ERR_INPUT);

    /* Marginal benefits 1, 0, 0: A takes the whole surplus, the core point. */
    CHECK_INT(sc_alloc_proportional_benefit(g, x), SC_OK);
    CHECK_NEAR(x[0], 1, EPS);
    CHECK_NEAR(x[1], 0, EPS);
    sc_alloc_check(g, x, &p);
    CHECK(p.in_core);
    CHECK_NEAR(p.gini, 2.0 / 3, EPS);

    CHECK_INT(sc_shapley_exact(g, x), SC_OK);
    CHECK_NEAR(x[0], 2.0 / 3, EPS);
    CHECK_NEAR(x[1], 1.0 / 6, EPS);
    CHECK_NEAR(x[2], 1.0 / 6, EPS);
    sc_alloc_check(g, x, &p);
    CHECK(p.efficient && p.rational && !p.in_core);
    CHECK_INT(p.n_blocking, 2);
    CHECK_NEAR(p.shortfall[0], 1.0 / 6, EPS);

    bool empty = true;
    double bmax = 0, y[3];
    CHECK_INT(sc_game_core(g, &empty, &bmax, y), SC_OK);
    CHECK(!empty);
    CHECK_NEAR(bmax, 1, 1e-9);
    CHECK_NEAR(y[0], 1, 1e-9); /* the core is the single point (1, 0, 0) */
    CHECK_NEAR(y[1], 0, 1e-9);
    sc_game_free(g);
}

static void test_airport_rules(void)
{
    sc_game *g = make_game(4, airport4, NULL);
    double x[4];
    CHECK_INT(sc_shapley_exact(g, x), SC_OK);
    CHECK_NEAR(x[0], -3, EPS);
    CHECK_NEAR(x[1], -5, EPS);
    CHECK_NEAR(x[2], -11, EPS);
    CHECK_NEAR(x[3], -11, EPS);
    /* Every marginal benefit v(N) - v(N \ i) is 0 (C and D cover each
     * other): the surplus 60 is split equally. */
    CHECK_INT(sc_alloc_proportional_benefit(g, x), SC_OK);
    CHECK_NEAR(x[0], 3, EPS);
    CHECK_NEAR(x[1], -3, EPS);
    CHECK_NEAR(x[2], -15, EPS);
    sc_alloc_props p;
    sc_alloc_check(g, x, &p);
    CHECK(p.rational && !p.in_core);
    CHECK_INT(p.n_blocking, 1);
    CHECK_INT(p.blocking[0], 14u); /* {B, C, D} pays 33 where alone it pays 30 */
    CHECK_NEAR(p.shortfall[0], 3, EPS);
    sc_game_free(g);
}

/* A and B are worth 10 together; C costs the pair 2.  C's marginal benefit
 * is negative and gets no weight: the surplus 8 goes to A and B. */
static double spoiler(sc_coalition s, const void *ctx)
{
    (void)ctx;
    return s == 3 ? 10 : s == 7 ? 8 : 0;
}

static void test_negative_benefit(void)
{
    sc_game *g = make_game(3, spoiler, NULL);
    double x[3];
    CHECK_INT(sc_alloc_proportional_benefit(g, x), SC_OK);
    CHECK_NEAR(x[0], 4, EPS);
    CHECK_NEAR(x[1], 4, EPS);
    CHECK_NEAR(x[2], 0, EPS);
    sc_game_free(g);
}

static void test_gini(void)
{
    double a[] = {1, 0, 0}, b[] = {1, 1, 1}, c[] = {0, 0, 0}, d[] = {-1, 2}, e[] = {1, 2, 3, 4};
    CHECK_NEAR(sc_gini(a, 3), 2.0 / 3, EPS);
    CHECK_NEAR(sc_gini(b, 3), 0, EPS);
    CHECK_NEAR(sc_gini(c, 3), 0, EPS);
    CHECK(isnan(sc_gini(d, 2)));
    CHECK_NEAR(sc_gini(e, 4), 0.25, EPS);
}

static void test_majority_core(void)
{
    double vn[] = {1, 1.5, 1.49, 2};
    bool want_empty[] = {true, false, true, false};
    for (int k = 0; k < 4; k++) {
        sc_game *g = make_game(3, majority, &vn[k]);
        bool empty = !want_empty[k];
        double bmax = 0, y[3];
        CHECK_INT(sc_game_core(g, &empty, &bmax, y), SC_OK);
        CHECK_INT(empty, want_empty[k]);
        /* Lambda = 1/2 on each pair is worth 1.5, and nothing more. */
        CHECK_NEAR(bmax, fmax(1.5, vn[k]), 1e-9);
        CHECK_NEAR(y[0] + y[1] + y[2], bmax, 1e-9);
        CHECK(y[0] + y[1] >= 1 - 1e-9 && y[1] + y[2] >= 1 - 1e-9);
        double x[3];
        sc_alloc_props p;
        sc_shapley_exact(g, x);
        sc_alloc_check(g, x, &p);
        /* Symmetric: Shapley splits equally, which is in the core iff any is. */
        CHECK_INT(p.in_core, !want_empty[k]);
        sc_game_free(g);
    }
}

/* Convex games (Shapley 1971): the core is not empty and holds the Shapley
 * value.  Sizes up to 14 also exercise the LP on thousands of columns. */
static void test_convex_games(void)
{
    gsl_rng *r = sc_stream_alloc(7, 0, 0, 0);
    int sizes[] = {3, 5, 8, 14};
    for (int k = 0; k < 4; k++) {
        int n = sizes[k];
        double w[14], x[14];
        for (int i = 0; i < n; i++)
            w[i] = 1 + 9 * gsl_rng_uniform(r);
        sc_game *g = make_game(n, square_weight, w);
        bool empty = true;
        double bmax = 0;
        CHECK_INT(sc_game_core(g, &empty, &bmax, NULL), SC_OK);
        CHECK(!empty);
        CHECK_NEAR(bmax, sc_game_value(g, sc_game_grand(g)), 1e-9 * bmax);
        sc_alloc_props p;
        CHECK_INT(sc_shapley_exact(g, x), SC_OK);
        sc_alloc_check(g, x, &p);
        CHECK(p.efficient && p.rational && p.in_core);
        CHECK_INT(p.n_blocking, 0);
        /* Standalone: (sum w)^2 > sum w^2, so every coalition of two or
         * more blocks, the grand coalition worst. */
        sc_alloc_standalone(g, x);
        sc_alloc_check(g, x, &p);
        CHECK(!p.in_core && !p.efficient);
        CHECK_INT(p.n_blocking, (1 << n) - 1 - n);
        CHECK_INT(p.n_listed, p.n_blocking < SC_CORE_LISTED ? (int)p.n_blocking : SC_CORE_LISTED);
        CHECK_INT(p.blocking[0], sc_game_grand(g));
        CHECK_NEAR(p.shortfall[0], bmax - p.total, 1e-9 * bmax);
        for (int j = 1; j < p.n_listed; j++)
            CHECK(p.shortfall[j - 1] >= p.shortfall[j]);
        sc_game_free(g);
    }
    gsl_rng_free(r);
}

static void test_missing(void)
{
    sc_game *g;
    CHECK_INT(sc_game_alloc(21, &g), SC_ERR_INPUT);
    CHECK_INT(sc_game_alloc(3, &g), SC_OK);
    sc_game_set_name(g, 0, "A");
    sc_game_set_name(g, 1, "B");
    sc_game_set_name(g, 2, "C");
    sc_game_set(g, 7, 10);
    sc_game_set(g, 1, 1);
    sc_game_set(g, 4, 3);
    sc_coalition first = 0;
    CHECK_INT(sc_game_missing(g, SC_NEED_GRAND, &first), 0);
    CHECK_INT(sc_game_missing(g, SC_NEED_SINGLETONS, &first), 1);
    CHECK_INT(first, 2u);
    CHECK_INT(sc_game_missing(g, SC_NEED_LEAVE_ONE_OUT, &first), 3);
    CHECK_INT(first, 3u);
    CHECK_INT(sc_game_missing(g, SC_NEED_ALL, &first), 4); /* B, AB, AC, BC */
    char buf[64];
    CHECK_STR(sc_game_coalition_str(g, 5, buf, sizeof buf), "A;C");
    CHECK_STR(sc_game_coalition_str(g, 0, buf, sizeof buf), "");
    CHECK_STR(sc_game_coalition_str(g, 7, buf, 4), "A;B"); /* truncated cleanly */
    double x[3];
    CHECK_INT(sc_alloc_standalone(g, x), SC_ERR_INPUT);
    CHECK_INT(sc_shapley_exact(g, x), SC_ERR_INPUT);
    CHECK_INT(sc_game_core(g, &(bool){false}, &(double){0}, NULL), SC_ERR_INPUT);
    CHECK_INT(sc_alloc_equal(g, x), SC_OK);
    sc_alloc_props p;
    CHECK_INT(sc_alloc_check(g, x, &p), SC_OK);
    CHECK(p.efficient && !p.has_rational && !p.has_core && isnan(p.gini));
    CHECK(isnan(sc_game_value(g, 2)));
    sc_game_free(g);
}

static void test_contracts(void)
{
    /* Chain: supplier 0 -> plant 1 -> retailers 2 and 3. */
    double profit[] = {10, 20, 30, 40}, rev[] = {50, 100, 200, 100}, mit[] = {8, 6, 0, 0};
    int up[] = {-1, 0, 1, 1};
    sc_contract c = {4, profit, rev, mit, up};
    double x[4];
    CHECK_INT(sc_alloc_revenue_sharing(&c, 0.1, x), SC_OK);
    CHECK_NEAR(x[0], 10 + 10, EPS);
    CHECK_NEAR(x[1], 20 - 10 + 30, EPS);
    CHECK_NEAR(x[2], 30 - 20, EPS);
    CHECK_NEAR(x[3], 40 - 10, EPS);
    CHECK_INT(sc_alloc_cost_sharing(&c, 0.5, x), SC_OK);
    CHECK_NEAR(x[0], 10 + 4, EPS);
    CHECK_NEAR(x[1], 20 - 4 + 3, EPS);
    CHECK_NEAR(x[2], 30 - 1.5, EPS); /* the two retailers split half of 6 */
    CHECK_NEAR(x[3], 40 - 1.5, EPS);
    CHECK_NEAR(x[0] + x[1] + x[2] + x[3], 100, EPS);
    CHECK_INT(sc_alloc_revenue_sharing(&c, 1.5, x), SC_ERR_INPUT);
    int cycle[] = {3, 0, 1, 2};
    sc_contract bad = {4, profit, rev, mit, cycle};
    CHECK_INT(sc_alloc_cost_sharing(&bad, 0.5, x), SC_ERR_INPUT);
    int self[] = {-1, 1, 1, 1};
    bad.upstream = self;
    CHECK_INT(sc_alloc_revenue_sharing(&bad, 0.5, x), SC_ERR_INPUT);
}

static void test_rule_names(void)
{
    sc_rule r;
    CHECK(sc_rule_parse("proportional_benefit", &r) && r == SC_RULE_PROPORTIONAL_BENEFIT);
    CHECK(!sc_rule_parse("shapely", &r));
    CHECK_STR(sc_rule_name(SC_RULE_COST_SHARING), "cost_sharing");
    CHECK(sc_rule_name(SC_RULE_COUNT) == NULL);
    CHECK_INT(sc_rule_needs(SC_RULE_SHAPLEY), SC_NEED_ALL);
}

/* ---- CSV ----------------------------------------------------------------- */

static char tmpdir[] = "/tmp/test_allocation_XXXXXX";

static const char *write_csv(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* Loads `text`; returns the status and the diagnostics joined by '\n'. */
static sc_status load_text(const char *text, sc_game **g, char *diag, size_t size)
{
    const char *path = write_csv("game.csv", text);
    sc_diags d = {0};
    sc_status st = sc_game_load_csv(path, g, &d);
    diag[0] = '\0';
    size_t skip = strlen(tmpdir) + 1; /* messages without the temporary folder */
    for (size_t i = 0; i < d.n; i++)
        snprintf(diag + strlen(diag), size - strlen(diag), "%s%s:%d:%d: %s", i ? "\n" : "",
                 d.items[i].file + skip, d.items[i].line, d.items[i].col, d.items[i].msg);
    sc_diags_free(&d);
    return st;
}

static void test_csv_good(void)
{
    sc_game *g = NULL;
    char diag[1024];
    CHECK_INT(load_text("coalition,value,revenue\n"
                        "B,2,40\n"
                        ",0,\n"
                        "A ; B,\"7.5\",\n"
                        "A,1e0,60\n",
                        &g, diag, sizeof diag),
              SC_OK);
    CHECK_STR(diag, "");
    if (!g) return;
    CHECK_INT(sc_game_actors(g), 2);
    CHECK_STR(sc_game_name(g, 0), "B"); /* order of first appearance */
    CHECK_STR(sc_game_name(g, 1), "A");
    CHECK_NEAR(sc_game_value(g, 3), 7.5, EPS);
    CHECK_NEAR(sc_game_value(g, 2), 1, EPS);
    const double *rev = sc_game_revenues(g);
    CHECK(rev && rev[0] == 40 && rev[1] == 60);
    double x[2];
    CHECK_INT(sc_shapley_exact(g, x), SC_OK);
    CHECK_NEAR(x[0], 2 + 2.25, EPS);
    sc_game_free(g);
    CHECK_INT(load_text("value,coalition\n3,A\n", &g, diag, sizeof diag), SC_OK);
    CHECK(g && !sc_game_revenues(g));
    sc_game_free(g);
}

static void expect_error(const char *text, const char *want)
{
    sc_game *g = (sc_game *)1;
    char diag[2048];
    CHECK_INT(load_text(text, &g, diag, sizeof diag), SC_ERR_INPUT);
    CHECK(g == NULL);
    CHECK_STR(diag, want);
}

static void test_csv_errors(void)
{
    expect_error("coalition,value\nA,1\nB,2\nA;B,12..5\n",
                 "game.csv:4:5: value: '12..5' is not a number");
    expect_error("coalition,value,cost\nA,1,2\n", "game.csv:1:17: unknown column 'cost' "
                                                  "(expected coalition, value, revenue)");
    expect_error("coalition,coalition,value\nA,A,1\n", "game.csv:1:11: duplicate column "
                                                       "'coalition'");
    expect_error("coalition\nA\n", "game.csv:1:1: missing required column 'value'");
    expect_error("coalition,value\nA;B,3\nA,1\nB;A,4\n",
                 "game.csv:4:1: coalition: duplicate coalition 'A;B' (first on line 2)");
    expect_error("coalition,value\nA;B,3\n,5\n",
                 "game.csv:3:2: value: the empty coalition's value must be 0, got 5");
    expect_error("coalition,value\nA,1\nB,2\nA;C,3\n",
                 "game.csv:0:0: the grand coalition 'A;B;C' is missing: it is the one every "
                 "rule divides");
    expect_error("coalition,value\nA;B;A,3\n", "game.csv:2:1: coalition: actor 'A' appears twice");
    expect_error("coalition,value\nA;;B,3\n", "game.csv:2:1: coalition: empty actor id in 'A;;B'");
    expect_error("coalition,value,revenue\nA;B,3,10\n",
                 "game.csv:2:7: revenue: only a single actor's row may carry a revenue");
    expect_error("coalition,value,revenue\nA,3,-1\n", "game.csv:2:5: revenue: -1 must not be "
                                                      "negative");
    expect_error("coalition,value\nA,\n", "game.csv:2:3: value: a number is required");
    expect_error("coalition,value\nA,inf\n", "game.csv:2:3: value: 'inf' is not a finite number");
    /* Every problem is reported, not only the first. */
    expect_error("coalition,value\nA,x\nA;B,y\n", "game.csv:2:3: value: 'x' is not a number\n"
                                                  "game.csv:3:5: value: 'y' is not a number");
    char big[512] = "coalition,value\n";
    for (int i = 0; i < 21; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "P%d,1\n", i);
    expect_error(big, "game.csv:22:1: coalition: more than 20 actors (2^n coalition values are "
                      "stored)");
    sc_game *g;
    sc_diags d = {0};
    CHECK_INT(sc_game_load_csv("/nonexistent/game.csv", &g, &d), SC_ERR_IO);
    CHECK_INT(d.n, 0);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_glove_rules();
    test_airport_rules();
    test_negative_benefit();
    test_gini();
    test_majority_core();
    test_convex_games();
    test_missing();
    test_contracts();
    test_rule_names();
    test_csv_good();
    test_csv_errors();
    unlink(write_csv("game.csv", ""));
    rmdir(tmpdir);
    return sc_check_report("test_allocation");
}
