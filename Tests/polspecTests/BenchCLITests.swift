import Foundation
import Testing

/// `polspec bench` and `polspec demos` as a user runs them: files written and exit codes.
@Suite struct BenchCLITests {
    /// The polspec binary built next to the test bundle.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("polspec")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/polspec")
    }()

    static func polspec(_ args: String...) throws -> (code: Int32, out: String, err: String) { try polspec(args) }

    /// Runs the binary with `args`; returns its exit code, stdout and stderr.
    static func polspec(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static func temporary() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("polspec-cli-\(UUID())").path }

    @Test func benchWritesTheReportAndPrintsTheTables() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.polspec("bench", "--suite", "metaworld-like", "--policy", "expert", "--tasks", "reach,push", "--episodes", "3", "--out", dir)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("reach") && r.out.contains("overall") && r.out.contains("100.0%"))
        for f in ["report.json", "report.md", "success.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f)")
        }
    }

    @Test func shardsMergeAndMismatchesAreRefused() throws {
        let a = Self.temporary(), b = Self.temporary(), c = Self.temporary(), m = Self.temporary()
        defer { for d in [a, b, c, m] { try? FileManager.default.removeItem(atPath: d) } }
        #expect(try Self.polspec("bench", "--policy", "random", "--tasks", "reach", "--episodes", "4", "--shard", "1/2", "--out", a, "--quiet").code == 0)
        #expect(try Self.polspec("bench", "--policy", "random", "--tasks", "reach", "--episodes", "4", "--shard", "2/2", "--out", b, "--quiet").code == 0)
        #expect(try Self.polspec("bench", "--policy", "random", "--tasks", "reach", "--episodes", "4", "--shard", "2/2", "--seed", "1", "--out", c, "--quiet").code == 0)
        let merged = try Self.polspec("bench", "merge", a, b, "--out", m)
        #expect(merged.code == 0, "\(merged.err)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: m + "/report.json"))) as! [String: Any]
        #expect((json["episodes"] as! [Any]).count == 4)
        let mixed = try Self.polspec("bench", "merge", a, c, "--out", m)
        #expect(mixed.code == 2 && mixed.err.contains("seed"))
        let twice = try Self.polspec("bench", "merge", a, a, "--out", m)
        #expect(twice.code == 2 && twice.err.contains("twice"))
        let missing = try Self.polspec("bench", "merge", a, "--out", m)
        #expect(missing.code == 2 && missing.err.contains("missing shard"))
    }

    @Test func usageErrorsExitWith2() throws {
        for args in [["bench", "--tasks", "reech"], ["bench", "--suite", "nope"], ["bench", "--shard", "3/2"],
                     ["bench", "--policy", "genius"], ["bench", "--episodes", "0"], ["bench", "merge", "/nonexistent/report"],
                     ["demos", "--tasks", "reach", "--out", "/tmp/x", "--noise=-1"]] {
            let r = try Self.polspec(args)
            #expect(r.code == 2, "\(args): \(r.code) \(r.err)")
            #expect(r.err.hasPrefix("error: "), "\(args)")
        }
    }

    @Test func demosAreCachedByTheirParameters() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Self.polspec("demos", "--suite", "metaworld-like", "--tasks", "reach", "--per-task", "2", "--out", dir)
        #expect(first.code == 0 && first.out.contains("wrote 2 episodes"))
        let second = try Self.polspec("demos", "--suite", "metaworld-like", "--tasks", "reach", "--per-task", "2", "--out", dir)
        #expect(second.code == 0 && second.out.contains("reusing"))
        let other = try Self.polspec("demos", "--tasks", "reach", "--per-task", "3", "--out", dir)
        #expect(other.code == 2)
    }

    @Test func speedPrintsTheTable() throws {
        let r = try Self.polspec("bench", "speed", "--tasks", "reach", "--steps", "2000", "--repeats", "1")
        #expect(r.code == 0 && r.out.contains("steps/s"))
    }
}
