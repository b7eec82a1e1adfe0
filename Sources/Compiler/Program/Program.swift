/// A buffer slot of a `Program`, printed `$index`.
public struct SlotID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: SlotID, b: SlotID) -> Bool { a.index < b.index }
    public var description: String { "$\(index)" }
}

/// An executable description of a graph, the thing a `Backend` runs: a slot table (one
/// typed buffer per slot, placed at a byte offset of one arena), the slots the caller fills
/// (inputs, parameters) and reads (outputs), and a flat schedule of kernel calls, each reading
/// operand slots and writing one result slot.
///
/// `Program(unplanned:)` is the plain form: one slot per graph value, each at its own offset,
/// and one single-op call per computing node, in graph order. `compile(_:options:)` produces
/// optimised programs of the same shape: fused kernels, and slots that share arena bytes when
/// their lifetimes do not overlap (docs/compiler.md).
public struct Program: Hashable, Sendable {
    /// One buffer.
    public struct Slot: Hashable, Sendable {
        /// Shape and element type of what the slot holds.
        public var type: TensorType
        /// Byte offset of the slot in the program's arena (64-byte aligned).
        public var offset: Int
        /// True when no other slot's bytes overlap this slot's, apart from views of the same
        /// value: inputs, parameters and constants keep their values from run to run.
        public var isExclusive: Bool

        public init(type: TensorType, offset: Int, isExclusive: Bool) {
            self.type = type
            self.offset = offset
            self.isExclusive = isExclusive
        }

        /// Size in bytes.
        public var byteCount: Int { type.shape.elementCount * type.dtype.byteSize }
    }

    /// One kernel execution: `result = kernel(operands...)`.
    public struct KernelCall: Hashable, Sendable {
        public var kernel: Kernel
        public var operands: [SlotID]
        public var result: SlotID
        /// The graph node this call computes (the root of a fused kernel), for error messages
        /// and statistics.
        public var node: ValueID
        /// The layer scope of that node.
        public var scope: String
        /// Why the call stands alone or was fused (empty in unplanned programs).
        public var note: String
        /// True when the call reads only parameters that no state update writes: its result
        /// stays the same from run to run until a parameter is set again, so a backend may run
        /// it only then (the weight copies of `WeightTransposition`). Such calls come first in
        /// the schedule and their results keep their own bytes.
        public var invariant: Bool

        public init(kernel: Kernel, operands: [SlotID], result: SlotID, node: ValueID, scope: String, note: String = "",
                    invariant: Bool = false) {
            self.kernel = kernel
            self.operands = operands
            self.result = result
            self.node = node
            self.scope = scope
            self.note = note
            self.invariant = invariant
        }
    }

    /// A named slot the caller fills or reads.
    public struct Binding: Hashable, Sendable {
        public var name: String
        public var slot: SlotID
        public var type: TensorType
    }

    /// After each run, the input or parameter `binding` takes the value of the output
    /// `output` (an optimiser's new weights and moments). A backend copies the value unless
    /// the planner already placed the output on the binding's bytes.
    public struct StateUpdate: Hashable, Sendable {
        public var output: String
        public var binding: String

        public init(output: String, binding: String) {
            self.output = output
            self.binding = binding
        }
    }

    public var slots: [Slot]
    public var calls: [KernelCall]
    /// Run-time inputs, filled by the caller before each run.
    public var inputs: [Binding]
    /// Parameters, filled by the caller (by their PyTorch-style names).
    public var parameters: [Binding]
    /// Results, read after the run.
    public var outputs: [Binding]
    /// Bindings overwritten by outputs after each run.
    public var stateUpdates: [StateUpdate]
    /// Bytes of the arena every slot lives in.
    public var arenaBytes: Int

    public init(slots: [Slot], calls: [KernelCall], inputs: [Binding], parameters: [Binding], outputs: [Binding],
                stateUpdates: [StateUpdate] = [], arenaBytes: Int) {
        self.slots = slots
        self.calls = calls
        self.inputs = inputs
        self.parameters = parameters
        self.outputs = outputs
        self.stateUpdates = stateUpdates
        self.arenaBytes = arenaBytes
    }

    /// The unplanned program of `graph`: slot `i` holds value `%i` at its own offset; inputs
    /// and parameters are bindings; every other node (constants and random numbers included)
    /// is a single-op call.
    public init(unplanned graph: Graph) {
        var calls: [KernelCall] = []
        var inputs: [Binding] = []
        var parameters: [Binding] = []
        for (index, node) in graph.nodes.enumerated() {
            switch node.op {
            case .input(let name, let type):
                inputs.append(Binding(name: name, slot: SlotID(index), type: type))
            case .parameter(let name, let type):
                parameters.append(Binding(name: name, slot: SlotID(index), type: type))
            default:
                calls.append(KernelCall(kernel: .op(node.op), operands: node.inputs.map { SlotID($0.index) },
                                        result: SlotID(index), node: ValueID(index), scope: node.scope))
            }
        }
        let (slots, arenaBytes) = Program.separateSlots(graph.nodes.map(\.type))
        self.init(slots: slots, calls: calls, inputs: inputs, parameters: parameters,
                  outputs: graph.outputs.map { Binding(name: $0.name, slot: SlotID($0.value.index), type: graph[$0.value].type) },
                  arenaBytes: arenaBytes)
    }

    /// Slots of the given types, each at its own aligned offset (no sharing), and the arena size.
    static func separateSlots(_ types: [TensorType]) -> (slots: [Slot], arenaBytes: Int) {
        var offset = 0
        let slots = types.map { type -> Slot in
            let slot = Slot(type: type, offset: offset, isExclusive: true)
            offset += Program.aligned(slot.byteCount)
            return slot
        }
        return (slots, offset)
    }

    /// Alignment of every slot offset in the arena (a cache line; enough for any SIMD load).
    public static let alignment = 64

    /// `bytes` rounded up to `alignment`.
    public static func aligned(_ bytes: Int) -> Int { (bytes + alignment - 1) / alignment * alignment }

    /// Total bytes of all slots (what the program would need without sharing).
    public var slotBytes: Int { slots.reduce(0) { $0 + $1.byteCount } }

    /// The binding of the output called `name`, if any.
    public func output(named name: String) -> Binding? { outputs.first { $0.name == name } }
}
