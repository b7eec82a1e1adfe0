import Compiler
import Foundation

/// Layer norm, RMS norm or masked softmax over the last axis, one row at a time: the row is
/// read (twice for layer norm's mean and variance), the result written, and the fused
/// epilogue (affine weight and bias, ...) applied to the row while it is in cache.
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
        for row in partition(rowOffsets.count, index, of: count) {
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
            epilogue?.run(row * width ..< (row + 1) * width, scratch[index])
        }
    }

    /// Sum of `x[0..<n]` (eight partial sums).
    @inline(__always)
    static func sum(_ x: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
        var acc = Vector()
        var i = 0
        while i + 8 <= n {
            acc += ElementwiseProgram.load(x, i)
            i += 8
        }
        var total = acc.sum()
        while i < n {
            total += x[i]
            i += 1
        }
        return total
    }

    static func layerNorm(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ epsilon: Float) {
        let mean = sum(x, n) / Float(n)
        var acc = Vector()
        var i = 0
        while i + 8 <= n {
            let d = ElementwiseProgram.load(x, i) - mean
            acc += d * d
            i += 8
        }
        var variance = acc.sum()
        while i < n {
            variance += (x[i] - mean) * (x[i] - mean)
            i += 1
        }
        let inverse = 1 / (variance / Float(n) + epsilon).squareRoot()
        scale(x, y, n, subtract: mean, multiply: inverse)
    }

    static func rmsNorm(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ epsilon: Float) {
        var acc = Vector()
        var i = 0
        while i + 8 <= n {
            let v = ElementwiseProgram.load(x, i)
            acc += v * v
            i += 8
        }
        var squares = acc.sum()
        while i < n {
            squares += x[i] * x[i]
            i += 1
        }
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
        var totals = Vector()
        i = 0
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
