#ifndef NEUROP_CPNG_SHIM_H
#define NEUROP_CPNG_SHIM_H
/* libpng, for the Plotting module's figures (heatmaps, loss curves).
 *
 * Plotting uses only libpng's "simplified API" (png_image_*), which catches libpng's longjmp
 * errors itself and reports them through png_image.message; Swift cannot survive a longjmp.
 * The macros that API is used with are not imported by Swift, so each is wrapped below. */
#include <png.h>

/* PNG_IMAGE_VERSION: the value png_image.version must hold. */
static inline png_uint_32 neurop_png_image_version(void) { return PNG_IMAGE_VERSION; }

/* PNG_FORMAT_RGB / PNG_FORMAT_RGBA: 8-bit sRGB pixels, 3 or 4 bytes each. */
static inline png_uint_32 neurop_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 neurop_png_format_rgba(void) { return PNG_FORMAT_RGBA; }

/* PNG_FORMAT_FLAG_ALPHA: whether a file read by png_image_begin_read_* has an alpha channel. */
static inline png_uint_32 neurop_png_format_flag_alpha(void) { return PNG_FORMAT_FLAG_ALPHA; }

/* PNG_IMAGE_FAILED: whether the last call on the image failed (warnings do not count). */
static inline int neurop_png_image_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }
#endif
