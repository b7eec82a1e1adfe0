import Compiler

/// A buffer a step reads or writes: where it is and what it holds.
struct Buffer {
    let pointer: UnsafeMutableRawPointer
    let type: TensorType

    var floats: UnsafeMutablePointer<Float> { pointer.assumingMemoryBound(to: Float.self) }
    var ints: UnsafeMutablePointer<Int32> { pointer.assumingMemoryBound(to: Int32.self) }
}

/// Turns program calls into prepared steps: fused kernels by pattern (elementwise programs,
/// GEMMs with pre-fill and epilogue, row kernels, reductions with prologues, blocked
/// attention), single ops by kind. A fused kernel the fast paths cannot take runs node by node
/// (`RegionStep`), so every program the reference backend runs also runs here.
struct StepFactory {
    let context: StepContext

    /// The step of `call`, or nil when it moves no data (a view the planner aliased).
    func step(_ call: Program.KernelCall) -> (any KernelStep)? {
        let operands = call.operands.map { Buffer(pointer: context.arena + context.program.slots[$0.index].offset, type: context.type($0)) }
        let result = Buffer(pointer: context.arena + context.program.slots[call.result.index].offset, type: context.type(call.result))
        let site = KernelSite(node: call.node, op: call.kernel.name, scope: call.scope)
        switch call.kernel {
        case .op(let op):
            return single(op, operands, result, site)
        case .fused(let fused):
            return self.fused(fused.pattern, fused.region, operands, result, site)
        }
    }

    /// A single op.
    func single(_ op: Op, _ operands: [Buffer], _ result: Buffer, _ site: KernelSite) -> (any KernelStep)? {
        switch op {
        case .input, .parameter:
            return nil
        case .constant(let constant):
            return ConstantStep(constant, output: result.pointer)
        case .random(let distribution, let seed, _):
            return RandomStep(distribution: distribution, seed: seed, counter: operands.first?.ints, output: result.floats,
                              count: result.type.shape.elementCount, context: context)
        case .unary, .binary, .compare, .select, .cast, .composite(.gelu), .composite(.silu):
            let floats = result.type.dtype == .f32 && operands.allSatisfy { $0.type.dtype == .f32 }
            if floats, let step = fastPath(.elementwise, region(op, operands, result), operands, result) { return step }
            return ScalarStep(op: op, operands: operands.map { ($0.pointer, $0.type) }, output: result.pointer,
                              outputType: result.type, site: site)
        case .stopGradient, .reshape:
            guard operands[0].pointer != result.pointer else { return nil }
            return CopyStep([StridedCopy(from: operands[0].pointer, StridedLayout(contiguous: result.type.shape),
                                         to: result.pointer, StridedLayout(contiguous: result.type.shape))])
        case .permute, .slice, .broadcast:
            let layout = StridedLayout(contiguous: operands[0].type.shape).applying(op, resultShape: result.type.shape)!
            return CopyStep([StridedCopy(from: operands[0].pointer, layout, to: result.pointer, StridedLayout(contiguous: result.type.shape))])
        case .pad(let before, _):
            let interior = StridedLayout(contiguous: result.type.shape).sliced(start: before, shape: operands[0].type.shape)
            return CopyStep([StridedCopy(from: operands[0].pointer, StridedLayout(contiguous: operands[0].type.shape), to: result.pointer, interior)],
                            zeroFill: (result.pointer, result.type.shape.elementCount * 4))
        case .concat(let axis):
            var start = [Int](repeating: 0, count: result.type.shape.rank)
            var copies: [StridedCopy] = []
            for operand in operands {
                let part = StridedLayout(contiguous: result.type.shape).sliced(start: start, shape: operand.type.shape)
                copies.append(StridedCopy(from: operand.pointer, StridedLayout(contiguous: operand.type.shape), to: result.pointer, part))
                start[axis] += operand.type.shape[axis]
            }
            return CopyStep(copies)
        case .gather(let axis):
            return GatherStep(table: operands[0].pointer, output: result.pointer,
                              rows: IndexedRows(indices: operands[1].ints, count: operands[1].type.shape.elementCount,
                                                shape: operands[0].type.shape, axis: axis, site: site), context: context)
        case .scatterAdd(let axis, _):
            return ScatterAddStep(source: operands[0].floats, output: result.floats,
                                  rows: IndexedRows(indices: operands[1].ints, count: operands[1].type.shape.elementCount,
                                                    shape: result.type.shape, axis: axis, site: site), context: context)
        case .reduce(let reduction, let axes, _):
            if operands[0].type.dtype == .i32 {
                return IntegerReductionStep(reduction: reduction, axes: axes, inputShape: operands[0].type.shape,
                                            input: operands[0].ints, output: result.ints)
            }
            return contiguous(.reduction, op, operands, result)
        case .matmul:
            return contiguous(.gemm, op, operands, result)
        case .composite(.layerNorm), .composite(.rmsNorm), .composite(.softmax):
            return contiguous(.rowwise, op, operands, result)
        case .composite(.attention):
            return contiguous(.attention, op, operands, result)
        }
    }

