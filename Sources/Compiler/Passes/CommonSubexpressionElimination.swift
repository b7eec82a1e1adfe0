/// Merges nodes that apply the same op to the same operands (every op is pure; random
/// numbers depend only on seed, counter and shape, so equal random nodes are equal values).
/// Inputs and parameters are unique by name and never merged.
public struct CommonSubexpressionElimination: GraphPass {
    public init() {}

    public var name: String { "cse" }

    private struct Key: Hashable {
        let op: Op
        let inputs: [ValueID]
    }

    public func run(_ graph: Graph) throws(GraphError) -> Graph {
        var rewriter = GraphRewriter(graph)
        var seen: [Key: ValueID] = [:]
        for node in graph.nodes {
            var copy = node
            copy.inputs = rewriter.operands(of: node)
            switch node.op {
            case .input, .parameter:
                rewriter.map(rewriter.append(copy))
            default:
                let key = Key(op: node.op, inputs: copy.inputs)
                if let existing = seen[key] {
                    rewriter.map(existing)
                } else {
                    let value = rewriter.append(copy)
                    seen[key] = value
                    rewriter.map(value)
                }
            }
        }
        return try rewriter.finish()
    }
}
