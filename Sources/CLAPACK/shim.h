#ifndef NEUROP_CLAPACK_SHIM_H
#define NEUROP_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>

/* OpenBLAS's own thread count (not part of the CBLAS standard, declared by its cblas.h). */
static inline void neurop_openblas_set_threads(int n) { openblas_set_num_threads(n); }
static inline int neurop_openblas_threads(void) { return openblas_get_num_threads(); }
#endif
