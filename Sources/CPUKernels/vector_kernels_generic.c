// The vector kernels in portable C vectors of 4 floats (SSE2 on x86-64, NEON on arm64), for
// processors without AVX2 and for other architectures; tails through a small buffer.
#include "vector_kernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define W 4
#define KERNEL(name) vk_generic_##name
#define TABLE vk_generic
#define TABLE_NAME "generic"
#define FMA(a, b, c) ((a) * (b) + (c))
#define LOAD_PART(p, r) vk_generic_load_part((p), (r))
#define STORE_PART(p, r, v) vk_generic_store_part((p), (r), (v))

typedef float VG __attribute__((vector_size(W * 4)));

static inline VG vk_generic_load_part(const float *p, long r) {
    float buffer[W] = {0};
    memcpy(buffer, p, (size_t)r * sizeof(float));
    VG v;
    memcpy(&v, buffer, sizeof v);
    return v;
}

static inline void vk_generic_store_part(float *p, long r, VG v) { memcpy(p, &v, (size_t)r * sizeof(float)); }

#include "vector_kernels_body.inc"
