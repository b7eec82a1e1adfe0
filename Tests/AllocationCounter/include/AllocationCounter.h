#ifndef POLSPEC_ALLOCATION_COUNTER_H
#define POLSPEC_ALLOCATION_COUNTER_H

/// Test support: counts heap allocations (malloc, calloc, realloc, posix_memalign,
/// aligned_alloc, memalign) made by threads that asked to be tracked. The functions replace
/// glibc's in the test binary and forward to glibc's own (`__libc_malloc`, ...).

/// Starts (1) or stops (0) counting the calling thread's allocations.
void allocation_counter_track_current_thread(int on);

/// Allocations made by tracked threads so far.
unsigned long allocation_counter_total(void);

#endif
