/*
 * Writing a plan (willems_plan.c) as a scenario bundle: actors, nodes,
 * items, bom, lanes, demand, inventory, and a default experiment with a
 * baseline and an outage arm.  Ids are the stage names (a market node added
 * for a non-Retail demand stage is NAME_market, a lane FROM>TO); numbers
 * are printed with 10 significant digits, so a bundle is the same bytes for
 * the same chain.
 */
#include "import/willems.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Actors, one per classification, plus the carrier of every lane. */
static const char *const actor_of_class[SC_STAGE_CLASSES] = {"parts", "manufacturing", "transport",
                                                             "distribution", "retail"};
static const char *const actor_names[SC_STAGE_CLASSES] = {"Part suppliers", "Manufacturing",
                                                          "Transport", "Distribution", "Retail"};

/* A CSV field, quoted when it must be (RFC 4180). */
static void put_field(FILE *f, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static const char *stage_name(const sc_plan *p, int s)
{
    return p->chain->stages[s].name;
}

/* A node id: the stage's own, or that of its market node. */
static void put_node(FILE *f, const sc_plan *p, int s, bool market)
{
    if (!market) {
        put_field(f, stage_name(p, s));
        return;
    }
    char id[1024];
    snprintf(id, sizeof id, "%s_market", stage_name(p, s));
    put_field(f, id);
}

static FILE *open_table(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, "w");
}

