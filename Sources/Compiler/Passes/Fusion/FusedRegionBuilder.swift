/// Turns one kernel of a `FusionGrouping` into a program kernel: a single op when the group is
/// one node reading materialised operands, else a `FusedKernel` whose region holds the members
/// plus the view chains and fill immediates they read.
struct FusedRegionBuilder {
    let graph: Graph
    let group: FusionGrouping.Group
    /// Materialised graph values the kernel reads, in order of first use.
    private(set) var operands: [Int] = []
    private(set) var region: [RegionNode] = []
    private var local: [Int: Int] = [:]
    private let views: ViewAnalysis
    private let immediates: Set<Int>

    init(graph: Graph, grouping: FusionGrouping, views: ViewAnalysis, group: FusionGrouping.Group) {
        self.graph = graph
        self.group = group
        self.views = views
        immediates = grouping.immediates
        for member in group.members.sorted() {
            let node = graph.nodes[member]
            let inputs = node.inputs.map { value($0.index) }
            local[member] = region.count
            region.append(RegionNode(op: node.op, inputs: inputs, type: node.type, node: ValueID(member)))
        }
    }

    /// The region value of graph value `index`, emitting view chains and immediates on demand.
    private mutating func value(_ index: Int) -> RegionValue {
        if let existing = local[index] { return .local(existing) }
        if immediates.contains(index) || views.views[index] != nil {
            let node = graph.nodes[index]
            let inputs = node.inputs.map { value($0.index) }
            local[index] = region.count
            region.append(RegionNode(op: node.op, inputs: inputs, type: node.type, node: ValueID(index)))
            return .local(region.count - 1)
        }
        if let position = operands.firstIndex(of: index) { return .operand(position) }
        operands.append(index)
        return .operand(operands.count - 1)
    }

    /// The graph values the kernel call reads: a single op's inputs in order (a value read twice,
    /// as `concat(x, x)`, is passed twice), a fused region's materialised operands.
    var callOperands: [Int] {
        region.count > 1 ? operands : graph.nodes[group.root].inputs.map(\.index)
    }

    /// The kernel: the single op, or the fused region with its in-place operands and reason.
    func kernel(storedBecause: String) -> Kernel {
        guard region.count > 1 else { return .op(region[0].op) }
        guard let pattern = group.pattern else { preconditionFailure("fusion: a multi-node kernel without a pattern") }
        return .fused(FusedKernel(pattern: pattern, region: region, inPlaceOperands: inPlaceOperands(pattern),
                                  reason: reason(pattern) + (storedBecause.isEmpty ? "" : "; result stored: \(storedBecause)")))
    }

    /// Region nodes reading `.operand(k)` directly.
    private func readers(ofOperand k: Int) -> [Int] {
        region.indices.filter { region[$0].inputs.contains(.operand(k)) }
    }

    private func inPlaceOperands(_ pattern: FusedKernel.Pattern) -> [Int] {
        let resultShape = region[region.count - 1].type.shape
        return operands.indices.filter { k in
            guard graph.nodes[operands[k]].type.shape == resultShape else { return false }
            let readers = readers(ofOperand: k)
            switch pattern {
            case .elementwise:
                return readers.allSatisfy { !ViewAnalysis.isMovement(region[$0].op) }
            case .gemm:
                return readers.count == 1 && region[readers[0]].inputs.filter({ $0 == .operand(k) }).count == 1
                    && region.gemmPrefill.contains(readers[0])
            case .rowwise:
                guard let row = region.firstIndex(where: { FusionGrouping.isRowOp($0.op) }) else { return false }
                return readers == [row] && region[row].inputs.first == .operand(k) && region[row].inputs.dropFirst().allSatisfy { $0 != .operand(k) }
            case .reduction, .attention:
                return false
            }
        }
    }