    /// A single op on contiguous buffers: its pattern's fast path always applies.
    private func contiguous(_ pattern: FusedKernel.Pattern, _ op: Op, _ operands: [Buffer], _ result: Buffer) -> (any KernelStep)? {
        guard result.type.shape.elementCount > 0 else { return nil }
        guard let step = fastPath(pattern, region(op, operands, result), operands, result) else {
            preconditionFailure("BLAS backend: no kernel for \(op.name) on \(operands.map(\.type)) -> \(result.type)")
        }
        return step
    }

    /// The one-node region of a single op.
    private func region(_ op: Op, _ operands: [Buffer], _ result: Buffer) -> [RegionNode] {
        [RegionNode(op: op, inputs: operands.indices.map { .operand($0) }, type: result.type, node: ValueID(0))]
    }

    /// A fused region by pattern, or node by node when no fast path fits.
    func fused(_ pattern: FusedKernel.Pattern, _ region: [RegionNode], _ operands: [Buffer], _ result: Buffer,
               _ site: KernelSite) -> (any KernelStep)? {
        if let step = fastPath(pattern, region, operands, result) { return step }
        return RegionStep(region: region, operands: operands, result: result, factory: self, site: site)
    }

    private func fastPath(_ pattern: FusedKernel.Pattern, _ region: [RegionNode], _ operands: [Buffer], _ result: Buffer) -> (any KernelStep)? {
        guard result.type.dtype == .f32 else { return nil }
        var builder = ElementwiseBuilder(region: region, operands: operands.map { ($0.floats, $0.type) }, kernels: context.kernels)
        let last = region.count - 1
        let shape = result.type.shape
        let contiguous = StridedLayout(contiguous: shape)
        switch pattern {
        case .elementwise:
            guard let program = builder.program(computing: .local(last), shape: shape, into: result.floats) else { return nil }
            return ElementwiseStep(program, context)
        case .gemm:
            guard let index = region.firstIndex(where: { if case .matmul = $0.op { return true } else { return false } }),
                  case .matmul(let transposeA, let transposeB) = region[index].op,
                  let a = builder.view(region[index].inputs[0]), let b = builder.view(region[index].inputs[1]) else { return nil }
            let productShape = region[index].type.shape
            let batch = Shape(Array(productShape.dims.dropLast(2)))
            guard productShape == shape,
                  let matrixA = BLASMatrix(a.pointer, a.layout, transposed: transposeA, batch: batch),
                  let matrixB = BLASMatrix(b.pointer, b.layout, transposed: transposeB, batch: batch) else { return nil }
            let adds = region.gemmPrefill
            var prefill: ElementwiseStep?
            if let lastAdd = adds.last {
                var sums = builder
                sums.zeros = [index]
                guard let program = sums.program(computing: .local(lastAdd), shape: shape, into: result.floats) else { return nil }
                prefill = ElementwiseStep(program, context)
            }
            let accumulated = adds.last ?? index
            var epilogue: ElementwiseStep?
            if last != accumulated {
                builder.presets[accumulated] = (result.floats, contiguous)
                guard let program = builder.program(computing: .local(last), shape: shape, into: result.floats) else { return nil }
                epilogue = ElementwiseStep(program, context)
            }
            return GemmStep(a: matrixA, b: matrixB, c: result.floats, resultShape: shape, prefill: prefill, epilogue: epilogue, context: context)
        case .rowwise:
            guard let index = region.firstIndex(where: { Self.rowKind($0.op) != nil }), let kind = Self.rowKind(region[index].op),
                  region[index].type.shape == shape, let input = builder.view(region[index].inputs[0]),
                  input.layout.shape.rank >= 1, input.layout.shape.dims.last! <= 1 || input.layout.strides.last == 1 else { return nil }
            var mask: (base: UnsafeMutablePointer<Float>, layout: StridedLayout)?
            if region[index].inputs.count > 1 {
                guard let view = builder.view(region[index].inputs[1]), let broadcast = view.layout.broadcast(to: shape) else { return nil }
                mask = (view.pointer, broadcast)
            }
            var epilogue: ElementwiseProgram?
            if last != index {
                builder.presets[index] = (result.floats, contiguous)
                guard let program = builder.program(computing: .local(last), shape: shape, into: result.floats) else { return nil }
                epilogue = program
            }
            return RowStep(kind: kind, input: input.pointer, layout: input.layout, output: result.floats, mask: mask,
                           epilogue: epilogue, context: context)
        case .reduction:
            guard case .reduce(let reduction, let axes, _) = region[last].op else { return nil }
            let source = region[last].inputs[0]
            let inputShape: Shape
            switch source {
            case .operand(let k): inputShape = operands[k].type.shape
            case .local(let j): inputShape = region[j].type.shape
            }
            guard let program = builder.program(computing: source, shape: inputShape, into: result.floats) else { return nil }
            return ReductionStep(reduction: reduction, axes: axes, inputShape: inputShape, source: program, output: result.floats, context: context)
        case .attention:
            guard let index = region.firstIndex(where: { if case .composite(.attention) = $0.op { return true } else { return false } }),
                  case .composite(.attention(let scale, let causal)) = region[index].op else { return nil }
            let inputs = region[index].inputs
            guard let q = builder.view(inputs[0]), let k = builder.view(inputs[1]), let v = builder.view(inputs[2]),
                  [q, k, v].allSatisfy({ $0.layout.strides.last == 1 || ($0.layout.shape.dims.last ?? 0) <= 1 }) else { return nil }
            let attentionShape = region[index].type.shape
            var mask: (UnsafeMutablePointer<Float>, StridedLayout)?
            if inputs.count > 3 {
                let rank = attentionShape.rank
                let scores = Shape(Array(attentionShape.dims.dropLast(2)) + [attentionShape[rank - 2], k.layout.shape[rank - 2]])
                guard let view = builder.view(inputs[3]), let broadcast = view.layout.broadcast(to: scores) else { return nil }
                mask = (view.pointer, broadcast)
            }
            let chain = region[(index + 1)...].map { node -> (op: Op, operandShape: Shape) in
                let operand: Shape
                switch node.inputs[0] {
                case .local(let j): operand = region[j].type.shape
                case .operand(let k): operand = operands[k].type.shape
                }
                return (node.op, operand)
            }
            guard let output = StridedLayout.writing(through: chain, endShape: shape), output.shape == attentionShape,
                  output.strides.last == 1 || (attentionShape.dims.last ?? 0) <= 1 else { return nil }
            return AttentionStep(q: (q.pointer, q.layout), k: (k.pointer, k.layout), v: (v.pointer, v.layout), mask: mask,
                                 output: (result.floats, output), scale: scale, causal: causal, context: context)
        }
    }

