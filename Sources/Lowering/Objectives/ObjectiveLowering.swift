import Compiler
import SpecLang

/// An objective kind the compiler lowers: a function from the stage's context to a scalar
/// loss. Each objective kind of the registry that lowers conforms
/// (`Objectives/<Kind>+Lowering.swift`); the trainer differentiates the loss with respect to
/// the parameters the stage trains (`LossGraph.trainingGraph`).
///
/// A head objective trains the head's step (``ObjectiveContext/step(_:)``); what it needs
/// besides the observations it declares as ``DataRequest``s (``ObjectiveContext/request(_:shape:source:)``),
/// which the data pipeline fills by their source.
protocol ObjectiveLowering: ObjectiveComponent {
    /// Builds the stage's loss in `context.builder` and returns it (a scalar).
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor
}

/// What an objective's lowering reads: the spec's lowered policy and the stage's requests.
final class ObjectiveContext {
    let lowering: PolicyLowering
    /// The stage's plan (what it trains; a pretraining objective's target encoder).
    let plan: StagePlan
    /// The objective's scope (`objective`): its own nodes and inputs live there.
    let scope: Scope
    private let dataRequests: DataRequests
    /// Parameters the objective keeps out of training whatever the stage's `train` says.
    private(set) var frozen: [String] = []
    /// Parameters the training step moves toward others (EMA targets).
    private(set) var averages: [ParameterAverage] = []

    /// The context of a loss lowered by `lowering`, whose carried state is recomputed through
    /// `requests`.
    init(_ lowering: PolicyLowering, requests: DataRequests, plan: StagePlan) {
        self.lowering = lowering
        dataRequests = requests
        self.plan = plan
        scope = requests.scope
    }

    var builder: GraphBuilder { lowering.builder }
    var batch: Int { lowering.batch }
    var spec: Spec { lowering.spec }
    var requests: [DataRequest] { dataRequests.all }

    /// Declares the input `target.<name>` `[batch] + shape`, filled per sample from `source`.
    func request(_ name: String, shape: [Int], source: DataSource) -> Tensor {
        dataRequests.request(name, shape: shape, source: source)
    }

    /// Keeps the parameters named `names` out of the stage's training.
    func freeze(_ names: [String]) { frozen += names }

    /// Makes the training step set parameter `target` to m·target + (1 − m)·source after each
    /// optimizer step, m rising linearly from `momentum.lowerBound` toward `momentum.upperBound`
    /// over the stage (``ParameterAverage``).
    func average(_ target: String, toward source: String, momentum: ClosedRange<Double>) {
        averages.append(ParameterAverage(target: target, source: source, start: momentum.lowerBound, end: momentum.upperBound))
    }

    /// The pretraining objective's encoder (the stage's target), or a lowering bug.
    func targetEncoder() throws(LoweringError) -> Encoder {
        guard let name = plan.target, let encoder = spec.encoder(name) else { throw bug("the stage pretrains no encoder") }
        return encoder
    }

    /// The demonstrated, normalised chunk `target.action` `[batch, chunk, action.dim]`.
    func actionChunk() -> Tensor {
        request("action", shape: [spec.action.chunk, spec.action.dim], source: .actionChunk)
    }

    /// A lowering bug: recorded with the builder and returned as the error to throw.
    func bug(_ message: String) -> LoweringError {
        lowering.builder.report(message)
        return lowering.finishError()
    }

    /// The head's model (observations, encoders and the head's conditioning lowered) as the
    /// step protocol `Step` of its training family. The checker makes sure the objective fits
    /// the head; a head whose model lacks the step is a compiler bug, reported as such.
    func step<Step>(_ type: Step.Type) throws(LoweringError) -> Step {
        let dropout = DropoutSeed { [self] in
            request("dropout_seed", shape: [], source: .integers(upperBound: Int(Int32.max)))
                .slice(axis: 0, 0 ..< 1).reshaped([])
        }
        let model = lowering.headModel(lowering.ports(), dropout: dropout)
        guard let step = model as? Step else { throw bug("the \(spec.head.config.kindName) head's model has no \(Step.self)") }
        return step
    }
}

/// A parameter the training step moves toward another after every optimizer step:
/// `target ← m·target + (1 − m)·source` (with the source's updated value), where after optimizer
/// step k (0-based) of a stage of K steps m = start + (end − start)·k/K (I-JEPA's momentum
/// scheduler; the target encoder). The target is not trained by gradient; its value is training state kept in the
/// checkpoint.
public struct ParameterAverage: Hashable, Sendable {
    public let target: String
    public let source: String
    public let start: Double
    public let end: Double
}
