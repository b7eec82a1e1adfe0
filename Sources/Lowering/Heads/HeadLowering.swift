import Compiler
import SpecLang

/// A head kind the compiler lowers. Every head kind of the registry conforms
/// (`Heads/<Kind>+Lowering.swift`; `RegistryLoweringTests` checks it), and nothing else names
/// head kinds.
///
/// A head lowers three things:
/// - its conditioning, computed once per call: ``model(_:context:)`` declares the parameters
///   and lowers the condition ports;
/// - one model step, which the returned model exposes through the step protocol of the head's
///   training family (``RegressionStep``, ``DenoisingStep``, ...): objectives train the step;
/// - its inference procedure, built from that step (``HeadModel/act(noise:)``).
protocol HeadLowering: HeadComponent {
    /// The inference queries the head answers besides the policy (`polspec infer --mode`).
    var inferenceModes: [String] { get }
    /// Declares the head's parameters under `context.scope` and lowers its conditioning on
    /// `conditions` (the condition ports in the order the spec lists them).
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel
}

extension HeadLowering {
    var inferenceModes: [String] { [] }
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

/// A head model that answers other inference queries than the policy's (UWM's forward and
/// inverse dynamics and video modes). `act` stays the policy.
protocol QueryingModel: HeadModel {
    /// The outputs of query `mode` (one of the head's ``HeadLowering/inferenceModes``) by name;
    /// `given(name, shape)` declares an input `[batch] + shape` the query reads.
    func answer(_ mode: String, noise: NoiseDraws, given: (String, [Int]) -> Tensor) -> [String: Tensor]
}

/// The step of a head with a latent autoencoder (training family `latent_autoencoder`).
protocol AutoencoderStep: HeadModel {
    /// Frames the autoencoder is trained on and their reconstruction (same shape).
    func autoencode() -> (frames: Tensor, reconstruction: Tensor)
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

/// The step of a head that denoises several modalities jointly (or one: every `Denoiser`
/// with a diffusion process is one), each possibly at its own timestep: what the `diffusion`
/// objective trains.
protocol JointDenoisingStep: HeadModel {
    /// The diffusion process (nil for a flow head).
    var diffusionProcess: DiffusionProcess? { get }
    /// The modalities, in the order `denoise` takes and returns them.
    var modalities: [DenoisedModality] { get }
    /// True when training draws each modality's timestep independently (UWM).
    var independentTimesteps: Bool { get }
    /// The network's predictions for the noisy values of every modality at their timesteps
    /// (`[batch]` f32 each).
    func denoise(_ noisy: [Tensor], at t: [Tensor]) -> [Tensor]
}

/// One modality of a ``JointDenoisingStep``.
struct DenoisedModality {
    /// `action`, or the observation the head predicts.
    let name: String
    /// The shape of one sample's value.
    let shape: [Int]
    /// The weight of its MSE in the loss.
    let weight: Double
    /// The fraction of training samples in which it stays pure noise (t = N − 1) and adds no
    /// loss (UWM's action-free samples).
    let noiseOnlyFraction: Double
    /// The clean value `[batch] + shape` a training sample diffuses, declared in the objective's
    /// context (its requests).
    let clean: (ObjectiveContext) -> Tensor
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
    /// The ports of every reference parameter of the head, by parameter name (`condition`,
    /// `predict`, ...), in the order written.
    let inputs: [String: [PortValue]]
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

extension Denoiser: JointDenoisingStep {
    var diffusionProcess: DiffusionProcess? {
        if case .diffusion(let diffusion) = process { return diffusion }
        return nil
    }

    var modalities: [DenoisedModality] {
        [DenoisedModality(name: "action", shape: [context.action.chunk, context.action.dim], weight: 1, noiseOnlyFraction: 0) {
            $0.actionChunk()
        }]
    }

    var independentTimesteps: Bool { false }

    func denoise(_ noisy: [Tensor], at t: [Tensor]) -> [Tensor] { [network(noisy[0], t[0])] }
}
