import Compiler
import Foundation

/// Layer norm, RMS norm or masked softmax over the last axis, one row at a time: the row is
/// read (twice for layer norm's mean and variance), the result written, and the fused
/// epilogue (affine weight and bias, ...) applied to a chunk of rows while they are in cache.
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
        case .layerNorm(let epsilon): Self.layerNorm(x, y, width, epsilon)
        case .rmsNorm(let epsilon): Self.rmsNorm(x, y, width, epsilon)
        case .softmax:
            if let mask {
                Self.maskedSoftmax(x, y, width, mask.base + mask.rowOffsets[row], mask.stride)
            } else {
                Self.softmax(x, y, width)
            }
        }
    }

    /// Sum of `f(x[i])` over `x[0..<n]` (32 partial sums: four independent vector chains, so
    /// the additions do not wait on each other).
    @inline(__always)
    static func sum(_ x: UnsafeMutablePointer<Float>, _ n: Int, _ f: (Vector) -> Vector) -> Float {
        var (a, b, c, d) = (Vector(), Vector(), Vector(), Vector())
        var i = 0
        while i + 32 <= n {
            a += f(ElementwiseProgram.load(x, i))
            b += f(ElementwiseProgram.load(x, i + 8))
            c += f(ElementwiseProgram.load(x, i + 16))
            d += f(ElementwiseProgram.load(x, i + 24))
            i += 32
        }
        while i + 8 <= n {
            a += f(ElementwiseProgram.load(x, i))
            i += 8
        }
        var total = ((a + b) + (c + d)).sum()
        while i < n {
            total += f(Vector(repeating: x[i]))[0]
            i += 1
        }
        return total
    }

    /// The largest of `x[0..<n]` (-inf when n is 0).
    @inline(__always)
    static func maximum(_ x: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
        var maxima = Vector(repeating: -.infinity)
        var i = 0
        while i + 8 <= n {
            maxima = FastMath.maximum(maxima, ElementwiseProgram.load(x, i))
            i += 8
        }
        var maximum = maxima.max()
        while i < n {
            maximum = Swift.max(maximum, x[i])
            i += 1
        }
        return maximum
    }

    static func layerNorm(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ epsilon: Float) {
        let mean = sum(x, n) { $0 } / Float(n)
        let centre = Vector(repeating: mean)
        let variance = sum(x, n) { ($0 - centre) * ($0 - centre) } / Float(n)
        scale(x, y, n, subtract: mean, multiply: 1 / (variance + epsilon).squareRoot())
    }

    static func rmsNorm(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ epsilon: Float) {
        let squares = sum(x, n) { $0 * $0 }
        scale(x, y, n, subtract: 0, multiply: 1 / (squares / Float(n) + epsilon).squareRoot())
    }

    /// `y = (x - subtract) * multiply`.
    @inline(__always)
    static func scale(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, subtract: Float, multiply: Float) {
        var i = 0
        while i < n {
            ElementwiseProgram.store((ElementwiseProgram.load(x, i) - subtract) * multiply, y, i, n)
            i += 8
        }
    }

    static func softmax(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        guard n > 0 else { return }
        exponentiate(x, y, n, subtracting: maximum(x, n))
    }

    /// `y = e^(x - maximum) / Σ e^(x - maximum)` over `x[0..<n]` (`maximum` the row's
    /// largest value; -inf entries give 0).
    @inline(__always)
    static func exponentiate(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, subtracting maximum: Float) {
        var totals = Vector()
        var i = 0
        while i < n {
            let e = FastMath.exp(ElementwiseProgram.load(x, i) - maximum)
            ElementwiseProgram.store(e, y, i, n)
            if i + 8 <= n { totals += e } else { for lane in 0..<(n - i) { totals[lane] += e[lane] } }
            i += 8
        }
        scale(y, y, n, subtract: 0, multiply: 1 / totals.sum())
    }

    /// Softmax over the entries whose mask (`mask[j * stride]`) is non-zero; the others get 0,
    /// and a row with nothing kept is all zeros.
    static func maskedSoftmax(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int,
                              _ mask: UnsafeMutablePointer<Float>, _ stride: Int) {
        var maximum = -Float.infinity
        for j in 0..<n where mask[j * stride] != 0 { maximum = Swift.max(maximum, x[j]) }
        guard maximum > -.infinity else {
            y.update(repeating: 0, count: n)
            return
        }
        var total: Float = 0
        for j in 0..<n {
            let e: Float = mask[j * stride] != 0 ? expf(x[j] - maximum) : 0
            y[j] = e
            total += e
        }
        scale(y, y, n, subtract: 0, multiply: 1 / total)
    }
}
