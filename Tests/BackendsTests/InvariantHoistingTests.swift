import Backends
import Compiler
import Testing

/// Products of concatenations split where parts are invariant or shared
/// (`ConcatProductSplitting`), and calls that depend only on parameters and constants run when
/// the weights are set (`InvariantHoisting`): the unrolled sampling loop of a diffusion head.
@Suite struct InvariantHoistingTests {
    /// `steps` steps of `x ← x − 0.1 · denoiser([x | obs | embedding(t)])`, the embedding a
    /// constant per step, the denoiser two Linear layers.
    /// With `nextWeights`, also outputs `next.NAME` = 0.5 · each weight (for state updates).
    static func samplingLoop(steps: Int = 3, batch: Int = 1, nextWeights: Bool = false) throws -> Graph {
        let b = GraphBuilder()
        var x = b.input("noise", [batch, 6])
        let obs = b.input("obs", [batch, 5])
        let first = Linear(b.root.child("denoiser.0"), inFeatures: 6 + 5 + 4, outFeatures: 9)
        let second = Linear(b.root.child("denoiser.1"), inFeatures: 9, outFeatures: 6)
        for step in 0..<steps {
            let embedding = b.constant(HostTensor(shape: [batch, 4], floats: (0..<batch * 4).map { Float(step) * 0.3 + Float($0) * 0.1 }))
            let h = second(gelu(first(concat([x, obs, embedding], axis: 1)), approximation: .tanh))
            x = x - 0.1 * h
        }
        b.output("action", x)
        if nextWeights {
            for layer in [first, second] {
                b.output("next.\(layer.scope.path).weight", layer.weight * 0.5)
                b.output("next.\(layer.scope.path).bias", layer.bias! * 0.5)
            }
        }
        return try b.finish()
    }

    func matmuls(_ program: Program, invariant: Bool) -> Int {
        program.calls.filter { $0.invariant == invariant }.reduce(0) { count, call in
            count + call.kernel.ops.filter { if case .matmul = $0 { return true } else { return false } }.count
        }
    }

    @Test(arguments: [1, 4])
    func embeddingProductsRunOnceAndTheObservationProductOncePerRun(batch: Int) throws {
        let graph = try Self.samplingLoop(batch: batch)
        let program = try compile(graph).program
        // Per step: the x part's product and the second layer; once per run: the observation's
        // share; when the weights are set: the three embedding products.
        #expect(matmuls(program, invariant: true) == 3, "\(program.text)")
        #expect(matmuls(program, invariant: false) == 3 * 2 + 1, "\(program.text)")
        let firstInvariant = try #require(program.calls.firstIndex { $0.invariant })
        #expect(program.calls[..<firstInvariant].allSatisfy { if case .op(.constant) = $0.kernel { true } else { false } })
        #expect(program.placementIssues() == [])
        try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: 5))
        try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: 5), threads: 2)
    }

    @Test func productsWithNothingToGainStayWhole() throws {
        let b = GraphBuilder()
        let layer = Linear(b.root.child("fc"), inFeatures: 7, outFeatures: 3)
        b.output("y", layer(concat([b.input("a", [2, 3]), b.input("b", [2, 4])], axis: 1)))
        let program = try compile(try b.finish()).program
        #expect(matmuls(program, invariant: false) == 1)
        #expect(program.calls.allSatisfy { !$0.invariant || $0.kernel.name == "permute" })
    }

    @Test func nothingIsHoistedFromWrittenWeights() throws {
        let graph = try Self.samplingLoop(nextWeights: true)
        let updates = graph.parameters.map { Program.StateUpdate(output: "next." + $0.name, binding: $0.name) }
        let program = try compile(graph, options: CompileOptions(stateUpdates: updates)).program
        #expect(!program.calls.contains { $0.invariant })
        #expect(matmuls(program, invariant: false) == 3 * 2)
    }

    /// New weights reach the hoisted products on the next run.
    @Test func newWeightsRecomputeTheInvariantCalls() throws {
        try expectNewWeightsReachInvariantCalls(try Self.samplingLoop(), output: "action", weights: ["denoiser.0.weight", "denoiser.0.bias"])
    }
}
