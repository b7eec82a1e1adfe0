/// Per-component figures of a lowered graph, what `polspec build` prints.
///
/// Nodes and parameters are attributed to a component by their scope / name prefix
/// (`PolicyComponent.scope`); nodes outside every component (e.g. the seed of a gradient)
/// form a row `other`.
public struct GraphStatistics: Hashable, Sendable {
    /// One component's figures.
    public struct Row: Hashable, Sendable {
        public var name: String
        public var kind: String
        /// Parameter elements.
        public var parameters = 0
        /// FLOPs of one run of the graph (the whole batch), `Graph.flops(of:)` summed.
        public var flops = 0
        /// Bytes of every value the component computes (views and constants excluded): the
        /// activation memory when nothing is reused.
        public var activationBytes = 0
        /// Kernel calls of the unplanned program (one per computing node, views included).
        public var kernels = 0
        /// Kernel calls of the compiled program given to `init` (views not counted), by the
        /// scope of the call's node.
        public var fusedKernels = 0
    }

    /// One row per component, in order, then `other` when any node is unattributed.
    public let rows: [Row]
    /// The sum of all rows.
    public let total: Row
    /// Bytes of every buffer of the unplanned program: inputs, parameters, constants and
    /// every intermediate value in its own slot (the arena before memory planning).
    public let unplannedBytes: Int

    /// The figures of `graph`; with `program` (its compilation) also the fused kernels.
    public init(_ graph: Graph, components: [PolicyComponent], program: Program? = nil) {
        var rows = components.map { Row(name: $0.name, kind: $0.kind) }
        var other = Row(name: "other", kind: "unattributed")
        let owner = { (path: String) in components.firstIndex { $0.contains(path) } }
        for parameter in graph.parameters {
            if let index = owner(parameter.name) {
                rows[index].parameters += parameter.type.shape.elementCount
            } else {
                other.parameters += parameter.type.shape.elementCount
            }
        }
        for (index, node) in graph.nodes.enumerated() {
            if case .input = node.op { continue }
            if case .parameter = node.op { continue }
            let computes = !node.op.isView && node.op.kind != .source
            let update = { (row: inout Row) in
                row.kernels += 1
                row.flops += graph.flops(of: ValueID(index))
                if computes { row.activationBytes += node.type.shape.elementCount * node.type.dtype.byteSize }
            }
            if let owner = owner(node.scope) { update(&rows[owner]) } else { update(&other) }
        }
        if let program {
            for call in program.calls where !call.isView(in: program) && !call.invariant {
                if let owner = owner(call.scope) { rows[owner].fusedKernels += 1 } else { other.fusedKernels += 1 }
            }
        }
        if other != Row(name: "other", kind: "unattributed") { rows.append(other) }
        self.rows = rows
        total = rows.reduce(into: Row(name: "total", kind: "")) { sum, row in
            sum.parameters += row.parameters
            sum.flops += row.flops
            sum.activationBytes += row.activationBytes
            sum.kernels += row.kernels
            sum.fusedKernels += row.fusedKernels
        }
        unplannedBytes = Program(unplanned: graph).slotBytes
    }
}
