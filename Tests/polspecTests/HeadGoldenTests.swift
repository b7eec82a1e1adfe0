import Backends
import Compiler
import Foundation
import Lowering
import SpecLang
import Testing

/// Golden values of the paper heads against PyTorch (Tests/Fixtures/golden/heads/
/// make_heads_golden.py and make_gmm_golden.py, independent implementations from the papers'
/// definitions; the gmm head's with torch.distributions' MixtureSameFamily): each
/// fixture's whole sampling run from fixed noise, and one model step of its objective — the loss
/// and the gradient of every parameter — on the reference backend and on BLAS.
@Suite struct HeadGoldenTests {
    static let fixtures = PolspecProcess.root.appendingPathComponent("Tests/Fixtures/golden/heads")
    static let names = ["dit-incontext", "dit-bidirectional", "dit-cross", "dit-adaln", "dd-greedy", "dd-sampled",
                        "gmm-low-noise", "gmm-sampled"]

    static func file(_ name: String, _ suffix: String) -> URL { fixtures.appendingPathComponent("\(name).\(suffix)") }
    static func tensors(_ name: String, _ suffix: String) throws -> [String: HostTensor] {
        try InferGoldenTests.tensors(file(name, suffix))
    }

    static func spec(_ name: String) throws -> Spec {
        let result = SpecChecker.check(file: file(name, "yaml").path)
        return try #require(result.spec, "\(name).yaml: \(result.diagnostics.map(\.message))")
    }

    /// Both backends: the reference backend on the unplanned program, BLAS on the compiled one.
    static func run(_ graph: Graph, _ feeds: [String: HostTensor]) throws -> [[String: HostTensor]] {
        [try ReferenceBackend<Float>().run(Program(unplanned: graph), feeds: feeds),
         try BLASBackend(threads: 2).run(try compile(graph).program, feeds: feeds)]
    }

    /// Every element within `tolerance` (default 2e-3) of the tensor's largest magnitude.
    /// Gradients through sinusoids of flow times × 1000 carry float32's rounding of those large
    /// arguments: PyTorch itself in float32 differs from its float64 gradients by up to 3.4e-4 on
    /// dit-adaln.
    static func expectCloseToScale(_ actual: HostTensor, _ expected: HostTensor, _ what: String, tolerance: Float = 2e-3) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) vs \(expected.shape)")
        let scale = expected.floats.map(abs).max() ?? 0
        let worst = zip(actual.floats, expected.floats).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance * scale + 1e-6, "\(what): off by \(worst) at scale \(scale)")
    }

    @Test(arguments: names)
    func samplingRunMatchesPyTorch(_ name: String) throws {
        let policy = try PolicyGraph(try Self.spec(name), batch: 2, noise: .fed)
        let feeds = try Self.tensors(name, "weights.safetensors").merging(try Self.tensors(name, "input.safetensors")) { a, _ in a }
        #expect(FeedCheck.weightProblems(try Self.tensors(name, "weights.safetensors").mapValues(\.type), graph: policy.graph).isEmpty)
        let expected = try #require(try Self.tensors(name, "expected.safetensors")["action"])
        for outputs in try Self.run(policy.graph, feeds) {
            InferGoldenTests.expectClose(try #require(outputs["action"]), expected, "\(name) sampling")
        }
    }

    @Test(arguments: names)
    func lossAndGradientsMatchPyTorch(_ name: String) throws {
        let loss = try LossGraph(try Self.spec(name), stage: 0, batch: 2)
        let training = try loss.trainingGraph()
        var fixture = try Self.tensors(name, "loss.safetensors")
        let inputs = try Self.tensors(name, "input.safetensors")
        var feeds = try Self.tensors(name, "weights.safetensors")
        for observation in loss.observations { feeds[observation.name] = inputs[observation.name] }
        for request in loss.requests { feeds[request.name] = fixture.removeValue(forKey: request.name) }
        for outputs in try Self.run(training, feeds) {
            InferGoldenTests.expectClose(try #require(outputs["loss"]), try #require(fixture["loss"]), "\(name) loss")
            for parameter in loss.trainedParameters {
                let expected = try #require(fixture["grad.\(parameter)"], "no PyTorch gradient for \(parameter)")
                Self.expectCloseToScale(try #require(outputs["grad.\(parameter)"]), expected, "\(name) grad.\(parameter)")
            }
        }
        #expect(Set(loss.trainedParameters.map { "grad.\($0)" }) == Set(fixture.keys.filter { $0.hasPrefix("grad.") }))
    }
}

/// The uwm head against PyTorch: the policy, forward- and inverse-dynamics queries from fixed
/// noise, the joint diffusion loss (independent timesteps, action-free samples, v-prediction)
/// and the autoencoder objective, with every gradient, on both backends.
@Suite struct UWMGoldenTests {
    static let name = "uwm-small"

    @Test(arguments: ["policy", "forward_dynamics", "inverse_dynamics"])
    func queriesMatchPyTorch(_ mode: String) throws {
        let policy = try PolicyGraph(try HeadGoldenTests.spec(Self.name), batch: 2, noise: .fed, mode: mode)
        let inputs = try HeadGoldenTests.tensors(Self.name, "input.safetensors")
        var feeds = try HeadGoldenTests.tensors(Self.name, "weights.safetensors")
        for input in policy.graph.inputs { feeds[input.name] = inputs[input.name] }
        let expected = try HeadGoldenTests.tensors(Self.name, "expected.safetensors")
        for outputs in try HeadGoldenTests.run(policy.graph, feeds) {
            for output in policy.graph.outputs {
                let key = mode == "policy" ? output.name : "\(mode).\(output.name)"
                InferGoldenTests.expectClose(try #require(outputs[output.name]), try #require(expected[key]), "\(mode) \(output.name)")
            }
        }
    }

    @Test(arguments: [("s", "loss.safetensors"), ("ae", "autoencoder.safetensors")])
    func objectivesMatchPyTorch(_ stage: String, _ fixtureFile: String) throws {
        let spec = try HeadGoldenTests.spec(Self.name)
        let loss = try LossGraph(spec, stage: try LossGraph.stage(named: stage, in: spec), batch: 2)
        let fixture = try HeadGoldenTests.tensors(Self.name, fixtureFile)
        let inputs = try HeadGoldenTests.tensors(Self.name, "input.safetensors")
        var feeds = try HeadGoldenTests.tensors(Self.name, "weights.safetensors")
        for input in loss.graph.inputs { feeds[input.name] = inputs[input.name] ?? fixture[input.name] }
        for outputs in try HeadGoldenTests.run(try loss.trainingGraph(), feeds) {
            InferGoldenTests.expectClose(try #require(outputs["loss"]), try #require(fixture["loss"]), "\(stage) loss")
            for parameter in loss.trainedParameters {
                let expected = try #require(fixture["grad.\(parameter)"], "no PyTorch gradient for \(parameter)")
                HeadGoldenTests.expectCloseToScale(try #require(outputs["grad.\(parameter)"]), expected, "\(stage) grad.\(parameter)")
            }
        }
        // The frozen autoencoder is not trained by the diffusion stage; the autoencoder stage trains only it.
        let trained = Set(loss.trainedParameters.map { "grad.\($0)" })
        #expect(trained == Set(fixture.keys.filter { $0.hasPrefix("grad.") }))
        #expect(trained.allSatisfy { $0.contains("autoencoder") } == (stage == "ae"))
    }
}
