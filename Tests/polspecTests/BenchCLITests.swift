import Foundation
import Testing

/// `polspec bench` and `polspec demos` as a user runs them: files written and exit codes.
@Suite struct BenchCLITests {
    /// The polspec binary built next to the test bundle.
    static func polspec(_ args: String...) throws -> PolspecProcess.Run { try PolspecProcess.run(args) }

    static func temporary() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("polspec-cli-\(UUID())").path }

    @Test func benchWritesTheReportAndPrintsTheTables() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.polspec("bench", "--suite", "metaworld-like", "--policy", "expert", "--tasks", "reach,push", "--episodes", "3", "--out", dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("reach") && r.stdout.contains("overall") && r.stdout.contains("100.0%"))
        for f in ["report.json", "report.md", "success.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f)")
        }
    }

    @Test func shardsMergeAndMismatchesAreRefused() throws {
        let a = Self.temporary(), b = Self.temporary(), c = Self.temporary(), m = Self.temporary()
        defer { for d in [a, b, c, m] { try? FileManager.default.removeItem(atPath: d) } }
        #expect(try Self.polspec("bench", "--policy", "random", "--tasks", "reach", "--episodes", "4", "--shard", "1/2", "--out", a, "--quiet").status == 0)
        #expect(try Self.polspec("bench", "--policy", "random", "--tasks", "reach", "--episodes", "4", "--shard", "2/2", "--out", b, "--quiet").status == 0)
        #expect(try Self.polspec("bench", "--policy", "random", "--tasks", "reach", "--episodes", "4", "--shard", "2/2", "--seed", "1", "--out", c, "--quiet").status == 0)
        let merged = try Self.polspec("bench", "merge", a, b, "--out", m)
        #expect(merged.status == 0, "\(merged.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: m + "/report.json"))) as! [String: Any]
        #expect((json["episodes"] as! [Any]).count == 4)
        let again = try Self.polspec("bench", "merge", a, b, "--out", m)
        #expect(again.status == 2 && again.stderr.contains("already holds a report"), "\(again.stderr)")
        let mixed = try Self.polspec("bench", "merge", a, c, "--out", m, "--force")
        #expect(mixed.status == 2 && mixed.stderr.contains("seed"))
        let twice = try Self.polspec("bench", "merge", a, a, "--out", m, "--force")
        #expect(twice.status == 2 && twice.stderr.contains("twice"))
        let missing = try Self.polspec("bench", "merge", a, "--out", m, "--force")
        #expect(missing.status == 2 && missing.stderr.contains("missing shard"))
    }

    @Test func usageErrorsExitWith2() throws {
        for args in [["bench", "--tasks", "reech"], ["bench", "--suite", "nope"], ["bench", "--shard", "3/2"],
                     ["bench", "--policy", "genius"], ["bench", "--episodes", "0"], ["bench", "merge", "/nonexistent/report"],
                     ["demos", "--tasks", "reach", "--out", "/tmp/x", "--noise=-1"]] {
            let r = try PolspecProcess.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: "), "\(args)")
        }
    }

    /// A policy with a memory of one summary per call runs with the call spacing it was trained
    /// with: another --execute, or a temporal ensemble, is refused before any training.
    @Test func carriedStateKeepsTheTrainedCallSpacing() throws {
        for option in [["--execute", "4"], ["--temporal-ensemble", "0.1"]] {
            let out = PolspecProcess.temporary("memory-spacing")
            let r = try PolspecProcess.run(["bench", "--suite", "libero-like/spatial", "--spec", "specs/hamlet.yaml", "--out", out.path] + option)
            #expect(r.status == 2, "\(option): \(r.stderr)")
            #expect(r.stderr.contains("carries state from call to call") && r.stderr.contains("action.execute = 8"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func demosAreCachedByTheirParameters() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Self.polspec("demos", "--suite", "metaworld-like", "--tasks", "reach", "--per-task", "2", "--out", dir)
        #expect(first.status == 0 && first.stdout.contains("wrote 2 episodes"))
        let second = try Self.polspec("demos", "--suite", "metaworld-like", "--tasks", "reach", "--per-task", "2", "--out", dir)
        #expect(second.status == 0 && second.stdout.contains("reusing"))
        let other = try Self.polspec("demos", "--tasks", "reach", "--per-task", "3", "--out", dir)
        #expect(other.status == 2)
    }

    @Test func speedPrintsTheTable() throws {
        let r = try Self.polspec("bench", "speed", "--tasks", "reach", "--steps", "2000", "--repeats", "1")
        #expect(r.status == 0 && r.stdout.contains("steps/s"))
    }

    /// A spec whose observations the suite does not provide is refused before any demo is
    /// recorded, naming what the suite offers.
    @Test func aSpecTheSuiteCannotFeedIsRefusedBeforeDemos() throws {
        let root = PolspecProcess.temporary("unfed")
        defer { try? FileManager.default.removeItem(at: root) }
        let r = try PolspecProcess.run(["bench", "--suite", "metaworld-like", "--tasks", "reach", "--spec", "tools/perf/specs/ddim10.yaml",
                                        "--data", root.appendingPathComponent("demos").path, "--out", root.appendingPathComponent("report").path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("the spec observes 'embedding', but metaworld-like has no such observation; it offers state (float32 [39])"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("demos").path))
    }
}
