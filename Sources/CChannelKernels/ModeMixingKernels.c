#include "CChannelKernels.h"
#include "KernelSupport.h"

/* The spectral convolution's per-mode complex products. OpenBLAS's cgemm spent three quarters of
 * its time packing operands and scaling by beta on these 20x32 . 32x32 products; here the right
 * operand is split into real and imaginary planes once per mode (it is small and reused by every
 * row) and each pair of rows of the result is held in registers across the whole inner sum. */

/* Rows r..r+R-1, columns j..j+16V-1 of c = alpha a b (see neurop_complex_mix). */
INLINE void complex_block(const int R, const int V, int k, float alpha, const float *a, ptrdiff_t ars,
                          ptrdiff_t aps, float sign, const float *bre, const float *bim, ptrdiff_t n, float *c,
                          int accumulate) {
    v16 accr[2][2], acci[2][2];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) accr[r][v] = acci[r][v] = (v16){0};
    for (int p = 0; p < k; p++) {
        v16 br[2], bi[2];
        for (int v = 0; v < V; v++) {
            br[v] = load16(bre + p * n + 16 * v);
            bi[v] = load16(bim + p * n + 16 * v);
        }
        for (int r = 0; r < R; r++) {
            const float *ap = a + 2 * (r * ars + p * aps);
            float ar = ap[0], ai = sign * ap[1];
            for (int v = 0; v < V; v++) {
                accr[r][v] = accr[r][v] + ar * br[v] - ai * bi[v];
                acci[r][v] = acci[r][v] + ar * bi[v] + ai * br[v];
            }
        }
    }
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            v16 re = alpha * accr[r][v], im = alpha * acci[r][v];
            float *out = c + 2 * (r * n + 16 * v);
            v16 lo = __builtin_shufflevector(re, im, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            v16 hi = __builtin_shufflevector(re, im, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            if (accumulate) {
                lo = load16(out) + lo;
                hi = load16(out + 16) + hi;
            }
            store16(out, lo);
            store16(out + 16, hi);
        }
}

DISPATCH void neurop_complex_mix(int m, int n, int k, float alpha, const float *a, ptrdiff_t ars, ptrdiff_t aps,
                                 int conjugate, const float *bre, const float *bim, float *c, int accumulate) {
    const float sign = conjugate ? -1.f : 1.f;
    int r = 0;
    for (; r < m; r += 2) {
        const int rows = m - r >= 2 ? 2 : 1;
        const float *ar = a + 2 * r * ars;
        float *cr = c + 2 * (ptrdiff_t)r * n;
        int j = 0;
        for (; j + 32 <= n; j += 32) {
            if (rows == 2) complex_block(2, 2, k, alpha, ar, ars, aps, sign, bre + j, bim + j, n, cr + 2 * j, accumulate);
            else complex_block(1, 2, k, alpha, ar, ars, aps, sign, bre + j, bim + j, n, cr + 2 * j, accumulate);
        }
        for (; j + 16 <= n; j += 16) {
            if (rows == 2) complex_block(2, 1, k, alpha, ar, ars, aps, sign, bre + j, bim + j, n, cr + 2 * j, accumulate);
            else complex_block(1, 1, k, alpha, ar, ars, aps, sign, bre + j, bim + j, n, cr + 2 * j, accumulate);
        }
        for (int rr = 0; rr < rows; rr++)
            for (int jj = j; jj < n; jj++) {
                float sr = 0.f, si = 0.f;
                for (int p = 0; p < k; p++) {
                    const float *ap = ar + 2 * (rr * ars + p * aps);
                    float xr = ap[0], xi = sign * ap[1];
                    sr += xr * bre[p * n + jj] - xi * bim[p * n + jj];
                    si += xr * bim[p * n + jj] + xi * bre[p * n + jj];
                }
                float *out = cr + 2 * (rr * n + jj);
                out[0] = accumulate ? out[0] + alpha * sr : alpha * sr;
                out[1] = accumulate ? out[1] + alpha * si : alpha * si;
            }
    }
}

/* Conjugation negates (a sign flip, never a multiplication: gradient spectra hold subnormal values,
 * and multiplying one takes a microcode assist of ~100 cycles on Intel cores). */
DISPATCH void neurop_complex_planes(int rows, int cols, const float *src, ptrdiff_t ld, int transpose, int conjugate,
                                    float *re, float *im) {
    for (int p = 0; p < rows; p++) {
        float *rp = re + p * cols, *ip = im + p * cols;
        if (!transpose) {
            const float *z = src + 2 * p * ld;
            for (int j = 0; j < cols; j++) rp[j] = z[2 * j];
            if (conjugate) for (int j = 0; j < cols; j++) ip[j] = -z[2 * j + 1];
            else for (int j = 0; j < cols; j++) ip[j] = z[2 * j + 1];
        } else {
            const float *z = src + 2 * p;
            for (int j = 0; j < cols; j++) rp[j] = z[2 * j * ld];
            if (conjugate) for (int j = 0; j < cols; j++) ip[j] = -z[2 * j * ld + 1];
            else for (int j = 0; j < cols; j++) ip[j] = z[2 * j * ld + 1];
        }
    }
}
