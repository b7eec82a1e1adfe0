/// Splits a product of a concatenation, `concat(a, b, c) · W`, into the sum of its parts'
/// products, `a · W_a + b · W_b + c · W_c` (each `W_p` the rows, or for a transposed weight
/// the columns, of the parameter W that part meets), when that moves work out of the loop:
/// some part's product is *invariant* (the part and W depend on no input and no parameter a
/// state update writes, such as a diffusion head's timestep embedding: a backend computes its
/// product only when the weights are set) and some part's is not. *Shared* parts (the same value at the same
/// place in another concatenation multiplied by the same weight, such as the observation in
/// every step of an unrolled sampling loop) then get their own product too, which CSE
/// computes once. Other products stay whole: without an invariant part the split makes more,
/// smaller products, which is slower (measured on the DDIM workload).
///
/// The products of the invariant and shared parts come first and the sum starts from the last
/// remaining product, so fusion makes that product the GEMM and pre-fills the others into it.
public struct ConcatProductSplitting: GraphPass {
    /// Names of parameters that state updates write (never invariant).
    public var writtenParameters: Set<String>

    public init(writtenParameters: Set<String> = []) {
        self.writtenParameters = writtenParameters
    }

    public var name: String { "split" }

    public func run(_ graph: Graph) throws(GraphError) -> Graph {
        let invariant = invariantValues(graph)
        // Every (weight, part, offset) a concat product meets, to find shared parts.
        var meetings: [Meeting: Int] = [:]
        var candidates: [Int: Candidate] = [:]
        for (index, node) in graph.nodes.enumerated() {
            guard let candidate = candidate(node, graph) else { continue }
            candidates[index] = candidate
            for meeting in candidate.meetings { meetings[meeting, default: 0] += 1 }
        }
        var rewriter = GraphRewriter(graph)
        for (index, node) in graph.nodes.enumerated() {
            let operands = rewriter.operands(of: node)
            guard let candidate = candidates[index] else {
                var copy = node
                copy.inputs = operands
                rewriter.map(rewriter.append(copy))
                continue
            }
            let invariantParts = candidate.meetings.map { invariant[$0.part.index] && invariant[$0.weight.index] }
            let hoisted = candidate.meetings.indices.map { invariantParts[$0] || meetings[candidate.meetings[$0], default: 0] > 1 }
            guard invariantParts.contains(true), hoisted.contains(false) else {
                var copy = node
                copy.inputs = operands
                rewriter.map(rewriter.append(copy))
                continue
            }
            let order = candidate.meetings.indices.filter { hoisted[$0] } + candidate.meetings.indices.filter { !hoisted[$0] }
            var products: [ValueID] = []
            for position in order {
                let meeting = candidate.meetings[position]
                let slice = rewriter.append(.slice(start: meeting.weightStart(candidate), end: meeting.weightEnd(candidate)),
                                            [operands[1]], scope: node.scope)
                products.append(rewriter.append(node.op, [rewriter.mapped[meeting.part.index], slice], scope: node.scope))
            }
            var sum = products.removeLast()
            for product in products { sum = rewriter.append(.binary(.add), [sum, product], scope: node.scope) }
            rewriter.map(sum)
        }
        return try rewriter.finish()
    }

    /// A part of a concatenation meeting rows `offset ..< offset + width` of a weight's
    /// contraction axis.
    private struct Meeting: Hashable {
        var weight: ValueID
        var part: ValueID
        var offset: Int
        var width: Int

        func weightStart(_ candidate: Candidate) -> [Int] { candidate.transposed ? [0, offset] : [offset, 0] }
        func weightEnd(_ candidate: Candidate) -> [Int] {
            candidate.transposed ? [candidate.outputs, offset + width] : [offset + width, candidate.outputs]
        }
    }

    private struct Candidate {
        var meetings: [Meeting]
        /// Whether the product reads the weight transposed (`[out, in]`).
        var transposed: Bool
        /// The weight's output extent.
        var outputs: Int
    }

    /// `matmul(concat(parts, last axis), parameter)`: the parts and where they meet the weight.
    private func candidate(_ node: Node, _ graph: Graph) -> Candidate? {
        guard case .matmul(false, let transposed) = node.op else { return nil }
        let (left, weight) = (graph[node.inputs[0]], node.inputs[1])
        guard case .concat(let axis) = left.op, axis == left.type.shape.rank - 1, left.inputs.count > 1,
              case .parameter = graph[weight].op, graph[weight].type.shape.rank == 2 else { return nil }
        var meetings: [Meeting] = []
        var offset = 0
        for part in left.inputs {
            let width = graph[part].type.shape.dims.last ?? 0
            meetings.append(Meeting(weight: weight, part: part, offset: offset, width: width))
            offset += width
        }
        let shape = graph[weight].type.shape
        return Candidate(meetings: meetings, transposed: transposed, outputs: transposed ? shape[0] : shape[1])
    }

    /// Values that depend on no input, no random numbers and no written parameter.
    private func invariantValues(_ graph: Graph) -> [Bool] {
        var invariant = [Bool](repeating: false, count: graph.nodes.count)
        for (index, node) in graph.nodes.enumerated() {
            switch node.op {
            case .input, .random: invariant[index] = false
            case .parameter(let name, _): invariant[index] = !writtenParameters.contains(name)
            case .constant: invariant[index] = true
            default: invariant[index] = node.inputs.allSatisfy { invariant[$0.index] }
            }
        }
        return invariant
    }
}
