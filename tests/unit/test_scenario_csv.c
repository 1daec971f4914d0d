/*
 * Unit tests of the scenario loader (sim/scenario_csv.c, sim/csv_table.c,
 * sim/scenario_check.c).  Each case writes a small bundle into its own
 * temporary folder (mkdtemp), loads it and removes it again, so cases are
 * self-contained.  A valid bundle must load with every reference resolved,
 * documented defaults applied and routes computed; CRLF line ends and a UTF-8
 * byte order mark must be accepted; and each kind of error must be reported
 * at its exact FILE:LINE:COLUMN, all of them at once, with no scenario made.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "scenario_model.h"
#include "sctwin/scenario.h"

/* ---- bundles ------------------------------------------------------------- */

/* The tables a bundle may hold; every one is removed when a case ends. */
static const char *const table_names[] = {"actors",      "nodes",     "items",     "bom",
                                          "lanes",       "demand",    "inventory", "shocks",
                                          "mitigations", "experiment"};
enum { N_TABLES = sizeof table_names / sizeof table_names[0] };

typedef struct file_text {
    const char *name; /* table name, without ".csv" */
    const char *text; /* NULL: the file is absent */
} file_text;

/* A valid minimal network: a supplier whose goods go by road to an export
 * port, by sea to an import port, by road to a warehouse (cheapest), or by
 * air straight to the warehouse (dearer); the warehouse serves one market.
 * Line numbers in the error cases below refer to these texts. */
static const file_text base[] = {
    {"actors", "id,name\n"
               "sup,\"Supplier, Co\"\n" /* a quoted field with a comma */
               "ret,Retailer\n"
               "ship,Ship Co\n"},
    {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
              "s1,supplier,sup,10,20,50,\n" /* line 2 */
              "px,port,ship,11,21,,3\n"     /* line 3 */
              "pm,port,ship,40,5,,\n"       /* line 4 */
              "wh,warehouse,ret,45,6,,\n"   /* line 5 */
              "mk,market,ret,46,7,,\n"},    /* line 6 */
    {"items", "id,unit_value,price\n"
              "w,10,\n"},
    {"lanes", "id,from,to,mode,carrier,transit_days,cost_per_unit,via\n"
              "s1_px,s1,px,road,ship,1,1,\n"     /* line 2, lane 0 */
              "px_pm,px,pm,sea,ship,30,2,suez\n" /* line 3, lane 1 */
              "pm_wh,pm,wh,road,ship,1,1,\n"     /* line 4, lane 2 */
              "s1_wh,s1,wh,air,ship,3,20,\n"     /* line 5, lane 3 */
              "wh_mk,wh,mk,road,ship,1,0.5,\n"}, /* line 6, lane 4 */
    {"demand", "market,item,mean_per_day\n"
               "mk,w,5\n"},
    {"inventory", "node,item,policy,source,S\n"
                  "wh,w,base_stock,s1,100\n"},
};
enum { N_BASE = sizeof base / sizeof base[0] };

typedef struct bundle {
    char root[64]; /* the mkdtemp folder */
    char dir[80];  /* root/mini: the bundle, so its name is "mini" */
    sc_diags diags;
    sc_scenario *sc;
    sc_status status;
} bundle;

/* Text with every "\n" turned into "\r\n"; the caller frees it. */
static char *to_crlf(const char *s)
{
    size_t n = strlen(s), lf = 0;
    for (size_t i = 0; i < n; i++)
        lf += s[i] == '\n';
    char *out = malloc(n + lf + 1);
    if (!out) return NULL;
    char *p = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') *p++ = '\r';
        *p++ = s[i];
    }
    *p = '\0';
    return out;
}

static int write_file(const char *dir, const char *name, const char *text, bool crlf, bool bom)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    char *conv = crlf ? to_crlf(text) : NULL;
    const char *t = crlf ? conv : text;
    int ok = t != NULL;
    if (ok && bom) ok = fwrite("\xEF\xBB\xBF", 1, 3, f) == 3;
    if (ok) ok = fwrite(t, 1, strlen(t), f) == strlen(t);
    free(conv);
    return fclose(f) == 0 && ok;
}

