/// Evaluates at compile time every node whose operands are all constants: elementwise ops,
/// reshape/permute/slice/broadcast and reductions. A result whose elements are all equal
/// stays a `fill` constant (any size, no storage); other results become explicit tensors up
/// to `maximumElements` (larger ones are left to run time rather than bloat the program).
/// Values are computed in Double and rounded to the tensor's precision.
public struct ConstantFolding: GraphPass {
    /// The largest explicit tensor constant folding creates.
    public var maximumElements: Int

    public init(maximumElements: Int = 1 << 16) {
        self.maximumElements = maximumElements
    }

    public var name: String { "fold" }

    public func run(_ graph: Graph) throws(GraphError) -> Graph {
        var rewriter = GraphRewriter(graph)
        for node in graph.nodes {
            let operands = rewriter.operands(of: node)
            let constants = operands.compactMap { operand -> ConstantValue? in
                guard case .constant(let constant) = rewriter[operand].op else { return nil }
                return ConstantValue(constant)
            }
            if !operands.isEmpty, constants.count == operands.count,
               let folded = ConstantValue.evaluate(node.op, constants, type: node.type), let constant = folded.constant(limit: maximumElements) {
                rewriter.map(rewriter.append(Node(op: .constant(constant), inputs: [], type: node.type, scope: node.scope)))
            } else {
                var copy = node
                copy.inputs = operands
                rewriter.map(rewriter.append(copy))
            }
        }
        return try rewriter.finish()
    }
}
