/*
 * Drawing a frame in software into an ARGB8888 surface: the land (Equal
 * Earth, filled by scanlines, cached while the view does not move), lanes,
 * nodes by kind, shipments moving along their lanes (ships held at a
 * chokepoint or queued at a port pile up around it), disruptions and
 * warnings, the panel (date, q(t), selected node) and the timeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

extern const unsigned char vz_land_data[];
extern const unsigned long vz_land_size;

#define PANEL 300
#define BAR 20

void vz_project(double lat, double lon, double *x, double *y)
{
    /* Equal Earth (Savric, Patterson, Jenny 2018). */
    const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = sqrt(3) / 2;
    double th = asin(M * sin(lat * M_PI / 180)), t2 = th * th, t6 = t2 * t2 * t2;
    *x = 2 * sqrt(3) * (lon * M_PI / 180) * cos(th) /
         (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1));
    *y = th * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
}

SDL_Rect vz_map_rect(const vz_view *v)
{
    int p = v->w < 3 * PANEL ? v->w / 3 : PANEL;
    return (SDL_Rect){0, 0, v->w - p, v->h - 2 * BAR};
}

void vz_to_screen(const vz_view *v, double lat, double lon, int *x, int *y)
{
    SDL_Rect r = vz_map_rect(v);
    double px, py;
    vz_project(lat, lon, &px, &py);
    *x = (int)lround(r.x + r.w / 2.0 + (px - v->cx) * v->scale);
    *y = (int)lround(r.y + r.h / 2.0 - (py - v->cy) * v->scale);
}

void vz_view_fit(vz_view *v, const vz_trace *t)
{
    double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
    for (int i = 0; i < t->n_nodes; i++) {
        double x, y;
        vz_project(t->nodes[i].lat, t->nodes[i].lon, &x, &y);
        x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
    }
    if (t->n_nodes == 0) x0 = -2.7, x1 = 2.7, y0 = -1.3, y1 = 1.3;
    SDL_Rect r = vz_map_rect(v);
    double w = fmax(x1 - x0, 0.2) * 1.3, h = fmax(y1 - y0, 0.2) * 1.3;
    v->cx = (x0 + x1) / 2;
    v->cy = (y0 + y1) / 2;
    v->scale = fmin(r.w / w, r.h / h);
}

/* ---- pixels ---- */

static void px(SDL_Surface *s, int x, int y, uint32_t c)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h) return;
    ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x] = c;
}

static void hline(SDL_Surface *s, int x0, int x1, int y, uint32_t c)
{
    if (y < 0 || y >= s->h) return;
    if (x0 < 0) x0 = 0;
    if (x1 >= s->w) x1 = s->w - 1;
    uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
    for (int x = x0; x <= x1; x++)
        row[x] = c;
}

static void line(SDL_Surface *s, int x0, int y0, int x1, int y1, uint32_t c)
{
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    if (dx > 4 * s->w || -dy > 4 * s->h) return; /* far off screen */
    for (;;) {
        px(s, x0, y0, c);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * err;
        if (e2 >= dy) err += dy, x0 += sx;
        if (e2 <= dx) err += dx, y0 += sy;
    }
}

static void disc(SDL_Surface *s, int cx, int cy, int r, uint32_t c)
{
    for (int dy = -r; dy <= r; dy++) {
        int dx = (int)sqrt((double)(r * r - dy * dy));
        hline(s, cx - dx, cx + dx, cy + dy, c);
    }
}

static void ring(SDL_Surface *s, int cx, int cy, int r, int width, uint32_t c)
{
    for (int dy = -r; dy <= r; dy++) {
        int dx = (int)sqrt((double)(r * r - dy * dy));
        int ri = r - width, di = abs(dy) <= ri ? (int)sqrt((double)(ri * ri - dy * dy)) : -1;
        if (di < 0) {
            hline(s, cx - dx, cx + dx, cy + dy, c);
        } else {
            hline(s, cx - dx, cx - di, cy + dy, c);
            hline(s, cx + di, cx + dx, cy + dy, c);
        }
    }
}

