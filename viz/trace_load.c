/*
 * Reading /trace (docs/hdf5-layout.md) into plain arrays: HDF5 matches the
 * compound fields by name, so the file may carry more fields than we read.
 * Lane polylines come from /trace/lane_paths where the scenario has them,
 * else great-circle arcs through the lane's known chokepoints.
 */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static hid_t str_t(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

static void fstr(hid_t t, const char *name, size_t off, size_t n)
{
    hid_t s = str_t(n);
    H5Tinsert(t, name, off, s);
    H5Tclose(s);
}

/* Reads a whole dataset; *count gets its element count.  NULL when missing. */
static void *read_all(hid_t f, const char *name, hid_t type, size_t size, int *count)
{
    hid_t ds = H5Dopen2(f, name, H5P_DEFAULT);
    if (ds < 0) return NULL;
    hid_t sp = H5Dget_space(ds);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    void *buf = calloc((size_t)n + 1, size);
    if (buf && n > 0 && H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    H5Sclose(sp);
    H5Dclose(ds);
    *count = (int)n;
    return buf;
}

static double rad(double d)
{
    return d * M_PI / 180;
}

/* Appends a great-circle arc from a to b (k points, b included). */
static void arc(double *pts, int *n, double la1, double lo1, double la2, double lo2, int k)
{
    double p1[3] = {cos(rad(la1)) * cos(rad(lo1)), cos(rad(la1)) * sin(rad(lo1)), sin(rad(la1))};
    double p2[3] = {cos(rad(la2)) * cos(rad(lo2)), cos(rad(la2)) * sin(rad(lo2)), sin(rad(la2))};
    double d = acos(fmin(1, fmax(-1, p1[0] * p2[0] + p1[1] * p2[1] + p1[2] * p2[2])));
    for (int i = 1; i <= k; i++) {
        double f = (double)i / k, a = d > 1e-9 ? sin((1 - f) * d) / sin(d) : 1 - f,
               b = d > 1e-9 ? sin(f * d) / sin(d) : f;
        double x = a * p1[0] + b * p2[0], y = a * p1[1] + b * p2[1], z = a * p1[2] + b * p2[2];
        pts[2 * *n] = atan2(z, sqrt(x * x + y * y)) * 180 / M_PI;
        pts[2 * *n + 1] = atan2(y, x) * 180 / M_PI;
        (*n)++;
    }
}

static int by_leg(const void *a, const void *b)
{
    const vz_hold *x = a, *y = b;
    if (x->leg != y->leg) return x->leg < y->leg ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Builds every lane's polyline, cumulative lengths and chokepoint knots. */
static bool build_lanes(vz_trace *t, const int32_t *plane, const double *plat, const double *plon,
                        int npath)
{
    int cap = npath + t->n_lanes * 8 * 25 + 16;
    t->pts = malloc((size_t)cap * 2 * sizeof(double));
    if (!t->pts) return false;
    int n = 0;
    for (int l = 0; l < t->n_lanes; l++) {
        vz_lane *L = &t->lanes[l];
        const vz_node *a = &t->nodes[L->from], *b = &t->nodes[L->to];
        L->p0 = n;
        for (int i = 0; i < npath; i++)
            if (plane[i] == l) {
                t->pts[2 * n] = plat[i];
                t->pts[2 * n + 1] = plon[i];
                n++;
            }
        if (n - L->p0 < 2) { /* no path: arcs through the known chokepoints */
            n = L->p0;
            t->pts[2 * n] = a->lat;
            t->pts[2 * n + 1] = a->lon;
            n++;
            double la = a->lat, lo = a->lon;
            char via[128];
            snprintf(via, sizeof via, "%s", L->via);
            for (char *s = strtok(via, ";"); s; s = strtok(NULL, ";")) {
                double cl, co;
                if (!vz_chokepoint_where(s, &cl, &co) || n - L->p0 > 7 * 24) continue;
                arc(t->pts, &n, la, lo, cl, co, 24);
                la = cl;
                lo = co;
            }
            arc(t->pts, &n, la, lo, b->lat, b->lon, 24);
        }
        L->np = n - L->p0;
        L->cum = calloc((size_t)L->np, sizeof *L->cum);
        if (!L->cum) return false;
        for (int i = 1; i < L->np; i++) {
            double *p = &t->pts[2 * (L->p0 + i)];
            double dl = p[0] - p[-2], dn = fabs(p[1] - p[-1]);
            if (dn > 180) dn = 360 - dn;
            dn *= cos(rad(p[0]));
            L->cum[i] = L->cum[i - 1] + sqrt(dl * dl + dn * dn);
        }
        double total = L->cum[L->np - 1] > 0 ? L->cum[L->np - 1] : 1;
        for (int i = 0; i < L->np; i++)
            L->cum[i] /= total;
        /* Knots: the engine puts the j-th of n chokepoints at (j+1)/(n+1) of
         * the transit; draw it where the polyline passes nearest to it. */
        int nv = 0;
        for (const char *c = L->via; *c; c++)
            nv += *c == ';';
        nv += L->via[0] ? 1 : 0;
        L->nk = 0;
        char via[128];
        snprintf(via, sizeof via, "%s", L->via);
        int j = 0;
        double last = 0;
        for (char *s = strtok(via, ";"); s && L->nk < 8; s = strtok(NULL, ";"), j++) {
            double cl, co;
            if (!vz_chokepoint_where(s, &cl, &co)) continue;
            int best = 0;
            double bd = 1e30;
            for (int i = 0; i < L->np; i++) {
                double *p = &t->pts[2 * (L->p0 + i)];
                double d = (p[0] - cl) * (p[0] - cl) + (p[1] - co) * (p[1] - co);
                if (d < bd) bd = d, best = i;
            }
            if (L->cum[best] < last) continue;
            last = L->cum[best];
            L->kp[L->nk] = (j + 1.0) / (nv + 1.0);
            L->kg[L->nk++] = last;
        }
    }
    t->n_pts = n;
    return true;
}

bool vz_trace_load(vz_trace *t, const char *path, char *err, size_t errn)
{
    memset(t, 0, sizeof *t);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        snprintf(err, errn, "%s: cannot open as HDF5", path);
        return false;
    }
    const char *missing = NULL;
    int n;
    hid_t ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_node));
    fstr(ty, "id", HOFFSET(vz_node, id), 64);
    fstr(ty, "name", HOFFSET(vz_node, name), 64);
    fstr(ty, "kind", HOFFSET(vz_node, kind), 16);
    fstr(ty, "region", HOFFSET(vz_node, region), 64);
    H5Tinsert(ty, "lat", HOFFSET(vz_node, lat), H5T_NATIVE_DOUBLE);
    H5Tinsert(ty, "lon", HOFFSET(vz_node, lon), H5T_NATIVE_DOUBLE);
    if (!(t->nodes = read_all(f, "trace/nodes", ty, sizeof(vz_node), &t->n_nodes)))
        missing = "/trace/nodes";
    H5Tclose(ty);
    ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_lane));
    fstr(ty, "id", HOFFSET(vz_lane, id), 64);
    H5Tinsert(ty, "from", HOFFSET(vz_lane, from), H5T_NATIVE_INT32);
    H5Tinsert(ty, "to", HOFFSET(vz_lane, to), H5T_NATIVE_INT32);
    fstr(ty, "mode", HOFFSET(vz_lane, mode), 8);
    fstr(ty, "via", HOFFSET(vz_lane, via), 128);
    if (!(t->lanes = read_all(f, "trace/lanes", ty, sizeof(vz_lane), &t->n_lanes)))
        missing = "/trace/lanes";
    H5Tclose(ty);
    ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_leg));
