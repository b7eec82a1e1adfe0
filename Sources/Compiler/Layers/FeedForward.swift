/// The feed-forward sublayer of a transformer block: timm's `Mlp` (fc1, activation, fc2) or
/// a SwiGLU (fc1_g, fc1_x, fc2), declared at `<block>.mlp`.
public enum FeedForwardKind: Hashable, Sendable {
    case mlp(Activation)
    case swiGLU

    /// Declares the sublayer.
    func layer(_ scope: Scope, dim: Int, hidden: Int, bias: Bool) -> FeedForward {
        switch self {
        case .mlp(let activation):
            return .mlp(MLP(scope, inFeatures: dim, hiddenFeatures: hidden, activation: activation, bias: bias))
        case .swiGLU:
            return .swiGLU(SwiGLU(scope, inFeatures: dim, hiddenFeatures: hidden, bias: bias))
        }
    }
}

/// A declared feed-forward sublayer.
public enum FeedForward {
    case mlp(MLP)
    case swiGLU(SwiGLU)

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .mlp(let mlp): return mlp(x)
        case .swiGLU(let swiGLU): return swiGLU(x)
        }
    }
}
