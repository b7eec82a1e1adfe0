/// A buffer slot of a `Program`, printed `$index`.
public struct SlotID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: SlotID, b: SlotID) -> Bool { a.index < b.index }
    public var description: String { "$\(index)" }
}

/// An executable description of a graph, the thing a `Backend` runs: a slot table (one
/// typed buffer per slot), the slots the caller fills (inputs, parameters) and reads
/// (outputs), and a flat schedule of kernel calls, each reading operand slots and writing one
/// result slot.
///
/// `Program(unplanned:)` is the plain form: one slot per graph value and one call per
/// computing node, in graph order. Passes that fuse kernels or plan memory (slots sharing one
/// arena at precomputed offsets) produce other programs of the same shape.
public struct Program: Hashable, Sendable {
    /// One buffer.
    public struct Slot: Hashable, Sendable {
        /// Shape and element type of what the slot holds.
        public var type: TensorType
        /// Size in bytes.
        public var byteCount: Int { type.shape.elementCount * type.dtype.byteSize }
    }

    /// One kernel execution: `result = op(operands...)`.
    public struct KernelCall: Hashable, Sendable {
        public var op: Op
        public var operands: [SlotID]
        public var result: SlotID
        /// The graph node this call computes (for error messages and statistics).
        public var node: ValueID
        /// The layer scope of that node.
        public var scope: String
    }

    /// A named slot the caller fills or reads.
    public struct Binding: Hashable, Sendable {
        public var name: String
        public var slot: SlotID
        public var type: TensorType
    }

    public var slots: [Slot]
    public var calls: [KernelCall]
    /// Run-time inputs, filled by the caller before each run.
    public var inputs: [Binding]
    /// Parameters, filled by the caller (by their PyTorch-style names).
    public var parameters: [Binding]
    /// Results, read after the run.
    public var outputs: [Binding]

    /// The unplanned program of `graph`: slot `i` holds value `%i`; inputs and parameters
    /// are bindings; every other node (constants and random numbers included) is a call.
    public init(unplanned graph: Graph) {
        slots = graph.nodes.map { Slot(type: $0.type) }
        calls = []
        inputs = []
        parameters = []
        for (index, node) in graph.nodes.enumerated() {
            switch node.op {
            case .input(let name, let type):
                inputs.append(Binding(name: name, slot: SlotID(index), type: type))
            case .parameter(let name, let type):
                parameters.append(Binding(name: name, slot: SlotID(index), type: type))
            default:
                calls.append(KernelCall(op: node.op, operands: node.inputs.map { SlotID($0.index) }, result: SlotID(index),
                                        node: ValueID(index), scope: node.scope))
            }
        }
        outputs = graph.outputs.map { Binding(name: $0.name, slot: SlotID($0.value.index), type: graph[$0.value].type) }
    }

    /// Total bytes of all slots.
    public var slotBytes: Int { slots.reduce(0) { $0 + $1.byteCount } }

    /// The program as text, one call per line (what `--emit program` prints):
    /// `$3 = matmul $0, $1 transposeB : f32[8,64]  @trunk.fc1`.
    public var text: String {
        var lines = ["slots \(slots.count), \(slotBytes) bytes; calls \(calls.count)"]
        for binding in inputs { lines.append("input \(binding.name) -> \(binding.slot) : \(binding.type)") }
        for binding in parameters { lines.append("parameter \(binding.name) -> \(binding.slot) : \(binding.type)") }
        for call in calls {
            var line = "\(call.result) = \(call.op.name)"
            if !call.operands.isEmpty { line += " " + call.operands.map(\.description).joined(separator: ", ") }
            let attributes = call.op.attributes
            if !attributes.isEmpty { line += " " + attributes }
            line += " : \(slots[call.result.index].type)"
            if !call.scope.isEmpty { line += "  @\(call.scope)" }
            lines.append(line)
        }
        for binding in outputs { lines.append("output \(binding.name) <- \(binding.slot) : \(binding.type)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
