/// The gated SiLU feed-forward (timm `SwiGLU`, LLaMA's FFN): `fc2(silu(fc1_g(x)) * fc1_x(x))`.
/// Parameters `fc1_g` and `fc1_x` [hidden, in] and `fc2` [out, hidden], each with a bias
/// unless `bias` is false (LLaMA has none).
public struct SwiGLU {
    public let scope: Scope
    public let gate: Linear
    public let value: Linear
    public let fc2: Linear

    public init(_ scope: Scope, inFeatures: Int, hiddenFeatures: Int, outFeatures: Int? = nil, bias: Bool = true) {
        self.scope = scope
        gate = Linear(scope.child("fc1_g"), inFeatures: inFeatures, outFeatures: hiddenFeatures, bias: bias)
        value = Linear(scope.child("fc1_x"), inFeatures: inFeatures, outFeatures: hiddenFeatures, bias: bias)
        fc2 = Linear(scope.child("fc2"), inFeatures: hiddenFeatures, outFeatures: outFeatures ?? inFeatures, bias: bias)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        fc2(scope.enter { silu(gate(x)) * value(x) })
    }
}
