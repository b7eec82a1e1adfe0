import ArgumentParser
import Bench
import Compiler
import Lowering
import Dispatch
import Foundation
import Runtime
import SafeTensors
import SpecLang

/// The training options `polspec train` and `polspec bench --spec` share.
struct TrainingArguments: ParsableArguments {
    @Option(name: .customLong("demos"), help: "Expert demonstrations per task to train on (default 50; the default spec's quick budget in bench).")
    var demos: Int?

    @Option(name: .customLong("data"), help: ArgumentHelp("Demo dataset folder (made there if missing; default: demos/<suite>-<tasks>-<demos>-r<simulator revision>).", valueName: "dir"))
    var data: String?

    @Option(name: .customLong("checkpoint-every"), help: "Write a checkpoint every N optimizer steps (and at the end of every stage).")
    var checkpointEvery = 1000

    @Option(name: .customLong("log-every"), help: "Append a metrics.jsonl record every N steps.")
    var logEvery = 10

    @Flag(name: .customLong("overlap-evaluation"), help: "Record the demos on the evaluation configurations (they then overlap evaluation; bench reports split seen and unseen success).")
    var overlapEvaluation = false

    func validate() throws {
        if let demos, demos < 1 { throw ValidationError("--demos must be at least 1") }
        guard checkpointEvery >= 1, logEvery >= 1 else { throw ValidationError("--checkpoint-every and --log-every must be at least 1") }
    }

    /// The demonstrations of `selection`, recorded by the suite's experts (or reused): `--demos`
    /// per task, else `demos`; only the observation fields `spec` reads are kept in memory.
    func trainingData(suite: any BenchSuite, selection: TaskSelection, demos fallback: Int, spec: Spec, quiet: Bool) throws -> TrainingData {
        let demos = self.demos ?? fallback
        if let bridge = suite as? BridgeSuite,
           let recorded = try RecordedDemos.ofEnvironment(data, suite: bridge, selection: selection, spec: spec, quiet: quiet) {
            return recorded
        }
        guard let experts = suite as? any ExpertSuite else { throw BenchUsageError("suite '\(suite.name)' has no scripted experts to learn from") }
        try SuiteFit.require(spec, suite: suite, selection: selection)
        let directory = demoDirectory(suite: suite, selection: selection, demos: demos)
        try DemoFolder.check(directory, parameters: DemoParameters(suite: suite, selection: selection, perTask: demos,
                                                                   noise: DemoGenerator.defaultNoise, seed: 0,
                                                                   configurations: overlapEvaluation ? .evaluation : .training),
                             option: "--data", force: nil)
        let bar = quiet ? nil : ProgressBar(label: "demos")
        let started = Date()
        let outcome = try DemoGenerator.generate(suite: experts, selection: selection, perTask: demos, seed: 0,
                                                 configurations: overlapEvaluation ? .evaluation : .training, directory: directory,
                                                 polspecVersion: Polspec.version) { done, total in
            bar?.update(done: done, total: total, elapsed: Date().timeIntervalSince(started), detail: "tasks")
        }
        let dataset = try DemoDataset(directory: directory)
        let data = try TrainingData(dataset: dataset, keeping: Set(spec.observations.map(\.name)))
        if !quiet {
            let verb = if case .reused = outcome { "reusing" } else { "recorded" }
            Log.line("\(verb) \(data.episodeCount) demos (\(data.stepCount) steps) of \(selection.tasks.count) tasks in \(directory.path)")
        }
        return data
    }

    /// `--data`, or the default demo folder (``DemoGenerator/defaultDirectory(suite:selection:perTask:configurations:)``).
    func demoDirectory(suite: any BenchSuite, selection: TaskSelection, demos: Int) -> URL {
        data.map { URL(fileURLWithPath: $0) }
            ?? DemoGenerator.defaultDirectory(suite: suite.name, selection: selection, perTask: demos,
                                              configurations: overlapEvaluation ? .evaluation : .training)
    }

