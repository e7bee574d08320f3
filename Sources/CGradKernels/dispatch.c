#include "grad_kernels.h"
#include "variants.h"
#include <stdlib.h>
#include <string.h>

int tl_kernel_level = 0;

static int cpu_level(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return 0;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
        return 2;
    return 1;
#else
    return 0;
#endif
}

int tl_kernels_cpu_level(void) { return cpu_level(); }

void tl_kernels_force(int level) {
    const int cpu = cpu_level();
    __atomic_store_n(&tl_kernel_level, level < 0 || level > cpu ? cpu : level, __ATOMIC_RELAXED);
}

__attribute__((constructor)) static void tl_kernels_choose(void) {
    const char *choice = getenv("TINYLAB_KERNELS");
    int level = -1;
    if (choice != NULL && strcmp(choice, "portable") == 0) level = 0;
    if (choice != NULL && strcmp(choice, "avx2") == 0) level = 1;
    tl_kernels_force(level);
}

int tl_kernels_level(void) { return TL_LEVEL; }
