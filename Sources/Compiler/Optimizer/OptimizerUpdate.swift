/// PyTorch's optimizer update rules (`torch.optim.SGD`, `Adam`, `AdamW`, single-tensor
/// implementations) as graph ops on one parameter. The per-step scalars that depend on the
/// learning rate and the step count are tensors the caller provides (fed as inputs, or
/// computed in the graph as `Graph.appendingAdamWStep` does).
///
/// | rule | update (g the gradient, t the 1-based step) |
/// |---|---|
/// | sgd | g += wd·p (decayed tensors); b = μ·b + g; g = g + μ·b (nesterov) or b; p −= lr·g |
/// | adam | m += (1 − β1)(g − m); v = β2·v + (1 − β2)·g²; p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε) |
/// | adamw | p *= 1 − lr·wd (decayed tensors), then the adam update |
public enum OptimizerUpdate {
    /// SGD: returns the new parameter and, with momentum, the new momentum buffer.
    /// `weightDecay` is the L2 coefficient added to the gradient (0 for tensors not decayed).
    public static func sgd(parameter p: Tensor, gradient: Tensor, momentumBuffer: Tensor?, lr: Tensor,
                           momentum: Double, nesterov: Bool, weightDecay: Double) -> (parameter: Tensor, momentumBuffer: Tensor?) {
        var g = weightDecay > 0 ? gradient + p * weightDecay : gradient
        var buffer: Tensor?
        if let momentumBuffer, momentum > 0 {
            let b = momentumBuffer * momentum + g
            buffer = b
            g = nesterov ? g + b * momentum : b
        }
        return (p - lr * g, buffer)
    }

    /// Adam on `p` (already shrunk by AdamW's decoupled decay where it applies): returns the
    /// new parameter and moments. `stepSize` is lr/(1 − β1ᵗ), `biasCorrection2Sqrt` √(1 − β2ᵗ).
    public static func adam(parameter p: Tensor, gradient g: Tensor, firstMoment: Tensor, secondMoment: Tensor,
                            stepSize: Tensor, biasCorrection2Sqrt: Tensor, betas: (Double, Double),
                            eps: Double) -> (parameter: Tensor, firstMoment: Tensor, secondMoment: Tensor) {
        let m = firstMoment + (g - firstMoment) * (1 - betas.0)
        let v = secondMoment * betas.1 + g.squared() * (1 - betas.1)
        let denominator = v.sqrt() / biasCorrection2Sqrt + eps
        return (p - stepSize * (m / denominator), m, v)
    }
}