#define F(s, x, h) H5Tinsert(ty, #x, HOFFSET(s, x), h)
    F(vz_leg, lane, H5T_NATIVE_INT32);
    F(vz_leg, item, H5T_NATIVE_INT32);
    F(vz_leg, qty, H5T_NATIVE_DOUBLE);
    F(vz_leg, depart, H5T_NATIVE_DOUBLE);
    F(vz_leg, arrive, H5T_NATIVE_DOUBLE);
    F(vz_leg, transit, H5T_NATIVE_DOUBLE);
    F(vz_leg, end_progress, H5T_NATIVE_DOUBLE);
    if (!(t->legs = read_all(f, "trace/shipments", ty, sizeof(vz_leg), &t->n_legs)))
        missing = "/trace/shipments";
    H5Tclose(ty);
    ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_hold));
    F(vz_hold, leg, H5T_NATIVE_INT32);
    F(vz_hold, chokepoint, H5T_NATIVE_INT32);
    F(vz_hold, progress, H5T_NATIVE_DOUBLE);
    F(vz_hold, start, H5T_NATIVE_DOUBLE);
    F(vz_hold, end, H5T_NATIVE_DOUBLE);
    if (!(t->holds = read_all(f, "trace/holds", ty, sizeof(vz_hold), &t->n_holds)))
        missing = "/trace/holds";
    H5Tclose(ty);
    ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_shock));
    fstr(ty, "shock", HOFFSET(vz_shock, shock), 64);
    fstr(ty, "kind", HOFFSET(vz_shock, kind), 24);
    fstr(ty, "target", HOFFSET(vz_shock, target), 64);
    F(vz_shock, shock_index, H5T_NATIVE_INT32);
    F(vz_shock, onset, H5T_NATIVE_DOUBLE);
    F(vz_shock, end, H5T_NATIVE_DOUBLE);
    F(vz_shock, severity, H5T_NATIVE_DOUBLE);
    if (!(t->shocks = read_all(f, "trace/shocks", ty, sizeof(vz_shock), &t->n_shocks)))
        missing = "/trace/shocks";
    H5Tclose(ty);
    ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_warning));
    fstr(ty, "shock", HOFFSET(vz_warning, shock), 64);
    F(vz_warning, shock_index, H5T_NATIVE_INT32);
    F(vz_warning, at, H5T_NATIVE_DOUBLE);
    F(vz_warning, onset, H5T_NATIVE_DOUBLE);
    if (!(t->warnings = read_all(f, "trace/warnings", ty, sizeof(vz_warning), &t->n_warnings)))
        missing = "/trace/warnings";
    H5Tclose(ty);
    ty = H5Tcreate(H5T_COMPOUND, sizeof(vz_node_day));
    F(vz_node_day, inventory, H5T_NATIVE_DOUBLE);
    F(vz_node_day, backlog, H5T_NATIVE_DOUBLE);
    F(vz_node_day, capacity, H5T_NATIVE_DOUBLE);
    F(vz_node_day, queue, H5T_NATIVE_INT32);
    F(vz_node_day, busy, H5T_NATIVE_INT32);
    int cells = 0;
    if (!(t->node_days = read_all(f, "trace/node_days", ty, sizeof(vz_node_day), &cells)))
        missing = "/trace/node_days";
    H5Tclose(ty);
    if (!(t->q = read_all(f, "trace/q", H5T_NATIVE_DOUBLE, sizeof(double), &t->n_days)))
        missing = "/trace/q";
    ty = str_t(64);
    hid_t ct = H5Tcreate(H5T_COMPOUND, 64);
    H5Tinsert(ct, "id", 0, ty);
    if (!(t->chokes = read_all(f, "trace/chokepoints", ct, 64, &t->n_chokes)))
        missing = "/trace/chokepoints";
    H5Tclose(ct);
    H5Tclose(ty);
    typedef struct {
        int32_t lane;
        double lat, lon;
    } prow;
    ty = H5Tcreate(H5T_COMPOUND, sizeof(prow));
    F(prow, lane, H5T_NATIVE_INT32);
    F(prow, lat, H5T_NATIVE_DOUBLE);
    F(prow, lon, H5T_NATIVE_DOUBLE);
