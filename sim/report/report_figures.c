/*
 * The report's figures (see report.h): q(t) per arm, TTR and loss
 * distributions, the stress ranking, the allocations per rule; each drawn
 * once per surface, PNG and SVG.
 */
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"
#include "report/report.h"

/* Arms shown in q(t) and box figures: all but for stress files, whose
 * arms are knock-outs: there the top-ranked ones. */
enum { MAX_PANELS = 24, STRESS_SHOWN = 8, STRESS_BARS = 20 };

typedef struct shown_arms {
    int idx[MAX_PANELS];
    int n;
} shown_arms;

static shown_arms pick_arms(const rp_data *d)
{
    shown_arms s = {{0}, 0};
    if (d->n_stress == 0) {
        for (int a = 0; a < d->n_arms && s.n < MAX_PANELS; a++)
            s.idx[s.n++] = a;
        return s;
    }
    /* /stress is sorted by rank; its arms are named KIND:ELEMENT. */
    for (size_t r = 0; r < d->n_stress && s.n < STRESS_SHOWN; r++)
        for (int a = 0; a < d->n_arms; a++) {
            const char *colon = strchr(d->arms[a].name, ':');
            if (colon && !strcmp(colon + 1, d->stress[r].element)) {
                s.idx[s.n++] = a;
                break;
            }
        }
    return s;
}

typedef void (*draw_fn)(cairo_t *cr, const rp_data *d, double w, double h);

/* ---- q(t): one panel per arm, mean line and 5-95 % band ---- */

enum { QT_PANEL_W = 300, QT_PANEL_H = 220, QT_COLS = 4 };

static void qt_size(const rp_data *d, int *w, int *h)
{
    int n = pick_arms(d).n, cols = n < QT_COLS ? n : QT_COLS, rows = (n + QT_COLS - 1) / QT_COLS;
    *w = 30 + cols * QT_PANEL_W;
    *h = 80 + rows * QT_PANEL_H;
}

