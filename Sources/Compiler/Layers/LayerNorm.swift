/// Layer normalisation over the last axis (PyTorch `nn.LayerNorm`): `layer_norm(x) * weight + bias`.
/// Parameters `weight` (ones) and `bias` (zeros), each [features], unless `affine` is false
/// (DiT's adaLN blocks use norms without affine parameters).
public struct LayerNorm {
    public let scope: Scope
    public let epsilon: Double
    public let weight: Tensor?
    public let bias: Tensor?

    public init(_ scope: Scope, features: Int, epsilon: Double = 1e-5, affine: Bool = true, bias: Bool = true) {
        self.scope = scope
        self.epsilon = epsilon
        weight = affine ? scope.parameter("weight", [features], .ones) : nil
        self.bias = affine && bias ? scope.parameter("bias", [features], .zeros) : nil
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        scope.enter {
            var y = layerNorm(x, epsilon: epsilon)
            if let weight { y = y * weight }
            if let bias { y = y + bias }
            return y
        }
    }
}
