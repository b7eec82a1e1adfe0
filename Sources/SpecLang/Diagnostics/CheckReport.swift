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

    static func human(_ results: [CheckResult], verbose: Bool) -> String {
        var out = ""
        for result in results {
            for d in result.diagnostics { out += DiagnosticRenderer.human(d, sources: result.sources) }
            guard let spec = result.spec else { continue }
            let total = spec.estimate.total
            out += "ok  \(result.file)  \(spec.name)  \(Quantity.count(total.parameters)) params  \(Quantity.count(total.flops))FLOPs/call\n"
            if verbose {
                let rows = spec.estimate.components.map { ($0.name, $0.kind, Quantity.count($0.cost.parameters), Quantity.count($0.cost.flops)) }
                let w0 = max(9, rows.map(\.0.count).max() ?? 0), w1 = max(4, rows.map(\.1.count).max() ?? 0)
                func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
                func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
                out += "    \(pad("component", w0))  \(pad("kind", w1))  \(lpad("params", 8))  \(lpad("FLOPs/call", 10))\n"
                for r in rows { out += "    \(pad(r.0, w0))  \(pad(r.1, w1))  \(lpad(r.2, 8))  \(lpad(r.3, 10))\n" }
                out += "    hash \(spec.hash)\n"
            }
        }
        let errors = results.reduce(0) { $0 + $1.errorCount }, warnings = results.reduce(0) { $0 + $1.warningCount }
        let failed = results.filter(\.hasErrors).count
        if errors > 0 || warnings > 0 || results.count > 1 {
            out += "\(results.count) spec\(results.count == 1 ? "" : "s") checked: \(results.count - failed) ok, \(failed) with errors; "
                + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
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
                    SpecField("components", .list(spec.estimate.components.map { c in
                        .map([SpecField("name", .string(c.name)), SpecField("kind", .string(c.kind)),
                              SpecField("parameters", .int(c.cost.parameters)), SpecField("flops_per_call", .int(c.cost.flops))])
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
            SpecField("specs", .list(specs)),
        ])
        return document.prettyJSON + "\n"
    }

    static func github(_ results: [CheckResult]) -> String {
        var out = ""
        for result in results {
            for d in result.diagnostics { out += DiagnosticRenderer.github(d) + "\n" }
            if let spec = result.spec {
                let total = spec.estimate.total
                out += "ok  \(result.file)  \(spec.name)  \(Quantity.count(total.parameters)) params  \(Quantity.count(total.flops))FLOPs/call\n"
            }
        }
        return out
    }
}
