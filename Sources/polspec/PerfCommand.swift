import ArgumentParser
import Backends
import Compiler
import Foundation

/// `polspec perf`: latency of the reference workloads on the BLAS backend, fusion and
/// planning on vs off, and the matmul kernels' GFLOP/s next to raw OpenBLAS.
struct PerfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perf",
        abstract: "Time the reference workloads on the BLAS backend (build with -c release).",
        discussion: """
            For each workload: the median latency (and 10th/90th percentiles) with fusion and \
            memory planning on and off, the speedup, and the GFLOP/s of the matmul kernels \
            next to raw OpenBLAS (cblas_sgemm/sgemv) on the same shapes, measured in the same \
            run. Workloads (docs/performance.md): infer_b1, infer_b32, train_b32 (forward, MSE, \
            backward, AdamW), ddim10_b1 (10 DDIM steps of an MLP denoiser).

            Reference frameworks print the same RESULT lines: tools/perf/compare.sh runs both \
            pinned to 1 and 2 CPUs and prints ratios. The machine's load average is printed next \
            to the timings; prefer quiet moments.

            Examples:
              polspec perf --threads 1
              polspec perf --threads 2 --format jsonl
              polspec perf --bench infer_b1 --emit program
            """
    )

    @Argument(help: "Spec files to time at batch 1 and 32 and in training (needs the spec lowering; see docs/performance.md).")
    var specs: [String] = []

    @Option(help: "Threads: the calling thread plus a pool (GEMMs are split across it).")
    var threads: Int = 1

    @Option(help: "Output: table or jsonl (RESULT lines as tools/perf/reference_workloads.py prints).")
    var format: PerfFormat = .table

    @Option(name: .customLong("bench"), help: ArgumentHelp("Run only this workload (repeatable).", valueName: "name"))
    var benches: [String] = []

    @Option(help: "Timed runs at least (after two warm-up runs).")
    var runs: Int = 20

    @Option(help: "Seconds of timed runs at least.")
    var seconds: Double = 1

    @Flag(help: "Skip timing the unfused, unplanned program.")
    var noBaseline = false

    @Option(help: ArgumentHelp("Print the compiled program or IR of each workload instead of timing.", valueName: "program|ir"))
    var emit: PerfEmit?

    @Option(help: ArgumentHelp("Instead of timing, profile each kernel and print the slowest N.", valueName: "N"))
    var profile: Int?

    func validate() throws {
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1...64") }
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be 1...100000") }
        guard seconds >= 0, seconds <= 3600 else { throw ValidationError("--seconds must be 0...3600") }
        let known = ReferenceWorkload.allCases.map(\.rawValue)
        if let unknown = benches.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown workload '\(unknown)'; choose from \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        if !specs.isEmpty {
            FileHandle.standardError.write(Data("""
                error: timing specs needs the lowering of spec components to graphs (polspec build), \
                which this build does not include yet; `polspec perf` without arguments times the \
                reference workloads.\n
                """.utf8))
            throw ExitCode(ExitStatus.runtimeFailure)
        }
        let workloads = ReferenceWorkload.allCases.filter { benches.isEmpty || benches.contains($0.rawValue) }
        if let emit {
            for workload in workloads {
                let instance = try workload.instance()
                let compilation = try compile(instance.graph, options: CompileOptions(stateUpdates: instance.stateUpdates))
                print("# \(workload.rawValue)")
                print(emit == .program ? compilation.program.text : compilation.graph.text)
            }
            return
        }
        if let profile {
            for workload in workloads {
                let instance = try workload.instance()
                let program = try compile(instance.graph, options: CompileOptions(stateUpdates: instance.stateUpdates)).program
                let executable = BLASExecutable(program: program, threads: threads)
                try executable.set(instance.feeds)
                try executable.run()
                print(PerfTable.profile(workload.rawValue, program, try executable.profile(runs: Swift.max(3, runs)), top: profile))
            }
            return
        }
        let runner = PerfRunner(threads: threads, minimumRuns: runs, minimumSeconds: seconds, baseline: !noBaseline)
        var results: [PerfResult] = []
        if format == .table { print(PerfTable.header(threads: threads)) }
        for workload in workloads {
            let instance = try workload.instance()
            let result = try runner.run(bench: workload.rawValue, graph: instance.graph, stateUpdates: instance.stateUpdates,
                                        feeds: instance.feeds)
            results.append(result)
            switch format {
            case .jsonl: print(PerfTable.jsonLines(result), terminator: "")
            case .table: break
            }
            fflush(nil)
        }
        if format == .table { print(PerfTable.render(results)) }
    }
}

/// `--format` of `polspec perf`.
enum PerfFormat: String, ExpressibleByArgument, CaseIterable {
    case table, jsonl
}

/// `--emit` of `polspec perf`.
enum PerfEmit: String, ExpressibleByArgument, CaseIterable {
    case program, ir
}