    /// The run-record options of a training run on `selection` of `suite` (`tasks` as the
    /// command line names them), for `polspec train RUN/spec.yaml` to train it again.
    func recordedOptions(suite: any BenchSuite, tasks: String?, selection: TaskSelection, demos: Int) -> [String: String?] {
        [
            "suite": suite.name, "tasks": tasks, "split": suite.splits.isEmpty ? nil : selection.goalSplit,
            "image-size": selection.imageSize.map(String.init), "depth": selection.cameraDepth ? "true" : nil,
            "observations": selection.observations == .all ? nil : selection.observations.rawValue,
            "demos": String(self.demos ?? demos), "data": data.map { URL(fileURLWithPath: $0).path },
            "overlap-evaluation": overlapEvaluation ? "true" : nil,
        ].merging(SuiteConditionArguments.recordedOptions(selection.conditions)) { a, _ in a }
    }

    func options(stopAfter: Int?) -> TrainingOptions {
        TrainingOptions(checkpointEvery: checkpointEvery, logEvery: logEvery, stopAfter: stopAfter, polspecVersion: Polspec.version)
    }
}

/// Runs a trainer with a progress display on stderr and Ctrl-C / SIGTERM handling, and prints how it ended.
enum TrainingSession {
    /// Trains; a run stopped by a signal exits 128 + its number (130, 143) after its checkpoint is written.
    /// How to continue is `resumeHint --resume RUN`, or `continueHint` when given (a command that
    /// continues by itself).
    static func run(_ trainer: Trainer, quiet: Bool, resumeHint: String, continueHint: String? = nil) throws -> TrainingOutcome {
        let interrupt = StopSignals()
        interrupt.install()
        defer { interrupt.uninstall() }
        let display = quiet ? nil : TrainingProgressDisplay()
        let started = Date()
        let outcome: TrainingOutcome
        do {
            outcome = try trainer.train(progress: { display?.update($0) }, shouldStop: { interrupt.isRaised })
        } catch {
            display?.finish()
            throw error
        }
        display?.finish()
        let seconds = Date().timeIntervalSince(started)
        switch outcome {
        case .finished(let checkpoint):
            if !quiet {
                let last = trainer.lastRecord.map { String(format: ", final loss %.4g", $0.loss) } ?? ""
                Log.line(String(format: "trained %@ for %d steps in %@ (%.1f steps/s)%@", trainer.spec.name, trainer.stepsTaken,
                                Log.clock(seconds), Double(trainer.stepsTaken) / max(seconds, 1e-9), last))
                Log.line("checkpoint \(checkpoint.path) · metrics \(trainer.run.metrics.path)")
            }
        case .stopped(let checkpoint, let step):
            if !quiet {
                Log.line("stopped after step \(step) of \(trainer.totalSteps); checkpoint \(checkpoint.path)")
                Log.line("continue with: \(continueHint ?? "\(resumeHint) --resume \(trainer.run.url.path)")")
            }
        case .interrupted(let checkpoint, let step):
            Log.line("interrupted after step \(step) of \(trainer.totalSteps); checkpoint \(checkpoint.path)")
            Log.line("continue with: \(continueHint ?? "\(resumeHint) --resume \(trainer.run.url.path)")")
            throw ExitCode(interrupt.exitStatus)
        }
        return outcome
    }
}

/// The training progress on stderr: a redrawn line on a terminal (stage, step/total, loss,
/// steps/s, ETA), otherwise a plain line every 5% of the run.
final class TrainingProgressDisplay {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private var lastTwentieth = -1
    private var drawn = false

    func update(_ p: TrainingProgress) {
        let line = String(format: "stage %@ (%d/%d) · step %d/%d · loss %.4g · %.1f steps/s · ETA %@", p.stage, p.stageIndex + 1,
                          p.stageCount, p.step, p.steps, p.loss, p.stepsPerSecond, Log.clock(p.etaSeconds))
        if isTerminal {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) > 0.1 || p.globalStep == p.totalSteps else { return }
            lastDraw = now
            let width = 24, filled = p.totalSteps > 0 ? width * p.globalStep / p.totalSteps : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            Log.write("\r[\(bar)] \(line)  ")
            drawn = true
        } else {
            let twentieth = p.totalSteps > 0 ? 20 * p.globalStep / p.totalSteps : 20
            guard twentieth != lastTwentieth else { return }
            lastTwentieth = twentieth
            Log.line("train: \(p.globalStep)/\(p.totalSteps) · \(line)")
        }
    }

    func finish() {
        if drawn { Log.write("\n") }
        drawn = false
    }
}

/// Messages on stderr.
enum Log {
    static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
    static func line(_ text: String) { write(text + "\n") }

    /// `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
