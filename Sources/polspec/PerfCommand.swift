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
            backward, AdamW), ddim10_b1 (10 DDIM steps of an MLP denoiser), built with the \
            layer builder exactly as tools/perf/reference_workloads.py builds them; \
            tools/perf/specs/ holds the same models as specs. With SPEC files: each spec's policy \
            forward at batch 1 and 32 (SPEC/b1, SPEC/b32) and one training step at batch 32 \
            (SPEC/train_b32: forward, loss, backward, clipping and the stage's optimiser, the \
            program `polspec train` runs); a workload that cannot be built (a batch too large \
            for the spec) is noted and skipped.

            Reference frameworks print the same RESULT lines: tools/perf/compare.sh runs both \
            pinned to 1 and 2 CPUs and prints ratios. The machine's load average is printed next \
            to the timings; prefer quiet moments.

            Examples:
              polspec perf --threads 1
              polspec perf --threads 2 --format jsonl
              polspec perf --bench infer_b1 --emit program
              polspec perf tools/perf/specs/transformer-encoder.yaml specs/mlp-bc-state.yaml
            """
    )

    @Argument(help: "Spec files: time each policy forward at batch 1 and 32 and one training step at batch 32 (as `polspec train` runs it) instead of the reference workloads.")
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

    @Option(help: ArgumentHelp("Instruction set of polspec's vector kernels (default: the widest this processor runs).",
                               valueName: "avx512|avx2|generic"))
    var kernels: VectorISA = .best

    @Flag(help: "Time the training of the built-in default specs as `polspec train` runs it: optimizer steps/s and the time share of data assembly, forward, backward and optimizer.")
    var defaults = false

    @Option(help: ArgumentHelp("With --defaults: expert demos per task to assemble batches from (default: each default spec's budget; recorded under demos/ if missing).", valueName: "N"))
    var demos: Int?

    func validate() throws {
        guard (1...BLASExecutable.maximumThreads).contains(threads) else { throw ValidationError("--threads must be 1...\(BLASExecutable.maximumThreads)") }
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be 1...100000") }
        guard kernels.isSupported else {
            let supported = VectorISA.allCases.filter(\.isSupported).map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--kernels \(kernels.rawValue): this processor runs \(supported)")
        }
        guard seconds >= 0, seconds <= 3600 else { throw ValidationError("--seconds must be 0...3600") }
        if !specs.isEmpty && !benches.isEmpty { throw ValidationError("--bench picks reference workloads; give it without spec files") }
        if defaults && (!specs.isEmpty || !benches.isEmpty || emit != nil || profile != nil) {
            throw ValidationError("--defaults times the default specs' training; give it without spec files, --bench, --emit or --profile")
        }
        if demos != nil && !defaults { throw ValidationError("--demos goes with --defaults") }
        if let demos, demos < 1 { throw ValidationError("--demos must be at least 1") }
        let known = ReferenceWorkload.allCases.map(\.rawValue)
        if let unknown = benches.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown workload '\(unknown)'; choose from \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        if defaults {
            try PerfDefaults(threads: threads, vectorISA: kernels, minimumRuns: runs, minimumSeconds: seconds, demos: demos,
                             format: format).run()
            return
        }
        let workloads = try self.workloads()
        if let emit {
            for (bench, instance) in workloads {
                let compilation = try compile(instance.graph, options: CompileOptions(stateUpdates: instance.stateUpdates))
                print("# \(bench)")
                print(emit == .program ? compilation.program.text : compilation.graph.text)
            }
            return
        }
        if let profile {
            for (bench, instance) in workloads {
                let program = try compile(instance.graph, options: CompileOptions(stateUpdates: instance.stateUpdates)).program
                let executable = BLASExecutable(program: program, threads: threads, vectorISA: kernels)
                try executable.set(instance.feeds)
                try executable.run()
                print(PerfTable.profile(bench, program, try executable.profile(runs: Swift.max(3, runs)), top: profile))
            }
            return
        }
        let runner = PerfRunner(threads: threads, minimumRuns: runs, minimumSeconds: seconds, baseline: !noBaseline, vectorISA: kernels)
        var results: [PerfResult] = []
        print(format == .table ? PerfTable.header(threads: threads, vectorISA: kernels) : PerfTable.machineLine(vectorISA: kernels),
              terminator: format == .table ? "\n" : "")
        for (bench, instance) in workloads {
            let result = try runner.run(bench: bench, graph: instance.graph, stateUpdates: instance.stateUpdates, feeds: instance.feeds)
            results.append(result)
            if format == .jsonl { print(PerfTable.jsonLines(result), terminator: "") }
            fflush(nil)
        }
        if format == .table { print(PerfTable.render(results)) }
    }

    /// The workloads to time: the reference workloads (filtered by --bench), or each spec's
    /// forward at batch 1 and 32 and training step at batch 32. A spec workload that cannot
    /// be built (a batch too large for the spec) is reported on stderr and skipped; when
    /// nothing is left, exit status 3.
    private func workloads() throws -> [(bench: String, instance: ReferenceWorkload.Instance)] {
        if specs.isEmpty {
            return try ReferenceWorkload.allCases.filter { benches.isEmpty || benches.contains($0.rawValue) }
                .map { ($0.rawValue, try $0.instance()) }
        }
        var workloads: [(bench: String, instance: ReferenceWorkload.Instance)] = []
        var skipped: [String] = []
        for path in specs {
            for workload in PerfSpecWorkload.workloads(of: try CheckedSpec(path: path, overrides: []).spec) {
                switch workload {
                case .success(let workload): workloads.append((workload.bench, workload.instance))
                case .failure(let skip): skipped.append("\(skip.bench): not timed: \(skip.reason)")
                }
            }
        }
        FileHandle.standardError.write(Data(skipped.map { "note: \($0)\n" }.joined().utf8))
        if workloads.isEmpty { throw ExitCode(ExitStatus.runtimeFailure) }
        return workloads
    }
}

/// `--format` of `polspec perf`.
enum PerfFormat: String, ExpressibleByArgument, CaseIterable {
    case table, jsonl
}

extension VectorISA: ExpressibleByArgument {}

/// `--emit` of `polspec perf`.
enum PerfEmit: String, ExpressibleByArgument, CaseIterable {
    case program, ir
}
