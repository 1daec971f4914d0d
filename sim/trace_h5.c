/*
 * `sctwin trace`: one replication run with the trace observer (trace.h) and
 * written to /trace of an HDF5 file (docs/hdf5-layout.md), through
 * PATH.partial and a rename so a crash never leaves a file that looks whole.
 */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sctwin/metrics.h"
#include "sctwin/trace.h"
#include "trace.h"
#include "world.h"

static const char *const kind_names[SC_NODE_KINDS] = {"supplier", "plant", "port", "warehouse",
                                                      "market"};
static const char *const mode_names[] = {"sea", "air", "rail", "road"};
static const char *const shock_kinds[] = {"node_outage",   "lane_closure",    "chokepoint_closure",
                                          "transit_delay", "port_congestion", "demand_surge",
                                          "cost_shock"};

typedef struct out {
    hid_t g;
    bool failed;
} out;

static hid_t str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n ? n : 1);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

/* A chunked, compressed dataset of rank 1 or 2 written at once. */
static void put(out *o, const char *name, hid_t type, int rank, const hsize_t *dims,
                const void *buf)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t total = dims[0] * (rank > 1 ? dims[1] : 1);
    if (total > 0) {
        hsize_t chunk[2] = {dims[0] < 4096 ? dims[0] : 4096, rank > 1 ? dims[1] : 1};
        if (rank > 1 && chunk[0] > 64) chunk[0] = 64;
        H5Pset_chunk(dcpl, rank, chunk);
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 4);
    }
    hid_t ds = H5Dcreate2(o->g, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (ds < 0 || (total > 0 && H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0))
        o->failed = true;
    if (ds >= 0) H5Dclose(ds);
    H5Pclose(dcpl);
    H5Sclose(space);
}

static void attr_str(out *o, hid_t loc, const char *name, const char *v)
{
    hid_t t = str_type(strlen(v) + 1), sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, v) < 0) o->failed = true;
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

static void attr_num(out *o, hid_t loc, const char *name, hid_t type, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, type, v) < 0) o->failed = true;
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
}

#define ID 64 /* id fields: fixed strings of 64 bytes (longer ids are cut) */

typedef struct node_row {
    char id[ID], name[ID], kind[16], actor[ID], region[ID];
    double lat, lon;
} node_row;
typedef struct lane_row {
    char id[ID];
    int32_t from, to;
    char mode[8];
    double transit_days;
    char via[128];
} lane_row;
typedef struct name_row {
    char id[ID];
} name_row;
typedef struct shock_row {
    char shock[ID], kind[24], target[ID];
    int32_t shock_index;
    double onset, end, severity;
} shock_row;
typedef struct warn_row {
    char shock[ID];
    int32_t shock_index;
    double at, onset;
} warn_row;
typedef struct path_row {
    int32_t lane, seq;
    double lat, lon;
} path_row;

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static hid_t compound(size_t size)
{
    return H5Tcreate(H5T_COMPOUND, size);
}

static void field_str(hid_t t, const char *name, size_t off, size_t n)
{
    hid_t s = str_type(n);
    H5Tinsert(t, name, off, s);
    H5Tclose(s);
}

