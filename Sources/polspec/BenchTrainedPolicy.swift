import Bench
import Foundation
import Runtime
import Lowering
import SpecLang

/// The trained spec `polspec bench` evaluates when it gets no `--policy`: the checkpoint of a
/// ``TrainedPolicySource``, or its spec trained first on the suite's demos.
struct BenchTrainedPolicy {
    let policy: SpecPolicy
    let spec: Spec
    /// The evaluation configurations its demos started from (nil: none, the default).
    let seen: SeenConfigurations?

    /// How to train when the source needs it.
    struct Request {
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

    /// The policy of `source` for evaluating `selection`; training (when needed) uses the demos of `demoSelection`.
    init(_ source: TrainedPolicySource, _ request: Request, suite: any BenchSuite, selection: TaskSelection,
         demoSelection: TaskSelection) throws {
        let fields = suite.observationFields(for: selection)
        let spec: Spec
        let resumeHint: String
        switch source {
        case .checkpoint(let path, let specPath):
            let checkpoint = try Checkpoint.read(from: try RunDirectory.checkpointDirectory(URL(fileURLWithPath: path)))
            if !checkpoint.manifest.finished && !request.quiet {
                Log.line("note: evaluating the checkpoint at step \(checkpoint.manifest.globalStep) of \(checkpoint.manifest.totalSteps) (training is not finished)")
            }
            let spec = try specPath.map { try CheckedSpec(path: $0, overrides: request.overrides).spec } ?? checkpoint.spec()
            if let mismatch = try checkpoint.evaluationMismatch(spec) {
                throw UsageError("\(path) cannot run with \(specPath ?? spec.name): \(mismatch)")
            }
            try request.validate(spec)
            self.spec = spec
            policy = try SpecPolicy(checkpoint: checkpoint, spec: spec, fields: fields, suite: suite.name, actionDimension: suite.actionDimension)
            seen = try TrainedPolicySource.seenConfigurations(of: checkpoint, demos: request.training.data.map { URL(fileURLWithPath: $0) },
                                                              suite: suite, path: path)
            return
        case .spec(let path):
            spec = try CheckedSpec(path: path, overrides: request.overrides).spec
            resumeHint = "polspec train \(path) --suite \(suite.name) --tasks \(selection.name)"
        case .defaultSpec(let defaultSpec):
            let result = defaultSpec.check()
            guard let checked = result.spec, !result.hasErrors else {
                throw RuntimeFailure(["the built-in default spec does not check (a bug):\n" + CheckReport.render([result], format: .human)])
            }
            spec = checked
            resumeHint = "polspec train <the default spec, see docs/training.md> --suite \(suite.name) --tasks \(selection.name)"
            if !request.quiet { Log.line("no --policy or --spec: training the built-in default spec \(spec.name) (docs/training.md)") }
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
