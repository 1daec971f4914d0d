/*
 * Unit tests of the random streams (sim/core/rng.h): streams are functions of
 * their key (seed, replication, agent, purpose) and of nothing else; each key
 * component matters; re-keying equals a fresh stream; the uniform and
 * exponential draws have the right moments; and the generator is exactly
 * xoshiro256++ seeded by splitmix64, checked against a reference written here
 * from the published algorithms (Blackman & Vigna, prng.di.unimi.it/
 * xoshiro256plusplus.c and splitmix64.c) and pinned by known answers.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "core/rng.h"

/* ---- reference implementation -------------------------------------------- */

static uint64_t ref_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

static uint64_t ref_rotl(const uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t ref_next(uint64_t s[4])
{
    const uint64_t result = ref_rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ref_rotl(s[3], 45);
    return result;
}

/* The state rng.c documents: the four words are successive splitmix64
 * outputs started at the 64-bit stream seed. */
static void ref_seed(uint64_t s[4], uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        s[i] = ref_splitmix64(&x);
}

static void test_reference_known_answers(void)
{
    /* splitmix64 from 0: the first output is a widely quoted constant */
    uint64_t x = 0;
    CHECK(ref_splitmix64(&x) == 0xe220a8397b1dcdafull);
    /* xoshiro256++ from state {1, 2, 3, 4}: worked by hand from the
     * algorithm, rotl(1 + 4, 23) + 1 = 5 * 2^23 + 1 */
    uint64_t s[4] = {1, 2, 3, 4};
    CHECK(ref_next(s) == 41943041ull);
    /* after one step: s = {7, 0, 262146, rotl(6, 45)}; second output is
     * rotl(7 + rotl(6, 45), 23) + 7 */
    CHECK(s[0] == 7 && s[1] == 0 && s[2] == 262146 && s[3] == ref_rotl(6, 45));
    CHECK(ref_next(s) == ref_rotl(7 + ref_rotl(6, 45), 23) + 7);
}

/* The library's generator against the reference, through every GSL entry
 * point that reaches it. */
static void test_matches_reference(void)
{
    static const uint64_t keys[][4] = {
        {1, 0, 0, 0}, {42, 3, 17, 2}, {0, 0, 0, 0}, {UINT64_MAX, UINT64_MAX, 5, 1}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        gsl_rng *r = sc_stream_alloc(keys[k][0], keys[k][1], keys[k][2], keys[k][3]);
        CHECK(r != NULL);
        if (!r) continue;
        CHECK_STR(gsl_rng_name(r), "xoshiro256++");
        CHECK(gsl_rng_max(r) == 0xffffffffUL);
        CHECK(gsl_rng_min(r) == 0);
        uint64_t seed = sc_stream_seed(keys[k][0], keys[k][1], keys[k][2], keys[k][3]);
        uint64_t s[4];
        ref_seed(s, seed);
        int bad_get = 0, bad_uniform = 0;
        for (int i = 0; i < 1000; i++) {
            uint64_t v = ref_next(s);
            if (gsl_rng_get(r) != (unsigned long)(v >> 32)) bad_get++;
            v = ref_next(s);
            if (gsl_rng_uniform(r) != (double)(v >> 11) * 0x1.0p-53) bad_uniform++;
        }
        CHECK_INT(bad_get, 0);
        CHECK_INT(bad_uniform, 0);
        gsl_rng_free(r);
    }

    /* Known answer independent of the seeding: load the state {1, 2, 3, 4}
     * straight into the generator (its state is the four words). */
    gsl_rng *r = sc_stream_alloc(1, 0, 0, 0);
    if (!r) {
        CHECK(r != NULL);
        return;
    }
    CHECK_INT(gsl_rng_size(r), 4 * sizeof(uint64_t));
    uint64_t st[4] = {1, 2, 3, 4};
    memcpy(gsl_rng_state(r), st, sizeof st);
    CHECK(gsl_rng_get(r) == (41943041ull >> 32)); /* upper half of a small number: 0 */
    uint64_t s[4] = {1, 2, 3, 4};
    ref_next(s);
    uint64_t second = ref_next(s);
    CHECK(gsl_rng_get(r) == (unsigned long)(second >> 32));
    CHECK(gsl_rng_uniform(r) == (double)(ref_next(s) >> 11) * 0x1.0p-53);
    gsl_rng_free(r);
}

/* ---- keys ---------------------------------------------------------------- */

enum { SEQ = 64 };

static void draw(gsl_rng *r, unsigned long *out)
{
    for (int i = 0; i < SEQ; i++)
        out[i] = gsl_rng_get(r);
}

/* Number of positions where two sequences agree (by chance: 64 / 2^32). */
static int agreements(const unsigned long *a, const unsigned long *b)
{
    int n = 0;
    for (int i = 0; i < SEQ; i++)
        n += a[i] == b[i];
    return n;
}

static void key_sequence(uint64_t seed, uint64_t rep, uint64_t agent, uint64_t purpose,
                         unsigned long *out)
{
    gsl_rng *r = sc_stream_alloc(seed, rep, agent, purpose);
    CHECK(r != NULL);
    if (!r) {
        memset(out, 0, SEQ * sizeof *out);
        return;
    }
    draw(r, out);
    gsl_rng_free(r);
}

static void test_keys(void)
{
    unsigned long a[SEQ], b[SEQ];
    key_sequence(7, 3, 11, 2, a);
    key_sequence(7, 3, 11, 2, b);
    CHECK_INT(agreements(a, b), SEQ);
    CHECK(sc_stream_seed(7, 3, 11, 2) == sc_stream_seed(7, 3, 11, 2));

    /* changing any one component, by one, changes the whole sequence */
    static const uint64_t other[][4] = {{8, 3, 11, 2}, {7, 4, 11, 2}, {7, 3, 12, 2},
                                        {7, 3, 11, 3}, {6, 3, 11, 2}, {7, 3, 11, 1}};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        key_sequence(other[i][0], other[i][1], other[i][2], other[i][3], b);
        CHECK_INT(agreements(a, b), 0);
        CHECK(sc_stream_seed(other[i][0], other[i][1], other[i][2], other[i][3]) !=
              sc_stream_seed(7, 3, 11, 2));
    }
    /* the components are not interchangeable: swapping two values gives a
     * different stream */
    key_sequence(7, 3, 2, 11, b);
    CHECK_INT(agreements(a, b), 0);
    key_sequence(3, 7, 11, 2, b);
    CHECK_INT(agreements(a, b), 0);
    key_sequence(0, 0, 0, 0, a);
    key_sequence(0, 0, 0, 1, b);
    CHECK_INT(agreements(a, b), 0);

    /* no collisions among a grid of nearby keys */
    enum { G = 8 };
    uint64_t seeds[G * G * G * G];
    size_t n = 0;
    for (uint64_t s = 0; s < G; s++)
        for (uint64_t r = 0; r < G; r++)
            for (uint64_t g = 0; g < G; g++)
                for (uint64_t p = 0; p < G; p++)
                    seeds[n++] = sc_stream_seed(s, r, g, p);
    int collisions = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            collisions += seeds[i] == seeds[j];
    CHECK_INT(collisions, 0);

    /* the replication seed is a function of (seed, rep) that tells
     * replications apart */
    CHECK(sc_replication_seed(5, 0) == sc_replication_seed(5, 0));
    CHECK(sc_replication_seed(5, 0) != sc_replication_seed(5, 1));
    CHECK(sc_replication_seed(5, 0) != sc_replication_seed(6, 0));
}

