/// Removes nodes no output depends on. Inputs and parameters always stay: they are the
/// program's interface (a caller feeds every one of them by name).
public struct DeadCodeElimination: GraphPass {
    public init() {}

    public var name: String { "dce" }

    public func run(_ graph: Graph) throws(GraphError) -> Graph {
        var live = [Bool](repeating: false, count: graph.nodes.count)
        for output in graph.outputs { live[output.value.index] = true }
        for index in stride(from: graph.nodes.count - 1, through: 0, by: -1) {
            let node = graph.nodes[index]
            switch node.op {
            case .input, .parameter: live[index] = true
            default: break
            }
            guard live[index] else { continue }
            for operand in node.inputs { live[operand.index] = true }
        }
        var rewriter = GraphRewriter(graph)
        for (index, node) in graph.nodes.enumerated() {
            if live[index] {
                var copy = node
                copy.inputs = rewriter.operands(of: node)
                rewriter.map(rewriter.append(copy))
            } else {
                rewriter.map(ValueID(-1))
            }
        }
        return try rewriter.finish()
    }
}
