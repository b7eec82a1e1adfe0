// OpenBLAS (or another BLAS with the C interface), loaded at run time rather than linked, so
// that polspec can choose OpenBLAS's kernels (OPENBLAS_CORETYPE) before the library starts:
// docs/performance.md#blas-core. Call blas_open once before any other function.
#ifndef POLSPEC_COPENBLAS_H
#define POLSPEC_COPENBLAS_H

#ifdef __cplusplus
extern "C" {
#endif

// The CBLAS constants polspec uses (the values every cblas.h defines).
typedef enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 } CBLAS_ORDER;
typedef enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112 } CBLAS_TRANSPOSE;

typedef void (*blas_sgemm_function)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, int m, int n, int k, float alpha,
                                    const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*blas_sgemv_function)(CBLAS_ORDER, CBLAS_TRANSPOSE, int m, int n, float alpha, const float *a, int lda,
                                    const float *x, int incx, float beta, float *y, int incy);

/// The loaded library's functions (null before blas_open succeeds).
extern blas_sgemm_function blas_sgemm_pointer;
extern blas_sgemv_function blas_sgemv_pointer;

/// Loads the library `name` (a file name the dynamic loader looks up, or a path) and resolves
/// cblas_sgemm and cblas_sgemv (required) and OpenBLAS's openblas_* functions (optional).
/// Returns 0, or -1 with the loader's message in `error`. Loads at most one library per process.
int blas_open(const char *name, char *error, unsigned long capacity);

/// The path the dynamic loader loaded, or null.
const char *blas_path(void);
/// openblas_get_corename() and openblas_get_config(), or null when the library has none.
const char *blas_corename(void);
const char *blas_config(void);
/// openblas_get_parallel(): 0 sequential, 1 pthreads, 2 OpenMP; -1 when unknown.
int blas_parallel(void);
/// Sets the library's thread count (openblas_set_num_threads); false when it cannot.
int blas_set_threads(int threads);

static inline void blas_sgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, float alpha,
                              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    blas_sgemm_pointer(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static inline void blas_sgemv(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, int m, int n, float alpha, const float *a, int lda,
                              const float *x, int incx, float beta, float *y, int incy) {
    blas_sgemv_pointer(order, ta, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

#ifdef __cplusplus
}
#endif

#endif
