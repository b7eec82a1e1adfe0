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
        var layout = StridedLayout(contiguous: graph.nodes[end].type.shape)
        for position in stride(from: chain.count - 1, through: 0, by: -1) {
            let node = graph.nodes[chain[position]]
            let previousShape = graph.nodes[node.inputs[0].index].type.shape
            switch node.op {
            case .reshape:
                guard let previous = layout.reshaped(to: previousShape) else { return nil }
                layout = previous
            case .permute(let permutation):
                var inverse = [Int](repeating: 0, count: permutation.count)
                for (axis, source) in permutation.enumerated() { inverse[source] = axis }
                layout = layout.permuted(inverse)
            default:
                return nil
            }
        }
        return ViewAnalysis.hasUnitLastStride(layout) ? layout : nil
    }
}
