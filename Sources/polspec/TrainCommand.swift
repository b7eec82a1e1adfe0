import ArgumentParser
import Bench
import Foundation
import SafeTensors
import Runtime

/// `polspec train`: train a spec's recipe on a suite's expert demonstrations.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a spec's recipe on a suite's expert demonstrations.",
        discussion: """
            Records (or reuses) --demos expert demonstrations per task of --tasks, trains every \
            stage of the spec's recipe on them, and writes into --out: checkpoints/ (every \
            --checkpoint-every steps, at the end of every stage, on --until-step and on Ctrl-C), \
            metrics.jsonl and loss-<stage>.svg, and the run record: spec.yaml (the resolved spec), \
            sources/ and run.json (the command line, --set list and version). --resume continues a \
            run exactly where its checkpoint stopped. `polspec train RUN/spec.yaml --out NEW` trains a \
            recorded run again, taking --suite, --tasks, --demos and --data from RUN/run.json unless \
            given. Layout and recipe semantics: docs/training.md.
            Exit status: 0 done, 1 spec errors, 2 usage errors, 3 failure (a NaN or infinite \
            loss, bad data, a damaged or mismatched checkpoint, a run folder another run holds), \
            130 stopped by Ctrl-C, 143 by SIGTERM (checkpoint written).

            Examples:
              polspec train specs/mlp-bc-state.yaml --suite metaworld-like --tasks mt10 --demos 50 --out runs/bc
              polspec train my-libero-spec.yaml --suite libero-like/spatial --demos 20 --out runs/spatial
              polspec train specs/mlp-bc-state.yaml --suite metaworld-like --tasks mt10 --out runs/bc --until-step 1000
              polspec train specs/mlp-bc-state.yaml --suite metaworld-like --tasks mt10 --resume runs/bc
              polspec train runs/bc/spec.yaml --out runs/bc-again
              polspec train specs/mlp-bc-state.yaml --data demos/metaworld-mt10 --out runs/mw   (demos of an environment or imported: docs/datasets.md)
            """
    )

    @Argument(help: "The spec file.")
    var spec: String

    @OptionGroup var suiteOptions: SuiteArguments

    @OptionGroup var training: TrainingArguments

    @Option(help: ArgumentHelp("Run folder for checkpoints, metrics and loss curves (default with --resume: the resumed run's folder).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Continue the run in this folder (or from this checkpoint folder).", valueName: "dir"))
    var resume: String?

    @Flag(help: "With --resume: load the checkpoint even if the spec changed since (weights by name; shapes must agree).")
    var allowSpecChange = false

    @Option(name: .customLong("until-step"), help: "Stop after this optimizer step of the recipe (counted over all stages), with a checkpoint.")
    var untilStep: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a spec value, e.g. recipe.stages.0.steps=200 (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Flag(help: "Print no progress, only errors.")
    var quiet = false

    func validate() throws {
        guard out != nil || resume != nil else { throw ValidationError("give --out (a new run folder) or --resume (a run to continue)") }
        if allowSpecChange && resume == nil { throw ValidationError("--allow-spec-change only applies with --resume") }
        if let untilStep, untilStep < 1 { throw ValidationError("--until-step must be at least 1") }
    }

    func run() throws {
        let checked = try CheckedSpec(path: spec, overrides: overrides)
        let recorded = try RunRecording.recordedOptions(forSpec: spec)
        var training = self.training
        training.demos = training.demos ?? recorded["demos"].flatMap(Int.init)
        training.data = training.data ?? recorded["data"]
        training.overlapEvaluation = training.overlapEvaluation || recorded["overlap-evaluation"] == "true"
        let suite = suiteOptions.suiteName(recorded: recorded)
        let tasks = suiteOptions.taskSet(recorded: recorded)
        // A dataset of an environment process or an imported one trains as recorded, without a suite.
        let foreign = suiteOptions.suite == nil && recorded["suite"] == nil ? try RecordedDemos.foreignFolder(training.data) : nil
        let resolved = try foreign == nil ? suiteOptions.demonstrated(recorded: recorded) : nil
        let checkpoint = try resume.map { try Checkpoint.read(from: try RunDirectory.checkpointDirectory(URL(fileURLWithPath: $0))) }
        var paths = OutputPaths()
        let runURL = try out.map { try paths.folder("--out", $0) } ?? URL(fileURLWithPath: resume!)
        let run = RunDirectory(RunDirectory.checkpointRun(runURL) ?? runURL)
        let lock = try RunLock(run)
        defer { lock.release() }
        if checkpoint == nil && run.holdsRun {
            throw UsageError("\(run.url.path) already holds a training run; continue it with --resume \(run.url.path) or choose another --out")
        }
        if !recorded.isEmpty && !quiet {
            Log.line("training the recorded run again: --suite \(suite)" + (tasks.map { " --tasks \($0)" } ?? "")
                     + " --demos \(training.demos ?? 50)" + (training.data.map { " --data \($0)" } ?? "") + " (from its run.json)")
        }
        let data = try foreign.map { try RecordedDemos.load($0, spec: checked.spec, quiet: quiet) }
            ?? training.trainingData(suite: resolved!.0, selection: resolved!.1, demos: training.demos ?? 50, spec: checked.spec, quiet: quiet)
        let trainer = try Trainer(spec: checked.spec, data: data, run: run, options: training.options(stopAfter: untilStep),
                                  resume: checkpoint, allowSpecChange: allowSpecChange)
        try RunRecording.record(into: run.url, spec: checked.spec,
                                options: resolved.map { training.recordedOptions(suite: $0.0, tasks: tasks, selection: $0.1, demos: 50) }
                                    ?? ["data": foreign!.path])
        if !quiet {
            Log.line("training \(checked.spec.name) (\(trainer.spec.recipe.stages.count) stage(s), \(trainer.totalSteps) steps) into \(run.url.path)"
                     + (checkpoint.map { " from step \($0.manifest.globalStep)" } ?? ""))
        }
        let hint = "polspec train \(spec) --suite \(suite)" + (tasks.map { " --tasks \($0)" } ?? "") + " --demos \(training.demos ?? 50)"
            + (training.data.map { " --data \($0)" } ?? "") + overrides.map { " --set \($0)" }.joined()
        _ = try TrainingSession.run(trainer, quiet: quiet, resumeHint: hint)
    }
}
