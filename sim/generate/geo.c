/*
 * Anchor ports, great-circle distance and zone-to-zone sea routes for the
 * synthetic network generator (see geo.h).  A route is the list of
 * waypoints a ship passes between two coast zones; a waypoint that is a
 * chokepoint of the model (malacca, babelmandeb, suez, gibraltar, dover,
 * panama: the names asia_eu uses) ends up in the lane's `via`, the others
 * only keep the legs off land so the distance is a sea distance.
 */
#include "generate/geo.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const sc_geo_anchor sc_geo_export_anchors[] = {
    {"Shanghai", "CN", 31.23, 121.49, 0.0, -1.0, SC_ZONE_EAST_ASIA},
    {"Shenzhen Yantian", "CN", 22.58, 114.27, 1.0, -0.3, SC_ZONE_EAST_ASIA},
    {"Ningbo", "CN", 29.87, 121.55, 0.0, -1.0, SC_ZONE_EAST_ASIA},
    {"Busan", "KR", 35.10, 129.04, 0.7, -0.7, SC_ZONE_EAST_ASIA},
    {"Qingdao", "CN", 36.07, 120.32, 0.0, -1.0, SC_ZONE_EAST_ASIA},
    {"Singapore", "SG", 1.26, 103.84, 0.4, 0.0, SC_ZONE_SE_ASIA},
    {"Kaohsiung", "TW", 22.62, 120.27, 0.5, 0.3, SC_ZONE_EAST_ASIA},
    {"Hai Phong", "VN", 20.86, 106.68, 0.3, -1.0, SC_ZONE_EAST_ASIA},
    {"Tianjin", "CN", 38.98, 117.73, 0.3, -1.0, SC_ZONE_EAST_ASIA},
    {"Guangzhou", "CN", 23.12, 113.23, 1.0, -0.2, SC_ZONE_EAST_ASIA},
    {"Tokyo", "JP", 35.62, 139.78, 0.5, -0.5, SC_ZONE_EAST_ASIA},
    {"Ho Chi Minh City", "VN", 10.76, 106.79, 0.5, -0.5, SC_ZONE_SE_ASIA},
    {"Laem Chabang", "TH", 13.08, 100.88, 0.7, -0.3, SC_ZONE_SE_ASIA},
    {"Port Klang", "MY", 3.00, 101.39, 0.3, 0.8, SC_ZONE_SE_ASIA},
    {"Xiamen", "CN", 24.45, 118.07, 0.6, -0.8, SC_ZONE_EAST_ASIA},
    {"Nhava Sheva", "IN", 18.95, 72.95, 0.0, 1.0, SC_ZONE_SOUTH_ASIA},
    {"Dalian", "CN", 38.92, 121.63, 1.0, 0.5, SC_ZONE_EAST_ASIA},
    {"Mundra", "IN", 22.74, 69.70, 0.5, 1.0, SC_ZONE_SOUTH_ASIA},
    {"Colombo", "LK", 6.95, 79.85, 0.0, 0.6, SC_ZONE_SOUTH_ASIA},
};
const int sc_geo_n_export_anchors = sizeof sc_geo_export_anchors / sizeof *sc_geo_export_anchors;

