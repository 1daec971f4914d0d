/*
 * A tiny assertion header for sctwin's test executables: each check prints
 * the expression, the values involved and file:line when it fails, counts
 * failures, and the test's main returns sc_check_report().
 */
#ifndef SC_CHECK_H
#define SC_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int sc_check_failures;
static int sc_check_count;

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        sc_check_count++;                                                                          \
        if (!(expr)) {                                                                             \
            sc_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #expr);               \
        }                                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                      \
        sc_check_count++;                                                                          \
        if (va_ != vb_) {                                                                          \
            sc_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_INT(%s, %s) failed: %lld != %lld\n", __FILE__, __LINE__, \
                    #a, #b, va_, vb_);                                                             \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double va_ = (double)(a), vb_ = (double)(b), vt_ = (double)(tol);                          \
        sc_check_count++;                                                                          \
        if (!(fabs(va_ - vb_) <= vt_)) {                                                           \
            sc_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_NEAR(%s, %s, %s) failed: %.10g vs %.10g (tol %g)\n",     \
                    __FILE__, __LINE__, #a, #b, #tol, va_, vb_, vt_);                              \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *va_ = (a), *vb_ = (b);                                                         \
        sc_check_count++;                                                                          \
        if (!va_ || !vb_ || strcmp(va_, vb_) != 0) {                                               \
            sc_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_STR(%s, %s) failed: \"%s\" != \"%s\"\n", __FILE__,       \
                    __LINE__, #a, #b, va_ ? va_ : "(null)", vb_ ? vb_ : "(null)");                 \
        }                                                                                          \
    } while (0)

static inline int sc_check_report(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, sc_check_count, sc_check_failures);
    return sc_check_failures ? 1 : 0;
}

#endif
