@testable import Bench
import Foundation
import Testing

/// `--camera-randomization`: per-episode camera poses drawn from the episode seed, seen in the camera fields.
@Suite struct CameraRandomizationTests {
    let suite = LiberoSuite()

    func extrinsics(_ selection: TaskSelection, seed: UInt64) -> [Float] {
        let env = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: seed)
        var batch = ObservationBatch(fields: suite.observationFields(for: selection), rows: 1,
                                     requested: ["agentview_extrinsics", "agentview_intrinsics", "wrist_extrinsics"])
        env.writeObservation(into: &batch, row: 0, privileged: false)
        return Array(batch.floats("agentview_extrinsics")!) + Array(batch.floats("agentview_intrinsics")!)
            + Array(batch.floats("wrist_extrinsics")!)
    }

    @Test func jitterIsDeterministicPerSeedDifferentAcrossSeedsAndInTheCameraFields() throws {
        var jittered = try suite.select("memory")
        jittered.conditions.cameraRandomization = 1
        let fixed = try suite.select("memory")
        #expect(extrinsics(jittered, seed: 7) == extrinsics(jittered, seed: 7))
        #expect(extrinsics(jittered, seed: 7) != extrinsics(jittered, seed: 8))
        // Without it the agentview camera is the same in every episode (the wrist camera moves with
        // the hand, whose start the initial-state noise moves).
        #expect(extrinsics(fixed, seed: 7).prefix(25) == extrinsics(fixed, seed: 8).prefix(25))
        #expect(extrinsics(jittered, seed: 7).prefix(25) != extrinsics(jittered, seed: 8).prefix(25))
        #expect(extrinsics(jittered, seed: 7) != extrinsics(fixed, seed: 7))
        // The fields are the jittered rig's cameras.
        let rig = EpisodeNoise(conditions: jittered.conditions, seed: 7, actionDimension: 7).cameras(LiberoSuite.cameras)
        let camera = try rig.agentview(side: 64)
        #expect(Array(extrinsics(jittered, seed: 7).prefix(16)) == camera.worldFromCamera.homogeneousRowMajor.map(Float.init))
        #expect(rig.agentviewEye != LiberoSuite.cameras.agentviewEye && rig.wristEye != LiberoSuite.cameras.wristEye)
        let d = rig.agentviewEye - LiberoSuite.cameras.agentviewEye
        #expect(abs(d.x) <= CameraRig.agentviewEyeJitter && abs(d.y) <= CameraRig.agentviewEyeJitter && abs(d.z) <= CameraRig.agentviewEyeJitter)
    }

    @Test func theConditionIsValidatedRecordedAndNeedsCameras() throws {
        #expect(throws: BenchUsageError.self) { try SuiteConditions(cameraRandomization: 3).validate() }
        #expect(throws: BenchUsageError.self) {
            try Suites.resolve(suite: "metaworld-like", tasks: nil, conditions: SuiteConditions(cameraRandomization: 1))
        }
        #expect(SuiteConditions(cameraRandomization: 0.5).summary.hasSuffix("camera randomization 0.5"))
        // Records written before the condition existed read as 0.
        let old = #"{"initial_noise":1,"action_noise":0,"observation_noise":0,"actuation_lag":0.3,"actuation_gain_error":0.05,"tracking_noise":0.0005}"#
        let decoded = try JSONDecoder().decode(SuiteConditions.self, from: Data(old.utf8))
        #expect(decoded == .standard)
    }

    @Test func imageOnlyRefusesAPolicyReadingMoreThanImages() throws {
        var selection = try suite.select("memory")
        selection.observations = .imageOnly
        let plan = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: 1, seed: 0, policy: "looking")
        #expect(throws: BenchUsageError.self) { try Evaluator(suite: suite, plan: plan, policy: LiberoTests.Looking(), threads: 1).run() }
        // Noop reads nothing: allowed.
        _ = try Evaluator(suite: suite, plan: plan, policy: BuiltinPolicies.make("noop", suite: suite), threads: 1).run()
    }
}
