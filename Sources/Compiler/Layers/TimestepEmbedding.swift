import Foundation

/// The sinusoidal embedding of (diffusion) timesteps, as DiT's `timestep_embedding`:
/// for `half = dim / 2` frequencies `f_i = exp(-ln(maxPeriod) · i / half)`,
/// `[cos(t f_0), ..., cos(t f_{half-1}), sin(t f_0), ..., sin(t f_{half-1})]`, plus one zero
/// feature when `dim` is odd. `t` is f32 [...] (fractional steps allowed); the result is [..., dim].
public func sinusoidalEmbedding(_ t: Tensor, dim: Int, maxPeriod: Double = 10_000) -> Tensor {
    let half = dim / 2
    let frequencies = (0..<half).map { Float(exp(-log(maxPeriod) * Double($0) / Double(half))) }
    let arguments = t.unsqueezed(-1) * t.builder.constant(HostTensor(shape: [half], floats: frequencies))
    let embedding = concat([arguments.cos(), arguments.sin()], axis: -1)
    guard dim % 2 == 1 else { return embedding }
    var after = [Int](repeating: 0, count: embedding.rank)
    after[after.count - 1] = 1
    return embedding.padded(before: [Int](repeating: 0, count: embedding.rank), after: after)
}

/// DiT's `TimestepEmbedder`: the sinusoidal embedding (width `frequencyDim`) through
/// `mlp.0` Linear(frequencyDim, dim), SiLU, `mlp.2` Linear(dim, dim).
public struct TimestepEmbedder {
    public let scope: Scope
    public let frequencyDim: Int
    public let first: Linear
    public let second: Linear

    public init(_ scope: Scope, dim: Int, frequencyDim: Int = 256) {
        self.scope = scope
        self.frequencyDim = frequencyDim
        first = Linear(scope.child("mlp.0"), inFeatures: frequencyDim, outFeatures: dim)
        second = Linear(scope.child("mlp.2"), inFeatures: dim, outFeatures: dim)
    }

    /// Embeds timesteps `t` [batch] as [batch, dim].
    public func callAsFunction(_ t: Tensor) -> Tensor {
        let features = scope.enter { sinusoidalEmbedding(t, dim: frequencyDim) }
        return second(scope.enter { silu(first(features)) })
    }
}