/* A filled triangle (node shapes). */
static void tri(SDL_Surface *s, int x0, int y0, int x1, int y1, int x2, int y2, uint32_t c)
{
    int ymin = y0 < y1 ? (y0 < y2 ? y0 : y2) : (y1 < y2 ? y1 : y2);
    int ymax = y0 > y1 ? (y0 > y2 ? y0 : y2) : (y1 > y2 ? y1 : y2);
    int X[3] = {x0, x1, x2}, Y[3] = {y0, y1, y2};
    for (int y = ymin; y <= ymax; y++) {
        double lo = 1e9, hi = -1e9;
        for (int e = 0; e < 3; e++) {
            int a = e, b = (e + 1) % 3;
            if ((Y[a] <= y && Y[b] >= y) || (Y[b] <= y && Y[a] >= y)) {
                double x =
                    Y[a] == Y[b] ? X[a] : X[a] + (double)(y - Y[a]) * (X[b] - X[a]) / (Y[b] - Y[a]);
                lo = fmin(lo, x), hi = fmax(hi, x);
                if (Y[a] == Y[b]) lo = fmin(lo, X[b]), hi = fmax(hi, X[b]);
            }
        }
        if (lo <= hi) hline(s, (int)lround(lo), (int)lround(hi), y, c);
    }
}

static void text(vz_ctx *c, SDL_Surface *s, TTF_Font *f, int x, int y, uint32_t rgb,
                 const char *str)
{
    if (!f || !*str) return;
    SDL_Color col = {(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, 255};
    SDL_Surface *t = TTF_RenderUTF8_Blended(f, str, col);
    (void)c;
    if (!t) return;
    SDL_Rect d = {x, y, t->w, t->h};
    SDL_BlitSurface(t, NULL, s, &d);
    SDL_FreeSurface(t);
}

/* ---- land ---- */

typedef struct edge {
    float y0, y1, x0, dxdy;
} edge;

static int by_y0(const void *a, const void *b)
{
    float x = ((const edge *)a)->y0, y = ((const edge *)b)->y0;
    return x < y ? -1 : x > y;
}

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

static void fill_land(SDL_Surface *s, const vz_view *v)
{
    SDL_Rect r = vz_map_rect(v);
    SDL_FillRect(s, &r, VZ_SEA);
    const unsigned char *d = vz_land_data;
    if (vz_land_size < 16 || memcmp(d, "SCLAND01", 8) != 0) return;
    uint32_t nr, np;
    memcpy(&nr, d + 8, 4);
    memcpy(&np, d + 12, 4);
    const unsigned char *lens = d + 16, *pts = lens + 4 * (size_t)nr;
    edge *E = malloc(((size_t)np + 1) * sizeof *E);
    float *xs = malloc(((size_t)np + 1) * sizeof *xs);
    int *act = malloc(((size_t)np + 1) * sizeof *act);
    if (!E || !xs || !act) goto out;
    size_t ne = 0, k = 0;
    double hw = r.w / 2.0 + r.x, hh = r.h / 2.0 + r.y;
    for (uint32_t i = 0; i < nr; i++) {
        uint32_t len;
        memcpy(&len, lens + 4 * i, 4);
        double fx = 0, fy = 0, lx = 0, ly = 0;
        for (uint32_t j = 0; j <= len; j++) {
            int16_t q[2];
            memcpy(q, pts + 4 * (k + (j % len)), 4);
            double x, y;
            vz_project(q[1] / 100.0, q[0] / 100.0, &x, &y);
            x = hw + (x - v->cx) * v->scale;
            y = hh - (y - v->cy) * v->scale;
            if (j == 0) {
                fx = x, fy = y;
            } else if (ly != y) {
                edge e = ly < y ? (edge){(float)ly, (float)y, (float)lx, 0}
                                : (edge){(float)y, (float)ly, (float)x, 0};
                e.dxdy = (float)((x - lx) / (y - ly));
                E[ne++] = e;
            }
            lx = x, ly = y;
        }
        (void)fx, (void)fy;
        k += len;
    }
    qsort(E, ne, sizeof *E, by_y0);
    size_t next = 0, na = 0;
    for (int y = r.y; y < r.y + r.h; y++) {
        float yc = (float)y + 0.5f;
        while (next < ne && E[next].y0 <= yc)
            act[na++] = (int)next++;
        size_t nx = 0, keep = 0;
        for (size_t a = 0; a < na; a++) {
            edge *e = &E[act[a]];
            if (e->y1 <= yc) continue;
            act[keep++] = act[a];
            if (e->y0 <= yc) xs[nx++] = e->x0 + (yc - e->y0) * e->dxdy;
        }
        na = keep;
        qsort(xs, nx, sizeof *xs, by_float);
        for (size_t i = 0; i + 1 < nx; i += 2) {
            int x0 = (int)lroundf(xs[i]), x1 = (int)lroundf(xs[i + 1]) - 1;
            if (x0 < r.x) x0 = r.x;
            if (x1 >= r.x + r.w) x1 = r.x + r.w - 1;
            if (x0 <= x1) hline(s, x0, x1, y, VZ_LAND);
        }
    }
out:
    free(E);
    free(xs);
    free(act);
}

/* ---- the trace at a time ---- */

static double to_geo(const vz_lane *L, double p)
{
    double p0 = 0, g0 = 0;
    for (int k = 0; k <= L->nk; k++) {
        double p1 = k < L->nk ? L->kp[k] : 1, g1 = k < L->nk ? L->kg[k] : 1;
        if (p <= p1) return p1 > p0 ? g0 + (p - p0) / (p1 - p0) * (g1 - g0) : g1;
        p0 = p1, g0 = g1;
    }
    return 1;
}

static bool where(const vz_trace *t, int i, double day, double *lat, double *lon, int *hold)
{
    const vz_leg *g = &t->legs[i];
    *hold = -1;
    if (day < g->depart || (isfinite(g->arrive) && day >= g->arrive)) return false;
    double sail = day - g->depart, p = -1;
    for (int h = t->hold_first[i]; h < t->hold_first[i + 1]; h++) {
        const vz_hold *H = &t->holds[h];
        if (day >= H->end) {
            sail -= H->end - H->start;
        } else if (day >= H->start) {
            p = H->progress;
            *hold = h;
            break;
        }
    }
    if (p < 0) p = g->transit > 0 ? fmin(sail / g->transit, g->end_progress) : 1;
    const vz_lane *L = &t->lanes[g->lane];
    double f = to_geo(L, fmax(0, fmin(1, p)));
    int lo = 0, hi = L->np - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (L->cum[mid] <= f)
            lo = mid;
        else
            hi = mid;
    }
    const double *a = &t->pts[2 * (L->p0 + lo)], *b = &t->pts[2 * (L->p0 + hi)];
    double u = L->cum[hi] > L->cum[lo] ? (f - L->cum[lo]) / (L->cum[hi] - L->cum[lo]) : 0;
    u = fmax(0, fmin(1, u));
    *lat = a[0] + u * (b[0] - a[0]);
    *lon = a[1] + u * (b[1] - a[1]);
    return true;
}