const sc_geo_anchor sc_geo_import_anchors[] = {
    {"Rotterdam", "NL", 51.95, 4.14, 0.0, 1.0, SC_ZONE_EU_NORTH},
    {"Los Angeles", "US", 33.74, -118.26, 0.3, 1.0, SC_ZONE_NA_WEST},
    {"Antwerp", "BE", 51.27, 4.33, -0.3, 1.0, SC_ZONE_EU_NORTH},
    {"New York", "US", 40.67, -74.04, 0.2, -1.0, SC_ZONE_NA_EAST},
    {"Hamburg", "DE", 53.54, 9.97, -1.0, 0.3, SC_ZONE_EU_NORTH},
    {"Valencia", "ES", 39.45, -0.32, 0.2, -1.0, SC_ZONE_EU_MED},
    {"Savannah", "US", 32.08, -81.09, 0.3, -1.0, SC_ZONE_NA_EAST},
    {"Felixstowe", "GB", 51.96, 1.33, 0.3, -1.0, SC_ZONE_EU_NORTH},
    {"Genoa", "IT", 44.40, 8.92, 1.0, 0.0, SC_ZONE_EU_MED},
    {"Seattle", "US", 47.60, -122.35, 0.0, 1.0, SC_ZONE_NA_WEST},
    {"Le Havre", "FR", 49.48, 0.11, -0.6, 0.8, SC_ZONE_EU_WEST},
    {"Houston", "US", 29.73, -95.02, 1.0, 0.0, SC_ZONE_NA_GULF},
    {"Bremerhaven", "DE", 53.55, 8.58, -1.0, 0.3, SC_ZONE_EU_NORTH},
    {"Piraeus", "GR", 37.94, 23.62, 1.0, 0.0, SC_ZONE_EU_MED},
    {"Oakland", "US", 37.80, -122.31, 0.0, 1.0, SC_ZONE_NA_WEST},
    {"Barcelona", "ES", 41.35, 2.16, 0.5, -1.0, SC_ZONE_EU_MED},
    {"Norfolk", "US", 36.90, -76.30, 0.0, -1.0, SC_ZONE_NA_EAST},
    {"Vancouver", "CA", 49.29, -123.10, 0.2, 1.0, SC_ZONE_NA_WEST},
    {"Koper", "SI", 45.55, 13.73, 0.5, 1.0, SC_ZONE_EU_MED},
    {"Charleston", "US", 32.78, -79.92, 0.3, -1.0, SC_ZONE_NA_EAST},
    {"Southampton", "GB", 50.90, -1.40, 0.8, 0.2, SC_ZONE_EU_WEST},
    {"Manzanillo", "MX", 19.05, -104.32, 0.3, 1.0, SC_ZONE_NA_WEST},
    {"Fos-sur-Mer", "FR", 43.43, 4.90, 1.0, 0.0, SC_ZONE_EU_MED},
    {"Halifax", "CA", 44.65, -63.57, 0.2, -1.0, SC_ZONE_NA_EAST},
    {"Algeciras", "ES", 36.13, -5.43, 1.0, 0.3, SC_ZONE_EU_MED},
};
const int sc_geo_n_import_anchors = sizeof sc_geo_import_anchors / sizeof *sc_geo_import_anchors;

typedef struct waypoint {
    const char *chokepoint; /* NULL: a plain waypoint */
    double lat, lon;
} waypoint;

enum {
    W_SG,
    W_MALACCA_N,
    W_DONDRA,
    W_BAB,
    W_SUEZ,
    W_GIB,
    W_FIN,
    W_USHANT,
    W_DOVER,
    W_PANAMA,
    W_WINDWARD,
    W_YUCATAN,
    W_FLORIDA,
    W_LUZON,
    W_END = -1
};

static const waypoint waypoints[] = {
    [W_SG] = {"malacca", 1.20, 104.00},   [W_MALACCA_N] = {NULL, 5.80, 97.50},
    [W_DONDRA] = {NULL, 5.80, 80.60},     [W_BAB] = {"babelmandeb", 12.60, 43.40},
    [W_SUEZ] = {"suez", 30.00, 32.55},    [W_GIB] = {"gibraltar", 35.95, -5.60},
    [W_FIN] = {NULL, 43.30, -9.80},       [W_USHANT] = {NULL, 48.60, -5.40},
    [W_DOVER] = {"dover", 51.00, 1.45},   [W_PANAMA] = {"panama", 9.10, -79.70},
    [W_WINDWARD] = {NULL, 20.00, -73.80}, [W_YUCATAN] = {NULL, 21.80, -85.50},
    [W_FLORIDA] = {NULL, 24.40, -81.50},  [W_LUZON] = {NULL, 20.50, 121.50},
};

#define MAX_LEGS 12

