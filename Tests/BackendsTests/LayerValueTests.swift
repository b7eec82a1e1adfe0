import Compiler
import Backends
import Foundation
import Testing

/// Layer outputs against direct computations of their definitions.
@Suite struct LayerValueTests {
    let backend = ReferenceBackend<Double>()

    @Test func conv2dMatchesDirectConvolution() throws {
        let (batch, channels, height, width, out, kernel, stride, padding) = (2, 3, 6, 5, 4, 3, 2, 1)
        let b = GraphBuilder()
        let conv = Conv2d(b.root.child("conv"), inChannels: channels, outChannels: out, kernel: kernel, stride: stride, padding: padding)
        b.output("y", conv(b.input("x", [batch, channels, height, width])))
        let graph = try b.finish()
        let x = randomValues(batch * channels * height * width, in: -1...1, seed: 1)
        let w = randomValues(out * channels * kernel * kernel, in: -1...1, seed: 2)
        let bias = randomValues(out, in: -1...1, seed: 3)
        let y = try #require(try backend.evaluate(graph, feeds: [
            "x": .init(shape: [batch, channels, height, width], reals: x),
            "conv.weight": .init(shape: [out, channels, kernel, kernel], reals: w),
            "conv.bias": .init(shape: [out], reals: bias),
        ])["y"])
        let (outH, outW) = conv.outputSize(height: height, width: width)
        #expect(y.shape == [batch, out, outH, outW])
        var expected: [Double] = []
        for n in 0..<batch {
            for o in 0..<out {
                for r in 0..<outH {
                    for c in 0..<outW {
                        var total = bias[o]
                        for ch in 0..<channels {
                            for i in 0..<kernel {
                                for j in 0..<kernel {
                                    let (row, column) = (r * stride + i - padding, c * stride + j - padding)
                                    guard (0..<height).contains(row), (0..<width).contains(column) else { continue }
                                    total += x[((n * channels + ch) * height + row) * width + column]
                                        * w[((o * channels + ch) * kernel + i) * kernel + j]
                                }
                            }
                        }
                        expected.append(total)
                    }
                }
            }
        }
        #expect(zip(y.reals, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func rotaryScoresDependOnlyOnRelativePosition() throws {
        // q at position p and k at position p + 3 give the same score for every p.
        let b = GraphBuilder()
        let q = b.input("q", [1, 8])
        let k = b.input("k", [1, 8])
        for p in [0, 5, 11] {
            let rq = RotaryEmbedding(positions: b.positions(1, start: p))(q)
            let rk = RotaryEmbedding(positions: b.positions(1, start: p + 3))(k)
            b.output("score\(p)", (rq * rk).sum())
            b.output("norm\(p)", rq.squared().sum())
        }
        let feeds: [String: ReferenceTensor<Double>] = [
            "q": .init(shape: [1, 8], reals: randomValues(8, in: -1...1, seed: 4)),
            "k": .init(shape: [1, 8], reals: randomValues(8, in: -1...1, seed: 5)),
        ]
        let result = try backend.evaluate(try b.finish(), feeds: feeds)
        let scores = [0, 5, 11].map { result["score\($0)"]!.reals[0] }
        #expect(abs(scores[0] - scores[1]) < 1e-6 && abs(scores[0] - scores[2]) < 1e-6)
        let norm = feeds["q"]!.reals.reduce(0) { $0 + $1 * $1 }
        #expect([0, 5, 11].allSatisfy { abs(result["norm\($0)"]!.reals[0] - norm) < 1e-6 })
    }

    @Test func sinusoidalEmbeddingFollowsDiT() throws {
        let b = GraphBuilder()
        b.output("e", sinusoidalEmbedding(b.input("t", [2]), dim: 7))
        let result = try backend.evaluate(try b.finish(), feeds: ["t": .init(shape: [2], reals: [0, 37])])
        let e = try #require(result["e"]).reals
        let half = 3
        for (row, t) in [0.0, 37.0].enumerated() {
            for i in 0..<half {
                let frequency = exp(-log(10_000.0) * Double(i) / Double(half))
                // Frequencies are f32 constants: compare at f32 precision of the argument.
                #expect(abs(e[row * 7 + i] - cos(t * frequency)) < 1e-4)
                #expect(abs(e[row * 7 + half + i] - sin(t * frequency)) < 1e-4)
            }
            #expect(e[row * 7 + 6] == 0)
        }
    }

    @Test func masksHaveTheirShapes() throws {
        let b = GraphBuilder()
        b.output("causal", b.causalMask(queries: 2, keys: 3))
        b.output("block", b.blockCausalMask(blockSizes: [2, 1]))
        let result = try backend.evaluate(try b.finish(), feeds: [:])
        #expect(result["causal"]?.reals == [1, 0, 0, 1, 1, 0])
        #expect(result["block"]?.reals == [1, 1, 0, 1, 1, 0, 1, 1, 1])
    }

    @Test func ditBlockStartsAsIdentity() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3, 8])
        b.output("y", DiTBlock(b.root.child("blk"), dim: 8, heads: 2, conditionDim: 4)(x, condition: b.input("c", [2, 4])))
        let graph = try b.finish()
        var feeds = graph.initialParameters(seed: 1).mapValues { ReferenceTensor<Double>($0) }
        let input = randomValues(48, in: -1...1, seed: 6)
        feeds["x"] = .init(shape: [2, 3, 8], reals: input)
        feeds["c"] = .init(shape: [2, 4], reals: randomValues(8, in: -1...1, seed: 7))
        #expect(try backend.evaluate(graph, feeds: feeds)["y"]?.reals == input)
    }
}
