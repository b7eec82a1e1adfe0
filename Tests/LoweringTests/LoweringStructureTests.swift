import Foundation
import SpecLang
import Testing
@testable import Compiler
@testable import Lowering

/// What lowering builds: input layouts, parameter names and shapes (PyTorch/timm), their
/// initialisers, node scopes, the sampling loop, the loss graph, and the errors it reports.
@Suite struct LoweringStructureTests {
    func spec(_ text: String, overrides: [String] = []) throws -> Spec {
        let result = SpecChecker.check(text: text, path: "test.yaml", options: CheckOptions(overrides: overrides))
        return try #require(result.spec, "\(result.diagnostics)")
    }

    func parameters(_ graph: Graph) -> [String] { graph.parameters.map { "\($0.name) \($0.type.shape)" } }

    static let header = "polspec: 1\nname: t\nrecipe: {stages: [{name: s, objective: bc, steps: 1}]}\n"

    @Test func observationInputLayouts() throws {
        let spec = try spec(Self.header + """
            observation:
              cam: {kind: image, shape: [3, 8, 6]}
              state: {kind: vector, dim: 4}
              words: {kind: text, max_tokens: 7, vocab: 30}
              feats: {kind: tokens, count: 5, dim: 2}
              history: 3
            action: {dim: 2}
            encoders:
              v: {kind: cnn, input: cam, channels: [2]}
              t: {kind: text_embedding, input: words, dim: 4}
            head: {kind: mlp, condition: [v, state, t, feats]}
            """)
        let policy = try PolicyGraph(spec, batch: 2)
        #expect(policy.observations.map { "\($0.name) \($0.type)" } == [
            "cam f32[2,3,3,8,6]", "state f32[2,3,4]", "words i32[2,7]", "feats f32[2,3,5,2]",
        ])
        #expect(policy.graph.inputs.map(\.name) == ["cam", "state", "words", "feats"])
        #expect(policy.graph[try #require(policy.graph.output(named: "action"))].type == TensorType([2, 1, 2]))
        let keypoints = ObservationInput(name: "k", port: Port(.keypoints(count: 4, confidence: false, camera: .named("c")), frames: 1), batch: 5)
        #expect(keypoints.type == TensorType([5, 4, 2]))
    }

    @Test func unusedObservationsAreNotInputs() throws {
        let spec = try spec(Self.header + """
            observation: {state: {kind: vector, dim: 4}, spare: {kind: vector, dim: 2}}
            action: {dim: 2}
            head: {kind: mlp, condition: [state]}
            """)
        let policy = try PolicyGraph(spec, batch: 1)
        #expect(policy.graph.inputs.map(\.name) == ["state"])
        #expect(policy.unreadObservations == ["spare"])
    }

    @Test func mlpEncoderAndHeadNames() throws {
        let spec = try spec(Self.header + """
            observation: {state: {kind: vector, dim: 39}}
            action: {dim: 4, chunk: 2}
            encoders:
              trunk: {kind: mlp, input: state, hidden: [16, 8], norm: layer}
              robot: {kind: proprio, input: state, dim: 6, norm: none}
            head: {kind: mlp, condition: [trunk, robot], hidden: [5, 3], norm: layer}
            """)
        let graph = try PolicyGraph(spec, batch: 1).graph
        #expect(parameters(graph) == [
            "encoders.trunk.0.weight [16,39]", "encoders.trunk.0.bias [16]", "encoders.trunk.1.weight [16]", "encoders.trunk.1.bias [16]",
            "encoders.trunk.3.weight [8,16]", "encoders.trunk.3.bias [8]", "encoders.trunk.4.weight [8]", "encoders.trunk.4.bias [8]",
            "encoders.robot.0.weight [6,39]", "encoders.robot.0.bias [6]",
            "head.fc1.weight [5,14]", "head.fc1.bias [5]", "head.norm1.weight [5]", "head.norm1.bias [5]",
            "head.fc2.weight [3,5]", "head.fc2.bias [3]", "head.norm2.weight [3]", "head.norm2.bias [3]",
            "head.fc3.weight [8,3]", "head.fc3.bias [8]",
        ])
        #expect(graph.initializers["encoders.trunk.0.weight"] == .pytorchWeight(fanIn: 39))
        #expect(graph.initializers["encoders.trunk.1.weight"] == .ones)
        #expect(graph.initializers["head.fc3.bias"] == .pytorchBias(fanIn: 3))
    }

    @Test func transformerCnnAndTextNames() throws {
        let spec = try spec(Self.header + """
            observation:
              cam: {kind: image, shape: [3, 8, 8]}
              words: {kind: text, max_tokens: 6, vocab: 50}
            action: {dim: 2}
            encoders:
              vision: {kind: cnn, input: cam, channels: [4, 8], kernel: 5}
              backbone: {kind: transformer, input: vision, dim: 12, depth: 3, heads: 3, mlp_ratio: 2}
              text: {kind: text_embedding, input: words, dim: 12}
            head: {kind: mlp, condition: [backbone, text], hidden: []}
            """)
        let graph = try PolicyGraph(spec, batch: 1).graph
        let names = parameters(graph)
        #expect(names.prefix(4) == ["encoders.vision.0.weight [4,3,5,5]", "encoders.vision.0.bias [4]",
                                    "encoders.vision.2.weight [8,4,5,5]", "encoders.vision.2.bias [8]"])
        #expect(names.contains("encoders.backbone.input_proj.weight [12,8]"))
        #expect(names.contains("encoders.backbone.pos_embed [1,4,12]"))
        #expect(names.contains("encoders.backbone.blocks.2.attn.qkv.weight [36,12]"))
        #expect(names.contains("encoders.backbone.blocks.2.mlp.fc1.weight [24,12]"))
        #expect(names.contains("encoders.backbone.norm.bias [12]"))
        #expect(names.suffix(4) == ["encoders.text.token_embedding.weight [50,12]", "encoders.text.position_embedding.weight [6,12]",
                                    "head.fc1.weight [2,24]", "head.fc1.bias [2]"])
        #expect(graph.initializers["encoders.backbone.pos_embed"] == .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2))
        #expect(graph.initializers["encoders.text.token_embedding.weight"] == .normal(mean: 0, std: 1))
        #expect(graph.initializers["encoders.vision.2.weight"] == .pytorchWeight(fanIn: 4 * 25))
    }

    @Test func nodesAreScopedByComponent() throws {
        let spec = try spec(Self.header + """
            observation: {state: {kind: vector, dim: 3}}
            action: {dim: 2}
            encoders: {trunk: {kind: mlp, input: state, hidden: [4]}}
            head: {kind: mlp, condition: [trunk]}
            """)
        let policy = try PolicyGraph(spec, batch: 1)
        for node in policy.graph.nodes {
            #expect(policy.components.contains { $0.contains(node.scope) }, "\(node.op.name) in '\(node.scope)'")
        }
        #expect(policy.components.map(\.scope) == ["observation", "encoders.trunk", "head"])
    }

    @Test func ddimLoopIsUnrolledAroundOneDenoiser() throws {
        let spec = try spec("""
            polspec: 1
            name: t
            observation: {obs: {kind: vector, dim: 3}}
            action: {dim: 2, chunk: 4}
            head: {kind: mlp, condition: [obs], hidden: [8], diffusion: {train_steps: 50, sample_steps: 5, time_embed_dim: 6}}
            recipe: {stages: [{name: s, objective: diffusion, steps: 1}]}
            """)
        let graph = try PolicyGraph(spec, batch: 2).graph
        #expect(parameters(graph) == ["head.fc1.weight [8,17]", "head.fc1.bias [8]", "head.fc2.weight [8,8]", "head.fc2.bias [8]"])
        let matmuls = graph.nodes.filter { if case .matmul = $0.op { true } else { false } }
        #expect(matmuls.count == 2 * 5)
        let draws = graph.nodes.compactMap { node -> Shape? in if case .random(_, _, let shape) = node.op { shape } else { nil } }
        #expect(draws == [[2, 4, 2]])
        #expect(NoiseScheduleTable.timesteps(trainSteps: 50, sampleSteps: 5).steps == [40, 30, 20, 10, 0])
        #expect(NoiseScheduleTable.timesteps(trainSteps: 100, sampleSteps: 10).steps == [90, 80, 70, 60, 50, 40, 30, 20, 10, 0])
    }

    /// Dita's observation tokens are computed once per action chunk: the encoders' nodes do not
    /// grow with the sampler's steps, while the denoiser's do.
    @Test(arguments: ["dita.yaml", "ebt-policy.yaml", "discrete-diffusion.yaml"])
    func encodersRunOncePerChunk(_ file: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../specs/\(file)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let loop = ["dita.yaml": "head.diffusion.sample_steps", "ebt-policy.yaml": "head.mcmc.infer_steps",
                    "discrete-diffusion.yaml": "head.rounds"][file]!
        func counts(_ steps: Int) throws -> (encoders: Int, head: Int) {
            let policy = try PolicyGraph(try spec(text, overrides: ["\(loop)=\(steps)"]), batch: 1)
            let matmuls = policy.graph.nodes.filter { if case .matmul = $0.op { true } else { false } }
            return (matmuls.filter { $0.scope.hasPrefix("encoders.") }.count, matmuls.filter { $0.scope.hasPrefix("head") }.count)
        }
        let (two, five) = (try counts(2), try counts(5))
        #expect(two.encoders > 0)
        #expect(two.encoders == five.encoders, "encoder products per call: \(two.encoders) at 2 steps, \(five.encoders) at 5")
        #expect(five.head > two.head)
    }

    @Test func noiseSources() throws {
        let text = """
            polspec: 1
            name: t
            observation: {obs: {kind: vector, dim: 3}}
            action: {dim: 2, chunk: 4}
            head: {kind: mlp, condition: [obs], diffusion: {train_steps: 6, sampler: ddpm, sample_steps: 6}}
            recipe: {stages: [{name: s, objective: diffusion, steps: 1}]}
            """
        let spec = try spec(text)
        #expect(try PolicyGraph(spec, batch: 2, noise: .fed).graph.inputs.map { "\($0.name) \($0.type)" } == [
            "obs f32[2,3]", "noise.initial f32[2,4,2]", "noise.steps f32[2,5,4,2]",
        ])
        #expect(try PolicyGraph(spec, batch: 2, noise: .counted(3)).graph.inputs.map { "\($0.name) \($0.type)" } == [
            "obs f32[2,3]", "noise.counter i32[]",
        ])
        let seeded = try PolicyGraph(spec, batch: 2).graph
        let draws = seeded.nodes.compactMap { node -> String? in if case .random(_, let seed, let shape) = node.op { "\(shape) \(seed)" } else { nil } }
        #expect(draws == ["[2,4,2] \(NoiseDraws.seed(0, "noise.initial"))", "[2,5,4,2] \(NoiseDraws.seed(0, "noise.steps"))"])
    }

    @Test func noiseSchedulesFollowDiffusers() {
        var process = DiffusionProcess()
        process.trainSteps = 100
        process.schedule = .linear
        let linear = NoiseScheduleTable(process)
        let second: Double = (1 - 1e-4) * (1 - (1e-4 + 0.0199 / 99))
        #expect(abs(linear.alphasCumprod[0] - (1 - 1e-4)) < 1e-15)
        #expect(abs(linear.alphasCumprod[1] - second) < 1e-15)
        process.schedule = .squaredcos
        let cosine = NoiseScheduleTable(process)
        // squaredcos_cap_v2 with 100 steps: ᾱ_99 = ā(1)/ā(0) (each step's ratio telescopes) until the 0.999 cap.
        #expect(cosine.alphasCumprod.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(zip(cosine.alphasCumprod, cosine.alphasCumprod.dropFirst()).allSatisfy { $0 > $1 })
        #expect(cosine.alphaCumprod(-1) == 1)
    }

    @Test func bcLossGraph() throws {
        let spec = try spec(Self.header + """
            observation: {state: {kind: vector, dim: 3}}
            action: {dim: 2, chunk: 3}
            encoders: {trunk: {kind: mlp, input: state, hidden: [4]}}
            head: {kind: mlp, condition: [trunk]}
            """, overrides: ["recipe.stages.0.train=[head]"])
        let loss = try LossGraph(spec, stage: 0, batch: 5)
        #expect(loss.graph.inputs.map { "\($0.name) \($0.type)" } == ["state f32[5,3]", "target.action f32[5,3,2]"])
        #expect(loss.graph[try #require(loss.graph.output(named: "loss"))].type == TensorType(.scalar))
        #expect(loss.trainedParameters == ["head.fc1.weight", "head.fc1.bias", "head.fc2.weight", "head.fc2.bias"])
        let training = try loss.trainingGraph()
        #expect(training.outputs.map(\.name) == ["loss", "grad.head.fc1.weight", "grad.head.fc1.bias", "grad.head.fc2.weight", "grad.head.fc2.bias"])
        #expect(LossGraph.headStage(of: spec) == 0)
        #expect(throws: LoweringError(.unknownStage("x", available: ["s"]))) { try LossGraph.stage(named: "x", in: spec) }
    }

    @Test func diffusionLossRequestsNoiseAndTimesteps() throws {
        let spec = try spec("""
            polspec: 1
            name: t
            observation: {obs: {kind: vector, dim: 3}}
            action: {dim: 2, chunk: 4}
            head: {kind: mlp, condition: [obs], diffusion: {train_steps: 50}}
            recipe: {stages: [{name: s, objective: diffusion, steps: 1}]}
            """)
        let loss = try LossGraph(spec, stage: 0, batch: 3)
        #expect(loss.requests.map { "\($0.name) \($0.type) \($0.source)" } == [
            "target.action f32[3,4,2] actionChunk", "target.noise f32[3,4,2] normal", "target.timestep i32[3] integers(upperBound: 50)",
        ])
        #expect(throws: LoweringError(.invalidBatch(0))) { try PolicyGraph(spec, batch: 0) }
    }
}
