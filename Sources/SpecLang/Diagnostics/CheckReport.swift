/// Output formats of `polspec check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case human, json, github
}

/// Renders the results of checking several specs in one of the ``ReportFormat``s.
public enum CheckReport {
    public static func render(_ results: [CheckResult], format: ReportFormat, verbose: Bool = false) -> String {
        switch format {
        case .human: return human(results, verbose: verbose)
        case .json: return json(results)
        case .github: return github(results)
        }
    }

    /// The one-line summary of a clean spec.
    static func summary(_ result: CheckResult, _ spec: Spec) -> String {
        let total = spec.estimate.total
        return "ok  \(result.file)  \(spec.name)  \(Quantity.count(total.parameters)) params  "
            + "\(Quantity.count(total.flops))FLOPs/call  \(Quantity.bytes(spec.estimate.peakActivationBytes)) activations"
            + (result.support.map { "  (\($0.summary))" } ?? "") + "\n"
    }

    /// The per-component table of `--verbose`: a row per component, then the total.
    static func table(_ estimate: ResourceEstimate) -> String {
        let header = ["component", "kind", "params", "FLOPs/call", "activations"]
        let rows = estimate.components.map {
            [$0.name, $0.kind, Quantity.count($0.cost.parameters), Quantity.count($0.cost.flops), Quantity.bytes($0.activationBytes)]
        } + [["total", "", Quantity.count(estimate.total.parameters), Quantity.count(estimate.total.flops),
              Quantity.bytes(estimate.peakActivationBytes)]]
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { i, cell in
                let fill = String(repeating: " ", count: widths[i] - cell.count)
                return i < 2 ? cell + fill : fill + cell
            }
            return "    " + padded.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    static func human(_ results: [CheckResult], verbose: Bool) -> String {
        var out = ""
        for result in results {
            for d in result.diagnostics { out += DiagnosticRenderer.human(d, sources: result.sources) }
            guard let spec = result.spec else { continue }
            out += summary(result, spec)
            if verbose {
                out += table(spec.estimate)
                out += "    hash \(spec.hash)\n"
            }
        }
        let errors = results.reduce(0) { $0 + $1.errorCount }, warnings = results.reduce(0) { $0 + $1.warningCount }
        let notes = results.reduce(0) { $0 + $1.noteCount }
        let failed = results.filter(\.hasErrors).count
        if errors > 0 || warnings > 0 || notes > 0 || results.count > 1 {
            out += "\(results.count) spec\(results.count == 1 ? "" : "s") checked: \(results.count - failed) ok, \(failed) with errors; "
                + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
                + (notes > 0 ? ", \(notes) note\(notes == 1 ? "" : "s")" : "") + "\n"
        }
        return out
    }

    static func json(_ results: [CheckResult]) -> String {
        let specs: [SpecValue] = results.map { result in
            var fields = [SpecField("file", .string(result.file)), SpecField("valid", .bool(!result.hasErrors))]
            if let spec = result.spec {
                let total = spec.estimate.total
                fields += [
                    SpecField("name", .string(spec.name)),
                    SpecField("hash", .string(spec.hash)),
                    SpecField("parameters", .int(total.parameters)),
                    SpecField("flops_per_call", .int(total.flops)),
                    SpecField("activation_bytes", .int(spec.estimate.peakActivationBytes)),
                ]
                if let support = result.support {
                    fields += [SpecField("builds", .bool(support.builds)), SpecField("trains", .bool(support.trains))]
                }
                fields += [
                    SpecField("components", .list(spec.estimate.components.map { c in
                        .map([SpecField("name", .string(c.name)), SpecField("kind", .string(c.kind)),
                              SpecField("parameters", .int(c.cost.parameters)), SpecField("flops_per_call", .int(c.cost.flops)),
                              SpecField("activation_bytes", .int(c.activationBytes))])
                    })),
                ]
            }
            fields.append(SpecField("diagnostics", .list(result.diagnostics.map(DiagnosticRenderer.jsonValue))))
            return .map(fields)
        }
        let document = SpecValue.map([
            SpecField("format_version", .int(1)),
            SpecField("valid", .bool(!results.contains(where: \.hasErrors))),
            SpecField("error_count", .int(results.reduce(0) { $0 + $1.errorCount })),
            SpecField("warning_count", .int(results.reduce(0) { $0 + $1.warningCount })),
            SpecField("note_count", .int(results.reduce(0) { $0 + $1.noteCount })),
            SpecField("specs", .list(specs)),
        ])
        return document.prettyJSON + "\n"
    }

    static func github(_ results: [CheckResult]) -> String {
        var out = ""
        for result in results {
            for d in result.diagnostics { out += DiagnosticRenderer.github(d) + "\n" }
            if let spec = result.spec { out += summary(result, spec) }
        }
        return out
    }
}