static void write_network(out *o, const sc_scenario *sc, const sc_trace_config *cfg)
{
    hsize_t n[1];
    node_row *nr = calloc((size_t)sc->n_nodes + 1, sizeof *nr);
    lane_row *lr = calloc((size_t)sc->n_lanes + 1, sizeof *lr);
    name_row *cr = calloc((size_t)sc->n_chokepoints + 1, sizeof *cr);
    name_row *ir = calloc((size_t)sc->n_items + 1, sizeof *ir);
    path_row *pr = calloc((size_t)cfg->n_path_points + 1, sizeof *pr);
    if (!nr || !lr || !cr || !ir || !pr) o->failed = true;
    for (int i = 0; !o->failed && i < sc->n_nodes; i++) {
        const sc_node *d = &sc->nodes[i];
        copy(nr[i].id, ID, d->id);
        copy(nr[i].name, ID, d->name && *d->name ? d->name : d->id);
        copy(nr[i].kind, 16, kind_names[d->kind]);
        copy(nr[i].actor, ID, sc->actors[d->actor].id);
        copy(nr[i].region, ID, d->region >= 0 ? sc->regions[d->region] : "");
        nr[i].lat = d->lat;
        nr[i].lon = d->lon;
    }
    for (int i = 0; !o->failed && i < sc->n_lanes; i++) {
        const sc_lane *l = &sc->lanes[i];
        copy(lr[i].id, ID, l->id);
        lr[i].from = l->from;
        lr[i].to = l->to;
        copy(lr[i].mode, 8, mode_names[l->mode]);
        lr[i].transit_days = l->transit_days;
        for (int j = 0; j < l->n_via; j++) {
            size_t len = strlen(lr[i].via);
            snprintf(lr[i].via + len, sizeof lr[i].via - len, "%s%s", j ? ";" : "",
                     sc->chokepoints[l->via[j]]);
        }
    }
    for (int i = 0; !o->failed && i < sc->n_chokepoints; i++)
        copy(cr[i].id, ID, sc->chokepoints[i]);
    for (int i = 0; !o->failed && i < sc->n_items; i++)
        copy(ir[i].id, ID, sc->items[i].id);
    for (int i = 0, seq = 0; !o->failed && i < cfg->n_path_points; i++) {
        seq = i > 0 && cfg->path_lane[i] == cfg->path_lane[i - 1] ? seq + 1 : 0;
        pr[i] = (path_row){cfg->path_lane[i], seq, cfg->path_lat[i], cfg->path_lon[i]};
    }
    if (!o->failed) {
        hid_t t = compound(sizeof(node_row));
        field_str(t, "id", HOFFSET(node_row, id), ID);
        field_str(t, "name", HOFFSET(node_row, name), ID);
        field_str(t, "kind", HOFFSET(node_row, kind), 16);
        field_str(t, "actor", HOFFSET(node_row, actor), ID);
        field_str(t, "region", HOFFSET(node_row, region), ID);
        H5Tinsert(t, "lat", HOFFSET(node_row, lat), H5T_NATIVE_DOUBLE);
        H5Tinsert(t, "lon", HOFFSET(node_row, lon), H5T_NATIVE_DOUBLE);
        n[0] = (hsize_t)sc->n_nodes;
        put(o, "nodes", t, 1, n, nr);
        H5Tclose(t);
        t = compound(sizeof(lane_row));
        field_str(t, "id", HOFFSET(lane_row, id), ID);
        H5Tinsert(t, "from", HOFFSET(lane_row, from), H5T_NATIVE_INT32);
        H5Tinsert(t, "to", HOFFSET(lane_row, to), H5T_NATIVE_INT32);
        field_str(t, "mode", HOFFSET(lane_row, mode), 8);
        H5Tinsert(t, "transit_days", HOFFSET(lane_row, transit_days), H5T_NATIVE_DOUBLE);
        field_str(t, "via", HOFFSET(lane_row, via), 128);
        n[0] = (hsize_t)sc->n_lanes;
        put(o, "lanes", t, 1, n, lr);
        H5Tclose(t);
        t = compound(sizeof(name_row));
        field_str(t, "id", 0, ID);
        n[0] = (hsize_t)sc->n_chokepoints;
        put(o, "chokepoints", t, 1, n, cr);
        n[0] = (hsize_t)sc->n_items;
        put(o, "items", t, 1, n, ir);
        H5Tclose(t);
        t = compound(sizeof(path_row));
        H5Tinsert(t, "lane", HOFFSET(path_row, lane), H5T_NATIVE_INT32);
        H5Tinsert(t, "seq", HOFFSET(path_row, seq), H5T_NATIVE_INT32);
        H5Tinsert(t, "lat", HOFFSET(path_row, lat), H5T_NATIVE_DOUBLE);
        H5Tinsert(t, "lon", HOFFSET(path_row, lon), H5T_NATIVE_DOUBLE);
        n[0] = (hsize_t)cfg->n_path_points;
        put(o, "lane_paths", t, 1, n, pr);
        H5Tclose(t);
    }
    free(nr);
    free(lr);
    free(cr);
    free(ir);
    free(pr);
}

static const char *target_name(const sc_scenario *sc, const sc_shock *s, char *buf, size_t n)
{
    static const char *const pre[] = {"node", "lane", "chokepoint", "region"};
    const char *id = s->target_kind == SC_TARGET_NODE         ? sc->nodes[s->target].id
                     : s->target_kind == SC_TARGET_LANE       ? sc->lanes[s->target].id
                     : s->target_kind == SC_TARGET_CHOKEPOINT ? sc->chokepoints[s->target]
                                                              : sc->regions[s->target];
    snprintf(buf, n, "%s:%s", pre[s->target_kind], id);
    return buf;
}

