import Bench
import Compiler
import Lowering
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// The trained policy as the evaluator calls it: normalisation in and out, per-slot history.
@Suite struct SpecPolicyTests {
    /// A linear head over two frames of a 1-D state: action = w0·s(t−1) + w1·s(t) + b.
    static let spec = """
        polspec: 1
        name: linear-history
        observation:
          state: {kind: vector, dim: 1}
          history: 2
        action: {dim: 1, chunk: 1}
        head: {kind: mlp, condition: [state], hidden: []}
        recipe:
          stages:
            - {name: fit, objective: bc, steps: 10}
        """

    @Test func normalisesFeedsHistoryPerSlotAndMapsActionsBack() throws {
        let spec = try Fixtures.spec(Self.spec)
        let weights = ["head.fc1.weight": HostTensor(shape: [1, 2], floats: [1, 10]), "head.fc1.bias": HostTensor(shape: [1], floats: [0.5])]
        // State standardised with mean 1, std 2; actions from [0, 4] onto [-1, 1].
        let normalization = Normalization(observations: ["state": .init(mean: [1], std: [2])], actionMin: [0], actionMax: [4], actionRange: [-1, 1])
        let fields = [FieldSpec(name: "state", kind: .float32, shape: [1])]
        let policy = try SpecPolicy(spec: spec, weights: weights, normalization: normalization, fields: fields, suite: "test",
                                    actionDimension: 1, name: "p")
        #expect(policy.horizon == 1)
        func act(_ rows: [(slot: Int, state: Float)]) throws -> [Float] {
            var batch = ObservationBatch(fields: fields, rows: rows.count)
            batch.slots = rows.map(\.slot)
            for (row, value) in rows.enumerated() { batch.withFloatRow(field: 0, row: row) { $0[0] = value.state } }
            return try policy.act(batch).values
        }
        // Normalised state z = (s − 1)/2; head output n = z_prev + 10 z + 0.5; action = (n + 1)·2.
        func expected(_ previous: Float, _ current: Float) -> Float {
            let n = (previous - 1) / 2 + 10 * (current - 1) / 2 + 0.5
            return (n + 1) * 2
        }
        let context = EpisodeContext(task: "t", taskIndex: 0, goalIndex: 0, seed: 0, instruction: "")
        policy.reset(slot: 0, episode: context)
        policy.reset(slot: 3, episode: context)
        expectClose(try act([(0, 3), (3, 5)]), [expected(3, 3), expected(5, 5)], absolute: 1e-4, "first call repeats the frame")
        expectClose(try act([(3, 7), (0, 4)]), [expected(5, 7), expected(3, 4)], absolute: 1e-4, "second call sees the previous frame")
        policy.reset(slot: 3, episode: context)
        expectClose(try act([(3, 1)]), [expected(1, 1)], absolute: 1e-4, "a reset slot starts a new history")
    }

    @Test func refusesWrongActionDimensionAndMissingWeights() throws {
        let spec = try Fixtures.spec(Self.spec)
        let fields = [FieldSpec(name: "state", kind: .float32, shape: [1])]
        let normalization = Normalization(observations: [:], actionMin: [0], actionMax: [1], actionRange: [-1, 1])
        #expect(throws: TrainingDataError.self) {
            _ = try SpecPolicy(spec: spec, weights: [:], normalization: normalization, fields: fields, suite: "test", actionDimension: 4, name: "p")
        }
        let error = #expect(throws: TrainingDataError.self) {
            _ = try SpecPolicy(spec: spec, weights: [:], normalization: normalization, fields: fields, suite: "test", actionDimension: 1, name: "p")
        }
        #expect(error?.description.contains("missing weight 'head.fc1.weight'") == true)
    }
}

/// A denoising head's sampling noise comes from each row's episode seed and call index.
@Suite struct SpecPolicyNoiseTests {
    static let spec = """
        polspec: 1
        name: noisy
        observation:
          state: {kind: vector, dim: 2}
        action: {dim: 2, chunk: 3}
        head: {kind: mlp, condition: [state], hidden: [8], diffusion: {train_steps: 20, sample_steps: 4, clip_sample: false}}
        recipe:
          stages:
            - {name: fit, objective: diffusion, steps: 10}
        """

