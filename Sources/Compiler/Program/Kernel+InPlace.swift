extension Kernel {
    /// The operands whose bytes the result may take over: the kernel reads every element of
    /// such an operand before it writes the same element of the result (elementwise ops, and
    /// the row kernels, which read a whole row before writing it). The memory planner places
    /// the result there when the operand dies at this call; backends must honour it.
    public func inPlaceOperands(operandTypes: [TensorType], resultType: TensorType) -> [Int] {
        switch self {
        case .fused(let fused):
            return fused.inPlaceOperands
        case .op(let op):
            switch op {
            case .unary, .binary, .compare, .select, .cast, .composite(.gelu), .composite(.silu):
                return operandTypes.indices.filter { operandTypes[$0].shape == resultType.shape }
            case .composite(.layerNorm), .composite(.rmsNorm), .composite(.softmax):
                return [0]
            default:
                return []
            }
        }
    }
}
