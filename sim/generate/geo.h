/*
 * Geography for the synthetic network generator (`sctwin generate`): real
 * port locations to place nodes around, great-circle distances, and the
 * sea routes between coast zones with the chokepoints they pass.
 *
 * The anchor ports and waypoints are public coordinates (rounded to 0.01
 * degree); docs/user-guide.md#generating-a-network lists the assumptions.
 */
#ifndef SC_GEN_GEO_H
#define SC_GEN_GEO_H

/* Coast zones: which sea route links two ports. */
typedef enum sc_geo_zone {
    SC_ZONE_EAST_ASIA,  /* China, Korea, Japan, Taiwan, north Vietnam */
    SC_ZONE_SE_ASIA,    /* south Vietnam, Thailand, Malaysia, Singapore */
    SC_ZONE_SOUTH_ASIA, /* India */
    SC_ZONE_EU_NORTH,   /* north-west Europe past the Strait of Dover */
    SC_ZONE_EU_WEST,    /* Atlantic Europe before Dover (Le Havre, Iberia) */
    SC_ZONE_EU_MED,     /* Mediterranean Europe */
    SC_ZONE_NA_WEST,    /* Pacific coast of North America */
    SC_ZONE_NA_EAST,    /* Atlantic coast of North America */
    SC_ZONE_NA_GULF,    /* Gulf of Mexico */
    SC_GEO_ZONES
} sc_geo_zone;

/* A real port that nodes are placed around.  (inland_lat, inland_lon) is a
 * unit-ish direction pointing inland, so plants and warehouses land on
 * shore rather than at sea. */
typedef struct sc_geo_anchor {
    const char *name, *region; /* region: ISO country code */
    double lat, lon;
    double inland_lat, inland_lon;
    sc_geo_zone zone;
} sc_geo_anchor;

/* Export ports (Asia) and import ports (Europe and North America). */
extern const sc_geo_anchor sc_geo_export_anchors[];
extern const int sc_geo_n_export_anchors;
extern const sc_geo_anchor sc_geo_import_anchors[];
extern const int sc_geo_n_import_anchors;

/* True for the zones in North America (else Europe): who retails there. */
int sc_geo_zone_is_america(sc_geo_zone z);

/* Great-circle distance in km (haversine, mean Earth radius 6371 km). */
double sc_geo_km(double lat1, double lon1, double lat2, double lon2);

/* The sea distance in km from (lat1, lon1) in zone `from` to (lat2, lon2)
 * in zone `to`: great-circle legs through the route's waypoints.  Writes
 * the chokepoints passed, in order, as a semicolon list into via (empty
 * when none; at least 64 bytes). */
double sc_geo_sea_km(sc_geo_zone from, double lat1, double lon1, sc_geo_zone to, double lat2,
                     double lon2, char *via, int via_size);

#endif
