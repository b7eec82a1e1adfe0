/// What `compile(_:options:)` does.
public struct CompileOptions: Hashable, Sendable {
    /// Run constant folding, algebraic simplification, CSE and DCE before fusion.
    public var simplify: Bool
    /// Group nodes into fused kernels (else one kernel per node).
    public var fuse: Bool
    /// Replace composites (layer norm, softmax, GELU, attention, ...) by their lowering to
    /// primitives before anything else: the graph as it is without any fusion.
    public var lowerComposites: Bool
    /// Share arena bytes between buffers whose lifetimes do not overlap, write in place and
    /// make reshapes views (else every slot has its own bytes).
    public var plan: Bool
    /// Keep transposed copies of the weights that products read transposed, made when the
    /// weights are set (`WeightTransposition`: the layout half of planning).
    public var transposeWeights: Bool
    /// Compute what depends only on parameters and constants when the parameters are set, not
    /// on every run (`InvariantHoisting`), after splitting products of concatenations whose
    /// invariant or shared parts can then be computed once (`ConcatProductSplitting`).
    public var hoistInvariants: Bool
    /// Outputs that replace bindings after every run (an optimiser's new weights/moments).
    public var stateUpdates: [Program.StateUpdate]

    public init(simplify: Bool = true, fuse: Bool = true, plan: Bool = true, lowerComposites: Bool = false,
                transposeWeights: Bool? = nil, hoistInvariants: Bool? = nil, stateUpdates: [Program.StateUpdate] = []) {
        self.simplify = simplify
        self.fuse = fuse
        self.lowerComposites = lowerComposites
        self.plan = plan
        self.transposeWeights = transposeWeights ?? plan
        self.hoistInvariants = hoistInvariants ?? plan
        self.stateUpdates = stateUpdates
    }

    /// Everything on.
    public static let optimized = CompileOptions()
    /// The passes over the graph, but one kernel per node (composites kept as one kernel
    /// each), no buffer sharing, weights read as stored, nothing hoisted.
    public static let unfused = CompileOptions(fuse: false, plan: false)
    /// No fusion at all: composites lowered to primitives, one kernel per primitive, no
    /// buffer sharing, weights read as stored, nothing hoisted (the graph passes still run).
    public static let primitives = CompileOptions(fuse: false, plan: false, lowerComposites: true)
}

/// What compilation did, for `polspec build` and `polspec perf`.
public struct CompileReport: Hashable, Sendable {
    /// The node count after one graph pass.
    public struct PassResult: Hashable, Sendable {
        public var pass: String
        public var nodes: Int
    }

    /// Node count after each graph pass, starting with `input`.
    public var nodeCounts: [PassResult]
    /// Kernels one per computing node (what runs without fusion).
    public var kernelsBeforeFusion: Int
    /// Kernels of the final program that run on every call (views and invariant calls not
    /// counted).
    public var kernelsAfterFusion: Int
    /// Invariant calls (weight copies, products of parameters and constants), run only when
    /// the weights are set.
    public var invariantKernels: Int
    /// Arena bytes of the invariant calls' results.
    public var invariantBytes: Int
    /// The invariant calls that are transposed weight copies (`WeightTransposition`).
    public var weightCopies: Int
    /// Bytes of all slots, each on its own (what runs without planning).
    public var unplannedBytes: Int
    /// Arena bytes of the final program.
    public var arenaBytes: Int
}

/// The result of `compile(_:options:)`.
public struct Compilation: Sendable {
    /// The graph after the graph passes (what fusion saw).
    public var graph: Graph
    public var program: Program
    public var report: CompileReport
}

/// The graph passes in the order `compile` runs them: folding and simplification feed each
/// other and CSE, so they repeat until the graph stops shrinking (at most four rounds); DCE
/// then drops what nothing reads.
public let standardPasses: [any GraphPass] = [ConstantFolding(), AlgebraicSimplification(), CommonSubexpressionElimination()]

/// Compiles a graph to a program: shape verification (every pass's result is a verified
/// `Graph`), the graph passes, fusion and memory planning (docs/compiler.md).
public func compile(_ graph: Graph, options: CompileOptions = .optimized) throws(GraphError) -> Compilation {
    try Graph.verify(nodes: graph.nodes, outputs: graph.outputs, initializers: graph.initializers)
    try validate(options.stateUpdates, graph)
    var current = options.lowerComposites ? try graph.loweringComposites() : graph
    var counts = [CompileReport.PassResult(pass: "input", nodes: graph.nodes.count)]
    if options.simplify {
        let written = Set(options.stateUpdates.map(\.binding))
        let passes = standardPasses + (options.hoistInvariants ? [ConcatProductSplitting(writtenParameters: written)] : [])
        for _ in 0..<4 {
            let before = current.nodes.count
            for pass in passes {
                current = try pass.run(current)
                counts.append(.init(pass: pass.name, nodes: current.nodes.count))
            }
            current = try DeadCodeElimination().run(current)
            counts.append(.init(pass: "dce", nodes: current.nodes.count))
            if current.nodes.count == before { break }
        }
    }
    let unfused = Program(unplanned: current)
    var program = options.fuse ? Fusion().program(current) : unfused
    let callsBeforeCopies = program.calls.count
    if options.transposeWeights { program = WeightTransposition().apply(program, stateUpdates: options.stateUpdates) }
    let weightCopies = program.calls.count - callsBeforeCopies
    if options.hoistInvariants { program = InvariantHoisting().apply(program, stateUpdates: options.stateUpdates) }
    program = options.plan ? MemoryPlanner().plan(program, stateUpdates: options.stateUpdates) : program
    if !options.plan { program.stateUpdates = options.stateUpdates }
    let report = CompileReport(nodeCounts: counts, kernelsBeforeFusion: unfused.calls.count,
                               kernelsAfterFusion: program.calls.filter { !$0.isView(in: program) && !$0.invariant }.count,
                               invariantKernels: program.calls.filter(\.invariant).count,
                               invariantBytes: program.calls.filter(\.invariant).reduce(0) { $0 + Program.aligned(program.slots[$1.result.index].byteCount) },
                               weightCopies: weightCopies,
                               unplannedBytes: unfused.arenaBytes, arenaBytes: program.arenaBytes)
    return Compilation(graph: current, program: program, report: report)
}

/// Each state update names an output and an input or parameter of the same type.
private func validate(_ updates: [Program.StateUpdate], _ graph: Graph) throws(GraphError) {
    var issues: [GraphError.Issue] = []
    var bindings: [String: TensorType] = [:]
    for input in graph.inputs { bindings[input.name] = input.type }
    for parameter in graph.parameters { bindings[parameter.name] = parameter.type }
    for update in updates {
        guard let output = graph.output(named: update.output) else {
            issues.append(.init(node: nil, op: "", scope: "", message: "state update from unknown output \"\(update.output)\""))
            continue
        }
        guard let type = bindings[update.binding] else {
            issues.append(.init(node: nil, op: "", scope: "", message: "state update of unknown input or parameter \"\(update.binding)\""))
            continue
        }
        if graph[output].type != type {
            issues.append(.init(node: nil, op: "", scope: "", message: "state update \"\(update.output)\" is \(graph[output].type), but \"\(update.binding)\" is \(type)"))
        }
    }
    if !issues.isEmpty { throw GraphError(issues: issues) }
}
