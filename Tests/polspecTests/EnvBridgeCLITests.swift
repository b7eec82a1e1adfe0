import Foundation
import Testing

/// `polspec bench --env`, `demos --env`, `bench speed --env` and training on recorded and imported
/// datasets, as a user runs them, against the fake environment process (Python standard library).
/// python3 on the PATH, where installed. At file scope: a suite's trait cannot read a member of
/// the type it is attached to.
let envBridgeCLIPython: String? = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/python3" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite(.enabled(if: envBridgeCLIPython != nil, "python3 is not installed"))
struct EnvBridgeCLITests {
    static let python = envBridgeCLIPython
    static let root = PolspecProcess.root.path
    static var fake: String { "\(python!) \(root)/Tests/Fixtures/bridge/fake_env.py" }
    static let spec = "Tests/Fixtures/bridge/fake-bc.yaml"

    /// Runs python3 with `arguments` in the package root; its exit status.
    static func python(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = arguments
        process.currentDirectoryURL = PolspecProcess.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func report(_ folder: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
    }

    @Test func benchRunsInTheEnvironmentAndTheReportNamesIt() throws {
        let out = PolspecProcess.temporary("env-bench")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try PolspecProcess.run(["bench", "--env", Self.fake, "--policy", "expert", "--episodes", "4", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("environment: fake 1.0") && r.stdout.contains("100.0%"), "\(r.stdout)")
        let run = try Self.report(out)["run"] as! [String: Any]
        #expect((run["environment"] as? [String: Any])?["name"] as? String == "fake" && run["conditions"] == nil)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("env-logs/worker-1.log").path))
        let record = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(record.contains("fake_env.py"))
    }

    @Test func environmentErrorsExitWithTheirStatus() throws {
        let cases: [([String], Int32, String)] = [
            (["bench", "--env", "exit 3", "--policy", "random"], 3, "exited with status 3 while polspec waited for the hello"),
            (["bench", "--env", Self.fake, "--env-workers", "0", "--policy", "random"], 2, "--env-workers"),
            (["bench", "--env", Self.fake, "--split", "d-d", "--policy", "random"], 2, "--split is for the built-in suites"),
            (["bench", "--env", Self.fake, "--tasks", "nope", "--policy", "random"], 2, "no task or task set 'nope'"),
            (["bench", "--env", Self.fake, "--episodes", "1000001", "--policy", "random"], 2, "at most 1000000"),
            (["bench", "--env-timeout", "5", "--policy", "random"], 2, "need --env"),
        ]
        for (args, status, message) in cases {
            let out = PolspecProcess.temporary("env-errors")
            defer { try? FileManager.default.removeItem(at: out) }
            let r = try PolspecProcess.run(args + ["--out", out.path])
            #expect(r.status == status && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
        }
    }

    @Test func aBrokenEpisodeIsRecordedAndTheRunGoesOn() throws {
        let out = PolspecProcess.temporary("env-broken")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try PolspecProcess.run(["bench", "--env", Self.fake, "--policy", "expert", "--tasks", "crash,reach", "--episodes", "2",
                                        "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("environment failures: 2 of 4 episodes"), "\(r.stdout)")
        let episodes = try Self.report(out)["episodes"] as! [[String: Any]]
        #expect(episodes.filter { ($0["failure"] as? String)?.contains("exited with status 3") == true }.count == 2)
        #expect(episodes.filter { $0["task"] as? String == "reach" }.allSatisfy { $0["success"] as? Bool == true })
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("| environment failures | 2 of 4 episodes"))
    }

    /// Demos through the protocol, a spec trained on them as recorded, and evaluated in the environment.
    @Test func demosTrainAndEvaluateThroughTheBridge() throws {
        let demos = PolspecProcess.temporary("env-demos"), run = PolspecProcess.temporary("env-run"), out = PolspecProcess.temporary("env-eval")
        let trained = PolspecProcess.temporary("env-trained")
        defer { for u in [demos, run, out, trained] { try? FileManager.default.removeItem(at: u) } }
        let d = try PolspecProcess.run(["demos", "--env", Self.fake, "--tasks", "all", "--per-task", "6", "--noise", "0", "--out", demos.path])
        #expect(d.status == 0 && d.stdout.contains("wrote 12 episodes"), "\(d.stderr)")
        let t = try PolspecProcess.run(["train", Self.spec, "--data", demos.path, "--out", run.path, "--quiet"])
        #expect(t.status == 0, "\(t.stderr)")
        let e = try PolspecProcess.run(["bench", "--env", Self.fake, "--checkpoint", run.path, "--episodes", "3", "--out", out.path, "--quiet"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(((try Self.report(out)["run"] as! [String: Any])["policy"] as? String)?.hasPrefix("fake-bc@") == true)
        let b = try PolspecProcess.run(["bench", "--env", Self.fake, "--spec", Self.spec, "--data", demos.path, "--episodes", "2",
                                        "--train-out", trained.path, "--out", out.path, "--force"])
        #expect(b.status == 0 && b.stderr.contains("as recorded (fake, noise 0.0)"), "\(b.stderr)")
        let other = try PolspecProcess.run(["bench", "--env", Self.fake, "--spec", Self.spec, "--data", demos.path, "--tasks", "reach",
                                            "--out", out.path, "--force"])
        #expect(other.status == 2 && other.stderr.contains("holds demos of fake reach,push"), "\(other.stderr)")
    }

    /// The sanity baselines measured in an environment process: its expert, demos and episodes.
    @Test func sanityRunsInTheEnvironment() throws {
        let out = PolspecProcess.temporary("env-sanity"), demos = PolspecProcess.temporary("env-sanity-demos")
        defer { for u in [out, demos] { try? FileManager.default.removeItem(at: u) } }
        let r = try PolspecProcess.run(["bench", "sanity", "--env", Self.fake, "--tasks", "all", "--episodes", "3", "--demos", "3",
                                        "--steps", "20", "--data", demos.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("environment: fake ") && r.stdout.contains("(fake_env.py 1; python") && !r.stdout.contains("conditions:"), "\(r.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as! [String: Any]
        #expect((report["environment"] as? [String: Any])?["name"] as? String == "fake" && report["conditions"] == nil)
        let rows = report["rows"] as! [[String: Any]]
        #expect(rows.map { $0["task"] as? String } == ["reach", "push"])
        #expect(rows.allSatisfy { $0["expert"] as? Double == 1.0 })
        let mixed = try PolspecProcess.run(["bench", "sanity", "--env", Self.fake, "--suite", "metaworld-like", "--out", out.path])
        #expect(mixed.status == 2 && mixed.stderr.contains("--suite is for the built-in suites"), "\(mixed.stderr)")
        let many = try PolspecProcess.run(["bench", "sanity", "--env", Self.fake, "--episodes", "1000001", "--out", out.path])
        #expect(many.status == 2 && many.stderr.contains("--episodes is at most 1000000"), "\(many.stderr)")
    }

    @Test func speedThroughTheProtocol() throws {
        for encoding in ["binary", "json"] {
            let r = try PolspecProcess.run(["bench", "speed", "--env", Self.fake, "--env-encoding", encoding, "--env-workers", "2",
                                            "--steps", "300", "--repeats", "1", "--env-logs", PolspecProcess.temporary("speed-logs").path])
            #expect(r.status == 0 && r.stdout.contains("\(encoding) encoding") && r.stdout.contains("steps/s"), "\(r.stdout) \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 4)
        }
    }

    /// A LeRobotDataset v3 imported by tools/datasets/lerobot_import.py trains a spec; the committed
    /// import is what the importer makes of the committed v3 fixture (checked where pyarrow is installed).
    @Test func anImportedLeRobotDatasetTrainsASpec() throws {
        let run = PolspecProcess.temporary("lerobot-run")
        defer { try? FileManager.default.removeItem(at: run) }
        let t = try PolspecProcess.run(["train", "Tests/Fixtures/lerobot/pusht-like-bc.yaml", "--data", "Tests/Fixtures/lerobot/pusht-like-polspec",
                                        "--out", run.path])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stderr.contains("using the 12 demos (314 steps) of 2 tasks"), "\(t.stderr)")
        let again = PolspecProcess.temporary("lerobot-import")
        defer { try? FileManager.default.removeItem(at: again) }
        guard try Self.python(["-c", "import pyarrow"]) == 0 else { return }  // no pyarrow here: the committed import stands
        #expect(try Self.python(["tools/datasets/lerobot_import.py", "Tests/Fixtures/lerobot/pusht-like", "--out", again.path,
                                 "--name", "lerobot/pusht-like"]) == 0)
        for file in try FileManager.default.contentsOfDirectory(atPath: "\(Self.root)/Tests/Fixtures/lerobot/pusht-like-polspec") {
            let committed = try Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/Tests/Fixtures/lerobot/pusht-like-polspec/\(file)"))
            #expect(try Data(contentsOf: again.appendingPathComponent(file)) == committed, "\(file)")
        }
    }
}
