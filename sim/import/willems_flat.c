/*
 * The flattened-XML flavour of the Willems data set (flat_NN.csv): a first
 * line "/chain,,,", then a header of XPath names (/arcs/arc/@from,
 * /stages/stage/@stageName, ...), then rows that are either arcs (from, to)
 * or stages (name, classification, time, cost, demand, service level, and
 * optionally the stage time's spread: stDevStageTime, or a discrete
 * distribution StageTime_K_p / StageTime_K_v).  Columns are found by name;
 * columns the import does not use (company, relDepth, xPos, ...) are
 * skipped.
 */
#include "import/willems_parse.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_POINTS 16

typedef struct flat_cols {
    int from, to, name, cls, time, time_sd, cost, mean, sd, service;
    int p[MAX_POINTS], v[MAX_POINTS];
} flat_cols;

static int find(const sc_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(sc_table_cell(t, 0, c), name) == 0) return (int)c;
    return -1;
}

static void find_columns(sc_chain_builder *b, flat_cols *fc)
{
    const sc_table *t = b->t;
    fc->from = find(t, "/arcs/arc/@from");
    fc->to = find(t, "/arcs/arc/@to");
    fc->name = find(t, "/stages/stage/@stageName");
    fc->cls = find(t, "/stages/stage/@stageClassification");
    fc->time = find(t, "/stages/stage/@stageTime");
    fc->time_sd = find(t, "/stages/stage/@stDevStageTime");
    fc->cost = find(t, "/stages/stage/@stageCost");
    fc->mean = find(t, "/stages/stage/@avgDemand");
    fc->sd = find(t, "/stages/stage/@stDevDemand");
    fc->service = find(t, "/stages/stage/@serviceLevel");
    for (int k = 0; k < MAX_POINTS; k++) {
        char name[64];
        snprintf(name, sizeof name, "/stages/stage/@StageTime_%d_p", k + 1);
        fc->p[k] = find(t, name);
        snprintf(name, sizeof name, "/stages/stage/@StageTime_%d_v", k + 1);
        fc->v[k] = find(t, name);
    }
    int line = t->nrows ? t->cell_line[0] : 2;
    const char *required[] = {"/arcs/arc/@from", "/arcs/arc/@to", "/stages/stage/@stageName",
                              "/stages/stage/@stageClassification", "/stages/stage/@stageTime"};
    int at[] = {fc->from, fc->to, fc->name, fc->cls, fc->time};
    for (int k = 0; k < 5; k++)
        if (at[k] < 0) sc_builder_error(b, line, 1, "missing column '%s'", required[k]);
}

static int line_of(const sc_table *t, size_t r, int c)
{
    return t->cell_line[r * t->ncols + (size_t)c];
}

static int col_of(const sc_table *t, size_t r, int c)
{
    return t->cell_col[r * t->ncols + (size_t)c];
}

/* Standard deviation of a discrete stage time (StageTime_K_p, _v), 0 when
 * the row gives none. */
static double discrete_sd(sc_chain_builder *b, const flat_cols *fc, size_t r)
{
    double sp = 0, m1 = 0, m2 = 0;
    for (int k = 0; k < MAX_POINTS; k++) {
        if (fc->p[k] < 0 || fc->v[k] < 0) continue;
        double p, v;
        bool ok = sc_builder_num(b, r, fc->p[k], "StageTime_p", 0, 1, false, 0, &p);
        ok = sc_builder_num(b, r, fc->v[k], "StageTime_v", 0, INFINITY, false, 0, &v) && ok;
        if (!ok) continue;
        sp += p;
        m1 += p * v;
        m2 += p * v * v;
    }
    if (sp <= 0) return 0;
    double mean = m1 / sp, var = m2 / sp - mean * mean;
    return var > 0 ? sqrt(var) : 0;
}