static void remove_bundle(bundle *b)
{
    char path[128];
    for (size_t i = 0; i < N_TABLES; i++) {
        snprintf(path, sizeof path, "%s/%s.csv", b->dir, table_names[i]);
        unlink(path);
    }
    rmdir(b->dir);
    rmdir(b->root);
}

/* Writes the base bundle with `over` (n entries) replacing or removing files
 * of the same name or adding new ones, then loads it.  *out of the load
 * starts non-NULL so that the test sees the loader reset it. */
static void load_bundle(bundle *b, const file_text *over, size_t n, bool crlf, bool bom)
{
    memset(b, 0, sizeof *b);
    strcpy(b->root, "/tmp/sctwin_test_XXXXXX");
    b->status = SC_ERR_IO;
    if (!mkdtemp(b->root)) {
        CHECK(false && "mkdtemp failed");
        return;
    }
    snprintf(b->dir, sizeof b->dir, "%s/mini", b->root);
    int ok = mkdir(b->dir, 0700) == 0;
    for (size_t i = 0; ok && i < N_BASE; i++) {
        bool replaced = false;
        for (size_t j = 0; j < n; j++)
            replaced |= strcmp(over[j].name, base[i].name) == 0;
        if (!replaced) ok = write_file(b->dir, base[i].name, base[i].text, crlf, bom);
    }
    for (size_t j = 0; ok && j < n; j++)
        if (over[j].text) ok = write_file(b->dir, over[j].name, over[j].text, crlf, bom);
    CHECK(ok);
    if (!ok) return;
    b->sc = (sc_scenario *)b; /* any non-NULL value */
    b->status = sc_scenario_load(b->dir, &b->sc, &b->diags);
}

static void end_bundle(bundle *b)
{
    if (b->status == SC_OK) sc_scenario_free(b->sc);
    sc_diags_free(&b->diags);
    remove_bundle(b);
}

static void print_diags(const bundle *b)
{
    for (size_t i = 0; i < b->diags.n; i++) {
        const sc_diag *g = &b->diags.items[i];
        fprintf(stderr, "    diag: %s:%d:%d: %s\n", g->file, g->line, g->col, g->msg);
    }
}

/* True when some diagnostic sits at FILE:line:col (FILE relative to the
 * bundle) with `msg` in its message. */
static bool has_diag(const bundle *b, const char *file, int line, int col, const char *msg)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", b->dir, file);
    for (size_t i = 0; i < b->diags.n; i++) {
        const sc_diag *g = &b->diags.items[i];
        if (strcmp(g->file, path) == 0 && g->line == line && g->col == col && strstr(g->msg, msg))
            return true;
    }
    return false;
}

/* A bundle differing from the base by `over` must fail with exactly one
 * diagnostic, at file:line:col, whose message contains `msg`. */
static void expect_one_error(const char *label, const file_text *over, size_t n, const char *file,
                             int line, int col, const char *msg)
{
    bundle b;
    load_bundle(&b, over, n, false, false);
    int before = sc_check_failures;
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK(b.sc == NULL);
    CHECK_INT(b.diags.n, 1);
    CHECK(has_diag(&b, file, line, col, msg));
    if (sc_check_failures != before) {
        fprintf(stderr, "  in case '%s' (want %s:%d:%d: ...%s...), got:\n", label, file, line, col,
                msg);
        print_diags(&b);
    }
    end_bundle(&b);
}

#define ONE(label, file, line, col, msg, ...)                                                      \
    do {                                                                                           \
        const file_text over_[] = {__VA_ARGS__};                                                   \
        expect_one_error(label, over_, sizeof over_ / sizeof over_[0], file, line, col, msg);      \
    } while (0)

/* ---- valid bundles ------------------------------------------------------- */

static int node_index(const sc_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc_scenario_node_count(sc); i++)
        if (strcmp(sc_scenario_node_id(sc, i), id) == 0) return (int)i;
    return -1;
}

