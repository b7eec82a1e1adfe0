import Backends
import Compiler
import Foundation
@testable import Lowering
import SpecLang
import Testing

/// The gmm head beyond HeadGoldenTests' policy and loss: its mixture parameters against PyTorch
/// (Tests/Fixtures/golden/heads/make_gmm_golden.py) on both backends, and the mixture_nll
/// gradients against central finite differences of the loss, both in double precision.
@Suite struct GMMGoldenTests {
    static let names = ["gmm-low-noise", "gmm-sampled"]

    @Test(arguments: names)
    func mixtureParametersMatchPyTorch(_ name: String) throws {
        let builder = GraphBuilder()
        let lowering = try PolicyLowering(try HeadGoldenTests.spec(name), builder: builder, batch: 2)
        let model = try #require(lowering.headModel(lowering.ports()) as? any MixtureStep)
        let (means, scales, logits) = builder.withScope("head") { model.mixture() }
        builder.output("mixture.means", means)
        builder.output("mixture.scales", scales)
        builder.output("mixture.logits", logits)
        let graph = try lowering.finish()
        let inputs = try HeadGoldenTests.tensors(name, "input.safetensors")
        var feeds = try HeadGoldenTests.tensors(name, "weights.safetensors")
        for input in graph.inputs { feeds[input.name] = inputs[input.name] }
        let expected = try HeadGoldenTests.tensors(name, "expected.safetensors")
        for outputs in try HeadGoldenTests.run(graph, feeds) {
            for output in ["mixture.means", "mixture.scales", "mixture.logits"] {
                InferGoldenTests.expectClose(try #require(outputs[output]), try #require(expected[output]), "\(name) \(output)")
            }
        }
    }

    @Test(arguments: names)
    func lossGradientsMatchFiniteDifferences(_ name: String) throws {
        let loss = try LossGraph(try HeadGoldenTests.spec(name), stage: 0, batch: 2)
        let training = try loss.trainingGraph()
        let values = try HeadGoldenTests.tensors(name, "weights.safetensors")
            .merging(try HeadGoldenTests.tensors(name, "input.safetensors")) { a, _ in a }
            .merging(try HeadGoldenTests.tensors(name, "loss.safetensors")) { a, _ in a }
        var feeds: [String: ReferenceTensor<Double>] = [:]
        for name in loss.graph.inputs.map(\.name) + loss.graph.parameters.map(\.name) {
            feeds[name] = ReferenceTensor(try #require(values[name], "no value for \(name)"))
        }
        let backend = ReferenceBackend<Double>()
        let analytic = try backend.evaluate(training, feeds: feeds)
        let forward = Program(unplanned: loss.graph)
        let step = 1e-6
        for parameter in loss.trainedParameters {
            let base = try #require(feeds[parameter])
            let gradient = try #require(analytic["grad.\(parameter)"]).reals
            var worst = 0.0
            for index in base.reals.indices {
                var shifted = feeds
                var reals = base.reals
                reals[index] += step
                shifted[parameter] = ReferenceTensor(shape: base.shape, reals: reals)
                let up = try backend.evaluate(forward, feeds: shifted)["loss"]!.reals[0]
                reals[index] -= 2 * step
                shifted[parameter] = ReferenceTensor(shape: base.shape, reals: reals)
                let down = try backend.evaluate(forward, feeds: shifted)["loss"]!.reals[0]
                let numeric = (up - down) / (2 * step)
                worst = max(worst, abs(gradient[index] - numeric) / (1 + abs(numeric)))
            }
            #expect(worst <= 1e-6, "\(name) d loss / d \(parameter): relative error \(worst)")
        }
    }
}
