import Foundation
import Testing

/// `polspec perf`: argument checking and the `--emit` path (timing itself is not a test).
@Suite struct PerfCommandTests {
    let cli = CLITests()

    @Test func emitsTheCompiledProgram() throws {
        let run = try cli.polspec("perf", "--bench", "ddim10_b1", "--emit", "program")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("# ddim10_b1\nslots "))
        #expect(run.stdout.contains("fused.gemm"))
        #expect(run.stdout.contains("# gemm: cblas_sgemm"))
        #expect(run.stdout.contains("output action <- "))
    }

    @Test func unknownWorkloadsAreUsageErrors() throws {
        let run = try cli.polspec("perf", "--bench", "infer_b2")
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown workload 'infer_b2'; choose from infer_b1, infer_b32, train_b32, ddim10_b1"))
    }

    @Test func specsAreTimedAsTheyRun() throws {
        let program = try cli.polspec("perf", "tools/perf/specs/ddim10.yaml", "--emit", "program")
        #expect(program.status == 0, "\(program.stderr)")
        #expect(program.stdout.contains("# perf-ddim10/b1\n") && program.stdout.contains("# perf-ddim10/b32\n")
            && program.stdout.contains("# perf-ddim10/train_b32\n"))
        let timed = try cli.polspec("perf", "specs/mlp-bc-state.yaml", "--runs", "1", "--seconds", "0", "--no-baseline", "--format", "jsonl")
        #expect(timed.status == 0, "\(timed.stderr)")
        for bench in ["mlp-bc-state/b1", "mlp-bc-state/b32", "mlp-bc-state/train_b32"] {
            #expect(timed.stdout.contains("RESULT {\"impl\": \"polspec\", \"bench\": \"\(bench)\""), "\(bench)")
        }
        let mixed = try cli.polspec("perf", "specs/mlp-bc-state.yaml", "--bench", "infer_b1")
        #expect(mixed.status == 2)
    }

    /// `--defaults`: one TRAIN line per default spec, whose phase shares sum to 1; the option
    /// goes alone.
    @Test func defaultSpecsTrainingThroughput() throws {
        let run = try cli.polspec("perf", "--defaults", "--demos", "1", "--runs", "2", "--seconds", "0", "--format", "jsonl")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("TRAIN ") }
        #expect(lines.count == 3, "\(run.stdout)")
        for (line, suite) in zip(lines, ["libero-like", "calvin-like", "metaworld-like"]) {
            let object = try JSONSerialization.jsonObject(with: Data(line.dropFirst("TRAIN ".count).utf8)) as? [String: Any]
            let record = try #require(object, "\(line)")
            #expect(record["suite"] as? String == suite)
            #expect((record["steps_per_second"] as? Double ?? 0) > 0)
            let shares = try #require(record["shares"] as? [String: Double])
            #expect(Set(shares.keys) == ["assembly", "forward", "backward", "optimizer"])
            #expect(abs(shares.values.reduce(0, +) - 1) < 0.01, "\(shares)")
            #expect(shares.values.allSatisfy { $0 >= 0 })
        }
        #expect(try cli.polspec("perf", "--defaults", "--bench", "infer_b1").status == 2)
        #expect(try cli.polspec("perf", "--demos", "3").status == 2)
    }
}
