#ifndef NEUROP_CHANNEL_KERNELS_H
#define NEUROP_CHANNEL_KERNELS_H
#include <stddef.h>

/* Kernels for per-cell channel operations on tiles of grid cells: matrices are row-major, one row
 * per channel, `ld*` the distance between rows in floats. Each call is single-threaded; callers
 * parallelise over tiles. See README.md. */

/* y = GELU(x) = x Phi(x), elementwise. x and y may be the same array. */
void neurop_gelu(const float *x, float *y, ptrdiff_t n);

/* dx = g * GELU'(x) = g (Phi(x) + x phi(x)). dx may be g. */
void neurop_gelu_backward(const float *x, const float *g, float *dx, ptrdiff_t n);

/* y = GELU(x) and d = GELU'(x) in one pass (one erf per element). */
void neurop_gelu_and_derivative(const float *x, float *y, float *d, ptrdiff_t n);

/* y = a * b, elementwise. y may be a or b. */
void neurop_multiply(const float *a, const float *b, float *y, ptrdiff_t n);

/* y[m x t] = (accumulate ? y : 0) + bias[m] + w[m x k] x[k x t]; a NULL bias adds nothing. */
void neurop_mix(int m, int k, ptrdiff_t t, const float *w, ptrdiff_t ldw, const float *x, ptrdiff_t ldx,
                const float *bias, float *y, ptrdiff_t ldy, int accumulate);

/* dw[m x k] += dy[m x t] x[k x t]^T, kept as 16 partial sums per entry: lanes[(r k + s) 16 + l]
 * (m k 16 floats) collects the products of cells i = l mod 16. Summing lanes once per task
 * (neurop_sum_lanes) instead of once per tile halved the kernel's time at 256-cell tiles. */
void neurop_mix_weight_gradient(int m, int k, ptrdiff_t t, const float *dy, ptrdiff_t lddy,
                                const float *x, ptrdiff_t ldx, float *lanes);

/* out[i] += sum over l of lanes[16 i + l], for i < count, in lane order. */
void neurop_sum_lanes(ptrdiff_t count, const float *lanes, float *out);

/* y[r][i] = scale[r] x[r][i] + bias[r] for r < rows, i < t; a NULL scale means 1, a NULL x
 * contributes nothing, a NULL bias adds nothing. */
void neurop_rows_affine(int rows, ptrdiff_t t, const float *scale, const float *x, ptrdiff_t ldx,
                        const float *bias, float *y, ptrdiff_t ldy);

/* out[r] += sum_i a[r][i] b[r][i] (b NULL: sum_i a[r][i]), each row summed in a fixed order. */
void neurop_rows_dot(int rows, ptrdiff_t t, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                     float *out);

/* c[m x n] = (accumulate ? c : 0) + alpha sum_p a(r, p) b[p][j], complex, for the spectral convolution's per-mode products:
 * a(r, p) is the interleaved complex value at a + 2 (r ars + p aps) (conjugated if `conjugate`), b is
 * given as real and imaginary planes bre, bim [k x n] row-major, c is interleaved complex row-major
 * with n per row. Each entry is summed over p in order. */
void neurop_complex_mix(int m, int n, int k, float alpha, const float *a, ptrdiff_t ars, ptrdiff_t aps,
                        int conjugate, const float *bre, const float *bim, float *c, int accumulate);

/* The real and imaginary planes re, im [rows x cols] of op(S) for interleaved complex S with
 * leading dimension ld: op(S) = S, or its transpose (S is cols x rows), conjugated if asked. */
void neurop_complex_planes(int rows, int cols, const float *src, ptrdiff_t ld, int transpose, int conjugate,
                           float *re, float *im);
#endif
