/// Assigns every computing node of a graph to a kernel (TVM-style, from the outputs back):
/// a node joins the kernel of its readers when all its readers are in one kernel, it is not
/// a graph output, and the kernel's pattern can take it:
///
/// - f32 elementwise ops (and GELU/SiLU) join elementwise work of the same shape: an
///   elementwise kernel, a GEMM or row-kernel epilogue, or a reduction's prologue;
/// - a matmul joins an elementwise kernel of its result's shape as its producer (the kernel
///   becomes a GEMM with that epilogue);
/// - layer norm, RMS norm and softmax join the same way (a row kernel with an epilogue);
/// - reductions and attention start kernels and never join one (a reduction's result is
///   needed whole before anything reads it);
/// - scalar-fill constants are folded into every elementwise kernel that reads them;
/// - an attention node takes the permute/reshape chain after it (it writes its result
///   through those axes directly).
///
/// Everything else (copies, gathers, i32 arithmetic, random numbers) is a kernel of its own.
struct FusionGrouping {
    /// A kernel under construction.
    struct Group {
        var root: Int
        var pattern: FusedKernel.Pattern?
        /// Member nodes (the root included).
        var members: Set<Int>
        /// The shape elementwise members must have.
        var elementShape: Shape?
        /// The node whose operands must stay in memory (matmul, row op, attention).
        var anchor: Int?
    }

    let graph: Graph
    let users: [[Int]]
    let views: ViewAnalysis
    /// Group of every node that computes something (by root index).
    private(set) var groupOf: [Int: Int] = [:]
    private(set) var groups: [Int: Group] = [:]
    /// Fill constants folded into kernels (read as immediates).
    private(set) var immediates: Set<Int> = []
    /// Why each materialised node is stored (for `--emit program`).
    private(set) var storedBecause: [Int: String] = [:]

    init(_ graph: Graph, users: [[Int]], views: ViewAnalysis, attentionChains: [Int: [Int]]) {
        self.graph = graph
        self.users = users
        self.views = views
        let outputs = Set(graph.outputs.map(\.value.index))
        let chainMembers = Set(attentionChains.values.joined())
        for index in stride(from: graph.nodes.count - 1, through: 0, by: -1) {
            let node = graph.nodes[index]
            if views.views[index] != nil || chainMembers.contains(index) { continue }
            switch node.op {
            case .input, .parameter: continue
            case .constant(.fill) where !outputs.contains(index) && users[index].allSatisfy({ readsAsImmediate($0) }):
                immediates.insert(index)
                continue
            default: break
            }
            if let chain = attentionChains[index] {
                let root = chain.last ?? index
                groups[root] = Group(root: root, pattern: .attention, members: Set([index] + chain), elementShape: nil, anchor: index)
                for member in [index] + chain { groupOf[member] = root }
                storedBecause[root] = outputs.contains(root) ? "graph output" : "attention result"
                continue
            }
            if let reason = mustStore(index, outputs: outputs) {
                startGroup(index, because: reason)
                continue
            }
            let root = groupOf[users[index][0]]!
            if let pattern = joinedPattern(index, groups[root]!) {
                groups[root]!.members.insert(index)
                groupOf[index] = root
                if groups[root]!.pattern != pattern {
                    groups[root]!.pattern = pattern
                    groups[root]!.anchor = index
                }
            } else {
                startGroup(index, because: notJoinedReason(index, groups[root]!))
            }
        }
    }

    /// A reason the node cannot be inlined into its readers, or nil when they are one kernel.
    private func mustStore(_ index: Int, outputs: Set<Int>) -> String? {
        if outputs.contains(index) { return "graph output" }
        let readers = users[index]
        if readers.isEmpty { return "unused" }
        if let viewer = readers.first(where: { views.views[$0] != nil }) { return "read through a view by %\(viewer)" }
        let kernels = Set(readers.map { groupOf[$0] ?? $0 })
        if kernels.count > 1 { return "read by \(kernels.count) kernels" }
        return nil
    }

