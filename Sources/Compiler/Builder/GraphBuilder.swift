/// Builds a `Graph` one op at a time. Layers, lowering code and autodiff all go through
/// `apply(_:_:)`, which infers each node's type with `Op.inferType`.
///
/// A mistake (operands that do not fit, a parameter declared twice, a layer asked for
/// impossible sizes) does not stop the build: it is recorded with the node and its layer
/// scope, later nodes that depend on it are not checked again (no cascades), and `finish()`
/// throws every recorded issue at once.
///
/// ```swift
/// let b = GraphBuilder()
/// let x = b.input("state", [8, 39])
/// let fc = Linear(b.root.child("trunk.fc1"), inFeatures: 39, outFeatures: 64)
/// b.output("hidden", gelu(fc(x)))
/// let graph = try b.finish()
/// ```
public final class GraphBuilder {
    /// The nodes made so far, in order.
    public private(set) var nodes: [Node] = []
    public private(set) var outputs: [GraphOutput] = []
    public private(set) var initializers: [String: Initializer] = [:]
    /// Issues recorded so far (empty when everything fit).
    public private(set) var issues: [GraphError.Issue] = []
    /// The layer scope new nodes are recorded in (see `Scope.enter`).
    public private(set) var currentScope: String = ""
    private var poisoned: Set<Int> = []
    private var inputNames: [String: ValueID] = [:]
    private var parameterNames: [String: ValueID] = [:]
    /// Inside `sharingParameters`: a declared name gives the existing parameter back.
    private var sharing = false

    /// An empty builder.
    public init() {}

    /// A builder that continues `graph`: its nodes, outputs and initialisers are kept, and
    /// new nodes (e.g. gradients) are appended.
    public init(extending graph: Graph) {
        nodes = graph.nodes
        outputs = graph.outputs
        initializers = graph.initializers
        for input in graph.inputs { inputNames[input.name] = input.value }
        for parameter in graph.parameters { parameterNames[parameter.name] = parameter.value }
    }

    /// The top-level scope, for naming parameters.
    public var root: Scope { Scope(builder: self, path: "") }

    /// A handle on an existing value.
    public func tensor(_ value: ValueID) -> Tensor {
        Tensor(builder: self, id: value, type: nodes[value.index].type)
    }

    /// Appends `op` applied to `operands` and returns its value. If the operands do not fit
    /// the op, records an issue and returns a value that `finish()` will refuse.
    @discardableResult
    public func apply(_ op: Op, _ operands: [Tensor]) -> Tensor {
        precondition(operands.allSatisfy { $0.builder === self }, "operands belong to another GraphBuilder")
        let ids = operands.map(\.id)
        var type: TensorType
        var failed = ids.contains { poisoned.contains($0.index) }
        do {
            type = try op.inferType(operands.map(\.type))
        } catch {
            type = GraphBuilder.fallbackType(op, operands)
            if !failed {
                issues.append(.init(node: ValueID(nodes.count), op: op.name, scope: currentScope, message: error.message))
            }
            failed = true
        }
        if failed { poisoned.insert(nodes.count) }
        nodes.append(Node(op: op, inputs: ids, type: type, scope: currentScope))
        return Tensor(builder: self, id: ValueID(nodes.count - 1), type: type)
    }

    /// Appends `node` as it is (its type already known, its operands values of this builder);
    /// for rewrites of a verified graph.
    func append(_ node: Node) -> ValueID {
        nodes.append(node)
        return ValueID(nodes.count - 1)
    }

    /// Records an issue found by layer code (e.g. a head count that does not divide the width).
    public func report(_ message: String) {
        issues.append(.init(node: nil, op: "", scope: currentScope, message: message))
    }

    /// Runs `body` with new nodes recorded in `scope` (an absolute, dot-separated path).
    public func withScope<T>(_ scope: String, _ body: () throws -> T) rethrows -> T {
        let saved = currentScope
        currentScope = scope
        defer { currentScope = saved }
        return try body()
    }

