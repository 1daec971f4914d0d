/*
 * Scratch files for the fuzz harnesses: the loaders under test read files
 * from a folder, so each harness writes its input into a private temporary
 * folder (in /dev/shm when there is one: fuzzing does many thousands of
 * writes a second) made once per process and removed at exit.
 */
#ifndef SC_FUZZ_FILES_H
#define SC_FUZZ_FILES_H

#include <stddef.h>
#include <stdint.h>

/* The process's scratch folder, made on first call; aborts if it cannot. */
const char *sc_fuzz_dir(void);

/* Writes `len` bytes to NAME in the scratch folder and returns its path
 * (a static buffer, valid until the next call); aborts on an I/O error. */
const char *sc_fuzz_write(const char *name, const uint8_t *data, size_t len);

/* Removes NAME from the scratch folder if it is there. */
void sc_fuzz_remove(const char *name);

/* The libFuzzer entry point each harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
