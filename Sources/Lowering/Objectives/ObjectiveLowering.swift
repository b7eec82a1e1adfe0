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
    /// The objective's scope (`objective`): its own nodes and inputs live there.
    let scope: Scope
    private(set) var requests: [DataRequest] = []

    init(_ lowering: PolicyLowering) {
        self.lowering = lowering
        scope = lowering.builder.root.child("objective")
    }

    var builder: GraphBuilder { lowering.builder }
    var batch: Int { lowering.batch }
    var spec: Spec { lowering.spec }

    /// Declares the input `target.<name>` `[batch] + shape`, filled per sample from `source`.
    func request(_ name: String, shape: [Int], source: DataSource) -> Tensor {
        let dtype: DType = if case .integers = source { .i32 } else { .f32 }
        let request = DataRequest(name: "target.\(name)", type: TensorType(Shape([batch] + shape), dtype), source: source)
        requests.append(request)
        return scope.enter { request.declare(in: builder) }
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
