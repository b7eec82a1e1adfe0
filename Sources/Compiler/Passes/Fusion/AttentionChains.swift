/// For every attention node, the permute/reshape chain after it that the attention kernel can
/// write through: the longest chain of single-reader permutes and reshapes whose inverse maps
/// the attention result `[..., T, Dv]` into the chain end's contiguous buffer with
/// unit-stride rows (the `[B, H, T, d] -> [B, T, H·d]` merge of heads). The chain may be empty.
enum AttentionChains {
    static func find(_ graph: Graph, users: [[Int]]) -> [Int: [Int]] {
        let outputs = Set(graph.outputs.map(\.value.index))
        var chains: [Int: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() {
            guard case .composite(.attention) = node.op else { continue }
            var candidate: [Int] = []
            var current = index
            while !outputs.contains(current), users[current].count == 1 {
                let next = users[current][0]
                guard isChainOp(graph.nodes[next].op) else { break }
                candidate.append(next)
                current = next
            }
            while !candidate.isEmpty, resultLayout(graph, attention: index, chain: candidate) == nil {
                candidate.removeLast()
            }
            chains[index] = candidate
        }
        return chains
    }

    private static func isChainOp(_ op: Op) -> Bool {
        switch op {
        case .permute, .reshape: return true
        default: return false
        }
    }

    /// Where the attention result's elements land in the chain end's contiguous buffer, when
    /// that is a layout the kernel can write (unit-stride rows), else nil.
    static func resultLayout(_ graph: Graph, attention: Int, chain: [Int]) -> StridedLayout? {
        guard let end = chain.last else { return StridedLayout(contiguous: graph.nodes[attention].type.shape) }
        let steps = chain.map { (op: graph.nodes[$0].op, operandShape: graph.nodes[graph.nodes[$0].inputs[0].index].type.shape) }
        guard let layout = StridedLayout.writing(through: steps, endShape: graph.nodes[end].type.shape) else { return nil }
        return ViewAnalysis.hasUnitLastStride(layout) ? layout : nil
    }
}
