/// RMS normalisation over the last axis (PyTorch `nn.RMSNorm`, LLaMA): `x / sqrt(mean(x²) + eps) * weight`.
/// Parameter `weight` (ones) [features] unless `affine` is false. The default epsilon is
/// 1e-6 (LLaMA's); PyTorch's own default is the f32 machine epsilon, so pass `eps` explicitly
/// when building the PyTorch module.
public struct RMSNorm {
    public let scope: Scope
    public let epsilon: Double
    public let weight: Tensor?

    public init(_ scope: Scope, features: Int, epsilon: Double = 1e-6, affine: Bool = true) {
        self.scope = scope
        self.epsilon = epsilon
        weight = affine ? scope.parameter("weight", [features], .ones) : nil
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        scope.enter {
            let y = rmsNorm(x, epsilon: epsilon)
            return weight.map { y * $0 } ?? y
        }
    }
}