static int table_index(const sc_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc_scenario_table_count(sc); i++)
        if (strcmp(sc_scenario_table_name(sc, i), name) == 0) return (int)i;
    return -1;
}

/* The checks every valid load of the base bundle must pass, whatever its
 * line ends. */
static void check_base(const sc_scenario *sc)
{
    CHECK_STR(sc_scenario_name(sc), "mini");
    CHECK_INT(sc_scenario_actor_count(sc), 3);
    CHECK_INT(sc_scenario_node_count(sc), 5);
    CHECK_INT(sc_scenario_lane_count(sc), 5);
    CHECK_INT(sc_scenario_item_count(sc), 1);
    CHECK_STR(sc_scenario_actor_id(sc, 0), "sup");
    CHECK_STR(sc_scenario_actor_id(sc, 2), "ship");
    static const char *const ids[] = {"s1", "px", "pm", "wh", "mk"};
    static const char *const kinds[] = {"supplier", "port", "port", "warehouse", "market"};
    for (size_t i = 0; i < 5; i++) {
        CHECK_STR(sc_scenario_node_id(sc, i), ids[i]);
        CHECK_STR(sc_scenario_node_kind(sc, i), kinds[i]);
    }
    /* the six files given, as read, quoted comma included, no '\r' left */
    CHECK_INT(sc_scenario_table_count(sc), 6);
    int ta = table_index(sc, "actors");
    CHECK(ta >= 0);
    if (ta >= 0) {
        CHECK_INT(sc_scenario_table_rows(sc, (size_t)ta), 3);
        CHECK_INT(sc_scenario_table_cols(sc, (size_t)ta), 2);
        CHECK_STR(sc_scenario_table_header(sc, (size_t)ta, 0), "id");
        CHECK_STR(sc_scenario_table_header(sc, (size_t)ta, 1), "name");
        CHECK_STR(sc_scenario_table_cell(sc, (size_t)ta, 0, 1), "Supplier, Co");
        CHECK_STR(sc_scenario_table_cell(sc, (size_t)ta, 2, 1), "Ship Co");
    }
    CHECK(table_index(sc, "bom") < 0); /* optional, absent */
    CHECK_STR(sc->actors[0].name, "Supplier, Co");

    /* experiment defaults (no experiment.csv) */
    sc_experiment_settings e = sc_scenario_experiment(sc);
    CHECK_NEAR(e.horizon_days, 365, 0);
    CHECK_NEAR(e.warmup_days, 0, 0);
    CHECK_INT(e.replications, 10);
    CHECK(e.seed == 1);

    /* internals: resolved references and defaults */
    int s1 = node_index(sc, "s1"), px = node_index(sc, "px"), pm = node_index(sc, "pm");
    int wh = node_index(sc, "wh"), mk = node_index(sc, "mk");
    CHECK(s1 == 0 && px == 1 && pm == 2 && wh == 3 && mk == 4);
    if (!(s1 == 0 && px == 1 && pm == 2 && wh == 3 && mk == 4)) return;
    CHECK_INT(sc->nodes[s1].kind, SC_SUPPLIER);
    CHECK_INT(sc->nodes[s1].actor, 0);
    CHECK_INT(sc->nodes[wh].actor, 1);
    CHECK_NEAR(sc->nodes[s1].capacity_per_day, 50, 0);
    CHECK(isinf(sc->nodes[wh].capacity_per_day));
    CHECK_NEAR(sc->nodes[wh].lat, 45, 0);
    CHECK_NEAR(sc->nodes[wh].lon, 6, 0);
    CHECK_NEAR(sc->nodes[mk].lon, 7, 0);
    CHECK_INT(sc->nodes[px].berths, 3);
    CHECK_INT(sc->nodes[pm].berths, 1);
    CHECK_INT(sc->nodes[pm].handle_dist, SC_DIST_EXPONENTIAL);
    CHECK_INT(sc->nodes[pm].region, -1);
    CHECK_NEAR(sc->items[0].holding_rate_per_year, 0.2, 0);
    CHECK(isnan(sc->items[0].price));

    CHECK_INT(sc->lanes[1].from, px);
    CHECK_INT(sc->lanes[1].to, pm);
    CHECK_INT(sc->lanes[1].mode, SC_SEA);
    CHECK_INT(sc->lanes[1].carrier, 2);
    CHECK(isinf(sc->lanes[1].capacity));
    CHECK_NEAR(sc->lanes[1].departure_every_days, 0, 0);
    CHECK_INT(sc->lanes[1].n_via, 1);
    CHECK_INT(sc->n_chokepoints, 1);
    if (sc->lanes[1].n_via == 1 && sc->n_chokepoints == 1) {
        CHECK_INT(sc->lanes[1].via[0], 0);
        CHECK_STR(sc->chokepoints[0], "suez");
    }
    CHECK_INT(sc->lanes[0].n_via, 0);

    CHECK_INT(sc->n_demands, 1);
    const sc_demand *d = &sc->demands[0];
    CHECK_INT(d->market, mk);
    CHECK_INT(d->item, 0);
    CHECK_NEAR(d->mean_per_day, 5, 0);
    CHECK_INT(d->dist, SC_DEMAND_POISSON);
    CHECK(isinf(d->patience_days) && d->patience_days > 0);
    CHECK_NEAR(d->price, 10, 0); /* neither demand nor item price: unit value */
    CHECK_INT(d->stock, 0);
    CHECK_INT(d->path.n_lanes, 1);
    if (d->path.n_lanes == 1) CHECK_INT(d->path.lanes[0], 4);

    CHECK_INT(sc->n_stocks, 1);
    const sc_stock *k = &sc->stocks[0];
    CHECK_INT(k->node, wh);
    CHECK_INT(k->item, 0);
    CHECK_INT(k->source, s1);
    CHECK_INT(k->source_stock, -1); /* a supplier makes, it holds no row */
    CHECK_INT(k->policy, SC_BASE_STOCK);
    CHECK_NEAR(k->S, 100, 0);
    CHECK_NEAR(k->initial, 100, 0); /* defaults to S */
    CHECK_INT(k->window, 7);
    CHECK_NEAR(k->review_days, 0, 0);
    /* cheapest route s1 -> wh: road, sea, road (cost 4) beats air (cost 20) */
    CHECK_INT(k->path.n_lanes, 3);
    if (k->path.n_lanes == 3) {
        CHECK_INT(k->path.lanes[0], 0);
        CHECK_INT(k->path.lanes[1], 1);
        CHECK_INT(k->path.lanes[2], 2);
    }
}

