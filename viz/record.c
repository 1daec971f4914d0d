/*
 * Recording a trace for a scenario folder: sctwin-view SCENARIO runs
 * `sctwin trace` into a temporary file, so a user can look at a bundle
 * without knowing that traces exist.  The simulation stays in the sctwin
 * program (the viewer does not link the model), found next to sctwin-view,
 * one folder up (the build tree: build/viz/sctwin-view, build/sctwin), or
 * on PATH; SCTWIN overrides all three.
 */
#define _DEFAULT_SOURCE /* mkstemps */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "view.h"

extern char **environ;

/* The sctwin program to run, into buf. */
static const char *find_sctwin(char *buf, size_t n)
{
    const char *env = getenv("SCTWIN");
    if (env && *env) return env;
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0) {
        self[len] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = '\0';
            const char *where[] = {"%s/sctwin", "%s/../sctwin"};
            for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
                snprintf(buf, n, where[i], self);
                if (access(buf, X_OK) == 0) return buf;
            }
        }
    }
    return "sctwin"; /* on PATH */
}

int vz_record_trace(const char *scenario, const char *arm, const char *rep, char *out, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(out, n, "%s/sctwin-view-XXXXXX.h5", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(out, 3);
    if (fd < 0) {
        fprintf(stderr, "sctwin-view: cannot create a temporary trace '%s': %s\n", out,
                strerror(errno));
        return 1;
    }
    close(fd);
    char prog[PATH_MAX + 16];
    const char *sctwin = find_sctwin(prog, sizeof prog);
    const char *argv[12] = {sctwin, "trace", scenario, "-q", "-o", out};
    int argc = 6;
    if (arm) argv[argc++] = "--arm", argv[argc++] = arm;
    if (rep) argv[argc++] = "--rep", argv[argc++] = rep;
    argv[argc] = NULL;
    pid_t pid;
    /* sctwin's own messages (file:line:column for a bad bundle) reach the
     * user unchanged on the shared stderr. */
    int err = posix_spawnp(&pid, sctwin, NULL, NULL, (char *const *)argv, environ);
    int status = 0;
    if (err != 0) {
        fprintf(stderr, "sctwin-view: cannot run '%s' to record a trace: %s (set SCTWIN)\n", sctwin,
                strerror(err));
    } else if (waitpid(pid, &status, 0) < 0) {
        err = errno;
    }
    int code = err ? 1 : WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    if (code != 0) remove(out);
    return code;
}
