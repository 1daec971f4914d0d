/*
 * Mapping a Willems chain onto the model (docs/import.md has the table).
 *
 * Every stage produces or holds one item: a stage with no upstream stage is
 * a supplier of its own item; a Manuf or Part stage (or any other stage
 * joining several items) is a plant whose bill of materials is its upstream
 * arcs; a Trans stage with one upstream stage and no demand of its own is
 * folded into the lanes through it (its time becomes transit time); a Dist
 * stage, or another one with a single upstream item, is a warehouse of that
 * item; a Retail stage at the end of the chain is a market.  Each node
 * stocks its item under base stock, sized by the normal quantile over the
 * demand of its protection period; plants' inputs pass through (S = 0), so
 * the stock of a stage is the only stock of its item, as in Graves and
 * Willems's guaranteed-service model.  All passes are linear in stages and
 * arcs (after one topological sort), so 2,025 stages and 16,225 arcs map
 * in milliseconds.
 */
#include "import/willems.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"

/* Arcs by stage, compressed: arcs of stage s are idx[start[s] .. start[s+1]). */
typedef struct adjacency {
    int *start, *idx;
} adjacency;

typedef struct planner {
    const sc_chain *c;
    const char *path;
    sc_diags *diags;
    sc_plan *p;
    adjacency up, down;
    int *order; /* topological: every stage after its upstream stages */
    int *mark, *slot;
    double *cost_in; /* lanes: cost of the Trans stages folded up to and including this one */
    int cap_lanes, cap_bom, cap_stocks, cap_demands;
    bool oom;
} planner;

static bool build_adjacency(const sc_chain *c, adjacency *a, bool by_to)
{
    a->start = calloc((size_t)c->n_stages + 1, sizeof *a->start);
    a->idx = malloc((size_t)(c->n_arcs ? c->n_arcs : 1) * sizeof *a->idx);
    if (!a->start || !a->idx) return false;
    for (int k = 0; k < c->n_arcs; k++)
        a->start[(by_to ? c->arcs[k].to : c->arcs[k].from) + 1]++;
    for (int s = 0; s < c->n_stages; s++)
        a->start[s + 1] += a->start[s];
    int *fill = malloc((size_t)c->n_stages * sizeof *fill + 1);
    if (!fill) return false;
    memcpy(fill, a->start, (size_t)c->n_stages * sizeof *fill);
    for (int k = 0; k < c->n_arcs; k++)
        a->idx[fill[by_to ? c->arcs[k].to : c->arcs[k].from]++] = k;
    free(fill);
    return true;
}

static int n_up(const planner *P, int s)
{
    return P->up.start[s + 1] - P->up.start[s];
}

static int n_down(const planner *P, int s)
{
    return P->down.start[s + 1] - P->down.start[s];
}

/* Kahn's algorithm; a cycle is reported at an arc on it and gives false. */
static bool topo_sort(planner *P)
{
    const sc_chain *c = P->c;
    int *pending = malloc((size_t)c->n_stages * sizeof *pending + 1);
    if (!pending) return P->oom = true, false;
    int head = 0, tail = 0;
    for (int s = 0; s < c->n_stages; s++)
        if ((pending[s] = n_up(P, s)) == 0) P->order[tail++] = s;
    while (head < tail) {
        int s = P->order[head++];
        for (int k = P->down.start[s]; k < P->down.start[s + 1]; k++) {
            int d = c->arcs[P->down.idx[k]].to;
            if (--pending[d] == 0) P->order[tail++] = d;
        }
    }
    bool ok = tail == c->n_stages;
    for (int k = 0; !ok && k < c->n_arcs; k++) {
        const sc_arc *a = &c->arcs[k];
        if (pending[a->from] > 0 && pending[a->to] > 0) {
            sc_diags_add(P->diags, P->path, a->line, a->col,
                         "arc %s -> %s is on a cycle of stages (a chain must be acyclic)",
                         c->stages[a->from].name, c->stages[a->to].name);
            break;
        }
    }
    free(pending);
    return ok;
}

/* The item an upstream stage u hands on, and where it leaves from. */
static int item_of(const planner *P, int u)
{
    return P->p->stages[u].item;
}

/* Distinct items among the upstream stages of s (0, 1 or "more": 2). */
static int distinct_up_items(const planner *P, int s)
{
    int first = -1;
    for (int k = P->up.start[s]; k < P->up.start[s + 1]; k++) {
        int it = item_of(P, P->c->arcs[P->up.idx[k]].from);
        if (first < 0)
            first = it;
        else if (it != first)
            return 2;
    }
    return first < 0 ? 0 : 1;
}