static void test_valid(void)
{
    bundle b;
    load_bundle(&b, NULL, 0, false, false);
    CHECK_INT(b.status, SC_OK);
    CHECK_INT(b.diags.n, 0);
    if (b.diags.n) print_diags(&b);
    if (b.status == SC_OK && b.sc) check_base(b.sc);
    end_bundle(&b);
}

/* routing=fastest in experiment.csv picks air (3 days) over the sea route
 * (32 days); the other settings are read. */
static void test_fastest_and_settings(void)
{
    const file_text over[] = {{"experiment", "key,value\n"
                                             "routing,fastest\n"
                                             "horizon_days,200\n"
                                             "warmup_days,20\n"
                                             "replications,4\n"
                                             "seed,18446744073709551615\n"}};
    bundle b;
    load_bundle(&b, over, 1, false, false);
    CHECK_INT(b.status, SC_OK);
    if (b.diags.n) print_diags(&b);
    if (b.status == SC_OK) {
        CHECK_INT(b.sc->stocks[0].path.n_lanes, 1);
        if (b.sc->stocks[0].path.n_lanes == 1) CHECK_INT(b.sc->stocks[0].path.lanes[0], 3);
        sc_experiment_settings e = sc_scenario_experiment(b.sc);
        CHECK_NEAR(e.horizon_days, 200, 0);
        CHECK_NEAR(e.warmup_days, 20, 0);
        CHECK_INT(e.replications, 4);
        CHECK(e.seed == UINT64_MAX);
        CHECK_INT(sc_scenario_table_count(b.sc), 7);
    }
    end_bundle(&b);
}

