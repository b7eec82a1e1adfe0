import Backends
import Bench
import Compiler
import Foundation
import SpecLang
import Testing
@testable import Lowering
@testable import Runtime

/// State the policy carries across calls (HAMLET's window of summaries): the policy's rolling
/// window equals what training recomputes from the demonstration's past frames, SpecPolicy keeps
/// it per slot and forgets it on reset, and jepa's EMA target encoder resumes bit-exactly.
@Suite struct CarriedStateTests {
    static let spec = """
        polspec: 1
        name: memory
        observation:
          state: {kind: vector, dim: 3, normalize: false}
        action: {dim: 2, chunk: 2, execute: 2}
        encoders:
          memory: {kind: moment_tokens, input: state, tokens_per_step: 2, dim: 8, depth: 1, heads: 2, memory_window: 3,
                   memory_layers: 1, memory_heads: 2}
        head: {kind: mlp, condition: [memory], hidden: [4]}
        recipe:
          stages:
            - {name: fit, objective: bc, steps: 10}
        """

    /// The encoder's output `memory` as a graph output, its state carried as `source` says.
    static func memoryGraph(_ spec: Spec, source: CarriedStates.Source? = nil) throws -> (Graph, [DataRequest]) {
        let builder = GraphBuilder()
        let requests = DataRequests(builder: builder, batch: 1)
        let lowering = try PolicyLowering(spec, builder: builder, batch: 1, carried: source ?? .demonstration(requests))
        builder.output("memory", lowering.ports()["memory"]!.tensor)
        return (try lowering.finish(), requests.all)
    }