bool vz_leg_where(const vz_trace *t, int i, double day, double *lat, double *lon)
{
    int h;
    return where(t, i, day, lat, lon, &h);
}

int vz_pick_node(const vz_trace *t, const vz_view *v, int x, int y)
{
    int best = -1, bd = 100;
    for (int i = 0; i < t->n_nodes; i++) {
        int sx, sy;
        vz_to_screen(v, t->nodes[i].lat, t->nodes[i].lon, &sx, &sy);
        int d = (sx - x) * (sx - x) + (sy - y) * (sy - y);
        if (d < bd) bd = d, best = i;
    }
    return best;
}

static uint32_t kind_colour(const char *k)
{
    if (!strcmp(k, "supplier")) return 0xFFF28E2B;
    if (!strcmp(k, "plant")) return 0xFFB07AA1;
    if (!strcmp(k, "port")) return 0xFF4E9FE5;
    if (!strcmp(k, "warehouse")) return 0xFF59A14F;
    return 0xFF76E0D0;
}

static void node_shape(SDL_Surface *s, const char *k, int x, int y, int r)
{
    uint32_t c = kind_colour(k), o = 0xFF101010;
    if (!strcmp(k, "supplier")) {
        tri(s, x, y - r - 2, x - r - 2, y + r + 1, x + r + 2, y + r + 1, o);
        tri(s, x, y - r, x - r, y + r, x + r, y + r, c);
    } else if (!strcmp(k, "plant")) {
        SDL_Rect b = {x - r - 1, y - r - 1, 2 * r + 3, 2 * r + 3},
                 f = {x - r, y - r, 2 * r + 1, 2 * r + 1};
        SDL_FillRect(s, &b, o);
        SDL_FillRect(s, &f, c);
    } else if (!strcmp(k, "port")) {
        disc(s, x, y, r + 1, o);
        disc(s, x, y, r, c);
    } else if (!strcmp(k, "warehouse")) {
        tri(s, x, y - r - 1, x - r - 1, y, x + r + 1, y, c);
        tri(s, x, y + r + 1, x - r - 1, y, x + r + 1, y, c);
    } else {
        tri(s, x, y + r + 2, x - r - 2, y - r - 1, x + r + 2, y - r - 1, o);
        tri(s, x, y + r, x - r, y - r, x + r, y - r, c);
    }
}

