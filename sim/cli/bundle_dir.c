/*
 * The folder a command writes a scenario bundle into (`import`, `generate`):
 * what is there, and removing it.  --force may replace a bundle, never a
 * folder of the user's: only one whose entries are all plain .csv files,
 * nodes.csv among them, counts as a bundle.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

sc_bundle_dir sc_cli_bundle_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) return SC_DIR_ABSENT;
    if (!S_ISDIR(st.st_mode)) return SC_DIR_NOT_FOLDER;
    DIR *d = opendir(dir);
    if (!d) return SC_DIR_OTHER;
    bool any = false, csv_only = true, nodes = false;
    char path[4096];
    struct dirent *e;
    while (csv_only && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        any = true;
        size_t n = strlen(e->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat fs;
        csv_only = n > 4 && !strcmp(e->d_name + n - 4, ".csv") && lstat(path, &fs) == 0 &&
                   S_ISREG(fs.st_mode);
        nodes |= !strcmp(e->d_name, "nodes.csv");
    }
    closedir(d);
    return !any ? SC_DIR_EMPTY : csv_only && nodes ? SC_DIR_BUNDLE : SC_DIR_OTHER;
}

bool sc_cli_remove_bundle_dir(const char *dir)
{
    sc_bundle_dir state = sc_cli_bundle_dir(dir);
    if (state == SC_DIR_ABSENT) return true;
    if (state != SC_DIR_EMPTY && state != SC_DIR_BUNDLE) {
        errno = ENOTEMPTY;
        return false;
    }
    DIR *d = opendir(dir);
    if (!d) return false;
    bool ok = true;
    char path[4096];
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ok = unlink(path) == 0;
    }
    closedir(d);
    return ok && rmdir(dir) == 0;
}

const char *sc_cli_bundle_dir_refusal(sc_bundle_dir state, bool force)
{
    switch (state) {
    case SC_DIR_NOT_FOLDER:
        return "exists and is not a folder";
    case SC_DIR_OTHER:
        return "exists and is not a scenario bundle (it is left alone)";
    case SC_DIR_BUNDLE:
        return force ? NULL : "exists and is not empty (--force replaces it)";
    default:
        return NULL;
    }
}
