#ifndef NEUROP_CZLIB_SHIM_H
#define NEUROP_CZLIB_SHIM_H
/* zlib, for the deflate-compressed members of NumPy `.npz` archives (zip files) and their CRC-32.
 *
 * inflateInit2 is a macro (it passes the library version and the stream size), which Swift does
 * not import: it is wrapped below. */
#include <zlib.h>

/* inflateInit2(stream, -15): a raw deflate stream (no zlib header), as zip stores it. */
static inline int neurop_inflate_init_raw(z_streamp stream) { return inflateInit2(stream, -15); }

#endif
