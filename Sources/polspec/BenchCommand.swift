import ArgumentParser
import Bench
import Foundation
import SafeTensors
import Runtime
import SpecLang

/// `polspec bench`: closed-loop evaluation on a built-in suite, its shard merge and its speed table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Evaluate a policy closed-loop on a built-in suite and write a report.",
        discussion: """
        Examples:
          polspec bench --suite metaworld-like --policy expert --tasks mt10 --episodes 50
          polspec bench --suite libero-like --policy expert            (all four LIBERO suites)
          polspec bench --suite calvin-like --split abc-d --policy expert  (1000 chains, SR@1..5)
        Writes report.json, report.md and success.svg into --out (default: a new folder under runs/).
        Exit codes: 0 ok, 2 usage error, 3 runtime failure. See docs/bench.md.
        """,
        subcommands: [BenchRunCommand.self, BenchMergeCommand.self, BenchSpeedCommand.self, BenchSanityCommand.self,
                      BenchCompareCommand.self, BenchTableCommand.self],
        defaultSubcommand: BenchRunCommand.self
    )
}

struct BenchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a policy (the default subcommand of `polspec bench`).",
        discussion: """
        Without --policy, --spec or --checkpoint, trains the suite's built-in default spec with a
        quick budget and evaluates it (docs/training.md). --spec trains the spec on the suite's
        expert demos first (training options as in `polspec train`, run folder OUT/training);
        --checkpoint evaluates a trained run (its EMA weights when it kept an EMA).
        Examples:
          polspec bench --suite libero-like
          polspec bench --suite metaworld-like --spec specs/mlp-bc-state.yaml --tasks mt10 --demos 50
          polspec bench --suite metaworld-like --checkpoint runs/bc --tasks mt10
          polspec bench --suite metaworld-like --policy expert --tasks mt50
          polspec bench --suite libero-like/spatial --policy expert --video runs/videos
          polspec bench --suite calvin-like --split abc-d --policy expert
          polspec bench --policy random --tasks reach,push --episodes 20 --seed 3
          polspec bench --policy expert --tasks mt10 --shard 1/2 --out runs/a   (then: polspec bench merge runs/a runs/b)
          polspec bench --env "/work/venv-mw/bin/python tools/envs/metaworld_env.py" --tasks mt10 --checkpoint runs/bc   (docs/env-protocol.md)
        """
    )

    @Option(help: "Built-in policy: \(BuiltinPolicies.names.joined(separator: ", ")).")
    var policy: String?

    @Option(help: ArgumentHelp("Train this spec on the suite's expert demos, then evaluate it.", valueName: "spec.yaml"))
    var spec: String?

    @Option(help: ArgumentHelp("Evaluate this trained run (a run folder or one of its checkpoint folders).", valueName: "dir"))
    var checkpoint: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("With --spec: override a spec value (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @OptionGroup var training: TrainingArguments

    @OptionGroup var suiteOptions: SuiteArguments

    @OptionGroup var environment: EnvironmentArguments

    @Option(name: .customLong("train-out"), help: ArgumentHelp("Training run folder for --spec and the default spec (default: OUT/training).", valueName: "dir"))
    var trainOut: String?

    @Option(help: "Episodes per task (default: 50, or the default spec's quick budget; calvin-like: 1000 chains). Episode k uses evaluation configuration k (calvin-like: chain k); past the fixed 50 (1000) they are new.")
    var episodes: Int?

    @Option(help: "Run seed (per-episode seeds derive from it).")
    var seed: UInt64 = 0

    @Option(help: "Run only shard i of n (every n-th episode), e.g. 2/4.")
    var shard: String?

    @Option(help: "Output folder (default: runs/<suite>-<policy>-<timestamp>).")
    var out: String?

    @Option(name: [.customLong("execute"), .customLong("chunk")], help: "Execute the first k actions of each predicted chunk before asking the policy again (default: the whole chunk, or a trained spec's action.execute).")
    var execute: Int?

    @Option(name: .customLong("temporal-ensemble"), help: "Ask every step and average overlapping chunks with weights exp(-m*i) (ACT); m is the decay.")
    var temporalEnsemble: Double?

    @OptionGroup var rollout: RolloutArguments

    @Option(help: "Write the camera frames of the first episodes of every task into this folder (suites with cameras).")
    var video: String?

    @Option(name: .customLong("video-episodes"), help: "Episodes filmed per task with --video.")
    var videoEpisodes = 1

    @Flag(name: .customLong("video-strip"), help: "With --video, write each episode as one image strip instead of an animated PNG.")
    var videoStrip = false

    @Flag(help: "Print no progress and no tables, only the report folder.")
    var quiet = false

    @Flag(help: "Replace the report in an --out folder that already holds one.")
    var force = false

    func validate() throws {
        if policy != nil && (spec != nil || checkpoint != nil) { throw ValidationError("--policy excludes --spec and --checkpoint") }
        if !overrides.isEmpty && spec == nil { throw ValidationError("--set needs --spec") }
        if let episodes, episodes < 1 { throw ValidationError("--episodes must be at least 1") }
        guard videoEpisodes >= 1 else { throw ValidationError("--video-episodes must be at least 1") }
        guard rollout.threads >= 1, rollout.batch >= 1 else { throw ValidationError("--threads and --batch must be at least 1") }
        if let k = execute, k < 1 { throw ValidationError("--execute must be at least 1") }
        if execute != nil, temporalEnsemble != nil { throw ValidationError("--execute and --temporal-ensemble exclude each other") }
        if let m = temporalEnsemble, !(m >= 0) { throw ValidationError("--temporal-ensemble needs a decay >= 0") }
    }

    func run() throws {
        let defaultSpec = policy == nil && spec == nil && checkpoint == nil && environment.command == nil
            ? DefaultSpec.forSuite(String(suiteOptions.suiteName().split(separator: "/").first ?? "")) : nil
        var paths = OutputPaths(inputs: (spec.map { [("--spec", $0)] } ?? []) + (checkpoint.map { [("--checkpoint", $0)] } ?? []))
        var dir = try out.map { try paths.reportFolder("--out", $0, force: force) }
        let bridge = try environment.resolve(tasks: suiteOptions.tasks,
                                             logs: dir?.appendingPathComponent("env-logs") ?? EnvironmentArguments.defaultLogFolder(),
                                             expert: self.policy == "expert" || (self.policy == nil && checkpoint == nil),
                                             suiteOptions: try suiteOptions.builtInOptions())
        defer { bridge?.0.pool.shutdown() }
        let (suite, selection) = try bridge.map { ($0.0 as any BenchSuite, $0.1) } ?? suiteOptions.evaluated(fallbackTasks: defaultSpec?.tasks)
        let episodes = episodes ?? defaultSpec?.episodes ?? suite.defaultEpisodesPerTask
        try bridge?.0.checkEpisodesPerTask(episodes)
        let (threads, batch) = rollout.slots(environment: environment)
        try EvaluationSize.check(episodes: episodes, tasks: selection.tasks.count)
        let recorder = video.map { EpisodeVideoRecorder(directory: URL(fileURLWithPath: $0), episodesPerTask: videoEpisodes, strip: videoStrip) }
        let shard = try shard.map(Shard.init(parsing:)) ?? .whole
        let started = Date()
        _ = try trainOut.map { try paths.folder("--train-out", $0) }
        _ = try video.map { try paths.folder("--video", $0) }
        let policy: any Policy
        var seen: SeenConfigurations?
        var evaluated: Spec?
        var trainedInto: URL?
        var execution = Execution(execute: execute, temporalEnsembleDecay: temporalEnsemble)
        if let name = self.policy {
            policy = try BuiltinPolicies.make(name, suite: suite)
        } else {
            let source = try TrainedPolicySource(checkpoint: checkpoint, spec: spec, defaultSpec: defaultSpec, suite: suite.name)
            let reportDirectory = dir ?? ReportFiles.defaultDirectory(suite: suite.name, policy: "spec", shard: shard)
            dir = reportDirectory
            let request = BenchTrainedPolicy.Request(
                overrides: overrides, training: training, demos: defaultSpec?.demos ?? 50,
                trainDirectory: trainOut.map { URL(fileURLWithPath: $0) } ?? reportDirectory.appendingPathComponent("training"), quiet: quiet,
                validate: { [execute, temporalEnsemble] spec in
                    try TrainedPolicySource.checkCallSpacing(spec, execute: execute, temporalEnsemble: temporalEnsemble != nil)
                })
            let trained = try BenchTrainedPolicy(source, request, suite: suite, selection: selection,
                                                 demoSelection: try Suites.demoSelection(for: selection, of: suite))
            policy = trained.policy
            seen = trained.seen
            trainedInto = checkpoint == nil ? request.trainDirectory : nil
            evaluated = trained.spec
            if execute == nil && temporalEnsemble == nil { execution.execute = trained.spec.action.execute }
        }
        let plan = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: episodes, seed: seed,
                                  policy: policy.name, execution: execution, shard: shard, seen: seen)
        let bar = quiet ? nil : ProgressBar(label: "bench")
        let report = try BenchRun.run(suite: suite, plan: plan, policy: policy, polspecVersion: Polspec.version,
                                      threads: threads, batchSize: batch, video: recorder) { p in
            let rate = p.episodesDone > 0 ? 100 * Double(p.successes) / Double(p.episodesDone) : 0
            bar?.update(done: p.episodesDone, total: p.episodesTotal, elapsed: p.elapsed, detail: String(format: "success %.1f%%", rate))
        }
        let reportDirectory = dir ?? ReportFiles.defaultDirectory(suite: suite.name, policy: policy.name, shard: shard)
        try ReportFiles.write(report, to: reportDirectory)
        try RunRecording.record(into: reportDirectory, spec: evaluated, options: [
            "suite": suite.name, "tasks": selection.name, "episodes": String(episodes), "seed": String(seed), "policy": self.policy,
            "checkpoint": checkpoint.map { URL(fileURLWithPath: $0).path }, "shard": self.shard, "env": environment.command,
            ComparedRun.trainingOption: trainedInto?.path,
            "observations": selection.observations == .all ? nil : selection.observations.rawValue,
        ].merging(bridge == nil ? SuiteConditionArguments.recordedOptions(selection.conditions) : [:]) { a, _ in a })
        if !quiet {
            print(ReportTables.text(report))
            print(String(format: "evaluation %.1f s · total wall time %.1f s · report in %@", report.wallTimeSeconds,
                         Date().timeIntervalSince(started), reportDirectory.path))
        } else {
            print(reportDirectory.path)
        }
    }
}

