/*
 * Lanes of the generated network: road lanes between neighbouring tiers
 * (transit and freight from the great-circle distance), sea lanes from an
 * Asian export port to an import port (distance along the zone-to-zone
 * route, chokepoints in `via`), and the extra lanes `--lanes` asks for.
 *
 * Conversion factors are those of scenarios/asia_eu/make_bundle.py: ships
 * at 16 knots (711 km/day) plus 2 days of port calls and 1 day for the
 * Suez convoy; road 1.3 km per great-circle km at 550 km/day plus 0.3 day
 * of loading; freight 0.10 + 0.0008/km by road, 0.40 + 0.00006/nm by sea.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "generate/generate_impl.h"

#include <gsl/gsl_rng.h>

#define SEA_KM_PER_DAY (16.0 * 1.852 * 24.0)
#define SEA_PORT_CALL_DAYS 2.0
#define SUEZ_DAYS 1.0
#define SUEZ_TOLL 0.05
#define ROAD_CIRCUITY 1.3
#define ROAD_KM_PER_DAY 550.0
#define ROAD_FIXED_DAYS 0.3

const sc_geo_anchor *sc_gen_anchor(const sc_gen_network *g, int node)
{
    int tier = g->nodes[node].tier;
    bool asia = tier == T_SUPPLIER || tier == T_PLANT || tier == T_EXPORT;
    return asia ? &sc_geo_export_anchors[g->nodes[node].anchor]
                : &sc_geo_import_anchors[g->nodes[node].anchor];
}

static gen_lane *new_lane(sc_gen_network *g, int from, int to)
{
    if (g->n_lanes == g->cap_lanes) {
        int cap = g->cap_lanes ? 2 * g->cap_lanes : 1024;
        gen_lane *l = realloc(g->lanes, (size_t)cap * sizeof *l);
        if (!l) return NULL;
        g->lanes = l;
        g->cap_lanes = cap;
    }
    gen_lane *l = &g->lanes[g->n_lanes++];
    memset(l, 0, sizeof *l);
    l->from = from;
    l->to = to;
    return l;
}

bool sc_gen_add_road(sc_gen_network *g, int from, int to)
{
    gen_lane *l = new_lane(g, from, to);
    if (!l) return false;
    const gen_node *a = &g->nodes[from], *b = &g->nodes[to];
    double km = ROAD_CIRCUITY * sc_geo_km(a->lat, a->lon, b->lat, b->lon);
    l->days = ROAD_FIXED_DAYS + km / ROAD_KM_PER_DAY;
    l->cost = 0.10 + 0.0008 * km;
    return true;
}

bool sc_gen_add_sea(sc_gen_network *g, int from, int to)
{
    gen_lane *l = new_lane(g, from, to);
    if (!l) return false;
    const gen_node *a = &g->nodes[from], *b = &g->nodes[to];
    double km = sc_geo_sea_km(sc_gen_anchor(g, from)->zone, a->lat, a->lon,
                              sc_gen_anchor(g, to)->zone, b->lat, b->lon, l->via, sizeof l->via);
    bool suez = strstr(l->via, "suez") != NULL;
    l->sea = true;
    l->days = km / SEA_KM_PER_DAY + SEA_PORT_CALL_DAYS + (suez ? SUEZ_DAYS : 0);
    l->cost = 0.40 + 0.00006 * km / 1.852 + (suez ? SUEZ_TOLL : 0);
    return true;
}

/* An open-addressing set of (from, to) pairs, so extra lanes are distinct. */
typedef struct pair_set {
    uint64_t *slot; /* 0: empty; else ((from + 1) << 32) | to */
    size_t mask;
} pair_set;

static bool pair_insert(pair_set *s, int from, int to)
{
    uint64_t key = ((uint64_t)(from + 1) << 32) | (uint64_t)to;
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & s->mask;
    while (s->slot[h]) {
        if (s->slot[h] == key) return false;
        h = (h + 1) & s->mask;
    }
    s->slot[h] = key;
    return true;
}

