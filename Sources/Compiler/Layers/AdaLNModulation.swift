/// adaLN-Zero conditioning (DiT): `Linear(silu(c))` split into `count` vectors of width `dim`
/// (shift, scale, gate, ...). The linear layer is `adaLN_modulation.1` (index 1 of PyTorch's
/// `nn.Sequential(nn.SiLU(), nn.Linear(...))`) and is zero-initialised, so every modulated
/// block starts as the identity.
public struct AdaLNModulation {
    public let scope: Scope
    public let linear: Linear
    public let count: Int
    public let dim: Int

    public init(_ scope: Scope, conditionDim: Int, dim: Int, count: Int) {
        self.scope = scope
        self.count = count
        self.dim = dim
        linear = Linear(scope.child("1"), inFeatures: conditionDim, outFeatures: count * dim, weightInit: .zeros, biasInit: .zeros)
    }

    /// The `count` modulation vectors for condition `c` [batch, conditionDim], each
    /// [batch, 1, dim] so they broadcast over the tokens of [batch, tokens, dim].
    public func callAsFunction(_ c: Tensor) -> [Tensor] {
        let parameters = linear(scope.enter { silu(c) })
        return scope.enter {
            parameters.chunked(count, axis: -1).map { $0.unsqueezed(-2) }
        }
    }
}

/// DiT's `modulate`: `x * (1 + scale) + shift`.
public func modulate(_ x: Tensor, shift: Tensor, scale: Tensor) -> Tensor {
    x * (1 + scale) + shift
}
