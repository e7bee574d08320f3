#ifndef TINYLAB_GRAD_VARIANTS_H
#define TINYLAB_GRAD_VARIANTS_H

// Each kernel is written once, as an always-inlined body, and instantiated twice: inlined into a
// function compiled for AVX2+FMA, and into a portable one. The public function calls the variant
// dispatch.c chose for this CPU.

#include <stddef.h>

/// Four doubles, loaded and stored at any 8-byte alignment (two SSE2 registers on the portable path).
typedef double tl_v4 __attribute__((vector_size(32), aligned(8), may_alias));

#define TL_BODY static inline __attribute__((always_inline))

/// 1 when the AVX2+FMA variants run (read relaxed: it is set once, before main, or by tests).
extern int tl_fast_path;

#define TL_FAST_PATH __atomic_load_n(&tl_fast_path, __ATOMIC_RELAXED)

#define TL_DISPATCH(type, name, parameters, arguments)                                            \
    __attribute__((target("avx2,fma"))) static type name##_fast parameters {                      \
        return name##_body arguments;                                                            \
    }                                                                                            \
    static type name##_portable parameters { return name##_body arguments; }                     \
    type name parameters { return TL_FAST_PATH ? name##_fast arguments : name##_portable arguments; }

#define TL_DISPATCH_VOID(name, parameters, arguments)                                             \
    __attribute__((target("avx2,fma"))) static void name##_fast parameters { name##_body arguments; } \
    static void name##_portable parameters { name##_body arguments; }                            \
    void name parameters {                                                                       \
        if (TL_FAST_PATH) name##_fast arguments; else name##_portable arguments;                 \
    }

#endif
