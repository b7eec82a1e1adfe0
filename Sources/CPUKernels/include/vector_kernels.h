// polspec's vector kernels for one instruction set: elementwise functions over float arrays,
// row kernels (layer norm, RMS norm, softmax) and reductions. Every function reads and writes
// exactly `n` elements (tails are masked, never read past the end); `y` may equal an input.
#ifndef POLSPEC_VECTOR_KERNELS_H
#define POLSPEC_VECTOR_KERNELS_H

typedef void (*vk_unary)(long n, const float *x, float *y);
typedef void (*vk_unary_parameter)(long n, const float *x, float parameter, float *y);
typedef void (*vk_binary)(long n, const float *a, const float *b, float *y);

typedef struct vk_kernels {
    /// "avx512", "avx2" or "generic".
    const char *name;
    /// Floats per vector register.
    long width;

    // y = f(x). exp, tanh, erf, sigmoid and the GELUs are polynomial approximations accurate
    // to about 1e-6 relative; sqrt and rsqrt are exact to rounding; log, sin and cos are the C
    // library's, element by element.
    vk_unary neg, abs, exp, log, sqrt, rsqrt, tanh, erf, sigmoid, sin, cos;
    vk_unary square, cube, reciprocal, gelu, gelu_tanh, silu;
    /// x^p for an integer p with |p| <= 64, by repeated multiplication (x^-p = 1 / x^p).
    vk_unary_parameter power_integer;
    /// x^p by the C library's powf.
    vk_unary_parameter power;

    // y = f(a, b). max and min give NaN when either operand is NaN; comparisons give 1 or 0
    // (ne is 1 when either operand is NaN, the others 0).
    vk_binary add, sub, mul, div, max, min, eq, ne, lt, le, gt, ge;
    /// y = mask != 0 ? a : b.
    void (*select)(long n, const float *mask, const float *a, const float *b, float *y);

    /// Σ x, and the largest x (-inf for n = 0), in a fixed order.
    float (*sum)(long n, const float *x);
    float (*maximum)(long n, const float *x);
    /// acc += x; acc = max(acc, x).
    void (*accumulate_sum)(long n, const float *x, float *acc);
    void (*accumulate_max)(long n, const float *x, float *acc);
    /// y = x * multiplier.
    void (*scale)(long n, const float *x, float multiplier, float *y);

    /// y = (x - mean) / sqrt(variance + epsilon) over the row (biased variance).
    void (*layer_norm)(long n, const float *x, float *y, float epsilon);
    /// y = x / sqrt(mean(x²) + epsilon).
    void (*rms_norm)(long n, const float *x, float *y, float epsilon);
    /// y = e^(x - max) / Σ e^(x - max); -inf entries give 0, a row of -inf gives zeros.
    void (*softmax)(long n, const float *x, float *y);

    /// y[j] (= or +=) Σ_k x[k] w[j·ldw + k] for j < n: a row vector times a matrix stored
    /// [n, k] (a weight [out, in]), four rows of w at a time.
    void (*dot_rows)(long n, long k, const float *w, long ldw, const float *x, float *y, int accumulate);

    /// Columns of a packed panel of B (two vectors).
    long gemm_panel;
    /// Packs B of C = A·B, stored [k, n] (or [n, k] when `transposed`) with leading dimension
    /// ldb, into panels of `gemm_panel` columns, each [k][gemm_panel] and zero-padded:
    /// ceil(n / gemm_panel) · gemm_panel · k floats.
    void (*gemm_pack)(long k, long n, const float *b, long ldb, int transposed, float *packed);
    /// C[i, j] (= or +=) Σ_k A(i, k) B(k, j) for i < m and j in [n0, n1) (n0 a multiple of
    /// gemm_panel), C row-major with leading dimension ldc: A(i, k) = a[i·a_row + k·a_col] (a
    /// row-major A has a_row = lda, a_col = 1; a transposed one a_row = 1, a_col = lda);
    /// B packed (`packed`, from gemm_pack) or row-major [k, n] with leading dimension ldb.
    /// Products deeper than 1024 run in blocks (of 64 to 512, from ldb). Each element is
    /// computed the same way whatever m, n0 and n1 are.
    void (*gemm)(long m, long n0, long n1, long k, const float *a, long a_row, long a_col, const float *b, long ldb, int packed,
                 float *c, long ldc, int accumulate);
} vk_kernels;

/// The kernels for an instruction set: 2 = AVX-512 (F, DQ, BW, VL), 1 = AVX2 + FMA,
/// 0 = generic (portable C vectors). NULL when this build has none for that level (the
/// x86-64 kernels on other architectures). Whether the processor can run them is the
/// caller's question (cpu_identify).
const vk_kernels *vk_kernels_for_level(int level);

#endif
