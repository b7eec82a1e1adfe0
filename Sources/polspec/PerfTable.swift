import Backends
import Compiler
import Foundation
import Runtime

/// Formats `polspec perf` results: a Markdown table or RESULT lines.
enum PerfTable {
    /// The lines printed before timing: thread count, load averages, the processor, the BLAS
    /// library and its core, the vector kernels.
    static func header(threads: Int, vectorISA: VectorISA) -> String {
        (["polspec perf: threads \(threads), load average \(loadAverage()) (1/5/15 min), OpenBLAS single-threaded inside a \(threads)-thread pool"]
            + KernelPlatform.lines(vectorISA: vectorISA)).joined(separator: "\n")
    }

    /// The MACHINE line of `--format jsonl`: the same facts as JSON.
    static func machineLine(vectorISA: VectorISA) -> String {
        let lines = KernelPlatform.lines(vectorISA: vectorISA)
        func field(_ prefix: String) -> String {
            let value = lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? ""
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "MACHINE {\"cpu\": \(field("CPU: ")), \"blas\": \(field("BLAS: ")), \"vector_kernels\": \"\(vectorISA.rawValue)\"}\n"
    }

    /// The 1-, 5- and 15-minute load averages (`0.73 2.32 2.38`), or "unknown".
    static func loadAverage() -> String {
        let loads = MachineDescription.loadAverages()
        return loads.isEmpty ? "unknown" : loads.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }

    static func render(_ results: [PerfResult]) -> String {
        var lines = [
            "",
            "| bench | threads | fused+planned ms (p10–p90) | unfused ms | speedup | composites-only ms | no weight copies ms | kernels unfused → fused (+ invariant) | arena MiB (+ invariant) (unplanned) | matmul GF/s | raw BLAS GF/s | matmul / raw |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results {
            let o = r.optimized
            let unfused = r.unfused.map { format($0.medianMs) } ?? "–"
            let speedup = r.unfused.map { String(format: "%.2fx", $0.medianMs / o.medianMs) } ?? "–"
            let ours = Double(r.matmulFlops) / Swift.max(r.matmulSeconds, 1e-12) * 1e-9
            let raw = Double(r.matmulFlops) / Swift.max(r.rawMatmulSeconds, 1e-12) * 1e-9
            let composites = r.compositesOnly.map { format($0.medianMs) } ?? "–"
            let asStored = r.weightsAsStored.map { format($0.medianMs) } ?? "–"
            lines.append("| \(r.bench) | \(r.threads) | \(format(o.medianMs)) (\(format(o.p10Ms))–\(format(o.p90Ms))) | \(unfused) | \(speedup) "
                + "| \(composites) | \(asStored) | \(r.primitiveKernels) → \(r.report.kernelsAfterFusion)\(copies(r.report)) "
                + "| \(arena(r.report)) (\(mebibytes(r.report.unplannedBytes))) "
                + "| \(String(format: "%.1f", ours)) | \(String(format: "%.1f", raw)) | \(String(format: "%.2f", raw > 0 ? ours / raw : 0)) |")
        }
        lines.append("")
        lines.append("Matmul shapes (M×N×K, transposes, calls per run) and raw OpenBLAS GF/s:")
        for r in results {
            let shapes = r.shapes.map { "\($0.shape) \(String(format: "%.0f", $0.rawGFLOPS))" }.joined(separator: "; ")
            lines.append("  \(r.bench): \(shapes)")
        }
        lines.append("load average after: \(loadAverage())")
        return lines.joined(separator: "\n")
    }

    /// `polspec perf --defaults`: per default spec, the stage, batch, steps/s, the step's
    /// median and the share of each phase.
    static func training(_ rows: [(suite: String, spec: String, throughput: TrainingThroughput)], threads: Int) -> String {
        var lines = [
            "",
            "| suite | spec | stage, batch | threads | steps/s | step ms (p10–p90) | data assembly | forward | backward | optimizer |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for (suite, spec, t) in rows {
            let shares = t.shares
            let percent = { (share: Double) in String(format: "%.0f %%", 100 * share) }
            lines.append("| \(suite) | \(spec) | \(t.stage), \(t.batch) | \(threads) | \(String(format: "%.1f", t.stepsPerSecond)) "
                + "| \(format(t.step.medianMs)) (\(format(t.step.p10Ms))–\(format(t.step.p90Ms))) | \(percent(shares.assembly)) "
                + "| \(percent(shares.forward)) | \(percent(shares.backward)) | \(percent(shares.optimizer)) |")
        }
        lines.append("")
        lines.append("Phase programs (ms): " + rows.map { row in
            "\(row.spec): forward \(format(row.throughput.forward.medianMs)), forward+backward \(format(row.throughput.forwardBackward.medianMs)), "
                + "whole step \(format(row.throughput.wholeStep.medianMs)); data assembly \(format(row.throughput.assembly.medianMs))"
        }.joined(separator: "; "))
        lines.append("load average after: \(loadAverage())")
        return lines.joined(separator: "\n")
    }

    /// A TRAIN line of `--format jsonl` for one default spec.
    static func trainingLine(suite: String, spec: String, threads: Int, _ t: TrainingThroughput) -> String {
        let shares = t.shares
        return "TRAIN {\"suite\": \"\(suite)\", \"spec\": \"\(spec)\", \"stage\": \"\(t.stage)\", \"batch\": \(t.batch), \"threads\": \(threads), "
            + "\"steps_per_second\": \(rounded(t.stepsPerSecond)), \"step_ms\": \(rounded(t.step.medianMs)), "
            + "\"assembly_ms\": \(rounded(t.assembly.medianMs)), \"program_ms\": \(rounded(t.program.medianMs)), "
            + "\"forward_ms\": \(rounded(t.forward.medianMs)), \"forward_backward_ms\": \(rounded(t.forwardBackward.medianMs)), "
            + "\"whole_step_ms\": \(rounded(t.wholeStep.medianMs)), \"shares\": {\"assembly\": \(rounded(shares.assembly)), "
            + "\"forward\": \(rounded(shares.forward)), \"backward\": \(rounded(shares.backward)), \"optimizer\": \(rounded(shares.optimizer))}, "
            + "\"load\": \"\(loadAverage())\"}\n"
    }

    /// The slowest `top` kernels of a profile: time, share, kernel, result type, scope.
    static func profile(_ bench: String, _ program: Program, _ timings: [BLASExecutable.StepTiming], top: Int) -> String {
        let total = timings.reduce(0) { $0 + $1.seconds }
        var lines = ["# \(bench): \(timings.count) kernels, \(String(format: "%.3f", total * 1e3)) ms profiled (load \(loadAverage()))",
                     "| ms | share | call | kernel | result | GEMMs | scope |", "|---:|---:|---|---|---|---|---|"]
        for timing in timings.sorted(by: { $0.seconds > $1.seconds }).prefix(top) {
            let call = program.calls[timing.call]
            let ops = call.kernel.ops.filter { !$0.isMovementOrConstant }.map(\.name).joined(separator: "+")
            lines.append("| \(String(format: "%.3f", timing.seconds * 1e3)) | \(String(format: "%.1f%%", timing.seconds / total * 100)) "
                + "| \(call.result) | \(call.kernel.name) \(ops) | \(program.slots[call.result.index].type) "
                + "| \(timing.gemms.map(\.description).joined(separator: ", ")) | \(call.scope) |")
        }
        return lines.joined(separator: "\n")
    }

    /// One RESULT line per measured program (`impl` polspec, and polspec-unfused for the baseline).
    static func jsonLines(_ r: PerfResult) -> String {
        var text = result("polspec", r.bench, r.threads, r.optimized)
        if let unfused = r.unfused { text += result("polspec-unfused", r.bench, r.threads, unfused) }
        if let composites = r.compositesOnly { text += result("polspec-composites", r.bench, r.threads, composites) }
        if let asStored = r.weightsAsStored { text += result("polspec-no-weight-copies", r.bench, r.threads, asStored) }
        let ours = Double(r.matmulFlops) / Swift.max(r.matmulSeconds, 1e-12) * 1e-9
        let raw = Double(r.matmulFlops) / Swift.max(r.rawMatmulSeconds, 1e-12) * 1e-9
        text += "MATMUL {\"bench\": \"\(r.bench)\", \"threads\": \(r.threads), \"gflops\": \(rounded(ours)), \"raw_gflops\": \(rounded(raw)), "
            + "\"kernels_unfused\": \(r.primitiveKernels), \"kernels_fused\": \(r.report.kernelsAfterFusion), "
            + "\"kernels_invariant\": \(r.report.invariantKernels), \"arena_bytes\": \(r.report.arenaBytes), "
            + "\"invariant_bytes\": \(r.report.invariantBytes), \"unplanned_bytes\": \(r.report.unplannedBytes), \"load\": \"\(loadAverage())\"}\n"
        return text
    }

    private static func result(_ impl: String, _ bench: String, _ threads: Int, _ s: LatencyStatistics) -> String {
        "RESULT {\"impl\": \"\(impl)\", \"bench\": \"\(bench)\", \"threads\": \(threads), \"median_ms\": \(rounded(s.medianMs)), "
            + "\"p10_ms\": \(rounded(s.p10Ms)), \"p90_ms\": \(rounded(s.p90Ms)), \"runs\": \(s.runs)}\n"
    }

    /// ` + 16` when the program has invariant calls (weight copies and other products of
    /// parameters and constants, run when the weights are set).
    private static func copies(_ report: CompileReport) -> String {
        report.invariantKernels > 0 ? " + \(report.invariantKernels)" : ""
    }

    /// Planned arena MiB, the invariant results' share separately (`12.5 + 12.0`).
    private static func arena(_ report: CompileReport) -> String {
        guard report.invariantBytes > 0 else { return mebibytes(report.arenaBytes) }
        return "\(mebibytes(report.arenaBytes - report.invariantBytes)) + \(mebibytes(report.invariantBytes))"
    }

    private static func rounded(_ value: Double) -> String { String(format: "%.4f", value) }
    private static func format(_ ms: Double) -> String { String(format: ms < 10 ? "%.3f" : "%.1f", ms) }
    private static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
}

extension Op {
    /// Movement ops and constants (views and immediates inside fused kernels).
    fileprivate var isMovementOrConstant: Bool {
        switch self {
        case .reshape, .permute, .slice, .broadcast, .stopGradient, .constant: return true
        default: return false
        }
    }
}