static void draw_qt(cairo_t *cr, const rp_data *d, double w, double h)
{
    shown_arms s = pick_arms(d);
    char title[160];
    snprintf(title, sizeof title, "q(t): mean and 5-95 %% band of %d replications",
             d->replications);
    pl_page(cr, w, h, title);
    for (int k = 0; k < s.n; k++) {
        const rp_arm *arm = &d->arms[s.idx[k]];
        int col = k % QT_COLS, row = k / QT_COLS;
        pl_frame f = {30 + col * QT_PANEL_W + 50,
                      60 + row * QT_PANEL_H + 20,
                      QT_PANEL_W - 70,
                      QT_PANEL_H - 70,
                      0,
                      d->days,
                      0,
                      1.05};
        /* The warm-up is not measured: shade it. */
        cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
        cairo_rectangle(cr, f.x, f.y, pl_x(&f, d->warmup_days) - f.x, f.h);
        cairo_fill(cr);
        pl_axes(cr, &f, row == (s.n - 1) / QT_COLS ? "day" : NULL, col == 0 ? "q(t)" : NULL, true,
                true);
        pl_colour(cr, k, 0.28);
        cairo_move_to(cr, pl_x(&f, 0.5), pl_y(&f, arm->q_p95[0]));
        for (int t = 1; t < d->days; t++)
            cairo_line_to(cr, pl_x(&f, t + 0.5), pl_y(&f, arm->q_p95[t]));
        for (int t = d->days - 1; t >= 0; t--)
            cairo_line_to(cr, pl_x(&f, t + 0.5), pl_y(&f, arm->q_p05[t]));
        cairo_close_path(cr);
        cairo_fill(cr);
        pl_colour(cr, k, 1);
        cairo_set_line_width(cr, 1.6);
        cairo_move_to(cr, pl_x(&f, 0.5), pl_y(&f, arm->q_mean[0]));
        for (int t = 1; t < d->days; t++)
            cairo_line_to(cr, pl_x(&f, t + 0.5), pl_y(&f, arm->q_mean[t]));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        pl_text(cr, f.x + f.w / 2, f.y - 6, 12, 0.5, true, arm->name);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    pl_text(cr, w / 2, 46, 11, 0.5, false,
            "line: mean over replications; band: 5th to 95th percentile; grey: warm-up");
}

/* ---- TTR and loss: one box per arm (5, 25, 50, 75, 95 %; dot = mean) ---- */

enum { BOX_ROW = 26 };

static double label_width(cairo_t *cr, const rp_data *d, const shown_arms *s)
{
    double m = 60;
    for (int k = 0; k < s->n; k++) {
        double tw = pl_text_width(cr, 12, d->arms[s->idx[k]].name);
        if (tw > m) m = tw;
    }
    return m > 320 ? 320 : m;
}

static void box_size(const rp_data *d, int *w, int *h)
{
    *w = 900;
    *h = 110 + pick_arms(d).n * BOX_ROW;
}

/* The finite values of x[0..n) into out; returns their count. */
static size_t finite_values(const double *x, int n, double *out)
{
    size_t m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i])) out[m++] = x[i];
    return m;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void draw_box(cairo_t *cr, const rp_data *d, double w, double h, bool ttr)
{
    shown_arms s = pick_arms(d);
    pl_page(cr, w, h,
            ttr ? "Time to recover per arm (days, first shock of each replication)"
                : "Loss per arm (days of service lost, resilience triangle)");
    double *v = malloc(((size_t)d->replications + 1) * sizeof *v);
    if (!v) return;
    double hi = 0;
    for (int k = 0; k < s.n; k++) {
        const rp_arm *arm = &d->arms[s.idx[k]];
        const double *x = ttr ? arm->ttr : arm->loss;
        for (int i = 0; i < d->replications; i++)
            if (isfinite(x[i]) && x[i] > hi) hi = x[i];
    }
    hi = hi > 0 ? hi * 1.05 : 1;
    double lw = label_width(cr, d, &s);
    pl_frame f = {lw + 30, 50, w - lw - 60, s.n * BOX_ROW, 0, hi, 0, s.n};
    pl_axes(cr, &f, ttr ? "days to recover" : "loss (days)", NULL, true, false);
    for (int k = 0; k < s.n; k++) {
        const rp_arm *arm = &d->arms[s.idx[k]];
        double cy = f.y + (k + 0.5) * BOX_ROW;
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        pl_text(cr, f.x - 8, cy + 4, 12, 1, false, arm->name);
        size_t n = finite_values(ttr ? arm->ttr : arm->loss, d->replications, v);
        if (n == 0) {
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            pl_text(cr, f.x + 8, cy + 4, 11, 0, false, ttr ? "no shock" : "no loss defined");
            continue;
        }
        qsort(v, n, sizeof *v, cmp_double);
        double q[5] = {rp_percentile(v, n, 0.05), rp_percentile(v, n, 0.25),
                       rp_percentile(v, n, 0.50), rp_percentile(v, n, 0.75),
                       rp_percentile(v, n, 0.95)};
        double mean = 0;
        for (size_t i = 0; i < n; i++)
            mean += v[i];
        mean /= (double)n;
        pl_colour(cr, k, 1);
        cairo_set_line_width(cr, 1.4);
        cairo_move_to(cr, pl_x(&f, q[0]), cy);
        cairo_line_to(cr, pl_x(&f, q[4]), cy);
        cairo_stroke(cr);
        double x1 = pl_x(&f, q[1]), x3 = pl_x(&f, q[3]);
        pl_colour(cr, k, 0.45);
        cairo_rectangle(cr, x1, cy - 8, fmax(x3 - x1, 1.5), 16);
        cairo_fill_preserve(cr);
        pl_colour(cr, k, 1);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, pl_x(&f, q[2]), cy - 8);
        cairo_line_to(cr, pl_x(&f, q[2]), cy + 8);
        cairo_stroke(cr);
        cairo_arc(cr, pl_x(&f, mean), cy, 3, 0, 6.283185307179586);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    pl_text(cr, w / 2, h - 12, 11, 0.5, false,
            "whiskers: 5th-95th percentile; box: 25th-75th; bar: median; dot: mean");
    free(v);
}

