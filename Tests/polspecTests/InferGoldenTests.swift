import Backends
import Compiler
import Lowering
import Foundation
import SafeTensors
import SpecLang
import Testing

/// Golden values of lowered specs: polspec's forward pass (and the bc loss) against numpy
/// computations of the same networks from the same weights, read by their documented names
/// (Tests/Fixtures/golden/lowering/make_lowering_golden.py). Each fixture runs twice: through
/// `polspec infer` as a user would (the compiled program on the BLAS backend, and the reference
/// backend), and through the library with the reference backend.
@Suite struct InferGoldenTests {
    static let fixtures = PolspecProcess.root.appendingPathComponent("Tests/Fixtures/golden/lowering")
    static let names = ["mlp-bc", "transformer", "cnn-text", "mlp-ddim", "mlp-ddim-sample", "mlp-ddpm"]

    static func file(_ name: String, _ suffix: String) -> URL { fixtures.appendingPathComponent("\(name).\(suffix)") }

    static func tensors(_ url: URL) throws -> [String: HostTensor] {
        let file = try SafeTensorsFile(contentsOf: url)
        var tensors: [String: HostTensor] = [:]
        for name in file.names {
            let entry = try file.entry(name)
            tensors[name] = entry.dtype == .i32 ? HostTensor(shape: Shape(entry.shape), ints: try file.int32(name))
                : HostTensor(shape: Shape(entry.shape), floats: try file.float32(name))
        }
        return tensors
    }

