import Bench
import Foundation
import Testing

/// Per-episode noise, the styled (multimodal) experts and the observation track
/// (docs/bench.md, "Stochasticity", "Multimodal experts", "Tracks").
@Suite struct StochasticityTests {
    let suite = MetaWorldSuite()

    func state(_ env: MetaWorldEnvironment, privileged: Bool = false) -> [Float] {
        var out = [Float](repeating: 0, count: 39)
        out.withUnsafeMutableBufferPointer { env.writeState(into: $0, privileged: privileged) }
        return out
    }

    @Test func initialStateNoiseComesFromTheEpisodeSeed() throws {
        let selection = try suite.select("pick-place")
        let a = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: 1)
        let again = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: 1)
        let other = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: 2)
        #expect(state(a) == state(again) && state(a) != state(other))
        // The hand moves by at most 1 cm per axis, the puck by at most 5 mm in x and y.
        var ideal = selection
        ideal.conditions = .ideal
        let clean = suite.environment(selection: ideal, taskIndex: 0, configuration: .evaluation(0), seed: 1)
        let (s, c) = (state(a), state(clean))
        for i in 0..<3 { #expect(abs(s[i] - c[i]) <= 0.01 + 1e-6) }
        for i in 4..<6 { #expect(abs(s[i] - c[i]) <= 0.005 + 1e-6) }
        #expect(state(clean) == state(suite.environment(selection: ideal, taskIndex: 0, configuration: .evaluation(0), seed: 2)))
    }

    @Test func actionAndObservationNoiseFollowTheConditions() throws {
        var selection = try suite.select("reach")
        selection.conditions = SuiteConditions(initialNoise: 0, actionNoise: 0.5, observationNoise: 0.01, actuationLag: 0,
                                               actuationGainError: 0, trackingNoise: 0)
        let a = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: 1)
        let b = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: 2)
        // Observation noise reaches the policy's positions, not the oracle's.
        #expect(state(a, privileged: true) == state(b, privileged: true) && state(a) != state(b))
        #expect(state(a)[36..<39] == state(a, privileged: true)[36..<39])  // the goal is not a measured position
        // Action noise: the same action moves the hands differently.
        for env in [a, b] { _ = [Float(0), 0, 0, 0].withUnsafeBufferPointer { env.step($0) } }
        #expect(a.world.gripper.position != b.world.gripper.position)
        #expect(throws: BenchUsageError.self) { try SuiteConditions(actuationLag: 1).validate() }
    }

    @Test func expertsPickAStylePerEpisodeAndDemosRecordIt() throws {
        let selection = try suite.select("pick-place")
        let styles = (0..<40).map { suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: UInt64($0)).expertStyle }
        #expect(Set(styles.map(\.approach.rawValue)) == [0, 1, 2] && Set(styles.map(\.speed)).count == 2)
        #expect(styles.contains { $0.pause != nil } && styles.contains { $0.pause == nil })
        #expect(styles.allSatisfy { $0.graspYaw == 0 })  // metaworld-like's gripper does not turn
        // Two episodes of the same configuration in different styles take different paths, and both succeed.
        let ways = (0..<6).map { seed -> (Int, Bool) in
            let env = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: UInt64(seed))
            var outcome = StepOutcome(success: false, done: false)
            while !outcome.done { outcome = env.expertAction().withUnsafeBufferPointer { env.step($0) } }
            return (env.stepsTaken, outcome.success)
        }
        #expect(ways.allSatisfy(\.1) && Set(ways.map(\.0)).count > 1)
        // libero-like experts also choose between grasp yaws.
        let libero = LiberoSuite(), spatial = try libero.select("spatial")
        let yaws = (0..<20).map { libero.environment(selection: spatial, taskIndex: 0, configuration: .evaluation(0), seed: UInt64($0)).expertStyle.graspYaw }
        #expect(Set(yaws) == [0, 1])
        // Demos are noisy (DART) with clean labels by default and record each episode's mode.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-styles-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 4, seed: 0, directory: dir, polspecVersion: "t")
        let data = try DemoDataset(directory: dir)
        #expect(data.manifest.parameters.noise == DemoGenerator.defaultNoise)
        for e in data.episodes {
            #expect(e.actions != e.executedActions)
            let style = suite.environment(selection: selection, taskIndex: 0, configuration: e.configuration,
                                          seed: DemoGenerator.episodeSeed(seed: 0, task: e.task, attempt: e.attempt)).expertStyle
            #expect(e.expertMode == style.mode)
        }
    }

    @Test func reportsNameTheTrackAndTheConditions() throws {
        let fields = suite.observationFields(for: try suite.select("mt10"))
        #expect(ObservationTrack(fields: fields, read: ["state", "task_id"], oracle: false).track == .state)
        #expect(ObservationTrack(fields: fields, read: ["proprio", "instruction"], oracle: false).track == .vision)
        #expect(ObservationTrack(fields: fields, read: [], oracle: true).track == .state)
        let libero = LiberoSuite(), visual = libero.observationFields(for: try libero.select("spatial"))
        #expect(ObservationTrack(fields: visual, read: ["agentview", "wrist", "proprio", "instruction"], oracle: false).track == .vision)
        #expect(ObservationTrack(fields: visual, read: ["keypoints", "proprio"], oracle: false).privileged == ["keypoints"])
        let plan = EvaluationPlan(suite: suite.name, selection: try suite.select("reach"), episodesPerTask: 1, seed: 0, policy: "noop")
        let report = try BenchRun.run(suite: suite, plan: plan, policy: NoopPolicy(actionDimension: 4), polspecVersion: "t")
        let text = ReportTables.text(report)
        #expect(text.contains("track: vision (sensors only: none read)") && text.contains("conditions: init noise 1 · action noise 0"))
        #expect(ReportTables.markdown(report).contains("| conditions | init noise 1"))
    }
}
