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

/// The step of a masked-token head (training family `masked_tokens`): logits over the action
/// bins of every action token, given tokens some of which are the mask id.
protocol TokenStep: HeadModel {
    /// Bins per action dimension; the mask token's id is `bins`.
    var bins: Int { get }
    /// The ids `[batch, chunk · action.dim]` (f32 holding integers) of normalised actions
    /// `[batch, chunk, action.dim]`, dimension-major within each step.
    func tokens(of actions: Tensor) -> Tensor
    /// The logits `[batch, chunk · action.dim, bins]` for token ids `tokens` (f32 holding
    /// integers, `bins` for masked positions); bins a position cannot take are −1e9.
    func logits(_ tokens: Tensor) -> Tensor
}

/// The process a denoising head samples with: a diffusion process (DDPM / DDIM) or a flow.
enum DenoisingProcess {
    case diffusion(DiffusionProcess)
    case flow(FlowProcess)
}

/// The step of a denoising head (training families `denoising` and `flow`): one call of the
/// network on a noisy chunk.
protocol DenoisingStep: HeadModel {
    /// The process the head was configured with.
    var process: DenoisingProcess { get }
    /// The network's output for the noisy chunk `x` `[batch, chunk, action.dim]` at times `t`
    /// `[batch]` (f32: diffusion steps, or flow time × 1000): the prediction
    /// `diffusion.prediction` names, or the flow's velocity.
    func denoise(_ x: Tensor, at t: Tensor) -> Tensor
}

/// A denoising head's network with its process; inference samples with the process
/// (``DiffusionSampler`` or ``FlowSampler``). Heads build the network (and whatever of their
/// conditioning it reuses across steps) and wrap it in this.
struct Denoiser: DenoisingStep {
    let process: DenoisingProcess
    let context: HeadContext
    let network: (Tensor, Tensor) -> Tensor

    func denoise(_ x: Tensor, at t: Tensor) -> Tensor { network(x, t) }

    func act(noise: NoiseDraws) -> Tensor {
        context.scope.enter {
            switch process {
            case .diffusion(let diffusion):
                return DiffusionSampler(process: diffusion, range: context.action.range).sample(self, context: context, noise: noise)
            case .flow(let flow):
                return FlowSampler(process: flow).sample(self, context: context, noise: noise)
            }
        }
    }
}

/// What a head needs besides its conditions.
struct HeadContext {
    let scope: Scope
    let action: ActionSpec
    let batch: Int
    /// In training graphs, where fresh dropout masks come from (nil at inference, where
    /// dropout is off).
    let dropout: DropoutSeed?
}

/// The i32 scalar that selects a fresh dropout mask stream per training run: element 0 of a
/// random integer request, declared on first use (graphs without dropout do not have it).
final class DropoutSeed {
    private let declare: () -> Tensor
    private var declared: Tensor?

    init(_ declare: @escaping () -> Tensor) { self.declare = declare }

    var counter: Tensor {
        if let declared { return declared }
        let value = declare()
        declared = value
        return value
    }
}
