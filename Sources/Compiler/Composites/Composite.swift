/// Named composite ops: groups of primitives that matter for speed. Each one has
/// - a lowering to primitives (`GraphBuilder.lower(_:)`, used by `Graph.loweringComposites()`),
/// - its own reference kernel (Backends/Reference), and
/// - a compact gradient written in IR ops (Autodiff), so gradients of gradients work.
///
/// All of them work on the last axis; leading axes are batch.
public enum Composite: Hashable, Sendable {
    /// `(x - mean(x)) / sqrt(var(x) + epsilon)` over the last axis (biased variance, no
    /// affine: the LayerNorm layer multiplies and adds its weight and bias).
    case layerNorm(epsilon: Double)
    /// `x / sqrt(mean(x^2) + epsilon)` over the last axis (no affine).
    case rmsNorm(epsilon: Double)
    /// Softmax over the last axis. Optional second operand: an f32 mask broadcastable to the
    /// input, 1 = keep, 0 = excluded (probability 0). A row with every entry excluded gives zeros.
    case softmax
    /// GELU, exact (`0.5 x (1 + erf(x / sqrt 2))`) or with the tanh approximation.
    case gelu(GELUApproximation)
    /// `x * sigmoid(x)` (a.k.a. swish).
    case silu
    /// Scaled dot-product attention `softmax(scale * q k^T, mask) v` on
    /// q `[..., T, D]`, k `[..., S, D]`, v `[..., S, Dv]` (same leading axes) with an optional
    /// f32 mask broadcastable to `[..., T, S]`. `causal` additionally hides key `j > i` from
    /// query `i` (top-left aligned, as PyTorch's `is_causal`). Fully hidden rows give zeros.
    case attention(scale: Double, causal: Bool)

    /// The name used in dumps and docs.
    public var name: String {
        switch self {
        case .layerNorm: return "layer_norm"
        case .rmsNorm: return "rms_norm"
        case .softmax: return "softmax"
        case .gelu(let approximation): return approximation == .exact ? "gelu" : "gelu_tanh"
        case .silu: return "silu"
        case .attention: return "attention"
        }
    }
}

/// The two GELU forms PyTorch offers (`approximate="none"` and `"tanh"`).
public enum GELUApproximation: String, Hashable, Sendable, CaseIterable {
    case exact
    case tanh
}
