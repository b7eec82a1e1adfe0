import Foundation
import Testing

/// `polspec bench compare` and `polspec bench table` as a user runs them, on a budget of seconds.
@Suite struct BenchCompareCLITests {
    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// A tiny MLP behaviour-cloning spec on the metaworld-like state.
    static func writeSpec(_ name: String, hidden: Int, in dir: String) throws -> String {
        let path = "\(dir)/\(name).yaml"
        try """
            polspec: 1
            name: \(name)
            observation:
              state: {kind: vector, dim: 39}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state], hidden: [\(hidden)]}
            recipe:
              stages:
                - {name: imitation, objective: bc, steps: 100, batch: 8, schedule: {kind: cosine, warmup: 10}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func compareTrainsEverySpecOnTheSameDemosAndTablesThem() throws {
        let out = BenchCLITests.temporary(), data = BenchCLITests.temporary(), other = BenchCLITests.temporary()
        defer { for d in [out, data, other] { try? FileManager.default.removeItem(atPath: d) } }
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let a = try Self.writeSpec("narrow", hidden: 8, in: other), b = try Self.writeSpec("wide", hidden: 32, in: other)
        let compare = ["bench", "compare", a, b, "--suite", "metaworld-like", "--tasks", "reach,push", "--demos", "2", "--data", data,
                       "--steps", "12", "--episodes", "2", "--seeds", "2", "--out", out, "--no-latency"]
        let r = try PolspecProcess.run(compare)
        #expect(r.status == 0, "\(r.stderr)")
        let folders = ["narrow-seed0", "narrow-seed1", "wide-seed0", "wide-seed1"]
        for folder in folders {
            for file in ["report.json", "run.json", "spec.yaml", "training/metrics.jsonl"] {
                #expect(FileManager.default.fileExists(atPath: "\(out)/\(folder)/\(file)"), "\(folder)/\(file)")
            }
        }
        #expect(try String(contentsOfFile: "\(out)/wide-seed1/spec.yaml", encoding: .utf8).contains("seed: 1"))
        #expect(r.stdout.contains("metaworld-like · tasks reach,push: 2 tasks") && r.stdout.contains("2 episodes per task"))
        #expect(r.stdout.contains("narrow") && r.stdout.contains("12 × 8"))
        let table = try Self.json(out + "/comparison.json")
        let rows = try #require(table["rows"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["narrow", "wide"])
        for row in rows {
            #expect((row["runs"] as? [Any])?.count == 2)
            #expect((row["overall"] as? [String: Any])?["episodes"] as? Int == 8)  // 2 tasks × 2 episodes × 2 seeds
            #expect((row["seeds"] as? [String: Any])?["seeds"] as? Int == 2)
            #expect((row["training"] as? [String: Any])?["demos_per_task"] as? Int == 2)
            #expect(row["latency"] == nil)
        }
        #expect(FileManager.default.fileExists(atPath: out + "/comparison.md") && FileManager.default.fileExists(atPath: out + "/comparison.txt"))

        // The same command again keeps every finished folder.
        let again = try PolspecProcess.run(compare)
        #expect(again.status == 0 && again.stderr.components(separatedBy: "already trained and evaluated; kept").count == 5, "\(again.stderr)")
        // ... and refuses to replace them with runs of other parameters.
        let otherEpisodes = try PolspecProcess.run(compare + ["--episodes", "3"])
        #expect(otherEpisodes.status == 2 && otherEpisodes.stderr.contains("holds a run of other parameters"), "\(otherEpisodes.stderr)")

        // bench table rebuilds the table from the folders, in Markdown, with the latency measured.
        let md = out + "/again.md"
        let t = try PolspecProcess.run(["bench", "table"] + folders.map { "\(out)/\($0)" } + ["--format", "markdown", "--out", md])
        #expect(t.status == 0, "\(t.stderr)")
        let markdown = try String(contentsOfFile: md, encoding: .utf8)
        #expect(markdown.contains("| narrow | state | 2 |") && markdown.contains("chunk ms") && markdown.contains("load average"))

        // A report evaluated on other episodes is refused, and so is a folder given twice.
        let noop = try PolspecProcess.run(["bench", "--policy", "noop", "--suite", "metaworld-like", "--tasks", "reach,push", "--episodes", "3",
                                        "--out", other + "/noop", "--quiet"])
        #expect(noop.status == 0, "\(noop.stderr)")
        let mixed = try PolspecProcess.run(["bench", "table", "\(out)/\(folders[0])", other + "/noop", "--no-latency"])
        #expect(mixed.status == 2 && mixed.stderr.contains("episodes per task"), "\(mixed.stderr)")
        let twice = try PolspecProcess.run(["bench", "table", "\(out)/\(folders[0])", "\(out)/\(folders[0])", "--no-latency"])
        #expect(twice.status == 2 && twice.stderr.contains("twice"), "\(twice.stderr)")
        // A table never replaces a file of another kind.
        let png = other + "/table.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).write(to: URL(fileURLWithPath: png))
        let replace = try PolspecProcess.run(["bench", "table", "\(out)/\(folders[0])", "--no-latency", "--out", png])
        #expect(replace.status == 2, "\(replace.stderr)")
    }

    @Test func compareUsageErrorsExitWith2BeforeTraining() throws {
        let out = PolspecProcess.temporary("compare-usage")
        defer { try? FileManager.default.removeItem(at: out) }
        for args in [["specs/metaworld/mlp-bc.yaml", "specs/metaworld/mlp-bc.yaml"], ["specs/metaworld/mlp-bc.yaml", "--seeds", "0"],
                     ["specs/metaworld/mlp-bc.yaml", "--steps", "0"], ["specs/metaworld/mlp-bc.yaml", "--episodes", "0"], []] {
            let r = try PolspecProcess.run(["bench", "compare"] + args + ["--tasks", "reach", "--out", out.path])
            #expect(r.status == 2 && r.stderr.hasPrefix("error: "), "\(args): \(r.status) \(r.stderr)")
        }
        #expect(try PolspecProcess.run("bench", "table").status == 2)
    }
}
