/* Scratch folder and files of the fuzz harnesses (see fuzz_files.h). */
#include "fuzz_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];
static char path[512];

static void remove_dir(void)
{
    static const char *const names[] = {"actors.csv",     "nodes.csv",  "items.csv",
                                        "bom.csv",        "lanes.csv",  "demand.csv",
                                        "inventory.csv",  "shocks.csv", "mitigations.csv",
                                        "experiment.csv", "game.csv",   "chain.csv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        sc_fuzz_remove(names[i]);
    rmdir(dir);
}

const char *sc_fuzz_dir(void)
{
    if (dir[0]) return dir;
    struct stat st;
    const char *base =
        stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
            ? "/dev/shm"
            : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    snprintf(dir, sizeof dir, "%s/sctwin-fuzz-XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror("sctwin fuzz: mkdtemp");
        abort();
    }
    atexit(remove_dir);
    return dir;
}

const char *sc_fuzz_write(const char *name, const uint8_t *data, size_t len)
{
    snprintf(path, sizeof path, "%s/%s", sc_fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

void sc_fuzz_remove(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", sc_fuzz_dir(), name);
    unlink(path);
}
