import Compiler
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
        /// Kernel calls of the compiled program given to `init` (views and invariant calls not
        /// counted), by the scope of the call's node.
        public var fusedKernels = 0
        /// Bytes of the compiled program's arena this component owns: every region of
        /// overlapping slots belongs to whoever fills it first (a parameter or input by its
        /// name or scope, else the first call writing it, by its scope). The rows sum to the
        /// arena less the alignment gaps the planner leaves between regions.
        public var arenaBytes = 0
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
            let inputScopes = Dictionary(graph.nodes.compactMap { node -> (String, String)? in
                if case .input(let name, _) = node.op { return (name, node.scope) } else { return nil }
            }, uniquingKeysWith: { first, _ in first })
            for region in Self.arenaRegions(program, inputScopes: inputScopes) {
                if let owner = owner(region.path) { rows[owner].arenaBytes += region.bytes } else { other.arenaBytes += region.bytes }
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
            sum.arenaBytes += row.arenaBytes
        }
        unplannedBytes = Program(unplanned: graph).slotBytes
    }

    /// The arena as regions of overlapping slots, each with its bytes and the path (parameter
    /// name, input scope or call scope) of whoever fills it first.
    static func arenaRegions(_ program: Program, inputScopes: [String: String]) -> [(bytes: Int, path: String)] {
        // Who fills each slot, earliest first: bindings (before the first call), then calls.
        var filler: [Int: (order: Int, path: String)] = [:]
        for binding in program.inputs { filler[binding.slot.index] = (-2, inputScopes[binding.name] ?? binding.name) }
        for binding in program.parameters { filler[binding.slot.index] = (-1, binding.name) }
        for (index, call) in program.calls.enumerated() where filler[call.result.index] == nil {
            filler[call.result.index] = (index, call.scope)
        }
        let slots = program.slots.indices.filter { program.slots[$0].byteCount > 0 }
            .sorted { program.slots[$0].offset < program.slots[$1].offset }
        var regions: [(bytes: Int, path: String)] = []
        var current: (start: Int, end: Int, first: (order: Int, path: String))?
        for slot in slots {
            let start = program.slots[slot].offset
            let end = start + Program.aligned(program.slots[slot].byteCount)
            let fill = filler[slot] ?? (Int.max, "")
            if let region = current, start < region.end {
                current = (region.start, Swift.max(region.end, end), fill.order < region.first.order ? fill : region.first)
            } else {
                if let region = current { regions.append((region.end - region.start, region.first.path)) }
                current = (start, end, fill)
            }
        }
        if let region = current { regions.append((region.end - region.start, region.first.path)) }
        return regions
    }
}
