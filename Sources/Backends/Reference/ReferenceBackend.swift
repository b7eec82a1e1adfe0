import Compiler

/// The oracle backend: runs every op with the plain loops of `ReferenceKernels`, one buffer
/// per program slot. Generic over the scalar type: `ReferenceBackend<Double>` for gradient
/// checks, `ReferenceBackend<Float>` to compare with fast backends.
///
/// ```swift
/// let program = Program(unplanned: graph)
/// let outputs = try ReferenceBackend<Float>().run(program, feeds: ["state": x, "trunk.fc1.weight": w, ...])
/// ```
public struct ReferenceBackend<Scalar: ReferenceScalar>: Backend, Sendable {
    public init() {}

    public var name: String { "reference" }

    /// The reference backend has a kernel for every op, composites included.
    public func supports(_ op: Op) -> Bool { true }

    public func prepare(_ program: Program) -> ReferenceExecutable<Scalar> {
        ReferenceExecutable(program: program)
    }

    /// Runs `program` in `Scalar` precision. `feeds` holds every input and parameter by name.
    public func evaluate(_ program: Program, feeds: [String: ReferenceTensor<Scalar>]) throws(BackendError) -> [String: ReferenceTensor<Scalar>] {
        try program.validateFeeds(feeds.mapValues(\.type))
        var slots = [ReferenceTensor<Scalar>?](repeating: nil, count: program.slots.count)
        for binding in program.inputs + program.parameters { slots[binding.slot.index] = feeds[binding.name] }
        for call in program.calls {
            let operands = call.operands.map { slot in
                guard let value = slots[slot.index] else { preconditionFailure("program reads \(slot) before writing it") }
                return value
            }
            let type = program.slots[call.result.index].type
            do {
                switch call.kernel {
                case .op(let op):
                    slots[call.result.index] = try ReferenceBackend.execute(op, operands, type: type)
                case .fused(let fused):
                    slots[call.result.index] = try ReferenceBackend.evaluate(fused, operands)
                }
            } catch {
                throw .invalidValue(node: call.node, op: call.kernel.name, scope: call.scope, message: error.message)
            }
        }
        var results: [String: ReferenceTensor<Scalar>] = [:]
        for binding in program.outputs { results[binding.name] = slots[binding.slot.index]! }
        return results
    }

    /// Runs `graph` (through its unplanned program) in `Scalar` precision.
    public func evaluate(_ graph: Graph, feeds: [String: ReferenceTensor<Scalar>]) throws(BackendError) -> [String: ReferenceTensor<Scalar>] {
        try evaluate(Program(unplanned: graph), feeds: feeds)
    }

    /// A fused kernel, node by node (the region's last value is the result).
    static func evaluate(_ fused: FusedKernel, _ operands: [ReferenceTensor<Scalar>]) throws(KernelFailure) -> ReferenceTensor<Scalar> {
        var values: [ReferenceTensor<Scalar>] = []
        values.reserveCapacity(fused.region.count)
        for node in fused.region {
            let inputs = node.inputs.map { value -> ReferenceTensor<Scalar> in
                switch value {
                case .operand(let index): return operands[index]
                case .local(let index): return values[index]
                }
            }
            values.append(try execute(node.op, inputs, type: node.type))
        }
        return values[values.count - 1]
    }

    /// One kernel call.
    static func execute(_ op: Op, _ operands: [ReferenceTensor<Scalar>], type: TensorType) throws(KernelFailure) -> ReferenceTensor<Scalar> {
        typealias Kernels = ReferenceKernels<Scalar>
        let shape = type.shape
        switch op {
        case .input, .parameter:
            preconditionFailure("inputs and parameters are bound, not executed")
        case .constant(let constant): return Kernels.constant(constant)
        case .random(let distribution, let seed, _):
            return Kernels.random(distribution, seed: seed, shape: shape, counter: operands.first)
        case .unary(let function): return Kernels.unary(function, operands[0])
        case .binary(let function): return Kernels.binary(function, operands[0], operands[1], shape: shape)
        case .compare(let comparison): return Kernels.compare(comparison, operands[0], operands[1], shape: shape)
        case .select: return Kernels.select(operands[0], operands[1], operands[2], shape: shape)
        case .cast(let dtype): return try Kernels.cast(operands[0], to: dtype)
        case .stopGradient: return operands[0]
        case .reduce(let reduction, let axes, _): return Kernels.reduce(reduction, axes: axes, operands[0], shape: shape)
        case .matmul(let transposeA, let transposeB):
            return Kernels.matmul(operands[0], operands[1], transposeA: transposeA, transposeB: transposeB, shape: shape)
        case .reshape: return Kernels.reshape(operands[0], shape: shape)
        case .permute(let permutation): return Kernels.permute(operands[0], permutation, shape: shape)
        case .broadcast: return Kernels.broadcast(operands[0], shape: shape)
        case .slice(let start, _): return Kernels.slice(operands[0], start: start, shape: shape)
        case .pad(let before, _): return Kernels.pad(operands[0], before: before, shape: shape)
        case .concat(let axis): return Kernels.concat(operands, axis: axis, shape: shape)
        case .gather(let axis): return try Kernels.gather(operands[0], operands[1], axis: axis, shape: shape)
        case .scatterAdd(let axis, _): return try Kernels.scatterAdd(operands[0], operands[1], axis: axis, shape: shape)
        case .composite(let composite): return Kernels.composite(composite, operands, shape: shape)
        }
    }
}