    private static func rowKind(_ op: Op) -> RowStep.Kind? {
        switch op {
        case .composite(.layerNorm(let epsilon)): return .layerNorm(epsilon: Float(epsilon))
        case .composite(.rmsNorm(let epsilon)): return .rmsNorm(epsilon: Float(epsilon))
        case .composite(.softmax): return .softmax
        default: return nil
        }
    }
}

/// A fused region run node by node into private buffers (the general path behind the fused
/// fast paths): each node is a single-op step; the last writes the result.
final class RegionStep: KernelStep {
    private let steps: Pinned<any KernelStep>
    let gemms: [GEMMShape]
    private var buffers: [UnsafeMutableRawPointer] = []

    init(region: [RegionNode], operands: [Buffer], result: Buffer, factory: StepFactory, site: KernelSite) {
        var values: [Buffer] = []
        var steps: [any KernelStep] = []
        for (index, node) in region.enumerated() {
            let inputs = node.inputs.map { value -> Buffer in
                switch value {
                case .operand(let k): return operands[k]
                case .local(let j): return values[j]
                }
            }
            let output: Buffer
            if index == region.count - 1 {
                output = result
            } else {
                let bytes = Program.aligned(node.type.shape.elementCount * node.type.dtype.byteSize) + 64
                let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Program.alignment)
                pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
                buffers.append(pointer)
                output = Buffer(pointer: pointer, type: node.type)
            }
            values.append(output)
            if let step = factory.single(node.op, inputs, output, KernelSite(node: node.node, op: node.op.name, scope: site.scope)) {
                steps.append(step)
            }
        }
        self.steps = Pinned(steps)
        gemms = steps.flatMap(\.gemms)
    }

    deinit { for buffer in buffers { buffer.deallocate() } }

    func run(_ pool: WorkerPool) throws(BackendError) {
        var index = 0
        while index < steps.count {
            try steps[index].run(pool)
            index += 1
        }
    }
}
