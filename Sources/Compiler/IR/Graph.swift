/// A DAG of ops over tensors with static shapes: SSA values in a topologically ordered node
/// array (node `i` reads only values `< i`), plus named outputs and the initialiser of every
/// parameter. Build one with `GraphBuilder`; a `Graph` value is always verified.
public struct Graph: Hashable, Sendable {
    /// The nodes; `ValueID(i)` is the output of `nodes[i]`.
    public let nodes: [Node]
    /// Named results, in declaration order.
    public let outputs: [GraphOutput]
    /// How each parameter is initialised, by parameter name.
    public let initializers: [String: Initializer]

    /// Creates a graph after checking it with `Graph.verify` (ordering, operand types,
    /// unique names, an initialiser for every parameter).
    public init(nodes: [Node], outputs: [GraphOutput], initializers: [String: Initializer]) throws(GraphError) {
        try Graph.verify(nodes: nodes, outputs: outputs, initializers: initializers)
        self.nodes = nodes
        self.outputs = outputs
        self.initializers = initializers
    }

    /// The node defining `value`.
    public subscript(value: ValueID) -> Node { nodes[value.index] }

    /// The value of the output called `name`, if any.
    public func output(named name: String) -> ValueID? {
        outputs.first { $0.name == name }?.value
    }

    /// Parameters in definition order.
    public var parameters: [ParameterInfo] {
        nodes.indices.compactMap { index in
            guard case .parameter(let name, let type) = nodes[index].op else { return nil }
            return ParameterInfo(name: name, value: ValueID(index), type: type, initializer: initializers[name] ?? .zeros)
        }
    }

    /// Run-time inputs in definition order.
    public var inputs: [InputInfo] {
        nodes.indices.compactMap { index in
            guard case .input(let name, let type) = nodes[index].op else { return nil }
            return InputInfo(name: name, value: ValueID(index), type: type)
        }
    }

    /// Total number of parameter elements.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.type.shape.elementCount } }
}

/// A parameter of a graph: its name, value, type and initialiser.
public struct ParameterInfo: Hashable, Sendable {
    public var name: String
    public var value: ValueID
    public var type: TensorType
    public var initializer: Initializer
}

/// A run-time input of a graph.
public struct InputInfo: Hashable, Sendable {
    public var name: String
    public var value: ValueID
    public var type: TensorType
}