/* The lane a "lane:ID" target names; -1 for other targets. */
static int target_lane(const vz_trace *t, const char *target)
{
    if (strncmp(target, "lane:", 5)) return -1;
    for (int l = 0; l < t->n_lanes; l++)
        if (!strcmp(t->lanes[l].id, target + 5)) return l;
    return -1;
}

/* Whether node n is in the region a "region:CODE" target names. */
static bool in_target_region(const vz_trace *t, int n, const char *target)
{
    return !strncmp(target, "region:", 7) && t->nodes[n].region[0] &&
           !strcmp(t->nodes[n].region, target + 7);
}

/* The screen point of a shock's target ("node:X", "chokepoint:Y", "lane:Z",
 * "region:R": a lane's middle point, a region's first node). */
static bool target_point(const vz_trace *t, const vz_view *v, const char *target, int *x, int *y)
{
    const char *id = strchr(target, ':');
    if (!id) return false;
    id++;
    double lat, lon;
    int l = target_lane(t, target);
    if (l >= 0 && t->lanes[l].np > 0) {
        const double *p = &t->pts[2 * (t->lanes[l].p0 + t->lanes[l].np / 2)];
        vz_to_screen(v, p[0], p[1], x, y);
        return true;
    }
    for (int i = 0; i < t->n_nodes; i++)
        if (in_target_region(t, i, target)) {
            vz_to_screen(v, t->nodes[i].lat, t->nodes[i].lon, x, y);
            return true;
        }
    if (!strncmp(target, "chokepoint:", 11) && vz_chokepoint_where(id, &lat, &lon)) {
        vz_to_screen(v, lat, lon, x, y);
        return true;
    }
    if (!strncmp(target, "node:", 5))
        for (int i = 0; i < t->n_nodes; i++)
            if (!strcmp(t->nodes[i].id, id)) {
                vz_to_screen(v, t->nodes[i].lat, t->nodes[i].lon, x, y);
                return true;
            }
    return false;
}

static const vz_node_day *node_day(const vz_trace *t, int d, int n)
{
    if (d < 0) d = 0;
    if (d >= t->n_days) d = t->n_days - 1;
    return &t->node_days[(size_t)d * (size_t)t->n_nodes + (size_t)n];
}

static void plot(SDL_Surface *s, SDL_Rect r, const double *y, int stride, int n, int upto,
                 double lo, double hi, uint32_t c)
{
    int lx = 0, ly = 0;
    for (int d = 0; d < n && d <= upto; d++) {
        double val = y[(size_t)d * (size_t)stride];
        int x = r.x + (int)((double)d / (n > 1 ? n - 1 : 1) * (r.w - 1));
        int yy = r.y + r.h - 1 - (int)((fmin(hi, fmax(lo, val)) - lo) / (hi - lo) * (r.h - 1));
        if (d > 0) line(s, lx, ly, x, yy, c);
        lx = x, ly = yy;
    }
}

