import Compiler
import SpecLang

/// A spec's policy as a forward graph: observations in, action chunk out.
///
/// ```swift
/// let policy = try PolicyGraph(spec, batch: 8)
/// policy.graph.inputs        // the observations the policy reads (see ObservationInput)
/// policy.graph.outputs       // "action": f32 [8, chunk, action.dim] (+ "diagnostic.<name>" [8])
/// policy.graph.initialParameters(seed: spec.recipe.seed)
/// ```
///
/// A denoising head unrolls its whole sampling loop into the graph; `noise` says where its
/// noise comes from (default: drawn from the recipe's seed). A spec with pieces that do not
/// lower throws a `LoweringError` listing every one of them (``LoweringSupport``).
public struct PolicyGraph: Sendable {
    /// The name of the graph's output.
    public static let actionOutput = "action"
    /// The prefix of the outputs that report on each row's chunk (``diagnostics``).
    public static let diagnosticPrefix = "diagnostic."

    public let graph: Graph
    public let batch: Int
    /// The observation inputs, in spec order.
    public let observations: [ObservationInput]
    /// The spec's observations that nothing reads (not inputs; `polspec check` warns, W0201).
    public let unreadObservations: [String]
    /// The components, in spec order: encoders then the head (see `PolicyComponent`).
    public let components: [PolicyComponent]

    /// What the head's inference reports about each row's chunk, by name: each is the f32
    /// output `diagnostic.<name>` `[batch]` (the `ebt` head's `descent_steps` and `energy`;
    /// empty for most heads).
    public let diagnostics: [String]

    /// The random draws the policy's inputs take (with noise `.fed`: the head's sampler noise,
    /// one ``DataRequest`` of source `normal` per draw; empty otherwise).
    public let requests: [DataRequest]
    /// The state the policy carries from call to call within an episode (HAMLET's window of
    /// summaries): inputs the caller feeds back from the previous call's outputs, with
    /// ``CarriedState/firstCallInput`` set on a row whose episode starts. Empty for most specs.
    public let carriedStates: [CarriedState]

    /// The observation inputs of `spec`'s policy at batch 1 (``observations`` without lowering
    /// the graph).
    public static func observations(of spec: Spec) -> [ObservationInput] { PolicyLowering.inputs(of: spec, batch: 1) }

    /// The inputs a query other than the policy reads are named `given.<name>`.
    public static let givenPrefix = "given."

    /// The policy of `spec` at `batch` rows; `noise` says where the head's inference draws come
    /// from (default: in the graph, from the recipe's seed). `mode` asks the head another
    /// inference query (UWM's `forward_dynamics`, `inverse_dynamics`, `video`): its outputs
    /// (`action`, `future.<observation>`) replace the policy's, and what it is given is an input
    /// `given.<name>`.
    public init(_ spec: Spec, batch: Int, noise: SamplingNoise? = nil, mode: String? = nil) throws(LoweringError) {
        if batch > 1 { try BatchLimit.check(batch, perSample: try PolicyGraph(spec, batch: 1, noise: noise, mode: mode).graph) }
        let lowering = try PolicyLowering(spec, builder: GraphBuilder(), batch: batch)
        let head = spec.head.config.base as! any HeadLowering
        if let mode, mode != "policy", !head.inferenceModes.contains(mode) {
            throw LoweringError(.unknownMode(mode, head: spec.head.config.kindName, available: head.inferenceModes))
        }
        let model = lowering.headModel(lowering.ports())
        let draws = NoiseDraws(noise ?? .seeded(UInt64(spec.recipe.seed)), builder: lowering.builder)
        let builder = lowering.builder
        var diagnosticNames: [String] = []
        if let mode, mode != "policy", let querying = model as? QueryingModel {
            let outputs = builder.withScope("head") {
                querying.answer(mode, noise: draws) { name, shape in builder.input(Self.givenPrefix + name, Shape([batch] + shape)) }
            }
            for name in outputs.keys.sorted() { builder.output(name, outputs[name]!) }
        } else {
            let inference = builder.withScope("head") { model.infer(noise: draws) }
            builder.output(Self.actionOutput, inference.action)
            for (name, value) in inference.diagnostics { builder.output(Self.diagnosticPrefix + name, value) }
            diagnosticNames = inference.diagnostics.map(\.name)
        }
        graph = try lowering.finish()
        self.batch = batch
        observations = lowering.inputs
        unreadObservations = spec.observations.map(\.name).filter { name in !lowering.inputs.contains { $0.name == name } }
        components = PolicyComponent.all(of: spec)
        requests = draws.requests
        diagnostics = diagnosticNames
        carriedStates = lowering.carried.states
    }
}

/// One component of a lowered spec and the scope its nodes and parameters live under.
public struct PolicyComponent: Hashable, Sendable {
    /// The spec's name for it (`trunk`), `head`, or `observation` for the inputs.
    public let name: String
    /// `encoder mlp`, `head mlp`, `inputs`.
    public let kind: String
    /// The node scope and parameter prefix: `encoders.trunk`, `head`, `observation`.
    public let scope: String

    public init(name: String, kind: String, scope: String) {
        self.name = name
        self.kind = kind
        self.scope = scope
    }

    /// True when a node or parameter path lies in this component.
    public func contains(_ path: String) -> Bool {
        path == scope || path.hasPrefix(scope + ".")
    }

    /// The observation inputs, every encoder, and the head, in spec order.
    static func all(of spec: Spec) -> [PolicyComponent] {
        [PolicyComponent(name: "observation", kind: "inputs", scope: "observation")]
            + spec.encoders.map { PolicyComponent(name: $0.name, kind: "encoder \($0.config.kindName)", scope: "encoders.\($0.name)") }
            + [PolicyComponent(name: "head", kind: "head \(spec.head.config.kindName)", scope: "head")]
    }
}
