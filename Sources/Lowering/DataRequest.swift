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
    /// Observation `name` as the policy read it at the sample's steps `t − k·stride` for
    /// k = `steps` … 1 (oldest first), each with its own history frames
    /// (`[batch, steps, frames, ...frame]`; steps before the episode's start repeat its first
    /// frame). What a carried state is recomputed from in training.
    case pastObservation(name: String, steps: Int, stride: Int)
    /// Observation `name` at the sample's step as the policy reads it, images photometrically
    /// augmented (HAMLET's positive view, ``PhotometricAugmentation``; other observations
    /// unchanged): `[batch, frames, ...frame]`.
    case augmentedObservation(name: String)
    /// Observation `name` as the policy read it at `count` steps of the sample's episode, each
    /// at least `minimumGap` steps from the sample's step, drawn uniformly among those steps (the
    /// farthest step when the episode has none); every such request of a sample draws the same
    /// steps: `[batch, count, frames, ...frame]`.
    case distantObservation(name: String, minimumGap: Int, count: Int)
    /// I-JEPA's multi-block masks over a `height × width` patch grid, f32 1/0 per patch:
    /// row 0 the context block (scale U`contextScale`, aspect 1) minus the targets, rows
    /// 1 … `targets` the target blocks (scale U`targetScale`, aspect U`targetAspect`); block
    /// sizes drawn once per batch, each context truncated to the batch's smallest
    /// (`[batch, 1 + targets, height · width]`, ``MultiBlockMasks``).
    case blockMasks(BlockMaskShape)
}

/// The settings of I-JEPA's mask collator (``DataSource/blockMasks(_:)``).
public struct BlockMaskShape: Hashable, Sendable {
    public let height: Int
    public let width: Int
    public let targets: Int
    public let targetScale: ClosedRange<Double>
    public let targetAspect: ClosedRange<Double>
    public let contextScale: ClosedRange<Double>
    /// A context block must keep more than this many patches (blocks are redrawn until it does).
    public let minKeep: Int

    public init(height: Int, width: Int, targets: Int, targetScale: ClosedRange<Double>, targetAspect: ClosedRange<Double>,
                contextScale: ClosedRange<Double>, minKeep: Int) {
        self.height = height
        self.width = width
        self.targets = targets
        self.targetScale = targetScale
        self.targetAspect = targetAspect
        self.contextScale = contextScale
        self.minKeep = minKeep
    }
}

extension DataRequest {
    /// Declares the request as an input of `builder` and returns its tensor.
    func declare(in builder: GraphBuilder) -> Tensor {
        builder.input(name, type.shape, dtype: type.dtype)
    }
}
