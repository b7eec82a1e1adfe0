import CPUKernels
import Compiler

/// Layer norm, RMS norm or masked softmax over the last axis, one row at a time on the vector
/// kernels: the row is read (twice for layer norm's mean and variance), the result written,
/// and the fused epilogue (affine weight and bias, ...) applied to a chunk of rows while they
/// are in cache.
final class RowStep: KernelStep, ParallelJob {
    enum Kind {
        case layerNorm(epsilon: Float)
        case rmsNorm(epsilon: Float)
        case softmax
    }

    private let kind: Kind
    private let input: UnsafeMutablePointer<Float>
    /// Offset of each row's first element in `input`.
    private let rowOffsets: Pinned<Int>
    private let width: Int
    private let output: UnsafeMutablePointer<Float>
    /// Softmax mask: base, offset of each row, stride along the row (0 or more).
    private let mask: (base: UnsafeMutablePointer<Float>, rowOffsets: Pinned<Int>, stride: Int)?
    private let epilogue: ElementwiseProgram?
    private let kernels: vk_kernels
    private let scratch: Pinned<ElementwiseScratch>
    private let parts: Int

    init(kind: Kind, input: UnsafeMutablePointer<Float>, layout: StridedLayout, output: UnsafeMutablePointer<Float>,
         mask: (base: UnsafeMutablePointer<Float>, layout: StridedLayout)?, epilogue: ElementwiseProgram?, context: StepContext) {
        self.kind = kind
        self.input = input
        let width = layout.shape.dims.last ?? 1
        self.width = width
        let rows = width == 0 ? 0 : layout.shape.elementCount / width
        rowOffsets = Pinned((0..<rows).map { layout.elementOffset($0 * width) })
        self.output = output
        self.mask = mask.map { mask in
            (mask.base, Pinned((0..<rows).map { mask.layout.elementOffset($0 * width) }), mask.layout.strides.last ?? 0)
        }
        self.epilogue = epilogue
        kernels = context.kernels
        parts = context.partitions(forWork: rows * width * 4)
        scratch = Pinned((0..<parts).map { _ in epilogue?.makeScratch() ?? ElementwiseScratch(registers: 0) })
    }

    func run(_ pool: WorkerPool) {
        pool.run(self, partitions: parts)
    }

    func runPartition(_ index: Int, of count: Int) {
        let rows = partition(rowOffsets.count, index, of: count)
        // The epilogue runs once per chunk of rows (about 16 KiB, still in L1), not per row.
        let chunk = Swift.max(1, 4096 / Swift.max(width, 1))
        var start = rows.lowerBound
        while start < rows.upperBound {
            let end = Swift.min(start + chunk, rows.upperBound)
            for row in start..<end { normalise(row) }
            epilogue?.run(start * width ..< end * width, scratch[index])
            start = end
        }
    }

    /// The row kernel on row `row`, into the output.
    @inline(__always)
    private func normalise(_ row: Int) {
        let x = input + rowOffsets[row]
        let y = output + row * width
        switch kind {
        case .layerNorm(let epsilon): kernels.layer_norm(width, x, y, epsilon)
        case .rmsNorm(let epsilon): kernels.rms_norm(width, x, y, epsilon)
        case .softmax:
            if let mask {
                Self.maskedSoftmax(x, y, width, mask.base + mask.rowOffsets[row], mask.stride, kernels)
            } else {
                kernels.softmax(width, x, y)
            }
        }
    }

    /// Softmax over the entries whose mask (`mask[j * stride]`) is non-zero; the others get 0,
    /// and a row with nothing kept is all zeros. `y` may be `x`.
    static func maskedSoftmax(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int,
                              _ mask: UnsafeMutablePointer<Float>, _ stride: Int, _ kernels: vk_kernels) {
        var j = 0
        while j < n {
            y[j] = mask[j * stride] != 0 ? x[j] : -.infinity
            j += 1
        }
        kernels.softmax(n, y, y)
    }
}
