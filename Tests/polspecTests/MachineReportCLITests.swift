import Backends
import Foundation
import Testing

/// What the kernels run on, as the commands print it: the processor, the BLAS library with the
/// core polspec chose for it (no environment variable needed), and the vector kernels; the
/// user's OPENBLAS_CORETYPE and POLSPEC_BLAS_LIBRARY.
@Suite struct MachineReportCLITests {
    /// The core polspec chooses on this processor, or nil when the environment chooses it.
    static var expectedCore: String? {
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil ? OpenBLASCore.preferred(for: .current)?.name : nil
    }

    @Test func versionVerboseNamesTheProcessorTheBLASCoreAndTheVectorKernels() throws {
        let run = try PolspecProcess.run("--version", "--verbose")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("polspec ") == true)
        #expect(lines.contains { $0.hasPrefix("CPU: ") && $0.contains("family \(CPU.current.family) model \(CPU.current.model)") })
        #expect(lines.contains { $0.hasPrefix("vector kernels: \(VectorISA.best.rawValue) (") })
        let blas = try #require(lines.first { $0.hasPrefix("BLAS: ") }, "\(run.stdout)")
        if let core = Self.expectedCore {
            #expect(blas.contains(", core \(core) (chosen by polspec: "), "\(blas)")
        }
        // Plain --version prints the version alone.
        #expect("polspec " + (try PolspecProcess.run("--version").stdout) == (lines.first ?? "") + "\n")
    }

    @Test func buildAndPerfPrintTheBLASCore() throws {
        let build = try PolspecProcess.run("build", "specs/mlp-bc-state.yaml")
        #expect(build.status == 0, "\(build.stderr)")
        let perf = try PolspecProcess.run("perf", "--bench", "ddim10_b1", "--runs", "1", "--seconds", "0", "--no-baseline", "--kernels", "avx2")
        #expect(perf.status == 0, "\(perf.stderr)")
        #expect(perf.stdout.contains("\nvector kernels: avx2 (8 floats per register"), "\(perf.stdout)")
        let jsonl = try PolspecProcess.run("perf", "--bench", "ddim10_b1", "--runs", "1", "--seconds", "0", "--no-baseline", "--format", "jsonl")
        #expect(jsonl.stdout.hasPrefix("MACHINE {\"cpu\": "), "\(jsonl.stdout)")
        for output in [build.stdout, perf.stdout, jsonl.stdout] {
            #expect(output.contains("OpenBLAS"), "\(output)")
            if let core = Self.expectedCore { #expect(output.contains(", core \(core) (chosen by polspec: "), "\(output)") }
        }
    }

    @Test func theUsersCoreAndLibraryAreHonoured() throws {
        let user = try PolspecProcess.run(["--version", "--verbose"], environment: ["OPENBLAS_CORETYPE": "Sandybridge"])
        #expect(user.status == 0, "\(user.stderr)")
        #expect(user.stdout.contains(", core Sandybridge (OPENBLAS_CORETYPE=Sandybridge)"), "\(user.stdout)")
        let missing = try PolspecProcess.run(["perf", "--bench", "ddim10_b1", "--runs", "1", "--seconds", "0"],
                                             environment: ["POLSPEC_BLAS_LIBRARY": "/nonexistent/libblas.so"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot load OpenBLAS (tried /nonexistent/libblas.so"), "\(missing.stderr)")
    }
}
