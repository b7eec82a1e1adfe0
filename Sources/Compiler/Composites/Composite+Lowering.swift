extension GraphBuilder {
    /// Builds the primitive-only form of `composite` applied to `operands` (used by
    /// `Graph.loweringComposites()` and by tests that check fused kernels against it).
    public func lower(_ composite: Composite, _ operands: [Tensor]) -> Tensor {
        switch composite {
        case .layerNorm(let epsilon): return lowerLayerNorm(operands[0], epsilon: epsilon)
        case .rmsNorm(let epsilon): return lowerRMSNorm(operands[0], epsilon: epsilon)
        case .softmax: return lowerSoftmax(operands[0], mask: operands.count > 1 ? operands[1] : nil)
        case .gelu(let approximation): return lowerGELU(operands[0], approximation)
        case .silu: return lowerSiLU(operands[0])
        case .attention(let scale, let causal):
            return lowerAttention(operands[0], operands[1], operands[2], mask: operands.count > 3 ? operands[3] : nil,
                                  scale: scale, causal: causal)
        }
    }
}
