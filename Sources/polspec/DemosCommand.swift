import ArgumentParser
import Bench
import Foundation
import SafeTensors

/// `polspec demos`: scripted-expert demonstrations as a dataset on disk.
struct DemosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demos",
        abstract: "Record scripted-expert demonstrations (safetensors per task + manifest.json).",
        discussion: """
        Example:
          polspec demos --suite metaworld-like --tasks mt10 --per-task 50 --out demos/mt10
          polspec demos --suite libero-like/spatial --per-task 50 --out demos/libero-spatial
          polspec demos --suite calvin-like --split abc-d --per-task 20 --out demos/calvin-abc
          polspec demos --env "/work/venv-mw/bin/python tools/envs/metaworld_env.py" --tasks mt10 --per-task 50 --noise 0 --out demos/mw-mt10
        A second call with the same parameters reuses the files. Format: docs/datasets.md.
        Exit codes: 0 ok, 2 usage error, 3 runtime failure.
        """
    )

    @OptionGroup var suiteOptions: SuiteArguments

    @Option(name: .customLong("per-task"), help: "Successful episodes per task.")
    var perTask = 50

    @Option(help: "Output folder.")
    var out: String

    @Option(help: "Standard deviation of the DART noise added to the executed actions (labels stay clean).")
    var noise = DemoGenerator.defaultNoise

    @Option(help: "Seed of the action noise.")
    var seed: UInt64 = 0

    @Flag(help: "Regenerate even if the folder holds demos made with other parameters.")
    var force = false

    @Flag(name: .customLong("overlap-evaluation"), help: "Record on the evaluation configurations instead of the training ones (demos then overlap evaluation; reports split seen and unseen success).")
    var overlapEvaluation = false

    @OptionGroup var environment: EnvironmentArguments

    @Flag(help: "Print only the folder.")
    var quiet = false

    func validate() throws {
        guard (1...DemoGenerator.maximumPerTask).contains(perTask) else { throw ValidationError("--per-task must be 1...\(DemoGenerator.maximumPerTask), got \(perTask)") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be a number >= 0") }
    }

    func run() throws {
        var paths = OutputPaths()
        let dir = try paths.folder("--out", out)
        let bridge = try environment.resolve(tasks: suiteOptions.tasks, logs: dir.appendingPathComponent("env-logs"), expert: true,
                                             suiteOptions: try suiteOptions.builtInOptions())
        defer { bridge?.0.pool.shutdown() }
        let (suite, selection) = try bridge.map { ($0.0 as any BenchSuite, $0.1) } ?? suiteOptions.demonstrated()
        guard let experts = suite as? any ExpertSuite else { throw BenchUsageError("suite '\(suite.name)' has no scripted experts") }
        try DemoFolder.check(dir, parameters: DemoParameters(suite: suite, selection: selection, perTask: perTask, noise: noise, seed: seed,
                                                             configurations: overlapEvaluation ? .evaluation : .training),
                             option: "--out", force: force)
        let bar = quiet ? nil : ProgressBar(label: "demos")
        let started = Date()
        let outcome = try DemoGenerator.generate(suite: experts, selection: selection, perTask: perTask, noise: noise, seed: seed,
                                                 configurations: overlapEvaluation ? .evaluation : .training, directory: dir,
                                                 polspecVersion: Polspec.version, force: force) { done, total in
            bar?.update(done: done, total: total, elapsed: Date().timeIntervalSince(started), detail: "tasks")
        }
        switch outcome {
        case .reused(let m):
            print(quiet ? dir.path : "reusing \(m.files.reduce(0) { $0 + $1.episodes }) episodes in \(dir.path) (same parameters)")
        case .generated(let m):
            let steps = m.files.reduce(0) { $0 + $1.steps }
            print(quiet ? dir.path : String(format: "wrote %d episodes (%d steps) of %d tasks to %@ in %.1f s",
                                             m.files.reduce(0) { $0 + $1.episodes }, steps, m.files.count, dir.path,
                                             Date().timeIntervalSince(started)))
        }
    }
}