#undef F
    prow *pr = read_all(f, "trace/lane_paths", ty, sizeof(prow), &n);
    if (!pr) missing = "/trace/lane_paths";
    H5Tclose(ty);
    hid_t g = H5Gopen2(f, "trace", H5P_DEFAULT);
    if (g >= 0) {
        hid_t a = H5Aopen(g, "arm", H5P_DEFAULT), st = str_t(64);
        if (a >= 0) {
            hid_t at = H5Aget_type(a);
            size_t sz = H5Tget_size(at);
            char *buf = calloc(sz + 1, 1);
            if (buf && H5Aread(a, at, buf) >= 0) snprintf(t->arm, sizeof t->arm, "%s", buf);
            free(buf);
            H5Tclose(at);
            H5Aclose(a);
        }
        H5Tclose(st);
        H5Gclose(g);
    }
    H5Fclose(f);
    if (missing) {
        snprintf(err, errn, "%s: no %s (not a trace file? write one with sctwin trace)", path,
                 missing);
        free(pr);
        return false;
    }
    if (cells != t->n_days * t->n_nodes) {
        snprintf(err, errn, "%s: /trace/node_days is not days x nodes", path);
        free(pr);
        return false;
    }
    for (int i = 0; i < t->n_lanes; i++)
        if (t->lanes[i].from < 0 || t->lanes[i].from >= t->n_nodes || t->lanes[i].to < 0 ||
            t->lanes[i].to >= t->n_nodes) {
            snprintf(err, errn, "%s: /trace/lanes row %d names no node", path, i);
            free(pr);
            return false;
        }
    int32_t *pl = malloc(((size_t)n + 1) * sizeof *pl);
    double *pa = malloc(((size_t)n + 1) * sizeof *pa), *po = malloc(((size_t)n + 1) * sizeof *po);
    bool ok = pl && pa && po;
    for (int i = 0; ok && i < n; i++) {
        pl[i] = pr[i].lane;
        pa[i] = pr[i].lat;
        po[i] = pr[i].lon;
    }
    ok = ok && build_lanes(t, pl, pa, po, n);
    free(pl);
    free(pa);
    free(po);
    free(pr);
    qsort(t->holds, (size_t)t->n_holds, sizeof *t->holds, by_leg);
    t->hold_first = calloc((size_t)t->n_legs + 2, sizeof *t->hold_first);
    ok = ok && t->hold_first;
    for (int i = 0, h = 0; ok && i <= t->n_legs; i++) {
        while (h < t->n_holds && t->holds[h].leg < i)
            h++;
        t->hold_first[i] = h;
    }
    for (int i = 0; ok && i < t->n_legs; i++)
        if (t->legs[i].lane < 0 || t->legs[i].lane >= t->n_lanes) {
            snprintf(err, errn, "%s: /trace/shipments row %d names no lane", path, i);
            return false;
        }
    if (!ok) snprintf(err, errn, "out of memory");
    return ok;
}

