/// A graph-to-graph optimisation (constant folding, algebraic simplification, CSE, DCE).
/// A pass keeps the graph's meaning: the same inputs, parameters and named outputs, each
/// output with the same type and (up to float rounding) the same values.
public protocol GraphPass: Sendable {
    /// Short name for reports (`fold`, `simplify`, `cse`, `dce`).
    var name: String { get }
    func run(_ graph: Graph) throws(GraphError) -> Graph
}

/// Builds a new graph from an old one node by node, through a `GraphBuilder` (the one engine
/// every rewrite goes through: the passes at the level of values, `Graph.rebuilt` at the level
/// of tensors). Each old value maps to a value of the new graph (a copy of the node, a
/// replacement, or an existing new value). Parameters keep their initialisers; outputs are
/// remapped at the end.
struct GraphRewriter {
    let source: Graph
    let builder = GraphBuilder()
    /// New value of every old value handled so far.
    private(set) var mapped: [ValueID] = []

    init(_ source: Graph) {
        self.source = source
        mapped.reserveCapacity(source.nodes.count)
    }

    /// The new node defining `value`.
    subscript(value: ValueID) -> Node { builder.nodes[value.index] }

    /// Appends a node (its type inferred from the new operands) and returns its value.
    func append(_ op: Op, _ inputs: [ValueID], scope: String) -> ValueID {
        builder.withScope(scope) { builder.apply(op, inputs.map(builder.tensor)) }.id
    }

    /// Appends a node with a known type (sources keep their names and initialisers).
    func append(_ node: Node) -> ValueID {
        builder.withScope(node.scope) { () -> ValueID in
            switch node.op {
            case .input(let name, let type):
                return builder.input(name, type.shape, dtype: type.dtype).id
            case .parameter(let name, let type):
                return builder.parameter(name, type.shape, initializer: source.initializers[name] ?? .zeros).id
            default:
                return builder.append(node)
            }
        }
    }

    /// Records the new value of the next old node.
    mutating func map(_ value: ValueID) { mapped.append(value) }

    /// The old node's operands as new values.
    func operands(of node: Node) -> [ValueID] { node.inputs.map { mapped[$0.index] } }

    /// The finished graph (verified), outputs remapped.
    func finish() throws(GraphError) -> Graph {
        for output in source.outputs { builder.output(output.name, builder.tensor(mapped[output.value.index])) }
        return try builder.finish()
    }
}
