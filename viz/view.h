/*
 * sctwin-view: the trace of one replication (read from /trace of an HDF5
 * file, never from the engine), a world map and the drawing of a frame into
 * a software surface.  The render loop (main.c) polls, updates the view,
 * draws and presents; --screenshot draws one frame and writes a PNG.
 */
#ifndef VZ_VIEW_H
#define VZ_VIEW_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct vz_node {
    char id[64], name[64], kind[16], region[64];
    double lat, lon;
} vz_node;

typedef struct vz_lane {
    char id[64];
    int32_t from, to;
    char mode[8], via[128];
    int p0, np;          /* polyline points [p0, p0 + np) of vz_trace.pts */
    double *cum;         /* [np] cumulative length, 0 .. 1 */
    double kp[8], kg[8]; /* progress knots (engine) -> fraction of length */
    int nk;
} vz_lane;

typedef struct vz_leg {
    int32_t lane, item;
    double qty, depart, arrive, transit, end_progress;
} vz_leg;

typedef struct vz_hold {
    int32_t leg, chokepoint;
    double progress, start, end;
} vz_hold;

typedef struct vz_shock {
    char shock[64], kind[24], target[64];
    int32_t shock_index;
    double onset, end, severity;
} vz_shock;

typedef struct vz_warning {
    char shock[64];
    int32_t shock_index;
    double at, onset;
} vz_warning;

typedef struct vz_node_day {
    double inventory, backlog, capacity;
    int32_t queue, busy;
} vz_node_day;

typedef struct vz_trace {
    int n_nodes, n_lanes, n_legs, n_holds, n_shocks, n_warnings, n_days, n_chokes, n_pts;
    vz_node *nodes;
    vz_lane *lanes;
    vz_leg *legs;
    vz_hold *holds;  /* sorted by leg */
    int *hold_first; /* [n_legs + 1] holds of leg i: [hold_first[i], hold_first[i + 1]) */
    vz_shock *shocks;
    vz_warning *warnings;
    vz_node_day *node_days; /* [n_days][n_nodes] */
    double *q;              /* [n_days] */
    char (*chokes)[64];
    double *pts; /* [n_pts][2] lat, lon */
    char arm[64], scenario[64];
} vz_trace;

/* Loads /trace of PATH; false with a message in err. */
bool vz_trace_load(vz_trace *t, const char *path, char *err, size_t n);
void vz_trace_free(vz_trace *t);

/* Known chokepoint positions (marnet pass names); false when unknown. */
bool vz_chokepoint_where(const char *name, double *lat, double *lon);

/* Equal Earth projection of (lat, lon) in degrees to plane units. */
void vz_project(double lat, double lon, double *x, double *y);

/* What part of the world is on screen and what is selected. */
typedef struct vz_view {
    int w, h;      /* frame size, pixels */
    double cx, cy; /* plane point at the map centre */
    double scale;  /* pixels per plane unit */
    double day;    /* simulation time shown, days */
    int selected;  /* node index or -1 */
    int hover;     /* node index or -1 */
    bool playing;
    double speed; /* days per second */
    double pulse; /* 0..1, phase of the disruption pulse */
} vz_view;

/* The map area (left of the panel, above the timeline). */
SDL_Rect vz_map_rect(const vz_view *v);
void vz_view_fit(vz_view *v, const vz_trace *t);
void vz_to_screen(const vz_view *v, double lat, double lon, int *x, int *y);

/* The renderer's fonts and caches. */
typedef struct vz_ctx {
    TTF_Font *font, *small;
    SDL_Surface *land; /* the map background for `land_key` */
    double land_key[5];
    int ships_drawn; /* shipments drawn in the last frame */
} vz_ctx;

bool vz_ctx_init(vz_ctx *c, const char *font_path, char *err, size_t n);
void vz_ctx_free(vz_ctx *c);

/* Draws one frame of the trace at v->day into `s` (ARGB8888, v->w x v->h). */
void vz_draw(vz_ctx *c, SDL_Surface *s, const vz_trace *t, const vz_view *v);

/* Position of leg i at time t (false when not on its lane then). */
bool vz_leg_where(const vz_trace *t, int i, double day, double *lat, double *lon);

/* Node under a screen point, or -1. */
int vz_pick_node(const vz_trace *t, const vz_view *v, int x, int y);

/* Records a trace of a scenario folder with `sctwin trace` (arm and rep may
 * be NULL: the defaults) into a new temporary file, whose path goes to out.
 * Returns sctwin's exit status (0: the trace is in out, which the caller
 * removes; 2: bad input, already reported), 1 when sctwin cannot run. */
int vz_record_trace(const char *scenario, const char *arm, const char *rep, char *out, size_t n);

/* Writes `s` as PNG; false with a message. */
bool vz_write_png(SDL_Surface *s, const char *path, char *err, size_t n);

/* Colours (ARGB) the tests look for. */
#define VZ_SEA 0xFF1B3A5Bu
#define VZ_LAND 0xFF5E6B4Eu
#define VZ_DISRUPT 0xFFE8202Au
#define VZ_SHIP 0xFFFFE14Du
#define VZ_WARN 0xFFFF9E1Bu

#endif
