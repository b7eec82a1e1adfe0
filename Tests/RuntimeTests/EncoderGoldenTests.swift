import Backends
import Compiler
import Foundation
import SpecLang
import Testing
@testable import Lowering
@testable import Runtime

/// Golden values of the paper encoders against PyTorch (Tests/Fixtures/golden/encoders/
/// make_encoders_golden.py, an independent implementation from the papers' definitions and
/// code): each encoder's output (moment_tokens with its carried window), the loss and every
/// gradient of its objectives, and one training step (SGD, clipping, the jepa EMA), on the
/// reference backend and on BLAS.
@Suite struct EncoderGoldenTests {
    static let fixtures = Fixtures.root.appendingPathComponent("Tests/Fixtures/golden/encoders")

    static func tensors(_ name: String, _ suffix: String) throws -> [String: HostTensor] {
        try TensorFile.tensors(Array(try Data(contentsOf: fixtures.appendingPathComponent("\(name).\(suffix).safetensors")))).tensors
    }

    static func spec(_ name: String, overrides: [String] = []) throws -> Spec {
        let result = SpecChecker.check(file: fixtures.appendingPathComponent("\(name).yaml").path, options: CheckOptions(overrides: overrides))
        return try #require(result.spec, "\(name).yaml: \(result.diagnostics.map(\.message))")
    }

    /// Both backends: the reference backend on the unplanned program, BLAS on the compiled one.
    static func run(_ graph: Graph, _ feeds: [String: HostTensor]) throws -> [[String: HostTensor]] {
        [try ReferenceBackend<Float>().run(Program(unplanned: graph), feeds: feeds),
         try BLASBackend(threads: 2).run(try compile(graph).program, feeds: feeds)]
    }

