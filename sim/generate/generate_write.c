/*
 * Writes a generated network as a scenario bundle (docs/scenario-format.md):
 * actors, nodes, items, bom, lanes, demand, inventory, shocks and
 * experiment CSV files.  Numbers are printed with fixed decimals so the
 * same network always gives the same bytes.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "generate/generate_impl.h"

static const char *const tier_prefix[T_TIERS] = {"sup", "plant", "xport", "iport", "wh", "mkt"};
static const char *const tier_kind[T_TIERS] = {"supplier", "plant",     "port",
                                               "port",     "warehouse", "market"};

/* An open output file and whether a write failed. */
typedef struct out {
    FILE *f;
    char path[4096];
} out;

static bool open_out(out *o, const char *dir, const char *name, char *err, size_t n_err)
{
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    o->f = fopen(o->path, "w");
    if (!o->f) snprintf(err, n_err, "cannot write %s: %s", o->path, strerror(errno));
    return o->f != NULL;
}

static bool close_out(out *o, char *err, size_t n_err)
{
    bool ok = !ferror(o->f);
    if (fclose(o->f) != 0) ok = false;
    if (!ok) snprintf(err, n_err, "cannot write %s: %s", o->path, strerror(errno));
    return ok;
}

static void node_id(const sc_gen_network *g, int v, char *buf, size_t n)
{
    int t = g->nodes[v].tier;
    snprintf(buf, n, "%s%d", tier_prefix[t], v - g->first[t]);
}

static bool america(const sc_gen_network *g, int v)
{
    return sc_geo_zone_is_america(sc_gen_anchor(g, v)->zone);
}

static const char *owner(const sc_gen_network *g, int v)
{
    switch (g->nodes[v].tier) {
    case T_SUPPLIER:
        return "asia_suppliers";
    case T_PLANT:
        return "asia_assembly";
    case T_EXPORT:
        return "asia_ports";
    case T_IMPORT:
        return "western_ports";
    default:
        return america(g, v) ? "na_retail" : "eu_retail";
    }
}

static void write_actors(const sc_gen_network *g, FILE *f)
{
    (void)g;
    fputs("id,name,kind\n"
          "asia_suppliers,Component suppliers (Asia),supplier\n"
          "asia_assembly,Assembly plants (Asia),oem\n"
          "asia_ports,Export terminals (Asia),port_operator\n"
          "western_ports,Import terminals (Europe and North America),port_operator\n"
          "ocean_carrier,Ocean carrier,carrier\n"
          "road_carrier,Road haulier,logistics\n"
          "eu_retail,European retailer,retailer\n"
          "na_retail,North American retailer,retailer\n",
          f);
}

static void write_nodes(const sc_gen_network *g, FILE *f)
{
    char id[32];
    fputs("id,kind,actor,lat,lon,name,region,capacity_per_day,prod_days,berths,handle_days,"
          "handle_dist,handle_cv,customs_days,customs_cv\n",
          f);
    for (int v = 0; v < g->n_nodes; v++) {
        const gen_node *n = &g->nodes[v];
        const sc_geo_anchor *a = sc_gen_anchor(g, v);
        node_id(g, v, id, sizeof id);
        fprintf(f, "%s,%s,%s,%.4f,%.4f,", id, tier_kind[n->tier], owner(g, v), n->lat, n->lon);
        switch (n->tier) {
        case T_SUPPLIER:
        case T_PLANT:
            fprintf(f, "%s %d near %s,%s,", n->tier == T_SUPPLIER ? "Supplier" : "Plant",
                    v - g->first[n->tier], a->name, a->region);
            if (n->capacity > 0) fprintf(f, "%.0f", n->capacity);
            fprintf(f, ",%.1f,,,,,,\n", n->prod_days);
            break;
        case T_EXPORT:
        case T_IMPORT:
            if (n->copy)
                fprintf(f, "%s terminal %d,%s,", a->name, n->copy + 1, a->region);
            else
                fprintf(f, "%s,%s,", a->name, a->region);
            fputs(n->tier == T_IMPORT ? ",,3,0.6,lognormal,0.5,0.5,0.5\n"
                                      : ",,2,0.5,lognormal,0.5,,\n",
                  f);
            break;
        default:
            fprintf(f, "%s %d near %s,%s,,,,,,,,\n",
                    n->tier == T_WAREHOUSE ? "Warehouse" : "Market", v - g->first[n->tier], a->name,
                    a->region);
        }
    }
}

static void item_id(const sc_gen_network *g, int i, char *buf, size_t n)
{
    const gen_item *it = &g->items[i];
    if (it->product)
        snprintf(buf, n, "prod%d", it->family);
    else
        snprintf(buf, n, "comp%d_%d", it->rank, it->family);
}

