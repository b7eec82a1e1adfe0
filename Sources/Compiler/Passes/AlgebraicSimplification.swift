/// Local rewrites that remove work without changing values:
///
/// - identities: `x + 0`, `0 + x`, `x - 0`, `x * 1`, `1 * x`, `x / 1`, `x^1`, `-(-x)`,
///   `select(c, a, b)` with a constant mask;
/// - no-op movement: reshape, broadcast or permute to the same layout, a full slice, zero
///   padding, concat of one operand; a reduction over extent-1 axes becomes a reshape;
/// - chains: reshape of a reshape, permute of a permute;
/// - `stop_gradient` is the identity once gradients are built (passes run after autodiff);
/// - a matmul operand that only swaps its last two axes becomes the matmul's transpose flag
///   (BLAS reads it transposed in place instead of copying it).
///
/// Rules fire only when the replacement has exactly the node's type (`x + 0` where the zero
/// broadcasts `x` to a larger shape stays).
public struct AlgebraicSimplification: GraphPass {
    public init() {}

    public var name: String { "simplify" }

    public func run(_ graph: Graph) throws(GraphError) -> Graph {
        var rewriter = GraphRewriter(graph)
        for node in graph.nodes {
            let operands = rewriter.operands(of: node)
            switch simplified(node, operands, rewriter) {
            case .existing(let value) where rewriter[value].type == node.type:
                rewriter.map(value)
            case .rewritten(let op, let inputs):
                rewriter.map(rewriter.append(Node(op: op, inputs: inputs, type: node.type, scope: node.scope)))
            default:
                var copy = node
                copy.inputs = operands
                rewriter.map(rewriter.append(copy))
            }
        }
        return try rewriter.finish()
    }

    private enum Rewrite {
        case existing(ValueID)
        case rewritten(Op, [ValueID])
    }

    private func simplified(_ node: Node, _ x: [ValueID], _ graph: GraphRewriter) -> Rewrite? {
        func fill(_ value: ValueID) -> Double? {
            guard case .constant(.fill(let fill, _)) = graph[value].op else { return nil }
            return fill
        }
        switch node.op {
        case .binary(.add):
            if fill(x[1]) == 0 { return .existing(x[0]) }
            if fill(x[0]) == 0 { return .existing(x[1]) }
        case .binary(.sub):
            if fill(x[1]) == 0 { return .existing(x[0]) }
        case .binary(.mul):
            if fill(x[1]) == 1 { return .existing(x[0]) }
            if fill(x[0]) == 1 { return .existing(x[1]) }
        case .binary(.div):
            if fill(x[1]) == 1 { return .existing(x[0]) }
        case .unary(.pow(1)):
            return .existing(x[0])
        case .unary(.neg):
            if case .unary(.neg) = graph[x[0]].op { return .existing(graph[x[0]].inputs[0]) }
        case .select:
            if let mask = fill(x[0]) { return .existing(mask != 0 ? x[1] : x[2]) }
        case .stopGradient:
            return .existing(x[0])
        case .reshape(let shape):
            if graph[x[0]].type.shape == shape { return .existing(x[0]) }
            if case .reshape = graph[x[0]].op {
                let source = graph[x[0]].inputs[0]
                return graph[source].type.shape == shape ? .existing(source) : .rewritten(node.op, [source])
            }
        case .broadcast(let shape):
            if graph[x[0]].type.shape == shape { return .existing(x[0]) }
        case .permute(let permutation):
            if permutation == Array(permutation.indices) { return .existing(x[0]) }
            if case .permute(let inner) = graph[x[0]].op {
                let composed = permutation.map { inner[$0] }
                return composed == Array(composed.indices) ? .existing(graph[x[0]].inputs[0])
                    : .rewritten(.permute(composed), graph[x[0]].inputs)
            }
        case .slice(let start, let end):
            if start.allSatisfy({ $0 == 0 }) && end == graph[x[0]].type.shape.dims { return .existing(x[0]) }
        case .pad(let before, let after):
            if before.allSatisfy({ $0 == 0 }) && after.allSatisfy({ $0 == 0 }) { return .existing(x[0]) }
        case .concat:
            if x.count == 1 { return .existing(x[0]) }
        case .reduce(_, let axes, _):
            let shape = graph[x[0]].type.shape
            if axes.allSatisfy({ shape[$0] == 1 }) {
                return shape == node.type.shape ? .existing(x[0]) : .rewritten(.reshape(node.type.shape), [x[0]])
            }
        case .matmul(let transposeA, let transposeB):
            let (a, flipA) = swapsLastTwoAxes(x[0], graph)
            let (b, flipB) = swapsLastTwoAxes(x[1], graph)
            if flipA || flipB {
                return .rewritten(.matmul(transposeA: transposeA != flipA, transposeB: transposeB != flipB), [a, b])
            }
        default:
            break
        }
        return nil
    }

    /// When `value` is a permute that only swaps the last two axes, its operand and true.
    private func swapsLastTwoAxes(_ value: ValueID, _ graph: GraphRewriter) -> (ValueID, Bool) {
        guard case .permute(let permutation) = graph[value].op, permutation.count >= 2 else { return (value, false) }
        var swap = Array(permutation.indices)
        swap.swapAt(swap.count - 1, swap.count - 2)
        return permutation == swap ? (graph[value].inputs[0], true) : (value, false)
    }
}
