import Compiler
import SpecLang

/// A recipe stage's objective as a graph: observations and targets in, scalar `loss` out,
/// with the policy's parameters under their usual names.
///
/// ```swift
/// let loss = try LossGraph(spec, stage: 0, batch: 64)
/// let training = try loss.trainingGraph()   // + outputs "grad.<parameter>"
/// ```
public struct LossGraph: Sendable {
    /// The name of the scalar output.
    public static let lossOutput = "loss"

    public let graph: Graph
    public let batch: Int
    /// The stage this loss belongs to.
    public let stage: Stage
    public let plan: StagePlan
    /// The observation inputs, in spec order.
    public let observations: [ObservationInput]
    /// The objective's requests: its inputs besides the observations, each filled per sample
    /// by its source (for `bc`: `target.action`, the demonstrated chunk).
    public let requests: [DataRequest]
    /// Observation inputs, encoders, head, then the objective (scope `objective`).
    public let components: [PolicyComponent]
    /// Parameters the training step moves toward others (the jepa objective's EMA target
    /// encoder), not trained by gradient.
    public let averages: [ParameterAverage]
    /// Parameters the objective keeps frozen whatever the stage's `train` lists.
    let frozen: [String]

    /// The loss of stage number `stage` of the recipe for `batch` samples.
    public init(_ spec: Spec, stage: Int, batch: Int) throws(LoweringError) {
        let stageSpec = spec.recipe.stages[stage]
        let objective = stageSpec.objective.base as! any ObjectiveLowering  // every objective kind conforms
        if batch > 1 { try BatchLimit.check(batch, perSample: try LossGraph(spec, stage: stage, batch: 1).graph) }
        let builder = GraphBuilder()
        let dataRequests = DataRequests(builder: builder, batch: batch)
        let lowering = try PolicyLowering(spec, builder: builder, batch: batch, carried: .demonstration(dataRequests))
        let context = ObjectiveContext(lowering, requests: dataRequests, plan: spec.stagePlans[stage])
        let loss = try objective.loss(context)
        builder.output(Self.lossOutput, loss)
        graph = try lowering.finish()
        self.batch = batch
        self.stage = stageSpec
        plan = spec.stagePlans[stage]
        let declared = Set(graph.inputs.map(\.name))
        observations = lowering.inputs.filter { declared.contains($0.name) }
        requests = context.requests
        averages = context.averages
        frozen = context.frozen
        components = PolicyComponent.all(of: spec)
            + [PolicyComponent(name: "objective", kind: "objective \(stageSpec.objective.kindName)", scope: "objective")]
    }

    /// The index of the stage called `name`.
    public static func stage(named name: String, in spec: Spec) throws(LoweringError) -> Int {
        guard let index = spec.recipe.stages.firstIndex(where: { $0.name == name }) else {
            throw LoweringError(.unknownStage(name, available: spec.recipe.stages.map(\.name)))
        }
        return index
    }

    /// The stage that trains the head: the first whose objective trains the head's own training
    /// family (uwm's diffusion stage, not its autoencoder's), else the first that trains the head,
    /// else the first.
    public static func headStage(of spec: Spec) -> Int {
        let family = spec.head.config.component.trainingFamily
        return spec.recipe.stages.firstIndex { type(of: $0.objective.component).trains == family }
            ?? spec.stagePlans.firstIndex { $0.trains.contains("head") } ?? 0
    }

    /// The parameters the stage trains: those of every component in its `train` list that the
    /// loss depends on differentiably (a part the objective reads frozen, behind a stop-gradient,
    /// is neither updated nor decayed), but those the objective freezes.
    public var trainedParameters: [String] {
        let prefixes = plan.trains.map { $0 == "head" ? "head." : "encoders.\($0)." }
        let differentiated = graph.parametersDifferentiating(Self.lossOutput)
        let frozen = Set(self.frozen)
        return graph.parameters.map(\.name).filter { name in
            differentiated.contains(name) && prefixes.contains { name.hasPrefix($0) } && !frozen.contains(name)
        }
    }

    /// The loss graph plus outputs `grad.<name>` for every trained parameter.
    public func trainingGraph() throws(LoweringError) -> Graph {
        do {
            return try graph.appendingGradients(of: Self.lossOutput, withRespectTo: trainedParameters)
        } catch {
            throw LoweringError(.graph(error))
        }
    }
}
