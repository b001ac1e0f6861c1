#ifndef NEUROP_KERNEL_SUPPORT_H
#define NEUROP_KERNEL_SUPPORT_H
#include <string.h>

/* Every public kernel is compiled three times — AVX-512, AVX2 + FMA, baseline x86-64 — and the
 * dynamic loader picks the best the CPU supports (GNU ifunc). Swift has no per-function target
 * attribute, and building the whole package for AVX-512 would make a binary that stops with an
 * illegal instruction on older CPUs. */
#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define DISPATCH __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DISPATCH
#endif
#define INLINE static inline __attribute__((always_inline))

/* 16 floats: one AVX-512 register, two AVX2 registers. Unaligned loads and stores go through
 * memcpy, as macros: a function passing v16 by value would have a different calling convention in
 * each clone. */
typedef float v16 __attribute__((vector_size(64), aligned(4)));
#define load16(p) ({ v16 v_; memcpy(&v_, (p), sizeof v_); v_; })
#define store16(p, v) do { v16 t_ = (v); memcpy((p), &t_, sizeof t_); } while (0)
#endif
