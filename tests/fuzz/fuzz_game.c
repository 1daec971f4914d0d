/*
 * Fuzz harness for the characteristic-function reader of `sctwin share
 * --game` (sc_game_load_csv): the fuzz input is the CSV file verbatim.
 */
#include "fuzz_check.h"
#include "fuzz_files.h"
#include "sctwin/allocation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = sc_fuzz_write("game.csv", data, size);
    sc_diags d = {0};
    sc_game *g = NULL;
    sc_status st = sc_game_load_csv(path, &g, &d);
    sc_fuzz_check(st, &d);
    sc_game_free(g);
    sc_diags_free(&d);
    return 0;
}