static void draw_panel(vz_ctx *c, SDL_Surface *s, const vz_trace *t, const vz_view *v)
{
    SDL_Rect m = vz_map_rect(v), p = {m.w, 0, v->w - m.w, v->h - 2 * BAR};
    SDL_FillRect(s, &p, 0xFF20252B);
    char buf[256];
    int x = p.x + 10, y = 8, d = (int)floor(v->day);
    snprintf(buf, sizeof buf, "%s  arm %s", t->scenario, t->arm);
    text(c, s, c->small, x, y, 0xAAAAAA, buf);
    snprintf(buf, sizeof buf, "day %.1f%s  (x%.0f)", v->day, v->playing ? "" : "  paused",
             v->speed);
    text(c, s, c->font, x, y += 16, 0xFFFFFF, buf);
    y += 24;
    text(c, s, c->small, x, y, 0xCCCCCC, "q(t): served / served by the twin");
    SDL_Rect q = {x, y + 16, p.w - 20, 70};
    SDL_FillRect(s, &q, 0xFF15191D);
    plot(s, q, t->q, 1, t->n_days, d, 0, 1.1, 0xFF7FDBFF);
    snprintf(buf, sizeof buf, "q = %.3f", d < t->n_days ? t->q[d] : 1.0);
    text(c, s, c->small, x, q.y + q.h + 2, 0x7FDBFF, buf);
    y = q.y + q.h + 22;
    for (int i = 0; i < t->n_shocks; i++)
        if (v->day >= t->shocks[i].onset && v->day < t->shocks[i].end) {
            snprintf(buf, sizeof buf, "%s: %s %s", t->shocks[i].shock, t->shocks[i].kind,
                     t->shocks[i].target);
            text(c, s, c->small, x, y, 0xFF5050, buf);
            y += 15;
        }
    for (int i = 0; i < t->n_warnings; i++)
        if (v->day >= t->warnings[i].at && v->day < t->warnings[i].onset) {
            snprintf(buf, sizeof buf, "warning: %s in %.0f days", t->warnings[i].shock,
                     t->warnings[i].onset - v->day);
            text(c, s, c->small, x, y, 0xFF9E1B, buf);
            y += 15;
        }
    int n = v->hover >= 0 ? v->hover : v->selected;
    if (n < 0 || n >= t->n_nodes) return;
    const vz_node_day *nd = node_day(t, d, n);
    y += 6;
    text(c, s, c->font, x, y, kind_colour(t->nodes[n].kind) & 0xFFFFFF, t->nodes[n].name);
    snprintf(buf, sizeof buf, "%s, %s", t->nodes[n].kind, t->nodes[n].id);
    text(c, s, c->small, x, y += 18, 0xCCCCCC, buf);
    snprintf(buf, sizeof buf, "inventory %.0f  backlog %.0f", nd->inventory, nd->backlog);
    text(c, s, c->small, x, y += 15, 0xFFFFFF, buf);
    snprintf(buf, sizeof buf, "capacity %.0f%%  queue %d  at berth %d", 100 * nd->capacity,
             nd->queue, nd->busy);
    text(c, s, c->small, x, y += 15, 0xFFFFFF, buf);
    SDL_Rect g = {x, y + 18, p.w - 20, 70};
    if (g.y + g.h > p.h) return;
    SDL_FillRect(s, &g, 0xFF15191D);
    double hi = 1;
    for (int k = 0; k < t->n_days; k++)
        hi = fmax(hi, fmax(node_day(t, k, n)->inventory, node_day(t, k, n)->backlog));
    const double *base = &t->node_days[n].inventory;
    int stride = (int)(sizeof(vz_node_day) / sizeof(double)) * t->n_nodes;
    if (sizeof(vz_node_day) % sizeof(double) == 0) {
        plot(s, g, base, stride, t->n_days, d, 0, hi * 1.05, 0xFF59A14F);
        plot(s, g, base + 1, stride, t->n_days, d, 0, hi * 1.05, 0xFFFF5050);
    }
    text(c, s, c->small, x, g.y + g.h + 2, 0x59A14F, "inventory");
    text(c, s, c->small, x + 80, g.y + g.h + 2, 0xFF5050, "backlog");
}