/* routes[origin class][destination zone]: waypoints in order, W_END-terminated.
 * Origin classes: 0 east Asia, 1 south-east Asia, 2 south Asia. */
static const int routes[3][SC_GEO_ZONES][MAX_LEGS] =
    {
        [0] =
            {
                [SC_ZONE_EU_NORTH] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_GIB, W_FIN,
                                      W_USHANT, W_DOVER, W_END},
                [SC_ZONE_EU_WEST] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_GIB, W_FIN,
                                     W_USHANT, W_END},
                [SC_ZONE_EU_MED] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_END},
                [SC_ZONE_NA_WEST] = {W_END},
                [SC_ZONE_NA_EAST] = {W_PANAMA, W_WINDWARD, W_END},
                [SC_ZONE_NA_GULF] = {W_PANAMA, W_YUCATAN, W_END},
            },
        [1] =
            {
                [SC_ZONE_EU_NORTH] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ,
                                      W_GIB, W_FIN, W_USHANT, W_DOVER, W_END},
                [SC_ZONE_EU_WEST] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_GIB, W_FIN,
                                     W_USHANT, W_END},
                [SC_ZONE_EU_MED] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_END},
                [SC_ZONE_NA_WEST] = {W_LUZON, W_END},
                [SC_ZONE_NA_EAST] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_GIB, W_END},
                [SC_ZONE_NA_GULF] = {W_SG, W_MALACCA_N, W_DONDRA, W_BAB, W_SUEZ, W_GIB, W_FLORIDA,
                                     W_END},
            },
        [2] =
            {
                [SC_ZONE_EU_NORTH] = {W_BAB, W_SUEZ, W_GIB, W_FIN, W_USHANT, W_DOVER, W_END},
                [SC_ZONE_EU_WEST] = {W_BAB, W_SUEZ, W_GIB, W_FIN, W_USHANT, W_END},
                [SC_ZONE_EU_MED] = {W_BAB, W_SUEZ, W_END},
                [SC_ZONE_NA_WEST] = {W_DONDRA, W_MALACCA_N, W_SG, W_LUZON, W_END},
                [SC_ZONE_NA_EAST] = {W_BAB, W_SUEZ, W_GIB, W_END},
                [SC_ZONE_NA_GULF] = {W_BAB, W_SUEZ, W_GIB, W_FLORIDA, W_END},
            },
};

int sc_geo_zone_is_america(sc_geo_zone z)
{
    return z == SC_ZONE_NA_WEST || z == SC_ZONE_NA_EAST || z == SC_ZONE_NA_GULF;
}

double sc_geo_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2.0 * 6371.0 * asin(fmin(1.0, sqrt(a)));
}

static int origin_class(sc_geo_zone z)
{
    return z == SC_ZONE_SE_ASIA ? 1 : z == SC_ZONE_SOUTH_ASIA ? 2 : 0;
}

double sc_geo_sea_km(sc_geo_zone from, double lat1, double lon1, sc_geo_zone to, double lat2,
                     double lon2, char *via, int via_size)
{
    const int *route = routes[origin_class(from)][to];
    double km = 0, lat = lat1, lon = lon1;
    int used = 0;
    via[0] = 0;
    /* A route table row left all zero (an Asian destination zone) would
     * read as W_SG repeated: treat it as direct. */
    bool asian = to == SC_ZONE_EAST_ASIA || to == SC_ZONE_SE_ASIA || to == SC_ZONE_SOUTH_ASIA;
    for (int k = 0; !asian && k < MAX_LEGS && route[k] != W_END; k++) {
        const waypoint *w = &waypoints[route[k]];
        km += sc_geo_km(lat, lon, w->lat, w->lon);
        lat = w->lat;
        lon = w->lon;
        if (w->chokepoint) {
            int n = snprintf(via + used, (size_t)(via_size - used), "%s%s", used ? ";" : "",
                             w->chokepoint);
            if (n > 0 && n < via_size - used) used += n;
        }
    }
    return km + sc_geo_km(lat, lon, lat2, lon2);
}
