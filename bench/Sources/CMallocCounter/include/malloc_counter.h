#ifndef TINYLAB_MALLOC_COUNTER_H
#define TINYLAB_MALLOC_COUNTER_H

/// Heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made by the
/// whole process so far. Only the bench links this target: it replaces the C library's allocation
/// functions with counting wrappers around glibc's own (`__libc_malloc`, …).
unsigned long long tinylab_malloc_count(void);

#endif
