import Bench
import Foundation
import SpecLang

extension ComparisonTable {
    /// The formats `polspec bench table --format` writes.
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    /// The table in `format`.
    public func rendered(_ format: Format) throws -> String {
        switch format {
        case .text: text()
        case .markdown: markdown()
        case .json: try json()
        }
    }

    /// Success in percent with its interval: `12.0 [9.4, 15.1]`.
    static func success(_ g: GroupResult) -> String {
        String(format: "%.1f [%.1f, %.1f]", 100 * g.successRate, 100 * g.wilsonLow, 100 * g.wilsonHigh)
    }

    /// The mean over seeds with its interval, `12.3 [10.1, 14.5]` (`12.3` for one seed), scaled by
    /// `scale`, the interval's ends cut to `bounds` (a success rate's t interval can pass 0 or 1).
    static func overSeeds(_ s: SeedInterval, scale: Double = 100, digits: Int = 1, bounds: ClosedRange<Double>? = 0...1) -> String {
        let f = "%.\(digits)f"
        guard let low = s.low, let high = s.high else { return String(format: f, scale * s.mean) }
        let cut = { (x: Double) in bounds.map { min(max(x, $0.lowerBound), $0.upperBound) } ?? x }
        return String(format: "\(f) [\(f), \(f)]", scale * s.mean, scale * cut(low), scale * cut(high))
    }

    /// `1:02:03` or `4:05`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func latency(_ l: ChunkLatency?) -> String {
        guard let l else { return "–" }
        return l.medianMs >= 100 ? String(format: "%.0f", l.medianMs) : l.medianMs >= 10 ? String(format: "%.1f", l.medianMs)
            : String(format: "%.2f", l.medianMs)
    }

    /// `descent_steps 7.31 · energy -0.12`.
    static func diagnostics(_ d: [String: Double]) -> String {
        d.isEmpty ? "–" : d.keys.sorted().map { String(format: "%@ %.3g", $0, d[$0]!) }.joined(separator: " · ")
    }

    /// The column titles and, per row, the cells (the same for text and Markdown).
    func cells() -> (header: [String], rows: [[String]]) {
        let chained = rows.contains { $0.averageLength != nil }
        var header = ["policy", "track", "seeds"] + groups.map { "\($0) % [95% CI]" } + ["overall % [95% CI]", "over seeds % [95% CI]"]
        if chained { header.append("avg len over seeds") }
        header += ["chunk ms", "FLOPs/call", "params", "trained: steps × batch", "demos/task", "train time", "diagnostics (mean per call)"]
        let body = rows.map { r -> [String] in
            var cells = [r.name, r.track?.track.rawValue ?? "–", "\(r.runs.count)"]
                + groups.map { g in r.groups.first { $0.name == g }.map(Self.success) ?? "–" }
                + [Self.success(r.overall), r.seeds.seeds > 1 ? Self.overSeeds(r.seeds) : "–"]
            if chained { cells.append(r.averageLength.map { Self.overSeeds($0, scale: 1, digits: 2, bounds: nil) } ?? "–") }
            cells += [Self.latency(r.latency), r.flopsPerCall.map(Quantity.count) ?? "–", r.parameters.map(Quantity.count) ?? "–",
                      r.training?.text ?? "–", r.training?.demosPerTask.map(String.init) ?? "–",
                      r.trainingWallTime.map { Self.clock($0.mean) } ?? "–", Self.diagnostics(r.diagnostics)]
            return cells
        }
        return (header, body)
    }

    /// What every row shares, one line each.
    func headerLines() -> [String] {
        let groupNames = groups.count > 1 ? " (" + groups.joined(separator: ", ") + ")" : ""
        var lines = ["\(suite) · tasks \(tasks): \(taskNames.count) task\(taskNames.count == 1 ? "" : "s")\(groupNames) · "
            + "\(episodesPerTask) episodes per task (evaluation configurations 0-\(episodesPerTask - 1), evaluation seed \(evaluationSeed)), the same for every policy"]
        if let conditions { lines.append("conditions: \(conditions.summary)") }
        if let size = imageSize { lines.append("cameras: \(size)x\(size)") }
        lines.append("success: pooled over the seeds' episodes with the 95% Wilson interval; over seeds: the mean of the seeds' overall success with the 95% Student-t interval (cut to 0-100)")
        if let machine {
            let threads = Set(rows.compactMap { $0.latency?.threads }).sorted().map(String.init).joined(separator: ", ")
            lines.append("chunk ms: median latency of one action chunk at batch 1 (the compiled policy, BLAS backend, \(threads.isEmpty ? "1" : threads) thread(s)) on \(machine.summary)")
        }
        lines.append("train time: training wall time (mean over seeds); trained: optimizer steps done × samples per step, per stage when there are several")
        return lines
    }

    /// The table for a terminal.
    public func text() -> String {
        let (header, body) = cells()
        let numeric = 2...(header.count - 5)
        return headerLines().joined(separator: "\n") + "\n\n" + TextTable.render([header] + body, rightAligned: numeric)
    }

    /// The table as Markdown (a paper's table, with the header lines as a list above it).
    public func markdown() -> String {
        let (header, body) = cells()
        var out = headerLines().map { "- " + MarkdownText.cell($0) }.joined(separator: "\n") + "\n\n"
        out += "| " + header.map(MarkdownText.cell).joined(separator: " | ") + " |\n"
        out += "|" + header.indices.map { [0, 1, header.count - 4, header.count - 1].contains($0) ? "---|" : "---:|" }.joined() + "\n"
        for row in body { out += "| " + row.map(MarkdownText.cell).joined(separator: " | ") + " |\n" }
        return out
    }
}