static void draw_timeline(vz_ctx *c, SDL_Surface *s, const vz_trace *t, const vz_view *v)
{
    SDL_Rect bar = {0, v->h - 2 * BAR, v->w, BAR}, help = {0, v->h - BAR, v->w, BAR};
    SDL_FillRect(s, &bar, 0xFF30363D);
    SDL_FillRect(s, &help, 0xFF101418);
    double n = t->n_days > 0 ? t->n_days : 1;
    for (int i = 0; i < t->n_shocks; i++) {
        int x0 = (int)(t->shocks[i].onset / n * v->w), x1 = (int)(t->shocks[i].end / n * v->w);
        SDL_Rect r = {x0, bar.y + 4, x1 - x0 > 1 ? x1 - x0 : 2, BAR - 8};
        SDL_FillRect(s, &r, 0xFFB02020);
    }
    SDL_Rect done = {0, bar.y + BAR - 3, (int)(v->day / n * v->w), 3};
    SDL_FillRect(s, &done, 0xFF7FDBFF);
    int cx = (int)(v->day / n * v->w);
    SDL_Rect cur = {cx - 1, bar.y, 3, BAR};
    SDL_FillRect(s, &cur, 0xFFFFFFFF);
    text(c, s, c->small, 6, help.y + 2, 0xB0B0B0,
         "space play/pause   +/- speed   arrows: a day   Home/End   click the timeline to seek   "
         "wheel zoom   drag pan   click a node   Esc quit");
}