    private func reason(_ pattern: FusedKernel.Pattern) -> String {
        let computing = region.filter { !ViewAnalysis.isMovement($0.op) && !$0.op.isConstant }
        let names = computing.map(\.op.name).joined(separator: ", ")
        let viewed = region.filter { ViewAnalysis.isMovement($0.op) }.map(\.op.name)
        let viewText = viewed.isEmpty ? "" : "; operands read in place through \(Set(viewed).sorted().joined(separator: "/")) views"
        switch pattern {
        case .elementwise:
            if computing.isEmpty { return "copy through a strided view" }
            return "elementwise: \(computing.count) op(s) (\(names)) in one pass over \(region[region.count - 1].type.shape), intermediates kept in registers\(viewText)"
        case .gemm:
            let prefill = region.gemmPrefill
            let epilogue = computing.dropFirst().filter { node in !prefill.contains { region[$0].node == node.node } }
            var text = "gemm: cblas_sgemm"
            if !prefill.isEmpty { text += "; \(prefill.count) add(s) pre-filled into C (beta = 1)" }
            if !epilogue.isEmpty { text += "; epilogue \(epilogue.map(\.op.name).joined(separator: ", ")) in one cache-hot pass over C" }
            return text + viewText
        case .rowwise:
            let row = computing.first { FusionGrouping.isRowOp($0.op) }?.op.name ?? "row op"
            let rest = computing.filter { !FusionGrouping.isRowOp($0.op) }.map(\.op.name)
            return "\(row) in one pass per row" + (rest.isEmpty ? "" : "; \(rest.joined(separator: ", ")) applied to the row while it is in cache") + viewText
        case .reduction:
            let reduce = computing.last?.op
            return "\(reduce?.name ?? "reduction") \(reduce?.attributes ?? "")"
                + (computing.count > 1 ? " with \(computing.count - 1) elementwise op(s) (\(computing.dropLast().map(\.op.name).joined(separator: ", "))) evaluated while reducing" : "")
                + viewText
        case .attention:
            let attention = region.firstIndex { if case .composite(.attention) = $0.op { return true } else { return false } } ?? region.count
            let writes = region.suffix(from: Swift.min(attention + 1, region.count))
            var text = "attention per (batch, head) block: scores, masked softmax and PV on one T×S block, no [..., T, S] buffer"
            if !viewed.isEmpty { text += "; q/k/v read in place through \(Set(viewed).sorted().joined(separator: "/")) views" }
            if !writes.isEmpty { text += "; result written through \(writes.map(\.op.name).joined(separator: "+")) (heads merged in place)" }
            return text
        }
    }
}

extension Op {
    /// True for constants.
    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}

extension Array where Element == RegionNode {
    /// For a GEMM region: the adds applied directly to the product, in order, each adding a
    /// value that does not depend on the product (an operand, a view of one, or a constant) —
    /// a backend pre-fills C with their sum and accumulates the product with beta = 1. Each
    /// add's only reader is the next one (or the rest of the epilogue).
    public var gemmPrefill: [Int] {
        guard let matmul = firstIndex(where: { if case .matmul = $0.op { return true } else { return false } }) else { return [] }
        var dependsOnProduct = [Bool](repeating: false, count: count)
        for (index, node) in enumerated() {
            dependsOnProduct[index] = index == matmul || node.inputs.contains { if case .local(let j) = $0 { return dependsOnProduct[j] } else { return false } }
        }
        var adds: [Int] = []
        var current = matmul
        while true {
            let readers = indices.filter { self[$0].inputs.contains(.local(current)) }
            guard readers.count == 1, case .binary(.add) = self[readers[0]].op else { break }
            let add = self[readers[0]]
            guard add.inputs.filter({ $0 == .local(current) }).count == 1,
                  let other = add.inputs.first(where: { $0 != .local(current) }),
                  add.type == self[matmul].type else { break }
            if case .local(let j) = other, dependsOnProduct[j] { break }
            adds.append(readers[0])
            current = readers[0]
        }
        return adds
    }
}
