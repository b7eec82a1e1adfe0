/// A graph-to-graph optimisation (constant folding, algebraic simplification, CSE, DCE).
/// A pass keeps the graph's meaning: the same inputs, parameters and named outputs, each
/// output with the same type and (up to float rounding) the same values.
public protocol GraphPass: Sendable {
    /// Short name for reports (`fold`, `simplify`, `cse`, `dce`).
    var name: String { get }
    func run(_ graph: Graph) throws(GraphError) -> Graph
}

/// Builds a new graph from an old one node by node: each old value maps to a value of the new
/// graph (a copy of the node, a replacement, or an existing new value). Parameters keep their
/// initialisers; outputs are remapped at the end.
struct GraphRewriter {
    let source: Graph
    private(set) var nodes: [Node] = []
    /// New value of every old value handled so far.
    private(set) var mapped: [ValueID] = []

    init(_ source: Graph) {
        self.source = source
        nodes.reserveCapacity(source.nodes.count)
        mapped.reserveCapacity(source.nodes.count)
    }

    /// The new node defining `value`.
    subscript(value: ValueID) -> Node { nodes[value.index] }

    /// Appends a node (its type inferred from the new operands) and returns its value.
    mutating func append(_ op: Op, _ inputs: [ValueID], scope: String) -> ValueID {
        let type = (try? op.inferType(inputs.map { nodes[$0.index].type })) ?? TensorType(.scalar)
        nodes.append(Node(op: op, inputs: inputs, type: type, scope: scope))
        return ValueID(nodes.count - 1)
    }

    /// Appends a node with a known type.
    mutating func append(_ node: Node) -> ValueID {
        nodes.append(node)
        return ValueID(nodes.count - 1)
    }

    /// Records the new value of the next old node.
    mutating func map(_ value: ValueID) { mapped.append(value) }

    /// The old node's operands as new values.
    func operands(of node: Node) -> [ValueID] { node.inputs.map { mapped[$0.index] } }

    /// The finished graph (verified): outputs remapped, initialisers of surviving parameters.
    func finish() throws(GraphError) -> Graph {
        var initializers: [String: Initializer] = [:]
        for node in nodes {
            if case .parameter(let name, _) = node.op { initializers[name] = source.initializers[name] }
        }
        let outputs = source.outputs.map { GraphOutput(name: $0.name, value: mapped[$0.value.index]) }
        return try Graph(nodes: nodes, outputs: outputs, initializers: initializers)
    }
}