void vz_draw(vz_ctx *c, SDL_Surface *s, const vz_trace *t, const vz_view *v)
{
    double key[5] = {v->cx, v->cy, v->scale, v->w, v->h};
    if (!c->land || memcmp(key, c->land_key, sizeof key) != 0) {
        SDL_FreeSurface(c->land);
        c->land = SDL_CreateRGBSurfaceWithFormat(0, v->w, v->h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (c->land) fill_land(c->land, v);
        memcpy(c->land_key, key, sizeof key);
    }
    SDL_Rect m = vz_map_rect(v);
    if (c->land) SDL_BlitSurface(c->land, &m, s, &m);
    SDL_SetClipRect(s, &m);
    int d = (int)floor(v->day);
    /* Lanes; a lane hit by a shock in force is drawn red and thick. */
    bool *hit = calloc((size_t)t->n_lanes + 1, sizeof *hit);
    for (int i = 0; hit && i < t->n_shocks; i++) {
        int l = target_lane(t, t->shocks[i].target);
        if (l >= 0 && v->day >= t->shocks[i].onset && v->day < t->shocks[i].end) hit[l] = true;
    }
    /* Two passes: lanes in force first, hit lanes over them, so a closed
     * lane stays visible where routes share a corridor. */
    for (int k = 0; k < 2 * t->n_lanes; k++) {
        int l = k % t->n_lanes;
        bool red = hit && hit[l];
        if (red != (k >= t->n_lanes)) continue;
        const vz_lane *L = &t->lanes[l];
        uint32_t col = red                       ? VZ_DISRUPT
                       : !strcmp(L->mode, "sea") ? 0xFF3D6E94
                       : !strcmp(L->mode, "air") ? 0xFF8A8AA0
                                                 : 0xFF9A8F6A;
        int lx = 0, ly = 0;
        for (int i = 0; i < L->np; i++) {
            const double *p = &t->pts[2 * (L->p0 + i)];
            int x, y;
            vz_to_screen(v, p[0], p[1], &x, &y);
            if (i > 0 && fabs(p[1] - p[-1]) < 180) {
                line(s, lx, ly, x, y, col);
                for (int o = 1; red && o <= 2; o++) {
                    line(s, lx + o, ly, x + o, y, col);
                    line(s, lx, ly + o, x, y + o, col);
                }
            }
            lx = x, ly = y;
        }
    }
    free(hit);
    /* Shipments: size by quantity; held ones spiral out around their chokepoint. */
    double qmax = 1;
    for (int i = 0; i < t->n_legs; i++)
        qmax = fmax(qmax, t->legs[i].qty);
    int *piled = calloc((size_t)t->n_chokes + 1, sizeof *piled);
    c->ships_drawn = 0;
    for (int i = 0; i < t->n_legs; i++) {
        double lat, lon;
        int h;
        if (!where(t, i, v->day, &lat, &lon, &h)) continue;
        int x, y;
        vz_to_screen(v, lat, lon, &x, &y);
        if (h >= 0 && piled && t->holds[h].chokepoint >= 0 &&
            t->holds[h].chokepoint < t->n_chokes) {
            int k = piled[t->holds[h].chokepoint]++;
            x += (int)(4 * sqrt(k) * cos(k * 2.39996));
            y += (int)(4 * sqrt(k) * sin(k * 2.39996));
        }
        int r = 1 + (int)lround(4 * sqrt(t->legs[i].qty / qmax));
        disc(s, x, y, r + 1, 0xFF101010);
        disc(s, x, y, r, VZ_SHIP);
        c->ships_drawn++;
    }
    free(piled);
    /* Warnings and disruptions. */
    int pr = 10 + (int)lround(5 * sin(v->pulse * 2 * M_PI));
    for (int i = 0; i < t->n_warnings; i++) {
        if (!(v->day >= t->warnings[i].at && v->day < t->warnings[i].onset)) continue;
        for (int k = 0; k < t->n_shocks; k++) {
            int x, y;
            if (t->shocks[k].shock_index != t->warnings[i].shock_index ||
                !target_point(t, v, t->shocks[k].target, &x, &y))
                continue;
            ring(s, x, y, 14, 3, VZ_WARN);
            char buf[128];
            snprintf(buf, sizeof buf, "warning: %s in %.0f d", t->warnings[i].shock,
                     t->warnings[i].onset - v->day);
            text(c, s, c->small, x + 16, y + 4, VZ_WARN & 0xFFFFFF, buf);
            break;
        }
    }
    /* Nodes and labels. */
    for (int n = 0; n < t->n_nodes; n++) {
        int x, y;
        vz_to_screen(v, t->nodes[n].lat, t->nodes[n].lon, &x, &y);
        const vz_node_day *nd = node_day(t, d, n);
        for (int k = 0; k < nd->queue && k < 60; k++) /* ships queued at a port */
            disc(s, x + 8 + (k % 6) * 4, y - 8 - (k / 6) * 4, 2, VZ_SHIP);
        node_shape(s, t->nodes[n].kind, x, y, n == v->selected ? 6 : 4);
        if (v->scale > 150 || !strcmp(t->nodes[n].kind, "port"))
            text(c, s, c->small, x + 7, y - 6, 0xE0E0E0, t->nodes[n].id);
    }
    for (int i = 0; i < t->n_shocks; i++) {
        const vz_shock *k = &t->shocks[i];
        int x, y;
        if (!(v->day >= k->onset && v->day < k->end) || !target_point(t, v, k->target, &x, &y))
            continue;
        ring(s, x, y, pr, 4, VZ_DISRUPT);
        disc(s, x, y, 5, VZ_DISRUPT);
        for (int n = 0; n < t->n_nodes; n++) /* a region shock hits all its nodes */
            if (in_target_region(t, n, k->target)) {
                int nx, ny;
                vz_to_screen(v, t->nodes[n].lat, t->nodes[n].lon, &nx, &ny);
                ring(s, nx, ny, pr / 2 + 3, 3, VZ_DISRUPT);
                disc(s, nx, ny, 4, VZ_DISRUPT);
            }
        char buf[160];
        snprintf(buf, sizeof buf, "%s (%s)", k->shock, k->kind);
        text(c, s, c->font, x + pr + 4, y - 20, 0xFF4040, buf);
    }
    SDL_SetClipRect(s, NULL);
    draw_panel(c, s, t, v);
    draw_timeline(c, s, t, v);
}

bool vz_ctx_init(vz_ctx *c, const char *font, char *err, size_t n)
{
    memset(c, 0, sizeof *c);
    if (TTF_Init() != 0) {
        snprintf(err, n, "SDL_ttf: %s", TTF_GetError());
        return false;
    }
    c->font = TTF_OpenFont(font, 14);
    c->small = TTF_OpenFont(font, 11);
    if (!c->font || !c->small) {
        snprintf(err, n, "%s: cannot open the font (set SCTWIN_FONT to a .ttf file)", font);
        return false;
    }
    return true;
}

void vz_ctx_free(vz_ctx *c)
{
    if (c->font) TTF_CloseFont(c->font);
    if (c->small) TTF_CloseFont(c->small);
    SDL_FreeSurface(c->land);
    TTF_Quit();
    memset(c, 0, sizeof *c);
}
