/* Writing a frame as PNG with libpng's simplified API. */
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

bool vz_write_png(SDL_Surface *s, const char *path, char *err, size_t n)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)s->w;
    img.height = (png_uint_32)s->h;
    img.format = PNG_FORMAT_BGRA; /* ARGB8888 in little-endian memory */
    if (!png_image_write_to_file(&img, path, 0, s->pixels, s->pitch, NULL)) {
        snprintf(err, n, "%s: cannot write PNG: %s", path, img.message);
        return false;
    }
    return true;
}
