import Compiler
import Backends
import Testing

/// The composites: gradients against finite differences, and their fused reference kernels
/// against their lowering to primitives.
@Suite struct CompositeTests {
    /// A named composite application on fresh inputs.
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var inputs: [CheckedInput]
        var build: @Sendable (GraphBuilder, [Tensor]) -> Tensor
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "layer_norm", inputs: [CheckedInput("x", [3, 7])]) { _, x in layerNorm(x[0]) },
        Case(label: "rms_norm", inputs: [CheckedInput("x", [2, 3, 5])]) { _, x in rmsNorm(x[0], epsilon: 1e-5) },
        Case(label: "softmax", inputs: [CheckedInput("x", [3, 5], range: -3...3)]) { _, x in softmax(x[0]) },
        Case(label: "softmax masked", inputs: [CheckedInput("x", [2, 3, 5], range: -3...3)]) { b, x in
            // The last row of the second matrix is fully masked: it must come out as zeros.
            let mask = (0..<30).map { Float($0 % 3 == 1 || $0 >= 25 ? 0 : 1) }
            return softmax(x[0], mask: b.constant(HostTensor(shape: [2, 3, 5], floats: mask)))
        },
        Case(label: "softmax broadcast mask", inputs: [CheckedInput("x", [2, 3, 5], range: -3...3)]) { b, x in
            softmax(x[0], mask: b.constant(HostTensor(shape: [5], floats: [1, 1, 0, 1, 0])))
        },
        Case(label: "gelu", inputs: [CheckedInput("x", [3, 5], range: -3...3)]) { _, x in gelu(x[0]) },
        Case(label: "gelu_tanh", inputs: [CheckedInput("x", [3, 5], range: -3...3)]) { _, x in gelu(x[0], approximation: .tanh) },
        Case(label: "silu", inputs: [CheckedInput("x", [3, 5], range: -3...3)]) { _, x in silu(x[0]) },
        Case(label: "attention", inputs: [CheckedInput("q", [2, 3, 4]), CheckedInput("k", [2, 5, 4]), CheckedInput("v", [2, 5, 3])]) { _, x in
            attention(x[0], x[1], x[2])
        },
        Case(label: "attention causal", inputs: [CheckedInput("q", [1, 2, 4, 3]), CheckedInput("k", [1, 2, 4, 3]), CheckedInput("v", [1, 2, 4, 2])]) { _, x in
            attention(x[0], x[1], x[2], causal: true)
        },
        Case(label: "attention padding mask + causal", inputs: [CheckedInput("q", [2, 2, 5, 3]), CheckedInput("k", [2, 2, 5, 3]), CheckedInput("v", [2, 2, 5, 3])]) { b, x in
            // Key padding per batch element, broadcast over heads and queries.
            let valid = b.constant(HostTensor(shape: [2, 1, 1, 5], floats: [1, 1, 1, 0, 0, 1, 1, 1, 1, 0]))
            return attention(x[0], x[1], x[2], mask: valid, causal: true, scale: 0.7)
        },
    ]

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(_ testCase: Case) throws {
        try expectGradientsMatchFiniteDifferences(testCase.inputs, testCase.build)
    }

    @Test(arguments: cases)
    func fusedKernelMatchesLowering(_ testCase: Case) throws {
        let b = GraphBuilder()
        let inputs = testCase.inputs.map { b.input($0.name, $0.shape) }
        let value = testCase.build(b, inputs)
        b.output("y", value)
        let fused = try b.finish()
        let lowered = try fused.loweringComposites()
        #expect(!lowered.nodes.contains { $0.op.kind == .composite })
        let feeds = doubleFeeds(testCase.inputs, seed: 3)
        let backend = ReferenceBackend<Double>()
        let y = try #require(try backend.evaluate(fused, feeds: feeds)["y"]).reals
        let z = try #require(try backend.evaluate(lowered, feeds: feeds)["y"]).reals
        #expect(y.count == z.count)
        let worst = zip(y, z).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-12, "fused and lowered \(testCase.label) differ by \(worst)")
        #expect(y.allSatisfy { $0.isFinite })
    }

    @Test func fullyMaskedSoftmaxRowIsZero() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3])
        b.output("y", softmax(x, mask: b.constant(HostTensor(shape: [2, 3], floats: [1, 0, 1, 0, 0, 0]))))
        let graph = try b.finish()
        for candidate in [graph, try graph.loweringComposites()] {
            let y = try ReferenceBackend<Double>().evaluate(candidate, feeds: ["x": .init(shape: [2, 3], reals: [0, 5, 0, 1, 2, 3])])
            #expect(y["y"]?.reals == [0.5, 0, 0.5, 0, 0, 0])
        }
    }
}
