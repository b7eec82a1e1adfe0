import Backends
import Compiler
import Lowering
import Foundation
import SpecLang

/// The text `polspec build` prints: one row per component, the total, what the passes would
/// add, and how the lowered graph compares with the spec's check-time estimate.
struct BuildTable {
    let text: String

    init(_ lowered: LoweredForBuild, compilation: Compilation, spec: Spec, path: String) {
        let statistics = GraphStatistics(lowered.graph, components: lowered.components, program: compilation.program)
        let what = switch lowered.choice {
        case .forward: "forward graph"
        case .loss: "loss graph of stage '\(lowered.stage ?? "")'"
        case .train: "training graph (loss and gradients) of stage '\(lowered.stage ?? "")'"
        }
        var lines = ["\(spec.name): \(what), batch \(lowered.batch) (\(path))", ""]
        let header = ["component", "kind", "parameters", "FLOPs/call", "activations", "kernels", "fused", "arena"]
        let rows = (statistics.rows + [statistics.total]).map { row in
            [row.name, row.kind, Self.grouped(row.parameters), Self.grouped(row.flops), Self.bytes(row.activationBytes), Self.grouped(row.kernels),
             Self.grouped(row.fusedKernels), Self.bytes(row.arenaBytes)]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for (index, cells) in ([header] + rows).enumerated() {
            if index == rows.count { lines.append("") }
            let padded = cells.enumerated().map { column, cell in
                column < 2 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(padded.joined(separator: "  "))
        }
        lines.append("")
        let report = compilation.report
        let nodes = report.nodeCounts.map(\.nodes)
        lines.append("graph passes: \(Self.grouped(nodes.first ?? 0)) nodes -> \(Self.grouped(nodes.last ?? 0)) (folding, simplification, CSE, concat-product splitting, DCE)")
        var kernels = "kernels: \(Self.grouped(report.kernelsBeforeFusion)) one per node -> \(Self.grouped(report.kernelsAfterFusion)) after fusion"
        var arena = "arena: \(Self.bytes(report.arenaBytes)) planned"
        if report.invariantKernels > 0 {
            kernels += " (+ \(report.invariantKernels) invariant, run when the weights are set)"
            arena += ", of which \(Self.bytes(report.invariantBytes)) invariant results"
        }
        lines.append(kernels)
        lines.append(arena + " (\(Self.bytes(statistics.unplannedBytes)) with every value in its own buffer)")
        if lowered.choice == .forward { lines.append(Self.estimateLine(statistics, spec: spec, batch: lowered.batch)) }
        lines.append("")
        lines.append("runs on (infer, train, perf):")
        lines += KernelPlatform.lines().map { "  " + $0 }
        text = lines.joined(separator: "\n") + "\n"
    }

    /// How parameters and FLOPs compare with `polspec check`'s estimate (FLOPs per sample
    /// times the batch).
    static func estimateLine(_ statistics: GraphStatistics, spec: Spec, batch: Int) -> String {
        var differences: [String] = []
        for row in statistics.rows {
            guard let estimate = spec.estimate.components.first(where: { $0.name == row.name }) else { continue }
            if estimate.cost.parameters != row.parameters {
                differences.append("\(row.name) parameters \(grouped(row.parameters)) vs \(grouped(estimate.cost.parameters))")
            }
            if estimate.cost.flops * batch != row.flops {
                differences.append("\(row.name) FLOPs \(grouped(row.flops)) vs \(grouped(estimate.cost.flops * batch))")
            }
        }
        return differences.isEmpty ? "estimate (polspec check): parameters and FLOPs match"
            : "estimate (polspec check) differs: " + differences.joined(separator: "; ")
    }

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `512 B`, `4.0 KiB`, `12.3 MiB`, `1.02 GiB`.
    static func bytes(_ value: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        return amount >= 100 ? "\(Int(amount.rounded())) \(units[unit])" : "\(String(format: "%.1f", amount)) \(units[unit])"
    }
}