struct BenchMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the reports of the shards of one run.",
        discussion: """
        Example:
          polspec bench merge runs/shard1 runs/shard2 --out runs/merged
        Refuses reports of different runs (suite, policy, tasks, seed, episodes, execution, version),
        overlapping shards, and missing shards unless --allow-partial.
        """
    )

    @Argument(help: "Report folders (or report.json files) of the shards.")
    var reports: [String]

    @Option(help: "Output folder (default: runs/<suite>-<policy>-merged-<timestamp>).")
    var out: String?

    @Flag(help: "Merge even if some shards are missing.")
    var allowPartial = false

    @Flag(help: "Replace the report in an --out folder that already holds one.")
    var force = false

    @Flag(help: "Print only the report folder.")
    var quiet = false

    func run() throws {
        var paths = OutputPaths(inputs: reports.map { ("a shard report", $0) })
        let checkedOut = try out.map { try paths.reportFolder("--out", $0, force: force) }
        let loaded = try reports.map { path -> (path: String, report: BenchReport) in
            var url = URL(fileURLWithPath: path)
            if !path.hasSuffix(".json") { url = url.appendingPathComponent(ReportFiles.json) }
            return (path, try BenchReport.read(url))
        }
        let merged = try ReportMerge.merge(loaded, allowPartial: allowPartial)
        let dir = checkedOut
            ?? ReportFiles.defaultDirectory(suite: merged.identity.suite, policy: merged.identity.policy + "-merged", shard: .whole)
        try ReportFiles.write(merged, to: dir)
        if quiet { print(dir.path) } else { print(ReportTables.text(merged) + "report in \(dir.path)") }
    }
}

