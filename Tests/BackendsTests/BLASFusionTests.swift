import Backends
import Compiler
import Testing

/// Fusion and memory planning never change results: whole networks, forward and backward,
/// compiled with every pass on, run on the BLAS backend and on the reference backend (which
/// runs fused regions node by node), against the unoptimised reference in Double.
@Suite struct BLASFusionTests {
    /// A pre-LN transformer (two blocks, final layer norm) on [batch, tokens, dim], with an MSE
    /// loss and the gradients of every parameter and of the input.
    static func transformerTraining(batch: Int = 2, tokens: Int = 9, dim: Int = 24, heads: Int = 3,
                                    feedForward: FeedForwardKind = .mlp(.geluTanh), causal: Bool = false) throws -> Graph {
        let b = GraphBuilder()
        let x = b.input("x", [batch, tokens, dim])
        var h = x
        for index in 0..<2 {
            let block = TransformerBlock(b.root.child("blocks.\(index)"), .init(dim: dim, heads: heads, feedForward: feedForward))
            h = block(h, causal: causal)
        }
        let y = LayerNorm(b.root.child("norm"), features: dim)(h)
        b.output("y", y)
        b.output("loss", (y - b.input("target", [batch, tokens, dim])).squared().mean())
        let forward = try b.finish()
        return try forward.appendingGradients(of: "loss", withRespectTo: forward.parameters.map(\.name) + ["x"])
    }

    static let networks: [(String, @Sendable () throws -> Graph)] = [
        ("transformer gelu_tanh", { try transformerTraining() }),
        ("transformer swiglu causal", { try transformerTraining(feedForward: .swiGLU, causal: true) }),
        ("transformer wide", { try transformerTraining(batch: 3, tokens: 16, dim: 64, heads: 4) }),
        ("mlp", {
            let b = GraphBuilder()
            let x = b.input("x", [33, 39])
            let mlp = MLP(b.root.child("trunk"), inFeatures: 39, hiddenFeatures: 257, outFeatures: 7, activation: .silu)
            b.output("loss", (mlp(x) - b.input("target", [33, 7])).squared().mean())
            let forward = try b.finish()
            return try forward.appendingGradients(of: "loss", withRespectTo: forward.parameters.map(\.name))
        }),
        ("rotary blocks with a cached prefix", {
            // The causal in-context pattern: a prefix through rotary blocks once, its keys and
            // values reused by a suffix under an explicit mask.
            let b = GraphBuilder()
            let prefix = b.input("x", [2, 4, 16]), suffix = b.input("s", [2, 3, 16])
            let configuration = TransformerBlock.Configuration(dim: 16, heads: 2, feedForward: .swiGLU, normalization: .rmsNorm)
            let blocks = (0..<2).map { TransformerBlock(b.root.child("blocks.\($0)"), configuration) }
            var h = prefix, s = suffix
            let mask = b.constant(HostTensor(shape: [3, 7], floats: (0..<3).flatMap { i in (0..<7).map { Float($0 <= 4 + i ? 1 : 0) } }))
            for block in blocks {
                let (output, own) = block(h, prefix: nil, causal: true, rotary: RotaryEmbedding(positions: b.positions(4)))
                h = output
                s = block(s, prefix: own, mask: mask, rotary: RotaryEmbedding(positions: b.positions(3, start: 4))).output
            }
            b.output("loss", s.squared().mean())
            let forward = try b.finish()
            return try forward.appendingGradients(of: "loss", withRespectTo: forward.parameters.map(\.name) + ["x", "s"])
        }),
        ("operands read twice", {
            let b = GraphBuilder()
            let x = b.input("x", [3, 5])
            b.output("loss", (concat([x, x], axis: 1).matmul(concat([x, x], axis: 1), transposeB: true) + x.matmul(x, transposeB: true)).sum())
            let forward = try b.finish()
            return try forward.appendingGradients(of: "loss", withRespectTo: ["x"])
        }),
        ("dit block", {
            let b = GraphBuilder()
            let x = b.input("x", [2, 5, 16])
            let block = DiTBlock(b.root.child("dit"), dim: 16, heads: 2, conditionDim: 8)
            b.output("loss", block(x, condition: b.input("c", [2, 8])).squared().sum())
            let forward = try b.finish()
            return try forward.appendingGradients(of: "loss", withRespectTo: forward.parameters.map(\.name) + ["x", "c"])
        }),
    ]

    @Test(arguments: networks.indices)
    func optimisedProgramsMatchTheReference(_ index: Int) throws {
        let graph = try Self.networks[index].1()
        let feeds = randomFeeds(graph, seed: 21)
        for threads in [1, 2] {
            for isa in supportedISAs { try expectBLASMatchesReference(graph, feeds: feeds, threads: threads, vectorISA: isa) }
        }
        try expectBLASMatchesReference(graph, feeds: feeds, options: .unfused)
    }

    @Test(arguments: networks.indices)
    func fusedRegionsMatchTheirNodesOnTheReference(_ index: Int) throws {
        let graph = try Self.networks[index].1()
        let feeds = randomFeeds(graph, seed: 22).mapValues { ReferenceTensor<Double>($0) }
        let reference = try ReferenceBackend<Double>().evaluate(Program(unplanned: graph), feeds: feeds)
        let optimised = try ReferenceBackend<Double>().evaluate(try compile(graph).program, feeds: feeds)
        for output in graph.outputs {
            let (a, b) = (try #require(optimised[output.name]).reals, try #require(reference[output.name]).reals)
            let error = relativeError(a.map(Float.init), b)
            #expect(error <= 1e-6, "\(output.name): \(error)")
        }
    }
}
