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
        """
    )

    @Option(help: "Suite to run: \(Suites.names.joined(separator: ", ")); a task set may follow a slash, e.g. libero-like/spatial.")
    var suite = "metaworld-like"

    @Option(help: "Built-in policy: \(BuiltinPolicies.names.joined(separator: ", ")).")
    var policy: String?

    @Option(help: ArgumentHelp("Train this spec on the suite's expert demos, then evaluate it.", valueName: "spec.yaml"))
    var spec: String?

    @Option(help: ArgumentHelp("Evaluate this trained run (a run folder or one of its checkpoint folders).", valueName: "dir"))
    var checkpoint: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("With --spec: override a spec value (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @OptionGroup var training: TrainingArguments

    @OptionGroup var conditions: SuiteConditionArguments

    @Option(name: .customLong("train-out"), help: ArgumentHelp("Training run folder for --spec and the default spec (default: OUT/training).", valueName: "dir"))
    var trainOut: String?

    @Option(help: "A task set (metaworld-like: mt10, mt25, mt50, ml10-train, ..., easy, medium, hard, very-hard; libero-like: spatial, object, goal, long, all) or a comma-separated list of task names. Default: the suite's full set (the default spec's quick budget when no policy or spec is given).")
    var tasks: String?

    @Option(help: "calvin-like only: the split, d-d or abc-d (evaluation is always in scene D).")
    var split: String?

    @Option(help: "Episodes per task (default: 50, or the default spec's quick budget; calvin-like: 1000 chains). Episode k uses evaluation configuration k (calvin-like: chain k); past the fixed 50 (1000) they are new.")
    var episodes: Int?

    @Option(name: .customLong("image-size"), help: "Camera image side for suites with cameras: 64, 128 or 256 (default 64).")
    var imageSize: Int?

    @Flag(help: "Suites with cameras: add the depth images agentview_depth and wrist_depth to the observations.")
    var depth = false

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

    @Option(help: "Threads that step environments (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Episodes in flight at once (rows per policy call).")
    var batch = 100

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
    }

    func run() throws {
        try BenchExit.guarded {
            let defaultSpec = policy == nil && spec == nil && checkpoint == nil
                ? DefaultSpec.forSuite(String(suite.split(separator: "/").first ?? "")) : nil
            let taskSet = tasks ?? (suite.contains("/") || split != nil ? nil : defaultSpec?.tasks)
            let conditions = try conditions.conditions()
            let (suite, selection) = try Suites.resolve(suite: suite, tasks: taskSet, split: split, imageSize: imageSize, depth: depth,
                                                        conditions: conditions)
            let episodes = episodes ?? defaultSpec?.episodes ?? suite.defaultEpisodesPerTask
            guard episodes >= 1 else { throw BenchUsageError("--episodes must be at least 1") }
            try EvaluationSize.check(episodes: episodes, tasks: selection.tasks.count)
            guard videoEpisodes >= 1 else { throw BenchUsageError("--video-episodes must be at least 1") }
            let recorder = video.map { EpisodeVideoRecorder(directory: URL(fileURLWithPath: $0), episodesPerTask: videoEpisodes, strip: videoStrip) }
            guard threads >= 1, batch >= 1 else { throw BenchUsageError("--threads and --batch must be at least 1") }
            if let k = execute, k < 1 { throw BenchUsageError("--execute must be at least 1") }
            if execute != nil, temporalEnsemble != nil { throw BenchUsageError("--execute and --temporal-ensemble exclude each other") }
            if let m = temporalEnsemble, !(m >= 0) { throw BenchUsageError("--temporal-ensemble needs a decay >= 0") }
            let shard = try shard.map(Shard.init(parsing:)) ?? .whole
            let started = Date()
            var paths = OutputPaths(inputs: (spec.map { [("--spec", $0)] } ?? []) + (checkpoint.map { [("--checkpoint", $0)] } ?? []))
            var dir = try out.map { try paths.reportFolder("--out", $0, force: force) }
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
                // A trained spec (BenchTrainedPolicy) learns from demos of the evaluated tasks; for
                // calvin-like, of every single subtask in the split's training scenes.
                let demoSelection = suite is CalvinSuite
                    ? try Suites.resolveDemos(suite: suite.name, tasks: nil, split: selection.goalSplit, imageSize: imageSize, depth: depth,
                                              conditions: conditions).1
                    : selection
                let reportDirectory = dir ?? ReportFiles.defaultDirectory(suite: suite.name, policy: "spec", shard: shard)
                dir = reportDirectory
                let request = BenchTrainedPolicy.Request(
                    specPath: spec, checkpointPath: checkpoint, overrides: overrides, training: training, demos: defaultSpec?.demos ?? 50,
                    trainDirectory: trainOut.map { URL(fileURLWithPath: $0) } ?? reportDirectory.appendingPathComponent("training"), quiet: quiet,
                    validate: { [execute, temporalEnsemble] spec in
                        try BenchTrainedPolicy.checkCallSpacing(spec, execute: execute, temporalEnsemble: temporalEnsemble != nil)
                    })
                let trained = try BenchTrainedPolicy(request, suite: suite, selection: selection, demoSelection: demoSelection, defaultSpec: defaultSpec)
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
                "checkpoint": checkpoint.map { URL(fileURLWithPath: $0).path }, "shard": self.shard,
                ComparedRun.trainingOption: trainedInto?.path,
            ].merging(SuiteConditionArguments.recordedOptions(conditions)) { a, _ in a })
            if !quiet {
                print(ReportTables.text(report))
                print(String(format: "evaluation %.1f s · total wall time %.1f s · report in %@", report.wallTimeSeconds,
                             Date().timeIntervalSince(started), reportDirectory.path))
            } else {
                print(reportDirectory.path)
            }
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
        try BenchExit.guarded {
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
}

struct BenchSpeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Print environment steps per second and camera frames per second, on one thread and on all cores.",
        discussion: """
        Examples:
          polspec bench speed --suite metaworld-like --tasks mt50
          polspec bench speed --suite libero-like --image-size 64
        Build with `swift build -c release` for meaningful numbers.
        """
    )

    @Option(help: "Suite to measure (a task set may follow a slash, e.g. libero-like/spatial).")
    var suite = "metaworld-like"

    @Option(help: "Task set or list of tasks to cycle through (default: the suite's full set).")
    var tasks: String?

    @Option(name: .customLong("image-size"), help: "Camera image side for suites with cameras: 64, 128 or 256.")
    var imageSize: Int?

    @Option(help: "Steps per thread per measurement.")
    var steps = 200_000

    @Option(help: "Measurements per row; the table shows the median.")
    var repeats = 3

    func run() throws {
        try BenchExit.guarded {
            let (suite, selection) = try Suites.resolve(suite: suite, tasks: tasks, imageSize: imageSize)
            guard steps >= 1, repeats >= 1 else { throw BenchUsageError("--steps and --repeats must be at least 1") }
            print(SpeedTable.measure(suite: suite, selection: selection, steps: steps, repeats: repeats))
        }
    }
}
