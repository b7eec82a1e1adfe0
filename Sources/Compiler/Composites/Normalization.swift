// The normalisation composites: layer norm and RMS norm over the last axis, without affine
// (the LayerNorm/RMSNorm layers multiply by their weight and add their bias with primitives,
// which a fusion pass folds into the same loop).

/// `(x - mean) / sqrt(var + epsilon)` over the last axis (biased variance).
public func layerNorm(_ x: Tensor, epsilon: Double = 1e-5) -> Tensor {
    x.builder.apply(.composite(.layerNorm(epsilon: epsilon)), [x])
}

/// `x / sqrt(mean(x^2) + epsilon)` over the last axis.
public func rmsNorm(_ x: Tensor, epsilon: Double = 1e-6) -> Tensor {
    x.builder.apply(.composite(.rmsNorm(epsilon: epsilon)), [x])
}

extension GraphBuilder {
    /// Primitive lowering of layer norm.
    func lowerLayerNorm(_ x: Tensor, epsilon: Double) -> Tensor {
        let centered = x - x.mean(axes: [-1], keepDims: true)
        return centered * layerNormInverseStd(x, epsilon: epsilon)
    }

    /// `1 / sqrt(var(x) + epsilon)` over the last axis, kept as an extent-1 axis.
    func layerNormInverseStd(_ x: Tensor, epsilon: Double) -> Tensor {
        let centered = x - x.mean(axes: [-1], keepDims: true)
        return (centered.squared().mean(axes: [-1], keepDims: true) + epsilon).rsqrt()
    }

    /// Primitive lowering of RMS norm.
    func lowerRMSNorm(_ x: Tensor, epsilon: Double) -> Tensor {
        x * rmsInverse(x, epsilon: epsilon)
    }

    /// `1 / sqrt(mean(x^2) + epsilon)` over the last axis, kept as an extent-1 axis.
    func rmsInverse(_ x: Tensor, epsilon: Double) -> Tensor {
        (x.squared().mean(axes: [-1], keepDims: true) + epsilon).rsqrt()
    }

    /// Layer norm's gradient: `rstd * (g - mean(g) - y * mean(g * y))`, with y the output.
    func layerNormGradient(_ x: Tensor, output y: Tensor, grad g: Tensor, epsilon: Double) -> Tensor {
        let inner = g - g.mean(axes: [-1], keepDims: true) - y * (g * y).mean(axes: [-1], keepDims: true)
        return layerNormInverseStd(x, epsilon: epsilon) * inner
    }

    /// RMS norm's gradient: `rinv * (g - y * mean(g * y))`, with y the output.
    func rmsNormGradient(_ x: Tensor, output y: Tensor, grad g: Tensor, epsilon: Double) -> Tensor {
        rmsInverse(x, epsilon: epsilon) * (g - y * (g * y).mean(axes: [-1], keepDims: true))
    }
}
