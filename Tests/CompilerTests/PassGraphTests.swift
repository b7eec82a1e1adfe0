import Compiler
import Testing

/// The graph passes: constant folding, algebraic simplification, CSE, DCE, and the pipeline
/// that repeats them.
@Suite struct PassGraphTests {
    /// The ops of a graph's computing nodes (inputs and parameters left out).
    func ops(_ graph: Graph) -> [String] {
        graph.nodes.compactMap { node in
            switch node.op {
            case .input, .parameter: return nil
            default: return node.op.name
            }
        }
    }

    @Test func foldingEvaluatesConstantSubgraphs() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3])
        let scale = (b.constant(2) * b.constant(3)).exp()
        let table = b.constant(HostTensor(shape: [3], floats: [1, 2, 3])).broadcast(to: [2, 3]).sum(axes: [0])
        b.output("y", x * scale + table)
        let folded = try ConstantFolding().run(try b.finish())
        let simplified = try DeadCodeElimination().run(folded)
        #expect(ops(simplified) == ["constant", "constant", "mul", "add"])
        guard case .constant(.fill(let value, _)) = simplified.nodes[1].op else { Issue.record("expected a fill"); return }
        #expect(abs(value - Double(Float(403.4287934927351))) < 1e-3)
        guard case .constant(.tensor(let sums)) = simplified.nodes[2].op else { Issue.record("expected a tensor"); return }
        #expect(sums.floats == [2, 4, 6])
    }

    @Test func foldingLeavesRuntimeFailuresAndLargeTensorsAlone() throws {
        let b = GraphBuilder()
        let big = b.constant(HostTensor(shape: [300, 300], floats: (0..<90_000).map { Float($0) }))
        b.output("big", big * 2)
        b.output("cast", (b.constant(0) / b.constant(0)).cast(to: .i32))
        let folded = try ConstantFolding().run(try b.finish())
        #expect(ops(try DeadCodeElimination().run(folded)) == ["constant", "constant", "mul", "constant", "cast"])
    }

    @Test func simplificationRemovesIdentities() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3, 4])
        let w = b.input("w", [5, 4])
        var y = (x * 1 + 0 - 0) / 1
        y = y.reshaped([6, 4]).reshaped([2, 12]).reshaped([2, 3, 4])
        y = y.permuted([1, 0, 2]).permuted([1, 0, 2]).stopGradient()
        y = -(-y).pow(1)
        b.output("y", y.sum(axes: [1, 2]))
        b.output("z", x.matmul(w.transposed()))
        let graph = try DeadCodeElimination().run(try AlgebraicSimplification().run(try b.finish()))
        #expect(ops(graph) == ["sum", "matmul"])
        #expect(graph.nodes.last?.op == .matmul(transposeA: false, transposeB: true))
    }

    @Test func simplificationKeepsBroadcastingIdentities() throws {
        let b = GraphBuilder()
        let x = b.input("x", [3])
        b.output("y", x + b.constant(0, shape: [2, 3]))
        let graph = try AlgebraicSimplification().run(try b.finish())
        #expect(ops(graph) == ["constant", "add"])
    }

    @Test func cseMergesEqualNodesAndDCEKeepsTheInterface() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4])
        _ = b.input("unused", [2])
        let p = b.parameter("p", [4], initializer: .zeros)
        _ = (x * 7).tanh()
        b.output("y", x.exp() + x.exp() * p)
        let graph = try DeadCodeElimination().run(try CommonSubexpressionElimination().run(try b.finish()))
        #expect(ops(graph) == ["exp", "mul", "add"])
        #expect(graph.inputs.map(\.name) == ["x", "unused"])
        #expect(graph.parameters.map(\.name) == ["p"])
    }

    @Test func pipelineRepeatsUntilStable() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 2])
        // Folding exposes `* 1`, simplification exposes two equal exps for CSE.
        b.output("y", (x * (b.constant(3) - b.constant(2))).exp() + x.exp())
        let compilation = try compile(try b.finish())
        #expect(ops(compilation.graph) == ["exp", "add"])
        #expect(compilation.report.nodeCounts.first?.nodes == 8)
        #expect(compilation.report.nodeCounts.last?.nodes == 3)
    }

    @Test func stateUpdatesAreValidated() throws {
        let b = GraphBuilder()
        let p = b.parameter("p", [3], initializer: .zeros)
        b.output("next", p * 2)
        b.output("small", p.sum())
        let graph = try b.finish()
        #expect(throws: GraphError.self) {
            try compile(graph, options: .init(stateUpdates: [.init(output: "small", binding: "p")]))
        }
        #expect(throws: GraphError.self) {
            try compile(graph, options: .init(stateUpdates: [.init(output: "next", binding: "q")]))
        }
        #expect(try compile(graph, options: .init(stateUpdates: [.init(output: "next", binding: "p")])).program.stateUpdates.count == 1)
    }
}
