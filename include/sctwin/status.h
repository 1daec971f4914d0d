/*
 * Status codes shared by every sctwin function that can fail.  Results come
 * back through out-parameters; the return value says whether they are valid.
 */
#ifndef SCTWIN_STATUS_H
#define SCTWIN_STATUS_H

typedef enum sc_status {
    SC_OK = 0,
    SC_ERR_NOMEM,      /* an allocation failed */
    SC_ERR_IO,         /* a file could not be read or written */
    SC_ERR_INPUT,      /* the user's input is invalid (diagnostics say why) */
    SC_ERR_RUNTIME,    /* a run failed for a reason other than input */
    SC_ERR_INTERRUPTED /* the user asked the run to stop */
} sc_status;

/* A short English description of a status code (never NULL). */
const char *sc_status_str(sc_status status);

#endif
