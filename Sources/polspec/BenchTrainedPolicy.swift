import Bench
import Foundation
import Runtime
import SpecLang

/// The trained spec `polspec bench` evaluates when it gets no `--policy`: a checkpoint
/// (`--checkpoint DIR`, its spec from the checkpoint or `--spec`), a spec trained first
/// (`--spec SPEC`), or the suite's built-in default spec trained with its quick budget.
struct BenchTrainedPolicy {
    let policy: SpecPolicy
    let spec: Spec

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
            policy = try SpecPolicy(checkpoint: checkpoint, spec: spec, fields: fields, suite: suite.name, actionDimension: suite.actionDimension)
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
                throw runtimeFailure(["the built-in default spec does not check (a bug):\n" + CheckReport.render([result], format: .human)])
            }
            spec = checked
            resumeHint = "polspec train <the default spec, see docs/training.md> --suite \(suite.name) --tasks \(selection.name)"
            if !request.quiet { Log.line("no --policy or --spec: training the built-in default spec \(spec.name) (docs/training.md)") }
        } else {
            throw UsageError("suite '\(suite.name)' has no built-in default spec; give --spec SPEC, --checkpoint DIR or --policy NAME")
        }
        let run = RunDirectory(request.trainDirectory)
        let lock = try RunLock(run)
        defer { lock.release() }
        if run.holdsRun { throw UsageError("\(run.url.path) already holds a training run; evaluate it with --checkpoint \(run.url.path)") }
        let data = try request.training.trainingData(suite: suite, selection: demoSelection, demos: request.demos, spec: spec, quiet: request.quiet)
        let trainer = try Trainer(spec: spec, data: data, run: run, options: request.training.options(stopAfter: nil))
        try RunRecording.record(into: run.url, spec: spec, options: [
            "suite": suite.name, "tasks": demoSelection.name, "split": suite is CalvinSuite ? demoSelection.goalSplit : nil,
            "image-size": demoSelection.imageSize.map(String.init), "depth": demoSelection.cameraDepth ? "true" : nil,
            "demos": String(request.training.demos ?? request.demos), "data": request.training.data.map { URL(fileURLWithPath: $0).path },
        ])
        if !request.quiet { Log.line("training \(spec.name) (\(trainer.totalSteps) steps) into \(run.url.path)") }
        let outcome = try TrainingSession.run(trainer, quiet: request.quiet, resumeHint: resumeHint)
        let checkpoint = try Checkpoint.read(from: outcome.checkpoint)
        self.spec = spec
        policy = try SpecPolicy(checkpoint: checkpoint, spec: spec, fields: fields, suite: suite.name, actionDimension: suite.actionDimension)
    }
}
