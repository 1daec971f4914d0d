/*
 * Frame time of sctwin-view with 10,000 shipments in flight, headless
 * (software surface, the same drawing as --screenshot and the window).
 * usage: bench_view TRACE.h5 FONT.ttf [SHIPS] [FRAMES]
 * The trace's own legs are kept and SHIPS synthetic legs added, spread
 * along the lanes, so that SHIPS + the trace's are in flight at day 200.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "view.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    int ships = argc > 3 ? atoi(argv[3]) : 10000, frames = argc > 4 ? atoi(argv[4]) : 200;
    vz_trace t;
    char err[512];
    vz_ctx c;
    if (!vz_trace_load(&t, argv[1], err, sizeof err) ||
        !vz_ctx_init(&c, argv[2], err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    int n0 = t.n_legs;
    t.legs = realloc(t.legs, (size_t)(n0 + ships) * sizeof *t.legs);
    t.hold_first = realloc(t.hold_first, (size_t)(n0 + ships + 2) * sizeof *t.hold_first);
    if (!t.legs || !t.hold_first) return 1;
    double day = 200;
    for (int i = 0; i < ships; i++) {
        const vz_lane *L = &t.lanes[i % t.n_lanes];
        (void)L;
        double transit = 20 + (i % 30), u = (i + 0.5) / ships;
        t.legs[n0 + i] = (vz_leg){
            i % t.n_lanes, 0, 100 + i % 900, day - u * transit, day - u * transit + transit,
            transit,       1};
        t.hold_first[n0 + i + 1] = t.n_holds;
    }
    t.hold_first[n0 + ships + 1] = t.n_holds;
    t.n_legs = n0 + ships;
    vz_view v = {.w = 1280, .h = 720, .selected = 0, .hover = -1, .speed = 1, .pulse = 0.25};
    vz_view_fit(&v, &t);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, v.w, v.h, 32, SDL_PIXELFORMAT_ARGB8888);
    v.day = day;
    vz_draw(&c, s, &t, &v); /* the land cache */
    double t0 = now_ms(), worst = 0;
    for (int f = 0; f < frames; f++) {
        double a = now_ms();
        v.day = day + f * 0.001; /* playing: the ships move */
        vz_draw(&c, s, &t, &v);
        double e = now_ms() - a;
        if (e > worst) worst = e;
    }
    double mean = (now_ms() - t0) / frames;
    int drawn = c.ships_drawn;
    double p0 = now_ms();
    for (int f = 0; f < frames / 4; f++) { /* panning: the land is filled again each frame */
        v.cx += 0.001;
        vz_draw(&c, s, &t, &v);
    }
    double pan = (now_ms() - p0) / (frames / 4);
    printf("%d shipments drawn, %dx%d: %.2f ms per frame (worst %.2f), panning %.2f ms\n", drawn,
           v.w, v.h, mean, worst, pan);
    SDL_FreeSurface(s);
    vz_ctx_free(&c);
    vz_trace_free(&t);
    return drawn >= ships ? 0 : 1;
}
