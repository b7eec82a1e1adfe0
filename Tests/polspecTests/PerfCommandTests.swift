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

    @Test func specsNeedTheLowering() throws {
        let run = try cli.polspec("perf", "specs/mlp-bc-state.yaml")
        #expect(run.status == 3)
        #expect(run.stderr.contains("needs the lowering of spec components"))
    }
}