static void assign_roles(planner *P)
{
    const sc_chain *c = P->c;
    for (int i = 0; i < c->n_stages; i++) {
        int s = P->order[i];
        const sc_stage *st = &c->stages[s];
        sc_plan_stage *ps = &P->p->stages[s];
        ps->origin = s;
        ps->item = s;
        if (n_up(P, s) == 0) {
            ps->role = SC_ROLE_SUPPLIER;
        } else if (st->cls == SC_STAGE_TRANS && n_up(P, s) == 1 && !st->has_demand &&
                   n_down(P, s) > 0) {
            int u = c->arcs[P->up.idx[P->up.start[s]]].from;
            const sc_plan_stage *pu = &P->p->stages[u];
            ps->role = SC_ROLE_LANE;
            ps->item = pu->item;
            ps->origin = pu->origin;
            bool folded = pu->role == SC_ROLE_LANE;
            ps->transit = (folded ? pu->transit : 0) + st->time;
            ps->transit_var = (folded ? pu->transit_var : 0) + st->time_sd * st->time_sd;
            P->cost_in[s] = (folded ? P->cost_in[u] : 0) + st->cost;
        } else if (st->cls == SC_STAGE_RETAIL && n_down(P, s) == 0) {
            ps->role = SC_ROLE_MARKET;
            ps->item = -1;
        } else if (st->cls == SC_STAGE_PART || st->cls == SC_STAGE_MANUF ||
                   distinct_up_items(P, s) > 1) {
            ps->role = SC_ROLE_PLANT;
        } else {
            ps->role = SC_ROLE_WAREHOUSE;
            ps->item = item_of(P, c->arcs[P->up.idx[P->up.start[s]]].from);
        }
        ps->extra_market = st->has_demand && ps->role != SC_ROLE_MARKET;
    }
}

/* Demand through each stage (its own plus its downstream stages', pooled),
 * the service quantile it must meet, and its depth. */
static void propagate_demand(planner *P)
{
    const sc_chain *c = P->c;
    double z_default = gsl_cdf_ugaussian_Pinv(SC_WILLEMS_DEFAULT_SERVICE);
    for (int i = c->n_stages - 1; i >= 0; i--) {
        int s = P->order[i];
        const sc_stage *st = &c->stages[s];
        sc_plan_stage *ps = &P->p->stages[s];
        double pw = st->risk_pool;
        double mu = st->has_demand ? st->demand_mean : 0;
        double acc = st->has_demand ? pow(st->demand_sd, pw) : 0;
        double z = st->has_demand ? (isnan(st->z) ? z_default : st->z) : -INFINITY;
        int depth = 0;
        for (int k = P->down.start[s]; k < P->down.start[s + 1]; k++) {
            const sc_arc *a = &c->arcs[P->down.idx[k]];
            const sc_plan_stage *pd = &P->p->stages[a->to];
            mu += a->qty * pd->mu;
            acc += pow(a->qty * pd->sigma, pw);
            if (pd->z > z) z = pd->z;
            if (pd->depth + 1 > depth) depth = pd->depth + 1;
        }
        ps->mu = mu;
        ps->sigma = pow(acc, 1 / pw);
        ps->z = isinf(z) ? z_default : z;
        ps->depth = depth;
    }
}

