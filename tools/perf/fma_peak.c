// The FP32 limit of one core: 12 independent FMA chains (enough to cover the FMA latency on
// every x86 core polspec has met), at AVX-512 and at AVX2 width, best of 7 runs each.
//
//   gcc -O2 -o /tmp/fma_peak tools/perf/fma_peak.c && taskset -c 0 /tmp/fma_peak
//
// GF/s = runs x 12 chains x lanes x 2 FLOP / seconds. docs/performance.md quotes workloads as a
// share of this number.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

// Twelve named accumulators keep the chains in registers at -O2 (an array may be spilled).
#define CHAINS(T, SET, FMA, ITERS, OUT)                                                        \
    do {                                                                                       \
        T b = SET(0.999999f), c = SET(1e-7f);                                                  \
        T a0 = SET(0), a1 = SET(1), a2 = SET(2), a3 = SET(3), a4 = SET(4), a5 = SET(5);         \
        T a6 = SET(6), a7 = SET(7), a8 = SET(8), a9 = SET(9), a10 = SET(10), a11 = SET(11);    \
        for (long n = 0; n < (ITERS); n++) {                                                   \
            a0 = FMA(a0, b, c); a1 = FMA(a1, b, c); a2 = FMA(a2, b, c); a3 = FMA(a3, b, c);     \
            a4 = FMA(a4, b, c); a5 = FMA(a5, b, c); a6 = FMA(a6, b, c); a7 = FMA(a7, b, c);     \
            a8 = FMA(a8, b, c); a9 = FMA(a9, b, c); a10 = FMA(a10, b, c); a11 = FMA(a11, b, c); \
        }                                                                                      \
        T s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;                     \
        (OUT) = s[0];                                                                          \
    } while (0)

// GF/s of one run of ITERS steps of the 12 chains at one vector width.
#define GFLOPS(NAME, TARGET, T, SET, FMA, LANES)                    \
    __attribute__((target(TARGET))) static double NAME(long iters) { \
        float sink;                                                 \
        double t0 = now();                                          \
        CHAINS(T, SET, FMA, iters, sink);                           \
        double t = now() - t0;                                      \
        if (sink == 12345.f) puts("");                              \
        return iters * 12.0 * (LANES) * 2 / t / 1e9;                \
    }

GFLOPS(gflops512, "avx512f", __m512, _mm512_set1_ps, _mm512_fmadd_ps, 16)
GFLOPS(gflops256, "avx2,fma", __m256, _mm256_set1_ps, _mm256_fmadd_ps, 8)

int main(void) {
    double best512 = 0, best256 = 0;
    int has512 = __builtin_cpu_supports("avx512f"), has256 = __builtin_cpu_supports("fma");
    for (int run = 0; run < 7; run++) {
        if (has512) { double g = gflops512(100000000); if (g > best512) best512 = g; }
        if (has256) { double g = gflops256(100000000); if (g > best256) best256 = g; }
    }
    if (has512) printf("avx512: %.1f GF/s\n", best512);
    if (has256) printf("avx2:   %.1f GF/s\n", best256);
    printf("(one thread, best of 7 runs of 12 independent FMA chains)\n");
    return 0;
}
