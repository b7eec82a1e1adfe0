import Backends
import Compiler
import Foundation
@testable import Lowering
import SpecLang
import Testing

/// Golden values of the `ebt` head and the `energy` objective against PyTorch
/// (Tests/Fixtures/golden/heads/make_ebt_golden.py, an independent float64 implementation of
/// EBT-Policy's code): one energy evaluation and its gradient with respect to the chunk, a whole
/// inference descent from fixed noise (with one row stopping early on `min_grad`, and its steps
/// and energy), and one training step's loss and every parameter gradient, second order
/// (`torch.autograd.grad(create_graph=True)` through the unrolled steps, K drawn below the
/// maximum) and truncated (EBT's `truncate_mcmc`, with the gradient clamp); both backends.
///
/// Values within 1e-4 relative + 1e-5 (`InferGoldenTests.expectClose`); gradients within
/// 1e-4 of each tensor's largest magnitude. Both backends land within 2.6e-6 of the scale on
/// every gradient (float32 against float64): the tolerance leaves 40x room for reordered sums.
@Suite struct EBTGoldenTests {
    static let names = ["ebt-unrolled", "ebt-truncated"]
    static let gradientTolerance: Float = 1e-4

    /// The feeds of `graph` among `tensors` (fixture files hold more than one graph reads).
    static func feeds(_ tensors: [String: HostTensor], for graph: Graph) -> [String: HostTensor] {
        let names = Set(graph.inputs.map(\.name) + graph.parameters.map(\.name))
        return tensors.filter { names.contains($0.key) }
    }

    static func fixture(_ name: String) throws -> [String: HostTensor] {
        try ["weights.safetensors", "input.safetensors", "energy.safetensors"].reduce(into: [:]) { all, suffix in
            all.merge(try HeadGoldenTests.tensors(name, suffix)) { a, _ in a }
        }
    }

    @Test(arguments: names)
    func energyAndItsGradientMatchPyTorch(_ name: String) throws {
        let spec = try HeadGoldenTests.spec(name)
        let builder = GraphBuilder()
        let lowering = try PolicyLowering(spec, builder: builder, batch: 2)
        let model = try #require(lowering.headModel(lowering.ports()) as? any EnergyStep)
        let actions = builder.input("energy.actions", [2, spec.action.chunk, spec.action.dim])
        let energy = builder.withScope("head") { model.energy(actions, evaluation: 0) }
        builder.output("energy", energy)
        builder.output("grad.actions", builder.gradients(of: energy, withRespectTo: [actions])[0])
        let graph = try lowering.finish()
        let fixture = try Self.fixture(name)
        for outputs in try HeadGoldenTests.run(graph, Self.feeds(fixture, for: graph)) {
            InferGoldenTests.expectClose(try #require(outputs["energy"]), try #require(fixture["energy"]), "\(name) energy")
            HeadGoldenTests.expectCloseToScale(try #require(outputs["grad.actions"]), try #require(fixture["grad.actions"]),
                                               "\(name) dE/dA", tolerance: Self.gradientTolerance)
        }
    }

    @Test(arguments: names)
    func descentMatchesPyTorch(_ name: String) throws {
        let policy = try PolicyGraph(try HeadGoldenTests.spec(name), batch: 2, noise: .fed)
        #expect(policy.diagnostics == ["descent_steps", "energy"])
        #expect(policy.requests.map(\.name) == ["noise.initial"])
        let expected = try HeadGoldenTests.tensors(name, "expected.safetensors")
        for outputs in try HeadGoldenTests.run(policy.graph, Self.feeds(try Self.fixture(name), for: policy.graph)) {
            for output in ["action", "diagnostic.descent_steps", "diagnostic.energy"] {
                InferGoldenTests.expectClose(try #require(outputs[output]), try #require(expected[output]), "\(name) \(output)")
            }
        }
        // The unrolled fixture's rows stop after different step counts, one before the last.
        let steps = try #require(expected["diagnostic.descent_steps"]).floats
        if name == "ebt-unrolled" { #expect(Set(steps).count == 2 && steps.min()! < 6) }
    }

    @Test(arguments: names)
    func lossAndSecondOrderGradientsMatchPyTorch(_ name: String) throws {
        let loss = try LossGraph(try HeadGoldenTests.spec(name), stage: 0, batch: 2)
        let training = try loss.trainingGraph()
        var fixture = try HeadGoldenTests.tensors(name, "loss.safetensors")
        var feeds = Self.feeds(try Self.fixture(name), for: training)
        for request in loss.requests { feeds[request.name] = fixture.removeValue(forKey: request.name) }
        #expect(loss.requests.allSatisfy { feeds[$0.name] != nil }, "\(loss.requests.map(\.name))")
        for outputs in try HeadGoldenTests.run(training, feeds) {
            InferGoldenTests.expectClose(try #require(outputs["loss"]), try #require(fixture["loss"]), "\(name) loss")
            for parameter in loss.trainedParameters {
                let expected = try #require(fixture["grad.\(parameter)"], "no PyTorch gradient for \(parameter)")
                HeadGoldenTests.expectCloseToScale(try #require(outputs["grad.\(parameter)"]), expected, "\(name) grad.\(parameter)",
                                                   tolerance: Self.gradientTolerance)
            }
        }
        // PyTorch has a gradient for every parameter; the ones no loss path reaches (truncated:
        // ebl_norm, which the unprojected last step skips) are not trained here and are zero there.
        let trained = Set(loss.trainedParameters.map { "grad.\($0)" })
        for (name, gradient) in fixture where name.hasPrefix("grad.") && !trained.contains(name) {
            #expect(gradient.floats.allSatisfy { $0 == 0 }, "\(name) is untrained here but not zero in PyTorch")
        }
        #expect(trained.isSubset(of: Set(fixture.keys)))
    }
}