static void write_events(out *o, const sc_world *w, const sc_trace *t)
{
    const sc_scenario *sc = w->sc;
    hsize_t n[2];
    hid_t ty = compound(sizeof(sc_trace_leg));
#define F(s, f, h) H5Tinsert(ty, #f, HOFFSET(s, f), h)
    F(sc_trace_leg, lane, H5T_NATIVE_INT32);
    F(sc_trace_leg, item, H5T_NATIVE_INT32);
    F(sc_trace_leg, qty, H5T_NATIVE_DOUBLE);
    F(sc_trace_leg, depart, H5T_NATIVE_DOUBLE);
    F(sc_trace_leg, arrive, H5T_NATIVE_DOUBLE);
    F(sc_trace_leg, transit, H5T_NATIVE_DOUBLE);
    F(sc_trace_leg, end_progress, H5T_NATIVE_DOUBLE);
    n[0] = (hsize_t)t->n_legs;
    put(o, "shipments", ty, 1, n, t->legs);
    H5Tclose(ty);
    ty = compound(sizeof(sc_trace_hold));
    F(sc_trace_hold, leg, H5T_NATIVE_INT32);
    F(sc_trace_hold, chokepoint, H5T_NATIVE_INT32);
    F(sc_trace_hold, progress, H5T_NATIVE_DOUBLE);
    F(sc_trace_hold, start, H5T_NATIVE_DOUBLE);
    F(sc_trace_hold, end, H5T_NATIVE_DOUBLE);
    n[0] = (hsize_t)t->n_holds;
    put(o, "holds", ty, 1, n, t->holds);
    H5Tclose(ty);
    ty = compound(sizeof(sc_trace_node_day));
    F(sc_trace_node_day, inventory, H5T_NATIVE_DOUBLE);
    F(sc_trace_node_day, backlog, H5T_NATIVE_DOUBLE);
    F(sc_trace_node_day, capacity, H5T_NATIVE_DOUBLE);
    F(sc_trace_node_day, queue, H5T_NATIVE_INT32);
    F(sc_trace_node_day, busy, H5T_NATIVE_INT32);
    n[0] = (hsize_t)t->n_days;
    n[1] = (hsize_t)t->n_nodes;
    put(o, "node_days", ty, 2, n, t->node_days);
    H5Tclose(ty);
    ty = compound(sizeof(sc_trace_choke_day));
    F(sc_trace_choke_day, closed, H5T_NATIVE_INT32);
    F(sc_trace_choke_day, waiting, H5T_NATIVE_INT32);
    F(sc_trace_choke_day, extra_days, H5T_NATIVE_DOUBLE);
    n[1] = (hsize_t)t->n_chokepoints;
    put(o, "chokepoint_days", ty, 2, n, t->choke_days);
    H5Tclose(ty);

    shock_row *sr = calloc((size_t)w->n_instances + 1, sizeof *sr);
    warn_row *wr = calloc((size_t)t->n_warnings + 1, sizeof *wr);
    if (!sr || !wr) o->failed = true;
    for (int i = 0; sr && i < w->n_instances; i++) {
        const sc_shock_instance *in = &w->instances[i];
        const sc_shock *s = &w->shocks[in->def];
        copy(sr[i].shock, ID, s->id);
        copy(sr[i].kind, 24, shock_kinds[s->kind]);
        target_name(sc, s, sr[i].target, ID);
        sr[i].shock_index = in->def;
        sr[i].onset = in->onset;
        sr[i].end = in->end;
        sr[i].severity = s->severity;
    }
    for (int i = 0; wr && i < t->n_warnings; i++) {
        copy(wr[i].shock, ID, w->shocks[t->warnings[i].shock].id);
        wr[i].shock_index = t->warnings[i].shock;
        wr[i].at = t->warnings[i].at;
        wr[i].onset = t->warnings[i].onset;
    }
    if (sr && wr) {
        ty = compound(sizeof(shock_row));
        field_str(ty, "shock", HOFFSET(shock_row, shock), ID);
        field_str(ty, "kind", HOFFSET(shock_row, kind), 24);
        field_str(ty, "target", HOFFSET(shock_row, target), ID);
        F(shock_row, shock_index, H5T_NATIVE_INT32);
        F(shock_row, onset, H5T_NATIVE_DOUBLE);
        F(shock_row, end, H5T_NATIVE_DOUBLE);
        F(shock_row, severity, H5T_NATIVE_DOUBLE);
        n[0] = (hsize_t)w->n_instances;
        put(o, "shocks", ty, 1, n, sr);
        H5Tclose(ty);
        ty = compound(sizeof(warn_row));
        field_str(ty, "shock", HOFFSET(warn_row, shock), ID);
        F(warn_row, shock_index, H5T_NATIVE_INT32);
        F(warn_row, at, H5T_NATIVE_DOUBLE);
        F(warn_row, onset, H5T_NATIVE_DOUBLE);
        n[0] = (hsize_t)t->n_warnings;
        put(o, "warnings", ty, 1, n, wr);
        H5Tclose(ty);
    }
#undef F
    free(sr);
    free(wr);
}

