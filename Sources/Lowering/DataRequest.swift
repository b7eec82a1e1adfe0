import Compiler

/// An input of a lowered graph that the caller fills from data or from a random generator,
/// per sample: what an objective needs besides the observations (the demonstrated chunk,
/// diffusion noise and timesteps, ...) and what a policy's sampler draws per call.
///
/// Requests are generic: the training data pipeline and the policy fill them by ``source``,
/// never by which objective or head asked. Every request's tensor is batch-major,
/// `[batch, ...]`; row `i` belongs to sample `i`.
public struct DataRequest: Hashable, Sendable {
    /// The input's name (`target.action`, `target.noise`, `noise.initial`, ...).
    public let name: String
    /// The input's type, batch axis first.
    public let type: TensorType
    public let source: DataSource

    public init(name: String, type: TensorType, source: DataSource) {
        self.name = name
        self.type = type
        self.source = source
    }

    /// Elements of one sample (one row).
    public var rowElements: Int { type.shape.dims.dropFirst().reduce(1, *) }
}

/// Where the values of a ``DataRequest`` come from.
public enum DataSource: Hashable, Sendable {
    /// The demonstrated action chunk at the sample's step, normalised to the action range
    /// (`[batch, chunk, action.dim]`, f32).
    case actionChunk
    /// Independent standard normal draws (f32).
    case normal
    /// Independent uniform draws on [0, 1) (f32).
    case uniform
    /// Independent uniform integers in `0 ..< upperBound` (i32).
    case integers(upperBound: Int)
    /// Independent Beta(alpha, beta) draws on [0, 1] (f32).
    case beta(alpha: Double, beta: Double)
    /// `frames` frames of observation `name` (as the policy reads them: images in [0, 1],
    /// vectors standardised), the first `offset` steps after the sample's step, one step apart
    /// (`[batch, frames, ...frame]`; steps past the episode's end repeat its last frame).
    case futureObservation(name: String, offset: Int, frames: Int)
}

extension DataRequest {
    /// Declares the request as an input of `builder` and returns its tensor.
    func declare(in builder: GraphBuilder) -> Tensor {
        builder.input(name, type.shape, dtype: type.dtype)
    }
}
