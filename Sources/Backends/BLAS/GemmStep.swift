import COpenBLAS
import CPUKernels
import Compiler

/// A matrix product `C = op(A) op(B)`, C contiguous `[batch..., M, N]`, on one of:
/// - polspec's packed GEMM (`vk_kernels.gemm_packed`) when B stays the same from run to run
///   (a weight, or a weight copy, in a program that does not update its weights): B is packed
///   into panels once, when the weights are set (`weightPreparation`), and every run streams
///   the panels — OpenBLAS would pack B again on every call; and for products with at least
///   `packEveryRunRows` rows (a convolution's pixels), whose B is packed at the start of each
///   run (a cost of 1/M of the product);
/// - polspec's row-vector kernel (`vk_kernels.dot_rows`) for a single row times a weight
///   stored `[out, in]`;
/// - cblas_sgemm (cblas_sgemv when one side is a vector) otherwise, and on the generic kernels.
/// Optional prologue: `prefill` writes the sum of the addends into C and the product
/// accumulates onto it (beta = 1). Optional `epilogue`: the rest of the fused elementwise ops,
/// one pass over C in place.
///
/// Batches: when B is shared by the whole batch and A's rows form one strided sequence, the
/// batch folds into M (one call); otherwise one call per batch index.
///
/// Threads: OpenBLAS always runs single-threaded (its thread count is process-global and its
/// threaded results differ in the last bits from its single-threaded ones); the pool splits
/// the work instead — batches across threads, or one product into blocks of 16-aligned rows
/// (when M is the larger side) or columns — so results depend only on the thread count.
final class GemmStep: KernelStep, ParallelJob {
    private var a: BLASMatrix
    private let b: BLASMatrix
    private let c: UnsafeMutablePointer<Float>
    private let m: Int, n: Int, k: Int
    private let batchCount: Int
    private let prefill: ElementwiseStep?
    private let epilogue: ElementwiseStep?
    private let parts: Int
    /// Split one product by rows of C (else by columns).
    private let splitRows: Bool
    private let kernels: vk_kernels
    /// B packed into panels, when the packed GEMM runs this product.
    private let packed: UnsafeMutablePointer<Float>?
    /// Pack B at the start of every run (B changes from run to run).
    private let packEveryRun: Bool
    /// Packs B into `packed`.
    private let packing: PackStep?
    /// Rows from which packing a changing B on every run pays (measured: 65536×32×27,
    /// 16384×64×288 and 4096×128×576 ran 10–25 % faster packed than on OpenBLAS).
    static let packEveryRunRows = 1024
    /// A single row times a weight stored [N, K]: the row-vector kernel.
    private let rowTimesWeight: Bool
    /// Columns per block when splitting one product by columns (a multiple of the packed panel).
    private let columnBlock: Int

    init(a: BLASMatrix, b: BLASMatrix, c: UnsafeMutablePointer<Float>, resultShape: Shape,
         prefill: ElementwiseStep?, epilogue: ElementwiseStep?, context: StepContext) {
        let rank = resultShape.rank
        var a = a
        var m = resultShape[rank - 2]
        let batch = Shape(Array(resultShape.dims.dropLast(2)))
        var batchCount = batch.elementCount
        // Fold the batch into M: B shared, A's rows evenly strided across batches.
        let sharedB = (0..<b.offsets.count).allSatisfy { b.offsets[$0] == b.offsets[0] }
        let evenA = a.offsets.count == batchCount && (1..<Swift.max(batchCount, 1)).allSatisfy { a.offsets[$0] - a.offsets[$0 - 1] == m * a.ld }
        if batchCount > 1, sharedB, !a.transposed, evenA {
            a.rows = batchCount * m
            a.offsets = Pinned([a.offsets[0]])
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
        splitRows = m >= n
        let flops = 2 * m * n * k * batchCount
        let splittable = batchCount > 1 || (splitRows ? m : n) >= 32
        parts = context.threads > 1 && splittable && flops >= 1 << 18 ? context.threads : 1
        kernels = context.kernels
        let own = context.ownProducts && batchCount == 1 && k > 0
        rowTimesWeight = own && m == 1 && b.transposed && !a.transposed
        let constant = context.isConstantAcrossRuns(b.base + b.offsets[0], count: (b.rows - 1) * b.ld + b.columns)
        packEveryRun = !constant && m >= Self.packEveryRunRows
        if own && m > 1 && n > 1 && !a.transposed && (constant || packEveryRun) {
            let panel = kernels.gemm_panel
            let bytes = k * ((n + panel - 1) / panel) * panel * MemoryLayout<Float>.stride
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Program.alignment)
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            packed = buffer.assumingMemoryBound(to: Float.self)
            columnBlock = panel
        } else {
            packed = nil
            columnBlock = 16
        }
        packing = packed.map { [b, k, n, kernels] in
            PackStep(kernels: kernels, k: k, n: n, b: b.base + b.offsets[0], ld: b.ld, transposed: b.transposed, into: $0)
        }
    }

