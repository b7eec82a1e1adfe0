/// The activation functions layers take (`activation:` in specs).
public enum Activation: String, Hashable, Sendable, CaseIterable {
    /// Exact GELU (PyTorch `nn.GELU()`).
    case gelu
    /// GELU with the tanh approximation (PyTorch `nn.GELU(approximate="tanh")`).
    case geluTanh = "gelu_tanh"
    /// `max(x, 0)`.
    case relu
    /// `x * sigmoid(x)`.
    case silu
    case tanh
    /// `x · tanh(softplus(x))` (Mish; UWM's MLPs), softplus computed as
    /// `max(x, 0) + log(1 + exp(−|x|))` so large inputs do not overflow.
    case mish

    /// The activation applied to `x`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .gelu: return Compiler.gelu(x)
        case .geluTanh: return Compiler.gelu(x, approximation: .tanh)
        case .relu: return Compiler.relu(x)
        case .silu: return Compiler.silu(x)
        case .tanh: return x.tanh()
        case .mish: return x * (Compiler.relu(x) + (1 + (-x.abs()).exp()).log()).tanh()
        }
    }
}

/// `max(x, 0)`. At exactly 0 the gradient is 1/2 (ties split evenly, see docs/ir.md).
public func relu(_ x: Tensor) -> Tensor { maximum(x, 0) }
