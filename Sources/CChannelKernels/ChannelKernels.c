#include "CChannelKernels.h"
#include "KernelSupport.h"

/* erf(z) = z P(z^2) / Q(z^2) with z clamped to [-4, 4] (erf(4) = 1 - 1.5e-8 rounds to 1 in Float32):
 * the rational approximation of Eigen's and XLA's float erf, absolute error below 4e-7 (3 ulps at 1). */
INLINE float erf_rational(float z) {
    z = z > 4.f ? 4.f : (z < -4.f ? -4.f : z);
    float z2 = z * z;
    float p = -2.72614225801306e-10f;
    p = p * z2 + 2.77068142495902e-08f;
    p = p * z2 + -2.10102402082508e-06f;
    p = p * z2 + -5.69250639462346e-05f;
    p = p * z2 + -7.34990630326855e-04f;
    p = p * z2 + -2.95459980854025e-03f;
    p = p * z2 + -1.60960333262415e-02f;
    float q = -1.45660718464996e-05f;
    q = q * z2 + -2.13374055278905e-04f;
    q = q * z2 + -1.68282697438203e-03f;
    q = q * z2 + -7.37332916720468e-03f;
    q = q * z2 + -1.42647390514189e-02f;
    return z * p / q;
}

INLINE float gelu(float v) { return 0.5f * v * (1.f + erf_rational(v * 0.70710678118654752f)); }

/* exp(x) for x <= 0: x = n ln 2 + r with |r| <= ln 2 / 2 (ln 2 in two parts), exp(r) by Cephes'
 * expf polynomial, 2^n by building the exponent bits; below -87 the result is clamped (~1e-38),
 * which only ever multiplies a vanishing term here. */
