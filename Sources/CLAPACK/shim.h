#ifndef NEUROP_CLAPACK_SHIM_H
#define NEUROP_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>

/* OpenBLAS's own thread count (not part of the CBLAS standard, declared by its cblas.h). */
static inline void neurop_openblas_set_threads(int n) { openblas_set_num_threads(n); }
static inline int neurop_openblas_threads(void) { return openblas_get_num_threads(); }

/* The kernel set OpenBLAS chose for this CPU ("Haswell", "SkylakeX", "Prescott", …). */
static inline const char *neurop_openblas_corename(void) { return openblas_get_corename(); }

/* Builds with DYNAMIC_ARCH (Debian's) choose their kernels at load time and export these two;
   weak, so that a single-target OpenBLAS still links (they are then null). */
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

static inline int neurop_openblas_can_choose_kernels(void) {
    return gotoblas_dynamic_init != 0 && gotoblas_dynamic_quit != 0;
}

/* Chooses the kernels again, as at load time (OpenBLAS reads OPENBLAS_CORETYPE then). Only safe
   before the first BLAS call and while no other thread uses BLAS. */
static inline void neurop_openblas_choose_kernels_again(void) {
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
}

/* Whether the CPU and the operating system support the instructions of OpenBLAS's SkylakeX
   kernels (AVX-512 F, CD, BW, DQ, VL with the ZMM state enabled) or of its Haswell kernels
   (AVX2 and FMA with the YMM state enabled): CPUID leaves 1 and 7 and XGETBV, as OpenBLAS's
   own detection does. */
static inline void neurop_cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
static inline unsigned long long neurop_xgetbv0(void) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}
/* 2: SkylakeX kernels can run, 1: Haswell kernels can run, 0: neither (or not x86-64). */
static inline int neurop_cpu_vector_level(void) {
#if defined(__x86_64__)
    unsigned r[4];
    neurop_cpuid(0, 0, r);
    if (r[0] < 7) return 0;
    neurop_cpuid(1, 0, r);
    int osxsave = (r[2] >> 27) & 1, fma = (r[2] >> 12) & 1, avx = (r[2] >> 28) & 1;
    if (!osxsave || !avx) return 0;
    unsigned long long xcr0 = neurop_xgetbv0();
    if ((xcr0 & 0x6) != 0x6) return 0;
    neurop_cpuid(7, 0, r);
    int avx2 = (r[1] >> 5) & 1;
    int avx512 = ((r[1] >> 16) & 1) && ((r[1] >> 17) & 1) && ((r[1] >> 28) & 1) && ((r[1] >> 30) & 1) && ((r[1] >> 31) & 1);
    if (avx512 && (xcr0 & 0xE6) == 0xE6) return 2;
    return (avx2 && fma) ? 1 : 0;
#else
    return 0;
#endif
}
#endif
