#ifndef NEUROP_CPNG_SHIM_H
#define NEUROP_CPNG_SHIM_H
/* libpng, for the Plotting module's figures (heatmaps, loss curves). */
#include <png.h>
#endif