void vz_trace_free(vz_trace *t)
{
    for (int l = 0; t->lanes && l < t->n_lanes; l++)
        free(t->lanes[l].cum);
    free(t->nodes);
    free(t->lanes);
    free(t->legs);
    free(t->holds);
    free(t->hold_first);
    free(t->shocks);
    free(t->warnings);
    free(t->node_days);
    free(t->q);
    free(t->chokes);
    free(t->pts);
    memset(t, 0, sizeof *t);
}

bool vz_chokepoint_where(const char *name, double *lat, double *lon)
{
    static const struct {
        const char *name;
        double lat, lon;
    } known[] = {{"suez", 30.45, 32.35},      {"panama", 9.08, -79.68},   {"malacca", 2.5, 101.3},
                 {"babelmandeb", 12.6, 43.4}, {"gibraltar", 35.95, -5.6}, {"dover", 51.0, 1.45},
                 {"cape", -35.0, 19.0},       {"hormuz", 26.55, 56.4},    {"bosporus", 41.1, 29.05},
                 {"kiel", 54.2, 9.6},         {"magellan", -53.5, -70.5}, {"taiwan", 24.0, 119.5},
                 {"sunda", -6.0, 105.8},      {"lombok", -8.5, 115.7}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(known[i].name, name)) {
            *lat = known[i].lat;
            *lon = known[i].lon;
            return true;
        }
    return false;
}