static void read_stage(sc_chain_builder *b, const flat_cols *fc, size_t r)
{
    const sc_table *t = b->t;
    const char *name = sc_table_cell(t, r, (size_t)fc->name);
    int line = line_of(t, r, fc->name), c0 = col_of(t, r, fc->name);
    const char *cls_s = sc_table_cell(t, r, (size_t)fc->cls);
    sc_stage_class cls = sc_stage_class_parse(cls_s, strlen(cls_s));
    /* Added even when unclassified, so arcs to it are not reported again. */
    sc_stage *s = sc_builder_add_stage(b, name, line, c0);
    if (cls == SC_STAGE_CLASSES)
        sc_builder_error(b, line_of(t, r, fc->cls), col_of(t, r, fc->cls),
                         "stageClassification: '%s' is not one of Part, Manuf, Trans, Dist, "
                         "Retail",
                         cls_s);
    if (!s) return;
    s->cls = cls == SC_STAGE_CLASSES ? SC_STAGE_PART : cls;
    sc_builder_num(b, r, fc->time, "stageTime", 0, INFINITY, true, 0, &s->time);
    sc_builder_num(b, r, fc->cost, "stageCost", 0, INFINITY, false, 0, &s->cost);
    bool has_sd = fc->time_sd >= 0 && *sc_table_cell(t, r, (size_t)fc->time_sd);
    if (has_sd)
        sc_builder_num(b, r, fc->time_sd, "stDevStageTime", 0, INFINITY, false, 0, &s->time_sd);
    else
        s->time_sd = discrete_sd(b, fc, r);
    s->has_demand = fc->mean >= 0 && *sc_table_cell(t, r, (size_t)fc->mean);
    sc_builder_num(b, r, fc->mean, "avgDemand", 0, INFINITY, false, 0, &s->demand_mean);
    sc_builder_num(b, r, fc->sd, "stDevDemand", 0, INFINITY, false, 0, &s->demand_sd);
    double level;
    /* Why open bounds: the quantile of 0 or 1 is infinite. */
    if (sc_builder_num(b, r, fc->service, "serviceLevel", 1e-9, 1 - 1e-9, false, NAN, &level) &&
        !isnan(level))
        s->z = gsl_cdf_ugaussian_Pinv(level);
}

static void read_arc(sc_chain_builder *b, const flat_cols *fc, size_t r)
{
    const sc_table *t = b->t;
    const char *from = sc_table_cell(t, r, (size_t)fc->from);
    const char *to = sc_table_cell(t, r, (size_t)fc->to);
    if (!*from || !*to) {
        int c = *from ? fc->to : fc->from;
        sc_builder_error(b, line_of(t, r, c), col_of(t, r, c), "%s: an arc needs both ends",
                         *from ? "/arcs/arc/@to" : "/arcs/arc/@from");
        return;
    }
    sc_builder_add_arc(b, &(sc_pending_arc){.from = from,
                                            .to = to,
                                            .from_line = line_of(t, r, fc->from),
                                            .from_col = col_of(t, r, fc->from),
                                            .to_line = line_of(t, r, fc->to),
                                            .to_col = col_of(t, r, fc->to),
                                            .qty = 1});
}

void sc_willems_read_flat(sc_chain_builder *b)
{
    const sc_table *t = b->t;
    if (t->nrows == 0) {
        sc_builder_error(b, 2, 1, "no XPath header line after '/chain'");
        return;
    }
    flat_cols fc;
    find_columns(b, &fc);
    if (b->bad) return;
    for (size_t r = 1; r < t->nrows && !b->oom; r++) {
        bool arc = *sc_table_cell(t, r, (size_t)fc.from) || *sc_table_cell(t, r, (size_t)fc.to);
        if (arc) read_arc(b, &fc, r);
        if (*sc_table_cell(t, r, (size_t)fc.name)) {
            read_stage(b, &fc, r);
        } else if (!arc) {
            int c = fc.name;
            bool stage_data =
                *sc_table_cell(t, r, (size_t)fc.cls) || *sc_table_cell(t, r, (size_t)fc.time);
            if (stage_data)
                sc_builder_error(b, line_of(t, r, c), col_of(t, r, c), "stageName: required");
        }
    }
}
