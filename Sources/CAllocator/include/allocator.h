#ifndef TINYLAB_ALLOCATOR_H
#define TINYLAB_ALLOCATOR_H

/// Keeps freed tensor buffers of up to 32 MB in the process heap instead of returning them to the
/// system after every operation, so large data sets (millions of points) do not page-fault fresh
/// memory on every training step.
void tinylab_tune_allocator(void);

#endif
