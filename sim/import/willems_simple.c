/*
 * The simplified flavour of the Willems data set (willems_NN.csv): one row
 * per stage,
 *
 *   stage_id,lead_time,max_s_time,cost_rate,risk_pool,ext_demand_mean,
 *   ext_demand_std,ext_demand_thres,up_stages
 *
 * where the classification is the stage id's prefix (Part_0001), lead_time
 * is the stage time, ext_demand_thres the safety factor z, risk_pool the
 * exponent of demand pooling, and up_stages runs to the end of the row as
 * pairs "upstream stage, quantity".  Rows are ragged: a stage without
 * upstream stages has fewer fields than the header.
 */
#include "import/willems_parse.h"

#include <math.h>
#include <string.h>

enum {
    COL_ID,
    COL_LEAD,
    COL_MAX_S,
    COL_COST,
    COL_POOL,
    COL_MEAN,
    COL_STD,
    COL_THRES,
    COL_UP,
    N_COLS
};

static const char *const col_names[N_COLS] = {
    "stage_id",        "lead_time",      "max_s_time",       "cost_rate", "risk_pool",
    "ext_demand_mean", "ext_demand_std", "ext_demand_thres", "up_stages"};

/* Header columns: each known name at most once, every name known. */
static void read_header(sc_chain_builder *b, int col[N_COLS], size_t *width)
{
    const sc_table *t = b->t;
    size_t w = t->ncols;
    while (w > 0 && !*t->header[w - 1])
        w--; /* padding of the ragged header */
    *width = w;
    for (int k = 0; k < N_COLS; k++)
        col[k] = -1;
    for (size_t c = 0; c < w; c++) {
        int k = 0;
        while (k < N_COLS && strcmp(t->header[c], col_names[k]) != 0)
            k++;
        if (k == N_COLS)
            sc_builder_error(b, 1, t->header_col[c],
                             "unknown column '%s' (a willems file has stage_id, lead_time, "
                             "max_s_time, cost_rate, risk_pool, ext_demand_mean, "
                             "ext_demand_std, ext_demand_thres, up_stages)",
                             t->header[c]);
        else if (col[k] >= 0)
            sc_builder_error(b, 1, t->header_col[c], "duplicate column '%s'", t->header[c]);
        else
            col[k] = (int)c;
    }
    if (col[COL_ID] < 0) sc_builder_error(b, 1, 1, "missing column 'stage_id'");
    if (col[COL_LEAD] < 0) sc_builder_error(b, 1, 1, "missing column 'lead_time'");
    if (col[COL_UP] >= 0 && (size_t)col[COL_UP] != w - 1)
        sc_builder_error(b, 1, t->header_col[col[COL_UP]],
                         "up_stages must be the last column (its pairs run to the end of "
                         "the row)");
}

static int cell_line(const sc_table *t, size_t r, size_t c)
{
    return t->cell_line[r * t->ncols + c];
}

static int cell_col(const sc_table *t, size_t r, size_t c)
{
    return t->cell_col[r * t->ncols + c];
}

/* The pairs "stage, quantity" from column `up` to the end of row r. */
static void read_upstream(sc_chain_builder *b, size_t r, size_t up, const char *stage,
                          size_t id_col)
{
    const sc_table *t = b->t;
    for (size_t c = up; c < t->ncols; c += 2) {
        const char *name = sc_table_cell(t, r, c);
        bool has_qty = c + 1 < t->ncols && *sc_table_cell(t, r, c + 1);
        if (!*name) {
            if (has_qty)
                sc_builder_error(b, cell_line(t, r, c + 1), cell_col(t, r, c + 1),
                                 "up_stages: a quantity without an upstream stage");
            continue;
        }
        double qty = 1;
        if (has_qty && !sc_builder_num(b, r, (int)c + 1, "up_stages quantity", 1e-12, INFINITY,
                                       false, 1, &qty))
            continue;
        sc_builder_add_arc(b, &(sc_pending_arc){.from = name,
                                                .to = stage,
                                                .from_line = cell_line(t, r, c),
                                                .from_col = cell_col(t, r, c),
                                                .to_line = cell_line(t, r, id_col),
                                                .to_col = cell_col(t, r, id_col),
                                                .qty = qty});
    }
}

static void read_row(sc_chain_builder *b, const int col[N_COLS], size_t width, size_t r)
{
    const sc_table *t = b->t;
    size_t idc = (size_t)col[COL_ID];
    const char *id = sc_table_cell(t, r, idc);
    int line = cell_line(t, r, idc), c0 = cell_col(t, r, idc);
    if (col[COL_UP] < 0) /* then no field may lie past the header */
        for (size_t c = width; c < t->ncols; c++)
            if (*sc_table_cell(t, r, c)) {
                sc_builder_error(b, cell_line(t, r, c), cell_col(t, r, c),
                                 "a field past the last column (and no up_stages column)");
                break;
            }
    if (!*id) {
        sc_builder_error(b, line, c0, "stage_id: required");
        return;
    }
    size_t prefix = strcspn(id, "_");
    sc_stage_class cls = sc_stage_class_parse(id, prefix);
    /* Added even when unclassified, so arcs to it are not reported again. */
    sc_stage *s = sc_builder_add_stage(b, id, line, c0);
    if (cls == SC_STAGE_CLASSES)
        sc_builder_error(b, line, c0,
                         "stage_id: '%s' has classification '%.*s', not one of Part, Manuf, "
                         "Trans, Dist, Retail",
                         id, (int)prefix, id);
    if (!s) return;
    s->cls = cls == SC_STAGE_CLASSES ? SC_STAGE_PART : cls;
    double ignored;
    sc_builder_num(b, r, col[COL_LEAD], "lead_time", 0, INFINITY, true, 0, &s->time);
    sc_builder_num(b, r, col[COL_MAX_S], "max_s_time", 0, INFINITY, false, 0, &ignored);
    sc_builder_num(b, r, col[COL_COST], "cost_rate", 0, INFINITY, false, 0, &s->cost);
    sc_builder_num(b, r, col[COL_POOL], "risk_pool", 1, 100, false, 2, &s->risk_pool);
    s->has_demand = col[COL_MEAN] >= 0 && *sc_table_cell(t, r, (size_t)col[COL_MEAN]);
    sc_builder_num(b, r, col[COL_MEAN], "ext_demand_mean", 0, INFINITY, false, 0, &s->demand_mean);
    sc_builder_num(b, r, col[COL_STD], "ext_demand_std", 0, INFINITY, false, 0, &s->demand_sd);
    sc_builder_num(b, r, col[COL_THRES], "ext_demand_thres", -10, 10, false, NAN, &s->z);
    if (col[COL_UP] >= 0) read_upstream(b, r, (size_t)col[COL_UP], s->name, idc);
}

void sc_willems_read_simple(sc_chain_builder *b)
{
    int col[N_COLS];
    size_t width;
    read_header(b, col, &width);
    if (b->bad) return;
    for (size_t r = 0; r < b->t->nrows && !b->oom; r++)
        read_row(b, col, width, r);
}
