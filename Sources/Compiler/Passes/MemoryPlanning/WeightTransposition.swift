/// Weight layout planning: a product that reads a weight transposed (`x Wᵀ`, a Linear layer's
/// PyTorch `[out, in]` weight) reads a copy of the weight stored `[in, out]` instead, so
/// that BLAS runs it untransposed. OpenBLAS packs an untransposed B faster: on this
/// project's machine the transformer's batch-1 products (64 rows) run 12–15% faster
/// (docs/performance.md). Single-row products (matrix-vector, `cblas_sgemv`) keep the stored
/// layout: there the gain is within noise and the row slices of the stored weight split
/// better across threads.
///
/// The copy is an `invariant` call (a `permute`) at the start of the schedule: a backend
/// computes it when the weights are set, not on every run. Parameters that a state update
/// writes (weights a training step changes) keep being read transposed, since their copy
/// would have to be made again on every step. Only products whose B operand is the
/// parameter itself (rank 2) are changed; the parameter binding, its name and its PyTorch
/// layout stay as they are.
public struct WeightTransposition: Sendable {
    public init() {}

    /// `program` with transposed copies of its eligible weights; unchanged when there are none.
    public func apply(_ program: Program, stateUpdates: [Program.StateUpdate]) -> Program {
        let written = Set(stateUpdates.map(\.binding))
        var eligible: [Int: Program.Binding] = [:]
        for binding in program.parameters where binding.type.shape.rank == 2 && binding.type.dtype == .f32 && !written.contains(binding.name) {
            eligible[binding.slot.index] = binding
        }
        guard !eligible.isEmpty else { return program }
        var result = program
        var copies: [Int: SlotID] = [:]
        var copyCalls: [Program.KernelCall] = []
        func copy(of parameter: SlotID, for call: Program.KernelCall) -> SlotID {
            if let existing = copies[parameter.index] { return existing }
            let type = program.slots[parameter.index].type
            let transposed = TensorType(Shape([type.shape[1], type.shape[0]]))
            let slot = SlotID(result.slots.count)
            result.slots.append(Program.Slot(type: transposed, offset: result.arenaBytes, isExclusive: true))
            result.arenaBytes += Program.aligned(transposed.shape.elementCount * 4)
            copies[parameter.index] = slot
            copyCalls.append(Program.KernelCall(kernel: .op(.permute([1, 0])), operands: [parameter], result: slot, node: call.node,
                                                scope: call.scope,
                                                note: "\(eligible[parameter.index]!.name) stored [in, out] for untransposed products (made when the weights are set)",
                                                invariant: true))
            return slot
        }
        for (index, call) in program.calls.enumerated() {
            switch call.kernel {
            case .op(.matmul(let transposeA, true)) where eligible[call.operands[1].index] != nil
                && Self.hasSeveralRows(program.slots[call.result.index].type.shape):
                result.calls[index].kernel = .op(.matmul(transposeA: transposeA, transposeB: false))
                result.calls[index].operands[1] = copy(of: call.operands[1], for: call)
            case .fused(var fused) where fused.pattern == .gemm:
                guard let position = fused.region.firstIndex(where: { if case .matmul(_, true) = $0.op { true } else { false } }),
                      case .matmul(let transposeA, _) = fused.region[position].op,
                      case .operand(let k) = fused.region[position].inputs[1], eligible[call.operands[k].index] != nil,
                      Self.hasSeveralRows(fused.region[position].type.shape) else { continue }
                let slot = copy(of: call.operands[k], for: call)
                let readElsewhere = fused.region.enumerated().contains { j, node in
                    node.inputs.enumerated().contains { i, input in input == .operand(k) && !(j == position && i == 1) }
                }
                var operand = k
                if readElsewhere {
                    operand = result.calls[index].operands.count
                    result.calls[index].operands.append(slot)
                } else {
                    result.calls[index].operands[k] = slot
                }
                fused.region[position].op = .matmul(transposeA: transposeA, transposeB: false)
                fused.region[position].inputs[1] = .operand(operand)
                result.calls[index].kernel = .fused(fused)
            default:
                continue
            }
        }
        result.calls = copyCalls + result.calls
        return result
    }

    /// True when a product of shape `[..., M, N]` has more than one row in all (a matrix
    /// product, not a matrix-vector one).
    private static func hasSeveralRows(_ shape: Shape) -> Bool {
        let columns = shape.dims.last ?? 1
        return columns > 0 && shape.elementCount / columns > 1
    }
}
