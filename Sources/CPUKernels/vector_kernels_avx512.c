// The vector kernels at AVX-512 width (16 floats; F, DQ, BW, VL), for x86-64 processors that
// have it; tails through masked loads and stores.
#include "vector_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma"))), apply_to = function)

#define W 16
#define KERNEL(name) vk_avx512_##name
#define TABLE vk_avx512
#define TABLE_NAME "avx512"
#define FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#define TAIL(r) ((__mmask16)((1u << (r)) - 1u))
#define LOAD_PART(p, r) ((V)_mm512_maskz_loadu_ps(TAIL(r), (p)))
#define STORE_PART(p, r, v) _mm512_mask_storeu_ps((p), TAIL(r), (__m512)(v))

#include "vector_kernels_body.inc"

#pragma clang attribute pop
#endif