static void test_reset(void)
{
    unsigned long a[SEQ], b[SEQ];
    key_sequence(99, 1, 2, 3, a);
    gsl_rng *r = sc_stream_alloc(5, 5, 5, 5);
    if (!r) {
        CHECK(r != NULL);
        return;
    }
    for (int i = 0; i < 1000; i++)
        gsl_rng_uniform(r);
    sc_stream_reset(r, 99, 1, 2, 3);
    draw(r, b);
    CHECK_INT(agreements(a, b), SEQ);
    /* resetting to the same key again restarts the same stream */
    sc_stream_reset(r, 99, 1, 2, 3);
    draw(r, b);
    CHECK_INT(agreements(a, b), SEQ);
    gsl_rng_free(r);
}

/* ---- distributions ------------------------------------------------------- */

static void test_uniform_moments(void)
{
    enum { N = 1000000 };
    gsl_rng *r = sc_stream_alloc(2024, 0, 1, 0);
    if (!r) {
        CHECK(r != NULL);
        return;
    }
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < N; i++) {
        double u = gsl_rng_uniform(r);
        sum += u;
        sum2 += u * u;
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    double mean = sum / N;
    double var = (sum2 - N * mean * mean) / (N - 1);
    /* standard errors: of the mean sqrt(1/12 / N); of the sample variance
     * sqrt((mu4 - sigma^4) / N) with mu4 = 1/80, sigma^4 = 1/144 */
    double se_mean = sqrt(1.0 / 12.0 / N);
    double se_var = sqrt((1.0 / 80.0 - 1.0 / 144.0) / N);
    CHECK_NEAR(mean, 0.5, 5 * se_mean);
    CHECK_NEAR(var, 1.0 / 12.0, 5 * se_var);
    CHECK(lo >= 0 && lo < 1e-4);
    CHECK(hi < 1 && hi > 1 - 1e-4);
    gsl_rng_free(r);
}

static void test_exponential_mean(void)
{
    enum { N = 200000 };
    const double mu = 2.5;
    gsl_rng *r = sc_stream_alloc(7, 1, 2, 3);
    if (!r) {
        CHECK(r != NULL);
        return;
    }
    double sum = 0, sum2 = 0;
    int negative = 0;
    for (int i = 0; i < N; i++) {
        double x = gsl_ran_exponential(r, mu);
        if (x < 0 || !isfinite(x)) negative++;
        sum += x;
        sum2 += x * x;
    }
    double mean = sum / N;
    double sd = sqrt((sum2 - N * mean * mean) / (N - 1));
    /* 99.99994% interval (5 standard errors) around the sample mean must
     * contain mu; the sample sd of an exponential equals its mean */
    CHECK_NEAR(mean, mu, 5 * sd / sqrt(N));
    CHECK_NEAR(sd, mu, 0.02 * mu);
    CHECK_INT(negative, 0);
    gsl_rng_free(r);
}

int main(void)
{
    test_reference_known_answers();
    test_matches_reference();
    test_keys();
    test_reset();
    test_uniform_moments();
    test_exponential_mean();
    return sc_check_report("test_rng");
}