static void draw_ttr(cairo_t *cr, const rp_data *d, double w, double h)
{
    draw_box(cr, d, w, h, true);
}

static void draw_loss(cairo_t *cr, const rp_data *d, double w, double h)
{
    draw_box(cr, d, w, h, false);
}

/* ---- stress: the weak points, by mean loss with its CI ---- */

static int stress_shown(const rp_data *d)
{
    return d->n_stress < STRESS_BARS ? (int)d->n_stress : STRESS_BARS;
}

static void stress_size(const rp_data *d, int *w, int *h)
{
    *w = 900;
    *h = 110 + stress_shown(d) * BOX_ROW;
}

static void draw_stress(cairo_t *cr, const rp_data *d, double w, double h)
{
    int n = stress_shown(d);
    pl_page(cr, w, h, "Weak points: mean loss when knocked out (95 % CI)");
    double hi = 0, lw = 60;
    char label[RP_NAME + 24];
    for (int k = 0; k < n; k++) {
        const rp_stress_row *r = &d->stress[k];
        hi = fmax(hi, isfinite(r->loss_ci_hi) ? r->loss_ci_hi : r->loss);
        snprintf(label, sizeof label, "%s (%s)", r->element, r->kind);
        lw = fmax(lw, pl_text_width(cr, 12, label));
    }
    hi = hi > 0 ? hi * 1.05 : 1;
    lw = fmin(lw, 320);
    pl_frame f = {lw + 30, 50, w - lw - 60, n * BOX_ROW, 0, hi, 0, n};
    pl_axes(cr, &f, "loss (days)", NULL, true, false);
    for (int k = 0; k < n; k++) {
        const rp_stress_row *r = &d->stress[k];
        double cy = f.y + (k + 0.5) * BOX_ROW;
        snprintf(label, sizeof label, "%s (%s)", r->element, r->kind);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        pl_text(cr, f.x - 8, cy + 4, 12, 1, false, label);
        pl_colour(cr, strcmp(r->kind, "chokepoint") == 0 ? 1 : 0, 0.8);
        cairo_rectangle(cr, f.x, cy - 8, pl_x(&f, fmax(r->loss, 0)) - f.x, 16);
        cairo_fill(cr);
        if (isfinite(r->loss_ci_lo) && isfinite(r->loss_ci_hi)) {
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            cairo_set_line_width(cr, 1.2);
            cairo_move_to(cr, pl_x(&f, fmax(r->loss_ci_lo, 0)), cy);
            cairo_line_to(cr, pl_x(&f, r->loss_ci_hi), cy);
            cairo_stroke(cr);
        }
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    pl_text(cr, w / 2, h - 12, 11, 0.5, false,
            "blue: nodes; vermillion: chokepoints; line: 95 % confidence interval of the mean");
}

/* ---- allocation: each actor's share under each rule ---- */

static void alloc_size(const rp_data *d, int *w, int *h)
{
    int actors = d->n_rules > 0 ? d->rules[0].n : 0;
    *w = 160 + actors * (40 + 18 * d->n_rules);
    if (*w < 700) *w = 700;
    *h = 480;
}

static void draw_allocation(cairo_t *cr, const rp_data *d, double w, double h)
{
    pl_page(cr, w, h, "Allocation of the network's gain per actor, by rule");
    int actors = d->rules[0].n;
    double lo = 0, hi = 0;
    for (int r = 0; r < d->n_rules; r++)
        for (int k = 0; k < d->rules[r].n; k++) {
            lo = fmin(lo, d->rules[r].rows[k].allocation);
            hi = fmax(hi, d->rules[r].rows[k].allocation);
        }
    double pad = (hi - lo) * 0.08 + 1e-9;
    pl_frame f = {90, 50, w - 250, h - 130, 0, actors, lo < 0 ? lo - pad : 0, hi + pad};
    pl_axes(cr, &f, NULL, "gain over no mitigation (money)", false, true);
    double group = f.w / actors, bar = (group * 0.8) / d->n_rules;
    for (int k = 0; k < actors; k++) {
        double gx = f.x + k * group + group * 0.1;
        for (int r = 0; r < d->n_rules && k < d->rules[r].n; r++) {
            double v = d->rules[r].rows[k].allocation, y0 = pl_y(&f, 0), y1 = pl_y(&f, v);
            pl_colour(cr, r, 0.9);
            cairo_rectangle(cr, gx + r * bar, fmin(y0, y1), bar * 0.9, fabs(y1 - y0));
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        pl_text(cr, f.x + (k + 0.5) * group, f.y + f.h + 16, 11, 0.5, false,
                d->rules[0].rows[k].actor);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, f.x, pl_y(&f, 0));
    cairo_line_to(cr, f.x + f.w, pl_y(&f, 0));
    cairo_stroke(cr);
    for (int r = 0; r < d->n_rules; r++) { /* legend */
        double ly = f.y + 10 + r * 20;
        pl_colour(cr, r, 0.9);
        cairo_rectangle(cr, f.x + f.w + 16, ly - 10, 12, 12);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        pl_text(cr, f.x + f.w + 34, ly, 11, 0, false, d->rules[r].name);
    }
}

/* ---- rendering ---- */

static bool render(const rp_data *d, const char *dir, const char *name, draw_fn draw, int w, int h,
                   char *err, size_t err_n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    cairo_surface_t *png = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(png);
    draw(cr, d, w, h);
    cairo_destroy(cr);
    bool ok = cairo_surface_write_to_png(png, path) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(png);
    if (ok) {
        snprintf(path, sizeof path, "%s/%s.svg", dir, name);
        cairo_surface_t *svg = cairo_svg_surface_create(path, w, h);
        cr = cairo_create(svg);
        draw(cr, d, w, h);
        cairo_destroy(cr);
        cairo_surface_finish(svg);
        ok = cairo_surface_status(svg) == CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(svg);
    }
    if (!ok) snprintf(err, err_n, "cannot write %s", path);
    return ok;
}

/* q(t) per day and arm, for users and for the test that checks the band. */
static bool write_band_csv(const rp_data *d, const char *dir, char *err, size_t err_n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/qt_band.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, err_n, "cannot write %s", path);
        return false;
    }
    fputs("arm,day,mean,p05,p95\n", f);
    for (int a = 0; a < d->n_arms; a++)
        for (int t = 0; t < d->days; t++)
            fprintf(f, "%s,%d,%.9g,%.9g,%.9g\n", d->arms[a].name, t, d->arms[a].q_mean[t],
                    d->arms[a].q_p05[t], d->arms[a].q_p95[t]);
    bool ok = fclose(f) == 0;
    if (!ok) snprintf(err, err_n, "cannot write %s", path);
    return ok;
}

bool rp_write_figures(const rp_data *d, const char *dir, const char *names[], int *n_names,
                      char *err, size_t err_n)
{
    struct {
        const char *name;
        draw_fn draw;
        void (*size)(const rp_data *, int *, int *);
        bool wanted;
    } figs[] = {
        {"qt", draw_qt, qt_size, true},
        {"ttr", draw_ttr, box_size, true},
        {"loss", draw_loss, box_size, true},
        {"stress", draw_stress, stress_size, d->n_stress > 0},
        {"allocation", draw_allocation, alloc_size, d->n_rules > 0 && d->rules[0].n > 0},
    };
    *n_names = 0;
    for (size_t k = 0; k < sizeof figs / sizeof *figs; k++) {
        if (!figs[k].wanted) continue;
        int w, h;
        figs[k].size(d, &w, &h);
        if (!render(d, dir, figs[k].name, figs[k].draw, w, h, err, err_n)) return false;
        names[(*n_names)++] = figs[k].name;
    }
    return write_band_csv(d, dir, err, err_n);
}