/* A repeated arm:NAME row replaces the earlier one, shocks and mitigations
 * alike, as a repeated key does (docs/scenario-format.md). */
static void test_repeated_arm_row(void)
{
    const file_text over[] = {
        {"shocks", "id,kind,target,start_day,duration_days,severity\n"
                   "closure,chokepoint_closure,chokepoint:suez,10,5,1\n"
                   "outage,node_outage,node:s1,20,5,1\n"},
        {"mitigations", "id,kind,owner,cost_per_year,target,params\n"
                        "warn,early_warning,ret,100,,\n"
                        "fast,expedite_air,ret,100,,\n"},
        {"experiment", "key,value\narms,a\narm:a,closure;warn\narm:a,outage;fast\n"}};
    bundle b;
    load_bundle(&b, over, 3, false, false);
    CHECK_INT(b.status, SC_OK);
    if (b.diags.n) print_diags(&b);
    if (b.status == SC_OK && b.sc->n_arms == 1) {
        const sc_arm *a = &b.sc->arms[0];
        CHECK(!a->shock_on[0] && a->shock_on[1]);
        CHECK(!a->mitigation_on[0] && a->mitigation_on[1]);
    } else {
        CHECK(0);
    }
    end_bundle(&b);
}

static void test_crlf_bom(void)
{
    bundle b;
    load_bundle(&b, NULL, 0, true, true);
    CHECK_INT(b.status, SC_OK);
    CHECK_INT(b.diags.n, 0);
    if (b.diags.n) print_diags(&b);
    if (b.status == SC_OK && b.sc) {
        check_base(b.sc);
        /* the last column of each row ends before the '\r' */
        int tn = table_index(b.sc, "nodes");
        CHECK(tn >= 0);
        if (tn >= 0) {
            CHECK_STR(sc_scenario_table_cell(b.sc, (size_t)tn, 1, 6), "3");
            CHECK_STR(sc_scenario_table_cell(b.sc, (size_t)tn, 4, 6), "");
            CHECK_STR(sc_scenario_table_header(b.sc, (size_t)tn, 0), "id");
            CHECK_STR(sc_scenario_table_header(b.sc, (size_t)tn, 6), "berths");
        }
    }
    end_bundle(&b);

    /* each separately: CRLF only, BOM only */
    load_bundle(&b, NULL, 0, true, false);
    CHECK_INT(b.status, SC_OK);
    end_bundle(&b);
    load_bundle(&b, NULL, 0, false, true);
    CHECK_INT(b.status, SC_OK);
    end_bundle(&b);

    /* with CRLF and a BOM, positions are still exact: the BOM takes no
     * column, the '\r' ends the line */
    const file_text over[] = {{"items", "id,unit_value,price\nw,x10,\n"}};
    load_bundle(&b, over, 1, true, true);
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK_INT(b.diags.n, 1);
    CHECK(has_diag(&b, "items.csv", 2, 3, "unit_value: 'x10' is not a number"));
    end_bundle(&b);

    const file_text over2[] = {{"items", "idx,unit_value\nw,10\n"}};
    load_bundle(&b, over2, 1, true, true);
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK(has_diag(&b, "items.csv", 1, 1, "unknown column 'idx' in items.csv"));
    end_bundle(&b);
}

/* ---- errors, one at a time ----------------------------------------------- */

