import Compiler

/// Elementwise ops with i32 values (index arithmetic, random-stream counters, casts, integer
/// comparisons and selects), one element at a time through broadcast views. Rare in
/// policies, so plain loops; f32 work goes through `ElementwiseProgram`.
final class ScalarStep: KernelStep {
    private let op: Op
    private let operands: Pinned<(pointer: UnsafeMutableRawPointer, dtype: DType)>
    private let output: UnsafeMutableRawPointer
    private let outputType: TensorType
    private let nest: LoopNest
    private let site: KernelSite
    private let offsets: UnsafeMutablePointer<Int>

    init(op: Op, operands: [(pointer: UnsafeMutableRawPointer, type: TensorType)], output: UnsafeMutableRawPointer,
         outputType: TensorType, site: KernelSite) {
        self.op = op
        self.operands = Pinned(operands.map { ($0.pointer, $0.type.dtype) })
        self.output = output
        self.outputType = outputType
        let layouts = operands.map { StridedLayout(contiguous: $0.type.shape).broadcast(to: outputType.shape)! }
        nest = LoopNest(shape: outputType.shape, layouts: layouts + [StridedLayout(contiguous: outputType.shape)])
        self.site = site
        offsets = .allocate(capacity: Swift.max(operands.count, 1))
        offsets.initialize(repeating: 0, count: Swift.max(operands.count, 1))
    }

    deinit { offsets.deallocate() }

    private func read(_ k: Int, _ offset: Int) -> (real: Double, integer: Int32) {
        switch operands[k].dtype {
        case .f32:
            let value = operands[k].pointer.load(fromByteOffset: offset * 4, as: Float.self)
            return (Double(value), 0)
        case .i32:
            let value = operands[k].pointer.load(fromByteOffset: offset * 4, as: Int32.self)
            return (Double(value), value)
        }
    }

    func run(_ pool: WorkerPool) throws(BackendError) {
        let count = nest.count
        let inner = nest.inner
        var flat = 0
        while flat < count {
            var k = 0
            while k < operands.count {
                offsets[k] = nest.rowOffset(k, flat / inner) + (flat % inner) * nest.stride(k, nest.rank - 1)
                k += 1
            }
            try compute(flat)
            flat += 1
        }
    }

    private func compute(_ flat: Int) throws(BackendError) {
        let integers = operands.count > 0 && operands[0].dtype == .i32
        func write(real value: Double) { output.storeBytes(of: Float(value), toByteOffset: flat * 4, as: Float.self) }
        func write(integer value: Int32) { output.storeBytes(of: value, toByteOffset: flat * 4, as: Int32.self) }
        switch op {
        case .unary(let function):
            let x = read(0, offsets[0])
            if integers { write(integer: function == .neg || x.integer < 0 ? 0 &- x.integer : x.integer) } else { write(real: x.real) }
        case .binary(let function):
            write(integer: function.apply(read(0, offsets[0]).integer, read(1, offsets[1]).integer))
        case .compare(let comparison):
            let holds = comparison.holds(read(0, offsets[0]).real, read(1, offsets[1]).real)
            write(real: holds ? 1 : 0)
        case .select:
            let chosen = read(0, offsets[0]).real != 0 ? 1 : 2
            let value = read(chosen, offsets[chosen])
            if outputType.dtype == .i32 { write(integer: value.integer) } else { write(real: value.real) }
        case .cast(let dtype):
            let x = read(0, offsets[0])
            if dtype == .f32 {
                write(real: x.real)
            } else if operands[0].dtype == .i32 {
                write(integer: x.integer)
            } else {
                guard x.real.isFinite, let value = Int32(exactly: x.real.rounded(.towardZero)) else {
                    throw site.error("cannot cast \(Float(x.real)) to i32")
                }
                write(integer: value)
            }
        default:
            write(integer: read(0, offsets[0]).integer)
        }
    }
}

/// Sum or max of i32 values over axes (plain loop; rare).
final class IntegerReductionStep: KernelStep {
    private let input: UnsafeMutablePointer<Int32>
    private let output: UnsafeMutablePointer<Int32>
    private let index: Pinned<Int>
    private let outputCount: Int
    private let isMax: Bool

    init(reduction: Reduction, axes: [Int], inputShape: Shape, input: UnsafeMutablePointer<Int32>, output: UnsafeMutablePointer<Int32>) {
        self.input = input
        self.output = output
        let kept = Shape(inputShape.dims.enumerated().map { axes.contains($0.offset) ? 1 : $0.element })
        let layout = StridedLayout(contiguous: kept).broadcast(to: inputShape)!
        index = Pinned((0..<inputShape.elementCount).map { layout.elementOffset($0) })
        outputCount = kept.elementCount
        isMax = reduction == .max
    }

    func run(_ pool: WorkerPool) {
        output.update(repeating: isMax ? .min : 0, count: outputCount)
        var i = 0
        while i < index.count {
            let j = index[i]
            output[j] = isMax ? Swift.max(output[j], input[i]) : output[j] &+ input[i]
            i += 1
        }
    }
}
