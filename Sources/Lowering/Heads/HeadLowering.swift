import Compiler
import SpecLang

/// A head kind the compiler lowers. Each head kind of the registry that lowers conforms
/// (`Heads/<Kind>+Lowering.swift`); a kind without the conformance is reported as not lowered
/// (``LoweringSupport``), and nothing else names head kinds.
///
/// A head lowers three things:
/// - its conditioning, computed once per call: ``model(_:context:)`` declares the parameters
///   and lowers the condition ports;
/// - one model step, which the returned model exposes through the step protocol of the head's
///   training family (``RegressionStep``, ``DenoisingStep``, ...): objectives train the step;
/// - its inference procedure, built from that step (``HeadModel/act(noise:)``).
protocol HeadLowering: HeadComponent {
    /// Why this configuration of the kind does not lower (a variant such as a sampler), or nil.
    var unsupportedVariant: UnsupportedVariant? { get }
    /// Declares the head's parameters under `context.scope` and lowers its conditioning on
    /// `conditions` (the condition ports in the order the spec lists them).
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel
}

extension HeadLowering {
    var unsupportedVariant: UnsupportedVariant? { nil }
}

/// A configuration of a lowering kind that is not lowered: the parameter that selects it
/// (relative to the component) and what is missing.
struct UnsupportedVariant: Hashable {
    let parameter: String
    let reason: String
}

/// A head with its parameters declared and its conditioning lowered.
protocol HeadModel {
    /// The inference procedure: the action chunk `[batch, chunk, action.dim]`, drawing what
    /// it samples from `noise`.
    func act(noise: NoiseDraws) -> Tensor
}

/// The step of a regression head (training family `regression`): the chunk itself.
protocol RegressionStep: HeadModel {
    /// The predicted chunk `[batch, chunk, action.dim]`.
    func predict() -> Tensor
}

/// The step of a denoising head (training families `denoising` and `flow`): one call of the
/// network on a noisy chunk.
protocol DenoisingStep: HeadModel {
    /// The process the head was configured with.
    var process: DiffusionProcess { get }
    /// The network's output for the noisy chunk `x` `[batch, chunk, action.dim]` at diffusion
    /// times `t` `[batch]` (f32; training steps, or flow times scaled as the head documents):
    /// a prediction of the kind `process.prediction` says.
    func denoise(_ x: Tensor, at t: Tensor) -> Tensor
}

/// What a head needs besides its conditions.
struct HeadContext {
    let scope: Scope
    let action: ActionSpec
    let batch: Int
}
