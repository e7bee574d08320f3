#include "grad_kernels.h"
#include "variants.h"
#include <stdlib.h>
#include <string.h>

int tl_fast_path = 0;

static int cpu_has_avx2_and_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

void tl_kernels_force_portable(int portable) {
    __atomic_store_n(&tl_fast_path, !portable && cpu_has_avx2_and_fma(), __ATOMIC_RELAXED);
}

__attribute__((constructor)) static void tl_kernels_choose(void) {
    const char *choice = getenv("TINYLAB_KERNELS");
    tl_kernels_force_portable(choice != NULL && strcmp(choice, "portable") == 0);
}

int tl_kernels_fast(void) { return TL_FAST_PATH; }