    @Test func policyWindowEqualsTheWindowTrainingRecomputes() throws {
        let spec = try Fixtures.spec(Self.spec)
        let (policy, _) = try Self.memoryGraph(spec, source: .policyInputs)
        let weights = policy.initialParameters(seed: 3)
        let frames: [[Float]] = [[0.5, -1, 2], [1, 0.25, -0.5], [-2, 1.5, 0], [0.75, 0.75, -1]]
        let backend = ReferenceBackend<Float>(), program = Program(unplanned: policy)
        // Calls: a first call fills the window with its summary; later calls shift it.
        var carried = HostTensor(zeros: TensorType(Shape([1, 3, 2, 8])))
        var outputs: [HostTensor] = []
        for (call, frame) in frames.enumerated() {
            let feeds = weights.merging([
                "state": HostTensor(shape: [1, 3], floats: frame),
                "state.encoders.memory.summaries": carried,
                CarriedState.firstCallInput: HostTensor(shape: [1], floats: [call == 0 ? 1 : 0]),
            ]) { a, _ in a }
            let result = try backend.run(program, feeds: feeds)
            carried = try #require(result["next.state.encoders.memory.summaries"])
            outputs.append(try #require(result["memory"]))
        }
        // Training at call 3: the two earlier summaries from frames 1 and 2 (one call apart).
        let (training, requests) = try Self.memoryGraph(spec)
        #expect(requests.map(\.name) == ["target.past.state"])
        #expect(requests.first?.source == .pastObservation(name: "state", steps: 2, stride: 2))
        let recomputed = try backend.run(Program(unplanned: training), feeds: weights.merging([
            "state": HostTensor(shape: [1, 3], floats: frames[3]),
            "target.past.state": HostTensor(shape: [1, 2, 1, 3], floats: frames[1] + frames[2]),
        ]) { a, _ in a })["memory"]
        expectClose(try #require(recomputed).floats, outputs[3].floats, absolute: 1e-5, "call 3")
        // At call 1 the window is [frame 0, frame 0, frame 1]: the episode's first frame repeated.
        let early = try backend.run(Program(unplanned: training), feeds: weights.merging([
            "state": HostTensor(shape: [1, 3], floats: frames[1]),
            "target.past.state": HostTensor(shape: [1, 2, 1, 3], floats: frames[0] + frames[0]),
        ]) { a, _ in a })["memory"]
        expectClose(try #require(early).floats, outputs[1].floats, absolute: 1e-5, "call 1")
        #expect(outputs[0].floats != outputs[1].floats)
    }

    @Test func specPolicyCarriesStatePerSlotAndForgetsItOnReset() throws {
        let spec = try Fixtures.spec(Self.spec)
        let weights = try PolicyGraph(spec, batch: 1).graph.initialParameters(seed: 5)
        let fields = [FieldSpec(name: "state", kind: .float32, shape: [3])]
        let normalization = Normalization(observations: [:], actionMin: [-1, -1], actionMax: [1, 1], actionRange: [-1, 1])
        func policy() throws -> SpecPolicy {
            try SpecPolicy(spec: spec, weights: weights, normalization: normalization, fields: fields, suite: "test", actionDimension: 2, name: "p")
        }
        let context = EpisodeContext(task: "t", taskIndex: 0, goalIndex: 0, seed: 0, instruction: "")
        func act(_ policy: SpecPolicy, _ rows: [(slot: Int, state: [Float])]) throws -> [[Float]] {
            var batch = ObservationBatch(fields: fields, rows: rows.count)
            batch.slots = rows.map(\.slot)
            for (row, value) in rows.enumerated() { batch.withFloatRow(field: 0, row: row) { for i in 0..<3 { $0[i] = value.state[i] } } }
            let values = try policy.act(batch).values
            return (0..<rows.count).map { Array(values[($0 * 4)..<($0 * 4 + 4)]) }
        }
        let a: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], b: [[Float]] = [[-1, 2, 0.5], [0.3, 0.3, 0.3], [2, -2, 1]]
        // Alone: each episode on its own policy.
        let alone = try policy(), other = try policy()
        alone.reset(slot: 0, episode: context)
        other.reset(slot: 0, episode: context)
        let aloneA = try a.map { try act(alone, [(0, $0)])[0] }
        let aloneB = try b.map { try act(other, [(0, $0)])[0] }
        // Together: the two episodes interleaved in one batch, in slots 2 and 5, rows swapped each call.
        let shared = try policy()
        shared.reset(slot: 2, episode: context)
        shared.reset(slot: 5, episode: context)
        for call in 0..<3 {
            let rows = call % 2 == 0 ? [(2, a[call]), (5, b[call])] : [(5, b[call]), (2, a[call])]
            let out = try act(shared, rows)
            let (forA, forB) = call % 2 == 0 ? (out[0], out[1]) : (out[1], out[0])
            expectClose(forA + forB, aloneA[call] + aloneB[call], absolute: 1e-5, "call \(call)")
        }
        #expect(aloneA[1] != (try act(try policy(), [(0, a[1])])[0]), "the memory changes the action")
        shared.reset(slot: 2, episode: context)
        #expect(try act(shared, [(2, a[0])])[0] == aloneA[0], "a reset slot starts from its first summary")
    }

    /// 6 jepa steps straight and 3 + stop + resume 3 give identical weights, the EMA target
    /// encoder (training state kept as parameters) included.
    @Test func jepaTargetEncoderResumesBitExactly() throws {
        let straight = temporaryDirectory("jepa-straight"), split = temporaryDirectory("jepa-split")
        defer {
            try? FileManager.default.removeItem(at: straight)
            try? FileManager.default.removeItem(at: split)
        }
        let spec = try Fixtures.spec("""
            polspec: 1
            name: jepa-resume
            observation:
              camera: {kind: image, shape: [3, 8, 8]}
            action: {dim: 1, chunk: 1}
            encoders:
              vision: {kind: jepa, input: camera, patch: 2, dim: 8, depth: 1, heads: 2, predictor_dim: 4, predictor_depth: 1,
                       predictor_heads: 2, min_keep: 2}
            head: {kind: mlp, condition: [vision], hidden: [4]}
            recipe:
              stages:
                - {name: pretrain, objective: jepa, steps: 6, batch: 4, optimizer: {kind: adamw, lr: 1.0e-2}}
            """)
        let episodes = (0..<3).map { e in
            TrainingData.Episode(length: 5, bytes: ["camera": (0..<(5 * 192)).map { UInt8(($0 * 7 + e * 31) % 256) }],
                                 actions: [Float](repeating: 0, count: 5))
        }
        let data = try TrainingData(fields: [FieldSpec(name: "camera", kind: .uint8, shape: [3, 8, 8])], actionDimension: 1,
                                    episodes: episodes, identity: "jepa")
        let full = try TrainerTests.train(spec, data: data, out: straight)
        let first = try TrainerTests.train(spec, data: data, out: split, stopAfter: 3)
        guard case .stopped(let middle, 3) = first else { Issue.record("expected a stop at 3, got \(first)"); return }
        let resumed = try TrainerTests.train(spec, data: data, out: split, resume: try Checkpoint.read(from: middle))
        let a = try Checkpoint.read(from: full.checkpoint), b = try Checkpoint.read(from: resumed.checkpoint)
        let initial = try Checkpoint.read(from: middle)
        let target = a.parameters.keys.filter { $0.contains(".target_encoder.") }.sorted()
        #expect(!target.isEmpty)
        for name in a.parameters.keys.sorted() { #expect(a.parameters[name] == b.parameters[name], "\(name) differs after resuming") }
        // The target encoder moved (EMA toward the context encoder) and differs from it.
        let name = try #require(target.first { $0.hasSuffix("attn.qkv.weight") })
        #expect(a.parameters[name] != initial.parameters[name])
        #expect(a.parameters[name] != a.parameters[name.replacingOccurrences(of: ".target_encoder.", with: ".encoder.")])
    }
}