    // MARK: Sources

    /// A run-time input. Asking again for the same name with the same type returns the same
    /// value; a different type is an issue.
    public func input(_ name: String, _ shape: Shape, dtype: DType = .f32) -> Tensor {
        if let existing = inputNames[name] {
            let tensor = self.tensor(existing)
            if tensor.type != TensorType(shape, dtype) {
                report("input \"\(name)\" was declared as \(tensor.type), now asked for as \(TensorType(shape, dtype))")
            }
            return tensor
        }
        let tensor = apply(.input(name: name, type: TensorType(shape, dtype)), [])
        inputNames[name] = tensor.id
        return tensor
    }

    /// A parameter with its full name (usually made through `Scope.parameter`).
    public func parameter(_ name: String, _ shape: Shape, initializer: Initializer) -> Tensor {
        if sharing, let existing = parameterNames[name] {
            let tensor = self.tensor(existing)
            if tensor.shape != shape { report("parameter \"\(name)\" was declared as \(tensor.shape), now asked for as \(shape)") }
            return tensor
        }
        if initializers[name] != nil { report("parameter \"\(name)\" is declared twice") }
        initializers[name] = initializer
        let tensor = apply(.parameter(name: name, type: TensorType(shape)), [])
        parameterNames[name] = tensor.id
        return tensor
    }

    /// Runs `body` with parameters shared by name: a layer declared again inside it (the same
    /// encoder lowered on other inputs, such as past steps) gets the parameters declared before,
    /// and new names are declared as usual.
    public func sharingParameters<T>(_ body: () throws -> T) rethrows -> T {
        let saved = sharing
        sharing = true
        defer { sharing = saved }
        return try body()
    }

    /// Replaces the initialiser of the declared parameter `name` (see `overrideInitializers`).
    public func setInitializer(_ initializer: Initializer, forParameter name: String) {
        guard initializers[name] != nil else {
            report("cannot set the initialiser of undeclared parameter \"\(name)\"")
            return
        }
        initializers[name] = initializer
    }

    /// A constant with every element `value` (default: a scalar, which broadcasts).
    public func constant(_ value: Double, shape: Shape = .scalar, dtype: DType = .f32) -> Tensor {
        if dtype == .i32 && Int32(exactly: value) == nil {
            report("i32 constant \(value) is not an integer in the i32 range")
        }
        return apply(.constant(.fill(value, TensorType(shape, dtype))), [])
    }

    /// A constant with explicit values.
    public func constant(_ tensor: HostTensor) -> Tensor {
        apply(.constant(.tensor(tensor)), [])
    }

    /// Seeded random numbers; `counter` (an i32 scalar, e.g. the step) selects a fresh stream.
    public func random(_ distribution: RandomDistribution, shape: Shape, seed: UInt64, counter: Tensor? = nil) -> Tensor {
        apply(.random(distribution, seed: seed, shape: shape), counter.map { [$0] } ?? [])
    }

    // MARK: Results

    /// Names `tensor` as a graph output.
    public func output(_ name: String, _ tensor: Tensor) {
        if outputs.contains(where: { $0.name == name }) { report("output \"\(name)\" is declared twice") }
        outputs.append(GraphOutput(name: name, value: tensor.id))
    }

    /// The finished, verified graph, or every issue recorded while building.
    public func finish() throws(GraphError) -> Graph {
        if !issues.isEmpty { throw GraphError(issues: issues) }
        return try Graph(nodes: nodes, outputs: outputs, initializers: initializers)
    }

    /// A stand-in type for a node that failed inference, so building can go on.
    private static func fallbackType(_ op: Op, _ operands: [Tensor]) -> TensorType {
        switch op {
        case .input(_, let type), .parameter(_, let type): return type
        case .constant(let constant): return constant.type
        case .random(_, _, let shape), .reshape(let shape), .broadcast(let shape): return TensorType(shape)
        default: return operands.first?.type ?? TensorType(.scalar)
        }
    }
}