    static func policy() throws -> SpecPolicy {
        let spec = try Fixtures.spec(spec)
        let weights = try PolicyGraph(spec, batch: 1).graph.initialParameters(seed: 7)
        let normalization = Normalization(observations: [:], actionMin: [-1, -1], actionMax: [1, 1], actionRange: [-1, 1])
        return try SpecPolicy(spec: spec, weights: weights, normalization: normalization,
                              fields: [FieldSpec(name: "state", kind: .float32, shape: [2])], suite: "test", actionDimension: 2, name: "p")
    }

    /// Actions of `slots` (one row each, the same observation) after resetting each to its seed.
    static func act(_ policy: SpecPolicy, _ slots: [(slot: Int, seed: UInt64)], reset: Bool = true) throws -> [[Float]] {
        if reset {
            for (slot, seed) in slots {
                policy.reset(slot: slot, episode: EpisodeContext(task: "t", taskIndex: 0, goalIndex: 0, seed: seed, instruction: ""))
            }
        }
        var batch = ObservationBatch(fields: [FieldSpec(name: "state", kind: .float32, shape: [2])], rows: slots.count)
        batch.slots = slots.map(\.slot)
        for row in slots.indices { batch.withFloatRow(field: 0, row: row) { $0[0] = 0.5; $0[1] = -0.25 } }
        let values = try policy.act(batch).values
        return slots.indices.map { Array(values[($0 * 6)..<($0 * 6 + 6)]) }
    }

    @Test func episodesDrawTheirOwnNoiseAndReplayExactly() throws {
        let policy = try Self.policy()
        let first = try Self.act(policy, [(0, 11), (1, 12)])
        #expect(first[0] != first[1], "two episodes with the same observation got the same noise")
        // The next call of the same episodes draws fresh noise.
        let second = try Self.act(policy, [(0, 11), (1, 12)], reset: false)
        #expect(second[0] != first[0])
        // The same episode seeds replay bit for bit, in other slots of a fresh policy.
        let fresh = try Self.policy()
        let replay = try Self.act(fresh, [(4, 11), (7, 12)])
        #expect(replay == first)
        #expect(try Self.act(fresh, [(4, 11), (7, 12)], reset: false) == second)
        // An episode's draws do not depend on its batch: alone (another program, so equal up to
        // float rounding), the second episode samples from the same noise.
        let alone = try Self.act(try Self.policy(), [(2, 12)])
        expectClose(alone[0], first[1], absolute: 1e-5, "episode 12 alone")
    }
}

/// An energy head's policy passes on what its descent reports per row: steps and energy.
@Suite struct SpecPolicyDiagnosticsTests {
    @Test func energyPolicyReportsStepsAndEnergyPerRow() throws {
        let spec = try Fixtures.spec("""
            polspec: 1
            name: energy
            observation:
              state: {kind: vector, dim: 2}
            action: {dim: 2, chunk: 3}
            head: {kind: ebt, condition: [state], dim: 8, depth: 1, heads: 2, mcmc: {infer_steps: 4, step_size: 10, min_grad: 0.0}}
            recipe:
              stages:
                - {name: fit, objective: energy, steps: 10}
            """)
        let fields = [FieldSpec(name: "state", kind: .float32, shape: [2])]
        let policy = try SpecPolicy(spec: spec, weights: try PolicyGraph(spec, batch: 1).graph.initialParameters(seed: 3),
                                    normalization: Normalization(observations: [:], actionMin: [-1, -1], actionMax: [1, 1], actionRange: [-1, 1]),
                                    fields: fields, suite: "test", actionDimension: 2, name: "p")
        var batch = ObservationBatch(fields: fields, rows: 3)
        for row in 0..<3 {
            policy.reset(slot: row, episode: EpisodeContext(task: "t", taskIndex: 0, goalIndex: 0, seed: UInt64(row), instruction: ""))
            batch.withFloatRow(field: 0, row: row) { $0[0] = Float(row); $0[1] = 0.5 }
        }
        let chunk = try policy.act(batch)
        #expect(chunk.diagnostics["descent_steps"] == [4, 4, 4])
        let energy = try #require(chunk.diagnostics["energy"])
        #expect(energy.count == 3 && energy.allSatisfy(\.isFinite) && Set(energy).count == 3)
    }
}
