/* Human-readable names for sc_status codes. */
#include "sctwin/status.h"

const char *sc_status_str(sc_status status)
{
    switch (status) {
    case SC_OK:
        return "ok";
    case SC_ERR_NOMEM:
        return "out of memory";
    case SC_ERR_IO:
        return "input/output error";
    case SC_ERR_INPUT:
        return "invalid input";
    case SC_ERR_RUNTIME:
        return "runtime failure";
    case SC_ERR_INTERRUPTED:
        return "interrupted";
    }
    return "unknown status";
}
