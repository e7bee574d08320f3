#ifndef TINYLAB_GRAD_VARIANTS_H
#define TINYLAB_GRAD_VARIANTS_H

// Each kernel is written once, as an always-inlined body, and instantiated three times: inlined
// into a function compiled for AVX-512, one compiled for AVX2+FMA, and a portable one. The public
// function calls the variant dispatch.c chose for this CPU. A kernel whose AVX-512 variant needs a
// different body (wider register tiles) names it `name_wide_body`; see TL_DISPATCH_VOID_WIDE.

#include <stddef.h>

/// Four doubles, loaded and stored at any 8-byte alignment (two SSE2 registers on the portable path).
typedef double tl_v4 __attribute__((vector_size(32), aligned(8), may_alias));

/// Eight doubles (one AVX-512 register); used only inside the AVX-512 variants.
typedef double tl_v8 __attribute__((vector_size(64), aligned(8), may_alias));

#define TL_BODY static inline __attribute__((always_inline))

/// The kernel levels: 2 runs the AVX-512 variants, 1 the AVX2+FMA ones, 0 the portable ones (read
/// relaxed: it is set once, before main, or by tests).
extern int tl_kernel_level;

#define TL_LEVEL __atomic_load_n(&tl_kernel_level, __ATOMIC_RELAXED)

/// AVX-512 with 512-bit vectors allowed in loops the compiler vectorises.
#define TL_WIDE_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma"), min_vector_width(512)))
#define TL_FAST_TARGET __attribute__((target("avx2,fma")))

#define TL_DISPATCH(type, name, parameters, arguments)                                            \
    TL_WIDE_TARGET static type name##_wide parameters { return name##_body arguments; }          \
    TL_FAST_TARGET static type name##_fast parameters { return name##_body arguments; }          \
    static type name##_portable parameters { return name##_body arguments; }                     \
    type name parameters {                                                                       \
        switch (TL_LEVEL) {                                                                      \
        case 2: return name##_wide arguments;                                                    \
        case 1: return name##_fast arguments;                                                    \
        default: return name##_portable arguments;                                               \
        }                                                                                        \
    }

#define TL_DISPATCH_VARIANTS_VOID(name, wideBody, parameters, arguments)                          \
    TL_WIDE_TARGET static void name##_wide parameters { wideBody arguments; }                    \
    TL_FAST_TARGET static void name##_fast parameters { name##_body arguments; }                 \
    static void name##_portable parameters { name##_body arguments; }                            \
    void name parameters {                                                                       \
        switch (TL_LEVEL) {                                                                      \
        case 2: name##_wide arguments; break;                                                    \
        case 1: name##_fast arguments; break;                                                    \
        default: name##_portable arguments; break;                                               \
        }                                                                                        \
    }

#define TL_DISPATCH_VOID(name, parameters, arguments) \
    TL_DISPATCH_VARIANTS_VOID(name, name##_body, parameters, arguments)

/// The same, with `name_wide_body` as the AVX-512 variant's body.
#define TL_DISPATCH_VOID_WIDE(name, parameters, arguments) \
    TL_DISPATCH_VARIANTS_VOID(name, name##_wide_body, parameters, arguments)

#endif
