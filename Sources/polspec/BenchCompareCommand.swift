import ArgumentParser
import Bench
import Foundation
import Runtime
import SafeTensors
import SpecLang

/// `polspec bench compare`: several specs trained on the same demos and evaluated on the same
/// episodes, and their comparison table (docs/bench.md, "Comparing architectures").
struct BenchCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Train specs on the same demos, evaluate them on the same episodes and print the comparison table.",
        discussion: """
        Records the suite's expert demos once, trains every spec on exactly those demos (its own
        recipe, or with --steps N every spec trains N optimizer steps in all, its stages scaled in
        proportion), evaluates every policy on exactly the same episodes, and writes one folder per
        (spec, seed) — OUT/<spec name>-seed<s>: report.json, report.md, success.svg, the run record
        (run.json, spec.yaml, sources/) and the training run in training/ — and the table in
        OUT/comparison.txt, comparison.md and comparison.json (`polspec bench table` builds the same
        table from the folders). With --seeds K each spec is trained K times (recipe.seed, +1, ...).
        Running the same command again keeps the finished folders and continues interrupted training.
        Examples:
          polspec bench compare specs/mlp-bc-state.yaml specs/metaworld/dita.yaml --suite metaworld-like --tasks mt10 --demos 20 --steps 3000
          polspec bench compare a.yaml b.yaml --suite libero-like --tasks spatial --demos 10 --episodes 20 --seeds 3 --out runs/ab
        Exit codes: 0 ok, 1 spec errors, 2 usage error, 3 runtime failure; 130/143 when a signal stopped training (run it again to continue).
        """
    )

    @Argument(help: "The spec files to compare (each with its own name).")
    var specs: [String] = []

    @OptionGroup var suiteOptions: SuiteArguments

    @OptionGroup var training: TrainingArguments

    @Option(help: "A uniform budget: every spec trains this many optimizer steps in all (stages and warm-ups scaled in proportion). Default: each spec's own recipe.")
    var steps: Int?

    @Option(help: "Episodes per task (default: the suite's protocol, 50; calvin-like: 1000 chains), the same for every policy.")
    var episodes: Int?

    @Option(help: "Training seeds per spec: recipe.seed, recipe.seed + 1, ...")
    var seeds = 1

    @Option(help: "Evaluation run seed (the episodes' seeds derive from it; the same for every policy).")
    var seed: UInt64 = 0

    @Option(help: "Output folder (default: runs/compare-<suite>-<timestamp>).")
    var out: String?

    @OptionGroup var rollout: RolloutArguments

    @Flag(name: .customLong("no-latency"), help: "Do not measure chunk latencies.")
    var noLatency = false

    @Flag(help: "Print no progress, only the table.")
    var quiet = false

    func validate() throws {
        guard episodes ?? 1 >= 1, rollout.threads >= 1, rollout.batch >= 1, steps ?? 1 >= 1 else {
            throw ValidationError("--episodes, --threads, --batch and --steps must be at least 1")
        }
    }

    func run() throws {
        var checked: [CheckedSpec] = []
        for path in specs { checked.append(try CheckedSpec(path: path, overrides: [])) }
        let (suite, selection) = try suiteOptions.evaluated()
        let demoSelection = try Suites.demoSelection(for: selection, of: suite)
        let episodes = episodes ?? suite.defaultEpisodesPerTask
        try EvaluationSize.check(episodes: episodes, tasks: selection.tasks.count)
        var paths = OutputPaths(inputs: specs.map { ("a spec", $0) })
        let dir = try paths.folder("--out", out ?? ReportFiles.defaultDirectory(suite: suite.name, policy: "compare", shard: .whole).path)
        let plan = try ComparisonPlan(specs: checked.map(\.spec), seeds: seeds, steps: steps, out: dir)
        let demos = training.demos ?? 50
        let demoOptions = training.recordedOptions(suite: suite, tasks: demoSelection.name, selection: demoSelection, demos: demos)
        var folders: [String] = []
        for job in plan.jobs {
            let spec = try CheckedSpec(path: specs[job.spec], overrides: job.overrides).spec
            let evaluation = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: episodes, seed: seed,
                                            policy: spec.name, execution: Execution(execute: spec.action.execute))
            let progress = try ComparisonPlan.progress(of: job, spec: spec, evaluation: RunIdentity(plan: evaluation, polspecVersion: Polspec.version),
                                                       demos: demoOptions.compactMapValues { $0 })
            folders.append(job.folder.path)
            if progress == .evaluated {
                if !quiet { Log.line("\(job.folder.path): already trained and evaluated; kept") }
                continue
            }
            let policy = try trainedPolicy(job, spec: spec, suite: suite, selection: selection, demoSelection: demoSelection, demos: demos,
                                           resume: progress == .trainingStarted)
            let seen = try SeenConfigurations(demos: training.demoDirectory(suite: suite, selection: demoSelection, demos: demos), suite: suite)
            var run = evaluation
            run.policy = policy.name
            run.seen = seen
            if !quiet { Log.line("evaluating \(job.name) (recipe seed \(job.recipeSeed)) on \(selection.tasks.count) task(s) × \(episodes) episodes") }
            let bar = quiet ? nil : ProgressBar(label: "bench")
            let report = try BenchRun.run(suite: suite, plan: run, policy: policy, polspecVersion: Polspec.version, threads: rollout.threads,
                                          batchSize: rollout.batch) { p in
                bar?.update(done: p.episodesDone, total: p.episodesTotal, elapsed: p.elapsed,
                            detail: String(format: "success %.1f%%", p.episodesDone > 0 ? 100 * Double(p.successes) / Double(p.episodesDone) : 0))
            }
            try ReportFiles.write(report, to: job.folder)
            try RunRecording.record(into: job.folder, spec: spec, options: [
                "suite": suite.name, "tasks": selection.name, "episodes": String(episodes), "seed": String(seed),
                ComparedRun.trainingOption: job.training.path, "steps": steps.map(String.init),
                "observations": selection.observations == .all ? nil : selection.observations.rawValue,
            ].merging(SuiteConditionArguments.recordedOptions(selection.conditions)) { a, _ in a })
            if !quiet { Log.line(String(format: "%@: %.1f%% overall · report in %@", job.name, 100 * report.overallSuccessRate, job.folder.path)) }
        }
        if !quiet && !noLatency { Log.line("measuring chunk latencies at batch 1") }
        let table = try ComparisonTable(runs: try folders.map(ComparedRun.load), measuringLatency: !noLatency)
        for format in ComparisonTable.Format.allCases {
            let file = dir.appendingPathComponent("comparison." + (format == .markdown ? "md" : format == .json ? "json" : "txt"))
            try AtomicFile.write(try table.rendered(format), to: file)
        }
        print(table.text() + (quiet ? "" : "\ntable in \(dir.path)/comparison.{txt,md,json}"))
    }

    /// Trains `job`'s spec (continuing its run when `resume`) on the demos and returns its policy.
    private func trainedPolicy(_ job: ComparisonPlan.Job, spec: Spec, suite: any BenchSuite, selection: TaskSelection,
                               demoSelection: TaskSelection, demos: Int, resume: Bool) throws -> SpecPolicy {
        let run = RunDirectory(job.training)
        let lock = try RunLock(run)
        defer { lock.release() }
        let checkpoint = resume && run.holdsRun ? try Checkpoint.read(from: try RunDirectory.checkpointDirectory(run.url)) : nil
        let data = try training.trainingData(suite: suite, selection: demoSelection, demos: demos, spec: spec, quiet: quiet)
        let trainer = try Trainer(spec: spec, data: data, run: run, options: training.options(stopAfter: nil), resume: checkpoint)
        if checkpoint == nil {
            try RunRecording.record(into: run.url, spec: spec, options: training.recordedOptions(suite: suite, tasks: demoSelection.name,
                                                                                                  selection: demoSelection, demos: demos))
        }
        if !quiet {
            Log.line("training \(spec.name) (recipe seed \(job.recipeSeed), \(trainer.totalSteps) steps) into \(run.url.path)"
                     + (checkpoint.map { " from step \($0.manifest.globalStep)" } ?? ""))
        }
        let outcome = try TrainingSession.run(trainer, quiet: quiet, resumeHint: "", continueHint: "the same polspec bench compare command (it keeps finished runs)")
        return try SpecPolicy(checkpoint: try Checkpoint.read(from: outcome.checkpoint), spec: spec, fields: suite.observationFields(for: selection),
                              suite: suite.name, actionDimension: suite.actionDimension)
    }
}
