import Bench
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// What `polspec bench` evaluates without a built-in policy: the checkpoint-or-train decision,
/// the seen configurations of a checkpoint, and the call spacing of a policy with memory.
@Suite struct TrainedPolicySourceTests {
    @Test func aCheckpointWinsThenASpecThenTheSuiteDefault() throws {
        let libero = try #require(DefaultSpec.forSuite("libero-like"))
        #expect(try TrainedPolicySource(checkpoint: "runs/a", spec: "b.yaml", defaultSpec: libero, suite: "libero-like")
                == .checkpoint("runs/a", spec: "b.yaml"))
        #expect(try TrainedPolicySource(checkpoint: nil, spec: "b.yaml", defaultSpec: libero, suite: "libero-like") == .spec("b.yaml"))
        #expect(try TrainedPolicySource(checkpoint: nil, spec: nil, defaultSpec: libero, suite: "libero-like") == .defaultSpec(libero))
        #expect(throws: BenchUsageError("suite 'x' has no built-in default spec; give --spec SPEC, --checkpoint DIR or --policy NAME")) {
            try TrainedPolicySource(checkpoint: nil, spec: nil, defaultSpec: nil, suite: "x")
        }
    }

    @Test func aCheckpointTrainedOnEvaluationConfigurationsNeedsItsDemos() throws {
        let (run, checkpoint) = try CheckpointHardeningTests.stoppedRun("seen")
        defer { try? FileManager.default.removeItem(at: run) }
        let suite = try Suites.named("metaworld-like")
        #expect(try TrainedPolicySource.seenConfigurations(of: try Checkpoint.read(from: checkpoint), demos: nil, suite: suite, path: "p") == nil)
        try CheckpointHardeningTests.editManifest(checkpoint) { manifest in
            manifest["data"] = (manifest["data"] as? String ?? "") + TrainingData.evaluationConfigurationsMark
        }
        let marked = try Checkpoint.read(from: checkpoint)
        #expect(throws: BenchUsageError.self) { try TrainedPolicySource.seenConfigurations(of: marked, demos: nil, suite: suite, path: "p") }
    }

    @Test func aPolicyWithMemoryKeepsTheTrainedCallSpacing() throws {
        let memory = try Fixtures.spec(CarriedStateTests.spec)
        let plain = try CheckpointHardeningTests.spec()
        try TrainedPolicySource.checkCallSpacing(memory, execute: nil, temporalEnsemble: false)
        try TrainedPolicySource.checkCallSpacing(memory, execute: memory.action.executedSteps, temporalEnsemble: false)
        #expect(throws: BenchUsageError.self) { try TrainedPolicySource.checkCallSpacing(memory, execute: 1, temporalEnsemble: false) }
        #expect(throws: BenchUsageError.self) { try TrainedPolicySource.checkCallSpacing(memory, execute: nil, temporalEnsemble: true) }
        try TrainedPolicySource.checkCallSpacing(plain, execute: 1, temporalEnsemble: true)
    }
}