static int pick(gsl_rng *r, int n)
{
    return (int)gsl_rng_uniform_int(r, (unsigned long)n);
}

static bool america(const sc_gen_network *g, int node)
{
    return sc_geo_zone_is_america(sc_gen_anchor(g, node)->zone);
}

/* One candidate extra lane: its ends in *from, *to and whether it is a sea
 * lane; false when the draw would be a road across an ocean. */
static bool candidate(const sc_gen_network *g, gsl_rng *r, int *from, int *to, bool *sea)
{
    int S = sc_gen_count(g, T_SUPPLIER), P = sc_gen_count(g, T_PLANT);
    int E = sc_gen_count(g, T_EXPORT), I = sc_gen_count(g, T_IMPORT);
    int W = sc_gen_count(g, T_WAREHOUSE), M = sc_gen_count(g, T_MARKET);
    double u = gsl_rng_uniform(r);
    *sea = false;
    if (u < 0.55) {
        /* A warehouse serves a market of a sister warehouse (same port's
         * hinterland) or, failing that, any market on its continent. */
        int w = pick(r, W), w2 = (w + I * (1 + pick(r, 3))) % W;
        int m = w2 + W * pick(r, (M - w2 + W - 1) / W);
        if (america(g, g->first[T_WAREHOUSE] + w) != america(g, g->first[T_MARKET] + m))
            m = pick(r, M);
        *from = g->first[T_WAREHOUSE] + w;
        *to = g->first[T_MARKET] + m;
        return america(g, *from) == america(g, *to);
    } else if (u < 0.80) {
        *from = g->first[T_EXPORT] + pick(r, E);
        *to = g->first[T_IMPORT] + pick(r, I);
        *sea = true;
    } else if (u < 0.90) {
        *from = g->first[T_IMPORT] + pick(r, I);
        *to = g->first[T_WAREHOUSE] + pick(r, W);
        return america(g, *from) == america(g, *to);
    } else {
        /* A supplier also serves another plant of its export port. */
        int s = pick(r, S), e = (s % P) % E;
        *from = g->first[T_SUPPLIER] + s;
        *to = g->first[T_PLANT] + e + E * pick(r, (P - e + E - 1) / E);
    }
    return true;
}

sc_status sc_gen_add_extra_lanes(sc_gen_network *g, char *err, size_t n_err)
{
    long want = g->opt.lanes;
    if (want == 0 || want == g->n_lanes) return SC_OK;
    if (want < g->n_lanes) {
        snprintf(err, n_err, "--lanes %ld is below the %d lanes a %d-node network needs", want,
                 g->n_lanes, g->n_nodes);
        return SC_ERR_INPUT;
    }
    size_t size = 1024;
    while (size < 2 * (size_t)want)
        size *= 2;
    pair_set set = {calloc(size, sizeof(uint64_t)), size - 1};
    gsl_rng *r = sc_stream_alloc(g->opt.seed, 0, 0, 3);
    if (!set.slot || !r) {
        free(set.slot);
        gsl_rng_free(r);
        return SC_ERR_NOMEM;
    }
    for (int k = 0; k < g->n_lanes; k++)
        pair_insert(&set, g->lanes[k].from, g->lanes[k].to);
    sc_status st = SC_OK;
    long tries = 0, max_tries = 50 * (want - g->n_lanes) + 1000;
    while (st == SC_OK && g->n_lanes < want) {
        if (++tries > max_tries) {
            snprintf(err, n_err,
                     "--lanes %ld: found only %d distinct lanes between the tiers of a %d-node "
                     "network",
                     want, g->n_lanes, g->n_nodes);
            st = SC_ERR_INPUT;
            break;
        }
        int from, to;
        bool sea;
        if (!candidate(g, r, &from, &to, &sea) || !pair_insert(&set, from, to)) continue;
        if (!(sea ? sc_gen_add_sea(g, from, to) : sc_gen_add_road(g, from, to))) st = SC_ERR_NOMEM;
    }
    free(set.slot);
    gsl_rng_free(r);
    return st;
}
