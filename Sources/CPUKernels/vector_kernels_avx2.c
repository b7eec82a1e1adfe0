// The vector kernels at AVX2 width (8 floats, with FMA), for x86-64 processors from Haswell
// and Zen on; tails through masked loads and stores.
#include "vector_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/// Row r of the tail masks starts at element 8 - r: r lanes set.
static const int32_t vk_avx2_tail[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define W 8
#define KERNEL(name) vk_avx2_##name
#define TABLE vk_avx2
#define TABLE_NAME "avx2"
#define FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#define TAIL(r) _mm256_loadu_si256((const __m256i *)(vk_avx2_tail + 8 - (r)))
#define LOAD_PART(p, r) ((V)_mm256_maskload_ps((p), TAIL(r)))
#define STORE_PART(p, r, v) _mm256_maskstore_ps((p), TAIL(r), (__m256)(v))

#include "vector_kernels_body.inc"

#pragma clang attribute pop
#endif