static void test_single_errors(void)
{
    ONE("unknown column", "items.csv", 1, 15, "unknown column 'colour' in items.csv",
        {"items", "id,unit_value,colour\nw,10,red\n"});
    ONE("missing required column", "items.csv", 1, 1, "missing required column 'unit_value'",
        {"items", "id,price\nw,3\n"});
    ONE("bad number", "items.csv", 2, 3, "unit_value: '1O' is not a number",
        {"items", "id,unit_value,price\nw,1O,\n"});
    ONE("trailing junk", "items.csv", 2, 3, "unit_value: '10kg' is not a number",
        {"items", "id,unit_value,price\nw,10kg,\n"});
    ONE("NaN", "items.csv", 2, 3, "unit_value: 'nan' is not a finite number",
        {"items", "id,unit_value,price\nw,nan,\n"});
    ONE("inf", "items.csv", 2, 6, "price: 'inf' is not a finite number",
        {"items", "id,unit_value,price\nw,10,inf\n"});
    ONE("negative capacity", "nodes.csv", 2, 23, "capacity_per_day: -5 must not be negative",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,-5,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,\n"
                  "mk,market,ret,46,7,,\n"});
    ONE("port fee off a port", "nodes.csv", 5, 24,
        "port_fee_per_unit: only a port charges port fees",
        {"nodes", "id,kind,actor,lat,lon,berths,port_fee_per_unit\n"
                  "s1,supplier,sup,10,20,,\n"
                  "px,port,ship,11,21,3,1.5\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,2\n"
                  "mk,market,ret,46,7,,\n"});
    ONE("negative penalty", "demand.csv", 2, 8, "penalty_per_unit: -1 must not be negative",
        {"demand", "market,item,mean_per_day,penalty_per_unit\nmk,w,5,-1\n"});
    ONE("negative lane capacity", "lanes.csv", 3, 1, "capacity: -1 must not be negative",
        {"lanes", "capacity,id,from,to,mode,carrier,transit_days,cost_per_unit,via\n"
                  ",s1_px,s1,px,road,ship,1,1,\n"
                  "-1,px_pm,px,pm,sea,ship,30,2,suez\n"
                  ",pm_wh,pm,wh,road,ship,1,1,\n"
                  ",s1_wh,s1,wh,air,ship,3,20,\n"
                  ",wh_mk,wh,mk,road,ship,1,0.5,\n"});
    ONE("lat out of range", "nodes.csv", 5, 18, "lat: 91 is out of range [-90, 90]",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,91,6,,\n"
                  "mk,market,ret,46,7,,\n"});
    ONE("lon out of range", "nodes.csv", 6, 18, "lon: -180.5 is out of range [-180, 180]",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,\n"
                  "mk,market,ret,46,-180.5,,\n"});
    ONE("unknown id reference", "lanes.csv", 4, 10, "to: unknown node 'whx'",
        {"lanes", "id,from,to,mode,carrier,transit_days,cost_per_unit,via\n"
                  "s1_px,s1,px,road,ship,1,1,\n"
                  "px_pm,px,pm,sea,ship,30,2,suez\n"
                  "pm_wh,pm,whx,road,ship,1,1,\n"
                  "s1_wh,s1,wh,air,ship,3,20,\n"
                  "wh_mk,wh,mk,road,ship,1,0.5,\n"});
    ONE("unknown actor", "nodes.csv", 3, 9, "actor: unknown actor 'shop'",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,shop,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,\n"
                  "mk,market,ret,46,7,,\n"});
    ONE("duplicate id", "actors.csv", 5, 1, "id: duplicate actor id 'sup'",
        {"actors", "id,name\nsup,S\nret,R\nship,Sh\nsup,Again\n"});
    ONE("BOM cycle", "bom.csv", 3, 7, "input: bill of materials cycle: 'a' is (indirectly) made",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,\n"
                  "mk,market,ret,46,7,,\n"
                  "fac,plant,sup,1,1,,\n"},
        {"items", "id,unit_value,price\nw,10,\na,1,\nb,1,\n"},
        {"bom", "plant,output,input,qty\nfac,a,b,1\nfac,b,a,1\n"},
        {"inventory", "node,item,policy,source,S\n"
                      "wh,w,base_stock,s1,100\n"
                      "fac,a,base_stock,fac,10\n"
                      "fac,b,base_stock,fac,10\n"});
    ONE("unreachable market", "demand.csv", 3, 1,
        "market: no source can reach market 'mk2' with item 'w'",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,\n"
                  "mk,market,ret,46,7,,\n"
                  "mk2,market,ret,47,8,,\n"},
        {"demand", "market,item,mean_per_day\nmk,w,5\nmk2,w,3\n"});
    ONE("malformed quoted field", "nodes.csv", 5, 22, "malformed CSV",
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,\"45\"x,6,,\n"
                  "mk,market,ret,46,7,,\n"});
    /* reported where the unterminated field starts: its opening quote */
    ONE("unterminated quote", "demand.csv", 2, 6, "unterminated quoted field",
        {"demand", "market,item,mean_per_day\nmk,w,\"5\n"});
    ONE("too many fields", "inventory.csv", 2, 1, "row has 6 fields but the header has 5",
        {"inventory", "node,item,policy,source,S\nwh,w,base_stock,s1,100,7\n"});
    ONE("too few fields", "inventory.csv", 2, 1, "row has 4 fields but the header has 5",
        {"inventory", "node,item,policy,source,S\nwh,w,base_stock,s1\n"});
    ONE("missing required file", "demand.csv", 0, 0, "cannot read required file", {"demand", NULL});
    ONE("unknown experiment key", "experiment.csv", 2, 1, "key: unknown experiment key 'horizon'",
        {"experiment", "key,value\nhorizon,100\n"});
    /* the warmup error points at the warmup_days row, whatever the column
     * order of experiment.csv */
    ONE("warmup too long", "experiment.csv", 3, 1,
        "value: warmup_days (300) must be shorter than horizon_days (200)",
        {"experiment", "value,key\n200,horizon_days\n300,warmup_days\n"});
}

