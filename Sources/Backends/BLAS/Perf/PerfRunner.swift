import Compiler

/// What `polspec perf` measures for one workload at one thread count.
public struct PerfResult: Sendable {
    public var bench: String
    public var threads: Int
    /// Fusion and memory planning on.
    public var optimized: LatencyStatistics
    /// No fusion: composites lowered to primitives, one kernel per primitive, every value in
    /// its own buffer (nil when not measured).
    public var unfused: LatencyStatistics?
    /// Composites as single kernels but nothing else fused, no planning (nil when not measured).
    public var compositesOnly: LatencyStatistics?
    /// Fusion and memory planning on but every weight read as stored, without the transposed
    /// copies of weight layout planning (nil when not measured or the program keeps none).
    public var weightsAsStored: LatencyStatistics?
    /// Kernels of the primitive program.
    public var primitiveKernels: Int
    /// Compilation statistics of the optimised program.
    public var report: CompileReport
    /// Floating-point operations of the matmul kernels per run (GEMM/GEMV calls, attention excluded).
    public var matmulFlops: Int
    /// Seconds the matmul kernels (with their fused pre-fill and epilogue) take per run.
    public var matmulSeconds: Double
    /// Seconds raw OpenBLAS takes for the same products replayed in program order with their
    /// own operand buffers (`threads` OpenBLAS threads).
    public var rawMatmulSeconds: Double
    /// The distinct product shapes, with their raw GFLOP/s on warm operands (one shape repeated).
    public var shapes: [(shape: GEMMShape, rawGFLOPS: Double)]
}

/// Compiles a workload with and without fusion and planning, times both on the BLAS
/// backend, and profiles the matmul kernels against raw OpenBLAS on the same shapes.
public struct PerfRunner: Sendable {
    public var threads: Int
    public var minimumRuns: Int
    public var minimumSeconds: Double
    /// Also time the unfused, unplanned programs.
    public var baseline: Bool
    /// The instruction set of the vector kernels.
    public var vectorISA: VectorISA

    public init(threads: Int, minimumRuns: Int = 20, minimumSeconds: Double = 1, baseline: Bool = true, vectorISA: VectorISA = .best) {
        self.threads = threads
        self.minimumRuns = minimumRuns
        self.minimumSeconds = minimumSeconds
        self.baseline = baseline
        self.vectorISA = vectorISA
    }

    public func run(bench: String, graph: Graph, stateUpdates: [Program.StateUpdate], feeds: [String: HostTensor]) throws -> PerfResult {
        let compilation = try compile(graph, options: CompileOptions(stateUpdates: stateUpdates))
        let executable = BLASExecutable(program: compilation.program, threads: threads, vectorISA: vectorISA)
        try executable.set(feeds)
        let primitives = try compile(graph, options: CompileOptions(fuse: false, plan: false, lowerComposites: true, stateUpdates: stateUpdates))
        var programs = [executable]
        if baseline {
            let composites = try compile(graph, options: CompileOptions(fuse: false, plan: false, stateUpdates: stateUpdates)).program
            var baselines = [primitives.program, composites]
            if compilation.report.weightCopies > 0 {
                baselines.append(try compile(graph, options: CompileOptions(transposeWeights: false, stateUpdates: stateUpdates)).program)
            }
            for program in baselines {
                let other = BLASExecutable(program: program, threads: threads, vectorISA: vectorISA)
                try other.set(feeds)
                programs.append(other)
            }
        }
        // The configurations alternate run by run, so they share the machine's load.
        let statistics = try Stopwatch.interleaved(programs.map { program in { try program.run() } },
                                                   minimumRuns: minimumRuns, minimumSeconds: minimumSeconds)

        // Matmul kernels alone (best of ten runs), against raw OpenBLAS on the same shapes
        // (best of five batches): best-of timings are least disturbed by other processes.
        let timings = try executable.profile(runs: 10, statistic: .minimum)
        var matmulSeconds = 0.0
        var matmulFlops = 0
        var shapes: [GEMMShape] = []
        for timing in timings where isMatmul(compilation.program.calls[timing.call].kernel) {
            matmulSeconds += timing.seconds
            matmulFlops += timing.gemms.reduce(0) { $0 + $1.flops }
            shapes += timing.gemms
        }
        let rawSeconds = RawBLAS.replay(shapes, threads: threads)
        var raw: [GEMMShape: Double] = [:]
        for shape in shapes {
            var key = shape
            key.calls = 1
            key.operandB = 0
            key.kernel = "openblas"
            if raw[key] == nil { raw[key] = RawBLAS.secondsPerCall(key, threads: threads) }
        }

        return PerfResult(bench: bench, threads: threads, optimized: statistics[0], unfused: baseline ? statistics[1] : nil,
                          compositesOnly: baseline ? statistics[2] : nil, weightsAsStored: statistics.count > 3 ? statistics[3] : nil,
                          primitiveKernels: primitives.report.kernelsAfterFusion, report: compilation.report,
                          matmulFlops: matmulFlops, matmulSeconds: matmulSeconds, rawMatmulSeconds: rawSeconds,
                          shapes: raw.keys.sorted { $0.flops > $1.flops }.map { ($0, Double($0.flops) / raw[$0]! * 1e-9) })
    }

    private func isMatmul(_ kernel: Kernel) -> Bool {
        kernel.ops.contains { if case .matmul = $0 { return true } else { return false } }
    }
}
