/// An SSA value: the output of the node at `index` in `Graph.nodes`. Printed `%index`.
public struct ValueID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: ValueID, b: ValueID) -> Bool { a.index < b.index }
    public var description: String { "%\(index)" }
}

/// One node of the graph: an op applied to earlier values, producing one value.
public struct Node: Hashable, Sendable {
    public var op: Op
    /// Operands, each defined by an earlier node.
    public var inputs: [ValueID]
    /// Shape and dtype of the output (`op.inferType` of the operands' types).
    public var type: TensorType
    /// The layer scope the node was built in (`encoders.vision.blocks.2.attn`), for per-component
    /// statistics and error messages; empty at the top level.
    public var scope: String

    public init(op: Op, inputs: [ValueID], type: TensorType, scope: String = "") {
        self.op = op
        self.inputs = inputs
        self.type = type
        self.scope = scope
    }
}

/// A named graph result (`action`, `loss`, `grad.head.fc1.weight`).
public struct GraphOutput: Hashable, Sendable {
    public var name: String
    public var value: ValueID
    public init(name: String, value: ValueID) {
        self.name = name
        self.value = value
    }
}
