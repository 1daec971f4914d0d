/*
 * Builds the generated network in memory (see generate.h): how many nodes
 * each tier gets, where they stand, which lanes join them, what each
 * plant makes from which supplier's parts, what each warehouse stocks and
 * each market buys, and the capacities and base-stock levels that demand
 * calls for.
 *
 * Structure (every out-degree is bounded whatever N is, so route searches
 * stay local and the work per node does not grow with the network):
 *   supplier s -> plant s mod P          (road)
 *   plant j -> export port j mod E       (road)
 *   export port -> import port q         (sea; each q from min(E, 3) export ports)
 *   import port w mod I -> warehouse w   (road)
 *   warehouse m mod W -> market m        (road)
 * A warehouse stocks the products of one or two plants behind the export
 * ports that sail to its import port, and each of its markets buys them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "generate/generate_impl.h"

#include <gsl/gsl_rng.h>

/* Share of the nodes in each tier (the rest of the rounding goes to markets). */
static const double tier_share[T_TIERS] = {0.20, 0.08, 0.03, 0.03, 0.12, 0.54};

#define MAX_FAMILIES 12 /* product families (one product item each) */
#define SEA_LANES_IN 3  /* export ports sailing to each import port */
#define SUPPLIER_PROD_DAYS 3.0
#define PLANT_PROD_DAYS 2.0
#define CAPACITY_MARGIN 1.5  /* capacity / mean demand of suppliers and plants */
#define Z_SERVICE 1.645      /* base-stock safety factor: 95% cycle service */
#define WAREHOUSE_REVIEW 7.0 /* days */
#define PLANT_REVIEW 1.0
#define INPUT_REVIEW 3.0
#define SAILING_WAIT 3.5     /* half the weekly sailing interval */
#define IMPORT_PORT_DAYS 1.1 /* handling 0.6 + customs 0.5 */

/* Splits n nodes into tiers: every tier at least one node, every export
 * port with a plant, every plant with a supplier, every import port with a
 * warehouse, every warehouse with a market. */
static void tier_counts(long n, int count[T_TIERS])
{
    long sum = 0;
    for (int t = 0; t < T_TIERS; t++) {
        long c = (long)floor(tier_share[t] * (double)n);
        count[t] = (int)(c < 1 ? 1 : c);
    }
    if (count[T_PLANT] < count[T_EXPORT]) count[T_PLANT] = count[T_EXPORT];
    if (count[T_SUPPLIER] < count[T_PLANT]) count[T_SUPPLIER] = count[T_PLANT];
    if (count[T_WAREHOUSE] < count[T_IMPORT]) count[T_WAREHOUSE] = count[T_IMPORT];
    for (int t = 0; t < T_TIERS; t++)
        sum += count[t];
    count[T_MARKET] += (int)(n - sum); /* n >= 10 keeps it >= the warehouses */
}