/* ---- several errors at once ---------------------------------------------- */

static void test_all_errors_reported(void)
{
    /* six problems in the rows of five files */
    const file_text over[] = {
        {"actors", "id,name\nsup,S\nret,R\nship,Sh\nret,Again\n"},
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,91,6,,\n"
                  "mk,market,ret,46,-200,,\n"},
        {"items", "id,unit_value,price\nw,10,abc\n"},
        {"lanes", "id,from,to,mode,carrier,transit_days,cost_per_unit,via\n"
                  "s1_px,s1,px,road,ship,1,1,\n"
                  "px_pm,nope,pm,sea,ship,30,2,suez\n"
                  "pm_wh,pm,wh,road,ship,1,1,\n"
                  "s1_wh,s1,wh,air,ship,3,20,\n"
                  "wh_mk,wh,mk,road,ship,1,0.5,\n"},
        {"inventory", "node,item,policy,source,S\nwh,w,magic,s1,100\n"},
    };
    bundle b;
    load_bundle(&b, over, sizeof over / sizeof over[0], false, false);
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK(b.sc == NULL);
    CHECK_INT(b.diags.n, 6);
    CHECK(has_diag(&b, "actors.csv", 5, 1, "duplicate actor id 'ret'"));
    CHECK(has_diag(&b, "nodes.csv", 5, 18, "lat: 91 is out of range"));
    CHECK(has_diag(&b, "nodes.csv", 6, 18, "lon: -200 is out of range"));
    CHECK(has_diag(&b, "items.csv", 2, 6, "price: 'abc' is not a number"));
    CHECK(has_diag(&b, "lanes.csv", 3, 7, "from: unknown node 'nope'"));
    CHECK(has_diag(&b, "inventory.csv", 2, 6, "policy: 'magic' is not one of base_stock"));
    if (b.diags.n != 6) print_diags(&b);
    end_bundle(&b);

    /* four problems with the files themselves: all reported, none hides another */
    const file_text files[] = {
        {"lanes", NULL},
        {"items", "id,unit_value,weight\nw,10,3\n"},
        {"inventory", "node,item,policy,source,S\nwh,w,base_stock,s1\n"},
        {"demand", "market,item,mean_per_day\nmk,\"w\"5\n"},
    };
    load_bundle(&b, files, sizeof files / sizeof files[0], false, false);
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK(b.sc == NULL);
    CHECK_INT(b.diags.n, 4);
    CHECK(has_diag(&b, "lanes.csv", 0, 0, "cannot read required file"));
    CHECK(has_diag(&b, "items.csv", 1, 15, "unknown column 'weight'"));
    CHECK(has_diag(&b, "inventory.csv", 2, 1, "row has 4 fields"));
    CHECK(has_diag(&b, "demand.csv", 2, 7, "malformed CSV"));
    if (b.diags.n != 4) print_diags(&b);
    end_bundle(&b);
}