INLINE float exp_nonpositive(float x) {
    x = x < -87.f ? -87.f : x;
    float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500E-4f;
    p = p * r + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    p = p * r * r + r + 1.f;
    int bits = ((int)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* The elementwise loops run in place (y == x, dx == g); element i reads and writes only index i,
 * so vectorising is safe, which the compiler's run-time overlap check cannot tell: it took the
 * scalar loop for in-place calls (5x slower). */
#define ELEMENTWISE _Pragma("clang loop vectorize(assume_safety)")

DISPATCH void neurop_gelu(const float *x, float *y, ptrdiff_t n) {
    ELEMENTWISE
    for (ptrdiff_t i = 0; i < n; i++) y[i] = gelu(x[i]);
}

INLINE float gelu_derivative(float v) {
    float cdf = 0.5f * (1.f + erf_rational(v * 0.70710678118654752f));
    return cdf + v * 0.39894228040143268f * exp_nonpositive(-0.5f * v * v);
}

DISPATCH void neurop_gelu_backward(const float *x, const float *g, float *dx, ptrdiff_t n) {
    ELEMENTWISE
    for (ptrdiff_t i = 0; i < n; i++) dx[i] = g[i] * gelu_derivative(x[i]);
}

DISPATCH void neurop_gelu_and_derivative(const float *x, float *y, float *d, ptrdiff_t n) {
    ELEMENTWISE
    for (ptrdiff_t i = 0; i < n; i++) {
        float v = x[i];
        float cdf = 0.5f * (1.f + erf_rational(v * 0.70710678118654752f));
        y[i] = v * cdf;
        d[i] = cdf + v * 0.39894228040143268f * exp_nonpositive(-0.5f * v * v);
    }
}

DISPATCH void neurop_multiply(const float *a, const float *b, float *y, ptrdiff_t n) {
    ELEMENTWISE
    for (ptrdiff_t i = 0; i < n; i++) y[i] = a[i] * b[i];
}

/* y[R x 32] (+)= w[R x k] x[k x 32] with the 2R accumulators in registers: per input channel j,
 * two loads of x and R broadcasts of w feed 2R fused multiply-adds. */
INLINE void mix_block(const int R, int k, const float *w, ptrdiff_t ldw, const float *x, ptrdiff_t ldx,
                      const float *bias, float *y, ptrdiff_t ldy, int accumulate) {
    v16 acc[8][2];
    for (int r = 0; r < R; r++) {
        if (accumulate) {
            acc[r][0] = load16(y + r * ldy);
            acc[r][1] = load16(y + r * ldy + 16);
        } else {
            acc[r][0] = (v16){0};
            acc[r][1] = (v16){0};
        }
        if (bias) {
            acc[r][0] += bias[r];
            acc[r][1] += bias[r];
        }
    }
    for (int j = 0; j < k; j++) {
        v16 x0 = load16(x + j * ldx), x1 = load16(x + j * ldx + 16);
        for (int r = 0; r < R; r++) {
            float c = w[r * ldw + j];
            acc[r][0] += c * x0;
            acc[r][1] += c * x1;
        }
    }
    for (int r = 0; r < R; r++) {
        store16(y + r * ldy, acc[r][0]);
        store16(y + r * ldy + 16, acc[r][1]);
    }
}

DISPATCH void neurop_mix(int m, int k, ptrdiff_t t, const float *w, ptrdiff_t ldw, const float *x, ptrdiff_t ldx,
                         const float *bias, float *y, ptrdiff_t ldy, int accumulate) {
    ptrdiff_t c = 0;
    for (; c + 32 <= t; c += 32) {
        int r = 0;
        for (; r + 8 <= m; r += 8)
            mix_block(8, k, w + r * ldw, ldw, x + c, ldx, bias ? bias + r : 0, y + r * ldy + c, ldy, accumulate);
        for (; r + 4 <= m; r += 4)
            mix_block(4, k, w + r * ldw, ldw, x + c, ldx, bias ? bias + r : 0, y + r * ldy + c, ldy, accumulate);
        for (; r < m; r++)
            mix_block(1, k, w + r * ldw, ldw, x + c, ldx, bias ? bias + r : 0, y + r * ldy + c, ldy, accumulate);
    }
    for (int r = 0; r < m; r++)
        for (ptrdiff_t i = c; i < t; i++) {
            float s = (accumulate ? y[r * ldy + i] : 0.f) + (bias ? bias[r] : 0.f);
            for (int j = 0; j < k; j++) s += w[r * ldw + j] * x[j * ldx + i];
            y[r * ldy + i] = s;
        }
}

/* lanes of dw[R x S] += dy[R x t16] x[S x t16]^T: RS accumulators of 16 lanes in registers. */
INLINE void weight_gradient_block(const int R, const int S, ptrdiff_t t16, const float *dy, ptrdiff_t lddy,
                                  const float *x, ptrdiff_t ldx, float *lanes, int k) {
    v16 acc[4][4];
    for (int r = 0; r < R; r++)
        for (int s = 0; s < S; s++) acc[r][s] = load16(lanes + (r * k + s) * 16);
    for (ptrdiff_t i = 0; i < t16; i += 16) {
        v16 a[4], b[4];
        for (int r = 0; r < R; r++) a[r] = load16(dy + r * lddy + i);
        for (int s = 0; s < S; s++) b[s] = load16(x + s * ldx + i);
        for (int r = 0; r < R; r++)
            for (int s = 0; s < S; s++) acc[r][s] += a[r] * b[s];
    }
    for (int r = 0; r < R; r++)
        for (int s = 0; s < S; s++) store16(lanes + (r * k + s) * 16, acc[r][s]);
}

DISPATCH void neurop_mix_weight_gradient(int m, int k, ptrdiff_t t, const float *dy, ptrdiff_t lddy,
                                         const float *x, ptrdiff_t ldx, float *lanes) {
    ptrdiff_t t16 = t / 16 * 16;
    for (int r = 0; r < m; r += 4)
        for (int s = 0; s < k; s += 4) {
            const float *a = dy + r * lddy, *b = x + s * ldx;
            float *l = lanes + (r * k + s) * 16;
            if (r + 4 <= m && s + 4 <= k) {
                weight_gradient_block(4, 4, t16, a, lddy, b, ldx, l, k);
            } else {
                for (int rr = 0; rr < 4 && r + rr < m; rr++)
                    for (int ss = 0; ss < 4 && s + ss < k; ss++)
                        weight_gradient_block(1, 1, t16, a + rr * lddy, lddy, b + ss * ldx, ldx, l + (rr * k + ss) * 16, k);
            }
        }
    for (int r = 0; r < m; r++)
        for (int s = 0; s < k; s++)
            for (ptrdiff_t i = t16; i < t; i++) lanes[(r * k + s) * 16 + i % 16] += dy[r * lddy + i] * x[s * ldx + i];
}

DISPATCH void neurop_sum_lanes(ptrdiff_t count, const float *lanes, float *out) {
    for (ptrdiff_t i = 0; i < count; i++) {
        float total = 0;
        for (int l = 0; l < 16; l++) total += lanes[16 * i + l];
        out[i] += total;
    }
}

DISPATCH void neurop_rows_affine(int rows, ptrdiff_t t, const float *scale, const float *x, ptrdiff_t ldx,
                                 const float *bias, float *y, ptrdiff_t ldy) {
    for (int r = 0; r < rows; r++) {
        float a = scale ? scale[r] : 1.f, b = bias ? bias[r] : 0.f;
        float *yr = y + r * ldy;
        if (x) {
            const float *xr = x + r * ldx;
            ELEMENTWISE
            for (ptrdiff_t i = 0; i < t; i++) yr[i] = a * xr[i] + b;
        } else {
            for (ptrdiff_t i = 0; i < t; i++) yr[i] = b;
        }
    }
}

DISPATCH void neurop_rows_dot(int rows, ptrdiff_t t, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                              float *out) {
    ptrdiff_t t16 = t / 16 * 16;
    for (int r = 0; r < rows; r++) {
        const float *ar = a + r * lda, *br = b ? b + r * ldb : NULL;
        v16 acc = {0};
        if (br) {
            for (ptrdiff_t i = 0; i < t16; i += 16) acc += load16(ar + i) * load16(br + i);
        } else {
            for (ptrdiff_t i = 0; i < t16; i += 16) acc += load16(ar + i);
        }
        float total = 0;
        for (int l = 0; l < 16; l++) total += acc[l];
        for (ptrdiff_t i = t16; i < t; i++) total += br ? ar[i] * br[i] : ar[i];
        out[r] += total;
    }
}
