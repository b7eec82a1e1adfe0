import Foundation

// The activation composites GELU (exact and tanh) and SiLU.

/// GELU: exact `0.5 x (1 + erf(x / sqrt 2))` or the tanh approximation
/// `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
public func gelu(_ x: Tensor, approximation: GELUApproximation = .exact) -> Tensor {
    x.builder.apply(.composite(.gelu(approximation)), [x])
}

/// SiLU (swish): `x * sigmoid(x)`.
public func silu(_ x: Tensor) -> Tensor {
    x.builder.apply(.composite(.silu), [x])
}

/// Constants of the GELU forms.
enum GELUConstants {
    static let inverseSqrt2 = 1 / 2.0.squareRoot()
    static let inverseSqrt2Pi = 1 / (2 * Double.pi).squareRoot()
    static let tanhScale = (2 / Double.pi).squareRoot()
    static let tanhCubic = 0.044715
}

extension GraphBuilder {
    /// Primitive lowering of GELU.
    func lowerGELU(_ x: Tensor, _ approximation: GELUApproximation) -> Tensor {
        switch approximation {
        case .exact:
            return 0.5 * x * (1 + (x * GELUConstants.inverseSqrt2).erf())
        case .tanh:
            return 0.5 * x * (1 + geluTanhInner(x).tanh())
        }
    }

    /// `sqrt(2/pi) (x + 0.044715 x^3)`.
    private func geluTanhInner(_ x: Tensor) -> Tensor {
        GELUConstants.tanhScale * (x + GELUConstants.tanhCubic * x.pow(3))
    }

    /// Primitive lowering of SiLU.
    func lowerSiLU(_ x: Tensor) -> Tensor { x * x.sigmoid() }

    /// GELU's gradient `g * gelu'(x)`: exact `Phi(x) + x phi(x)`; tanh
    /// `0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)`.
    func geluGradient(_ x: Tensor, grad g: Tensor, _ approximation: GELUApproximation) -> Tensor {
        switch approximation {
        case .exact:
            let cdf = 0.5 * (1 + (x * GELUConstants.inverseSqrt2).erf())
            let pdf = GELUConstants.inverseSqrt2Pi * (-0.5 * x.squared()).exp()
            return g * (cdf + x * pdf)
        case .tanh:
            let t = geluTanhInner(x).tanh()
            let inner = GELUConstants.tanhScale * (1 + 3 * GELUConstants.tanhCubic * x.squared())
            return g * (0.5 * (1 + t) + 0.5 * x * (1 - t.squared()) * inner)
        }
    }

    /// SiLU's gradient `g * s (1 + x (1 - s))`, s = sigmoid(x).
    func siluGradient(_ x: Tensor, grad g: Tensor) -> Tensor {
        let s = x.sigmoid()
        return g * s * (1 + x * (1 - s))
    }
}