    /// True when `reader` evaluates elementwise, so a fill operand can be an immediate.
    private func readsAsImmediate(_ reader: Int) -> Bool {
        FusionGrouping.isFloatElementwise(graph.nodes[reader], graph) && views.views[reader] == nil
    }

    private mutating func startGroup(_ index: Int, because reason: String) {
        let node = graph.nodes[index]
        var group = Group(root: index, pattern: nil, members: [index], elementShape: nil, anchor: nil)
        if FusionGrouping.isFloatElementwise(node, graph) {
            group.pattern = .elementwise
            group.elementShape = node.type.shape
        } else if case .reduce = node.op, node.type.dtype == .f32 {
            group.pattern = .reduction
            group.elementShape = graph.nodes[node.inputs[0].index].type.shape
            group.anchor = index
        } else if case .matmul = node.op {
            group.pattern = .gemm
            group.elementShape = node.type.shape
            group.anchor = index
        } else if FusionGrouping.isRowOp(node.op) {
            group.pattern = .rowwise
            group.elementShape = node.type.shape
            group.anchor = index
        }
        groups[index] = group
        groupOf[index] = index
        storedBecause[index] = reason
    }

    /// The group's pattern after `index` joins it, or nil when it cannot.
    private func joinedPattern(_ index: Int, _ group: Group) -> FusedKernel.Pattern? {
        let node = graph.nodes[index]
        guard let pattern = group.pattern, let shape = group.elementShape, node.type.shape == shape else { return nil }
        // Operands of the anchor (matmul, row op) are read from memory, not computed inline.
        if let anchor = group.anchor, pattern != .reduction, users[index].contains(anchor) { return nil }
        if FusionGrouping.isFloatElementwise(node, graph) {
            return pattern == .attention ? nil : pattern
        }
        guard pattern == .elementwise else { return nil }
        if case .matmul = node.op { return .gemm }
        if FusionGrouping.isRowOp(node.op) { return .rowwise }
        return nil
    }

    private func notJoinedReason(_ index: Int, _ group: Group) -> String {
        let node = graph.nodes[index]
        let reader = "%\(group.root) (\(group.pattern?.rawValue ?? graph.nodes[group.root].op.name))"
        if let anchor = group.anchor, users[index].contains(anchor), group.pattern != .reduction {
            return "operand of \(graph.nodes[anchor].op.name) %\(anchor), which reads it from memory"
        }
        if let shape = group.elementShape, node.type.shape != shape {
            return "shape \(node.type.shape) differs from its reader's loop \(shape): computing it inline would repeat it per element"
        }
        switch node.op.kind {
        case .source: return "constants and random numbers are stored (a constant once, before the first run)"
        case .reduction: return "a reduction ends a fusion group (its reader needs the whole result)"
        case .contraction: return "a GEMM joins only an elementwise epilogue; reader is \(reader)"
        case .movement, .indexing: return "\(node.op.name) is a copy kernel"
        default: break
        }
        if node.type.dtype != .f32 { return "i32 values are computed by single-op kernels" }
        return "\(node.op.name) cannot join \(reader)"
    }

    /// f32 elementwise ops (and the elementwise composites) on f32 operands.
    static func isFloatElementwise(_ node: Node, _ graph: Graph) -> Bool {
        guard node.type.dtype == .f32, node.op.kind == .elementwise || node.op.isElementwiseComposite else { return false }
        if case .stopGradient = node.op { return false }
        return node.inputs.allSatisfy { graph.nodes[$0.index].type.dtype == .f32 }
    }

    /// Layer norm, RMS norm, softmax: kernels that read a whole row, then write it.
    static func isRowOp(_ op: Op) -> Bool {
        switch op {
        case .composite(.layerNorm), .composite(.rmsNorm), .composite(.softmax): return true
        default: return false
        }
    }
}