/* Column, cell and network problems of one bundle come out together: an
 * unknown column does not hide a bad cell, and a bad value (which keeps its
 * default) does not hide an unreachable market.  Broken references do stop
 * the network checks, which would only echo them. */
static void test_stages_reported_together(void)
{
    const file_text over[] = {
        {"items", "id,unit_value,price,colour\nw,1O,,red\n"},
        {"nodes", "id,kind,actor,lat,lon,capacity_per_day,berths\n"
                  "s1,supplier,sup,10,20,50,\n"
                  "px,port,ship,11,21,,3\n"
                  "pm,port,ship,40,5,,\n"
                  "wh,warehouse,ret,45,6,,\n"
                  "mk,market,ret,46,7,,\n"
                  "mk2,market,ret,47,8,,\n"},
        {"demand", "market,item,mean_per_day\nmk,w,5\nmk2,w,3\n"},
    };
    bundle b;
    load_bundle(&b, over, sizeof over / sizeof over[0], false, false);
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK_INT(b.diags.n, 3);
    CHECK(has_diag(&b, "items.csv", 1, 21, "unknown column 'colour'"));
    CHECK(has_diag(&b, "items.csv", 2, 3, "unit_value: '1O' is not a number"));
    CHECK(has_diag(&b, "demand.csv", 3, 1, "no source can reach market 'mk2'"));
    if (b.diags.n != 3) print_diags(&b);
    end_bundle(&b);

    /* A missing required column is reported once, not once per row, and
     * the other files' cells are still checked. */
    const file_text missing[] = {
        {"lanes", "id,from,to,mode,carrier,cost_per_unit,via\n"
                  "s1_px,s1,px,road,ship,1,\n"
                  "px_pm,px,pm,sea,ship,2,suez\n"
                  "pm_wh,pm,wh,road,ship,1,\n"
                  "s1_wh,s1,wh,air,ship,20,\n"
                  "wh_mk,wh,mk,road,ship,0.5,\n"},
        {"demand", "market,item,mean_per_day\nmk,w,-5\n"},
    };
    load_bundle(&b, missing, sizeof missing / sizeof missing[0], false, false);
    CHECK_INT(b.status, SC_ERR_INPUT);
    CHECK_INT(b.diags.n, 2);
    CHECK(has_diag(&b, "lanes.csv", 1, 1, "missing required column 'transit_days'"));
    CHECK(has_diag(&b, "demand.csv", 2, 6, "mean_per_day: -5 must not be negative"));
    if (b.diags.n != 2) print_diags(&b);
    end_bundle(&b);
}

/* A folder that does not exist: every required file is missing. */
static void test_no_folder(void)
{
    sc_diags d = {0};
    sc_scenario *sc = (sc_scenario *)&d;
    sc_status st = sc_scenario_load("/nonexistent/sctwin/bundle", &sc, &d);
    CHECK_INT(st, SC_ERR_INPUT);
    CHECK(sc == NULL);
    CHECK_INT(d.n, 6); /* actors, nodes, items, lanes, demand, inventory */
    sc_diags_free(&d);
}

int main(void)
{
    test_valid();
    test_fastest_and_settings();
    test_repeated_arm_row();
    test_crlf_bom();
    test_single_errors();
    test_all_errors_reported();
    test_stages_reported_together();
    test_no_folder();
    return sc_check_report("test_scenario_csv");
}
