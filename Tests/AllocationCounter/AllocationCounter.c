// Replaces the allocation functions of glibc in the test binary (the executable's symbols
// come first in dynamic symbol lookup, so the Swift runtime, Foundation and OpenBLAS all
// allocate through these) and forwards to glibc's own entry points. Only threads that called
// allocation_counter_track_current_thread(1) are counted; everything else is untouched.
#include "AllocationCounter.h"
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static _Thread_local int tracking;
static atomic_ulong total;

static inline void count(void) {
    if (tracking) atomic_fetch_add_explicit(&total, 1, memory_order_relaxed);
}

void allocation_counter_track_current_thread(int on) { tracking = on; }

unsigned long allocation_counter_total(void) { return atomic_load(&total); }

void *malloc(size_t size) {
    count();
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
    count();
    return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
    count();
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

int posix_memalign(void **result, size_t alignment, size_t size) {
    count();
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer) return 12; /* ENOMEM */
    *result = pointer;
    return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}
