import Foundation

/// Runs a plan with a policy and builds its report.
public enum BenchRun {
    public static func run(suite: any BenchSuite, plan: EvaluationPlan, policy: any Policy, polspecVersion: String,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 100,
                           video: EpisodeVideoRecorder? = nil, progress: ((EvaluationProgress) -> Void)? = nil) throws -> BenchReport {
        let started = Date()
        var plan = plan
        plan.environment = (suite as? BridgeSuite)?.environment
        plan.observation = ObservationTrack(fields: suite.observationFields(for: plan.selection), read: policy.observationFieldsRead,
                                            oracle: policy.isOracle)
        let records = try Evaluator(suite: suite, plan: plan, policy: policy, threads: threads, batchSize: batchSize,
                                    video: video).run(progress: progress)
        return BenchReport(identity: RunIdentity(plan: plan, polspecVersion: polspecVersion), shards: [plan.shard.index],
                           records: records, taskGroups: plan.selection.tasks.map { ($0.name, $0.group) },
                           groupOrder: suite.groups, wallTimeSeconds: Date().timeIntervalSince(started))
    }
}
