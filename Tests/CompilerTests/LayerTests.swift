import Compiler
import Testing

/// Layers declare PyTorch/timm parameter names, layouts and counts.
@Suite struct LayerTests {
    func parameters(_ graph: Graph) -> [String] {
        graph.parameters.map { "\($0.name) \($0.type.shape)" }
    }

    @Test func linearAndMLP() throws {
        let b = GraphBuilder()
        let x = b.input("state", [5, 39])
        let mlp = MLP(b.root.child("encoders.trunk"), inFeatures: 39, hiddenFeatures: 64, outFeatures: 7, activation: .relu)
        b.output("y", mlp(x))
        let graph = try b.finish()
        #expect(parameters(graph) == [
            "encoders.trunk.fc1.weight [64,39]", "encoders.trunk.fc1.bias [64]",
            "encoders.trunk.fc2.weight [7,64]", "encoders.trunk.fc2.bias [7]",
        ])
        #expect(graph.parameterCount == 64 * 39 + 64 + 7 * 64 + 7)
        #expect(graph[graph.output(named: "y")!].type.shape == [5, 7])
        #expect(graph.initializers["encoders.trunk.fc1.weight"] == .kaimingUniform(fanIn: 39, a: 5.0.squareRoot()))
        #expect(graph.initializers["encoders.trunk.fc2.bias"] == .uniform(low: -1 / 8, high: 1 / 8))
    }

    @Test func preNormTransformerBlock() throws {
        let b = GraphBuilder()
        let x = b.input("tokens", [2, 5, 16])
        let block = TransformerBlock(b.root.child("encoders.vision.blocks.2"), .init(dim: 16, heads: 4, hidden: 64))
        b.output("y", block(x, causal: true))
        let graph = try b.finish()
        let prefix = "encoders.vision.blocks.2."
        #expect(parameters(graph) == [
            "norm1.weight [16]", "norm1.bias [16]",
            "attn.qkv.weight [48,16]", "attn.qkv.bias [48]", "attn.proj.weight [16,16]", "attn.proj.bias [16]",
            "norm2.weight [16]", "norm2.bias [16]",
            "mlp.fc1.weight [64,16]", "mlp.fc1.bias [64]", "mlp.fc2.weight [16,64]", "mlp.fc2.bias [16]",
        ].map { prefix + $0 })
        // 12 d² + 13 d for a pre-LN block with MLP ratio 4.
        #expect(graph.parameterCount == 12 * 16 * 16 + 13 * 16)
        #expect(graph[graph.output(named: "y")!].type.shape == [2, 5, 16])
        #expect(graph.initializers[prefix + "norm1.weight"] == .ones)
        #expect(graph.initializers[prefix + "norm2.bias"] == .zeros)
    }

    @Test func llamaStyleBlockWithRMSNormSwiGLUAndQKNorm() throws {
        let b = GraphBuilder()
        let x = b.input("tokens", [1, 3, 8])
        let configuration = TransformerBlock.Configuration(dim: 8, heads: 2, hidden: 16, feedForward: .swiGLU,
                                                           normalization: .rms(epsilon: 1e-5), qkNorm: .rmsNorm, bias: false)
        let block = TransformerBlock(b.root.child("memory.blocks.0"), configuration)
        b.output("y", block(x, rotary: RotaryEmbedding(positions: b.positions(3))))
        let graph = try b.finish()
        #expect(parameters(graph) == [
            "norm1.weight [8]", "attn.qkv.weight [24,8]", "attn.proj.weight [8,8]",
            "attn.q_norm.weight [4]", "attn.k_norm.weight [4]", "norm2.weight [8]",
            "mlp.fc1_g.weight [16,8]", "mlp.fc1_x.weight [16,8]", "mlp.fc2.weight [8,16]",
        ].map { "memory.blocks.0." + $0 })
    }

    @Test func crossAttentionAndPaddingMask() throws {
        let b = GraphBuilder()
        let x = b.input("queries", [2, 3, 8])
        let context = b.input("context", [2, 6, 12])
        let valid = b.input("valid", [2, 6])
        let cross = CrossAttention(b.root.child("head.cross"), dim: 8, contextDim: 12, heads: 2)
        b.output("y", cross(x, context: context, mask: b.paddingMask(validKeys: valid)))
        let graph = try b.finish()
        #expect(parameters(graph) == [
            "head.cross.q.weight [8,8]", "head.cross.q.bias [8]", "head.cross.kv.weight [16,12]", "head.cross.kv.bias [16]",
            "head.cross.proj.weight [8,8]", "head.cross.proj.bias [8]",
        ])
        #expect(graph[graph.output(named: "y")!].type.shape == [2, 3, 8])
    }

    @Test func ditBlockIsZeroInitialisedModulation() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 4, 8])
        let c = b.input("c", [2, 6])
        let block = DiTBlock(b.root.child("head.blocks.0"), dim: 8, heads: 2, conditionDim: 6)
        b.output("y", block(x, condition: c))
        let graph = try b.finish()
        #expect(parameters(graph) == [
            "attn.qkv.weight [24,8]", "attn.qkv.bias [24]", "attn.proj.weight [8,8]", "attn.proj.bias [8]",
            "mlp.fc1.weight [32,8]", "mlp.fc1.bias [32]", "mlp.fc2.weight [8,32]", "mlp.fc2.bias [8]",
            "adaLN_modulation.1.weight [48,6]", "adaLN_modulation.1.bias [48]",
        ].map { "head.blocks.0." + $0 })
        #expect(graph.initializers["head.blocks.0.adaLN_modulation.1.weight"] == .zeros)
        #expect(graph.initializers["head.blocks.0.adaLN_modulation.1.bias"] == .zeros)
    }

    @Test func convEmbeddingAndTimestepEmbedder() throws {
        let b = GraphBuilder()
        let image = b.input("image", [2, 3, 9, 9])
        let conv = Conv2d(b.root.child("encoders.cnn.conv.0"), inChannels: 3, outChannels: 5, kernel: 3, stride: 2, padding: 1)
        let tokens = b.input("tokens", [2, 4], dtype: .i32)
        let embedding = Embedding(b.root.child("encoders.text.embed"), count: 11, dim: 6)
        let t = b.input("t", [2])
        let embedder = TimestepEmbedder(b.root.child("head.t_embedder"), dim: 8, frequencyDim: 7)
        b.output("features", conv(image))
        b.output("words", embedding(tokens))
        b.output("time", embedder(t))
        let graph = try b.finish()
        #expect(parameters(graph) == [
            "encoders.cnn.conv.0.weight [5,3,3,3]", "encoders.cnn.conv.0.bias [5]",
            "encoders.text.embed.weight [11,6]",
            "head.t_embedder.mlp.0.weight [8,7]", "head.t_embedder.mlp.0.bias [8]",
            "head.t_embedder.mlp.2.weight [8,8]", "head.t_embedder.mlp.2.bias [8]",
        ])
        #expect(graph.initializers["encoders.cnn.conv.0.weight"] == .kaimingUniform(fanIn: 27, a: 5.0.squareRoot()))
        #expect(graph.initializers["encoders.text.embed.weight"] == .normal(mean: 0, std: 1))
        #expect(graph[graph.output(named: "features")!].type.shape == [2, 5, 5, 5])
        #expect(graph[graph.output(named: "words")!].type.shape == [2, 4, 6])
        #expect(graph[graph.output(named: "time")!].type.shape == [2, 8])
    }

    @Test func layerMistakesAreReportedInTheirScope() {
        let b = GraphBuilder()
        let x = b.input("x", [2, 5, 10])
        let attention = SelfAttention(b.root.child("encoders.vision.blocks.0.attn"), dim: 10, heads: 4)
        _ = attention(x)
        #expect(throws: GraphError.self) { try b.finish() }
        #expect(b.issues.first?.description == "in encoders.vision.blocks.0.attn: 4 heads do not divide the width 10")
    }

    @Test func initializerOverrides() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 4])
        let head = Linear(b.root.child("head.out"), inFeatures: 4, outFeatures: 3)
        b.output("y", head(x))
        b.overrideInitializers { name, _ in name.hasSuffix(".weight") ? .normal(std: 0.02) : .zeros }
        let graph = try b.finish()
        #expect(graph.initializers == ["head.out.weight": .normal(mean: 0, std: 0.02), "head.out.bias": .zeros])
    }
}
