import ArgumentParser
import Bench
import Foundation
import Runtime
import SpecLang

/// `polspec bench sanity`: the scripted expert and the five sanity baselines on a suite, judged by
/// the honesty criterion (docs/bench.md, "Sanity baselines").
struct BenchSanityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanity",
        abstract: "Run the expert and the five sanity baselines (noop, random, constant, blind, instruction) and judge the suite.",
        discussion: """
        A suite is honest when the expert reaches at least 95% on every task and every baseline stays
        at or below 10% on every task, or, where the real benchmark lets the same baseline solve the
        task, within 10 points of the real figure. The constant, blind and instruction baselines learn
        from --demos scripted demos per task (training configurations); blind and instruction are MLPs
        trained for --steps steps. Writes report.json and report.md into --out, and each policy's
        bench report into a folder of its own there. With --env the suite is an environment
        process with a scripted expert (docs/env-protocol.md): the same baselines, measured in the
        real benchmark.
        Examples:
          polspec bench sanity --suite metaworld-like --tasks mt50
          polspec bench sanity --suite libero-like
          polspec bench sanity --suite calvin-like --episodes 200
          polspec bench sanity --env "/work/venv-libero/bin/python tools/envs/libero_env.py" --tasks spatial
        Exit codes: 0 ran (whatever the verdict), 2 usage error, 3 runtime failure.
        """
    )

    @OptionGroup var suiteOptions: SuiteArguments

    @Option(help: "Episodes per task (default: the suite's protocol, 50; calvin-like: 1000 chains).")
    var episodes: Int?

    @Option(help: "Scripted demos per task behind the constant, blind and instruction baselines.")
    var demos = 10

    @Option(help: "Training steps of the blind and instruction baselines.")
    var steps = 2000

    @Option(name: .customLong("train-batch"), help: "Batch size of the blind and instruction baselines' training.")
    var trainBatch = 256

    @Option(help: ArgumentHelp("Demo folder (made there if missing; default: demos/<suite>-<tasks>-<demos>-r<simulator revision>).", valueName: "dir"))
    var data: String?

    @Option(help: "Run seed (per-episode seeds derive from it).")
    var seed: UInt64 = 0

    @Option(help: "Output folder (default: runs/<suite>-sanity-<timestamp>).")
    var out: String?

    @OptionGroup var rollout: RolloutArguments

    @OptionGroup var environment: EnvironmentArguments

    @Flag(help: "Print only the report folder.")
    var quiet = false

    func validate() throws {
        guard episodes ?? 1 >= 1, demos >= 1, steps >= 1, trainBatch >= 1, rollout.threads >= 1, rollout.batch >= 1 else {
            throw ValidationError("--episodes, --demos, --steps, --train-batch, --threads and --batch must be at least 1")
        }
    }

    func run() throws {
        let logs = out.map { URL(fileURLWithPath: $0).appendingPathComponent("env-logs") } ?? EnvironmentArguments.defaultLogFolder()
        let bridge = try environment.resolve(tasks: suiteOptions.tasks, logs: logs, expert: true, suiteOptions: try suiteOptions.builtInOptions())
        defer { bridge?.0.pool.shutdown() }
        let (suite, selection) = try bridge.map { ($0.0 as any BenchSuite, $0.1) } ?? suiteOptions.evaluated()
        let conditions = selection.conditions
        guard let experts = suite as? any ExpertSuite else { throw BenchUsageError("suite '\(suite.name)' has no scripted experts") }
        guard selection.observations == .all else {
            throw BenchUsageError("the blind and instruction baselines read proprio and the instruction; run bench sanity without --observations")
        }
        let episodes = episodes ?? suite.defaultEpisodesPerTask
        try bridge?.0.checkEpisodesPerTask(episodes)
        guard suite.observationFields(for: selection).contains(where: { $0.name == "proprio" }) else {
            throw BenchUsageError("the blind baseline reads proprio, and suite '\(suite.name)' has no proprio field")
        }
        let (threads, batch) = rollout.slots(environment: environment)
        let dir = out.map { URL(fileURLWithPath: $0) } ?? ReportFiles.defaultDirectory(suite: suite.name, policy: "sanity", shard: .whole)
        let demoSelection = try Suites.demoSelection(for: selection, of: suite)
        let data = self.data.map { URL(fileURLWithPath: $0) }
            ?? DemoGenerator.defaultDirectory(suite: suite.name, selection: demoSelection, perTask: demos, configurations: .training)
        if !quiet { Log.line("recording (or reusing) \(demos) demos per task in \(data.path)") }
        _ = try DemoGenerator.generate(suite: experts, selection: demoSelection, perTask: demos, seed: 0, directory: data,
                                       polspecVersion: Polspec.version)
        let dataset = try DemoDataset(directory: data)

        var rates: [SanityBaseline: [String: Double]] = [:]
        func evaluate(_ policy: any Policy, folder: String) throws -> [String: Double] {
            if !quiet { Log.line("evaluating \(folder)") }
            let plan = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: episodes, seed: seed, policy: policy.name)
            let report = try BenchRun.run(suite: suite, plan: plan, policy: policy, polspecVersion: Polspec.version, threads: threads,
                                          batchSize: batch)
            try ReportFiles.write(report, to: dir.appendingPathComponent(folder))
            return Self.successRates(report)
        }
        let expert = try evaluate(ExpertPolicy(suite: experts), folder: "expert")
        for baseline in SanityBaseline.allCases {
            let policy: any Policy
            switch baseline {
            case .noop: policy = NoopPolicy(actionDimension: suite.actionDimension)
            case .random: policy = RandomPolicy(actionDimension: suite.actionDimension)
            case .constant: policy = ConstantPolicy(dataset: dataset)
            case .blind, .instruction: policy = try trained(baseline, suite: suite, selection: selection, dataset: dataset, directory: dir)
            }
            rates[baseline] = try evaluate(policy, folder: baseline.rawValue)
        }
        let names = demoSelection.tasks.map(\.name)
        let report = SanityReport(suite: suite.name, tasks: selection.name, taskNames: names, episodesPerTask: episodes,
                                  conditions: conditions, environment: bridge?.0.environment, demos: demos, trainingSteps: steps, expert: expert, baselines: rates)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try report.write(to: dir)
        print(quiet ? dir.path : report.text() + "report in \(dir.path)")
    }

    /// A trained baseline (blind or instruction) from the demos, its run in `directory/<baseline>-training`.
    func trained(_ baseline: SanityBaseline, suite: any BenchSuite, selection: TaskSelection, dataset: DemoDataset,
                 directory: URL) throws -> SpecPolicy {
        let proprio = suite.observationFields(for: selection).first { $0.name == "proprio" }?.rowCount ?? 0
        let result = SanitySpec.check(baseline, proprioDimension: proprio, actionDimension: suite.actionDimension, steps: steps,
                                      batch: trainBatch)!
        guard let spec = result.spec, !result.hasErrors else {
            throw RuntimeFailure(["the \(baseline.rawValue) baseline's spec does not check (a bug):\n" + CheckReport.render([result], format: .human)])
        }
        let data = try TrainingData(dataset: dataset, keeping: [baseline.reads!])
        let run = RunDirectory(directory.appendingPathComponent("\(baseline.rawValue)-training"))
        if run.holdsRun { throw UsageError("\(run.url.path) already holds a training run; choose another --out") }
        let trainer = try Trainer(spec: spec, data: data, run: run,
                                  options: TrainingOptions(checkpointEvery: steps, logEvery: 50, polspecVersion: Polspec.version))
        if !quiet { Log.line("training the \(baseline.rawValue) baseline (\(steps) steps) into \(run.url.path)") }
        let outcome = try TrainingSession.run(trainer, quiet: quiet, resumeHint: "polspec bench sanity --out \(directory.path)")
        let checkpoint = try Checkpoint.read(from: outcome.checkpoint)
        return try SpecPolicy(checkpoint: checkpoint, spec: spec, fields: suite.observationFields(for: selection), suite: suite.name,
                              actionDimension: suite.actionDimension)
    }

    /// Success per task, or for chains per subtask (those no chain reached are left out).
    static func successRates(_ report: BenchReport) -> [String: Double] {
        if let chains = report.chains {
            return Dictionary(uniqueKeysWithValues: chains.subtasks.filter { $0.attempts > 0 }.map { ($0.name, $0.successRate) })
        }
        return Dictionary(uniqueKeysWithValues: report.tasks.map { ($0.name, $0.successRate) })
    }
}
