import Compiler
import Backends
import Testing

/// Whole layers differentiated with respect to their inputs and every parameter.
@Suite struct LayerGradientTests {
    @Test func transformerBlockWithMaskAndRotary() throws {
        try expectLayerGradientsMatchFiniteDifferences { b in
            let x = b.input("x", [2, 3, 8])
            let configuration = TransformerBlock.Configuration(dim: 8, heads: 2, hidden: 12, feedForward: .mlp(.geluTanh))
            let block = TransformerBlock(b.root.child("blocks.0"), configuration)
            return block(x, mask: b.blockCausalMask(blockSizes: [1, 2]), rotary: RotaryEmbedding(positions: b.positions(3, start: 2)))
        }
    }

    @Test func llamaBlockWithQKNormAndSwiGLU() throws {
        try expectLayerGradientsMatchFiniteDifferences { b in
            let x = b.input("x", [1, 4, 4])
            let configuration = TransformerBlock.Configuration(dim: 4, heads: 2, hidden: 4, feedForward: .swiGLU,
                                                               normalization: .rmsNorm, qkNorm: .layerNorm, bias: false)
            return TransformerBlock(b.root.child("blocks.0"), configuration)(x, causal: true)
        }
    }

    @Test func ditBlockWithModulation() throws {
        try expectLayerGradientsMatchFiniteDifferences { b in
            let x = b.input("x", [2, 3, 4])
            let c = b.input("c", [2, 3])
            return DiTBlock(b.root.child("blocks.0"), dim: 4, heads: 2, conditionDim: 3, hidden: 4)(x, condition: c)
        }
    }

    @Test func crossAttentionWithPaddingMask() throws {
        let valid = ReferenceTensor<Double>(shape: [2, 4], reals: [1, 1, 0, 0, 1, 1, 1, 0])
        try expectLayerGradientsMatchFiniteDifferences(fixedFeeds: ["valid": valid]) { b in
            let x = b.input("x", [2, 3, 4])
            let context = b.input("context", [2, 4, 5])
            let cross = CrossAttention(b.root.child("cross"), dim: 4, contextDim: 5, heads: 2, qkNorm: .rmsNorm)
            return cross(x, context: context, mask: b.paddingMask(validKeys: b.input("valid", [2, 4])),
                         keyRotary: RotaryEmbedding(positions: b.positions(4)))
        }
    }

    @Test func convolutionEmbeddingAndTimestepEmbedder() throws {
        try expectLayerGradientsMatchFiniteDifferences { b in
            Conv2d(b.root.child("conv"), inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1)(b.input("image", [1, 2, 5, 4]))
        }
        let tokens = ReferenceTensor<Double>(shape: [2, 3], storage: .integer([4, 0, 4, 1, 2, 3]))
        try expectLayerGradientsMatchFiniteDifferences(fixedFeeds: ["tokens": tokens]) { b in
            Embedding(b.root.child("embed"), count: 5, dim: 3)(b.input("tokens", [2, 3], dtype: .i32))
        }
        try expectLayerGradientsMatchFiniteDifferences { b in
            TimestepEmbedder(b.root.child("t_embedder"), dim: 4, frequencyDim: 5)(b.input("t", [3]) * 4)
        }
    }
}
