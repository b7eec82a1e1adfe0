/// Which normalisation a block uses: layer norm or RMS norm, with its epsilon.
public enum Normalization: Hashable, Sendable {
    case layer(epsilon: Double)
    case rms(epsilon: Double)

    /// PyTorch's `nn.LayerNorm` default (eps 1e-5).
    public static let layerNorm = Normalization.layer(epsilon: 1e-5)
    /// LLaMA's RMSNorm (eps 1e-6).
    public static let rmsNorm = Normalization.rms(epsilon: 1e-6)

    /// Declares the norm layer at `scope` (with affine parameters unless `affine` is false).
    public func layer(_ scope: Scope, features: Int, affine: Bool = true) -> NormLayer {
        switch self {
        case .layer(let epsilon): return .layer(LayerNorm(scope, features: features, epsilon: epsilon, affine: affine))
        case .rms(let epsilon): return .rms(RMSNorm(scope, features: features, epsilon: epsilon, affine: affine))
        }
    }
}

/// A declared normalisation layer of either kind.
public enum NormLayer {
    case layer(LayerNorm)
    case rms(RMSNorm)

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .layer(let norm): return norm(x)
        case .rms(let norm): return norm(x)
        }
    }
}