    /// |actual − expected| ≤ 1e-5 + 1e-4·|expected| everywhere.
    static func expectClose(_ actual: HostTensor, _ expected: HostTensor, _ what: String) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) vs \(expected.shape)")
        let worst = zip(actual.floats, expected.floats).map { abs($0 - $1) - 1e-4 * abs($1) }.max() ?? 0
        #expect(worst <= 1e-5, "\(what): off by \(worst) beyond tolerance")
    }

    @Test(arguments: names, ["blas", "reference"])
    func inferMatchesNumpy(_ name: String, backend: String) throws {
        let output = PolspecProcess.temporary("golden-\(name)-\(backend).safetensors")
        defer { try? FileManager.default.removeItem(at: output) }
        var arguments = ["infer", Self.file(name, "yaml").path, "--weights", Self.file(name, "weights.safetensors").path,
                         "--input", Self.file(name, "input.safetensors").path, "--output", output.path, "--backend", backend]
        if name.hasPrefix("mlp-dd") { arguments.append("--noise-from-input") }
        let run = try PolspecProcess.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let actual = try #require(try Self.tensors(output)["action"])
        Self.expectClose(actual, try #require(try Self.tensors(Self.file(name, "expected.safetensors"))["action"]), name)
    }

    @Test(arguments: names)
    func libraryForwardMatchesNumpy(_ name: String) throws {
        let spec = try #require(SpecChecker.check(file: Self.file(name, "yaml").path).spec)
        let policy = try PolicyGraph(spec, batch: 2, noise: name.hasPrefix("mlp-dd") ? .fed : nil)
        let feeds = try Self.tensors(Self.file(name, "weights.safetensors")).merging(try Self.tensors(Self.file(name, "input.safetensors"))) { a, _ in a }
        let outputs = try ReferenceBackend<Float>().run(Program(unplanned: policy.graph), feeds: feeds)
        let expected = try #require(try Self.tensors(Self.file(name, "expected.safetensors"))["action"])
        Self.expectClose(try #require(outputs["action"]), expected, name)
    }

    @Test(arguments: ["mse", "l1", "smooth_l1"])
    func bcLossMatchesNumpy(_ loss: String) throws {
        let result = SpecChecker.check(file: Self.file("mlp-bc", "yaml").path,
                                       options: CheckOptions(overrides: ["recipe.stages.0.objective.loss=\(loss)"]))
        let spec = try #require(result.spec)
        let graph = try LossGraph(spec, stage: 0, batch: 2)
        #expect(graph.requests.map(\.name) == ["target.action"])
        let fixture = try Self.tensors(Self.file("mlp-bc", "loss.safetensors"))
        var feeds = try Self.tensors(Self.file("mlp-bc", "weights.safetensors")).merging(try Self.tensors(Self.file("mlp-bc", "input.safetensors"))) { a, _ in a }
        feeds["target.action"] = fixture["target.action"]
        let outputs = try ReferenceBackend<Float>().run(Program(unplanned: graph.graph), feeds: feeds)
        Self.expectClose(try #require(outputs["loss"]), try #require(fixture["loss.\(loss)"]), loss)
    }
}

extension InferGoldenTests {
    /// The diffusion objective's loss (requests fed: chunk, noise, timesteps) for the three
    /// prediction types, against numpy.
    @Test(arguments: ["mlp-ddim", "mlp-ddim-sample", "mlp-ddpm"])
    func diffusionLossMatchesNumpy(_ name: String) throws {
        let spec = try #require(SpecChecker.check(file: Self.file(name, "yaml").path).spec)
        let graph = try LossGraph(spec, stage: 0, batch: 2)
        #expect(graph.requests.map(\.name) == ["target.action", "target.noise", "target.timestep"])
        var fixture = try Self.tensors(Self.file(name, "loss.safetensors"))
        let expected = try #require(fixture["loss"])
        fixture["loss"] = nil
        let feeds = try Self.tensors(Self.file(name, "weights.safetensors")).merging(fixture) { a, _ in a }
        for backend in [try ReferenceBackend<Float>().run(Program(unplanned: graph.graph), feeds: feeds),
                        try BLASBackend(threads: 2).run(try compile(graph.graph).program, feeds: feeds)] {
            Self.expectClose(try #require(backend["loss"]), expected, name)
        }
    }
}

/// The bc training graph: its gradients against central differences of its loss, in Double.
@Suite struct InferTrainingGraphTests {
    @Test(arguments: ["mse", "smooth_l1"])
    func gradientsMatchFiniteDifferences(_ loss: String) throws {
        let result = SpecChecker.check(file: InferGoldenTests.file("mlp-bc", "yaml").path,
                                       options: CheckOptions(overrides: ["recipe.stages.0.objective.loss=\(loss)"]))
        let lossGraph = try LossGraph(try #require(result.spec), stage: 0, batch: 2)
        let training = try lossGraph.trainingGraph()
        #expect(Set(training.outputs.map(\.name)) == Set(["loss"] + lossGraph.trainedParameters.map { "grad.\($0)" }))
        var feeds = try InferGoldenTests.tensors(InferGoldenTests.file("mlp-bc", "weights.safetensors"))
            .merging(try InferGoldenTests.tensors(InferGoldenTests.file("mlp-bc", "input.safetensors"))) { a, _ in a }
            .mapValues { ReferenceTensor<Double>($0) }
        feeds["target.action"] = ReferenceTensor(try #require(try InferGoldenTests.tensors(InferGoldenTests.file("mlp-bc", "loss.safetensors"))["target.action"]))
        let backend = ReferenceBackend<Double>()
        let outputs = try backend.evaluate(training, feeds: feeds)
        for name in ["encoders.trunk.0.weight", "encoders.robot.1.bias", "head.norm1.weight", "head.fc2.bias"] {
            let analytic = try #require(outputs["grad.\(name)"]).reals
            for index in [0, analytic.count / 2, analytic.count - 1] {
                var values = try #require(feeds[name]).reals
                let step = 1e-6
                values[index] += step
                var up = feeds
                up[name] = ReferenceTensor(shape: feeds[name]!.shape, reals: values)
                values[index] -= 2 * step
                var down = feeds
                down[name] = ReferenceTensor(shape: feeds[name]!.shape, reals: values)
                let numeric = (try backend.evaluate(lossGraph.graph, feeds: up)["loss"]!.reals[0]
                    - backend.evaluate(lossGraph.graph, feeds: down)["loss"]!.reals[0]) / (2 * step)
                #expect(abs(analytic[index] - numeric) <= 1e-6 + 1e-5 * abs(numeric), "\(loss) \(name)[\(index)]: \(analytic[index]) vs \(numeric)")
            }
        }
    }
}
