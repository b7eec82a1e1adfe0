import Bench
import Foundation
import Lowering
import SpecLang

/// Where a benchmark run gets the trained policy it evaluates when no built-in policy is named:
/// a checkpoint, a spec trained first, or the suite's built-in default spec trained with its
/// quick budget.
public enum TrainedPolicySource: Equatable, Sendable {
    /// A run folder or checkpoint folder; `spec` (a path), when given, replaces the spec stored in it.
    case checkpoint(String, spec: String?)
    /// A spec file, trained on the suite's demos before the evaluation.
    case spec(String)
    /// The suite's built-in default spec.
    case defaultSpec(DefaultSpec)

    /// The source a command line names: `--checkpoint` (with `--spec` as the spec to run it
    /// with), else `--spec`, else the default spec of `suite` when it has one.
    public init(checkpoint: String?, spec: String?, defaultSpec: DefaultSpec?, suite: String) throws {
        if let checkpoint {
            self = .checkpoint(checkpoint, spec: spec)
        } else if let spec {
            self = .spec(spec)
        } else if let defaultSpec {
            self = .defaultSpec(defaultSpec)
        } else {
            throw BenchUsageError("suite '\(suite)' has no built-in default spec; give --spec SPEC, --checkpoint DIR or --policy NAME")
        }
    }

    /// The evaluation configurations the demos behind `checkpoint` started from, for a report
    /// that counts seen and unseen episodes apart: those of the demo folder `demos` when given;
    /// none for a checkpoint trained on training configurations only. A checkpoint trained on
    /// evaluation configurations without its demo folder is refused: its report would mix
    /// seen and unseen episodes.
    public static func seenConfigurations(of checkpoint: Checkpoint, demos: URL?, suite: any BenchSuite,
                                          path: String) throws -> SeenConfigurations? {
        if let demos { return try SeenConfigurations(demos: demos, suite: suite) }
        if checkpoint.manifest.data.contains(TrainingData.evaluationConfigurationsMark) {
            throw BenchUsageError("\(path) was trained on demos of evaluation configurations; give them with --data DIR so that the report counts seen and unseen episodes apart")
        }
        return nil
    }

    /// Refuses `--execute` other than the spec's `action.execute`, and `--temporal-ensemble`,
    /// for a policy that carries state from call to call (HAMLET's memory): training spaced its
    /// summaries `action.execute` steps apart, and another spacing would feed it a history it
    /// never saw.
    public static func checkCallSpacing(_ spec: Spec, execute: Int?, temporalEnsemble: Bool) throws {
        guard temporalEnsemble || (execute.map { $0 != spec.action.executedSteps } ?? false),
              let graph = try? PolicyGraph(spec, batch: 1), !graph.carriedStates.isEmpty else { return }
        let option = temporalEnsemble ? "--temporal-ensemble (a call every step)" : "--execute \(execute ?? spec.action.executedSteps)"
        throw BenchUsageError("\(spec.name) carries state from call to call, one step summary per call spaced action.execute = \(spec.action.executedSteps) steps apart as in training; \(option) would change that spacing: leave it out")
    }
}
