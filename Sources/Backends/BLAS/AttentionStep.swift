import COpenBLAS
import CPUKernels
import Compiler

/// Scaled dot-product attention one (batch, head) block at a time: `S = scale · Q Kᵀ` into a
/// per-thread T×S scratch block (cblas_sgemm), the masked softmax of each row in place (the
/// vector kernels), then `O = P V` (cblas_sgemm) written straight into the result through its strides. q, k, v are
/// read in place (any row stride, unit-stride rows); the [..., T, S] scores never reach the
/// arena. Blocks are spread over the pool.
final class AttentionStep: KernelStep, ParallelJob {
    struct Operand {
        var base: UnsafeMutablePointer<Float>
        /// Offset of each block's first row.
        var blockOffsets: Pinned<Int>
        /// Distance between rows.
        var ld: Int

        init(_ base: UnsafeMutablePointer<Float>, _ layout: StridedLayout, blocks: Int) {
            self.base = base
            let rank = layout.shape.rank
            let rowsAndColumns = layout.shape[rank - 2] * layout.shape[rank - 1]
            blockOffsets = Pinned((0..<blocks).map { layout.elementOffset($0 * rowsAndColumns) })
            let rows = layout.shape[rank - 2]
            ld = rows > 1 ? layout.strides[rank - 2] : Swift.max(layout.shape[rank - 1], 1)
        }
    }

    private let q: Operand, k: Operand, v: Operand, out: Operand
    private let queries: Int, keys: Int, depth: Int, valueDepth: Int
    private let scale: Float
    private let causal: Bool
    /// Mask: base, offset of each (block, query) row, stride along keys.
    private let mask: (base: UnsafeMutablePointer<Float>, rowOffsets: Pinned<Int>, stride: Int)?
    private let scores: Pinned<UnsafeMutablePointer<Float>>
    private let kernels: vk_kernels
    private let parts: Int

    init(q: (UnsafeMutablePointer<Float>, StridedLayout), k: (UnsafeMutablePointer<Float>, StridedLayout),
         v: (UnsafeMutablePointer<Float>, StridedLayout), mask: (UnsafeMutablePointer<Float>, StridedLayout)?,
         output: (UnsafeMutablePointer<Float>, StridedLayout), scale: Double, causal: Bool, context: StepContext) {
        let shape = q.1.shape
        let rank = shape.rank
        queries = shape[rank - 2]
        depth = shape[rank - 1]
        keys = k.1.shape[rank - 2]
        valueDepth = v.1.shape[rank - 1]
        let blocks = Array(shape.dims.dropLast(2)).reduce(1, *)
        self.q = Operand(q.0, q.1, blocks: blocks)
        self.k = Operand(k.0, k.1, blocks: blocks)
        self.v = Operand(v.0, v.1, blocks: blocks)
        out = Operand(output.0, output.1, blocks: blocks)
        self.scale = Float(scale)
        self.causal = causal
        let (queries, keys) = (queries, keys)
        self.mask = mask.map { base, layout in
            (base, Pinned((0..<blocks * queries).map { layout.elementOffset($0 * keys) }), layout.strides.last ?? 0)
        }
        kernels = context.kernels
        parts = context.threads > 1 && blocks > 1 ? context.threads : 1
        scores = Pinned((0..<parts).map { _ in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: queries * keys + 8)
            buffer.initialize(repeating: 0, count: queries * keys + 8)
            return buffer
        })
    }

    deinit { for index in 0..<scores.count { scores[index].deallocate() } }

    var gemms: [GEMMShape] {
        let blocks = q.blockOffsets.count
        return [GEMMShape(m: queries, n: keys, k: depth, transposeA: false, transposeB: true, calls: blocks),
                GEMMShape(m: queries, n: valueDepth, k: keys, transposeA: false, transposeB: false, calls: blocks)]
    }

    func run(_ pool: WorkerPool) {
        pool.run(self, partitions: parts)
    }

    func runPartition(_ index: Int, of count: Int) {
        let s = scores[index]
        for block in partition(q.blockOffsets.count, index, of: count) {
            guard queries > 0, keys > 0 else { continue }
            blas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(queries), Int32(keys), Int32(depth), scale,
                       q.base + q.blockOffsets[block], Int32(q.ld), k.base + k.blockOffsets[block], Int32(k.ld),
                       0, s, Int32(keys))
            for i in 0..<queries {
                let row = s + i * keys
                let visible = causal ? Swift.min(i + 1, keys) : keys
                if let mask {
                    let m = mask.base + mask.rowOffsets[block * queries + i]
                    var j = 0
                    while j < visible {
                        if m[j * mask.stride] == 0 { row[j] = -.infinity }
                        j += 1
                    }
                }
                kernels.softmax(visible, row, row)
                if visible < keys { (row + visible).update(repeating: 0, count: keys - visible) }
            }
            blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(queries), Int32(valueDepth), Int32(keys), 1,
                       s, Int32(keys), v.base + v.blockOffsets[block], Int32(v.ld), 0,
                       out.base + out.blockOffsets[block], Int32(out.ld))
        }
    }
}
