/*
 * Headless tests of the viewer's frames (pixel checks with tolerances, no
 * golden images): TRACE.h5 is the asia_eu `none` arm (a 14-day Suez
 * closure from day 290) written by `sctwin trace`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "view.h"

static uint32_t at(SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h) return 0;
    return ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x];
}

static int count_near(SDL_Surface *s, int x, int y, int r, uint32_t c)
{
    int n = 0;
    for (int dy = -r; dy <= r; dy++)
        for (int dx = -r; dx <= r; dx++)
            n += at(s, x + dx, y + dy) == c;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    vz_trace t;
    char err[512];
    CHECK(vz_trace_load(&t, argv[1], err, sizeof err));
    vz_ctx c;
    CHECK(vz_ctx_init(&c, argv[2], err, sizeof err));
    vz_view v = {.w = 960, .h = 600, .selected = 0, .hover = -1, .speed = 1, .pulse = 0.25};
    vz_view_fit(&v, &t);
    double onset = NAN;
    for (int i = 0; i < t.n_shocks; i++)
        if (!strcmp(t.shocks[i].target, "chokepoint:suez")) onset = t.shocks[i].onset;
    CHECK(isfinite(onset));
    SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, v.w, v.h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, v.w, v.h, 32, SDL_PIXELFORMAT_ARGB8888);
    CHECK(a && b);
    double lat, lon;
    CHECK(vz_chokepoint_where("suez", &lat, &lon));
    int sx, sy;
    vz_to_screen(&v, lat, lon, &sx, &sy);

    /* Before the closure Suez is not red; during it, it is. */
    v.day = onset - 30;
    vz_draw(&c, b, &t, &v);
    CHECK_INT(count_near(b, sx, sy, 12, VZ_DISRUPT), 0);
    v.day = onset + 3;
    vz_draw(&c, a, &t, &v);
    CHECK(count_near(a, sx, sy, 12, VZ_DISRUPT) > 40);

    /* Land and sea both present, in the proportions of Eurasia's view. */
    SDL_Rect m = vz_map_rect(&v);
    long land = 0, sea = 0;
    for (int y = m.y; y < m.y + m.h; y++)
        for (int x = m.x; x < m.x + m.w; x++) {
            land += at(a, x, y) == VZ_LAND;
            sea += at(a, x, y) == VZ_SEA;
        }
    double area = (double)m.w * m.h;
    printf("land %.3f sea %.3f ships %d\n", (double)land / area, (double)sea / area, c.ships_drawn);
    CHECK((double)land / area > 0.25 && (double)land / area < 0.65);
    CHECK((double)sea / area > 0.25 && (double)sea / area < 0.65);
    CHECK(c.ships_drawn > 20);

    /* Shipments in transit are drawn where they are on their lanes. */
    int tried = 0, found = 0;
    for (int i = 0; i < t.n_legs && tried < 60; i++) {
        if (!vz_leg_where(&t, i, v.day, &lat, &lon)) continue;
        int x, y;
        vz_to_screen(&v, lat, lon, &x, &y);
        if (x < m.x + 5 || y < m.y + 5 || x >= m.x + m.w - 5 || y >= m.y + m.h - 5) continue;
        /* Not where ships pile up at Suez, nor under a node, its label or port queue. */
        bool clear = (x - sx) * (x - sx) + (y - sy) * (y - sy) > 30 * 30;
        for (int n = 0; clear && n < t.n_nodes; n++) {
            int nx, ny;
            vz_to_screen(&v, t.nodes[n].lat, t.nodes[n].lon, &nx, &ny);
            clear = abs(x - nx - 30) > 40 || abs(y - ny) > 30;
        }
        if (!clear) continue;
        tried++;
        found += count_near(a, x, y, 3, VZ_SHIP) > 0;
    }
    printf("ships found %d of %d\n", found, tried);
    CHECK(tried >= 20);
    CHECK(found >= tried * 9 / 10);

    /* Two days give different frames. */
    v.day = onset + 13;
    vz_draw(&c, b, &t, &v);
    long diff = 0;
    for (int y = 0; y < v.h; y++)
        for (int x = 0; x < v.w; x++)
            diff += at(a, x, y) != at(b, x, y);
    printf("pixels differing %ld\n", diff);
    CHECK(diff > 1000);

    /* A region shock turns each of the region's nodes red; a lane shock its
     * lane (the trace's Suez closure retargeted in memory). */
    vz_shock *k = &t.shocks[0];
    double on = k->onset;
    int rn = -1;
    for (int n = 0; n < t.n_nodes && rn < 0; n++)
        if (t.nodes[n].region[0]) rn = n;
    CHECK(rn >= 0);
    if (rn >= 0) {
        CHECK(snprintf(k->target, sizeof k->target, "region:%s", t.nodes[rn].region) <
              (int)sizeof k->target);
        for (int pass = 0; pass < 2; pass++) {
            v.day = pass ? on + 3 : on - 30;
            vz_draw(&c, a, &t, &v);
            int members = 0, red = 0;
            for (int n = 0; n < t.n_nodes; n++) {
                if (strcmp(t.nodes[n].region, t.nodes[rn].region)) continue;
                int x, y;
                vz_to_screen(&v, t.nodes[n].lat, t.nodes[n].lon, &x, &y);
                members++;
                red += count_near(a, x, y, 8, VZ_DISRUPT) > 10;
            }
            printf("region %s: %d of %d nodes red on day %.0f\n", t.nodes[rn].region, red, members,
                   v.day);
            CHECK_INT(red, pass ? members : 0);
        }
    }
    int sl = -1;
    for (int l = 0; l < t.n_lanes; l++)
        if (!strcmp(t.lanes[l].mode, "sea") && (sl < 0 || t.lanes[l].np > t.lanes[sl].np)) sl = l;
    CHECK(sl >= 0);
    if (sl >= 0) {
        CHECK(snprintf(k->target, sizeof k->target, "lane:%s", t.lanes[sl].id) <
              (int)sizeof k->target);
        /* Count the lane's vertices with red around them (a few may lie
         * under a node or a ship marker). */
        int red[2] = {0, 0};
        for (int pass = 0; pass < 2; pass++) {
            v.day = pass ? on + 3 : on - 30;
            vz_draw(&c, a, &t, &v);
            for (int i = 0; i < t.lanes[sl].np; i++) {
                const double *p = &t.pts[2 * (t.lanes[sl].p0 + i)];
                int x, y;
                vz_to_screen(&v, p[0], p[1], &x, &y);
                red[pass] += count_near(a, x, y, 2, VZ_DISRUPT) >= 5;
            }
        }
        printf("lane %s: %d then %d of %d vertices red\n", t.lanes[sl].id, red[0], red[1],
               t.lanes[sl].np);
        CHECK_INT(red[0], 0);
        CHECK(red[1] >= t.lanes[sl].np / 2);
    }

    /* The PNG writer writes the frame. */
    CHECK(vz_write_png(a, "test_view.png", err, sizeof err));
    FILE *f = fopen("test_view.png", "rb");
    unsigned char h[24] = {0};
    CHECK(f && fread(h, 1, 24, f) == 24);
    fclose(f);
    CHECK(!memcmp(h + 1, "PNG", 3));
    CHECK_INT((h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19]), v.w);
    remove("test_view.png");
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    vz_ctx_free(&c);
    vz_trace_free(&t);
    return sc_check_failures ? 1 : 0;
}
