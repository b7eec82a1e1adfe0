import Bench
import Compiler
import Lowering
import SpecLang
import Testing
@testable import Runtime

/// A gmm policy draws each row's mixture component from the row's episode: episodes differ,
/// the same episode seeds replay bit for bit, and the action is the drawn component's mean.
@Suite struct GMMPolicyTests {
    static let spec = """
        polspec: 1
        name: mixture
        observation:
          state: {kind: vector, dim: 2}
        action: {dim: 2, chunk: 3}
        head: {kind: gmm, condition: [state], hidden: [8], modes: 4}
        recipe:
          stages:
            - {name: fit, objective: mixture_nll, steps: 10}
        """
    static let fields = [FieldSpec(name: "state", kind: .float32, shape: [2])]
    static let seeds: [UInt64] = Array(11...18)

    static func policy() throws -> SpecPolicy {
        let spec = try Fixtures.spec(spec)
        let normalization = Normalization(observations: [:], actionMin: [-1, -1], actionMax: [1, 1], actionRange: [-1, 1])
        return try SpecPolicy(spec: spec, weights: try PolicyGraph(spec, batch: 1).graph.initialParameters(seed: 7),
                              normalization: normalization, fields: fields, suite: "test", actionDimension: 2, name: "p")
    }

    /// One row per seed (slot = its index), the same observation in each: the chunks and the
    /// drawn components.
    static func act(_ policy: SpecPolicy) throws -> (actions: [[Float]], modes: [Float]) {
        for (slot, seed) in seeds.enumerated() {
            policy.reset(slot: slot, episode: EpisodeContext(task: "t", taskIndex: 0, goalIndex: 0, seed: seed, instruction: ""))
        }
        var batch = ObservationBatch(fields: fields, rows: seeds.count)
        batch.slots = Array(seeds.indices)
        for row in seeds.indices { batch.withFloatRow(field: 0, row: row) { $0[0] = 0.5; $0[1] = -0.25 } }
        let chunk = try policy.act(batch)
        return (seeds.indices.map { Array(chunk.values[($0 * 6)..<($0 * 6 + 6)]) }, try #require(chunk.diagnostics["mode"]))
    }

    @Test func episodesDrawTheirOwnComponentsAndReplayExactly() throws {
        let first = try Self.act(try Self.policy())
        #expect(first.modes.allSatisfy { [0, 1, 2, 3].contains($0) })
        #expect(Set(first.modes).count > 1, "eight episodes with the same observation drew the same component: \(first.modes)")
        // Low-noise evaluation: rows that drew the same component act its mean (up to 1e-4 noise), others differ.
        for a in Self.seeds.indices {
            for b in Self.seeds.indices where b > a {
                let gap = zip(first.actions[a], first.actions[b]).map { abs($0 - $1) }.max()!
                if first.modes[a] == first.modes[b] { #expect(gap < 1e-3) } else { #expect(gap > 1e-3) }
            }
        }
        let replay = try Self.act(try Self.policy())
        #expect(replay.actions == first.actions)
        #expect(replay.modes == first.modes)
    }
}
