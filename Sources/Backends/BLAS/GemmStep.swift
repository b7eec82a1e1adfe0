import COpenBLAS
import Compiler

/// A matrix product `C = op(A) op(B)` with cblas_sgemm (cblas_sgemv when one side is a
/// vector), C contiguous `[batch..., M, N]`. Optional prologue: `prefill` writes the sum of
/// the addends into C and the product accumulates onto it (beta = 1). Optional `epilogue`:
/// the rest of the fused elementwise ops, one pass over C in place.
///
/// Batches: when B is shared by the whole batch and A's rows form one strided sequence, the
/// batch folds into M (one call); otherwise one call per batch index, spread over the pool
/// when the products are small (OpenBLAS then runs single-threaded inside each).
final class GemmStep: KernelStep, ParallelJob {
    private var a: BLASMatrix
    private let b: BLASMatrix
    private let c: UnsafeMutablePointer<Float>
    private let m: Int, n: Int, k: Int
    private let batchCount: Int
    private let prefill: ElementwiseStep?
    private let epilogue: ElementwiseStep?
    private let parallelBatches: Int
    private let threads: Int

    init(a: BLASMatrix, b: BLASMatrix, c: UnsafeMutablePointer<Float>, resultShape: Shape,
         prefill: ElementwiseStep?, epilogue: ElementwiseStep?, context: StepContext) {
        let rank = resultShape.rank
        var a = a
        var m = resultShape[rank - 2]
        let batch = Shape(Array(resultShape.dims.dropLast(2)))
        var batchCount = batch.elementCount
        // Fold the batch into M: B shared, A's rows evenly strided across batches.
        if batchCount > 1, Set(b.offsets).count == 1, !a.transposed, a.offsets.count == batchCount,
           zip(a.offsets.dropFirst(), a.offsets).allSatisfy({ $0 - $1 == m * a.ld }) {
            a.rows = batchCount * m
            a.offsets = [a.offsets[0]]
            m *= batchCount
            batchCount = 1
        }
        self.a = a
        self.b = b
        self.c = c
        self.m = m
        n = resultShape[rank - 1]
        k = a.logicalColumns
        self.batchCount = batchCount
        self.prefill = prefill
        self.epilogue = epilogue
        threads = context.threads
        let flops = 2 * m * n * k
        parallelBatches = context.threads > 1 && batchCount > 1 && flops < 1 << 23 ? context.threads : 1
    }

    func run(_ pool: WorkerPool) {
        prefill?.run(pool)
        if parallelBatches > 1 {
            openblas_set_num_threads(1)
            pool.run(self, partitions: parallelBatches)
            openblas_set_num_threads(Int32(threads))
        } else {
            runPartition(0, of: 1)
        }
        epilogue?.run(pool)
    }

    func runPartition(_ index: Int, of count: Int) {
        let beta: Float = prefill == nil ? 0 : 1
        for batch in partition(batchCount, index, of: count) {
            let pa = a.base + a.offsets[a.offsets.count == 1 ? 0 : batch]
            let pb = b.base + b.offsets[b.offsets.count == 1 ? 0 : batch]
            let pc = c + batch * m * n
            if m == 1 {
                // c[N] = op(B)ᵀ a
                cblas_sgemv(CblasRowMajor, b.transposed ? CblasNoTrans : CblasTrans, Int32(b.rows), Int32(b.columns), 1,
                            pb, Int32(b.ld), pa, Int32(a.vectorStride), beta, pc, 1)
            } else if n == 1 {
                // c[M] = op(A) b
                cblas_sgemv(CblasRowMajor, a.blasTranspose, Int32(a.rows), Int32(a.columns), 1,
                            pa, Int32(a.ld), pb, Int32(b.transposed ? 1 : b.ld), beta, pc, 1)
            } else {
                cblas_sgemm(CblasRowMajor, a.blasTranspose, b.blasTranspose, Int32(m), Int32(n), Int32(k), 1,
                            pa, Int32(a.ld), pb, Int32(b.ld), beta, pc, Int32(n))
            }
        }
    }
}
