/*
 * Unit tests of the network generator's geography and build
 * (sim/generate/): great-circle distances against known values, sea
 * routes through the right chokepoints, tier counts that add up to N.
 */
#include <string.h>

#include "check.h"
#include "generate/generate.h"
#include "generate/generate_impl.h"
#include "generate/geo.h"

static void test_great_circle(void)
{
    /* A quarter of the equator and pole to pole: pi R / 2 and pi R. */
    CHECK_NEAR(sc_geo_km(0, 0, 0, 90), 10007.543, 0.01);
    CHECK_NEAR(sc_geo_km(90, 0, -90, 0), 20015.087, 0.01);
    /* London - Paris, 343.6 km. */
    CHECK_NEAR(sc_geo_km(51.5074, -0.1278, 48.8566, 2.3522), 343.556, 0.01);
    CHECK_NEAR(sc_geo_km(10, 20, 10, 20), 0, 1e-9);
}

static void test_sea_routes(void)
{
    char via[96];
    /* Shanghai - Rotterdam by Suez: about 10,000 nautical miles. */
    double km = sc_geo_sea_km(SC_ZONE_EAST_ASIA, 31.23, 121.49, SC_ZONE_EU_NORTH, 51.95, 4.14, via,
                              sizeof via);
    CHECK(strcmp(via, "malacca;babelmandeb;suez;gibraltar;dover") == 0);
    CHECK(km > 17500 && km < 20500);
    /* The route is longer than the great circle (which crosses Eurasia). */
    CHECK(km > 1.9 * sc_geo_km(31.23, 121.49, 51.95, 4.14));
    /* Shanghai - Los Angeles: straight across the Pacific, no chokepoint. */
    km = sc_geo_sea_km(SC_ZONE_EAST_ASIA, 31.23, 121.49, SC_ZONE_NA_WEST, 33.74, -118.26, via,
                       sizeof via);
    CHECK(via[0] == 0);
    CHECK_NEAR(km, sc_geo_km(31.23, 121.49, 33.74, -118.26), 1e-9);
    /* Shanghai - New York by Panama; Mumbai - Genoa by Bab-el-Mandeb and Suez. */
    sc_geo_sea_km(SC_ZONE_EAST_ASIA, 31.23, 121.49, SC_ZONE_NA_EAST, 40.67, -74.04, via,
                  sizeof via);
    CHECK(strcmp(via, "panama") == 0);
    sc_geo_sea_km(SC_ZONE_SOUTH_ASIA, 18.95, 72.95, SC_ZONE_EU_MED, 44.40, 8.92, via, sizeof via);
    CHECK(strcmp(via, "babelmandeb;suez") == 0);
}

static void test_build(void)
{
    long sizes[] = {10, 11, 57, 999, 4321};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        sc_gen_options o = {sizes[k], 0, 5, 365, 10};
        sc_gen_network *g = NULL;
        char err[256];
        CHECK_INT(sc_gen_build(&o, &g, err, sizeof err), SC_OK);
        if (!g) continue;
        CHECK_INT(sc_gen_node_count(g), sizes[k]);
        for (int t = 0; t < T_TIERS; t++)
            CHECK(sc_gen_count(g, t) >= 1);
        /* Every non-market node has at least one lane out, every
         * non-supplier one lane in. */
        int out = 0, in = 0;
        for (int l = 0; l < g->n_lanes; l++) {
            out += g->lanes[l].from < g->first[T_MARKET];
            in += g->lanes[l].to >= g->first[T_PLANT];
        }
        CHECK(out >= g->first[T_MARKET]);
        CHECK(in >= g->n_nodes - g->first[T_PLANT]);
        /* Each market buys at least one product; every BOM input is a component. */
        CHECK(g->n_demands >= sc_gen_count(g, T_MARKET));
        for (int b = 0; b < g->n_bom; b++)
            CHECK(!g->items[g->bom[b].input].product);
        sc_gen_free(g);
    }
    sc_gen_options bad = {9, 0, 1, 365, 10};
    sc_gen_network *g = NULL;
    char err[256] = "";
    CHECK_INT(sc_gen_build(&bad, &g, err, sizeof err), SC_ERR_INPUT);
    CHECK(g == NULL && strstr(err, "--nodes") != NULL);
    sc_gen_options few = {100, 50, 1, 365, 10};
    CHECK_INT(sc_gen_build(&few, &g, err, sizeof err), SC_ERR_INPUT);
    CHECK(strstr(err, "below") != NULL);
    sc_gen_free(NULL);
}

int main(void)
{
    test_great_circle();
    test_sea_routes();
    test_build();
    return sc_check_report("test_generate");
}
