/*
 * Fuzz harness for the Willems chain reader and mapping of `sctwin import
 * willems` (sc_willems_read, sc_willems_plan): the fuzz input is the chain
 * file verbatim, in either format (told apart by its first line), and a
 * chain that reads is also mapped and written to the scratch folder.
 */
#include "fuzz_check.h"
#include "fuzz_files.h"
#include "import/willems.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = sc_fuzz_write("chain.csv", data, size);
    sc_diags d = {0};
    sc_chain chain;
    sc_plan plan = {0};
    sc_status st = sc_willems_read(path, SC_WILLEMS_AUTO, &chain, &d);
    if (st == SC_OK) st = sc_willems_plan(&chain, path, &plan, &d);
    sc_fuzz_check(st, &d);
    if (st == SC_OK && sc_willems_write(&plan, sc_fuzz_dir()) != SC_OK) abort();
    sc_plan_free(&plan);
    sc_chain_free(&chain);
    sc_diags_free(&d);
    return 0;
}
