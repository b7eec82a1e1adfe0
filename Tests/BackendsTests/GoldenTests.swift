import Compiler
import Backends
import Testing

/// Forward values and gradients against numpy (Tests/Fixtures/golden/make_golden.py), run in
/// f32 on the reference backend with the fixtures' weights fed by their PyTorch names.
@Suite struct GoldenTests {
    /// Largest |a - e| / (1 + |e|) over the elements.
    func worstError(_ actual: HostTensor?, _ expected: [Double]) -> Double {
        guard let actual, actual.shape.elementCount == expected.count else { return .infinity }
        return zip(actual.floats, expected).map { abs(Double($0) - $1) / (1 + abs($1)) }.max() ?? 0
    }

    /// Runs `graph` with the fixture's tensors and compares each of `outputs` with the
    /// fixture tensor of the same name.
    func expectMatches(_ graph: Graph, _ fixture: GoldenFixture, outputs: [String], tolerance: Double) throws {
        let result = try ReferenceBackend<Float>().run(Program(unplanned: graph), feeds: fixture.feeds(for: graph))
        for name in outputs {
            let error = worstError(result[name], fixture.tensors[name]!.values)
            #expect(error < tolerance, "\(name) differs from numpy by \(error)")
        }
        // The same graph with composites lowered to primitives gives the same values.
        let lowered = try ReferenceBackend<Float>().run(Program(unplanned: try graph.loweringComposites()), feeds: fixture.feeds(for: graph))
        for name in outputs {
            let error = worstError(lowered[name], fixture.tensors[name]!.values)
            #expect(error < tolerance, "lowered \(name) differs from numpy by \(error)")
        }
    }

    @Test func mlpForwardAndGradient() throws {
        let fixture = try GoldenFixture("mlp.txt")
        let b = GraphBuilder()
        let mlp = MLP(b.root.child("encoders.trunk"), inFeatures: 7, hiddenFeatures: 16, outFeatures: 5, activation: .geluTanh)
        let y = mlp(b.input("state", [3, 7]))
        b.output("y", y)
        b.output("loss", (y * b.input("r", [3, 5])).sum())
        let graph = try b.finish().appendingGradients(of: "loss", withRespectTo: ["encoders.trunk.fc1.weight"])
        try expectMatches(graph, fixture, outputs: ["y", "loss", "grad.encoders.trunk.fc1.weight"], tolerance: 2e-6)
    }

    @Test func transformerBlockForwardAndGradient() throws {
        let fixture = try GoldenFixture("block.txt")
        let b = GraphBuilder()
        let block = TransformerBlock(b.root.child("encoders.vision.blocks.0"), .init(dim: 12, heads: 3))
        let mask = b.paddingMask(validKeys: b.input("valid", [2, 5]))
        let y = block(b.input("tokens", [2, 5, 12]), mask: mask, causal: true)
        b.output("y", y)
        b.output("loss", (y * b.input("r", [2, 5, 12])).sum())
        let prefix = "encoders.vision.blocks.0."
        let graph = try b.finish().appendingGradients(of: "loss", withRespectTo: [prefix + "attn.qkv.weight", prefix + "norm1.weight"])
        try expectMatches(graph, fixture, outputs: ["y", "loss", "grad.\(prefix)attn.qkv.weight", "grad.\(prefix)norm1.weight"],
                          tolerance: 1e-5)
    }

    @Test func seededInitialisationIsReproducibleOutsidePolspec() throws {
        let fixture = try GoldenFixture("init.txt")
        let b = GraphBuilder()
        b.output("h", Linear(b.root.child("encoders.trunk.fc1"), inFeatures: 7, outFeatures: 16)(b.input("x", [1, 7])))
        b.output("e", Embedding(b.root.child("encoders.text.embed"), count: 5, dim: 3)(b.input("i", [2], dtype: .i32)))
        let initial = try b.finish().initialParameters(seed: 1234)
        for name in ["encoders.trunk.fc1.weight", "encoders.trunk.fc1.bias", "encoders.text.embed.weight"] {
            #expect(initial[name] == fixture.host(name), "\(name) differs from the documented recipe")
        }
    }
}
