/* Chart helpers over cairo (see plot.h). */
#include "report/plot.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>

static const double palette[8][3] = {
    {0.000, 0.447, 0.698}, /* blue */
    {0.835, 0.369, 0.000}, /* vermillion */
    {0.000, 0.620, 0.451}, /* bluish green */
    {0.800, 0.475, 0.655}, /* reddish purple */
    {0.902, 0.624, 0.000}, /* orange */
    {0.337, 0.706, 0.914}, /* sky blue */
    {0.760, 0.650, 0.000}, /* yellow, darkened: pale yellow vanishes on white */
    {0.350, 0.350, 0.350}, /* grey (instead of black: black is the axes) */
};

void pl_colour(cairo_t *cr, int k, double alpha)
{
    const double *c = palette[(k % 8 + 8) % 8];
    cairo_set_source_rgba(cr, c[0], c[1], c[2], alpha);
}

double pl_x(const pl_frame *f, double v)
{
    return f->x + (v - f->x0) / (f->x1 - f->x0) * f->w;
}

double pl_y(const pl_frame *f, double v)
{
    return f->y + f->h - (v - f->y0) / (f->y1 - f->y0) * f->h;
}

double pl_tick_step(double lo, double hi, int n)
{
    double span = hi - lo;
    if (!(span > 0) || n < 1) return 1;
    double raw = span / n, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
}

void pl_format(char *buf, int n, double v, double step)
{
    if (fabs(v) < step * 1e-9) v = 0;
    double a = fabs(v);
    if (a >= 1e6)
        snprintf(buf, (size_t)n, "%.3gM", v / 1e6);
    else if (a >= 1e4)
        snprintf(buf, (size_t)n, "%.4gk", v / 1e3);
    else {
        int digits = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
        snprintf(buf, (size_t)n, "%.*f", digits > 6 ? 6 : digits, v);
    }
}

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double pl_text_width(cairo_t *cr, double size, const char *s)
{
    cairo_text_extents_t e;
    font(cr, size, false);
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

void pl_text(cairo_t *cr, double x, double y, double size, double align, bool bold, const char *s)
{
    cairo_text_extents_t e;
    font(cr, size, bold);
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - align * e.x_advance, y);
    cairo_show_text(cr, s);
}

void pl_page(cairo_t *cr, double w, double h, const char *title)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    pl_text(cr, w / 2, 26, 17, 0.5, true, title);
}

void pl_axes(cairo_t *cr, const pl_frame *f, const char *xlabel, const char *ylabel, bool x_numbers,
             bool y_numbers)
{
    char buf[32];
    cairo_set_line_width(cr, 1);
    double sx = pl_tick_step(f->x0, f->x1, 6), sy = pl_tick_step(f->y0, f->y1, 5);
    for (double v = ceil(f->x0 / sx - 1e-9) * sx; x_numbers && v <= f->x1 + sx * 1e-9; v += sx) {
        double px = pl_x(f, v);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, px, f->y);
        cairo_line_to(cr, px, f->y + f->h);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        pl_format(buf, sizeof buf, v, sx);
        pl_text(cr, px, f->y + f->h + 15, 11, 0.5, false, buf);
    }
    for (double v = ceil(f->y0 / sy - 1e-9) * sy; y_numbers && v <= f->y1 + sy * 1e-9; v += sy) {
        double py = pl_y(f, v);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, f->x, py);
        cairo_line_to(cr, f->x + f->w, py);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        pl_format(buf, sizeof buf, v, sy);
        pl_text(cr, f->x - 5, py + 4, 11, 1, false, buf);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_rectangle(cr, f->x, f->y, f->w, f->h);
    cairo_stroke(cr);
    if (xlabel) pl_text(cr, f->x + f->w / 2, f->y + f->h + 32, 12, 0.5, false, xlabel);
    if (ylabel) {
        cairo_save(cr);
        cairo_translate(cr, f->x - 42, f->y + f->h / 2);
        cairo_rotate(cr, -1.5707963267948966); /* a quarter turn */
        pl_text(cr, 0, 0, 12, 0.5, false, ylabel);
        cairo_restore(cr);
    }
}

void pl_shutdown(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