    /// |actual − expected| ≤ 1e-5 + 1e-4·|expected|: forward values and losses, computed in
    /// float32 here and float64 in PyTorch, agree to float32 rounding.
    static func expectClose(_ actual: HostTensor?, _ expected: HostTensor?, _ what: String) {
        guard let actual, let expected else { Issue.record("\(what): missing"); return }
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) vs \(expected.shape)")
        let worst = zip(actual.floats, expected.floats).map { abs($0 - $1) - 1e-4 * abs($1) }.max() ?? 0
        #expect(worst <= 1e-5, "\(what): off by \(worst) beyond tolerance")
    }

    /// Every element within 1e-3 of the tensor's largest magnitude: gradients sum many float32
    /// products (attention backward, the contrastive loss's 1/τ = 10) whose rounding is relative
    /// to the largest terms, not to each element.
    static func expectCloseToScale(_ actual: [Float], _ expected: [Float], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) values vs \(expected.count)")
        let scale = expected.map(abs).max() ?? 0
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-3 * scale + 1e-6, "\(what): off by \(worst) at scale \(scale)")
    }

    /// The tensors of `available` that `graph` reads (its inputs and parameters).
    static func feeds(_ graph: Graph, from available: [String: HostTensor]) -> [String: HostTensor] {
        let names = Set(graph.inputs.map(\.name) + graph.parameters.map(\.name))
        return available.filter { names.contains($0.key) }
    }

    /// The graph of the policy's encoder ports `names` (and the next carried state).
    static func encoderGraph(_ spec: Spec, batch: Int, ports names: [String]) throws -> Graph {
        let builder = GraphBuilder()
        let lowering = try PolicyLowering(spec, builder: builder, batch: batch)
        let ports = lowering.ports()
        for name in names { builder.output(name, ports[name]!.tensor) }
        return try lowering.finish()
    }

    @Test(arguments: [("moment-tokens", ["memory"], [String]()), ("jepa", ["vision"], []), ("physhmr-humanoid", ["rays"], []),
                      ("pixel-as-ray-moving", ["rays", "plucker"], [])])
    func encoderOutputsMatchPyTorch(_ name: String, _ ports: [String], _ overrides: [String]) throws {
        let graph = try Self.encoderGraph(try Self.spec(name, overrides: overrides), batch: 2, ports: ports)
        let feeds = try Self.tensors(name, "weights").merging(try Self.tensors(name, "input")) { a, _ in a }
        let expected = try Self.tensors(name, "expected")
        for outputs in try Self.run(graph, Self.feeds(graph, from: feeds)) {
            for port in ports { Self.expectClose(outputs[port], expected[port], "\(name) \(port)") }
            for output in graph.outputs where output.name.hasPrefix("next.") {
                Self.expectClose(outputs[output.name], expected[output.name], "\(name) \(output.name)")
            }
        }
    }

    /// HAMLET's cross-attention conditioning: the step's features with the memory as their tail.
    @Test func momentTokenFeaturesMatchPyTorch() throws {
        let graph = try Self.encoderGraph(try Self.spec("moment-tokens", overrides: ["encoders.memory.output=features"]), batch: 2,
                                          ports: ["memory"])
        let feeds = try Self.tensors("moment-tokens", "weights").merging(try Self.tensors("moment-tokens", "input")) { a, _ in a }
        let expected = try Self.tensors("moment-tokens", "expected")
        for outputs in try Self.run(graph, Self.feeds(graph, from: feeds)) {
            Self.expectClose(outputs["memory"], expected["features"], "features")
        }
    }

    @Test(arguments: [("moment-tokens", "bc"), ("moment-tokens", "tcl"), ("moment-tokens", "tcl-tokens"), ("jepa", "pretrain"),
                      ("physhmr-humanoid", "bc"), ("pixel-as-ray-moving", "bc")])
    func objectiveLossAndGradientsMatchPyTorch(_ name: String, _ stage: String) throws {
        let spec = try Self.spec(name)
        let loss = try LossGraph(spec, stage: try LossGraph.stage(named: stage, in: spec), batch: 2)
        let fixture = try Self.tensors(name, stage)
        let inputs = try Self.tensors(name, "input")
        var feeds = try Self.tensors(name, "weights").filter { key, _ in loss.graph.parameters.contains { $0.name == key } }
        for input in loss.graph.inputs { feeds[input.name] = inputs[input.name] ?? fixture[input.name] }
        for outputs in try Self.run(try loss.trainingGraph(), feeds) {
            Self.expectClose(outputs["loss"], fixture["loss"], "\(name) \(stage) loss")
            for parameter in loss.trainedParameters {
                let expected = try #require(fixture["grad.\(parameter)"], "no PyTorch gradient for \(parameter)")
                Self.expectCloseToScale(try #require(outputs["grad.\(parameter)"]).floats, expected.floats, "\(name) \(stage) grad.\(parameter)")
            }
        }
        #expect(Set(loss.trainedParameters.map { "grad.\($0)" }) == Set(fixture.keys.filter { $0.hasPrefix("grad.") }))
    }

    /// One optimizer step of a pretraining stage as `polspec train` runs it: the SGD update after
    /// clipping, and for jepa the EMA of the target encoder at the fixture's stage progress.
    @Test(arguments: [("moment-tokens", "tcl"), ("moment-tokens", "tcl-tokens"), ("jepa", "pretrain")])
    func pretrainingStepMatchesPyTorch(_ name: String, _ stage: String) throws {
        let spec = try Self.spec(name)
        let index = try LossGraph.stage(named: stage, in: spec)
        let training = try TrainingGraph(spec, stage: index, batch: 2)
        let fixture = try Self.tensors(name, stage)
        let inputs = try Self.tensors(name, "input")
        let weights = try Self.tensors(name, "weights")
        var feeds = training.initialState(parameters: weights)
        for parameter in training.graph.parameters where feeds[parameter.name] == nil { feeds[parameter.name] = weights[parameter.name] }
        for input in training.batchInputs { feeds[input.name] = inputs[input.name] ?? fixture[input.name] }
        let lr = LearningRateSchedule(stage: spec.recipe.stages[index]).rate(atStep: 0)
        training.rule.forEachScalar(lr: lr, step: 1) { feeds[$0] = HostTensor(shape: .scalar, floats: [$1]) }
        if training.scalarInputs.contains(TrainingGraph.progressInput) {
            feeds[TrainingGraph.progressInput] = try #require(fixture[TrainingGraph.progressInput])
        }
        let expectedUpdated = Set(fixture.keys.filter { $0.hasPrefix("next.") }.map { String($0.dropFirst("next.".count)) })
        #expect(Set(training.updatedParameters) == expectedUpdated)
        for outputs in try Self.run(training.graph, feeds) {
            for parameter in training.updatedParameters {
                // The update, next − current, is what the step computes (lr · clipped gradient, EMA).
                let current = try #require(weights[parameter]).floats
                let next = try #require(outputs["next.\(parameter)"]).floats, expected = try #require(fixture["next.\(parameter)"]).floats
                Self.expectCloseToScale(zip(next, current).map { $0 - $1 }, zip(expected, current).map { $0 - $1 }, "\(name) \(stage) next.\(parameter)")
            }
        }
    }
}
