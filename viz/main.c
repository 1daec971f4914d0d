/*
 * sctwin-view TRACE.h5|SCENARIO: animates a trace written by `sctwin trace`
 * on a world map; given a scenario folder, records one first (record.c).
 * --screenshot F.png --at DAY [--size WxH] draws one frame without a
 * display and exits (how the tests and the docs see it).
 * Exit codes: 0 ok, 1 runtime failure, 2 bad input or usage.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "view.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char usage[] =
    "usage: sctwin-view TRACE.h5 [--at DAY] [--select NODE] [--size WxH]\n"
    "                   [--screenshot FILE.png]\n"
    "       sctwin-view SCENARIO [--arm A] [--rep K] [same options]\n"
    "\n"
    "Animates a trace written by 'sctwin trace' on a world map.  Given a\n"
    "scenario folder instead, records replication K (default 0) of arm A\n"
    "(default the first) with 'sctwin trace' into a temporary file first.\n"
    "With --screenshot, draws the frame at DAY (default 0) into FILE.png\n"
    "without a display and exits.  Keys: space play/pause, +/- speed, arrows\n"
    "a day, Home/End, click the timeline to seek, wheel zoom, drag pan, click\n"
    "a node to select it, Esc quit.  The font is SCTWIN_FONT or DejaVu Sans;\n"
    "the sctwin program is SCTWIN, else the one beside sctwin-view or on PATH.\n";

static int seek_node(const vz_trace *t, const char *id)
{
    for (int i = 0; i < t->n_nodes; i++)
        if (!strcmp(t->nodes[i].id, id)) return i;
    return -1;
}

static void zoom(vz_view *v, double f, int mx, int my)
{
    SDL_Rect r = vz_map_rect(v);
    double px = v->cx + (mx - r.w / 2.0) / v->scale, py = v->cy - (my - r.h / 2.0) / v->scale;
    v->scale *= f;
    v->cx = px - (mx - r.w / 2.0) / v->scale;
    v->cy = py + (my - r.h / 2.0) / v->scale;
}

static int interactive(vz_ctx *c, vz_trace *t, vz_view *v)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "sctwin-view: no display: %s (use --screenshot)\n", SDL_GetError());
        return 1;
    }
    SDL_Window *win = SDL_CreateWindow("sctwin-view", SDL_WINDOWPOS_CENTERED,
                                       SDL_WINDOWPOS_CENTERED, v->w, v->h, SDL_WINDOW_RESIZABLE);
    SDL_Surface *frame = NULL;
    bool running = win != NULL, drag = false;
    Uint64 last = SDL_GetPerformanceCounter();
    while (running) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            SDL_Rect m = vz_map_rect(v);
            if (e.type == SDL_QUIT) running = false;
            if (e.type == SDL_KEYDOWN) {
                SDL_Keycode k = e.key.keysym.sym;
                if (k == SDLK_ESCAPE) running = false;
                if (k == SDLK_SPACE) v->playing = !v->playing;
                if (k == SDLK_PLUS || k == SDLK_EQUALS || k == SDLK_KP_PLUS) v->speed *= 2;
                if (k == SDLK_MINUS || k == SDLK_KP_MINUS) v->speed = fmax(0.25, v->speed / 2);
                if (k == SDLK_RIGHT) v->day = floor(v->day) + 1;
                if (k == SDLK_LEFT) v->day = ceil(v->day) - 1;
                if (k == SDLK_HOME) v->day = 0;
                if (k == SDLK_END) v->day = t->n_days - 1e-6;
            }
            if (e.type == SDL_MOUSEWHEEL) {
                int mx, my;
                SDL_GetMouseState(&mx, &my);
                zoom(v, e.wheel.y > 0 ? 1.25 : 0.8, mx, my);
            }
            if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT) {
                if (e.button.y >= v->h - 40 && e.button.y < v->h - 20) {
                    v->day = (double)e.button.x / v->w * t->n_days;
                } else if (e.button.x < m.w) {
                    int n = vz_pick_node(t, v, e.button.x, e.button.y);
                    if (n >= 0) v->selected = n;
                    drag = n < 0;
                }
            }
            if (e.type == SDL_MOUSEBUTTONUP) drag = false;
            if (e.type == SDL_MOUSEMOTION) {
                if (drag) {
                    v->cx -= e.motion.xrel / v->scale;
                    v->cy += e.motion.yrel / v->scale;
                }
                v->hover = vz_pick_node(t, v, e.motion.x, e.motion.y);
            }
        }
        Uint64 now = SDL_GetPerformanceCounter();
        double dt = (double)(now - last) / (double)SDL_GetPerformanceFrequency();
        last = now;
        if (v->playing) v->day += dt * v->speed;
        if (v->day < 0) v->day = 0;
        if (v->day >= t->n_days) v->day = t->n_days - 1e-6, v->playing = false;
        v->pulse = fmod((double)SDL_GetTicks() / 1000.0, 1.0);
        SDL_Surface *ws = SDL_GetWindowSurface(win);
        if (!ws) break;
        if (!frame || frame->w != ws->w || frame->h != ws->h) {
            SDL_FreeSurface(frame);
            v->w = ws->w, v->h = ws->h;
            frame = SDL_CreateRGBSurfaceWithFormat(0, v->w, v->h, 32, SDL_PIXELFORMAT_ARGB8888);
            if (!frame) break;
        }
        vz_draw(c, frame, t, v);
        SDL_BlitSurface(frame, NULL, ws, NULL);
        SDL_UpdateWindowSurface(win);
        SDL_Delay(10);
    }
    SDL_FreeSurface(frame);
    if (win) SDL_DestroyWindow(win);
    SDL_Quit();
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *shot = NULL, *select = NULL, *arm = NULL, *rep = NULL;
    vz_view v = {.w = 1280, .h = 720, .selected = -1, .hover = -1, .speed = 8, .pulse = 0.25};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(o, "--screenshot") && val) {
            shot = val, i++;
        } else if (!strcmp(o, "--at") && val) {
            v.day = strtod(val, &end), i++;
            if (!*val || *end || !(v.day >= 0)) {
                fprintf(stderr, "sctwin-view: --at needs a day >= 0, got '%s'\n", val);
                return 2;
            }
        } else if (!strcmp(o, "--size") && val) {
            if (sscanf(val, "%dx%d", &v.w, &v.h) != 2 || v.w < 320 || v.h < 240 || v.w > 8192 ||
                v.h > 8192) {
                fprintf(stderr,
                        "sctwin-view: --size needs WxH within 320x240..8192x8192, got '%s'\n", val);
                return 2;
            }
            i++;
        } else if (!strcmp(o, "--select") && val) {
            select = val, i++;
        } else if (!strcmp(o, "--arm") && val) {
            arm = val, i++;
        } else if (!strcmp(o, "--rep") && val) {
            rep = val, i++;
        } else if (o[0] == '-' || path) {
            fprintf(stderr, "sctwin-view: bad argument '%s'\n\n%s", o, usage);
            return 2;
        } else {
            path = o;
        }
    }
    if (!path) {
        fputs(usage, stderr);
        return 2;
    }
    struct stat sb;
    bool scenario = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (!scenario && (arm || rep)) {
        fprintf(stderr, "sctwin-view: --arm and --rep need a scenario folder, not a trace\n");
        return 2;
    }
    char recorded[4096];
    if (scenario) {
        int code = vz_record_trace(path, arm, rep, recorded, sizeof recorded);
        if (code != 0) return code;
    }
    vz_trace t;
    char err[512];
    bool loaded = vz_trace_load(&t, scenario ? recorded : path, err, sizeof err);
    if (scenario) remove(recorded); /* all of it is in memory now */
    if (!loaded) {
        fprintf(stderr, "sctwin-view: %s\n", err);
        vz_trace_free(&t);
        return 2;
    }
    if (select && (v.selected = seek_node(&t, select)) < 0) {
        fprintf(stderr, "sctwin-view: %s: no node '%s'\n", path, select);
        vz_trace_free(&t);
        return 2;
    }
    if (v.day > t.n_days) v.day = t.n_days - 1e-6;
    vz_view_fit(&v, &t);
    const char *font = getenv("SCTWIN_FONT");
    vz_ctx c;
    int code = 0;
    if (!vz_ctx_init(&c, font && *font ? font : VZ_DEFAULT_FONT, err, sizeof err)) {
        fprintf(stderr, "sctwin-view: %s\n", err);
        code = 1;
    } else if (shot) {
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, v.w, v.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!s) {
            fprintf(stderr, "sctwin-view: out of memory\n");
            code = 1;
        } else {
            vz_draw(&c, s, &t, &v);
            if (!vz_write_png(s, shot, err, sizeof err)) {
                fprintf(stderr, "sctwin-view: %s\n", err);
                code = 1;
            }
            SDL_FreeSurface(s);
        }
    } else {
        code = interactive(&c, &t, &v);
    }
    vz_ctx_free(&c);
    vz_trace_free(&t);
    return code;
}
