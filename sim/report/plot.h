/*
 * Chart helpers over cairo (plot.c): a frame maps data to device
 * coordinates; axes get "nice" ticks.  Drawing goes through a cairo_t, so
 * the same figure renders to a PNG and to an SVG surface.
 */
#ifndef SC_PLOT_H
#define SC_PLOT_H

#include <cairo.h>
#include <stdbool.h>

typedef struct pl_frame {
    double x, y, w, h;     /* plot area on the surface */
    double x0, x1, y0, y1; /* data ranges shown */
} pl_frame;

/* Okabe & Ito's colour-blind-safe palette, cycled by index. */
void pl_colour(cairo_t *cr, int k, double alpha);

double pl_x(const pl_frame *f, double v);
double pl_y(const pl_frame *f, double v);

/* Ticks of a "nice" step (1, 2 or 5 × 10^k) covering [lo, hi], about n. */
double pl_tick_step(double lo, double hi, int n);

/* Frame outline, grid, ticks with labels (x and/or y), axis labels. */
void pl_axes(cairo_t *cr, const pl_frame *f, const char *xlabel, const char *ylabel, bool x_numbers,
             bool y_numbers);

/* Text at (x, y); align 0 left, 0.5 centre, 1 right; baseline at y. */
void pl_text(cairo_t *cr, double x, double y, double size, double align, bool bold, const char *s);

/* Width of s at size. */
double pl_text_width(cairo_t *cr, double size, const char *s);

/* White background and a title at the top. */
void pl_page(cairo_t *cr, double w, double h, const char *title);

/* A number for a tick or a table: few digits, no trailing zeros. */
void pl_format(char *buf, int n, double v, double step);

/* Frees cairo's and fontconfig's caches at exit, so a leak checker sees
 * only real leaks. */
void pl_shutdown(void);

#endif
