/*
 * Is the core empty?  By the Bondareva-Shapley theorem the core is non-empty
 * iff every balanced collection of coalitions is worth at most v(N), i.e.
 * iff the linear program
 *
 *     max  sum_S lambda_S v(S)
 *     s.t. sum_{S containing i} lambda_S = 1   for every actor i
 *          lambda_S >= 0                       for every non-empty S
 *
 * has value v(N).  It has only n rows (n <= 20) but 2^n - 1 columns, so a
 * revised simplex fits it well: the basis inverse is n x n, and pricing a
 * column S needs only the dual prices y: reduced cost v(S) - y(S).  The
 * singletons are a feasible starting basis (B = I, lambda = 1), so no
 * phase 1 is needed.  Balanced collections make the program highly
 * degenerate, so after a run of degenerate pivots the entering rule switches
 * from Dantzig's (largest reduced cost) to Bland's (first improving column),
 * which cannot cycle.  At the optimum y is feasible for the dual, min y(N)
 * s.t. y(S) >= v(S): a core allocation when the core is not empty.
 */
#include "allocation/game_impl.h"

#include <math.h>
#include <string.h>

#define MAXN SC_GAME_MAX_ACTORS
#define PIVOT_EPS 1e-9
#define DEGENERATE_RUN 20 /* degenerate pivots before switching to Bland */
#define REFACTOR_EVERY 32 /* pivots between fresh inversions of the basis */
#define MAX_PIVOTS 100000

typedef struct simplex {
    const sc_game *g;
    int n;
    double tol;
    sc_coalition basis[MAXN]; /* the coalition basic in each row */
    double binv[MAXN][MAXN];  /* B^-1 */
    double beta[MAXN];        /* lambda of the basic coalitions: B^-1 1 */
    double y[MAXN];           /* dual prices c_B B^-1 */
    bool bland;
} simplex;

/* Inverts B (columns: the basis' indicator vectors) by Gauss-Jordan with
 * partial pivoting, and recomputes beta = B^-1 1.  False when B is singular,
 * which a correct simplex never produces. */
static bool refactor(simplex *sx)
{
    int n = sx->n;
    double a[MAXN][2 * MAXN];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2 * n; j++)
            a[i][j] = j < n ? (double)((sx->basis[j] >> i) & 1u) : (double)(j - n == i);
    for (int c = 0; c < n; c++) {
        int p = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(a[r][c]) > fabs(a[p][c])) p = r;
        if (fabs(a[p][c]) < PIVOT_EPS) return false;
        for (int j = 0; j < 2 * n; j++) {
            double t = a[c][j];
            a[c][j] = a[p][j];
            a[p][j] = t;
        }
        double d = a[c][c];
        for (int j = 0; j < 2 * n; j++)
            a[c][j] /= d;
        for (int r = 0; r < n; r++) {
            double f = a[r][c];
            if (r == c || f == 0) continue;
            for (int j = 0; j < 2 * n; j++)
                a[r][j] -= f * a[c][j];
        }
    }
    for (int i = 0; i < n; i++) {
        sx->beta[i] = 0;
        for (int j = 0; j < n; j++) {
            sx->binv[i][j] = a[i][n + j];
            sx->beta[i] += a[i][n + j];
        }
        if (sx->beta[i] < 0) sx->beta[i] = 0; /* rounding below a zero bound */
    }
    return true;
}

static void dual_prices(simplex *sx)
{
    for (int j = 0; j < sx->n; j++) {
        sx->y[j] = 0;
        for (int r = 0; r < sx->n; r++)
            sx->y[j] += sx->g->value[sx->basis[r]] * sx->binv[r][j];
    }
}

/* The entering coalition, or 0 when no reduced cost exceeds the tolerance
 * (optimal). */
static sc_coalition entering(const simplex *sx)
{
    sc_coalition grand = sc_game_grand(sx->g), best = 0;
    double best_d = sx->tol;
    for (sc_coalition s = 1; s <= grand; s++) {
        double d = sx->g->value[s] - sc_coalition_sum(sx->y, s);
        if (d <= best_d) continue;
        if (sx->bland) return s;
        best = s;
        best_d = d;
    }
    return best;
}

/* The leaving row for entering column u = B^-1 a_S by the ratio test, ties
 * to the smallest basic coalition (Bland); -1 when unbounded. */
static int leaving(const simplex *sx, const double *u, double *step)
{
    int row = -1;
    for (int r = 0; r < sx->n; r++) {
        if (u[r] <= PIVOT_EPS) continue;
        double t = sx->beta[r] / u[r];
        if (row < 0 || t < *step - 1e-12 || (t <= *step + 1e-12 && sx->basis[r] < sx->basis[row])) {
            row = r;
            *step = t;
        }
    }
    return row;
}

static void pivot(simplex *sx, sc_coalition s, const double *u, int row)
{
    int n = sx->n;
    double p = u[row];
    for (int j = 0; j < n; j++)
        sx->binv[row][j] /= p;
    sx->beta[row] /= p;
    for (int r = 0; r < n; r++) {
        if (r == row || u[r] == 0) continue;
        for (int j = 0; j < n; j++)
            sx->binv[r][j] -= u[r] * sx->binv[row][j];
        sx->beta[r] = fmax(0, sx->beta[r] - u[r] * sx->beta[row]);
    }
    sx->basis[row] = s;
}

/* Runs the simplex to optimality; false when it does not converge. */
static bool solve(simplex *sx)
{
    int degenerate = 0;
    for (int it = 0; it < MAX_PIVOTS; it++) {
        if (it % REFACTOR_EVERY == 0 && !refactor(sx)) return false;
        dual_prices(sx);
        sc_coalition s = entering(sx);
        if (!s) return true;
        double u[MAXN], step = 0;
        for (int r = 0; r < sx->n; r++)
            u[r] = sc_coalition_sum(sx->binv[r], s);
        int row = leaving(sx, u, &step);
        if (row < 0) return false; /* unbounded: impossible, lambda_S <= 1 */
        degenerate = step <= 1e-12 ? degenerate + 1 : 0;
        if (degenerate >= DEGENERATE_RUN) sx->bland = true;
        pivot(sx, s, u, row);
    }
    return false;
}

sc_status sc_game_core(const sc_game *g, bool *empty, double *balanced_max, double *point)
{
    if (sc_game_missing(g, SC_NEED_ALL, NULL)) return SC_ERR_INPUT;
    simplex sx;
    memset(&sx, 0, sizeof sx);
    sx.g = g;
    sx.n = g->n;
    sx.tol = sc_game_tolerance(g);
    for (int i = 0; i < g->n; i++)
        sx.basis[i] = sc_bit(i);
    if (!solve(&sx)) return SC_ERR_RUNTIME;
    if (!refactor(&sx)) return SC_ERR_RUNTIME; /* final values from a fresh inverse */
    dual_prices(&sx);
    double value = 0;
    for (int r = 0; r < g->n; r++)
        value += g->value[sx.basis[r]] * sx.beta[r];
    *balanced_max = value;
    *empty = value > g->value[sc_game_grand(g)] + sx.tol;
    if (point) memcpy(point, sx.y, (size_t)g->n * sizeof *point);
    return SC_OK;
}
