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
    /// The inference procedure with what it reports about each row (by default nothing:
    /// the chunk of ``act(noise:)``).
    func infer(noise: NoiseDraws) -> HeadInference
}

extension HeadModel {
    func infer(noise: NoiseDraws) -> HeadInference { HeadInference(action: act(noise: noise)) }
}

/// What a head's inference procedure gives: the chunk and its per-row diagnostics.
struct HeadInference {
    /// The action chunk `[batch, chunk, action.dim]`.
    let action: Tensor
    /// Named per-row f32 scalars `[batch]` about how each row's chunk was made (an energy
    /// head's descent steps and final energy), in a fixed order; empty for most heads.
    var diagnostics: [(name: String, value: Tensor)] = []
}

/// The step of a regression head (training family `regression`): the chunk itself.
protocol RegressionStep: HeadModel {
    /// The predicted chunk `[batch, chunk, action.dim]`.
    func predict() -> Tensor
}

/// The step of an energy head (training family `energy`): the scalar energy of a chunk and
/// the projection its descent applies. Inference and the `energy` objective both descend it
/// (``EnergyDescent/step(_:from:velocity:evaluation:)``).
protocol EnergyStep: HeadModel {
    /// The descent the head is configured with.
    var descent: EnergyDescent { get }
    /// The energy of each row's chunk `actions` `[batch, chunk, action.dim]`: `[batch]`.
    /// `evaluation` numbers the evaluations of one graph (training graphs draw a fresh
    /// attention-dropout mask for each).
    func energy(_ actions: Tensor, evaluation: Int) -> Tensor
    /// The projection of the chunk before every descent step but the last.
    func project(_ actions: Tensor) -> Tensor
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