static bool close_table(FILE *f)
{
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

static bool write_actors(const sc_plan *p, FILE *f)
{
    bool used[SC_STAGE_CLASSES] = {false};
    for (int s = 0; s < p->chain->n_stages; s++) {
        if (p->stages[s].role != SC_ROLE_LANE) used[p->chain->stages[s].cls] = true;
        if (p->stages[s].extra_market) used[SC_STAGE_RETAIL] = true;
    }
    used[SC_STAGE_TRANS] = used[SC_STAGE_TRANS] || p->n_lanes > 0;
    fputs("id,name,kind\n", f);
    for (int k = 0; k < SC_STAGE_CLASSES; k++)
        if (used[k])
            fprintf(f, "%s,%s,%s\n", actor_of_class[k], actor_names[k],
                    k == SC_STAGE_TRANS ? "carrier" : sc_stage_class_names[k]);
    return true;
}

const char *sc_stage_role_name(sc_stage_role r)
{
    switch (r) {
    case SC_ROLE_SUPPLIER:
        return "supplier";
    case SC_ROLE_PLANT:
        return "plant";
    case SC_ROLE_WAREHOUSE:
        return "warehouse";
    default:
        return "market";
    }
}

static bool write_nodes(const sc_plan *p, FILE *f)
{
    fputs("id,kind,actor,lat,lon,region,prod_days\n", f);
    for (int s = 0; s < p->chain->n_stages; s++) {
        const sc_plan_stage *ps = &p->stages[s];
        if (ps->role == SC_ROLE_LANE) continue;
        const sc_stage *st = &p->chain->stages[s];
        put_node(f, p, s, false);
        fprintf(f, ",%s,%s,%.6f,%.6f,E%d,", sc_stage_role_name(ps->role), actor_of_class[st->cls],
                ps->lat, ps->lon, ps->depth);
        if (ps->role == SC_ROLE_SUPPLIER || ps->role == SC_ROLE_PLANT)
            fprintf(f, "%.10g", st->time);
        fputc('\n', f);
        if (ps->extra_market) {
            put_node(f, p, s, true);
            double lon = ps->lon + 20; /* at most 80 + 20: east of its stage and its label */
            fprintf(f, ",market,retail,%.6f,%.6f,E%d,\n", ps->lat, lon, ps->depth);
        }
    }
    return true;
}

static bool write_items(const sc_plan *p, FILE *f)
{
    fputs("id,unit_value\n", f);
    for (int s = 0; s < p->chain->n_stages; s++) {
        sc_stage_role r = p->stages[s].role;
        if (r != SC_ROLE_SUPPLIER && r != SC_ROLE_PLANT) continue;
        put_field(f, stage_name(p, s));
        fprintf(f, ",%.10g\n", p->stages[s].unit_value);
    }
    return true;
}

static bool write_bom(const sc_plan *p, FILE *f)
{
    fputs("plant,output,input,qty\n", f);
    for (int k = 0; k < p->n_bom; k++) {
        const sc_plan_bom *b = &p->bom[k];
        put_field(f, stage_name(p, b->plant));
        fputc(',', f);
        put_field(f, stage_name(p, b->plant));
        fputc(',', f);
        put_field(f, stage_name(p, b->input));
        fprintf(f, ",%.10g\n", b->qty);
    }
    return true;
}

static bool write_lanes(const sc_plan *p, FILE *f)
{
    fputs("id,from,to,mode,carrier,transit_days,transit_cv,cost_per_unit\n", f);
    for (int k = 0; k < p->n_lanes; k++) {
        const sc_plan_lane *l = &p->lanes[k];
        char id[2100];
        snprintf(id, sizeof id, "%s>%s%s", stage_name(p, l->from), stage_name(p, l->to),
                 l->to_market ? "_market" : "");
        put_field(f, id);
        fputc(',', f);
        put_node(f, p, l->from, false);
        fputc(',', f);
        put_node(f, p, l->to, l->to_market);
        fprintf(f, ",road,transport,%.10g,%.10g,%g\n", l->transit, l->cv, SC_WILLEMS_LANE_COST);
    }
    return true;
}

static bool write_demand(const sc_plan *p, FILE *f)
{
    fputs("market,item,mean_per_day,cv,dist\n", f);
    for (int k = 0; k < p->n_demands; k++) {
        const sc_plan_demand *d = &p->demands[k];
        double cv = d->mean > 0 ? d->sd / d->mean : 0;
        if (cv > 100) cv = 100; /* the model's bound */
        put_node(f, p, d->market, d->at_market_node);
        fputc(',', f);
        put_field(f, stage_name(p, d->item));
        fprintf(f, ",%.10g,%.10g,normal\n", d->mean, cv);
    }
    return true;
}

static bool write_inventory(const sc_plan *p, FILE *f)
{
    fputs("node,item,policy,source,review_days,S\n", f);
    for (int k = 0; k < p->n_stocks; k++) {
        const sc_plan_stock *s = &p->stocks[k];
        put_field(f, stage_name(p, s->node));
        fputc(',', f);
        put_field(f, stage_name(p, s->item));
        fputs(",base_stock,", f);
        put_field(f, stage_name(p, s->source));
        fprintf(f, ",%g,%.10g\n", s->review_days, s->base_stock);
    }
    return true;
}

static bool write_shocks(const sc_plan *p, FILE *f)
{
    fputs("id,kind,target,start_day,duration_days,severity\n", f);
    fputs("outage,node_outage,", f);
    char target[1100];
    snprintf(target, sizeof target, "node:%s", stage_name(p, p->outage_stage));
    put_field(f, target);
    fputs(",100,14,1\n", f);
    return true;
}

static bool write_experiment(const sc_plan *p, FILE *f)
{
    fputs("key,value\nhorizon_days,365\nwarmup_days,30\nreplications,10\nseed,1\n", f);
    if (p->outage_stage >= 0) fputs("arms,baseline;outage\narm:baseline,\narm:outage,outage\n", f);
    return true;
}

sc_status sc_willems_write(const sc_plan *plan, const char *dir)
{
    static const struct {
        const char *file;
        bool (*write)(const sc_plan *, FILE *);
    } tables[] = {{"actors.csv", write_actors},        {"nodes.csv", write_nodes},
                  {"items.csv", write_items},          {"bom.csv", write_bom},
                  {"lanes.csv", write_lanes},          {"demand.csv", write_demand},
                  {"inventory.csv", write_inventory},  {"shocks.csv", write_shocks},
                  {"experiment.csv", write_experiment}};
    for (size_t k = 0; k < sizeof tables / sizeof *tables; k++) {
        if (tables[k].write == write_shocks && plan->outage_stage < 0) continue;
        FILE *f = open_table(dir, tables[k].file);
        if (!f) return SC_ERR_IO;
        bool ok = tables[k].write(plan, f);
        int saved = errno;
        if (!close_table(f) || !ok) {
            if (!errno) errno = saved ? saved : EIO;
            return SC_ERR_IO;
        }
    }
    return SC_OK;
}
