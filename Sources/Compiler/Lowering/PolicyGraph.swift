import SpecLang

/// A spec's policy as a forward graph: observations in, action chunk out.
///
/// ```swift
/// let policy = try PolicyGraph(spec, batch: 8)
/// policy.graph.inputs        // the observations the policy reads (see ObservationInput)
/// policy.graph.outputs       // "action": f32 [8, chunk, action.dim]
/// policy.graph.initialParameters(seed: spec.recipe.seed)
/// ```
///
/// A denoising head unrolls its whole sampling loop into the graph; `noise` says where its
/// noise comes from (default: drawn from the recipe's seed). Kinds that are not lowered yet
/// throw a `LoweringError` naming the gap and where the spec uses the kind.
public struct PolicyGraph: Sendable {
    /// The name of the graph's output.
    public static let actionOutput = "action"

    public let graph: Graph
    public let batch: Int
    /// The observation inputs, in spec order.
    public let observations: [ObservationInput]
    /// The spec's observations that nothing reads (not inputs; `polspec check` warns, W0201).
    public let unreadObservations: [String]
    /// The components, in spec order: encoders then the head (see `PolicyComponent`).
    public let components: [PolicyComponent]

    public init(_ spec: Spec, batch: Int, noise: SamplingNoise? = nil) throws(LoweringError) {
        if batch > 1 { try BatchLimit.check(batch, perSample: try PolicyGraph(spec, batch: 1, noise: noise).graph) }
        let lowering = try PolicyLowering(spec, builder: GraphBuilder(), batch: batch)
        let ports = try lowering.ports()
        let action = try lowering.action(ports, noise: noise ?? .seeded(UInt64(spec.recipe.seed)))
        lowering.builder.output(Self.actionOutput, action)
        graph = try lowering.finish()
        self.batch = batch
        observations = lowering.inputs
        unreadObservations = spec.observations.map(\.name).filter { name in !lowering.inputs.contains { $0.name == name } }
        components = PolicyComponent.all(of: spec)
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
