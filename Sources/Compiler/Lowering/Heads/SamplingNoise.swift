/// Where the noise of a denoising head's sampling loop comes from.
///
/// A loop needs the starting chunk `x_T ~ N(0, I)` and, for the ddpm sampler, one draw per
/// step that adds noise (every step but the last). In the graph they are one tensor
/// `[draws, batch, chunk, action.dim]`: draw 0 starts the loop, draw `i` is added by step `i`.
public enum SamplingNoise: Hashable, Sendable {
    /// Drawn in the graph (Philox, `random` op) from this seed: the same draw on every run.
    case seeded(UInt64)
    /// Drawn from this seed with the i32 scalar input `noise.counter` selecting the stream:
    /// a fresh draw for every counter value (e.g. one per policy call).
    case counted(UInt64)
    /// Fed by the caller: input `noise.initial` `[batch, chunk, action.dim]` starts the loop
    /// and, for ddpm, `noise.steps` `[steps − 1, batch, chunk, action.dim]` holds the draw
    /// each step adds, in step order.
    case fed

    /// Input names this source adds to a graph.
    public static let counterInput = "noise.counter"
    public static let initialInput = "noise.initial"
    public static let stepsInput = "noise.steps"

    /// The noise tensor `[draws, batch, chunk, dim]` for a loop that needs `draws` draws.
    func draws(_ draws: Int, batch: Int, chunk: Int, dim: Int, builder: GraphBuilder) -> Tensor {
        let shape = Shape([draws, batch, chunk, dim])
        switch self {
        case .seeded(let seed):
            return builder.random(.normal(mean: 0, std: 1), shape: shape, seed: seed)
        case .counted(let seed):
            let counter = builder.input(Self.counterInput, .scalar, dtype: .i32)
            return builder.random(.normal(mean: 0, std: 1), shape: shape, seed: seed, counter: counter)
        case .fed:
            let initial = builder.input(Self.initialInput, [batch, chunk, dim]).unsqueezed(0)
            guard draws > 1 else { return initial }
            return concat([initial, builder.input(Self.stepsInput, [draws - 1, batch, chunk, dim])], axis: 0)
        }
    }
}