static double uniform(gsl_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gsl_rng_uniform(r);
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Places node v at (lat, lon) + `in` degrees inland and `side` degrees
 * along the coast of its anchor. */
static void place(sc_gen_network *g, int v, double lat, double lon, double in, double side)
{
    const sc_geo_anchor *a = sc_gen_anchor(g, v);
    g->nodes[v].lat = clamp(lat + in * a->inland_lat + side * a->inland_lon, -89.9, 89.9);
    g->nodes[v].lon = clamp(lon + in * a->inland_lon - side * a->inland_lat, -179.9, 179.9);
}

static void place_nodes(sc_gen_network *g, gsl_rng *r)
{
    int E = sc_gen_count(g, T_EXPORT), I = sc_gen_count(g, T_IMPORT);
    int rot_e = (int)gsl_rng_uniform_int(r, (unsigned long)sc_geo_n_export_anchors);
    int rot_i = (int)gsl_rng_uniform_int(r, (unsigned long)sc_geo_n_import_anchors);
    for (int t = 0; t < T_TIERS; t++)
        for (int v = g->first[t]; v < g->first[t + 1]; v++)
            g->nodes[v].tier = t;
    for (int e = 0; e < E; e++) {
        int v = g->first[T_EXPORT] + e;
        gen_node *n = &g->nodes[v];
        n->anchor = (e + rot_e) % sc_geo_n_export_anchors;
        n->copy = e / sc_geo_n_export_anchors;
        const sc_geo_anchor *a = &sc_geo_export_anchors[n->anchor];
        double side = n->copy ? uniform(r, -0.8, 0.8) : 0, in = n->copy ? uniform(r, 0, 0.1) : 0;
        place(g, v, a->lat, a->lon, in, side);
    }
    for (int q = 0; q < I; q++) {
        int v = g->first[T_IMPORT] + q;
        gen_node *n = &g->nodes[v];
        n->anchor = (q + rot_i) % sc_geo_n_import_anchors;
        n->copy = q / sc_geo_n_import_anchors;
        const sc_geo_anchor *a = &sc_geo_import_anchors[n->anchor];
        double side = n->copy ? uniform(r, -0.8, 0.8) : 0, in = n->copy ? uniform(r, 0, 0.1) : 0;
        place(g, v, a->lat, a->lon, in, side);
    }
    /* Each lower tier hangs off the node it is numbered after. */
    static const struct {
        int tier, parent_tier;
        double in_lo, in_hi, side;
    } layers[] = {{T_PLANT, T_EXPORT, 0.1, 1.2, 0.6},
                  {T_SUPPLIER, T_PLANT, -0.3, 0.5, 0.4},
                  {T_WAREHOUSE, T_IMPORT, 0.2, 2.5, 1.0},
                  {T_MARKET, T_WAREHOUSE, -0.8, 1.5, 1.5}};
    for (size_t k = 0; k < sizeof layers / sizeof *layers; k++) {
        int t = layers[k].tier, pt = layers[k].parent_tier, np = sc_gen_count(g, pt);
        for (int i = 0; i < sc_gen_count(g, t); i++) {
            int v = g->first[t] + i;
            const gen_node *p = &g->nodes[g->first[pt] + i % np];
            g->nodes[v].anchor = p->anchor;
            double in = uniform(r, layers[k].in_lo, layers[k].in_hi);
            double side = uniform(r, -layers[k].side, layers[k].side);
            place(g, v, p->lat, p->lon, in, side);
        }
    }
}

/* The families and ranks give items: product f is item f; component
 * (rank r, family f) is item F + r F + f. */
static bool make_items(sc_gen_network *g, gsl_rng *r)
{
    int S = sc_gen_count(g, T_SUPPLIER), P = sc_gen_count(g, T_PLANT);
    int F = P < MAX_FAMILIES ? P : MAX_FAMILIES, ranks = (S + P - 1) / P;
    g->n_families = F;
    g->n_items = F + ranks * F;
    g->items = calloc((size_t)g->n_items, sizeof *g->items);
    if (!g->items) return false;
    for (int i = 0; i < g->n_items; i++) {
        gen_item *it = &g->items[i];
        it->product = i < F;
        it->family = i < F ? i : (i - F) % F;
        it->rank = i < F ? 0 : (i - F) / F;
        it->unit_value = it->product ? round(uniform(r, 80, 900)) : round(uniform(r, 2, 80));
    }
    return true;
}

static int component(const sc_gen_network *g, int rank, int family)
{
    return g->n_families + rank * g->n_families + family;
}

static int family_of_plant(const sc_gen_network *g, int j)
{
    return j % g->n_families;
}

/* The plant (index within its tier) at export port e chosen by k. */
static int plant_at_port(const sc_gen_network *g, int e, int k)
{
    int P = sc_gen_count(g, T_PLANT), E = sc_gen_count(g, T_EXPORT);
    int n_e = (P - e + E - 1) / E; /* plants e, e + E, e + 2E, ... */
    return e + E * (k % n_e);
}

static bool base_lanes(sc_gen_network *g, int *sea_from)
{
    int S = sc_gen_count(g, T_SUPPLIER), P = sc_gen_count(g, T_PLANT);
    int E = sc_gen_count(g, T_EXPORT), I = sc_gen_count(g, T_IMPORT);
    int W = sc_gen_count(g, T_WAREHOUSE), M = sc_gen_count(g, T_MARKET);
    int k_in = E < SEA_LANES_IN ? E : SEA_LANES_IN, stride = E / k_in;
    for (int s = 0; s < S; s++)
        if (!sc_gen_add_road(g, g->first[T_SUPPLIER] + s, g->first[T_PLANT] + s % P)) return false;
    for (int j = 0; j < P; j++)
        if (!sc_gen_add_road(g, g->first[T_PLANT] + j, g->first[T_EXPORT] + j % E)) return false;
    for (int q = 0; q < I; q++)
        for (int t = 0; t < k_in; t++) {
            int e = (q + t * stride) % E;
            sea_from[q * SEA_LANES_IN + t] = e;
            if (!sc_gen_add_sea(g, g->first[T_EXPORT] + e, g->first[T_IMPORT] + q)) return false;
        }
    for (int w = 0; w < W; w++)
        if (!sc_gen_add_road(g, g->first[T_IMPORT] + w % I, g->first[T_WAREHOUSE] + w))
            return false;
    for (int m = 0; m < M; m++)
        if (!sc_gen_add_road(g, g->first[T_WAREHOUSE] + m % W, g->first[T_MARKET] + m))
            return false;
    g->n_base_lanes = g->n_lanes;
    return true;
}

/* Transit days of the base lane from -> to (base lanes are unique per pair
 * and written in tier order, so a linear search is never needed: the
 * callers know the lane's index). */
static double lane_days(const sc_gen_network *g, int lane)
{
    return g->lanes[lane].days;
}

static double base_stock(double mean, double var, double days)
{
    return ceil(mean * days + Z_SERVICE * sqrt(var * days));
}

/* Which warehouse stock serves each demand, as the loader decides it
 * (docs/scenario-format.md, demand.csv): the first inventory row of the
 * item at a node with a lane into the market.  Warehouse rows come first,
 * by warehouse, so with the extra lanes of --lanes that is the lowest
 * warehouse with a lane into the market that stocks the item.  Sizing
 * stocks by the demand they really serve keeps dense networks in stock. */
static void serving_stocks(sc_gen_network *g, const int *plant_of)
{
    int W = sc_gen_count(g, T_WAREHOUSE), M = sc_gen_count(g, T_MARKET);
    int *first = calloc((size_t)M + 1, sizeof *first); /* demand rows of market m */
    if (!first) return;                                /* keep every demand at its own warehouse */
    for (int i = 0; i < g->n_demands; i++)
        first[g->demands[i].market - g->first[T_MARKET] + 1]++;
    for (int m = 0; m < M; m++)
        first[m + 1] += first[m];
    for (int l = g->n_base_lanes; l < g->n_lanes; l++) {
        int from = g->lanes[l].from - g->first[T_WAREHOUSE],
            m = g->lanes[l].to - g->first[T_MARKET];
        if (from < 0 || from >= W || m < 0) continue;
        for (int i = first[m]; i < first[m + 1]; i++) {
            gen_demand *d = &g->demands[i];
            for (int k = 0; k < GEN_MAX_PRODUCTS; k++) {
                int j = plant_of[from * GEN_MAX_PRODUCTS + k];
                if (j >= 0 && family_of_plant(g, j) == d->item &&
                    from * GEN_MAX_PRODUCTS + k < d->stock)
                    d->stock = from * GEN_MAX_PRODUCTS + k;
            }
        }
    }
    free(first);
}

/* Demand streams and warehouse stocks, then the flows they put on plants
 * and suppliers, their capacities, and the plants' stocks and BOMs. */
static bool demand_and_stock(sc_gen_network *g, gsl_rng *r, const int *sea_from)
{
    int S = sc_gen_count(g, T_SUPPLIER), P = sc_gen_count(g, T_PLANT);
    int E = sc_gen_count(g, T_EXPORT), I = sc_gen_count(g, T_IMPORT);
    int W = sc_gen_count(g, T_WAREHOUSE), M = sc_gen_count(g, T_MARKET);
    int k_in = E < SEA_LANES_IN ? E : SEA_LANES_IN;
    int ranks = (S + P - 1) / P;
    /* Lane indices of the base layout (see base_lanes). */
    int lane_sp = 0, lane_pe = S, lane_sea = S + P, lane_iw = lane_sea + I * k_in;
    int *plant_of = malloc((size_t)W * GEN_MAX_PRODUCTS * sizeof *plant_of);
    double *mean = calloc((size_t)W * GEN_MAX_PRODUCTS, sizeof *mean);
    double *var = calloc((size_t)W * GEN_MAX_PRODUCTS, sizeof *var);
    double *plant_var = calloc((size_t)P, sizeof *plant_var);
    g->demands = malloc((size_t)M * GEN_MAX_PRODUCTS * sizeof *g->demands);
    g->stocks =
        malloc(((size_t)W * GEN_MAX_PRODUCTS + (size_t)P * (ranks + 1)) * sizeof *g->stocks);
    g->bom = malloc((size_t)P * ranks * sizeof *g->bom);
    bool ok = plant_of && mean && var && plant_var && g->demands && g->stocks && g->bom;
    for (int w = 0; ok && w < W; w++) {
        int q = w % I, rank = w / I;
        for (int k = 0; k < GEN_MAX_PRODUCTS; k++) {
            int j = -1;
            if (k < k_in) {
                int t = (rank + k) % k_in, e = sea_from[q * SEA_LANES_IN + t];
                j = plant_at_port(g, e, rank / k_in + k);
                if (k == 1 && family_of_plant(g, j) == family_of_plant(g, plant_of[w * 2])) j = -1;
            }
            plant_of[w * GEN_MAX_PRODUCTS + k] = j;
        }
    }
    for (int m = 0; ok && m < M; m++) {
        int w = m % W;
        for (int k = 0; k < GEN_MAX_PRODUCTS; k++) {
            int j = plant_of[w * GEN_MAX_PRODUCTS + k];
            if (j < 0) continue;
            gen_demand *d = &g->demands[g->n_demands++];
            d->market = g->first[T_MARKET] + m;
            d->item = family_of_plant(g, j);
            d->mean = round(uniform(r, 1, 6) * 10) / 10;
            d->normal = gsl_rng_uniform(r) < 0.3;
            d->cv = d->normal ? 0.3 : 0;
            d->stock = w * GEN_MAX_PRODUCTS + k;
        }
    }
    if (ok) serving_stocks(g, plant_of);
    for (int i = 0; ok && i < g->n_demands; i++) {
        const gen_demand *d = &g->demands[i];
        mean[d->stock] += d->mean;
        var[d->stock] += d->normal ? pow(d->cv * d->mean, 2) : d->mean;
    }
    for (int w = 0; ok && w < W; w++) {
        int q = w % I;
        for (int k = 0; k < GEN_MAX_PRODUCTS; k++) {
            int j = plant_of[w * GEN_MAX_PRODUCTS + k];
            if (j < 0) continue;
            int e = j % E, t = 0;
            while (sea_from[q * SEA_LANES_IN + t] != e)
                t++;
            double lead = PLANT_PROD_DAYS + lane_days(g, lane_pe + j) + SAILING_WAIT +
                          lane_days(g, lane_sea + q * k_in + t) + IMPORT_PORT_DAYS +
                          lane_days(g, lane_iw + w);
            double mu = mean[w * GEN_MAX_PRODUCTS + k], v = var[w * GEN_MAX_PRODUCTS + k];
            g->stocks[g->n_stocks++] =
                (gen_stock){g->first[T_WAREHOUSE] + w, family_of_plant(g, j), g->first[T_PLANT] + j,
                            WAREHOUSE_REVIEW, base_stock(mu, v, lead + WAREHOUSE_REVIEW)};
            g->nodes[g->first[T_PLANT] + j].flow += mu;
            plant_var[j] += v;
        }
    }
    /* Plants: make their family's product to stock from their suppliers'
     * parts; suppliers make to order. */
    for (int j = 0; ok && j < P; j++) {
        gen_node *pl = &g->nodes[g->first[T_PLANT] + j];
        int f = family_of_plant(g, j);
        double mu = pl->flow;
        /* Weekly warehouse orders arrive in lumps of a week's demand. */
        double lumps = mu * WAREHOUSE_REVIEW;
        pl->prod_days = PLANT_PROD_DAYS;
        pl->capacity = mu > 0 ? ceil(CAPACITY_MARGIN * mu + 1) : 0;
        g->stocks[g->n_stocks++] = (gen_stock){
            g->first[T_PLANT] + j, f, g->first[T_PLANT] + j, PLANT_REVIEW,
            mu > 0 ? base_stock(mu, plant_var[j], PLANT_PROD_DAYS + PLANT_REVIEW) + ceil(lumps)
                   : 0};
        for (int rank = 0; rank < ranks; rank++) {
            int s = j + rank * P;
            if (s >= S) break;
            int qty = 1 + (rank + f) % 2;
            gen_node *sup = &g->nodes[g->first[T_SUPPLIER] + s];
            sup->flow += qty * mu;
            g->bom[g->n_bom++] = (gen_bom){g->first[T_PLANT] + j, f, component(g, rank, f), qty};
            double lead = SUPPLIER_PROD_DAYS + lane_days(g, lane_sp + s);
            g->stocks[g->n_stocks++] = (gen_stock){
                g->first[T_PLANT] + j, component(g, rank, f), g->first[T_SUPPLIER] + s,
                INPUT_REVIEW,
                mu > 0 ? base_stock(qty * mu, qty * qty * plant_var[j], lead + INPUT_REVIEW) +
                             ceil(qty * lumps)
                       : 0};
        }
    }
    for (int s = 0; ok && s < S; s++) {
        gen_node *sup = &g->nodes[g->first[T_SUPPLIER] + s];
        sup->prod_days = SUPPLIER_PROD_DAYS;
        sup->capacity = sup->flow > 0 ? ceil(CAPACITY_MARGIN * sup->flow + 1) : 0;
    }
    free(plant_of);
    free(mean);
    free(var);
    free(plant_var);
    return ok;
}

/* The chokepoint the shocked arm closes: suez when some lane passes it,
 * else the first chokepoint of any lane. */
static void pick_canal(sc_gen_network *g)
{
    g->canal[0] = 0;
    for (int l = 0; l < g->n_lanes; l++) {
        if (strstr(g->lanes[l].via, "suez")) {
            strcpy(g->canal, "suez");
            return;
        }
        if (!g->canal[0] && g->lanes[l].via[0]) {
            size_t n = strcspn(g->lanes[l].via, ";");
            if (n < sizeof g->canal) {
                memcpy(g->canal, g->lanes[l].via, n);
                g->canal[n] = 0;
            }
        }
    }
}

sc_status sc_gen_build(const sc_gen_options *opt, sc_gen_network **out, char *err, size_t n_err)
{
    *out = NULL;
    if (opt->nodes < SC_GEN_MIN_NODES || opt->nodes > SC_GEN_MAX_NODES) {
        snprintf(err, n_err, "--nodes must be in [%ld, %ld], got %ld", SC_GEN_MIN_NODES,
                 SC_GEN_MAX_NODES, opt->nodes);
        return SC_ERR_INPUT;
    }
    if (opt->lanes > SC_GEN_MAX_LANES_PER_NODE * opt->nodes) {
        snprintf(err, n_err, "--lanes %ld is above %ld per node", opt->lanes,
                 SC_GEN_MAX_LANES_PER_NODE);
        return SC_ERR_INPUT;
    }
    sc_gen_network *g = calloc(1, sizeof *g);
    if (!g) return SC_ERR_NOMEM;
    g->opt = *opt;
    int count[T_TIERS];
    tier_counts(opt->nodes, count);
    for (int t = 0; t < T_TIERS; t++)
        g->first[t + 1] = g->first[t] + count[t];
    g->n_nodes = g->first[T_TIERS];
    g->nodes = calloc((size_t)g->n_nodes, sizeof *g->nodes);
    int *sea_from = malloc((size_t)count[T_IMPORT] * SEA_LANES_IN * sizeof *sea_from);
    gsl_rng *r_place = sc_stream_alloc(opt->seed, 0, 0, 1);
    gsl_rng *r_demand = sc_stream_alloc(opt->seed, 0, 0, 2);
    sc_status st = SC_ERR_NOMEM;
    if (g->nodes && sea_from && r_place && r_demand) {
        place_nodes(g, r_place);
        /* Extra lanes before demand, so stocks are sized for the markets
         * they serve once every lane is in (their draws are a stream of
         * their own, so the base network is the same either way). */
        if (make_items(g, r_place) && base_lanes(g, sea_from)) {
            st = sc_gen_add_extra_lanes(g, err, n_err);
            if (st == SC_OK && !demand_and_stock(g, r_demand, sea_from)) st = SC_ERR_NOMEM;
            pick_canal(g);
        }
    }
    free(sea_from);
    gsl_rng_free(r_place);
    gsl_rng_free(r_demand);
    if (st != SC_OK) {
        sc_gen_free(g);
        return st;
    }
    *out = g;
    return SC_OK;
}

long sc_gen_node_count(const sc_gen_network *g)
{
    return g->n_nodes;
}

long sc_gen_lane_count(const sc_gen_network *g)
{
    return g->n_lanes;
}

void sc_gen_free(sc_gen_network *g)
{
    if (!g) return;
    free(g->nodes);
    free(g->items);
    free(g->lanes);
    free(g->stocks);
    free(g->bom);
    free(g->demands);
    free(g);
}