static void write_items(const sc_gen_network *g, FILE *f)
{
    char id[32];
    fputs("id,unit_value,name,holding_rate_per_year,price\n", f);
    for (int i = 0; i < g->n_items; i++) {
        const gen_item *it = &g->items[i];
        item_id(g, i, id, sizeof id);
        if (it->product)
            fprintf(f, "%s,%.0f,Product family %d,0.25,%.0f\n", id, it->unit_value, it->family,
                    round(1.6 * it->unit_value));
        else
            fprintf(f, "%s,%.0f,Component %d of family %d,0.2,\n", id, it->unit_value, it->rank,
                    it->family);
    }
}

static void write_bom(const sc_gen_network *g, FILE *f)
{
    char plant[32], output[32], input[32];
    fputs("plant,output,input,qty\n", f);
    for (int b = 0; b < g->n_bom; b++) {
        node_id(g, g->bom[b].plant, plant, sizeof plant);
        item_id(g, g->bom[b].output, output, sizeof output);
        item_id(g, g->bom[b].input, input, sizeof input);
        fprintf(f, "%s,%s,%s,%d\n", plant, output, input, g->bom[b].qty);
    }
}

static void write_lanes(const sc_gen_network *g, FILE *f)
{
    char from[32], to[32];
    fputs("id,from,to,mode,carrier,transit_days,transit_cv,departure_every_days,capacity,"
          "cost_per_unit,via\n",
          f);
    for (int l = 0; l < g->n_lanes; l++) {
        const gen_lane *ln = &g->lanes[l];
        node_id(g, ln->from, from, sizeof from);
        node_id(g, ln->to, to, sizeof to);
        if (ln->sea)
            fprintf(f, "%s_%s,%s,%s,sea,ocean_carrier,%.2f,0.1,7,,%.4f,%s\n", from, to, from, to,
                    ln->days, ln->cost, ln->via);
        else
            fprintf(f, "%s_%s,%s,%s,road,road_carrier,%.2f,0.2,0,,%.4f,\n", from, to, from, to,
                    ln->days, ln->cost);
    }
}

static void write_demand(const sc_gen_network *g, FILE *f)
{
    char market[32], item[32];
    fputs("market,item,mean_per_day,cv,dist,patience_days\n", f);
    for (int d = 0; d < g->n_demands; d++) {
        const gen_demand *dm = &g->demands[d];
        node_id(g, dm->market, market, sizeof market);
        item_id(g, dm->item, item, sizeof item);
        if (dm->normal)
            fprintf(f, "%s,%s,%.1f,%.1f,normal,3\n", market, item, dm->mean, dm->cv);
        else
            fprintf(f, "%s,%s,%.1f,,poisson,3\n", market, item, dm->mean);
    }
}

static void write_inventory(const sc_gen_network *g, FILE *f)
{
    char node[32], item[32], source[32];
    fputs("node,item,policy,source,review_days,S\n", f);
    for (int k = 0; k < g->n_stocks; k++) {
        const gen_stock *s = &g->stocks[k];
        node_id(g, s->node, node, sizeof node);
        item_id(g, s->item, item, sizeof item);
        node_id(g, s->source, source, sizeof source);
        fprintf(f, "%s,%s,base_stock,%s,%.0f,%.0f\n", node, item, source, s->review_days, s->S);
    }
}

/* A strike at the first export port; a closure of the busiest chokepoint. */
static void write_shocks(const sc_gen_network *g, FILE *f)
{
    double h = g->opt.horizon_days;
    fputs("id,kind,target,start_day,duration_days,severity\n", f);
    fprintf(f, "port_strike,node_outage,node:xport0,%.0f,10,1\n", floor(0.3 * h));
    if (g->canal[0])
        fprintf(f, "canal_closure,chokepoint_closure,chokepoint:%s,%.0f,14,1\n", g->canal,
                floor(0.5 * h));
}

static void write_experiment(const sc_gen_network *g, FILE *f)
{
    double h = g->opt.horizon_days;
    fprintf(f,
            "key,value\nhorizon_days,%.0f\nwarmup_days,%.0f\nreplications,%ld\nseed,%llu\n"
            "routing,cheapest\narms,baseline;shocked\narm:baseline,\narm:shocked,port_strike%s\n",
            h, floor(0.1 * h), g->opt.replications, (unsigned long long)g->opt.seed,
            g->canal[0] ? ";canal_closure" : "");
}

sc_status sc_gen_write(const sc_gen_network *g, const char *dir, char *err, size_t n_err)
{
    static const struct {
        const char *name;
        void (*write)(const sc_gen_network *, FILE *);
    } files[] = {{"actors.csv", write_actors},        {"nodes.csv", write_nodes},
                 {"items.csv", write_items},          {"bom.csv", write_bom},
                 {"lanes.csv", write_lanes},          {"demand.csv", write_demand},
                 {"inventory.csv", write_inventory},  {"shocks.csv", write_shocks},
                 {"experiment.csv", write_experiment}};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        out o = {0};
        if (!open_out(&o, dir, files[k].name, err, n_err)) return SC_ERR_IO;
        files[k].write(g, o.f);
        if (!close_out(&o, err, n_err)) return SC_ERR_IO;
    }
    return SC_OK;
}
