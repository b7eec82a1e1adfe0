import Bench
import Foundation
import Runtime
import Lowering
import SpecLang

/// The trained spec `polspec bench` evaluates when it gets no `--policy`: a checkpoint
/// (`--checkpoint DIR`, its spec from the checkpoint or `--spec`), a spec trained first
/// (`--spec SPEC`), or the suite's built-in default spec trained with its quick budget.
struct BenchTrainedPolicy {
    let policy: SpecPolicy
    let spec: Spec
    /// The evaluation configurations its demos started from (nil: none, the default).
    let seen: SeenConfigurations?

    /// What to evaluate and, when training is needed, how.
    struct Request {
        var specPath: String?
        var checkpointPath: String?
        var overrides: [String]
        var training: TrainingArguments
        /// Demos per task when `--demos` is not given.
        var demos: Int
        /// The training run folder (when training).
        var trainDirectory: URL
        var quiet: Bool
        /// Refuses a spec the evaluation cannot run as trained, before any training.
        var validate: (Spec) throws -> Void = { _ in }
    }

    /// The policy for evaluating `selection`; training (when needed) uses the demos of `demoSelection`.
    init(_ request: Request, suite: any BenchSuite, selection: TaskSelection, demoSelection: TaskSelection, defaultSpec: DefaultSpec?) throws {
        let fields = suite.observationFields(for: selection)
        if let path = request.checkpointPath {
            let checkpoint = try Checkpoint.read(from: try RunDirectory.checkpointDirectory(URL(fileURLWithPath: path)))
            if !checkpoint.manifest.finished && !request.quiet {
                Log.line("note: evaluating the checkpoint at step \(checkpoint.manifest.globalStep) of \(checkpoint.manifest.totalSteps) (training is not finished)")
            }
            spec = try request.specPath.map { try CheckedSpec(path: $0, overrides: request.overrides).spec } ?? checkpoint.spec()
            if let mismatch = try checkpoint.evaluationMismatch(spec) {
                throw UsageError("\(path) cannot run with \(request.specPath ?? spec.name): \(mismatch)")
            }
            try request.validate(spec)
            policy = try SpecPolicy(checkpoint: checkpoint, spec: spec, fields: fields, suite: suite.name, actionDimension: suite.actionDimension)
            if let data = request.training.data {
                seen = try SeenConfigurations(demos: URL(fileURLWithPath: data), suite: suite)
            } else if checkpoint.manifest.data.contains(TrainingData.evaluationConfigurationsMark) {
                throw UsageError("\(path) was trained on demos of evaluation configurations; give them with --data DIR so that the report counts seen and unseen episodes apart")
            } else {
                seen = nil
            }
            return
        }
        let spec: Spec
        var resumeHint = "polspec bench --suite \(suite.name) --tasks \(selection.name)"
        if let path = request.specPath {
            let checked = try CheckedSpec(path: path, overrides: request.overrides)
            spec = checked.spec
            resumeHint = "polspec train \(path) --suite \(suite.name) --tasks \(selection.name)"
        } else if let defaultSpec {
            let result = defaultSpec.check()
            guard let checked = result.spec, !result.hasErrors else {
                throw RuntimeFailure(["the built-in default spec does not check (a bug):\n" + CheckReport.render([result], format: .human)])
            }
            spec = checked
            resumeHint = "polspec train <the default spec, see docs/training.md> --suite \(suite.name) --tasks \(selection.name)"
            if !request.quiet { Log.line("no --policy or --spec: training the built-in default spec \(spec.name) (docs/training.md)") }
        } else {
            throw UsageError("suite '\(suite.name)' has no built-in default spec; give --spec SPEC, --checkpoint DIR or --policy NAME")
        }
        try request.validate(spec)
        let run = RunDirectory(request.trainDirectory)
        let lock = try RunLock(run)
        defer { lock.release() }
        if run.holdsRun { throw UsageError("\(run.url.path) already holds a training run; evaluate it with --checkpoint \(run.url.path)") }
        let data = try request.training.trainingData(suite: suite, selection: demoSelection, demos: request.demos, spec: spec, quiet: request.quiet)
        let trainer = try Trainer(spec: spec, data: data, run: run, options: request.training.options(stopAfter: nil))
        try RunRecording.record(into: run.url, spec: spec,
                                options: request.training.recordedOptions(suite: suite, tasks: demoSelection.name, selection: demoSelection,
                                                                          demos: request.demos))
        if !request.quiet { Log.line("training \(spec.name) (\(trainer.totalSteps) steps) into \(run.url.path)") }
        let outcome = try TrainingSession.run(trainer, quiet: request.quiet, resumeHint: resumeHint)
        let checkpoint = try Checkpoint.read(from: outcome.checkpoint)
        self.spec = spec
        policy = try SpecPolicy(checkpoint: checkpoint, spec: spec, fields: fields, suite: suite.name, actionDimension: suite.actionDimension)
        seen = try SeenConfigurations(demos: request.training.demoDirectory(suite: suite, selection: demoSelection,
                                                                          demos: request.training.demos ?? request.demos), suite: suite)
    }
}

extension BenchTrainedPolicy {
    /// Refuses `--execute` other than the spec's `action.execute`, and `--temporal-ensemble`,
    /// for a policy that carries state from call to call (HAMLET's memory): training spaced its
    /// summaries `action.execute` steps apart, and another spacing would feed it a history it
    /// never saw.
    static func checkCallSpacing(_ spec: Spec, execute: Int?, temporalEnsemble: Bool) throws {
        guard temporalEnsemble || (execute.map { $0 != spec.action.executedSteps } ?? false),
              let graph = try? PolicyGraph(spec, batch: 1), !graph.carriedStates.isEmpty else { return }
        let option = temporalEnsemble ? "--temporal-ensemble (a call every step)" : "--execute \(execute!)"
        throw UsageError("\(spec.name) carries state from call to call, one step summary per call spaced action.execute = \(spec.action.executedSteps) steps apart as in training; \(option) would change that spacing: leave it out")
    }
}