static bool grow(void **p, int *cap, int n, size_t size)
{
    if (n < *cap) return true;
    int c = *cap ? 2 * *cap : 64;
    void *q = realloc(*p, (size_t)c * size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

static double cv_of(double mean, double var)
{
    if (mean <= 0 || var <= 0) return 0;
    double cv = sqrt(var) / mean;
    return cv > 100 ? 100 : cv; /* the model's bound on a cv */
}

/* Adds the lane origin(u) -> s for arc k, or keeps the faster of two lanes
 * between the same nodes; returns the lane's index. */
static int lane_for(planner *P, int s, int u)
{
    const sc_stage *st = &P->c->stages[s];
    const sc_plan_stage *pu = &P->p->stages[u], *ps = &P->p->stages[s];
    bool folded = pu->role == SC_ROLE_LANE;
    bool own_time = ps->role == SC_ROLE_WAREHOUSE || ps->role == SC_ROLE_MARKET;
    double transit = (folded ? pu->transit : 0) + (own_time ? st->time : 0);
    double var = (folded ? pu->transit_var : 0) + (own_time ? st->time_sd * st->time_sd : 0);
    int o = pu->origin;
    if (P->mark[o] == s) {
        sc_plan_lane *l = &P->p->lanes[P->slot[o]];
        if (transit < l->transit) *l = (sc_plan_lane){o, s, false, transit, cv_of(transit, var)};
        return P->slot[o];
    }
    if (!grow((void **)&P->p->lanes, &P->cap_lanes, P->p->n_lanes, sizeof *P->p->lanes)) {
        P->oom = true;
        return -1;
    }
    P->mark[o] = s;
    P->slot[o] = P->p->n_lanes;
    P->p->lanes[P->p->n_lanes] = (sc_plan_lane){o, s, false, transit, cv_of(transit, var)};
    return P->p->n_lanes++;
}

/* Lanes into s, and what they bring: a plant's BOM and pass-through input
 * stocks, a market's demand streams; sets the stage's lead time. */
static void wire_stage(planner *P, int s, sc_plan_stock **inputs, int *n_in, int *cap_in)
{
    const sc_chain *c = P->c;
    sc_plan *p = P->p;
    sc_plan_stage *ps = &p->stages[s];
    const sc_stage *st = &c->stages[s];
    if (ps->role == SC_ROLE_LANE || ps->role == SC_ROLE_SUPPLIER) {
        ps->lead_days = ps->role == SC_ROLE_SUPPLIER ? st->time : 0;
        return;
    }
    int first_bom = p->n_bom, first_in = *n_in, first_dem = p->n_demands;
    double longest = 0;
    for (int k = P->up.start[s]; k < P->up.start[s + 1] && !P->oom; k++) {
        const sc_arc *a = &c->arcs[P->up.idx[k]];
        int lane = lane_for(P, s, a->from);
        if (lane < 0) return;
        int it = item_of(P, a->from);
        if (ps->role == SC_ROLE_PLANT) {
            int b = first_bom;
            while (b < p->n_bom && p->bom[b].input != it)
                b++;
            if (b < p->n_bom) {
                p->bom[b].qty += a->qty;
                continue;
            }
            if (!grow((void **)&p->bom, &P->cap_bom, p->n_bom, sizeof *p->bom) ||
                !grow((void **)inputs, cap_in, *n_in, sizeof **inputs)) {
                P->oom = true;
                return;
            }
            p->bom[p->n_bom++] = (sc_plan_bom){s, it, a->qty};
            (*inputs)[(*n_in)++] = (sc_plan_stock){s, it, p->stages[a->from].origin, 0, 0};
        } else if (ps->role == SC_ROLE_WAREHOUSE) {
            longest = p->lanes[lane].transit;
            break; /* its one item comes from its first upstream stage */
        } else {   /* market */
            int d = first_dem;
            while (d < p->n_demands && p->demands[d].item != it)
                d++;
            if (d == p->n_demands) {
                if (!grow((void **)&p->demands, &P->cap_demands, p->n_demands,
                          sizeof *p->demands)) {
                    P->oom = true;
                    return;
                }
                p->demands[p->n_demands++] = (sc_plan_demand){s, it, false, 0, 0};
            }
            double mean = st->has_demand ? a->qty * st->demand_mean : 0;
            double sd = st->has_demand ? a->qty * st->demand_sd : 0;
            p->demands[d].mean += mean;
            p->demands[d].sd = sqrt(p->demands[d].sd * p->demands[d].sd + sd * sd);
        }
    }
    /* After every arc: a later one may have made a lane faster. */
    for (int k = first_in; k < *n_in; k++) {
        double t = p->lanes[P->slot[(*inputs)[k].source]].transit;
        if (t > longest) longest = t;
    }
    ps->lead_days = ps->role == SC_ROLE_PLANT ? st->time + longest : longest;
    if (ps->extra_market) {
        if (!grow((void **)&p->lanes, &P->cap_lanes, p->n_lanes, sizeof *p->lanes) ||
            !grow((void **)&p->demands, &P->cap_demands, p->n_demands, sizeof *p->demands)) {
            P->oom = true;
            return;
        }
        p->lanes[p->n_lanes++] = (sc_plan_lane){s, s, true, 0, 0};
        p->demands[p->n_demands++] =
            (sc_plan_demand){s, ps->item, true, st->demand_mean, st->demand_sd};
    }
}

/* A supplier with external demand has no inbound lanes, so its market lane
 * and demand are added here. */
static void wire_supplier_market(planner *P, int s)
{
    sc_plan *p = P->p;
    const sc_stage *st = &P->c->stages[s];
    if (!grow((void **)&p->lanes, &P->cap_lanes, p->n_lanes, sizeof *p->lanes) ||
        !grow((void **)&p->demands, &P->cap_demands, p->n_demands, sizeof *p->demands)) {
        P->oom = true;
        return;
    }
    p->lanes[p->n_lanes++] = (sc_plan_lane){s, s, true, 0, 0};
    p->demands[p->n_demands++] = (sc_plan_demand){s, s, true, st->demand_mean, st->demand_sd};
}

static double base_stock(const sc_plan_stage *ps)
{
    double t = ps->lead_days + 1; /* protection period: lead time + the day between batches */
    double S = ps->mu * t + ps->z * ps->sigma * sqrt(t);
    return S > 0 ? S : 0;
}

/* Stocks: every node's own item first (so a market's primary stocking point
 * is its supplier's stock, never a plant's pass-through input), then inputs. */
static void wire(planner *P)
{
    const sc_chain *c = P->c;
    sc_plan *p = P->p;
    sc_plan_stock *inputs = NULL;
    int n_in = 0, cap_in = 0;
    for (int s = 0; s < c->n_stages && !P->oom; s++) {
        wire_stage(P, s, &inputs, &n_in, &cap_in);
        if (!P->oom && p->stages[s].role == SC_ROLE_SUPPLIER && p->stages[s].extra_market)
            wire_supplier_market(P, s);
    }
    int n_own = 0;
    for (int s = 0; s < c->n_stages; s++)
        n_own += p->stages[s].role != SC_ROLE_LANE && p->stages[s].role != SC_ROLE_MARKET;
    p->stocks = malloc((size_t)(n_own + n_in + 1) * sizeof *p->stocks);
    if (P->oom || !p->stocks) {
        free(inputs);
        P->oom = true;
        return;
    }
    for (int s = 0; s < c->n_stages; s++) {
        sc_plan_stage *ps = &p->stages[s];
        if (ps->role == SC_ROLE_LANE || ps->role == SC_ROLE_MARKET) continue;
        int source = s;
        if (ps->role == SC_ROLE_WAREHOUSE)
            source = p->stages[c->arcs[P->up.idx[P->up.start[s]]].from].origin;
        ps->base_stock = base_stock(ps);
        p->stocks[p->n_stocks++] = (sc_plan_stock){s, ps->item, source, 1, ps->base_stock};
    }
    if (n_in) memcpy(p->stocks + p->n_stocks, inputs, (size_t)n_in * sizeof *inputs);
    p->n_stocks += n_in;
    free(inputs);
}

/* Cumulative cost of each own item: its stage's cost plus its inputs'. */
static void value_items(planner *P)
{
    const sc_chain *c = P->c;
    for (int i = 0; i < c->n_stages; i++) {
        int s = P->order[i];
        sc_plan_stage *ps = &P->p->stages[s];
        if (ps->role != SC_ROLE_SUPPLIER && ps->role != SC_ROLE_PLANT) continue;
        double v = c->stages[s].cost;
        for (int k = P->up.start[s]; k < P->up.start[s + 1]; k++) {
            const sc_arc *a = &c->arcs[P->up.idx[k]];
            v += a->qty * (P->p->stages[item_of(P, a->from)].unit_value + P->cost_in[a->from]);
        }
        ps->unit_value = v;
    }
}

/* Echelons from west (most upstream) to east (the markets), stages of one
 * echelon spread north to south in file order. */
static void lay_out(planner *P)
{
    const sc_chain *c = P->c;
    int max_depth = 0;
    for (int s = 0; s < c->n_stages; s++)
        if (P->p->stages[s].depth > max_depth) max_depth = P->p->stages[s].depth;
    int *count = calloc((size_t)max_depth + 1, sizeof *count);
    int *rank = calloc((size_t)max_depth + 1, sizeof *rank);
    if (!count || !rank) {
        free(count);
        free(rank);
        P->oom = true;
        return;
    }
    for (int s = 0; s < c->n_stages; s++)
        if (P->p->stages[s].role != SC_ROLE_LANE) count[P->p->stages[s].depth]++;
    for (int s = 0; s < c->n_stages; s++) {
        sc_plan_stage *ps = &P->p->stages[s];
        int d = ps->depth;
        /* Within 160 degrees, so that every lane's great circle runs east. */
        ps->lon = max_depth ? -80 + 160.0 * (max_depth - d) / max_depth : 0;
        if (ps->role == SC_ROLE_LANE) {
            ps->lat = 0;
            continue;
        }
        ps->lat = 60 - 120.0 * (rank[d]++ + 0.5) / count[d];
    }
    free(count);
    free(rank);
}

/* The default experiment's outage: the plant (else the supplier) carrying
 * the most demand. */
static int pick_outage(const sc_plan *p)
{
    int best = -1;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        sc_stage_role want = pass == 0 ? SC_ROLE_PLANT : SC_ROLE_SUPPLIER;
        for (int s = 0; s < p->chain->n_stages; s++)
            if (p->stages[s].role == want && (best < 0 || p->stages[s].mu > p->stages[best].mu))
                best = s;
    }
    return best;
}

/* A stage named like another stage's market node would clash with it. */
static bool check_market_names(planner *P)
{
    const sc_chain *c = P->c;
    sc_idmap names;
    if (!sc_idmap_init(&names, (size_t)c->n_stages + 1)) return P->oom = true, false;
    for (int s = 0; s < c->n_stages; s++)
        sc_idmap_put(&names, c->stages[s].name, s);
    bool ok = true;
    for (int s = 0; s < c->n_stages; s++) {
        if (!P->p->stages[s].extra_market) continue;
        char id[1024];
        snprintf(id, sizeof id, "%s_market", c->stages[s].name);
        int other = sc_idmap_get(&names, id);
        if (other >= 0) {
            sc_diags_add(P->diags, P->path, c->stages[other].line, 1,
                         "stage '%s' has the name of the market node of stage '%s'", id,
                         c->stages[s].name);
            ok = false;
        }
    }
    sc_idmap_free(&names);
    return ok;
}

/* Stages whose goods have nowhere to go: usually a chain cut out of a larger
 * one, or a typo in an up_stages list, so the user hears of each. */
static void find_dead_ends(planner *P)
{
    const sc_chain *c = P->c;
    sc_plan *p = P->p;
    for (int s = 0; s < c->n_stages; s++) {
        if (n_down(P, s) > 0 || c->stages[s].has_demand) continue;
        if (!p->dead_ends && !(p->dead_ends = malloc((size_t)c->n_stages * sizeof *p->dead_ends))) {
            P->oom = true;
            return;
        }
        p->dead_ends[p->n_dead_ends++] = s;
    }
}

static void free_planner(planner *P)
{
    free(P->up.start);
    free(P->up.idx);
    free(P->down.start);
    free(P->down.idx);
    free(P->order);
    free(P->mark);
    free(P->slot);
    free(P->cost_in);
}

sc_status sc_willems_plan(const sc_chain *chain, const char *path, sc_plan *out, sc_diags *diags)
{
    *out = (sc_plan){.chain = chain, .outage_stage = -1};
    size_t n = (size_t)chain->n_stages + 1;
    planner P = {.c = chain, .path = path, .diags = diags, .p = out};
    out->stages = calloc(n, sizeof *out->stages);
    P.order = malloc(n * sizeof *P.order);
    P.mark = malloc(n * sizeof *P.mark);
    P.slot = malloc(n * sizeof *P.slot);
    P.cost_in = calloc(n, sizeof *P.cost_in);
    sc_status st = SC_OK;
    if (!out->stages || !P.order || !P.mark || !P.slot || !P.cost_in ||
        !build_adjacency(chain, &P.up, true) || !build_adjacency(chain, &P.down, false)) {
        st = SC_ERR_NOMEM;
    } else if (!topo_sort(&P)) {
        st = P.oom ? SC_ERR_NOMEM : SC_ERR_INPUT;
    } else {
        for (size_t k = 0; k < n; k++)
            P.mark[k] = -1;
        assign_roles(&P);
        if (!check_market_names(&P)) {
            st = P.oom ? SC_ERR_NOMEM : SC_ERR_INPUT;
        } else {
            propagate_demand(&P);
            wire(&P);
            value_items(&P);
            lay_out(&P);
            out->outage_stage = pick_outage(out);
            find_dead_ends(&P);
            if (P.oom) st = SC_ERR_NOMEM;
        }
    }
    free_planner(&P);
    if (st != SC_OK) sc_plan_free(out);
    return st;
}

void sc_plan_free(sc_plan *p)
{
    if (!p) return;
    free(p->stages);
    free(p->lanes);
    free(p->bom);
    free(p->stocks);
    free(p->demands);
    free(p->dead_ends);
    *p = (sc_plan){.outage_stage = -1};
}
