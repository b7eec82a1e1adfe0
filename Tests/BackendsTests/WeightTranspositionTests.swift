import Backends
import Compiler
import Testing

/// Weight layout planning (`WeightTransposition`): products read `[in, out]` copies of the
/// weights they read transposed; the copies are invariant calls that the BLAS executable
/// makes again whenever a parameter is set, and never for weights a state update writes.
@Suite struct WeightTranspositionTests {
    /// Two Linear layers with a GELU between them on [batch, 9] inputs.
    static func mlp(batch: Int = 5) throws -> Graph {
        let b = GraphBuilder()
        let x = b.input("x", [batch, 9])
        let first = Linear(b.root.child("fc1"), inFeatures: 9, outFeatures: 17)
        let second = Linear(b.root.child("fc2"), inFeatures: 17, outFeatures: 3)
        b.output("y", second(gelu(first(x), approximation: .tanh)))
        return try b.finish()
    }

    @Test(arguments: [2, 5])
    func productsReadTransposedCopiesMadeOnce(batch: Int) throws {
        let graph = try Self.mlp(batch: batch)
        let program = try compile(graph).program
        let copies = program.calls.filter(\.invariant)
        #expect(copies.map(\.kernel.name) == ["permute", "permute"])
        #expect(copies.map { program.slots[$0.result.index].type.shape } == [[9, 17], [17, 3]])
        #expect(copies.allSatisfy { program.slots[$0.result.index].isExclusive })
        // Every product now reads its B operand untransposed.
        for call in program.calls {
            for op in call.kernel.ops {
                if case .matmul(_, let transposeB) = op { #expect(!transposeB, "\(program.text)") }
            }
        }
        #expect(program.placementIssues() == [])
        try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: 3))
        let report = try compile(graph).report
        #expect(report.invariantKernels == 2 && report.weightCopies == 2)
        #expect(report.invariantBytes == Program.aligned(9 * 17 * 4) + Program.aligned(17 * 3 * 4))
        #expect(try compile(graph, options: CompileOptions(transposeWeights: false)).program.calls.filter(\.invariant).isEmpty)
        #expect(try compile(graph, options: .unfused).program.calls.filter(\.invariant).isEmpty)
    }

    @Test func matrixVectorProductsReadWeightsAsStored() throws {
        let program = try compile(try Self.mlp(batch: 1)).program
        #expect(program.calls.filter(\.invariant).isEmpty)
    }

    @Test func weightsAStateUpdateWritesStayAsStored() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 6])
        let layer = Linear(b.root.child("fc"), inFeatures: 6, outFeatures: 2)
        b.output("y", layer(x))
        b.output("next", layer.weight * 0.5)
        let program = try compile(try b.finish(), options: CompileOptions(stateUpdates: [.init(output: "next", binding: "fc.weight")])).program
        #expect(program.calls.filter(\.invariant).isEmpty)
    }

    /// New weights, set by copy or written in place, reach the products on the next run.
    @Test func newWeightsReachTheCopies() throws {
        try expectNewWeightsReachInvariantCalls(try Self.mlp(), output: "y", weights: ["fc1.weight", "fc2.weight"])
    }
}