struct BenchSpeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Print environment steps per second and camera frames per second, on one thread and on all cores.",
        discussion: """
        Examples:
          polspec bench speed --suite metaworld-like --tasks mt50
          polspec bench speed --suite libero-like --image-size 64
          polspec bench speed --env "/work/venv-mw/bin/python tools/envs/metaworld_env.py" --tasks mt10 --steps 5000
        Build with `swift build -c release` for meaningful numbers.
        """
    )

    @OptionGroup var suiteOptions: SuiteArguments

    @Option(help: "Steps per thread per measurement.")
    var steps = 200_000

    @Option(help: "Measurements per row; the table shows the median.")
    var repeats = 3

    @OptionGroup var environment: EnvironmentArguments

    func validate() throws {
        guard steps >= 1, repeats >= 1 else { throw ValidationError("--steps and --repeats must be at least 1") }
    }

    func run() throws {
        if let bridge = try environment.resolve(tasks: suiteOptions.tasks, logs: EnvironmentArguments.defaultLogFolder(), expert: false,
                                                suiteOptions: try suiteOptions.builtInOptions()) {
            defer { bridge.0.pool.shutdown() }
            let rows = try BridgeSpeed.measure(pool: bridge.0.pool, selection: bridge.1, steps: steps, repeats: repeats,
                                               processes: environment.workerCount)
            print(BridgeSpeed.table(rows, pool: bridge.0.pool, selection: bridge.1, steps: steps))
            return
        }
        let (suite, selection) = try suiteOptions.evaluated()
        print(SpeedTable.measure(suite: suite, selection: selection, steps: steps, repeats: repeats))
    }
}
