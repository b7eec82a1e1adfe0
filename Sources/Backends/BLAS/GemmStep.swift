import COpenBLAS
import CPUKernels
import Compiler

/// A matrix product `C = op(A) op(B)`, C contiguous `[batch..., M, N]`, on the kernel
/// `Kernel.choose` picks: polspec's own GEMM (`vk_kernels.gemm`, B packed or read in place),
/// its row-vector kernel, or OpenBLAS. Optional prologue: `prefill` writes the sum of the
/// addends into C and the product accumulates onto it (beta = 1). Optional `epilogue`: the
/// rest of the fused elementwise ops, one pass over C in place.
///
/// Batches: when B is shared by the whole batch and A's rows form one strided sequence, the
/// batch folds into M (one call); otherwise one call per batch index.
///
/// Threads: OpenBLAS always runs single-threaded (its thread count is process-global and its
/// threaded results differ in the last bits from its single-threaded ones); the pool splits
/// the work instead — batches across threads, or one product into blocks of 16-aligned rows
/// (when M is the larger side) or columns (whole panels for the own GEMM) — so results depend
/// only on the thread count.
final class GemmStep: KernelStep, ParallelJob {
    /// Which kernel computes the product.
    enum Kernel: Equatable {
        /// cblas_sgemm, or cblas_sgemv when one side is a vector.
        case openBLAS
        /// One row times a weight stored [N, K] (`vk_kernels.dot_rows`).
        case rowVector
        /// The own GEMM on B packed into panels: once, when the weights are set (`everyRun`
        /// false: B is a weight of a program that does not update its weights, and OpenBLAS
        /// would pack it again on every call), or at the start of every run.
        case packed(everyRun: Bool)
        /// The own GEMM reading B where it is (row-major [K, N], few columns).
        case inPlace

        /// Rows from which the own GEMM beats OpenBLAS on a B that changes from run to run,
        /// packing it at the start of each run (a cost of 1/M of the product): the products
        /// of convolutions over a batch's pixels (measured on Zen 4: 65536×32×27, 16384×64×288
        /// and 4096×128×576 ran 10–25 % faster; docs/performance.md#own-product-kernels).
        /// Reading a wide B in place instead (rows 4 KiB apart) ran at half speed.
        static let manyRows = 1024

        /// How reports name it (`GEMMShape.kernel`).
        var name: String {
            switch self {
            case .openBLAS: return "openblas"
            case .rowVector: return "row-vector"
            case .packed(let everyRun): return everyRun ? "packed per run" : "packed"
            case .inPlace: return "in place"
            }
        }

        /// The kernel for an `m`×`n`×`k` product (one batch) with operands `a` and `b`.
        static func choose(m: Int, n: Int, k: Int, a: BLASMatrix, b: BLASMatrix, constantB: Bool, context: StepContext) -> Kernel {
            guard context.ownProducts, k > 0, n >= 1 else { return .openBLAS }
            if m == 1 { return b.transposed && !a.transposed ? .rowVector : .openBLAS }
            guard n > 1 else { return .openBLAS }
            if constantB { return .packed(everyRun: false) }
            if m >= manyRows && !a.transposed { return .packed(everyRun: true) }
            // A convolution's weight gradient of few channels (K = the batch's pixels): OpenBLAS
            // measured 30–46 GF/s on 32×27×65536 (TN), the own GEMM about 70.
            if a.transposed && !b.transposed && n <= 64 && k >= 4096 { return .inPlace }
            return .openBLAS
        }
    }

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
    let kernel: Kernel
    /// B packed into panels (packed kernels).
    private let packed: UnsafeMutablePointer<Float>?
    /// Packs B into `packed`.
    private let packing: PackStep?
    /// Columns per block when splitting one product by columns (a multiple of the own GEMM's panel).
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
        let constantB = context.isConstantAcrossRuns(b.base + b.offsets[0], count: (b.rows - 1) * b.ld + b.columns)
        kernel = batchCount == 1 ? Kernel.choose(m: m, n: n, k: k, a: a, b: b, constantB: constantB, context: context) : .openBLAS
        columnBlock = kernel == .openBLAS || kernel == .rowVector ? 16 : kernels.gemm_panel
        if case .packed = kernel {
            let panel = kernels.gemm_panel
            let bytes = k * ((n + panel - 1) / panel) * panel * MemoryLayout<Float>.stride
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Program.alignment)
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            let packed = buffer.assumingMemoryBound(to: Float.self)
            self.packed = packed
            packing = PackStep(kernels: kernels, k: k, n: n, b: b.base + b.offsets[0], ld: b.ld, transposed: b.transposed, into: packed)
        } else {
            packed = nil
            packing = nil
        }
    }

    deinit { packed?.deallocate() }

    /// Packs a constant B into its panels (run when the weights are set).
    var weightPreparation: (any KernelStep)? { kernel == .packed(everyRun: false) ? packing : nil }

    var gemms: [GEMMShape] {
        [GEMMShape(m: m, n: n, k: k, transposeA: a.transposed, transposeB: b.transposed, calls: batchCount,
                   operandB: Int(bitPattern: b.base + b.offsets[0]), kernel: kernel.name)]
    }

    func run(_ pool: WorkerPool) {
        prefill?.run(pool)
        if kernel == .packed(everyRun: true) { packing?.run(pool) }
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
        let accumulate: Int32 = prefill == nil ? 0 : 1
        switch kernel {
        case .packed, .inPlace:
            // A(i, k) at a[i·aRow + k·aColumn]; the own GEMM takes column ranges of B and C.
            let (aRow, aColumn) = a.transposed ? (1, a.ld) : (a.ld, 1)
            let base = packed ?? (b.base + b.offsets[0])
            kernels.gemm(mm, columns.lowerBound, columns.upperBound, k, pa, aRow, aColumn, base, b.ld, packed == nil ? 0 : 1,
                         pc - columns.lowerBound, n, accumulate)
            return
        case .rowVector:
            kernels.dot_rows(nn, k, pb, b.ld, pa, pc, accumulate)
            return
        case .openBLAS:
            break
        }
        if mm == 1 {
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
