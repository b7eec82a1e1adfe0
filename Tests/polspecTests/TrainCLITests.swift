import Foundation
import Testing

/// `polspec train` and `polspec bench --spec/--checkpoint` as a user runs them: files written,
/// resuming, refusals and exit statuses.
@Suite struct TrainCLITests {
    static let spec = PolspecProcess.root.appendingPathComponent("Tests/Fixtures/runtime/tiny-bc.yaml").path

    /// A scratch folder holding the demos (shared by the runs of one test) and the runs.
    struct Scratch {
        let url = PolspecProcess.temporary("train")
        var demos: String { url.appendingPathComponent("demos").path }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    static func train(_ scratch: Scratch, _ arguments: String...) throws -> PolspecProcess.Run {
        try PolspecProcess.run(["train", spec, "--suite", "metaworld-like", "--tasks", "reach", "--demos", "2", "--data", scratch.demos] + arguments)
    }

    @Test func trainWritesCheckpointsMetricsAndCurve() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let run = try Self.train(scratch, "--out", scratch.path("run"), "--checkpoint-every", "8", "--log-every", "5")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("trained tiny-bc for 20 steps"), "\(run.stderr)")
        let manager = FileManager.default
        let latest = try String(contentsOfFile: scratch.path("run/checkpoints/latest"), encoding: .utf8)
        #expect(latest == "step-000020\n")
        for file in ["checkpoint.json", "spec.json", "weights.safetensors", "optimizer.safetensors", "normalization.safetensors"] {
            #expect(manager.fileExists(atPath: scratch.path("run/checkpoints/step-000020/\(file)")), "\(file)")
        }
        #expect(manager.fileExists(atPath: scratch.path("run/checkpoints/step-000016")), "the checkpoint before the newest is kept")
        #expect(!manager.fileExists(atPath: scratch.path("run/checkpoints/step-000008")), "older checkpoints are removed")
        let lines = try String(contentsOfFile: scratch.path("run/metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(manager.fileExists(atPath: scratch.path("run/loss-imitation.svg")))
        let again = try Self.train(scratch, "--out", scratch.path("run"))
        #expect(again.status == 2 && again.stderr.contains("already holds a training run"), "\(again.stderr)")
    }

    @Test func untilStepThenResumeFinishesTheRun() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let first = try Self.train(scratch, "--out", scratch.path("run"), "--until-step", "12")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("stopped after step 12 of 20") && first.stderr.contains("--resume"), "\(first.stderr)")
        #expect(first.stderr.contains("--demos 2 --data \(scratch.demos) --resume \(scratch.path("run"))"), "the hint repeats the data folder: \(first.stderr)")
        let resumed = try Self.train(scratch, "--resume", scratch.path("run"))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("from step 12"), "\(resumed.stderr)")
        let straight = try Self.train(scratch, "--out", scratch.path("straight"))
        #expect(straight.status == 0, "\(straight.stderr)")
        let a = try Data(contentsOf: URL(fileURLWithPath: scratch.path("run/checkpoints/step-000020/weights.safetensors")))
        let b = try Data(contentsOf: URL(fileURLWithPath: scratch.path("straight/checkpoints/step-000020/weights.safetensors")))
        #expect(a == b, "resumed and straight runs differ")
        let changed = try Self.train(scratch, "--resume", scratch.path("run/checkpoints/step-000012"), "--set", "recipe.stages.0.batch=4")
        #expect(changed.status == 3 && changed.stderr.contains("--allow-spec-change"), "\(changed.stderr)")
    }

    @Test func badInputsExitWithTheirStatus() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let specErrors = try Self.train(scratch, "--out", scratch.path("a"), "--set", "recipe.stages.0.steps=0")
        #expect(specErrors.status == 1, "\(specErrors.stderr)")
        let usage = try PolspecProcess.run("train", Self.spec, "--suite", "nope", "--out", scratch.path("b"))
        #expect(usage.status == 2 && usage.stderr.hasPrefix("error: "), "\(usage.stderr)")
        let noOut = try PolspecProcess.run("train", Self.spec)
        #expect(noOut.status == 2, "\(noOut.stderr)")
        let missing = try Self.train(scratch, "--out", scratch.path("c"), "--set", "observation.state.dim=40", "--set", "encoders.trunk.input=state")
        #expect(missing.status == 3 && missing.stderr.contains("observation 'state': the spec declares vector[40]"), "\(missing.stderr)")
        let trained = try Self.train(scratch, "--out", scratch.path("d"))
        #expect(trained.status == 0, "\(trained.stderr)")
        let weights = URL(fileURLWithPath: scratch.path("d/checkpoints/step-000020/weights.safetensors"))
        let bytes = try Data(contentsOf: weights)
        try bytes.prefix(bytes.count / 2).write(to: weights)
        let truncated = try Self.train(scratch, "--resume", scratch.path("d"))
        #expect(truncated.status == 3 && truncated.stderr.contains("weights.safetensors has"), "\(truncated.stderr)")
    }

    /// Ctrl-C, and SIGTERM as Slurm, Kubernetes and Docker send it, stop the run after a
    /// checkpoint; the status is 128 + the signal's number.
    @Test(arguments: [(SIGINT, "Ctrl-C"), (SIGTERM, "SIGTERM")])
    func aStopSignalStopsAfterWritingACheckpoint(signal: Int32, name: String) throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let metrics = scratch.path("run/metrics.jsonl")
        let run = try PolspecProcess.run(["train", Self.spec, "--suite", "metaworld-like", "--tasks", "reach", "--demos", "2",
                                          "--data", scratch.demos, "--out", scratch.path("run"), "--log-every", "1",
                                          "--set", "recipe.stages.0.steps=1000000"],
                                         interruptWhen: { FileManager.default.fileExists(atPath: metrics) }, signal: signal)
        #expect(run.status == 128 + signal, "\(run.stderr)")
        #expect(run.stderr.contains("\(name): stopping") && run.stderr.contains("--resume"), "\(run.stderr)")
        let latest = try String(contentsOfFile: scratch.path("run/checkpoints/latest"), encoding: .utf8)
        #expect(latest.hasPrefix("step-"))
        let bench = try PolspecProcess.run("bench", "--suite", "metaworld-like", "--checkpoint", scratch.path("run"), "--tasks", "reach",
                                           "--episodes", "1", "--out", scratch.path("bench"))
        #expect(bench.status == 0, "\(bench.stderr)")
    }

    @Test func benchTrainsASpecAndEvaluatesCheckpoints() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let bench = try PolspecProcess.run("bench", "--suite", "metaworld-like", "--spec", Self.spec, "--tasks", "reach", "--demos", "2",
                                           "--data", scratch.demos, "--episodes", "2", "--out", scratch.path("report"))
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("policy tiny-bc@") && bench.stdout.contains("reach"), "\(bench.stdout)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("report/training/checkpoints/latest")))
        for file in ["report.json", "report.md", "success.svg", "run.json", "spec.yaml", "training/run.json", "training/spec.yaml",
                     "training/sources/tiny-bc.yaml"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("report/\(file)")), "\(file)")
        }
        let again = try PolspecProcess.run("bench", "--suite", "metaworld-like", "--checkpoint", scratch.path("report/training"), "--tasks", "reach",
                                           "--episodes", "2", "--out", scratch.path("again"))
        #expect(again.status == 0, "\(again.stderr)")
        // The results (everything after the header with its date and wall time) are the same.
        let results = { (name: String) throws -> Substring in
            let text = try String(contentsOfFile: scratch.path("\(name)/report.md"), encoding: .utf8)
            return text[(text.range(of: "**Overall success")?.lowerBound ?? text.startIndex)...]
        }
        #expect(try results("report") == results("again"), "the checkpoint evaluates as the run did")
        let conflicting = try PolspecProcess.run("bench", "--policy", "expert", "--spec", Self.spec)
        #expect(conflicting.status == 2, "\(conflicting.stderr)")
    }
}
