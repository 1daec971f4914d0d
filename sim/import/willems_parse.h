/*
 * What the two Willems readers (willems_simple.c, willems_flat.c) share: a
 * chain under construction, located number parsing, and arcs that name
 * their stages and are resolved once every stage is known (a file may name
 * a stage before defining it).  Private to sim/import/.
 */
#ifndef SC_IMPORT_WILLEMS_PARSE_H
#define SC_IMPORT_WILLEMS_PARSE_H

#include <stdbool.h>

#include "csv_table.h"
#include "idmap.h"
#include "import/willems.h"

typedef struct sc_pending_arc {
    const char *from, *to; /* stage names, borrowed from the table */
    int from_line, from_col, to_line, to_col;
    double qty;
} sc_pending_arc;

typedef struct sc_chain_builder {
    const sc_table *t;
    sc_diags *diags;
    sc_chain chain;
    int cap_stages;
    sc_pending_arc *arcs;
    int n_arcs, cap_arcs;
    sc_idmap names; /* stage name -> index; keys are the stages' own copies */
    bool bad;       /* a problem was reported */
    bool oom;
} sc_chain_builder;

/* Reports a problem at a cell (printf-style) and marks the chain bad. */
void sc_builder_error(sc_chain_builder *b, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Parses cell (row, col) of the table as a number in [lo, hi]: an empty cell
 * gives `dflt` (or, when `required`, an error); a bad one is reported with the
 * column `name` and gives `dflt`.  Returns false when it reported. */
bool sc_builder_num(sc_chain_builder *b, size_t row, int col, const char *name, double lo,
                    double hi, bool required, double dflt, double *out);

/* Classification from its name ("Part", ...), or SC_STAGE_CLASSES. */
sc_stage_class sc_stage_class_parse(const char *s, size_t len);

/* Adds a stage named `name` (copied), defined at line:col; a duplicate name is
 * reported and gives NULL, like running out of memory. */
sc_stage *sc_builder_add_stage(sc_chain_builder *b, const char *name, int line, int col);

/* Records an arc between two named stages, resolved by sc_builder_finish. */
void sc_builder_add_arc(sc_chain_builder *b, const sc_pending_arc *a);

/* The two readers: fill the builder from the table. */
void sc_willems_read_simple(sc_chain_builder *b);
void sc_willems_read_flat(sc_chain_builder *b);

#endif