    deinit { packed?.deallocate() }

    /// Packs a constant B into its panels (run when the weights are set).
    var weightPreparation: (any KernelStep)? { packEveryRun ? nil : packing }



    var gemms: [GEMMShape] {
        [GEMMShape(m: m, n: n, k: k, transposeA: a.transposed, transposeB: b.transposed, calls: batchCount,
                   operandB: Int(bitPattern: b.base + b.offsets[0]))]
    }

    func run(_ pool: WorkerPool) {
        prefill?.run(pool)
        if packEveryRun { packing?.run(pool) }
        pool.run(self, partitions: parts)
        epilogue?.run(pool)
    }

    func runPartition(_ index: Int, of count: Int) {
        if batchCount > 1 {
            for batch in partition(batchCount, index, of: count) { multiply(batch, rows: 0..<m, columns: 0..<n) }
        } else {
            let extent = splitRows ? m : n
            let block = splitRows ? 16 : columnBlock
            let blocks = (extent + block - 1) / block
            let range = partition(blocks, index, of: count)
            let slice = range.lowerBound * block ..< Swift.min(range.upperBound * block, extent)
            guard !slice.isEmpty else { return }
            if splitRows { multiply(0, rows: slice, columns: 0..<n) } else { multiply(0, rows: 0..<m, columns: slice) }
        }
    }

    /// `C[batch][rows, columns] = op(A)[rows, :] op(B)[:, columns]` (+ C when pre-filled).
    private func multiply(_ batch: Int, rows: Range<Int>, columns: Range<Int>) {
        let beta: Float = prefill == nil ? 0 : 1
        let (mm, nn) = (rows.count, columns.count)
        // Row r of op(A) and column j of op(B), as element offsets in their stored matrices.
        let pa = a.base + a.offsets[a.offsets.count == 1 ? 0 : batch] + rows.lowerBound * (a.transposed ? 1 : a.ld)
        let pb = b.base + b.offsets[b.offsets.count == 1 ? 0 : batch] + columns.lowerBound * (b.transposed ? b.ld : 1)
        let pc = c + batch * m * n + rows.lowerBound * n + columns.lowerBound
        if let packed {
            kernels.gemm_packed(mm, columns.lowerBound, columns.upperBound, k, pa, a.ld, packed, pc - columns.lowerBound, n,
                                prefill == nil ? 0 : 1)
        } else if rowTimesWeight {
            kernels.dot_rows(nn, k, pb, b.ld, pa, pc, prefill == nil ? 0 : 1)
        } else if mm == 1 {
            // c[N] = op(B)ᵀ a
            let (rowsB, columnsB) = b.transposed ? (nn, k) : (k, nn)
            blas_sgemv(CblasRowMajor, b.transposed ? CblasNoTrans : CblasTrans, Int32(rowsB), Int32(columnsB), 1,
                       pb, Int32(b.ld), pa, Int32(a.vectorStride), beta, pc, 1)
        } else if nn == 1 {
            // c[M] = op(A) b
            let (rowsA, columnsA) = a.transposed ? (k, mm) : (mm, k)
            blas_sgemv(CblasRowMajor, a.blasTranspose, Int32(rowsA), Int32(columnsA), 1,
                       pa, Int32(a.ld), pb, Int32(b.transposed ? 1 : b.ld), beta, pc, Int32(n))
        } else {
            blas_sgemm(CblasRowMajor, a.blasTranspose, b.blasTranspose, Int32(mm), Int32(nn), Int32(k), 1,
                       pa, Int32(a.ld), pb, Int32(b.ld), beta, pc, Int32(n))
        }
    }
}

/// Packs a GEMM's constant B into the panels of the packed GEMM.
final class PackStep: KernelStep {
    private let kernels: vk_kernels
    private let k: Int, n: Int, ld: Int
    private let b: UnsafeMutablePointer<Float>
    private let transposed: Bool
    private let packed: UnsafeMutablePointer<Float>

    init(kernels: vk_kernels, k: Int, n: Int, b: UnsafeMutablePointer<Float>, ld: Int, transposed: Bool,
         into packed: UnsafeMutablePointer<Float>) {
        (self.kernels, self.k, self.n, self.b, self.ld, self.transposed, self.packed) = (kernels, k, n, b, ld, transposed, packed)
    }

    func run(_ pool: WorkerPool) {
        kernels.gemm_pack(k, n, b, ld, transposed ? 1 : 0, packed)
    }
}