static bool write_file(const char *tmp, const sc_world *w, const sc_trace *t,
                       const sc_trace_config *cfg, const double *q, const double *twin)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return false;
    out o = {f, false};
    attr_str(&o, f, "sctwin_version", SCTWIN_VERSION);
    attr_str(&o, f, "scenario", sc_scenario_name(w->sc));
    attr_str(&o, f, "command", cfg->command ? cfg->command : "");
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    attr_str(&o, f, "created_utc", when);
    o.g = H5Gcreate2(f, "trace", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (o.g < 0) {
        H5Fclose(f);
        return false;
    }
    attr_str(&o, o.g, "arm", w->sc->arms[cfg->arm].name);
    int32_t rep = cfg->rep, days = t->n_days;
    attr_num(&o, o.g, "rep", H5T_NATIVE_INT32, &rep);
    attr_num(&o, o.g, "seed", H5T_NATIVE_UINT64, &cfg->seed);
    attr_num(&o, o.g, "horizon_days", H5T_NATIVE_DOUBLE, &cfg->horizon_days);
    attr_num(&o, o.g, "warmup_days", H5T_NATIVE_DOUBLE, &cfg->warmup_days);
    attr_num(&o, o.g, "days", H5T_NATIVE_INT32, &days);
    write_network(&o, w->sc, cfg);
    write_events(&o, w, t);
    hsize_t n[1] = {(hsize_t)t->n_days};
    put(&o, "q", H5T_NATIVE_DOUBLE, 1, n, q);
    put(&o, "served", H5T_NATIVE_DOUBLE, 1, n, w->served_day);
    put(&o, "served_twin", H5T_NATIVE_DOUBLE, 1, n, twin);
    H5Gclose(o.g);
    if (H5Fclose(f) < 0) o.failed = true;
    return !o.failed;
}

sc_status sc_trace_write(const sc_scenario *sc, const sc_trace_config *cfg, const char *path,
                         char *err, size_t errlen)
{
    if (cfg->arm < 0 || cfg->arm >= sc->n_arms || cfg->rep < 0 ||
        !(cfg->horizon_days > cfg->warmup_days) || cfg->warmup_days < 0) {
        snprintf(err, errlen, "bad arm, replication or horizon");
        return SC_ERR_INPUT;
    }
    const sc_arm *arm = &sc->arms[cfg->arm];
    sc_world *w = sc_world_alloc(sc, sc->shocks, sc->n_shocks);
    int n_days = (int)ceil(cfg->horizon_days);
    double *twin = calloc((size_t)n_days + 1, sizeof *twin);
    double *q = calloc((size_t)n_days + 1, sizeof *q);
    sc_trace *t = NULL;
    sc_status st = SC_ERR_NOMEM;
    bool any_shock = false;
    for (int k = 0; k < sc->n_shocks; k++)
        any_shock |= arm->shock_on[k];
    if (!w || !twin || !q) goto done;
    /* The twin, as the experiment driver runs it: same streams, no shocks. */
    sc_world_reset(w, cfg->seed, (uint64_t)cfg->rep, cfg->horizon_days, cfg->warmup_days, NULL,
                   arm->mitigation_on);
    if (!sc_world_run(w)) goto done;
    memcpy(twin, w->served_day, (size_t)n_days * sizeof *twin);
    sc_world_reset(w, cfg->seed, (uint64_t)cfg->rep, cfg->horizon_days, cfg->warmup_days,
                   arm->shock_on, arm->mitigation_on);
    if (!(t = sc_trace_alloc(w))) goto done;
    w->trace = t;
    if (!sc_trace_run(w) || t->failed) goto done;
    if (any_shock)
        sc_metrics_q(w->served_day, twin, n_days, q);
    else
        for (int d = 0; d < n_days; d++)
            q[d] = 1;
    size_t plen = strlen(path) + 16;
    char *tmp = malloc(plen);
    if (!tmp) goto done;
    snprintf(tmp, plen, "%s.partial", path);
    st = SC_OK;
    if (!write_file(tmp, w, t, cfg, q, twin)) {
        snprintf(err, errlen, "HDF5: cannot write %s", tmp);
        st = SC_ERR_IO;
    } else if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s", tmp, path);
        st = SC_ERR_IO;
    }
    if (st != SC_OK) remove(tmp);
    free(tmp);
done:
    if (st == SC_ERR_NOMEM) snprintf(err, errlen, "out of memory");
    if (w) w->trace = NULL;
    sc_trace_free(t);
    sc_world_free(w);
    free(twin);
    free(q);
    return st;
}
